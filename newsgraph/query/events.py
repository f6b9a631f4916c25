"""Events as frozen records, filtered by :class:`~newsgraph.query.filters.EventFilter`, oldest first
(undated last), with every source's sentence and offsets. The one answer to "which events": the
CLI's ``newsgraph events``, ``/api/events``, the UI, the brief and every export ask here.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from newsgraph.errors import NotFoundError
from newsgraph.query.filters import EventFilter
from newsgraph.query.handle import clamp, has_column
from newsgraph.query.match import ActorMatch, is_row_id, match_actor
from newsgraph.query.records import EventLink, EventRecord, Page, ParticipantRef, PlaceRef, SourceRef

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase


def _place(kb: KnowledgeBase, place_id: int | None) -> PlaceRef | None:
    if place_id is None:
        return None
    row = kb.conn.execute(
        "SELECT COALESCE((SELECT d.name FROM place_display d WHERE d.place_id = places.id), places.name), lat, lon, country_code, admin1, precision, id, feature FROM places"
        " WHERE id = ?",
        (place_id,),
    ).fetchone()
    return PlaceRef(*row) if row else None


def _sources(kb: KnowledgeBase, event_id: int) -> tuple[tuple[SourceRef, ...], list[tuple[Any, ...]]]:
    rows = kb.conn.execute(
        "SELECT s.doc_id, substr(d.text, s.sentence_start + 1, s.sentence_end - s.sentence_start), s.status,"
        " s.attributed_to, s.fatalities, s.merge_reason, s.negated, s.hypothetical, s.in_comments, d.title,"
        " s.sentence_start, s.sentence_end, s.trigger_start, s.trigger_end, s.trigger_text, s.id"
        " FROM event_sources s JOIN documents d ON d.id = s.doc_id WHERE s.event_id = ? ORDER BY s.id",
        (event_id,),
    ).fetchall()
    evidence = _evidence(kb, event_id)
    refs = tuple(
        SourceRef(
            document=r[0],
            sentence=" ".join(r[1].split()),
            status=r[2],
            attributed_to=r[3],
            fatalities=r[4],
            merge_reason=r[5],
            in_comments=bool(r[8]),
            title=r[9],
            sentence_start=r[10],
            sentence_end=r[11],
            trigger_start=r[12],
            trigger_end=r[13],
            trigger_text=r[14],
            evidence=evidence.get(r[15], ()),
        )
        for r in rows
    )
    return refs, rows


def _evidence(kb: KnowledgeBase, event_id: int) -> dict[int, tuple[tuple[int, int, str], ...]]:
    """Each source's further evidence sentences (table ``event_evidence``, schema 17 on)."""
    if not has_column(kb, "event_evidence", "source_id"):
        return {}
    out: dict[int, list[tuple[int, int, str]]] = {}
    for sid, start, end, text in kb.conn.execute(
        "SELECT v.source_id, v.sentence_start, v.sentence_end,"
        " substr(d.text, v.sentence_start + 1, v.sentence_end - v.sentence_start)"
        " FROM event_evidence v JOIN event_sources s ON s.id = v.source_id JOIN documents d ON d.id = v.doc_id"
        " WHERE s.event_id = ? ORDER BY v.source_id, v.sentence_start",
        (event_id,),
    ):
        out.setdefault(sid, []).append((start, end, " ".join(text.split())))
    return {k: tuple(v) for k, v in out.items()}


def participants(kb: KnowledgeBase, event_id: int, role: str) -> tuple[ParticipantRef, ...]:
    rows = kb.conn.execute(
        "SELECT p.actor_id, a.name, p.text, p.description, p.rank, p.unit FROM event_participants p"
        " LEFT JOIN actors a ON a.id = p.actor_id WHERE p.event_id = ? AND p.role = ? ORDER BY p.id",
        (event_id, role),
    ).fetchall()
    out: list[ParticipantRef] = []
    for actor_id, name, text, desc, rank, unit in rows:
        ref = participant_ref(actor_id, name, text, desc, rank, unit)
        if ref not in out:
            out.append(ref)
    return tuple(out)


