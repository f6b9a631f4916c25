"""newsgraph ingest."""

from __future__ import annotations

from collections.abc import Iterator
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
        list[str],
        typer.Argument(
            metavar="PATH...", help="Files or directories (.txt .html .htm .jsonl).", show_default=False
        ),
    ],
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
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Read articles, extract what they say, and store it in the knowledge base."""
    from newsgraph.ingest import MetadataOverrides
    from newsgraph.ingest.run import IngestOptions
    from newsgraph.kb.store import open_kb

    overrides = MetadataOverrides(published=parse_date(published), source=source, title=title)
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
        with err.status("loading the language model…", spinner="dots") if err.is_terminal else _nothing():
            pipeline = cached_pipeline(settings.model)
        with open_kb(db_path) as kb:
            result = _run_with_progress(paths, kb=kb, pipeline=pipeline, options=options, console=err)
    _report_ingest(result, db_path=db_path, as_json=as_json)
    if not result.stored_anything:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_PARTIAL if result.failed else EXIT_OK)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def _run_with_progress(
    paths: list[str], *, kb: KnowledgeBase, pipeline: Pipeline, options: Any, console: Console
) -> IngestResult:
    from newsgraph.ingest.run import ingest_paths

    if not console.is_terminal:
        return ingest_paths(paths, kb=kb, pipeline=pipeline, options=options)
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("ingesting"), BarColumn(), TextColumn("{task.completed} inputs"))
    with Progress(*columns, TimeElapsedColumn(), console=console, transient=True) as progress:
        task = progress.add_task("ingest", total=None)
        return ingest_paths(
            paths, kb=kb, pipeline=pipeline, options=options, on_progress=lambda _: progress.advance(task)
        )


def _report_ingest(result: IngestResult, *, db_path: Path, as_json: bool) -> None:
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
            }
        )
        return
    versions = f" ({result.versions} of them new versions of stored articles)" if result.versions else ""
    copies = f" ({result.near_duplicates} republished copies)" if result.near_duplicates else ""
    out_console().print(
        f"{result.new} new{versions}, {result.duplicate} duplicate{copies}, {len(result.failed)} failed"
        f" -> {escape(str(db_path))}"
    )
    err = err_console()
    for error in result.failed:
        err.print(f"{escape(error.origin)}: {escape(error.reason)}")
    if not result.stored_anything and not result.failed:
        err.print("error: no inputs found under the given paths")
