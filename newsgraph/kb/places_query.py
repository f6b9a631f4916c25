"""Read the places of the knowledge base: each resolved point with how often it is mentioned.

The ``places`` table holds one row per point on the map; ``place_mentions`` points at it (or at
nothing, for a name no gazetteer knew). ``list_places`` counts the mentions per place, most
mentioned first, and can fold in the unresolved names so an analyst sees what was not mapped.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase


@dataclass(frozen=True, slots=True)
class PlaceCount:
    """A place and its mentions. ``lat``/``lon`` are None for an unresolved name."""

    name: str
    mentions: int
    documents: int
    lat: float | None = None
    lon: float | None = None
    precision: int | None = None
    country_code: str | None = None
    feature: str | None = None
    admin1: str | None = None
    geonames_id: int | None = None
    id: int | None = None


def list_places(
    kb: KnowledgeBase, *, include_comments: bool = False, unresolved: bool = False, limit: int | None = None
) -> list[PlaceCount]:
    """Places by mention count (then name). Comment mentions count only with ``include_comments``."""
    where = "" if include_comments else "WHERE m.in_comments = 0"
    rows = kb.conn.execute(
        "SELECT p.id, p.name, p.lat, p.lon, p.precision, p.country_code, p.feature, p.admin1, p.geonames_id,"
        " COUNT(m.id), COUNT(DISTINCT m.doc_id)"
        f" FROM places p JOIN place_mentions m ON m.place_id = p.id {where}"
        " GROUP BY p.id ORDER BY COUNT(m.id) DESC, p.name"
    ).fetchall()
    out = [
        PlaceCount(id=r[0], name=r[1], lat=r[2], lon=r[3], precision=r[4], country_code=r[5], feature=r[6],
                   admin1=r[7], geonames_id=r[8], mentions=r[9], documents=r[10])
        for r in rows
    ]  # fmt: skip
    if unresolved:
        cond = "m.place_id IS NULL" + ("" if include_comments else " AND m.in_comments = 0")
        for text, n, docs in kb.conn.execute(
            f"SELECT m.text, COUNT(*), COUNT(DISTINCT m.doc_id) FROM place_mentions m WHERE {cond}"
            " GROUP BY m.text ORDER BY COUNT(*) DESC, m.text"
        ):
            out.append(PlaceCount(name=text, mentions=n, documents=docs))
    return out[:limit] if limit is not None else out


def as_json(place: PlaceCount) -> dict[str, Any]:
    return dataclasses.asdict(place)
