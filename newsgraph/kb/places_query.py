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
    """Places by mention count (then name). Comment mentions count only with ``include_comments``.

    The counts come from ``place_counts``, which triggers on ``place_mentions`` keep (schema
    migration 12), so the top of the list does not count every mention.
    """
    mentions, docs_col = ("all_mentions", "all_docs") if include_comments else ("body_mentions", "body_docs")
    sql = (
        "SELECT p.id, p.name, p.lat, p.lon, p.precision, p.country_code, p.feature, p.admin1, p.geonames_id,"
        f" c.{mentions}, c.{docs_col} FROM place_counts c JOIN places p ON p.id = c.place_id"
        f" WHERE c.{mentions} > 0 ORDER BY c.{mentions} DESC, p.name, p.id"
    )
    args: list[int] = []
    if limit is not None and limit >= 0 and not unresolved:  # unresolved names come after every place
        sql += " LIMIT ?"
        args.append(limit)
    rows = kb.conn.execute(sql, args).fetchall()
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
