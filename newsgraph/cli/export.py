"""newsgraph export / import: carry the knowledge base to other tools, and back."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from newsgraph.cli.common import (
    EXIT_USAGE,
    ActorFilter,
    DbOption,
    PlaceFilter,
    SinceFilter,
    StatusFilter,
    TypeFilter,
    UntilFilter,
    app,
    current_settings,
    err_console,
    event_filter,
    handle_errors,
    open_existing,
    resolve_db_path,
)


@app.command("export")
def export(
    ctx: typer.Context,
    format_: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="acled-csv, plover-jsonl, geojson, graphml, gexf, stix or jsonl (the whole KB, for `import`).",
        ),
    ],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write here instead of stdout.", dir_okay=False)
    ] = None,
    db: DbOption = None,
    actor: ActorFilter = None,
    type_: TypeFilter = None,
    place: PlaceFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    status: StatusFilter = None,
    include_comments: Annotated[
        bool, typer.Option("--include-comments", help="Also export what reader comments say (flagged).")
    ] = False,
    include_statements: Annotated[
        bool,
        typer.Option(
            "--include-statements", help="Also export verbal acts ACLED does not code (PLOVER codes them)."
        ),
    ] = False,
) -> None:
    """Export events (filtered as in `newsgraph events`) in a format other tools read."""
    from newsgraph.export import get_format

    flt = event_filter(
        actor=actor,
        type_=type_,
        place=place,
        since=since,
        until=until,
        status=status,
        include_comments=include_comments,
        include_statements=include_statements,
    )
    if out is not None and not out.parent.is_dir():
        err_console().print(
            f"[red]error:[/red] no folder {out.parent} for --out: create it first or pick another path"
        )
        raise typer.Exit(EXIT_USAGE)
    with handle_errors():
        spec = get_format(format_)
        with open_existing(ctx, db) as kb:
            if out is None:
                stream = sys.stdout.buffer if spec.binary else sys.stdout
                spec.write(kb, stream, flt)
                stream.flush()
                return
            tmp = out.with_name(out.name + ".part")
            try:
                # Written beside the target, then renamed: a failed export never leaves half a file.
                with tmp.open("wb") if spec.binary else tmp.open("w", encoding="utf-8", newline="") as handle:
                    n = spec.write(kb, handle, flt)
                tmp.replace(out)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
    err_console().print(f"wrote {n} {'records' if spec.name == 'jsonl' else 'items'} to {out} ({spec.name})")


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A `newsgraph export --format jsonl` file.")],
    db: DbOption = None,
) -> None:
    """Load a jsonl export into an EMPTY knowledge base (a new --db file), exactly as it was."""
    from newsgraph.kb.importer import import_jsonl
    from newsgraph.kb.store import open_kb

    path = resolve_db_path(ctx, db, current_settings())
    if not file.is_file():
        err_console().print(
            f"[red]error:[/red] no file {file}: export one with `newsgraph export --format jsonl --out FILE`"
        )
        raise typer.Exit(EXIT_USAGE)
    with handle_errors(), open_kb(path) as kb:
        result = import_jsonl(kb, file)
    err_console().print(f"imported {result.records} records ({result.documents} documents) into {path}")
