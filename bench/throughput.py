"""Throughput: raw spaCy ``nlp.pipe`` against ``newsgraph.Pipeline.pipe`` on the same corpus.

Run from the repository root::

    .venv/bin/python bench/throughput.py                   # samples + ../shared/seeds, 1 and 2 processes
    .venv/bin/python bench/throughput.py --corpus DIR --repeat 10 --processes 1 2 4

The corpus is every article that ``newsgraph.ingest.read_paths`` reads from the given folders,
repeated until it holds at least ``--min-words`` words (or exactly ``--repeat`` times). Each
measured path runs in a fresh child process, so its peak memory is its own and not the
leftover of an earlier measurement; the model is loaded and warmed up before the clock starts.
With ``--rounds N`` every measurement is taken N times and the fastest round is reported (as
``timeit`` does): other load on the machine only ever slows a round down. The load average
before and after is printed so a reader can judge how quiet the machine was.

Adding a measured path means writing one function with the signature of
:func:`measure_raw_spacy` and adding it to :data:`MEASURED_PATHS`. The "full ingest" row is
extraction plus knowledge-base writes to temporary SQLite files (see :func:`measure_full_ingest`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import platform
import queue as queue_module
import resource
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from machine import cpu_model, usable_cores  # bench/machine.py (this folder is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = (ROOT / "newsgraph" / "data" / "samples", ROOT.parent / "shared" / "seeds")

#: Documents run through the model before timing starts, so lazy initialisation is not timed.
WARMUP_DOCS = 8


@dataclass(frozen=True, slots=True)
class Corpus:
    texts: tuple[str, ...]
    words: int
    sources: tuple[str, ...]
    distinct_docs: int
    repeat: int


@dataclass(frozen=True, slots=True)
class Measurement:
    path: str
    n_process: int
    docs: int
    words: int
    seconds: float
    #: Peak resident set size of the measuring process and of its largest worker, in MiB.
    peak_rss_main_mib: float
    peak_rss_worker_mib: float
    #: CPU seconds (user + system) of the measuring process and its reaped workers. On a machine
    #: shared with other work, wall time swings with the load; CPU time barely does.
    cpu_seconds: float = 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds


# --- corpus -------------------------------------------------------------------------------


def load_corpus(dirs: Sequence[Path], *, repeat: int | None, min_words: int) -> Corpus:
    """Read every article under ``dirs`` and repeat the set to reach ``min_words``."""
    from newsgraph.errors import InputError
    from newsgraph.ingest import read_paths

    texts: list[str] = []
    used: list[str] = []
    for folder in dirs:
        if not folder.is_dir():
            continue
        used.append(str(folder))
        for item in read_paths([folder]):
            if isinstance(item, InputError) or not (item.text or "").strip():
                continue
            texts.append(item.text or "")
    if not texts:
        raise SystemExit(f"no readable articles in {', '.join(map(str, dirs))}: pass --corpus DIR")
    words = sum(len(t.split()) for t in texts)
    times = repeat if repeat else max(1, -(-min_words // words))  # ceiling division
    all_texts = tuple(texts * times)
    return Corpus(
        texts=all_texts,
        words=words * times,
        sources=tuple(used),
        distinct_docs=len(texts),
        repeat=times,
    )


# --- measured paths: one function each, run in a fresh process ---------------------------


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _peak_rss_mib() -> tuple[float, float]:
    # ru_maxrss is in KiB on Linux; RUSAGE_CHILDREN reports the largest waited-for child.
    main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return main, worker


def measure_raw_spacy(texts: Sequence[str], n_process: int, batch_size: int) -> Measurement:
    """spaCy alone: the same model newsgraph loads, every component enabled."""
    from newsgraph.nlp.spacy_model import load_model

    nlp = load_model()
    for _ in nlp.pipe(texts[:WARMUP_DOCS]):
        pass
    start, cpu_start = time.perf_counter(), _cpu_seconds()
    docs = sum(1 for _ in nlp.pipe(texts, n_process=n_process, batch_size=batch_size))
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu_start
    main, worker = _peak_rss_mib()
    return Measurement("raw spaCy nlp.pipe", n_process, docs, _words(texts), seconds, main, worker, cpu)


def measure_pipeline(texts: Sequence[str], n_process: int, batch_size: int) -> Measurement:
    """newsgraph's Pipeline.pipe: cleaning, spaCy and every extraction component."""
    from newsgraph.nlp.pipeline import Pipeline

    pipeline = Pipeline()
    for _ in pipeline.pipe(texts[:WARMUP_DOCS]):
        pass
    start, cpu_start = time.perf_counter(), _cpu_seconds()
    docs = sum(1 for _ in pipeline.pipe(texts, n_process=n_process, batch_size=batch_size))
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu_start
    main, worker = _peak_rss_mib()
    return Measurement("newsgraph Pipeline.pipe", n_process, docs, _words(texts), seconds, main, worker, cpu)


