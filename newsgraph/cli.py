"""The `newsgraph` command: parse, call a plain function, format, set the exit code.

Exit codes: 0 all good; 1 some inputs failed (the rest were processed); 2 bad usage, or nothing
could be processed.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import pkgutil
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Column, Table

from newsgraph.errors import NewsgraphError
from newsgraph.settings import Settings, load_settings

if TYPE_CHECKING:
    from newsgraph.kb.store import IngestResult, KnowledgeBase
    from newsgraph.nlp.pipeline import Pipeline

app = typer.Typer(
    name="newsgraph",
    help="Read conflict news; keep track of who is where, doing what, to whom, when, and according to whom.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2

DB_HELP = "SQLite knowledge base file (default: $NEWSGRAPH_DB or ./newsgraph.db)."
JSON_HELP = "Print machine-readable JSON instead of a table."
DbOption = Annotated[Path | None, typer.Option("--db", help=DB_HELP, dir_okay=False)]
JsonOption = Annotated[bool, typer.Option("--json", help=JSON_HELP)]


@dataclass(frozen=True, slots=True)
class _Globals:
    db: Path | None = None


# --- shared helpers ----------------------------------------------------------------------------

_PIPELINES: dict[str, Pipeline] = {}


def cached_pipeline(model: str = "") -> Pipeline:
    """One Pipeline per model per process: spaCy loads once even across many CLI calls in tests."""
    if model not in _PIPELINES:
        from newsgraph.nlp.pipeline import Pipeline

        _PIPELINES[model] = Pipeline(model)
    return _PIPELINES[model]


def remember_pipeline(pipeline: Pipeline, model: str = "") -> None:
    """Reuse an already loaded pipeline for ``model`` (tests hand in their session pipeline)."""
    _PIPELINES[model] = pipeline


def _err() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _out() -> Console:
    return Console(highlight=False, soft_wrap=True)


def _print_json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))


@contextmanager
def _errors() -> Iterator[None]:
    """Our errors become one line on stderr and exit code 2; anything else is a real bug."""
    try:
        yield
    except NewsgraphError as exc:
        _err().print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from None


def _settings() -> Settings:
    return load_settings()


def _db_path(ctx: typer.Context, db: Path | None, settings: Settings) -> Path:
    globals_ = ctx.obj if isinstance(ctx.obj, _Globals) else _Globals()
    return db or globals_.db or Path(settings.db)


def _open_existing(ctx: typer.Context, db: Path | None) -> KnowledgeBase:
    from newsgraph.kb.store import open_kb

    return open_kb(_db_path(ctx, db, _settings()), create=False)


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD, e.g. 2015-10-14") from None


@app.callback()
def _main_options(
    ctx: typer.Context,
    db: DbOption = None,
) -> None:
    ctx.obj = _Globals(db=db)


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

    overrides = MetadataOverrides(published=_parse_date(published), source=source, title=title)
    with _errors():
        settings = _settings()
        db_path = _db_path(ctx, db, settings)
        options = IngestOptions(
            overrides=overrides,
            max_bytes=settings.max_doc_bytes,
            n_process=processes or settings.n_process,
            batch_size=settings.batch_size,
        )
        err = _err()
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
        _print_json(
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
    _out().print(
        f"{result.new} new{versions}, {result.duplicate} duplicate{copies}, {len(result.failed)} failed"
        f" -> {escape(str(db_path))}"
    )
    err = _err()
    for error in result.failed:
        err.print(f"{escape(error.origin)}: {escape(error.reason)}")
    if not result.stored_anything and not result.failed:
        err.print("error: no inputs found under the given paths")


# --- reading -----------------------------------------------------------------------------------


@app.command()
def docs(
    ctx: typer.Context,
    db: DbOption = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Show at most this many.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List the documents in the knowledge base."""
    from newsgraph.kb import query
    from newsgraph.kb.store import origin_name
    from newsgraph.model import to_dict

    with _errors(), _open_existing(ctx, db) as kb:
        rows = query.list_documents(kb, limit=limit)
    if as_json:
        _print_json([to_dict(r) for r in rows])
        return
    table = Table("published", "source", "title", "mentions", "comments", "dropped")
    table.columns.insert(0, Column("id", no_wrap=True, min_width=16))
    for r in rows:
        table.add_row(
            r.id,
            r.published or "undated",
            escape(r.source or ""),
            escape(r.title or (origin_name(r.origin) if r.origin else "")),
            str(r.counts.mentions),
            str(r.counts.comments),
            str(r.counts.dropped),
        )
    _out().print(table)


