"""Shared pieces of the CLI: the Typer app, options, console helpers, the pipeline cache."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from newsgraph.errors import NewsgraphError
from newsgraph.settings import Settings, load_settings

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase
    from newsgraph.nlp.pipeline import Pipeline
    from newsgraph.query.filters import EventFilter

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


def err_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def out_console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def print_json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))


@contextmanager
def handle_errors() -> Iterator[None]:
    """Our errors become one line on stderr and exit code 2; anything else is a real bug."""
    try:
        yield
    except NewsgraphError as exc:
        err_console().print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from None


def current_settings() -> Settings:
    return load_settings()


def resolve_db_path(ctx: typer.Context, db: Path | None, settings: Settings) -> Path:
    globals_ = ctx.obj if isinstance(ctx.obj, _Globals) else _Globals()
    return db or globals_.db or Path(settings.db)


def open_existing(ctx: typer.Context, db: Path | None) -> KnowledgeBase:
    from newsgraph.kb.store import open_kb

    return open_kb(resolve_db_path(ctx, db, current_settings()), create=False)


def parse_date(value: str | None) -> dt.date | None:
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


def one_line(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


# --- the event filters shared by `events`, `export` (and what takes the same filters) ----------

ActorFilter = Annotated[str | None, typer.Option("--actor", help="An actor name or alias (any case).")]
TypeFilter = Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. ASSAULT.")]
PlaceFilter = Annotated[str | None, typer.Option("--place", help="A place name, e.g. Aleppo.")]
SinceFilter = Annotated[str | None, typer.Option("--since", help="Only events on or after YYYY-MM-DD.")]
UntilFilter = Annotated[str | None, typer.Option("--until", help="Only events on or before YYYY-MM-DD.")]
StatusFilter = Annotated[str | None, typer.Option("--status", help="confirmed, reported, claimed, ...")]


def event_filter(
    *,
    actor: str | None,
    type_: str | None,
    place: str | None,
    since: str | None,
    until: str | None,
    status: str | None,
    include_comments: bool,
    include_background: bool = False,
    include_statements: bool = False,
) -> EventFilter:
    """The knowledge-base filter for the command-line filter options (dates checked here)."""
    from newsgraph.query.filters import EventFilter

    return EventFilter(
        actor=actor,
        type=type_,
        place=place,
        since=parse_date(since),
        until=parse_date(until),
        status=status,
        include_comments=include_comments,
        include_background=include_background,
        include_statements=include_statements,
    )
