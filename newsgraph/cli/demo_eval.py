"""newsgraph demo / eval."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from newsgraph.cli.common import (
    EXIT_USAGE,
    JsonOption,
    app,
    cached_pipeline,
    current_settings,
    err_console,
    handle_errors,
    one_line,
    out_console,
)
from newsgraph.errors import NewsgraphError

# --- demo and eval -----------------------------------------------------------------------------


@app.command()
def demo(
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Where to build the demo database (must not exist).", dir_okay=False),
    ] = None,
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Open the web UI afterwards (when available).")
    ] = True,
) -> None:
    """Ingest the sample corpus into a fresh knowledge base and show what is in it."""
    from newsgraph import demo as demo_mod
    from newsgraph.ingest.run import IngestOptions

    with handle_errors():
        settings = current_settings()
        if db is not None and db.exists():
            raise NewsgraphError(f"{db} exists; the demo builds a fresh database: pass a new --db path")
        db_path = db or demo_mod.default_demo_db()
        demo_mod.remove_db(db_path)
        pipeline = cached_pipeline(settings.model)
        options = IngestOptions(max_bytes=settings.max_doc_bytes, batch_size=settings.batch_size)
        tour = demo_mod.build_demo(db_path, pipeline=pipeline, options=options)
    _print_tour(tour)
    if serve:
        web = importlib.import_module("newsgraph.web")
        serve_fn = getattr(web, "serve", None)
        if serve_fn is None:
            out_console().print("[dim](the web UI is not part of this version yet)[/dim]")
        else:
            serve_fn(db_path)


def _print_tour(tour: Any) -> None:
    out = out_console()
    st = tour.stats
    out.print(f"[bold]newsgraph demo[/bold]: ingested {escape(str(tour.corpus))}")
    out.print(
        f"{tour.ingest.new} documents stored, {tour.ingest.duplicate} duplicates skipped "
        f"({tour.ingest.near_duplicates} republished copies), {len(tour.ingest.failed)} failed; "
        f"{st.mentions} mentions of {st.actors} actors, {st.comments} reader comments, "
        f"{st.dropped} boilerplate parts dropped, {st.places} places, {st.events} events, {st.claims} claims."
    )
    for error in tour.ingest.failed:
        out.print(f"  [red]{escape(error.origin)}: {escape(error.reason)}[/red]")
    out.print("\n[bold]Some documents[/bold]")
    for d in tour.documents:
        out.print(f"  {d.id}  {d.published or 'undated'}  {escape(one_line(d.title or d.origin or '', 70))}")
    out.print("\n[bold]Most mentioned[/bold] (article bodies; reader comments excluded)")
    # Headed by NER label: until the actor dictionary repairs them, the small model's labels are noisy.
    for heading, actors in (("PERSON", tour.people), ("ORG", tour.groups), ("GPE/LOC/FAC", tour.places)):
        if actors:
            out.print(f"  {heading}: " + escape(", ".join(f"{a.name} ({a.mentions})" for a in actors)))
    if tour.search_term:
        out.print(f"\n[bold]Search[/bold] for {escape(tour.search_term)!r}:")
        for h in tour.hits:
            out.print(f"  {h.doc_id}  {escape(one_line(h.snippet, 100))}")
    db = escape(str(tour.db_path))
    out.print(
        f"\nTry: newsgraph --db {db} docs | show ID | search WORDS | stats   "
        "(and `newsgraph ingest YOUR_FILES` for your own articles)"
    )


def _eval_kinds() -> list[str]:
    import newsgraph.eval

    return sorted(m.name for m in pkgutil.iter_modules(newsgraph.eval.__path__) if not m.name.startswith("_"))


@app.command("eval")
def eval_(
    kind: Annotated[str, typer.Argument(metavar="KIND", help="What to score: ner, geo, time, ...")],
    path: Annotated[
        Path | None,
        typer.Argument(metavar="[PATH]", help="The dev set file or directory (events-doc has a default)."),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Score only the first N examples.")
    ] = None,
    as_json: JsonOption = False,
    with_dates: Annotated[
        bool, typer.Option("--with-dates", help="events-doc: pass the gold document date as published date.")
    ] = False,
    per_article: Annotated[
        bool, typer.Option("--per-article", help="events-doc: one row per article.")
    ] = False,
) -> None:
    """Score an extractor on a dev set (see ../shared/data/README.md)."""
    module = None
    kind = kind.replace("-", "_")  # `events-doc` is the module events_doc
    if re.fullmatch(r"[a-z][a-z0-9_]*", kind):
        try:
            module = importlib.import_module(f"newsgraph.eval.{kind}")
        except ModuleNotFoundError as exc:
            if exc.name != f"newsgraph.eval.{kind}":
                raise  # the scorer exists but needs something missing: show the real error
    if module is None or not callable(getattr(module, "main", None)):
        known = ", ".join(_eval_kinds()) or "none yet"
        err_console().print(f"[red]error:[/red] unknown eval kind {kind!r}; known kinds: {known}")
        raise typer.Exit(EXIT_USAGE)
    with handle_errors():
        extra: dict[str, Any] = {}
        # Only scorers that take these options get them; the others keep their old signature.
        params = inspect.signature(module.main).parameters
        for name, value in (("with_dates", with_dates), ("per_article", per_article)):
            if value and name not in params:
                raise NewsgraphError(f"--{name.replace('_', '-')} is not an option of eval {kind}")
            if name in params:
                extra[name] = value
        if path is None and getattr(module, "DEFAULT_PATH", None) is None:
            raise NewsgraphError(f"eval {kind} needs a PATH: the dev set file or directory")
        code = module.main(
            path if path is not None else module.DEFAULT_PATH, limit=limit, as_json=as_json, **extra
        )
    raise typer.Exit(int(code))
