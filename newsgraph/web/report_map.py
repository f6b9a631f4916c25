"""The brief's map: one inline SVG of the offline basemap (the workbench's data, ``basemap``) around
the brief's events, so the HTML file shows land, borders and names with no tiles and no network.

Plate carrée with the longitude scaled by the cosine of the middle latitude: at the scale of a
brief (a country, a region) shapes look right and no projection library is needed.
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from newsgraph.query.records import EventRecord
from newsgraph.web.basemap import ADMIN1_LINE, COAST, COUNTRY_LINE, LABEL, LAND, SEA, basemap_data
from newsgraph.web.mapview import PRECISION_RADIUS_M, TYPE_COLOURS, event_label, point_radius

# The view never gets narrower than this (degrees of latitude): one event alone still shows its
# country and neighbours.
MIN_SPAN_DEG = 6.0
PAD_DEG = 1.5


@dataclass(frozen=True, slots=True)
class View:
    """A latitude/longitude window drawn on a ``width`` x ``height`` pixel canvas."""

    west: float
    south: float
    east: float
    north: float
    width: int
    height: int

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            (lon - self.west) / (self.east - self.west) * self.width,
            (self.north - lat) / (self.north - self.south) * self.height,
        )

    def meets(self, box: tuple[float, float, float, float]) -> bool:
        w, s, e, n = box
        return w <= self.east and e >= self.west and s <= self.north and n >= self.south


def view_for(points: Sequence[tuple[float, float]], *, width: int = 900, height: int = 480) -> View:
    """The window around (lon, lat) ``points``, padded, widened to the canvas's proportions."""
    if not points:
        points = [(30.0, 30.0)]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    south, north = min(lats) - PAD_DEG, max(lats) + PAD_DEG
    west, east = min(lons) - PAD_DEG, max(lons) + PAD_DEG
    mid = (south + north) / 2
    squash = max(math.cos(math.radians(mid)), 0.2)  # a degree of longitude is this much of one of latitude
    lat_span = max(north - south, MIN_SPAN_DEG, (east - west) * squash * height / width)
    lon_span = lat_span * width / height / squash
    cx, cy = (west + east) / 2, (south + north) / 2
    return View(cx - lon_span / 2, cy - lat_span / 2, cx + lon_span / 2, cy + lat_span / 2, width, height)


def _bbox(coords: Iterable[Sequence[float]]) -> tuple[float, float, float, float]:
    xs, ys = zip(*((c[0], c[1]) for c in coords), strict=True)
    return min(xs), min(ys), max(xs), max(ys)


@functools.cache
def _shapes() -> tuple[tuple[str, tuple[float, float, float, float], tuple[tuple[float, float], ...]], ...]:
    """Every ring and border line of world.json with its bounding box: (kind, box, points)."""
    out = []
    for feature in basemap_data("world.json")["features"]:
        kind, geom = feature["properties"]["kind"], feature["geometry"]
        parts = geom["coordinates"] if geom["type"] == "MultiLineString" else geom["coordinates"][:1]
        for part in parts:
            pts = tuple((float(x), float(y)) for x, y in part)
            out.append((kind, _bbox(pts), pts))
    return tuple(out)


def _path(view: View, pts: Sequence[tuple[float, float]], *, closed: bool) -> str:
    cells, last = [], None
    for lon, lat in pts:
        x, y = view.xy(lon, lat)
        cell = f"{x:.1f},{y:.1f}"
        if cell != last:  # points that fall on the same tenth of a pixel add nothing
            cells.append(cell)
            last = cell
    return "M" + " ".join(cells) + ("Z" if closed else "")


