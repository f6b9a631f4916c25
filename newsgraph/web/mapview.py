"""The workbench map's layers: clustered town-precise points and coarse-place uncertainty circles.

Town-precise events go into one clustered ``dl.GeoJSON`` layer (dash-leaflet's built-in
supercluster), drawn by :data:`MAP_JS`'s ``newsgraph.eventPoint`` as circle markers coloured by
type and sized by fatalities. Events placed only to a district, province or country are never
clustered into a pin: each stays a dashed circle as wide as the uncertainty of its place.

The point-drawing function is plain JavaScript served by the UI's own Flask server (see
``ui.create_ui``), so the CSP's ``script-src 'self'`` covers it and nothing comes from a CDN.
"""

from __future__ import annotations

import math
from typing import Any

import dash_leaflet as dl

from newsgraph.query.records import EventRecord

TYPE_COLOURS = {
    "ASSAULT": "#d62728",
    "COERCE": "#ff7f0e",
    "MOBILIZE": "#8c564b",
    "THREATEN": "#e377c2",
    "PROTEST": "#bcbd22",
    "SANCTION": "#7f7f7f",
    "ACCUSE": "#9467bd",
    "REJECT": "#c5b0d5",
    "REQUEST": "#17becf",
    "RETREAT": "#98df8a",
    "AID": "#2ca02c",
    "COOPERATE": "#1f77b4",
    "CONCEDE": "#aec7e8",
    "SUPPORT": "#ffbb78",
    "CONSULT": "#393b79",
    "AGREE": "#637939",
}
# Uncertainty radius (metres) for events located only to a district, province/region or country.
PRECISION_RADIUS_M = {2: 15_000, 3: 60_000, 4: 250_000}
#: Where the UI's Flask server serves :data:`MAP_JS` (relative to the UI's path prefix).
MAP_JS_ROUTE = "_newsgraph/map.js"
# Points closer than this many screen pixels merge into a cluster; past zoom 12 (a town's streets)
# nothing merges, so points at one town separate or spiderfy instead of staying a count.
CLUSTER_OPTIONS = {"radius": 40, "maxZoom": 12}

# Tooltip text comes from articles (place names): it is set as textContent, never as HTML.
MAP_JS = """
window.newsgraph = Object.assign(window.newsgraph || {}, {
  eventPoint: function (feature, latlng) {
    var p = feature.properties || {};
    var marker = L.circleMarker(latlng, {
      radius: p.radius, color: p.colour, fillColor: p.colour, fillOpacity: 0.7, weight: 1,
      className: p.className
    });
    var tip = document.createElement('span');
    tip.textContent = p.label || '';
    marker.bindTooltip(tip);
    return marker;
  }
});
"""


def event_label(e: EventRecord) -> str:
    where = e.place.name if e.place else "no place"
    when = e.date_start or "undated"
    return f"{e.type}{'/' + e.mode if e.mode else ''} · {where} · {when} · {e.status}"


def point_radius(fatalities: int | None) -> float:
    """Marker radius in pixels: area grows with the death toll, capped so a massacre stays legible."""
    return min(6 + 3 * math.sqrt(fatalities or 0), 30)


def _is_point(e: EventRecord) -> bool:
    return e.place is not None and (e.place.precision or 1) < 2


def map_points(events: list[EventRecord]) -> dict[str, Any]:
    """Town-precise events as a GeoJSON FeatureCollection for the clustered layer."""
    features = []
    for e in events:
        if e.place is None or not _is_point(e):
            continue
        colour = TYPE_COLOURS.get(e.type, "#555")
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [e.place.lon, e.place.lat]},
                "properties": {
                    "id": e.id,
                    "type": e.type,
                    "colour": colour,
                    "radius": point_radius(e.fatalities),
                    "fatalities": e.fatalities,
                    "label": event_label(e),
                    "className": f"ev-mark ev-point ev-{e.id}",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def map_areas(events: list[EventRecord]) -> list[Any]:
    """Events placed only to a district, province or country: dashed circles as wide as that doubt."""
    out: list[Any] = []
    for e in events:
        if e.place is None or _is_point(e):
            continue
        colour = TYPE_COLOURS.get(e.type, "#555")
        precision = e.place.precision or 1
        out.append(
            dl.Circle(
                id={"type": "ev-mark", "index": e.id},
                center=[e.place.lat, e.place.lon],
                radius=PRECISION_RADIUS_M.get(precision, 250_000),
                color=colour,
                dashArray="6 4",
                weight=2,
                fillOpacity=0.06,
                className=f"ev-mark ev-area ev-{e.id}",
                children=[dl.Tooltip(event_label(e))],
            )
        )
    return out


def points_layer() -> Any:
    """The (initially empty) clustered layer; the filter callback fills its ``data``."""
    return dl.GeoJSON(
        id="ev-points",
        data=map_points([]),
        cluster=True,
        zoomToBoundsOnClick=True,
        spiderfyOnMaxZoom=True,
        superClusterOptions=CLUSTER_OPTIONS,
        pointToLayer={"variable": "newsgraph.eventPoint"},
    )


def clicked_event(click_data: Any) -> int | None:
    """The event id of a clicked single point; None for a cluster (which zooms in instead)."""
    props = (click_data or {}).get("properties") or {}
    if props.get("cluster") or props.get("id") is None:
        return None
    try:
        return int(props["id"])
    except (TypeError, ValueError):
        return None


def map_bounds(events: list[EventRecord]) -> list[list[float]] | None:
    """[[south, west], [north, east]] around the located events, padded; None when none."""
    points = [(e.place.lat, e.place.lon) for e in events if e.place is not None]
    if not points:
        return None
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    pad = 1.0  # degrees: keeps a lone event from filling the whole map
    return [[min(lats) - pad, min(lons) - pad], [max(lats) + pad, max(lons) + pad]]
