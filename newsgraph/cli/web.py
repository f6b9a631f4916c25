"""newsgraph serve / report: the analyst workbench and the offline HTML brief."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newsgraph.cli.common import (
    DbOption,
    app,
    current_settings,
    handle_errors,
    out_console,
    parse_date,
    resolve_db_path,
)
from newsgraph.errors import NewsgraphError


@app.command()
def serve(
    ctx: typer.Context,
    db: DbOption = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; 127.0.0.1 keeps it on this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port.")] = 8765,
) -> None:
    """Serve the analyst workbench (UI at /, JSON API at /api) until Ctrl-C."""
    with handle_errors():
        try:
            from newsgraph import web
        except ImportError as exc:  # only without the [web] extra
            raise NewsgraphError(
                f"the web UI needs the web extra ({exc}): pip install 'newsgraph[web]'"
            ) from exc
        path = resolve_db_path(ctx, db, current_settings())
        from newsgraph.query.handle import upgrade

        upgrade(path)  # an older file is migrated once; the server then only reads it
        web.create_app(path)  # validate the database before binding the port
    web.serve(path, host=host, port=port)


@app.command()
def report(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.", dir_okay=False)] = Path(
        "brief.html"
    ),
    db: DbOption = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Events on or after YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Events on or before YYYY-MM-DD.")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Actor id, name or alias.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. ASSAULT.")] = None,
    place: Annotated[str | None, typer.Option("--place", help="Place id or name.")] = None,
    status: Annotated[str | None, typer.Option("--status", help="confirmed, reported, claimed, ...")] = None,
    include_comments: Annotated[
        bool, typer.Option("--include-comments", help="Also show what reader comments say (flagged).")
    ] = False,
) -> None:
    """Write a self-contained offline HTML brief: map, timeline, network, key actors, events."""
    from newsgraph.query.filters import EventFilter
    from newsgraph.query.handle import MAX_LIMIT, upgrade
    from newsgraph.web.report import write_report

    start, end = parse_date(date_from), parse_date(date_to)
    with handle_errors():
        path = resolve_db_path(ctx, db, current_settings())
        upgrade(path)
        f = EventFilter(
            since=start,
            until=end,
            actor=actor,
            type=event_type,
            place=place,
            status=status,
            include_comments=include_comments,
            limit=MAX_LIMIT,
        )
        brief = write_report(path, out, f)
    out_console().print(
        f"wrote {out} ({len(brief.events)} of {brief.total_events} events, {out.stat().st_size // 1024} KiB)"
    )