@app.command()
def show(
    ctx: typer.Context,
    doc_id: Annotated[
        str, typer.Argument(metavar="DOC_ID", help="A document id or an unambiguous prefix of one.")
    ],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one document: body, reader comments, dropped boilerplate and mentions."""
    from newsgraph.kb import query

    with _errors(), _open_existing(ctx, db) as kb:
        detail = query.get_document(kb, doc_id)
    s = detail.summary
    if as_json:
        _print_json(
            {
                "id": s.id,
                "title": s.title,
                "url": s.url,
                "source": s.source,
                "published": s.published,
                "published_source": s.published_source,
                "origin": s.origin,
                "ingested_at": s.ingested_at,
                "previous_version": s.previous_version,
                "body": detail.body,
                "text": detail.text,  # the raw input: every start/end below indexes into it
                "comments": [
                    {"author": c.author, "text": c.text, "start": c.start, "end": c.end}
                    for c in detail.comments
                ],
                "dropped": [{"text": d.text, "reason": d.reason} for d in detail.dropped],
                "mentions": [
                    {
                        "text": m.text,
                        "label": m.label,
                        "start": m.start,
                        "end": m.end,
                        "in_comments": m.in_comments,
                    }
                    for m in detail.mentions
                ],
            }
        )
        return
    out = _out()
    out.print(f"[bold]{escape(s.title or '(untitled)')}[/bold]  [dim]{s.id}[/dim]")
    published = s.published or "unknown date"
    out.print(f"[dim]{escape(s.source or 'unknown source')} · {published} ({s.published_source})[/dim]")
    for label, value in (("url", s.url), ("origin", s.origin), ("previous version", s.previous_version)):
        if value:
            out.print(f"[dim]{label}: {escape(value)}[/dim]")
    out.print()
    out.print(escape(detail.body))
    if detail.comments:
        out.print(f"\n[bold]Reader comments[/bold] ({len(detail.comments)}, user-generated)")
        for c in detail.comments:
            out.print(f"  [cyan]{escape(c.author or 'anonymous')}[/cyan]: {escape(_one_line(c.text, 200))}")
    if detail.dropped:
        out.print(f"\n[bold]Dropped boilerplate[/bold] ({len(detail.dropped)})")
        for d in detail.dropped:
            out.print(f"  [yellow]{escape(d.reason)}[/yellow]: {escape(_one_line(d.text, 120))}")
    _print_mentions(out, detail.mentions)


def _print_mentions(out: Console, mentions: Any) -> None:
    for in_comments, heading in ((False, "Mentions in the body"), (True, "Mentions in comments")):
        counts: dict[tuple[str, str], int] = {}
        for m in mentions:
            if m.in_comments == in_comments:
                key = (m.label, m.text.strip())
                counts[key] = counts.get(key, 0) + 1
        if not counts:
            continue
        out.print(f"\n[bold]{heading}[/bold]")
        for label in sorted({k[0] for k in counts}):
            items = sorted(
                ((t, n) for (lab, t), n in counts.items() if lab == label), key=lambda x: (-x[1], x[0])
            )
            shown = ", ".join(f"{t} ×{n}" if n > 1 else t for t, n in items)
            out.print(f"  [magenta]{label}[/magenta]: {escape(shown)}")


def _one_line(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@app.command()
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Words to find (all must occur).")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Show at most this many hits.")] = 20,
    raw: Annotated[
        bool, typer.Option("--raw", help='TEXT is an SQLite FTS5 query (OR, NEAR, "phrases").')
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over article bodies and reader comments (comment hits are marked)."""
    from newsgraph.kb import query
    from newsgraph.model import to_dict

    marks = ("[", "]") if as_json else ("\x02", "\x03")
    with _errors(), _open_existing(ctx, db) as kb:
        hits = query.search(kb, text, limit=limit, raw=raw, marks=marks)
    if as_json:
        _print_json([to_dict(h) for h in hits])
        return
    out = _out()
    if not hits:
        out.print(f"no matches for {escape(text)!r}")
        return
    for h in hits:
        where = (
            f"[yellow]comment by {escape(h.comment_author or 'anonymous')}[/yellow]"
            if h.in_comments
            else "body"
        )
        out.print(f"[dim]{h.doc_id}[/dim] {escape(h.title or '')} [dim]({where})[/dim]")
        snippet = (
            escape(" ".join(h.snippet.split())).replace("\x02", "[bold red]").replace("\x03", "[/bold red]")
        )
        out.print(f"    {snippet}")


@app.command()
def stats(
    ctx: typer.Context,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Counts of everything in the knowledge base."""
    from newsgraph.kb import query
    from newsgraph.model import to_dict

    with _errors(), _open_existing(ctx, db) as kb:
        result = query.stats(kb)
        actors = query.top_actors(kb, limit=10)
    if as_json:
        _print_json({**to_dict(result), "top_actors": [to_dict(a) for a in actors]})
        return
    table = Table("what", "count", show_header=False)
    for key, value in to_dict(result).items():
        table.add_row(key.replace("_", " "), escape(str(value)))
    out = _out()
    out.print(table)
    if actors:
        out.print("most mentioned: " + escape(", ".join(f"{a.name} ({a.mentions})" for a in actors)))


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

    with _errors():
        settings = _settings()
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
            _out().print("[dim](the web UI is not part of this version yet)[/dim]")
        else:
            serve_fn(db_path)


def _print_tour(tour: Any) -> None:
    out = _out()
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
        out.print(f"  {d.id}  {d.published or 'undated'}  {escape(_one_line(d.title or d.origin or '', 70))}")
    out.print("\n[bold]Most mentioned[/bold] (article bodies; reader comments excluded)")
    # Headed by NER label: until the actor dictionary repairs them, the small model's labels are noisy.
    for heading, actors in (("PERSON", tour.people), ("ORG", tour.groups), ("GPE/LOC/FAC", tour.places)):
        if actors:
            out.print(f"  {heading}: " + escape(", ".join(f"{a.name} ({a.mentions})" for a in actors)))
    if tour.search_term:
        out.print(f"\n[bold]Search[/bold] for {escape(tour.search_term)!r}:")
        for h in tour.hits:
            out.print(f"  {h.doc_id}  {escape(_one_line(h.snippet, 100))}")
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
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The dev set file or directory.")],
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Score only the first N examples.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Score an extractor on a dev set (see ../shared/data/README.md)."""
    module = None
    if re.fullmatch(r"[a-z][a-z0-9_]*", kind):
        try:
            module = importlib.import_module(f"newsgraph.eval.{kind}")
        except ModuleNotFoundError as exc:
            if exc.name != f"newsgraph.eval.{kind}":
                raise  # the scorer exists but needs something missing: show the real error
    if module is None or not callable(getattr(module, "main", None)):
        known = ", ".join(_eval_kinds()) or "none yet"
        _err().print(f"[red]error:[/red] unknown eval kind {kind!r}; known kinds: {known}")
        raise typer.Exit(EXIT_USAGE)
    with _errors():
        code = module.main(path, limit=limit, as_json=as_json)
    raise typer.Exit(int(code))


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
