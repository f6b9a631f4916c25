"""Export time and peak memory per format on a large synthetic knowledge base.

Run: .venv/bin/python bench/export.py [--events 100000] [--formats acled-csv geojson ...]
Builds the knowledge base once with bench/api.py's builder (the real schema, rows written with
SQL), then runs every export in its own fresh process, so each peak RSS figure is that export's
alone. Prints the machine, the dataset size, and per format: seconds, peak RSS (MiB), output size.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import cpu_model  # bench/machine.py (this folder is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FILTERED = {"type": "ASSAULT"}


def _builder():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_api", ROOT / "bench" / "api.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build


def run_one(db: Path, fmt: str, out: Path, *, filtered: bool) -> None:
    """In the child: export, then print seconds and this process's peak RSS."""
    from newsgraph.export import get_format
    from newsgraph.kb.store import open_kb
    from newsgraph.query.filters import EventFilter

    flt = EventFilter(**FILTERED) if filtered else None
    started = time.perf_counter()
    with open_kb(db, create=False) as kb, out.open("wb" if get_format(fmt).binary else "w") as stream:
        get_format(fmt).write(kb, stream, flt)
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{seconds:.1f} {peak_mib:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument(
        "--formats",
        nargs="+",
        default=["acled-csv", "plover-jsonl", "geojson", "graphml", "gexf", "stix", "jsonl"],
    )
    parser.add_argument("--child", nargs=3, metavar=("DB", "FORMAT", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--filtered", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        db, fmt, out = args.child
        run_one(Path(db), fmt, Path(out), filtered=args.filtered)
        return

    print(f"machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        started = time.perf_counter()
        sizes = _builder()(db, args.events)
        print(f"knowledge base: {sizes} (built in {time.perf_counter() - started:.1f} s)")
        print(f"{'format':<14} {'filter':<14} {'seconds':>8} {'peak RSS MiB':>13} {'output MiB':>11}")
        for fmt in args.formats:
            for filtered in (False, True):
                if filtered and fmt == "jsonl":
                    continue  # the full-record export takes no filters
                out = Path(tmp) / f"out.{fmt}"
                cmd = [sys.executable, __file__, "--child", str(db), fmt, str(out)]
                if filtered:
                    cmd.append("--filtered")
                result = subprocess.run(cmd, capture_output=True, text=True, check=False)
                if result.returncode != 0:
                    print(f"{fmt:<14} failed: {result.stderr.strip().splitlines()[-1:]}")
                    continue
                seconds, peak = result.stdout.split()
                label = "type=ASSAULT" if filtered else "none"
                size = out.stat().st_size / 2**20
                print(f"{fmt:<14} {label:<14} {seconds:>8} {peak:>13} {size:>11.1f}")


if __name__ == "__main__":
    main()
