"""Peak memory and speed of ingesting one long text (issue #19: a 3 MB report or transcript).

The text is made here from the sample corpus's .txt articles (package data), repeated with a
counter in each paragraph so that no two paragraphs are equal, until it reaches --mb megabytes.
``newsgraph ingest`` runs in a child process on a fresh knowledge base; its peak resident memory
comes from the kernel's accounting of children (getrusage), its time from the wall clock.

    PYTHONPATH=$PWD .venv/bin/python bench/long_text.py --mb 3
"""

from __future__ import annotations

import argparse
import importlib.resources
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def long_text(target_bytes: int) -> str:
    samples = importlib.resources.files("newsgraph").joinpath("data", "samples")
    paragraphs = [
        p.strip()
        for f in sorted(samples.iterdir(), key=lambda f: f.name)
        if f.name.endswith(".txt")
        for p in f.read_text(encoding="utf-8").split("\n\n")
        if p.strip()
    ]
    out, size, n = [], 0, 0
    while size < target_bytes:
        p = f"{paragraphs[n % len(paragraphs)]} (Part {n + 1}.)"
        out.append(p)
        size += len(p.encode("utf-8")) + 2
        n += 1
    return "\n\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=3.0, help="size of the text in MB (10^6 bytes)")
    args = parser.parse_args()
    exe = Path(sys.executable).with_name("newsgraph")
    with tempfile.TemporaryDirectory(prefix="newsgraph-long-") as tmp:
        text = long_text(int(args.mb * 1_000_000))
        story = Path(tmp) / "long.txt"
        story.write_text(text, encoding="utf-8")
        env = {**os.environ, "NEWSGRAPH_DB": str(Path(tmp) / "kb.db")}
        started = time.perf_counter()
        run = subprocess.run(
            [str(exe), "ingest", str(story), "--published", "2024-01-15", "--json"],
            env=env,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kB on Linux
    print(run.stdout.strip()[-400:])
    if run.returncode != 0:
        print(run.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"ingest failed with exit status {run.returncode}")
    size = len(text.encode("utf-8"))
    print(
        f"text {size / 1e6:.2f} MB ({len(text):,} characters): ingest {wall:.1f} s wall "
        f"(model load included), {len(text) / wall / 1000:.1f} k characters/s, peak RSS {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
