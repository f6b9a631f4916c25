"""The offline basemap: land, sea, lakes, country and first-level borders and place labels, derived
from data packages that ``newsgraph[web]`` installs (:mod:`newsgraph.web.basemap_build`) the first
time a map asks, cached in the user cache folder, and drawn by both the workbench map and the HTML
brief, so neither needs map tiles or a network.

Online OpenStreetMap tiles stay an option in the workbench (an unchecked layer); when they are
switched on and reachable they cover the offline drawing, which stays underneath when they fail.
"""

from __future__ import annotations

import functools
import json
import os
import threading
from pathlib import Path
from typing import Any

from newsgraph.web import basemap_build

#: The Flask routes (relative to the UI's path prefix) that serve the two GeoJSON files.
WORLD_ROUTE = "_newsgraph/basemap/world.json"
LABELS_ROUTE = "_newsgraph/basemap/labels.json"

SEA = "#c9dcea"
LAND = "#f2efe6"
COAST = "#a9b8c4"
COUNTRY_LINE = "#8a7e72"
ADMIN1_LINE = "#b3a99e"
LABEL = "#4a4a4a"
#: First-level (province) names show from this zoom on (a few provinces fill the map).
ADMIN1_MINZOOM = 6

# Leaflet panes: the basemap sits under the tile pane (200), so tiles, when on, cover it; its labels
# above its shapes. Event layers stay in the overlay (400) and marker (600) panes above both.
BASEMAP_CSS = f"""
.leaflet-container{{background:{SEA}}}
.leaflet-basemap-pane{{z-index:150}} .leaflet-basemap-labels-pane{{z-index:190;pointer-events:none}}
.bm-label{{display:none;white-space:nowrap;pointer-events:none}}
.bm-label span{{position:absolute;transform:translate(-50%,-50%);font:11px system-ui,sans-serif;color:{LABEL};
text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff}}
.bm-label-country span{{font-size:12px;font-weight:600;letter-spacing:.04em;text-transform:uppercase;color:#5c534a}}
.ngz-ge-2 .bm-min-2,.ngz-ge-3 .bm-min-3,.ngz-ge-4 .bm-min-4,.ngz-ge-5 .bm-min-5,.ngz-ge-6 .bm-min-6{{display:block}}
"""

# Styles by feature kind; labels are text nodes (package data, but set as textContent all the
# same). One zoomend listener per map puts ngz-ge-N classes on its container for N <= zoom, so
# the CSS above shows each country's name from its minzoom on; the province names (thousands)
# are only put on the map inside the current view, so a pan moves a few dozen, not 4,000.
BASEMAP_JS = f"""
window.newsgraph = Object.assign(window.newsgraph || {{}}, {{
  basemapStyle: function (feature) {{
    var k = (feature.properties || {{}}).kind;
    if (k === 'land') return {{color: '{COAST}', weight: 0.7, fillColor: '{LAND}', fillOpacity: 1,
                               className: 'bm-land'}};
    if (k === 'lake') return {{color: '{COAST}', weight: 0.5, fillColor: '{SEA}', fillOpacity: 1,
                               className: 'bm-lake'}};
    if (k === 'country') return {{color: '{COUNTRY_LINE}', weight: 1.2, fill: false,
                                  className: 'bm-country'}};
    return {{color: '{ADMIN1_LINE}', weight: 0.8, dashArray: '3 3', fill: false, className: 'bm-admin1'}};
  }},
  _zoomClasses: function (map) {{
    var el = map.getContainer(), z = Math.round(map.getZoom());
    for (var n = 0; n <= 18; n++) {{ el.classList.toggle('ngz-ge-' + n, n <= z); }}
  }},
  _cull: function (map) {{
    // Labels come largest unit first (labels.json order); one whose box would overlap a label
    // already placed is left off, so names never print over each other.
    var ng = window.newsgraph, show = map.getZoom() >= {ADMIN1_MINZOOM}, view = map.getBounds().pad(0.2);
    var placed = [];
    (ng._admin1 || []).forEach(function (m) {{
      var on = show && view.contains(m.getLatLng());
      if (on) {{
        var c = map.latLngToContainerPoint(m.getLatLng()), w = 3.5 * m._ngName.length + 6;
        var box = [c.x - w, c.y - 9, c.x + w, c.y + 9];
        on = !placed.some(function (b) {{
          return box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3];
        }});
        if (on) placed.push(box);
      }}
      if (on && !m._map) {{ m.addTo(map); }} else if (!on && m._map) {{ m.remove(); }}
    }});
  }},
  _hook: function (map) {{
    var ng = window.newsgraph;
    ng.map = map;
    if (map._ngHooked) return;
    map._ngHooked = true;
    map.on('zoomend', function () {{ ng._zoomClasses(map); }});
    map.on('moveend', function () {{ ng._cull(map); }});
    ng._zoomClasses(map);
    ng._cull(map);
  }},
  basemapLabel: function (feature, latlng) {{
    var p = feature.properties || {{}}, ng = window.newsgraph;
    var box = document.createElement('div');
    var text = document.createElement('span');
    text.textContent = p.name || '';
    box.appendChild(text);
    var marker = L.marker(latlng, {{
      icon: L.divIcon({{html: box, className: 'bm-label bm-label-' + p.kind + ' bm-min-' + p.minzoom,
                       iconSize: null}}),
      interactive: false, keyboard: false, pane: 'basemap-labels'
    }});
    marker._ngName = p.name || '';
    if (p.kind === 'admin1') {{
      // Thousands of these: kept off the map, and put on it only inside the view from their zoom on.
      (ng._admin1 = ng._admin1 || []).push(marker);
      return L.layerGroup();
    }}
    marker.on('add', function () {{ ng._hook(this._map); }});
    return marker;
  }}
}});
"""


