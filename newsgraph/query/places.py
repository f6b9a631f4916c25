"""Read the places of the knowledge base: each resolved point with how often it is mentioned.

The ``places`` table holds one row per point on the map; ``place_mentions`` points at it (or at
nothing, for a name no gazetteer knew). ``list_places`` counts the mentions per place, most
mentioned first, with the events located there, and can fold in the unresolved names so an
analyst sees what was not mapped. ``newsgraph places``, ``/api/places`` and the UI ask here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsgraph.query.filters import PlaceFilter
from newsgraph.query.handle import has_column
from newsgraph.query.records import Page

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
    events: int = 0  # events located there (reader-comment events only with include_comments)


def list_places(kb: KnowledgeBase, flt: PlaceFilter | None = None) -> Page[PlaceCount]:
    """Places by mention count (then name, id), each with its events; ``flt.q`` keeps names that
    contain it (any case). Comment mentions and events count only with ``include_comments``.

    The mention counts come from ``place_counts``, which triggers on ``place_mentions`` keep
    (schema migration 12), so the top of the list does not count every mention; the events of
    the page's places are counted through the events_place_flags index (migration 25).
    """
    flt = flt or PlaceFilter()
    mentions, docs_col = (
        ("all_mentions", "all_docs") if flt.include_comments else ("body_mentions", "body_docs")
    )
    where = f" FROM place_counts c JOIN places p ON p.id = c.place_id WHERE c.{mentions} > 0"
    args: list[Any] = []
    pattern = "%" + (flt.q or "").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    if flt.q:
        # GeoNames' name or the display name (migration 20): "Tadmur" and "Palmyra" both find it
        where += (
            " AND (p.name LIKE ? ESCAPE '\\'"
            " OR p.id IN (SELECT place_id FROM place_display WHERE name LIKE ? ESCAPE '\\'))"
        )
        args += [pattern, pattern]
    total = int(kb.conn.execute("SELECT COUNT(*)" + where, args).fetchone()[0])
    sql = (
        "SELECT p.id, COALESCE((SELECT d.name FROM place_display d WHERE d.place_id = p.id), p.name), p.lat,"
        " p.lon, p.precision, p.country_code, p.feature, p.admin1, p.geonames_id,"
        f" c.{mentions}, c.{docs_col}" + where + f" ORDER BY c.{mentions} DESC, p.name, p.id"
    )
    offset = max(0, flt.offset)
    unresolved: list[PlaceCount] = []
    if flt.unresolved:  # unresolved names come after every place
        cond = "m.place_id IS NULL" + ("" if flt.include_comments else " AND m.in_comments = 0")
        if flt.q:
            cond += " AND m.text LIKE ? ESCAPE '\\'"
        unresolved = [
            PlaceCount(name=text, mentions=n, documents=docs)
            for text, n, docs in kb.conn.execute(
                f"SELECT m.text, COUNT(*), COUNT(DISTINCT m.doc_id) FROM place_mentions m WHERE {cond}"
                " GROUP BY m.text ORDER BY COUNT(*) DESC, m.text",
                [pattern] if flt.q else [],
            )
        ]
    if flt.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        args = [*args, max(0, flt.limit), offset]
    elif offset:
        sql += " LIMIT -1 OFFSET ?"
        args = [*args, offset]
    rows = kb.conn.execute(sql, args).fetchall()
    events = _event_counts(kb, [r[0] for r in rows], flt)
    out = [
        PlaceCount(id=r[0], name=r[1], lat=r[2], lon=r[3], precision=r[4], country_code=r[5], feature=r[6],
                   admin1=r[7], geonames_id=r[8], mentions=r[9], documents=r[10], events=events.get(r[0], 0))
        for r in rows
    ]  # fmt: skip
    if unresolved:
        start = max(0, offset - total)
        room = None if flt.limit is None else max(0, flt.limit - len(out))
        out += unresolved[start : None if room is None else start + room]
    return Page(total + len(unresolved), flt.limit, offset, tuple(out))


def _event_counts(kb: KnowledgeBase, place_ids: list[int], flt: PlaceFilter) -> dict[int, int]:
    if not place_ids:
        return {}
    cond = "" if flt.include_comments else " AND in_comments = 0"
    if has_column(kb, "events", "background"):
        cond += " AND background = 0"
    if has_column(kb, "events", "statement"):
        cond += " AND statement = 0"  # verbal acts are not counted as events at a place
    marks = ",".join("?" for _ in place_ids)
    rows = kb.conn.execute(
        f"SELECT place_id, COUNT(*) FROM events WHERE place_id IN ({marks}){cond} GROUP BY place_id",
        place_ids,
    )
    return {int(p): int(n) for p, n in rows}


def as_json(place: PlaceCount) -> dict[str, Any]:
    return dataclasses.asdict(place)