def measure_full_ingest(texts: Sequence[str], n_process: int, batch_size: int) -> Measurement:
    """What ``newsgraph ingest`` does after reading: Pipeline.pipe plus knowledge-base writes.

    The corpus repeats its documents, and a knowledge base stores a body once; so that every
    repetition is really written (not skipped as a duplicate), copy ``r`` of the corpus goes to its
    own temporary SQLite file. Writes happen in this process, in ``batch_size`` transactions, as
    ``ingest`` does; creating the files is not timed.
    """
    import tempfile

    from newsgraph.kb.store import open_kb
    from newsgraph.model import Article
    from newsgraph.nlp.pipeline import Pipeline

    pipeline = Pipeline()
    for _ in pipeline.pipe(texts[:WARMUP_DOCS]):
        pass
    distinct = len(dict.fromkeys(texts))
    copies = -(-len(texts) // distinct)
    with tempfile.TemporaryDirectory(prefix="ng-bench-") as tmp:
        kbs = [open_kb(Path(tmp) / f"copy{r}.db") for r in range(copies)]
        articles = [Article(origin=f"doc{i % distinct}.txt", text=t) for i, t in enumerate(texts)]
        pending: list[list[object]] = [[] for _ in kbs]
        start, cpu_start = time.perf_counter(), _cpu_seconds()
        docs = 0
        for i, ex in enumerate(pipeline.pipe(articles, n_process=n_process, batch_size=batch_size)):
            copy = i // distinct
            pending[copy].append(ex)
            if len(pending[copy]) >= batch_size:
                kbs[copy].add_many(pending[copy], batch_size=batch_size)  # type: ignore[arg-type]
                pending[copy] = []
            docs += 1
        for kb, rest in zip(kbs, pending, strict=True):
            if rest:
                kb.add_many(rest, batch_size=batch_size)  # type: ignore[arg-type]
        seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu_start
        for kb in kbs:
            kb.close()
    main, worker = _peak_rss_mib()
    return Measurement(
        "full ingest (extract + KB writes)", n_process, docs, _words(texts), seconds, main, worker, cpu
    )


MeasureFn = Callable[[Sequence[str], int, int], Measurement]

#: The rows of the report, in order; the first one is the baseline the ratio is taken to.
MEASURED_PATHS: tuple[MeasureFn, ...] = (measure_raw_spacy, measure_pipeline, measure_full_ingest)


def _words(texts: Sequence[str]) -> int:
    return sum(len(t.split()) for t in texts)


def _run_child(fn: MeasureFn, texts: Sequence[str], n_process: int, batch_size: int, queue: object) -> None:
    queue.put(fn(texts, n_process, batch_size))  # type: ignore[attr-defined]


def run_isolated(fn: MeasureFn, texts: Sequence[str], n_process: int, batch_size: int) -> Measurement:
    """Run one measurement in a fresh process (fork: the corpus is inherited, not pickled)."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_run_child, args=(fn, texts, n_process, batch_size, queue))
    child.start()
    # Poll rather than block: a child that dies (an import error, the OOM killer) never puts
    # a result, and a plain get() would wait for ever.
    while True:
        try:
            result: Measurement = queue.get(timeout=1.0)
            break
        except queue_module.Empty:
            if not child.is_alive():
                raise SystemExit(
                    f"{fn.__name__} with {n_process} process(es) failed (exit code {child.exitcode}); "
                    "its traceback is printed above"
                ) from None
    child.join()
    return result


# --- machine and report ---------------------------------------------------------------------


def machine_info() -> dict[str, str]:
    import spacy

    from newsgraph.nlp.spacy_model import load_model

    cpu = cpu_model()
    usable = usable_cores()
    meta = load_model().meta
    return {
        "cpu": cpu,
        "cores": f"{os.cpu_count()} logical, {usable} usable by this process",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "model": f"{meta.get('lang', '?')}_{meta.get('name', '?')} {meta.get('version', '?')}",
        "load average (1 min) at the end": _load_average(),
    }


def _load_average() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


def format_report(corpus: Corpus, machine: dict[str, str], rows: Sequence[Measurement]) -> str:
    lines = [f"# newsgraph throughput, {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}", ""]
    lines += [f"- {key}: {value}" for key, value in machine.items()]
    lines += [
        f"- corpus: {corpus.distinct_docs} distinct documents from {', '.join(corpus.sources)}, "
        f"x{corpus.repeat} = {len(corpus.texts)} documents, {corpus.words:,} words",
        "",
        "| path | processes | docs | words | seconds | words/s | docs/s | ratio to raw spaCy "
        "| CPU s | ratio by CPU time | peak RSS main (MiB) | peak RSS worker (MiB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    baseline = {r.n_process: r for r in rows if r.path == rows[0].path}
    for r in rows:
        base = baseline.get(r.n_process)
        ratio = f"{r.words_per_s / base.words_per_s:.2f}" if base else "n/a"
        cpu_ratio = f"{base.cpu_seconds / r.cpu_seconds:.2f}" if base and r.cpu_seconds > 0 else "n/a"
        worker = f"{r.peak_rss_worker_mib:.0f}" if r.n_process > 1 else "-"
        lines.append(
            f"| {r.path} | {r.n_process} | {r.docs} | {r.words:,} | {r.seconds:.1f} | "
            f"{r.words_per_s:,.0f} | {r.docs_per_s:.1f} | {ratio} | {r.cpu_seconds:.1f} | {cpu_ratio} | "
            f"{r.peak_rss_main_mib:.0f} | {worker} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--corpus",
        type=Path,
        action="append",
        help="folder of articles (repeatable); default: newsgraph/data/samples and ../shared/seeds when present",
    )
    parser.add_argument(
        "--repeat", type=int, help="repeat the corpus exactly N times (default: to --min-words)"
    )
    parser.add_argument("--min-words", type=int, default=50_000, help="repeat the corpus to at least this")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2], help="process counts to measure")
    parser.add_argument("--batch-size", type=int, default=32, help="batch size for both paths")
    parser.add_argument("--rounds", type=int, default=1, help="measure each row N times, report the fastest")
    args = parser.parse_args(argv)
    if min(args.processes) < 1 or args.rounds < 1 or (args.repeat is not None and args.repeat < 1):
        parser.error("--processes, --repeat and --rounds take positive integers")

    corpus = load_corpus(args.corpus or DEFAULT_CORPORA, repeat=args.repeat, min_words=args.min_words)
    print(f"corpus: {len(corpus.texts)} documents, {corpus.words:,} words", file=sys.stderr)
    load_before = _load_average()
    best: dict[tuple[int, int], Measurement] = {}
    # Rounds are the outer loop so that a burst of outside load hits one round of every row,
    # not every round of one row.
    for round_no in range(1, args.rounds + 1):
        for n_process in args.processes:
            for index, fn in enumerate(MEASURED_PATHS):
                row = run_isolated(fn, corpus.texts, n_process, args.batch_size)
                print(
                    f"  round {round_no}: {row.path}, {n_process} process(es): {row.words_per_s:,.0f} words/s",
                    file=sys.stderr,
                )
                key = (n_process, index)
                if key not in best or row.seconds < best[key].seconds:
                    best[key] = row
    rows = [best[key] for key in sorted(best)]
    machine = {"load average (1 min) at the start": load_before, **machine_info()}
    if args.rounds > 1:
        machine["rounds"] = f"{args.rounds}, fastest reported"
    print(format_report(corpus, machine, rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
