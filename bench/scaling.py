"""Scaling: full ingest in docs/s, local engine (1, 2 processes) against Dask (1, 2, ... workers).

Run from the repository root::

    .venv/bin/python bench/scaling.py                      # local 1 2, dask 1 2, corpus x6
    .venv/bin/python bench/scaling.py --workers 1 2 4 8 --copies 20

The corpus is every article under newsgraph/data/samples (and ../shared/seeds when present), copied
``--copies`` times; each copy of a document gets a distinct closing line so that its body hash
differs and nothing is skipped as already stored (the knowledge base still sees the copies as
republished near-duplicates, as it would syndicated wire copy). Every row ingests the whole
corpus into a fresh knowledge base. The model is loaded (and, for Dask, the cluster started and
every worker's pipeline loaded) before the clock starts; cluster start-up is printed apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from machine import cpu_model, usable_cores  # bench/machine.py (this folder is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = (ROOT / "newsgraph" / "data" / "samples", ROOT.parent / "shared" / "seeds")


@dataclass(frozen=True, slots=True)
class Row:
    engine: str
    parallel: int
    docs: int
    seconds: float
    startup_s: float

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds


def write_corpus(dirs: Sequence[Path], copies: int, out: Path) -> int:
    """A JSONL file of the corpus, ``copies`` times, each copy's bodies made distinct."""
    from newsgraph.errors import InputError
    from newsgraph.ingest import read_paths

    texts = [
        item.text
        for folder in dirs
        if folder.is_dir()
        for item in read_paths([folder])
        if not isinstance(item, InputError) and item.text and item.text.strip()
    ]
    if not texts:
        raise SystemExit("no readable articles: pass --corpus DIR")
    with out.open("w", encoding="utf-8") as handle:
        for copy in range(copies):
            for index, text in enumerate(texts):
                body = f"{text.rstrip()}\n\nFiled as report {copy}-{index} by the desk."
                handle.write(
                    json.dumps({"text": body, "url": f"https://bench.example/{copy}/{index}"}) + "\n"
                )
    return len(texts) * copies


def run_local(corpus: Path, n_process: int, batch_size: int) -> Row:
    from newsgraph.ingest.run import IngestOptions, ingest_paths
    from newsgraph.kb.store import open_kb
    from newsgraph.nlp.pipeline import Pipeline

    pipeline = Pipeline()
    list(pipeline.pipe(["Warm-up: Government forces shelled the town of Kidal on Monday."]))
    with tempfile.TemporaryDirectory(prefix="ng-scale-") as tmp, open_kb(Path(tmp) / "kb.db") as kb:
        start = time.perf_counter()
        result = ingest_paths(
            [corpus],
            kb=kb,
            pipeline=pipeline,
            options=IngestOptions(n_process=n_process, batch_size=batch_size),
        )
        seconds = time.perf_counter() - start
    handled = result.new + result.duplicate + len(result.failed)
    return Row("local", n_process, handled, seconds, 0.0)


def run_dask(corpus: Path, workers: int, batch_size: int) -> Row:
    import logging

    from distributed import Client, LocalCluster

    from newsgraph.ingest.run import IngestOptions
    from newsgraph.kb.store import open_kb
    from newsgraph.scale.dask import DaskOptions, PipelinePlugin, ingest_dask

    began = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # a free port: a second cluster on the machine must not clash
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        client.register_plugin(PipelinePlugin(""), name=PipelinePlugin.name)  # loads the model everywhere
        startup = time.perf_counter() - began
        with tempfile.TemporaryDirectory(prefix="ng-scale-") as tmp, open_kb(Path(tmp) / "kb.db") as kb:
            start = time.perf_counter()
            result = ingest_dask(
                [corpus],
                kb=kb,
                options=IngestOptions(batch_size=batch_size),
                cluster=DaskOptions(workers=workers),
                client=client,
            )
            seconds = time.perf_counter() - start
    handled = result.new + result.duplicate + len(result.failed)
    return Row("dask", workers, handled, seconds, startup)


def machine() -> str:
    cpu = cpu_model()
    usable = usable_cores()
    return (
        f"{cpu}, {os.cpu_count()} logical cores ({usable} usable), {platform.system()} {platform.release()}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, action="append", help="folder of articles (repeatable)")
    parser.add_argument("--copies", type=int, default=6, help="copies of the corpus (default 6)")
    parser.add_argument(
        "--processes", type=int, nargs="*", default=[1, 2], help="local engine process counts"
    )
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2], help="Dask worker counts")
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ng-corpus-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        n = write_corpus(args.corpus or DEFAULT_CORPORA, args.copies, corpus)
        print(f"corpus: {n} documents", file=sys.stderr)
        load_before = os.getloadavg()[0]
        rows: list[Row] = []
        for n_process in args.processes:
            rows.append(run_local(corpus, n_process, args.batch_size))
            print(f"  local {n_process}: {rows[-1].docs_per_s:.2f} docs/s", file=sys.stderr)
        for workers in args.workers:
            rows.append(run_dask(corpus, workers, args.batch_size))
            print(f"  dask {workers}: {rows[-1].docs_per_s:.2f} docs/s", file=sys.stderr)
    print(f"# newsgraph scaling, {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}\n")
    print(f"- machine: {machine()}")
    print(f"- load average (1 min): {load_before:.2f} at the start, {os.getloadavg()[0]:.2f} at the end")
    print(f"- corpus: {n} documents (the sample corpus x{args.copies}, each copy made distinct)\n")
    print("| engine | processes / workers | docs | seconds | docs/s | speed-up vs 1 | cluster start-up (s) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        base = next((r for r in rows if r.engine == row.engine and r.parallel == 1), None)
        speedup = f"{row.docs_per_s / base.docs_per_s:.2f}" if base else "n/a"
        startup = f"{row.startup_s:.1f}" if row.engine == "dask" else "-"
        print(
            f"| {row.engine} | {row.parallel} | {row.docs} | {row.seconds:.1f} | {row.docs_per_s:.2f} "
            f"| {speedup} | {startup} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
