"""Ingest on a Dask cluster: extraction in the workers, one writer (this process) for the knowledge base.

``Pipeline.extract`` is pure, so each worker loads the spaCy pipeline once (a worker plugin) and
turns partitions of Articles into Extractions. The client reads the inputs lazily, keeps only a
bounded window of partitions in flight (a 10 GB WARC set is never held in memory), and merges
each partition into the knowledge base as soon as it comes back, so an interrupted run keeps
everything merged so far. A re-run skips documents whose content hash is already stored before
sending them anywhere, and so finishes what an interrupted run left.

>>> with open_kb("news.db") as kb:                                            # doctest: +SKIP
...     result = ingest_dask(["crawl/"], kb=kb, cluster=DaskOptions(workers=4))
>>> result.new, result.duplicate                                             # doctest: +SKIP
(9120, 0)

Scripts that call this with a LocalCluster need the ``if __name__ == "__main__":`` guard: worker
processes re-import the main module.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distributed.diagnostics.plugin import WorkerPlugin

from newsgraph.errors import InputError, NewsgraphError
from newsgraph.ingest import UrlList, read_paths
from newsgraph.ingest.run import IngestOptions, ResultTotals, failure_reason, has_documents, stored_id
from newsgraph.kb.store import IngestResult, KnowledgeBase
from newsgraph.model import Article, Extraction

if TYPE_CHECKING:
    from distributed import Client, Future

    from newsgraph.nlp.pipeline import Pipeline

__all__ = ["DaskOptions", "ExtractFailure", "PipelinePlugin", "extract_partition", "ingest_dask"]


@dataclass(frozen=True, slots=True)
class DaskOptions:
    """Where and how to run. ``scheduler`` (``tcp://HOST:PORT``) wins over ``workers``."""

    workers: int | None = None  # LocalCluster worker processes; default: the usable cores
    scheduler: str | None = None
    model: str = ""
    #: Articles per task: big enough that scheduling overhead (~1 ms a task) is noise next to
    #: parsing (~50 ms a document), small enough that work spreads evenly over workers.
    partition_size: int = 16
    #: Partitions submitted ahead per worker: workers never wait for the client, and memory holds
    #: at most ``workers * in_flight_per_worker * partition_size`` articles.
    in_flight_per_worker: int = 3


@dataclass(frozen=True, slots=True)
class ExtractFailure:
    """An article the worker could not analyse (InputError itself does not pickle by keyword)."""

    origin: str
    reason: str


# --- worker side -------------------------------------------------------------------------------

_WORKER_PIPELINES: dict[str, Pipeline] = {}


def worker_pipeline(model: str) -> Pipeline:
    """The process's Pipeline for ``model``, loaded on first use and kept for the worker's life."""
    if model not in _WORKER_PIPELINES:
        from newsgraph.nlp.pipeline import Pipeline

        _WORKER_PIPELINES[model] = Pipeline(model)
    return _WORKER_PIPELINES[model]


_WARM_UP = (
    "Government forces shelled rebel positions near Aleppo on Monday, killing three fighters, "
    "the Syrian Observatory for Human Rights said."
)


class PipelinePlugin(WorkerPlugin):
    """Loads the pipeline when a worker starts, so the first task does not pay for it."""

    name = "newsgraph-pipeline"

    def __init__(self, model: str = "") -> None:
        self.model = model

    def setup(self, worker: Any) -> None:
        # One short document initialises what the pipeline loads lazily (gazetteer index, date
        # parser locales): seconds that would otherwise land on the first task of each worker.
        worker_pipeline(self.model).extract(_WARM_UP, published=dt.date(2020, 1, 1))


def extract_partition(
    articles: list[Article], model: str, batch_size: int
) -> list[Extraction | ExtractFailure]:
    """Extractions of one partition, in order; an article that breaks the pipeline is a failure."""
    pipeline = worker_pipeline(model)
    try:
        return list(pipeline.pipe(articles, batch_size=batch_size))
    except Exception:  # noqa: BLE001 - one article broke the batch: redo one by one, keep the rest
        pass
    out: list[Extraction | ExtractFailure] = []
    for article in articles:
        try:
            out.append(pipeline.extract_article(article))
        except Exception as exc:  # noqa: BLE001 - reported per input
            out.append(ExtractFailure(article.origin, failure_reason(exc)))
    return out


# --- client side -------------------------------------------------------------------------------


def ingest_dask(
    paths: Sequence[str | Path | UrlList],
    *,
    kb: KnowledgeBase,
    options: IngestOptions | None = None,
    cluster: DaskOptions | None = None,
    client: Client | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> IngestResult:
    """Ingest ``paths`` with extraction on Dask workers; same result as :func:`ingest_paths`.

    Pass ``client`` to use a cluster you manage; otherwise one is started from ``cluster``
    (a LocalCluster of worker processes, or a connection to ``cluster.scheduler``) and closed
    at the end. ``on_progress(origin)`` is called once per input handled.
    """
    opts = options or IngestOptions()
    dopts = cluster or DaskOptions()
    if client is not None:
        return _run(paths, kb=kb, opts=opts, dopts=dopts, client=client, on_progress=on_progress)
    with _start_client(dopts) as own_client:
        return _run(paths, kb=kb, opts=opts, dopts=dopts, client=own_client, on_progress=on_progress)


@contextmanager
def _start_client(dopts: DaskOptions) -> Iterator[Client]:
    from distributed import Client, LocalCluster

    if dopts.scheduler:
        try:
            remote = Client(dopts.scheduler, timeout="20s", set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise NewsgraphError(
                f"cannot reach the Dask scheduler at {dopts.scheduler} ({exc}); start one with "
                "`dask scheduler` and workers with `dask worker ADDRESS`, or drop --scheduler for a local cluster"
            ) from exc
        with remote:
            yield remote
        return
    workers = dopts.workers or len(os.sched_getaffinity(0))
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,  # spaCy holds the GIL: parallelism comes from processes
            processes=True,
            dashboard_address=":0",  # a free port: a second cluster on the machine must not clash
            silence_logs=logging.ERROR,
        ) as local,
        Client(local, set_as_default=False) as own,
    ):
        yield own


def _run(
    paths: Sequence[str | Path | UrlList],
    *,
    kb: KnowledgeBase,
    opts: IngestOptions,
    dopts: DaskOptions,
    client: Client,
    on_progress: Callable[[str], None] | None,
) -> IngestResult:
    from distributed import as_completed

    client.register_plugin(PipelinePlugin(dopts.model), name=PipelinePlugin.name)
    workers = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})) or (dopts.workers or 1))
    limit = workers * max(1, dopts.in_flight_per_worker)
    total = ResultTotals()
    pending: dict[Future, list[str]] = {}
    done = as_completed(loop=client.loop)

    def merge_one() -> None:
        future = next(done)
        origins = pending.pop(future)
        total.add(_merge(future, origins, kb=kb, batch_size=opts.batch_size, on_progress=on_progress))

    for item in _partitions(paths, kb=kb, opts=opts, size=dopts.partition_size):
        if isinstance(item, IngestResult):  # read errors and already-stored documents
            total.add(item)
            if on_progress:
                for origin in [e.origin for e in item.failed] + list(item.duplicate_ids):
                    on_progress(origin)
            continue
        future = client.submit(extract_partition, item, dopts.model, opts.batch_size, pure=False)
        pending[future] = [a.origin for a in item]
        done.add(future)
        while len(pending) >= limit:
            merge_one()
    while pending:
        merge_one()
    return total.result()


