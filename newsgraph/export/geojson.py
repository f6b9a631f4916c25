"""GeoJSON (RFC 7946): a FeatureCollection with one Feature per event.

Located events get a Point ([longitude, latitude], WGS 84, no ``crs`` member as the RFC requires);
an event with no place keeps its Feature with ``"geometry": null``, which the RFC allows, so the
file still lists everything the filters chose. ``precision`` and ``uncertainty_m`` tell a map how
far to trust the point. Written one feature at a time.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from newsgraph.export.records import ExportEvent, citation, confidence, iter_events, uncertainty_m

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase
    from newsgraph.query.filters import EventFilter


def _names(refs: Any) -> list[str]:
    return [r.name or r.description or "" for r in refs]


def feature(ev: ExportEvent) -> dict[str, Any]:
    e = ev.event
    place = ev.place
    geometry = (
        {"type": "Point", "coordinates": [round(place.lon, 6), round(place.lat, 6)]}
        if place is not None
        else None
    )
    return {
        "type": "Feature",
        "id": e.id,
        "geometry": geometry,
        "properties": {
            "type": e.type,
            "mode": e.mode,
            "acled_event_type": e.acled_event_type,
            "acled_sub_event_type": e.acled_sub_event_type,
            "date_start": e.date_start,
            "date_end": e.date_end,
            "time_precision": e.time_precision,
            "place": place.name if place else None,
            "country_code": place.country_code if place else None,
            "admin1": place.admin1 if place else None,
            "geonames_id": place.geonames_id if place else None,
            "precision": place.precision if place else None,
            "uncertainty_m": uncertainty_m(place.precision) if place else None,
            "actors": _names(e.actors),
            "targets": _names(e.targets),
            "fatalities": e.fatalities,
            "fatalities_range": list(e.fatalities_range) if e.fatalities_range else None,
            "status": e.status,
            "confidence": confidence(e.status),
            "attributed_to": e.attributed_to,
            "in_comments": e.in_comments,
            "evidence": ev.evidence,
            "sources": [citation(r) for r in ev.reports],
        },
    }


def write_geojson(kb: KnowledgeBase, out: TextIO, flt: EventFilter | None = None) -> int:
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for ev in iter_events(kb, flt):
        out.write((",\n" if n else "") + json.dumps(feature(ev), ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n
