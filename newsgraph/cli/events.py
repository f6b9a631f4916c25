"""newsgraph events (list, merge, split) / whereabouts / casualties / claims."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from newsgraph.cli.common import (
    ActorFilter,
    DbOption,
    JsonOption,
    PlaceFilter,
    SinceFilter,
    StatusFilter,
    TypeFilter,
    UntilFilter,
    app,
    event_filter,
    handle_errors,
    one_line,
    open_existing,
    out_console,
    print_json,
)

events_app = typer.Typer(
    help="Events reported in the knowledge base; `merge`/`split` record analyst decisions.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(events_app, name="events")

#: The first N in list order (the knowledge base stops reading there); all when left out.
LimitOption = Annotated[int | None, typer.Option("--limit", min=1, help="Show at most this many.")]
#: Skip this many first (with --limit: one page of the list, as the API's offset).
OffsetOption = Annotated[int, typer.Option("--offset", min=0, help="Skip this many first.")]
CommentsOption = Annotated[
    bool, typer.Option("--include-comments", help="Also show what reader comments say (flagged in_comments).")
]
BackgroundOption = Annotated[
    bool,
    typer.Option(
        "--include-background",
        help="Also show history and statistics the articles recall (left out by default; flagged background).",
    ),
]
StatementsOption = Annotated[
    bool,
    typer.Option(
        "--include-statements",
        help="Also show verbal acts ACLED does not code, e.g. accusations (left out by default; flagged statement).",
    ),
]


def _place_text(place: Any) -> str:
    return escape(place.name) if place is not None else "?"


def _when(start: str | None, end: str | None) -> str:
    if start is None:
        return "undated"
    return start if end in (None, start) else f"{start}..{end}"


def _who(refs: Any) -> str:
    return escape(", ".join(r.name or r.description or "" for r in refs))


@events_app.callback()
def events(
    ctx: typer.Context,
    db: DbOption = None,
    actor: ActorFilter = None,
    type_: TypeFilter = None,
    place: PlaceFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    status: StatusFilter = None,
    include_comments: CommentsOption = False,
    include_background: BackgroundOption = False,
    include_statements: StatementsOption = False,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
) -> None:
    """List events, oldest first, each with its sources and their own statuses."""
    if ctx.invoked_subcommand is not None:
        return
    from newsgraph.query.events import list_events
    from newsgraph.query.records import as_json as to_json

    flt = event_filter(
        actor=actor,
        type_=type_,
        place=place,
        since=since,
        until=until,
        status=status,
        include_comments=include_comments,
        include_background=include_background,
        include_statements=include_statements,
    )
    flt = dataclasses.replace(flt, limit=limit, offset=offset)
    with handle_errors(), open_existing(ctx, db) as kb:
        rows = list_events(kb, flt).items
    if as_json:
        print_json([to_json(r) for r in rows])
        return
    table = Table("id", "type", "when", "where", "actors", "targets", "dead", "status", "sources")
    for r in rows:
        table.add_row(
            str(r.id),
            f"{r.type}/{r.mode or '-'}",
            _when(r.date_start, r.date_end),
            _place_text(r.place),
            _who(r.actors),
            _who(r.targets),
            "" if r.fatalities is None else str(r.fatalities),
            r.status + (" (comments)" if r.in_comments else ""),
            str(len(r.sources)),
        )
    out_console().print(table)


@events_app.command("merge")
def merge(
    ctx: typer.Context,
    keep: Annotated[int, typer.Argument(help="The event id to keep.")],
    other: Annotated[int, typer.Argument(help="The event id whose sources join it.")],
    note: Annotated[str, typer.Option("--note", help="Why (kept with the decision).")] = "",
    db: DbOption = None,
) -> None:
    """Merge two events into one; stored as a decision that re-ingest re-applies."""
    from newsgraph.kb.events import merge_events

    with handle_errors(), open_existing(ctx, db) as kb:
        _in_transaction(kb, lambda: merge_events(kb.conn, keep, other, note=note))
    out_console().print(f"merged event {other} into {keep}")


@events_app.command("links")
def links(
    ctx: typer.Context,
    limit: LimitOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Possible same events: reports the merger found alike but not enough to merge, with the score
    and the reason; confirm one with `newsgraph events merge EVENT OTHER`."""
    from newsgraph.query.events import event_links
    from newsgraph.query.records import as_json as to_json

    with handle_errors(), open_existing(ctx, db) as kb:
        rows = event_links(kb, limit=limit)
    if as_json:
        print_json([to_json(r) for r in rows])
        return
    table = Table("event", "other", "score", "why")
    for r in rows:
        table.add_row(str(r.event), str(r.other_event), f"{r.score:g}", escape(r.reason))
    out_console().print(table)