def participant_ref(
    actor_id: int | None, name: str | None, text: str, desc: str | None, rank: str | None, unit: str | None
) -> ParticipantRef:
    """A participant row as a record: the resolved actor, else the text's own description."""
    if actor_id is not None:
        return ParticipantRef(id=actor_id, name=name, rank=rank, unit=unit)
    return ParticipantRef(description=" ".join((desc or text).split()), rank=rank, unit=unit)


def get_event(kb: KnowledgeBase, event_id: int) -> EventRecord:
    row = kb.conn.execute(
        "SELECT id, type, mode, acled_event_type, acled_sub_event_type, place_id, date_start, date_end,"
        " time_precision, fatalities, status, in_comments, injured, confidence,"
        + (" background" if has_column(kb, "events", "background") else " 0")
        + (", statement" if has_column(kb, "events", "statement") else ", 0")
        + " FROM events WHERE id = ?",
        (event_id,),
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no event with id {event_id}: list ids with `newsgraph events` (or /api/events)")
    sources, raw = _sources(kb, event_id)
    attributions = list(dict.fromkeys(s.attributed_to for s in sources if s.attributed_to))
    return EventRecord(
        id=row[0],
        type=row[1],
        mode=row[2],
        acled_event_type=row[3],
        acled_sub_event_type=row[4],
        actors=participants(kb, event_id, "actor"),
        targets=participants(kb, event_id, "target"),
        place=_place(kb, row[5]),
        date_start=row[6],
        date_end=row[7],
        time_precision=row[8],
        fatalities=row[9],
        status=row[10],
        attributed_to="; ".join(attributions) or None,
        in_comments=bool(row[11]),
        sources=sources,
        negated=bool(raw) and all(r[6] for r in raw),
        hypothetical=bool(raw) and all(r[7] for r in raw),
        injured=row[12],
        confidence=row[13],
        background=bool(row[14]),
        statement=bool(row[15]),
        fatalities_range=_toll_range(sources),
    )


def _toll_range(sources: tuple[SourceRef, ...]) -> tuple[int, int] | None:
    figures = [s.fatalities for s in sources if s.fatalities is not None]
    return (min(figures), max(figures)) if figures else None


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
    ids = event_ids(kb, flt)
    total = count_events(kb, flt) if flt.limit is not None or flt.offset else len(ids)
    return Page(total, flt.limit, max(0, flt.offset), tuple(get_event(kb, i) for i in ids))


def count_events(kb: KnowledgeBase, flt: EventFilter) -> int:
    """How many events ``flt`` matches (every page's ``total``)."""
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
    sql, args = _event_sql(kb, flt)
    return int(kb.conn.execute(f"SELECT COUNT(*) FROM ({sql})", args).fetchone()[0])


def event_ids(kb: KnowledgeBase, flt: EventFilter | None = None) -> list[int]:
    """The ids ``list_events`` returns (the page ``flt`` asks for), in its order: callers that
    stream (exports) build each record as they write it instead of holding them all."""
    flt = flt or EventFilter()
    sql, args = _event_sql(kb, flt)
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
        sql += (
            " AND e.id IN (SELECT id FROM events WHERE place_id IN"
            " (SELECT id FROM places WHERE lower(name) = ? OR id IN (SELECT place_id FROM place_display WHERE lower(name) = ?) OR lower(admin1) = ?)"
            " UNION SELECT s.event_id FROM place_mentions pm"
            " CROSS JOIN event_sources s INDEXED BY event_sources_place_mention ON s.place_mention_id = pm.id"
            " WHERE pm.id IN (SELECT rowid FROM place_mention_text WHERE text LIKE ?)"
            " AND lower(pm.text) LIKE ? ESCAPE '\\')"
        )
        # CROSS JOIN and INDEXED BY: from the few matching mentions to their sources. Statistics
        # gathered while most sources had no place mention made SQLite scan every source instead.
        # The trigram index (migration 11) folds case at least as widely as the exact test, so its
        # rows are a superset of the matches (a wildcard in the name only widens them); the exact
        # test, with LIKE's wildcards escaped, then keeps the mentions that contain the name.
        literal = want.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        args += [want, want, want, f"%{want}%", f"%{literal}%"]
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
