"""PLOVER JSONL: one PLOVER event record a line, with our status and attribution added.

Field names follow the PLOVER manual (id, date, enddate, actor, recipient, event, mode, context,
event_loc, event_text, quad_code, dead, injured, cite_info); ``status`` and ``attribution`` are
ours, since PLOVER itself has no notion of how sure a report is.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from newsgraph.export.records import ActorInfo, ExportEvent, citation, confidence, iter_events

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase
    from newsgraph.query.filters import EventFilter
    from newsgraph.query.records import ParticipantRef

#: PLOVER type -> quad code (1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
#: 4 material conflict), following the CAMEO root codes each type gathers (CAMEO2PLOVER):
#: appeals and consultations are verbal cooperation, yielding and aid material cooperation,
#: demands/accusations/threats verbal conflict, force and coercion material conflict.
QUAD_CODES = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "REQUEST": 1,
    "CONCEDE": 2, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip

#: Place feature / precision -> PLOVER's location resolution.
_RESOLUTION_BY_PRECISION = {1: "city", 2: "adm2", 3: "adm1", 4: "country"}

#: ACLED's types that say the setting is armed conflict (PLOVER context "military").
_MILITARY_TYPES = {"Battles", "Explosions/Remote violence"}


def _party(refs: tuple[ParticipantRef, ...], infos: tuple[ActorInfo | None, ...]) -> dict[str, Any]:
    names = [r.name or r.description or "" for r in refs]
    first = infos[0] if infos else None
    return {
        "name": "; ".join(dict.fromkeys(n for n in names if n)),
        "sector": first.sector if first else None,
        "country": first.country if first else None,
        "ids": [i.id for i in infos if i is not None],
    }


def plover_record(ev: ExportEvent) -> dict[str, Any]:
    e = ev.event
    actor = _party(e.actors, ev.actors)
    recipient = _party(e.targets, ev.targets)
    context = ["military"] if e.acled_event_type in _MILITARY_TYPES else []
    if e.acled_event_type == "Violence against civilians":
        context.append("human_rights")
    place = ev.place
    first = ev.reports[0].document if ev.reports else None
    return {
        "id": f"newsgraph-{e.id}",
        "date": e.date_start,
        "enddate": e.date_end if e.date_end != e.date_start else None,
        "date_precision": e.time_precision,
        "actor": actor["name"],
        "actor_sector": actor["sector"],
        "actor_country": actor["country"],
        "recipient": recipient["name"],
        "recipient_sector": recipient["sector"],
        "recipient_country": recipient["country"],
        "event": e.type,
        "mode": e.mode or "",
        "context": context,
        "event_loc": {
            "name": place.name if place else None,
            "geonameid": place.geonames_id if place else None,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "country": place.country_code if place else None,
            "admin1": place.admin1 if place else None,
            "resolution": _RESOLUTION_BY_PRECISION.get(place.precision or 4) if place else None,
        },
        "event_text": ev.evidence,
        "quad_code": QUAD_CODES.get(e.type),
        "dead": e.fatalities,
        "dead_range": list(e.fatalities_range) if e.fatalities_range else None,  # lowest, highest source
        "injured": ev.injured,
        "cite_info": {
            "url": first.url if first else None,
            "title": first.title if first else None,
            "publication": first.publication if first else None,
            "published": first.published if first else None,
            "sources": [{**citation(r), "attributed_to": r.attributed_to} for r in ev.reports],
        },
        "status": e.status,
        "attribution": e.attributed_to,
        "confidence": confidence(e.status),
        "in_comments": e.in_comments,
    }


def write_plover_jsonl(kb: KnowledgeBase, out: TextIO, flt: EventFilter | None = None) -> int:
    n = 0
    for ev in iter_events(kb, flt):
        out.write(json.dumps(plover_record(ev), ensure_ascii=False) + "\n")
        n += 1
    return n
