"""newsgraph ingest."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from newsgraph.kb.store import IngestResult, KnowledgeBase
    from newsgraph.nlp.pipeline import Pipeline

from newsgraph.cli.common import (
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    DbOption,
    app,
    cached_pipeline,
    current_settings,
    err_console,
    handle_errors,
    out_console,
    parse_date,
    print_json,
    resolve_db_path,
)

# --- ingest ------------------------------------------------------------------------------------


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH...",
            help="Files or directories (.txt .html .htm .jsonl .warc .warc.gz .rss .atom .xml), or http(s) URLs.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published", help="Publication date YYYY-MM-DD for every input (wins over file metadata)."
        ),
    ] = None,
    source: Annotated[str | None, typer.Option("--source", help="Outlet name for every input.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title for every input.")] = None,
    processes: Annotated[
        int | None, typer.Option("--processes", "-p", min=1, help="Worker processes.")
    ] = None,
    engine: Annotated[
        str, typer.Option("--engine", help="local (this machine, --processes) or dask (a Dask cluster).")
    ] = "local",
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Dask LocalCluster worker processes (default: cores)."),
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Address of a running Dask scheduler, tcp://HOST:PORT.")
    ] = None,
    url: Annotated[
        list[str] | None, typer.Option("--url", help="A page or feed URL to fetch (repeatable).")
    ] = None,
    url_list: Annotated[
        Path | None, typer.Option("--url-list", help="A text file of URLs, one per line, to fetch.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    wait: Annotated[
        float,
        typer.Option(
            "--wait",
            min=0,
            help="Seconds to wait for another ingest into the same --db to finish (default: fail).",
        ),
    ] = 0.0,
) -> None:
    """Read articles, extract what they say, and store it in the knowledge base."""
    from newsgraph.ingest import MetadataOverrides, UrlList
    from newsgraph.ingest.run import IngestOptions
    from newsgraph.kb.lock import ingest_lock
    from newsgraph.kb.store import open_kb

    overrides = MetadataOverrides(published=parse_date(published), source=source, title=title)
    inputs: list[str | Path | UrlList] = [*(paths or []), *(url or [])]
    if url_list is not None:
        inputs.append(UrlList(url_list))
    if engine not in ("local", "dask"):
        err_console().print(f"error: unknown engine {engine!r}: use --engine local or --engine dask")
        raise typer.Exit(EXIT_USAGE)
    if engine == "local" and (workers or scheduler):
        err_console().print("error: --workers and --scheduler need --engine dask")
        raise typer.Exit(EXIT_USAGE)
    if not inputs:
        err_console().print("error: nothing to ingest: give PATH..., --url URL or --url-list FILE")
        raise typer.Exit(EXIT_USAGE)
    with handle_errors():
        settings = current_settings()
        db_path = resolve_db_path(ctx, db, settings)
        options = IngestOptions(
            overrides=overrides,
            max_bytes=settings.max_doc_bytes,
            n_process=processes or settings.n_process,
            batch_size=settings.batch_size,
        )
        err = err_console()
        started = time.perf_counter()
        # One writer per knowledge base: a second ingest waits (--wait) or stops with a clear message,
        # before it spends seconds loading the model.
        with ingest_lock(db_path, wait=wait):
            if engine == "dask":
                from newsgraph.scale.dask import DaskOptions

                cluster = DaskOptions(workers=workers, scheduler=scheduler, model=settings.model)
                with open_kb(db_path) as kb:
                    result = _run_with_progress(
                        inputs, kb=kb, run=_dask_runner(options, cluster), console=err
                    )
            else:
                with (
                    err.status("loading the language model…", spinner="dots")
                    if err.is_terminal
                    else _nothing()
                ):
                    pipeline = cached_pipeline(settings.model)
                with open_kb(db_path) as kb:
                    result = _run_with_progress(
                        inputs, kb=kb, run=_local_runner(pipeline, options), console=err
                    )
        elapsed = time.perf_counter() - started
    _report_ingest(result, db_path=db_path, as_json=as_json, elapsed=elapsed)
    if not result.stored_anything:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_PARTIAL if result.failed else EXIT_OK)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


#: An engine: (inputs, kb, on_progress) -> result.
Runner = Callable[[Sequence[Any], "KnowledgeBase", "Callable[[str], None] | None"], "IngestResult"]


def _local_runner(pipeline: Pipeline, options: Any) -> Runner:
    from newsgraph.ingest.run import ingest_paths

    def run(
        inputs: Sequence[Any], kb: KnowledgeBase, on_progress: Callable[[str], None] | None
    ) -> IngestResult:
        return ingest_paths(inputs, kb=kb, pipeline=pipeline, options=options, on_progress=on_progress)

    return run


def _dask_runner(options: Any, cluster: Any) -> Runner:
    from newsgraph.scale.dask import ingest_dask

    def run(
        inputs: Sequence[Any], kb: KnowledgeBase, on_progress: Callable[[str], None] | None
    ) -> IngestResult:
        return ingest_dask(inputs, kb=kb, options=options, cluster=cluster, on_progress=on_progress)

    return run


def _run_with_progress(
    inputs: Sequence[Any], *, kb: KnowledgeBase, run: Runner, console: Console
) -> IngestResult:
    if not console.is_terminal:
        return run(inputs, kb, None)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from newsgraph.ingest.run import count_inputs
    from newsgraph.nlp.chunking import progress_host

    total = count_inputs(inputs)  # None for WARC, feeds and URLs: no ETA then, only the rate
    columns = (
        SpinnerColumn(),
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("[progress.data.speed]{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("ingest", total=total, rate="")

        def advance(_: str) -> None:
            speed = progress.tasks[0].speed
            progress.update(task, advance=1, rate=f"{speed:.1f} docs/s" if speed else "")

        # A long text's piece-by-piece bar becomes a second line of this display (two live
        # displays on one terminal overdraw each other).
        with progress_host(progress):
            return run(inputs, kb, advance)


def _report_ingest(result: IngestResult, *, db_path: Path, as_json: bool, elapsed: float) -> None:
    handled = result.new + result.duplicate + len(result.failed)
    rate = handled / elapsed if elapsed > 0 else 0.0
    if as_json:
        print_json(
            {
                "db": str(db_path),
                "new": result.new,
                "duplicate": result.duplicate,
                "versions": result.versions,
                "near_duplicates": result.near_duplicates,
                "failed": [{"origin": e.origin, "reason": e.reason} for e in result.failed],
                "new_ids": list(result.new_ids),
                "duplicate_ids": list(result.duplicate_ids),
                "seconds": round(elapsed, 3),
                "docs_per_s": round(rate, 2),
            }
        )
        return
    versions = f" ({result.versions} of them new versions of stored articles)" if result.versions else ""
    copies = f" ({result.near_duplicates} republished copies)" if result.near_duplicates else ""
    out_console().print(
        f"{result.new} new{versions}, {result.duplicate} duplicate{copies}, {len(result.failed)} failed"
        f" -> {escape(str(db_path))} ({handled} inputs in {elapsed:.1f} s, {rate:.1f} docs/s)"
    )
    err = err_console()
    for error in result.failed:
        err.print(f"{escape(error.origin)}: {escape(error.reason)}")
    if not result.stored_anything and not result.failed:
        err.print("error: no inputs found under the given paths")
