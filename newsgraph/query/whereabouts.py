"""Where and when an actor was reported to be: the one rule (``puts_there``) that ``newsgraph
whereabouts``, ``/api/whereabouts``, the dossiers and the STIX sightings share.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from newsgraph.query.event_records import build_events
from newsgraph.query.events import participant_ids_by_role
from newsgraph.query.filters import WhereaboutsFilter
from newsgraph.query.match import match_actor
from newsgraph.query.records import EventRecord, EventRef, Page, Whereabout, paged

if TYPE_CHECKING:
    from collections.abc import Mapping

    from newsgraph.kb.store import KnowledgeBase

#: Event kinds that put their actor somewhere: (type, mode or None for any mode).
_PRESENCE_AS_ACTOR = {("CONSULT", None), ("MOBILIZE", None)}
#: Meetings also place whoever was met.
_PRESENCE_AS_TARGET = {("CONSULT", "meet"), ("CONSULT", "visit")}


def puts_there(event_type: str, mode: str | None, role: str) -> bool:
    """Whether an event of this type and mode says its participant in ``role`` ("actor" or
    "target") was at the event's place. The one definition of whereabouts: ``whereabouts`` and
    the STIX sightings both ask here."""
    kinds = _PRESENCE_AS_ACTOR if role == "actor" else _PRESENCE_AS_TARGET if role == "target" else set()
    return any(event_type == t and (m is None or mode == m) for t, m in kinds)


def counts_as_whereabouts(ev: EventRecord) -> bool:
    """Whether the event as a whole can place anyone: it has a place and is a straight report
    (not only in reader comments, not negated, not hypothetical)."""
    return ev.place is not None and not (ev.in_comments or ev.negated or ev.hypothetical)


def whereabouts(
    kb: KnowledgeBase, flt: WhereaboutsFilter, *, built: Mapping[int, EventRecord] | None = None
) -> Page[Whereabout]:
    """Where and when ``flt.actor`` (an id, name or alias) was reported to be, ordered in time
    (undated last); ``role`` says whether it was there as the actor or as the one met.
    ``built``: event records the caller already has (a dossier lists the same events), reused
    instead of read again."""
    match = match_actor(kb, flt.actor)
    as_actor, as_target = participant_ids_by_role(kb, match)
    # Only events of a kind that can place anyone, with a place and not only in reader comments,
    # are built (the tests below decide exactly); the rest of a busy actor's events are not read.
    kinds = sorted({t for t, _ in _PRESENCE_AS_ACTOR | _PRESENCE_AS_TARGET})
    candidates = sorted(as_actor | as_target)
    placed = {
        r[0]
        for r in kb.conn.execute(
            f"SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?)) AND type IN ({','.join('?' for _ in kinds)})"
            " AND place_id IS NOT NULL AND in_comments = 0",
            [json.dumps(candidates), *kinds],
        )
    }
    ids = [i for i in candidates if i in placed]
    records = dict(built or {})
    records |= build_events(kb, [i for i in ids if i not in records])
    out = []
    for event_id in ids:
        ev = records[event_id]
        if not counts_as_whereabouts(ev) or ev.place is None:
            continue
        role = "actor" if event_id in as_actor else "target"
        if not puts_there(ev.type, ev.mode, role):
            continue
        out.append(
            Whereabout(
                place=ev.place,
                date_start=ev.date_start,
                date_end=ev.date_end,
                time_precision=ev.time_precision,
                status=ev.status,
                event=EventRef(ev.id, ev.type, ev.mode),
                sources=ev.sources,
                role=role,
            )
        )
    out.sort(key=lambda w: (w.date_start is None, w.date_start or "", w.event.id))
    return paged(out, flt.limit, flt.offset)