@events_app.command("split")
def split(
    ctx: typer.Context,
    event_id: Annotated[int, typer.Argument(metavar="ID", help="The event to split into one per source.")],
    note: Annotated[str, typer.Option("--note", help="Why (kept with the decision).")] = "",
    db: DbOption = None,
) -> None:
    """Split an event into one event per source; automatic merging leaves them apart from now on."""
    from newsgraph.kb.events import split_event

    with handle_errors(), open_existing(ctx, db) as kb:
        ids = _in_transaction(kb, lambda: split_event(kb.conn, event_id, note=note))
    out_console().print(f"event {event_id} split into events {', '.join(map(str, ids))}")


def _in_transaction(kb: Any, action: Any) -> Any:
    kb.conn.execute("BEGIN IMMEDIATE")
    try:
        result = action()
        kb.conn.execute("COMMIT")
    except BaseException:
        kb.conn.execute("ROLLBACK")
        raise
    return result


@app.command()
def whereabouts(
    ctx: typer.Context,
    actor: Annotated[str, typer.Argument(metavar="ACTOR", help="An actor name or alias (any case).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Where and when an actor was reported to be, in time order, with status and sources."""
    from newsgraph.query.filters import WhereaboutsFilter
    from newsgraph.query.records import as_json as to_json
    from newsgraph.query.whereabouts import whereabouts as find

    with handle_errors(), open_existing(ctx, db) as kb:
        rows = find(kb, WhereaboutsFilter(actor)).items
    if as_json:
        print_json([to_json(r) for r in rows])
        return
    table = Table("when", "where", "status", "event", "evidence")
    for r in rows:
        table.add_row(
            _when(r.date_start, r.date_end),
            _place_text(r.place),
            r.status,
            f"{r.event.id} {r.event.type}/{r.event.mode or '-'}",
            escape(one_line(r.sources[0].sentence, 90)) if r.sources else "",
        )
    out_console().print(table)


@app.command()
def casualties(
    ctx: typer.Context,
    affiliation: Annotated[
        str | None, typer.Option("--affiliation", help="Only victims of this actor or its parts, e.g. IRGC.")
    ] = None,
    include_comments: CommentsOption = False,
    include_background: Annotated[
        bool | None,
        typer.Option(
            "--include-background/--no-background",
            help="Recalled history: left out of the plain list, kept in one --affiliation's list by default.",
            show_default=False,
        ),
    ] = None,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Who was reported killed: name or rank and unit, where, when, how sure, according to whom."""
    from newsgraph.query.casualties import casualties as find
    from newsgraph.query.filters import CasualtyFilter
    from newsgraph.query.records import as_json as to_json

    flt = CasualtyFilter(
        affiliation=affiliation,
        include_comments=include_comments,
        include_background=include_background,
        limit=limit,
        offset=offset,
    )
    with handle_errors(), open_existing(ctx, db) as kb:
        rows = find(kb, flt).items
    if as_json:
        print_json([to_json(r) for r in rows])
        return
    table = Table("when", "where", "victims", "dead", "status", "according to")
    for r in rows:
        victims = ", ".join(
            " ".join(x for x in (v.rank, v.name or v.description) if x) + (f" ({v.unit})" if v.unit else "")
            for v in r.victims
        )
        table.add_row(
            _when(r.date_start, r.date_end),
            _place_text(r.place),
            escape(victims),
            "" if r.fatalities is None else str(r.fatalities),
            r.status,
            escape(r.attributed_to or ""),
        )
    out_console().print(table)


@app.command()
def claims(
    ctx: typer.Context,
    actor: Annotated[
        str | None, typer.Option("--actor", help="Claims about this actor or its parts.")
    ] = None,
    include_comments: CommentsOption = False,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Stated figures and facts that are not events (troop numbers...), with who says so."""
    from newsgraph.query.claims import list_claims
    from newsgraph.query.filters import ClaimFilter
    from newsgraph.query.records import as_json as to_json

    with handle_errors(), open_existing(ctx, db) as kb:
        rows = list_claims(
            kb, ClaimFilter(actor=actor, include_comments=include_comments, limit=limit, offset=offset)
        ).items
    if as_json:
        print_json([to_json(r) for r in rows])
        return
    table = Table("date", "subject", "value", "status", "according to", "comments")
    for r in rows:
        table.add_row(
            r.date or "",
            escape(r.subject),
            escape(r.value),
            r.status,
            escape(r.attributed_to or ""),
            "yes" if r.in_comments else "",
        )
    out_console().print(table)