def _labels(view: View) -> list[str]:
    """Country names, and province names on a regional view, never printed over each other."""
    span = view.north - view.south
    country_zoom = 2 if span > 60 else 3 if span > 30 else 4 if span > 12 else 5
    placed: list[tuple[float, float, float, float]] = []
    out = []
    for feature in basemap_data("labels.json")["features"]:  # largest first
        p = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
        if not view.meets((lon, lat, lon, lat)):
            continue
        country = p["kind"] == "country"
        if (country and p["minzoom"] > country_zoom) or (not country and span > 14):
            continue
        x, y = view.xy(lon, lat)
        half = (4.2 if country else 3.4) * len(p["name"]) + 4
        box = (x - half, y - 8, x + half, y + 8)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
            continue
        placed.append(box)
        style = "font-weight:600;font-size:12px;letter-spacing:.05em" if country else "font-size:10px"
        text = html.escape(p["name"].upper() if country else p["name"])
        out.append(
            f"<text class='bm-label bm-label-{p['kind']}' x='{x:.1f}' y='{y:.1f}' style='{style}'>{text}</text>"
        )
    return out


def _event_marks(view: View, events: Sequence[EventRecord]) -> list[str]:
    px_per_m = view.height / ((view.north - view.south) * 111_320)
    out = []
    for e in events:
        if e.place is None:
            continue
        x, y = view.xy(e.place.lon, e.place.lat)
        colour = TYPE_COLOURS.get(e.type, "#555")
        title = f"<title>{html.escape(event_label(e))}</title>"
        precision = e.place.precision or 1
        if precision < 2:
            r = point_radius(e.fatalities) * 0.7
            out.append(
                f"<circle class='ev-mark ev-point' cx='{x:.1f}' cy='{y:.1f}' r='{r:.1f}' fill='{colour}'"
                f" fill-opacity='0.75' stroke='#fff' stroke-width='1'>{title}</circle>"
            )
        else:
            r = max(PRECISION_RADIUS_M.get(precision, 250_000) * px_per_m, 6)
            out.append(
                f"<circle class='ev-mark ev-area' cx='{x:.1f}' cy='{y:.1f}' r='{r:.1f}' fill='{colour}'"
                f" fill-opacity='0.08' stroke='{colour}' stroke-dasharray='6 4' stroke-width='1.5'>{title}</circle>"
            )
    return out


def svg_map(events: Sequence[EventRecord], *, width: int = 900, height: int = 480) -> str:
    """The events on the offline basemap as one ``<svg>`` element (all text escaped)."""
    located = [(e.place.lon, e.place.lat) for e in events if e.place is not None]
    view = view_for(located, width=width, height=height)
    land: list[str] = []
    lines: list[str] = []
    style = {
        "land": f"fill='{LAND}' stroke='{COAST}' stroke-width='0.6'",
        "lake": f"fill='{SEA}' stroke='{COAST}' stroke-width='0.4'",
        "country": f"fill='none' stroke='{COUNTRY_LINE}' stroke-width='1.1'",
        "admin1": f"fill='none' stroke='{ADMIN1_LINE}' stroke-width='0.7' stroke-dasharray='3 3'",
    }
    for kind, box, pts in _shapes():
        if not view.meets(box):
            continue
        closed = kind in ("land", "lake")
        element = f"<path class='bm-{kind}' d='{_path(view, pts, closed=closed)}' {style[kind]}/>"
        (land if closed else lines).append(element)
    legend = "rings: located only to a district, province or country"
    parts: list[Any] = [
        f"<svg xmlns='http://www.w3.org/2000/svg' id='brief-map' viewBox='0 0 {width} {height}'"
        f" width='{width}' height='{height}' role='img' aria-label='map of the events'>",
        f"<rect class='bm-sea' width='{width}' height='{height}' fill='{SEA}'/>",
        *land,
        *lines,
        f"<g fill='{LABEL}' text-anchor='middle' dominant-baseline='middle' font-family='system-ui,sans-serif'"
        " stroke='#fff' stroke-width='2.5' paint-order='stroke'>",
        *_labels(view),
        "</g>",
        *_event_marks(view, events),
        f"<text x='8' y='{height - 8}' font-size='11' fill='#555' font-family='system-ui,sans-serif'>{legend}</text>",
        "</svg>",
    ]
    return "".join(parts)