_FILES = ("world.json", "labels.json")


def basemap_cache_dir() -> Path:
    """Where the derived files live (NEWSGRAPH_CACHE_DIR, else the user cache folder)."""
    from newsgraph.nlp.places.index import default_cache_dir

    root = (
        Path(os.environ["NEWSGRAPH_CACHE_DIR"])
        if os.environ.get("NEWSGRAPH_CACHE_DIR")
        else default_cache_dir()
    )
    return root / f"basemap-v{basemap_build.VERSION}"


@functools.cache
def basemap_text(name: str) -> str:
    """The text of ``world.json`` or ``labels.json``: from the cache, derived on first use (the
    files are written whole, then renamed, so a crash or a second process never leaves half of
    one). An unwritable cache folder only costs deriving again in the next process."""
    if name not in _FILES:
        raise ValueError(f"no basemap file {name!r}: use world.json or labels.json")
    folder = basemap_cache_dir()
    path = folder / name
    with _DERIVING:  # the map asks for both files at once: one derivation serves both
        if name in _DERIVED:
            return _DERIVED[name]
        if path.is_file():
            return path.read_text(encoding="utf-8")
        texts = {n: json.dumps(c, separators=(",", ":")) for n, c in basemap_build.derive().items()}
        _DERIVED.update(texts)
        _write(folder, texts)
    return texts[name]


_DERIVING = threading.Lock()
#: What this process derived (the cache folder may be unwritable).
_DERIVED: dict[str, str] = {}


def _write(folder: Path, texts: dict[str, str]) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for n, text in texts.items():
            tmp = folder / f".{n}.{os.getpid()}.tmp"
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, folder / n)
    except OSError:
        pass  # an unwritable cache: derived again by the next process


@functools.cache
def basemap_data(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(basemap_text(name))
    return data


def basemap_layers(prefix: str) -> list[Any]:
    """The workbench map's offline layers and the switch for online tiles (off by default)."""
    import dash_leaflet as dl

    base = prefix.rstrip("/") + "/"
    return [
        dl.Pane(
            dl.GeoJSON(
                id="basemap",
                url=base + WORLD_ROUTE,
                style={"variable": "newsgraph.basemapStyle"},
                interactive=False,
                bubblingMouseEvents=True,
            ),
            name="basemap",
        ),
        dl.Pane(
            dl.GeoJSON(
                id="basemap-labels",
                url=base + LABELS_ROUTE,
                pointToLayer={"variable": "newsgraph.basemapLabel"},
                interactive=False,
            ),
            name="basemap-labels",
        ),
        dl.LayersControl(
            [dl.Overlay(dl.TileLayer(id="tiles"), name="OpenStreetMap tiles (online)", checked=False)],
            position="topright",
        ),
    ]