def _partitions(
    paths: Sequence[str | Path | UrlList], *, kb: KnowledgeBase, opts: IngestOptions, size: int
) -> Iterator[list[Article] | IngestResult]:
    """Partitions of new articles, interleaved with what needs no worker (errors, stored bodies)."""
    partition: list[Article] = []
    # The client cleans and hashes a body only when the run may be a resumption: in a fresh
    # knowledge base that work (single-threaded, here) would be the bottleneck of a big cluster.
    resuming = has_documents(kb)
    for item in read_paths(paths, overrides=opts.overrides, max_bytes=opts.max_bytes):
        if isinstance(item, InputError):
            yield IngestResult(failed=(item,))
            continue
        known = stored_id(item, kb) if resuming else None
        if known is not None:
            yield IngestResult(duplicate=1, duplicate_ids=(known,))
            continue
        partition.append(item)
        if len(partition) >= size:
            yield partition
            partition = []
    if partition:
        yield partition


def _merge(
    future: Future,
    origins: list[str],
    *,
    kb: KnowledgeBase,
    batch_size: int,
    on_progress: Callable[[str], None] | None,
) -> IngestResult:
    try:
        results: list[Extraction | ExtractFailure] = future.result()
    except Exception as exc:  # noqa: BLE001 - a worker died or the task was lost: report its inputs
        failed = tuple(
            InputError(origin, f"the Dask task failed ({type(exc).__name__}: {exc}); re-run to retry it")
            for origin in origins
        )
        if on_progress:
            for origin in origins:
                on_progress(origin)
        return IngestResult(failed=failed)
    finally:
        future.release()
    extractions = [r for r in results if isinstance(r, Extraction)]
    failures = tuple(InputError(r.origin, r.reason) for r in results if isinstance(r, ExtractFailure))
    stored = kb.add_many(extractions, batch_size=batch_size)
    if on_progress:
        for origin in origins:
            on_progress(origin)
    return IngestResult(failed=failures) + stored
