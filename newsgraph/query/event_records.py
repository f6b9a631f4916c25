"""Event records built from the knowledge base: :func:`build_events` reads any number of events
in a fixed handful of queries (one per table, the ids passed as one JSON array), so a dossier of
400 events or a page of 100 costs six queries, not six per event. ``get_event`` is the one-id case.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from newsgraph.errors import NotFoundError
from newsgraph.query.handle import has_column
from newsgraph.query.records import EventRecord, ParticipantRef, PlaceRef, SourceRef

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase


def get_event(kb: KnowledgeBase, event_id: int) -> EventRecord:
    record = build_events(kb, [event_id]).get(event_id)
    if record is None:
        raise NotFoundError(f"no event with id {event_id}: list ids with `newsgraph events` (or /api/events)")
    return record


def build_events(kb: KnowledgeBase, ids: Iterable[int]) -> dict[int, EventRecord]:
    """The records of the events ``ids`` that exist, by id (in the order of ``ids``)."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        return {}
    arg = json.dumps(wanted)
    rows = {
        r[0]: r
        for r in kb.conn.execute(
            "SELECT id, type, mode, acled_event_type, acled_sub_event_type, place_id, date_start, date_end,"
            " time_precision, fatalities, status, in_comments, injured, confidence,"
            + (" background" if has_column(kb, "events", "background") else " 0")
            + (", statement" if has_column(kb, "events", "statement") else ", 0")
            + " FROM events WHERE id IN (SELECT value FROM json_each(?))",
            (arg,),
        )
    }
    sources = _sources(kb, arg)
    people = _participants(kb, arg)
    places = _places(kb, {r[5] for r in rows.values() if r[5] is not None})
    out: dict[int, EventRecord] = {}
    for event_id in wanted:
        row = rows.get(event_id)
        if row is None:
            continue
        refs, raw = sources.get(event_id, ((), []))
        attributions = list(dict.fromkeys(s.attributed_to for s in refs if s.attributed_to))
        out[event_id] = EventRecord(
            id=row[0],
            type=row[1],
            mode=row[2],
            acled_event_type=row[3],
            acled_sub_event_type=row[4],
            actors=tuple(people.get((event_id, "actor"), ())),
            targets=tuple(people.get((event_id, "target"), ())),
            place=None if row[5] is None else places.get(row[5]),
            date_start=row[6],
            date_end=row[7],
            time_precision=row[8],
            fatalities=row[9],
            status=row[10],
            attributed_to="; ".join(attributions) or None,
            in_comments=bool(row[11]),
            sources=refs,
            negated=bool(raw) and all(r[6] for r in raw),
            hypothetical=bool(raw) and all(r[7] for r in raw),
            injured=row[12],
            confidence=row[13],
            background=bool(row[14]),
            statement=bool(row[15]),
            fatalities_range=_toll_range(refs),
        )
    return out


def _places(kb: KnowledgeBase, place_ids: set[int]) -> dict[int, PlaceRef]:
    if not place_ids:
        return {}
    rows = kb.conn.execute(
        "SELECT COALESCE((SELECT d.name FROM place_display d WHERE d.place_id = places.id), places.name), lat, lon,"
        " country_code, admin1, precision, id, feature FROM places WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(place_ids)),),
    )
    return {r[6]: PlaceRef(*r) for r in rows}


def _sources(kb: KnowledgeBase, ids: str) -> dict[int, tuple[tuple[SourceRef, ...], list[tuple[Any, ...]]]]:
    """Each event's reports in id order, with their raw rows (negated/hypothetical at 6 and 7)."""
    rows = kb.conn.execute(
        "SELECT s.doc_id, substr(d.text, s.sentence_start + 1, s.sentence_end - s.sentence_start), s.status,"
        " s.attributed_to, s.fatalities, s.merge_reason, s.negated, s.hypothetical, s.in_comments, d.title,"
        " s.sentence_start, s.sentence_end, s.trigger_start, s.trigger_end, s.trigger_text, s.id, s.event_id"
        " FROM event_sources s JOIN documents d ON d.id = s.doc_id"
        " WHERE s.event_id IN (SELECT value FROM json_each(?)) ORDER BY s.event_id, s.id",
        (ids,),
    ).fetchall()
    evidence = _evidence(kb, ids)
    grouped: dict[int, list[tuple[Any, ...]]] = {}
    for r in rows:
        grouped.setdefault(r[16], []).append(r)
    out = {}
    for event_id, raw in grouped.items():
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
            for r in raw
        )
        out[event_id] = (refs, raw)
    return out


def _evidence(kb: KnowledgeBase, ids: str) -> dict[int, tuple[tuple[int, int, str], ...]]:
    """Each source's further evidence sentences (table ``event_evidence``, schema 17 on)."""
    if not has_column(kb, "event_evidence", "source_id"):
        return {}
    out: dict[int, list[tuple[int, int, str]]] = {}
    for sid, start, end, text in kb.conn.execute(
        "SELECT v.source_id, v.sentence_start, v.sentence_end,"
        " substr(d.text, v.sentence_start + 1, v.sentence_end - v.sentence_start)"
        " FROM event_evidence v JOIN event_sources s ON s.id = v.source_id JOIN documents d ON d.id = v.doc_id"
        " WHERE s.event_id IN (SELECT value FROM json_each(?)) ORDER BY v.source_id, v.sentence_start",
        (ids,),
    ):
        out.setdefault(sid, []).append((start, end, " ".join(text.split())))
    return {k: tuple(v) for k, v in out.items()}


def _participants(kb: KnowledgeBase, ids: str) -> dict[tuple[int, str], list[ParticipantRef]]:
    """(event, role) -> its participants in row order, each distinct record once."""
    rows = kb.conn.execute(
        "SELECT p.event_id, p.role, p.actor_id, a.name, p.text, p.description, p.rank, p.unit"
        " FROM event_participants p LEFT JOIN actors a ON a.id = p.actor_id"
        " WHERE p.event_id IN (SELECT value FROM json_each(?)) ORDER BY p.event_id, p.id",
        (ids,),
    )
    out: dict[tuple[int, str], list[ParticipantRef]] = {}
    for event_id, role, actor_id, name, text, desc, rank, unit in rows:
        ref = participant_ref(actor_id, name, text, desc, rank, unit)
        refs = out.setdefault((event_id, role), [])
        if ref not in refs:
            refs.append(ref)
    return out


def participants(kb: KnowledgeBase, event_id: int, role: str) -> tuple[ParticipantRef, ...]:
    return tuple(_participants(kb, json.dumps([event_id])).get((event_id, role), ()))


def participant_ref(
    actor_id: int | None, name: str | None, text: str, desc: str | None, rank: str | None, unit: str | None
) -> ParticipantRef:
    """A participant row as a record: the resolved actor, else the text's own description."""
    if actor_id is not None:
        return ParticipantRef(id=actor_id, name=name, rank=rank, unit=unit)
    return ParticipantRef(description=" ".join((desc or text).split()), rank=rank, unit=unit)


def _toll_range(sources: tuple[SourceRef, ...]) -> tuple[int, int] | None:
    figures = [s.fatalities for s in sources if s.fatalities is not None]
    return (min(figures), max(figures)) if figures else None
