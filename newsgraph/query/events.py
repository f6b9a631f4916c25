"""Events as frozen records, filtered by :class:`~newsgraph.query.filters.EventFilter`, oldest first
(undated last), with every source's sentence and offsets. The one answer to "which events": the
CLI's ``newsgraph events``, ``/api/events``, the UI, the brief and every export ask here.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

# get_event, participants and participant_ref stay importable from here (callers and tests do).
from newsgraph.query.event_records import build_events, get_event, participant_ref, participants  # noqa: F401
from newsgraph.query.filters import EventFilter
from newsgraph.query.handle import clamp, has_column
from newsgraph.query.match import ActorMatch, is_row_id, match_actor
from newsgraph.query.place_text import mention_candidates
from newsgraph.query.records import EventLink, EventRecord, Page

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase


def _participant_rows(kb: KnowledgeBase, match: ActorMatch, roles: tuple[str, ...]) -> set[tuple[int, str]]:
    """(event id, role) of the participants in ``roles`` that are the actor, by resolved id or by
    a name/alias: two index lookups (actor_id, name_key) instead of reading every participant.
    ``name_key`` is :func:`newsgraph.kb.facts.name_key` of the text, stored by the writer."""
    found: set[tuple[int, str]] = set()
    role_marks = ",".join("?" for _ in roles)
    # INDEXED BY: ANALYZE run while name_key was still NULL (or on a KB where most participants
    # share one text) rates the index useless and SQLite scans 2M rows; an IN lookup never needs that.
    lookups = (("actor_id", "actor", sorted(match.ids)), ("name_key", "name_key", sorted(match.names)))
    for column, index, values in lookups:
        for i in range(0, len(values), _CHUNK):
            chunk = values[i : i + _CHUNK]
            found.update(
                kb.conn.execute(
                    f"SELECT event_id, role FROM event_participants INDEXED BY event_participants_{index}"
                    f" WHERE {column} IN"
                    f" ({','.join('?' for _ in chunk)}) AND role IN ({role_marks})",
                    [*chunk, *roles],
                ).fetchall()
            )
    return found


#: Values per ``IN (...)`` list, well under SQLite's bound-parameter limit.
_CHUNK = 500


def _participant_ids(kb: KnowledgeBase, match: ActorMatch, roles: tuple[str, ...]) -> set[int]:
    """Events where the actor takes part in one of ``roles``: by resolved id or by an alias."""
    return {e for e, _ in _participant_rows(kb, match, roles)}


def participant_ids_by_role(kb: KnowledgeBase, match: ActorMatch) -> tuple[set[int], set[int]]:
    """``_participant_ids`` for the roles actor and target, from the same two index lookups."""
    found: dict[str, set[int]] = {"actor": set(), "target": set()}
    for e, role in _participant_rows(kb, match, ("actor", "target")):
        found[role].add(e)
    return found["actor"], found["target"]


def list_events(kb: KnowledgeBase, flt: EventFilter | None = None) -> Page[EventRecord]:
    """Events ordered by date (undated last), filtered as ``flt`` says; ``flt.limit``/``offset``
    page them (the full list's slice, built without building the rest), with the total."""
    flt = flt or EventFilter()
    # One SELECT for the page and the total: its actor and place lookups are made once.
    sql, args = _event_sql(kb, flt)
    ids = _page_ids(kb, flt, sql, args)
    total = _count(kb, flt, sql, args) if flt.limit is not None or flt.offset else len(ids)
    built = build_events(kb, ids)
    return Page(total, flt.limit, max(0, flt.offset), tuple(built[i] for i in ids))


def count_events(kb: KnowledgeBase, flt: EventFilter) -> int:
    """How many events ``flt`` matches (every page's ``total``)."""
    return _count(kb, flt, *_event_sql(kb, flt)) if is_selective(flt) else _count(kb, flt, "", [])


def _count(kb: KnowledgeBase, flt: EventFilter, sql: str, args: list[Any]) -> int:
    """``count_events`` with the filter's SELECT already made (unused when not selective)."""
    if not is_selective(flt):
        # Unfiltered: the counts kept by triggers (migrations 22, 24), one row per flag combination.
        where = []
        if not flt.include_comments:
            where.append("in_comments = 0")
        if not flt.include_background:
            where.append("background = 0")
        if not flt.include_statements and has_column(kb, "event_totals", "statement"):
            where.append("statement = 0")
        tail = (" WHERE " + " AND ".join(where)) if where else ""
        return int(kb.conn.execute("SELECT COALESCE(SUM(n), 0) FROM event_totals" + tail).fetchone()[0])
    return int(kb.conn.execute(f"SELECT COUNT(*) FROM ({sql})", args).fetchone()[0])


def event_ids(kb: KnowledgeBase, flt: EventFilter | None = None) -> list[int]:
    """The ids ``list_events`` returns (the page ``flt`` asks for), in its order: callers that
    stream (exports) build each record as they write it instead of holding them all."""
    flt = flt or EventFilter()
    return _page_ids(kb, flt, *_event_sql(kb, flt))


def _page_ids(kb: KnowledgeBase, flt: EventFilter, sql: str, args: list[Any]) -> list[int]:
    """``event_ids`` with the filter's SELECT already made."""
    args = list(args)
    # The ORDER BY matches the events_order index expression by expression, so a page reads only
    # its rows instead of sorting every match.
    sql += " ORDER BY e.date_start IS NULL, e.date_start, e.id"
    if flt.limit is not None or flt.offset:
        sql += " LIMIT ? OFFSET ?"
        args += list(clamp(flt.limit, flt.offset))
    return [r[0] for r in kb.conn.execute(sql, args)]


def event_conditions(kb: KnowledgeBase, flt: EventFilter) -> tuple[str, list[Any]]:
    """The filter as a condition on ``events e`` (after WHERE) and its parameters, for a correlated
    test such as ``EXISTS (SELECT 1 FROM events e WHERE e.id = p.event_id AND ...)``."""
    sql, args = _event_sql(kb, flt)
    return sql.split(" WHERE ", 1)[1], args


def is_selective(flt: EventFilter) -> bool:
    """Whether the filter narrows events beyond the comment/background/statement defaults."""
    return bool(flt.actor or flt.type or flt.place or flt.since or flt.until or flt.status)


def _event_sql(kb: KnowledgeBase, flt: EventFilter) -> tuple[str, list[Any]]:
    """The SELECT of the matching event ids (unordered) and its parameters."""
    # A type filter without an actor or place (whose few ids are looked up directly) walks the
    # events_type_filter index: type, then date order, with the date, comment and status tests in
    # the index. Named, because statistics rate "date_start <= until" on events_order as cheaper
    # although it reads every event of every type up to that date.
    indexed = " INDEXED BY events_type_filter" if flt.type and not (flt.actor or flt.place) else ""
    sql = f"SELECT e.id FROM events e{indexed} WHERE EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = e.id)"
    args: list[Any] = []
    if not flt.include_comments:
        sql += " AND e.in_comments = 0"
    if not flt.include_background and has_column(kb, "events", "background"):
        sql += " AND e.background = 0"
    if not flt.include_statements and has_column(kb, "events", "statement"):
        sql += " AND e.statement = 0"
    if flt.type:
        sql += " AND upper(e.type) = ?"
        args.append(flt.type.upper())
    if flt.status:
        sql += " AND e.status = ?"
        args.append(flt.status.lower())
    if flt.since:
        sql += " AND COALESCE(e.date_end, e.date_start) >= ?"
        args.append(flt.since.isoformat())
    if flt.until:
        sql += " AND e.date_start <= ?"
        args.append(flt.until.isoformat())
    if flt.place and is_row_id(flt.place.strip()):
        sql += " AND e.place_id = ?"  # a place id, as /api/places and the UI hand it on
        args.append(int(flt.place.strip()))
    elif flt.place:
        want = flt.place.lower()
        # One id set from both sides (events at a named place; sources whose place mention says
        # it), so SQLite looks the few matches up by id instead of testing every event.
        # The mentions side is looked up now, once, from the name's rare trigrams (place_text.py),
        # and its few event ids passed on.
        literal = want.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        candidates, candidate_args = mention_candidates(kb, want)
        mentioned = [
            r[0]
            for r in kb.conn.execute(
                "SELECT s.event_id FROM place_mentions pm"
                " CROSS JOIN event_sources s INDEXED BY event_sources_place_mention ON s.place_mention_id = pm.id"
                f" WHERE pm.id IN ({candidates}) AND lower(pm.text) LIKE ? ESCAPE '\\'",
                [*candidate_args, f"%{literal}%"],
            )
        ]
        sql += (
            " AND e.id IN (SELECT id FROM events WHERE place_id IN"
            " (SELECT id FROM places WHERE lower(name) = ? OR id IN (SELECT place_id FROM place_display WHERE lower(name) = ?) OR lower(admin1) = ?)"
            " UNION SELECT value FROM json_each(?))"
        )
        # CROSS JOIN and INDEXED BY: from the few matching mentions to their sources. Statistics
        # gathered while most sources had no place mention made SQLite scan every source instead.
        # The trigram index (migration 11) folds case at least as widely as the exact test, so its
        # rows are a superset of the matches (a wildcard in the name only widens a LIKE); the exact
        # test, with LIKE's wildcards escaped, then keeps the mentions that contain the name.
        args += [want, want, want, json.dumps(sorted(set(mentioned)))]
    if flt.actor:
        # The actor's few events, by id (a JSON array: one parameter however many there are),
        # rather than reading every event in order and dropping the others in Python.
        keep = _participant_ids(kb, match_actor(kb, flt.actor), ("actor", "target"))
        sql += " AND e.id IN (SELECT value FROM json_each(?))"
        args.append(json.dumps(sorted(keep)))
    return sql, args


def event_types(kb: KnowledgeBase) -> tuple[str, ...]:
    """Every event type in the knowledge base, for pickers."""
    return tuple(r[0] for r in kb.conn.execute("SELECT DISTINCT type FROM events ORDER BY type"))


def event_links(kb: KnowledgeBase, *, limit: int | None = None) -> list[EventLink]:
    """Candidate "possible same event" links still open (their reports in two events), best first."""
    if not has_column(kb, "event_links", "score"):
        return []
    rows = kb.conn.execute(
        "SELECT b.event_id, a.event_id, l.score, l.reason, b.doc_id, a.doc_id FROM event_links l"
        " JOIN event_sources a ON a.id = l.source_id JOIN event_sources b ON b.id = l.other_source_id"
        " WHERE a.event_id != b.event_id ORDER BY l.score DESC, l.id LIMIT ?",
        (-1 if limit is None else limit,),
    ).fetchall()
    return [EventLink(*r) for r in rows]
