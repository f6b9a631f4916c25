"""newsgraph actors [QUERY] (list, merge, split) / actor NAME (dossier)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

from newsgraph.cli.common import (
    EXIT_USAGE,
    DbOption,
    JsonOption,
    app,
    err_console,
    handle_errors,
    one_line,
    open_existing,
    out_console,
    print_json,
)

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase


class _QueryOrCommandGroup(TyperGroup):
    """`actors QUERY` lists, `actors merge ...` runs a subcommand: a group whose optional argument
    would otherwise swallow the subcommand's name."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # typer's own click Context
        if args and args[0] in self.commands:
            ctx.allow_interspersed_args = False
            args = ["", *args]  # an empty QUERY, so the name stays a subcommand
        else:
            ctx.allow_interspersed_args = True  # `actors quds --json`: options after QUERY
        return super().parse_args(ctx, args)


actors_app = typer.Typer(
    cls=_QueryOrCommandGroup,
    help="Actors in the knowledge base; `merge`/`split` record analyst decisions that re-ingest keeps.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(actors_app, name="actors")

CommentsOption = Annotated[
    bool,
    typer.Option("--include-comments", help="Also list actors named only in reader comments (marked)."),
]


def _short_roles(roles: Any, limit: int = 3) -> str:
    seen = dict.fromkeys(f"{r.title} of {r.of}" if r.of else r.title for r in roles)
    return ", ".join(list(seen)[:limit]) + (" …" if len(seen) > limit else "")


def _short_affiliations(affiliations: Any, limit: int = 3) -> str:
    seen = dict.fromkeys(f"{a.relation} {a.other}" for a in affiliations)
    return ", ".join(list(seen)[:limit]) + (" …" if len(seen) > limit else "")


@actors_app.callback()
def actors(
    ctx: typer.Context,
    query: Annotated[
        str | None,
        typer.Argument(metavar="QUERY", help="Only actors whose name or an alias contains this (any case)."),
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="person, state, government, military, armed_group, ...")
    ] = None,
    include_comments: CommentsOption = False,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Show at most this many.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List actors, most mentioned first, with aliases, kind, roles, affiliations and mention counts."""
    if ctx.invoked_subcommand is not None:
        return
    from newsgraph.query.actors import as_json as to_json
    from newsgraph.query.actors import list_actors
    from newsgraph.query.filters import ActorFilter

    flt = ActorFilter(query=query or None, kind=kind, include_comments=include_comments, limit=limit)
    with handle_errors(), open_existing(ctx, db) as kb:
        rows = list_actors(kb, flt).items
    if as_json:
        print_json([to_json(r) for r in rows])
        return
    if not rows:
        out_console().print("no actors match: try without QUERY/--kind, or ingest articles first")
        return
    table = Table("id", "mentions", "docs", "kind", "country")
    table.add_column("name", overflow="fold", min_width=12)
    table.add_column("aliases; roles; affiliations", overflow="fold", ratio=1)
    for r in rows:
        details = "; ".join(x for x in (", ".join(r.aliases[1:]), _short_roles(r.roles),
                                          _short_affiliations(r.affiliations)) if x)  # fmt: skip
        table.add_row(
            str(r.id), str(r.mentions), str(len(r.documents)),
            "/".join(x for x in (r.kind, r.sector) if x) or "-", r.country or "-",
            escape(r.name) + (" (comments)" if r.from_comments else ""), escape(one_line(details, 200)),
        )  # fmt: skip
    out_console().print(table)


@actors_app.command("merge")
def merge(
    ctx: typer.Context,
    subject: Annotated[str, typer.Argument(metavar="A", help="The actor (name, alias or id) to merge away.")],
    into: Annotated[str, typer.Argument(metavar="B", help="The actor (name, alias or id) it joins.")],
    note: Annotated[str, typer.Option("--note", help="Why (kept with the decision).")] = "",
    db: DbOption = None,
) -> None:
    """Merge actor A into actor B; stored as a decision that re-ingest re-applies."""
    with handle_errors(), _candidates_on_ambiguity(), open_existing(ctx, db) as kb:
        kept = merge_actors(kb, subject, into, note=note)
    out_console().print(f"merged {escape(subject)!s} into {escape(into)} (actor {kept})")


@actors_app.command("split")
def split(
    ctx: typer.Context,
    actor: Annotated[str, typer.Argument(help="The actor (name, alias or id) to split.")],
    alias: Annotated[
        list[str], typer.Option("--alias", help="A spelling to move into the new actor (repeatable).")
    ],
    note: Annotated[str, typer.Option("--note", help="Why (kept with the decision).")] = "",
    db: DbOption = None,
) -> None:
    """Move the mentions spelled ALIAS out of ACTOR into a new actor; re-ingest keeps them apart."""
    with handle_errors(), _candidates_on_ambiguity(), open_existing(ctx, db) as kb:
        old, new = split_actor(kb, actor, alias, note=note)
    out_console().print(f"split {', '.join(map(escape, alias))} off actor {old} into actor {new}")


def merge_actors(kb: KnowledgeBase, subject: str, into: str, *, note: str = "") -> int:
    """Merge the actor ``subject`` names into the one ``into`` names; returns the kept actor's id.

    The names are read through ``query`` (which actor they mean) and the decision is written by
    the knowledge base under the actors' resolution keys, so re-ingest re-applies it."""
    from newsgraph.errors import KnowledgeBaseError
    from newsgraph.query.dossier import actor_key, find_actor

    a, b = find_actor(kb, subject), find_actor(kb, into)
    if a == b:
        raise KnowledgeBaseError(f"{subject!r} and {into!r} are already one actor (id {a})")
    into_key = actor_key(kb, b)
    kb.merge_actors(actor_key(kb, a), into_key, note=note)
    return find_actor(kb, into_key)


def split_actor(kb: KnowledgeBase, actor: str, aliases: list[str], *, note: str = "") -> tuple[int, int]:
    """Move the mentions of ``actor`` spelled as ``aliases`` into a new actor: (old id, new id)."""
    from newsgraph.query.dossier import find_actor

    old = find_actor(kb, actor)
    return old, kb.split_actor(old, aliases, note=note)


class _candidates_on_ambiguity:  # noqa: N801  (used like a function: `with _candidates_on_ambiguity():`)
    """An ambiguous NAME prints its candidates (id, name, kind) and exits 2."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        from newsgraph.query.dossier import AmbiguousActorError

        if isinstance(exc, AmbiguousActorError):
            console = err_console()
            console.print(
                f"[red]error:[/red] {escape(repr(exc.text))} fits {len(exc.candidates)} actors;"
                " pass one of these ids, or a fuller name:"
            )
            for c in exc.candidates:
                console.print(f"  {c.id}\t{escape(c.name)}\t{c.kind or '-'}\t{c.mentions} mentions")
            raise typer.Exit(EXIT_USAGE) from None


@app.command("actor")
def actor(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help="An actor's name, alias or id (`newsgraph actors` lists them).")
    ],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """An actor's dossier: aliases, roles over time, affiliations, documents, mentions, events."""
    from newsgraph.query.dossier import actor_dossier
    from newsgraph.query.filters import DossierFilter
    from newsgraph.query.records import as_json as to_json

    with handle_errors(), _candidates_on_ambiguity(), open_existing(ctx, db) as kb:
        dossier = actor_dossier(kb, DossierFilter(name))
    if as_json:
        print_json(to_json(dossier))
        return
    _print_dossier(out_console(), dossier)


def _print_dossier(out: Console, d: Any) -> None:
    where = ", ".join(x for x in (d.kind, d.sector, d.country) if x)
    out.print(f"[bold]{escape(d.name)}[/bold] (actor {d.id}; {escape(where or 'kind unknown')})")
    out.print(f"aliases: {escape(', '.join(d.aliases))}")
    out.print(
        f"mentions: {d.mentions} in article bodies, {d.comment_mentions} in comments; documents: {len(d.documents)}"
    )
    if d.roles:
        out.print("roles:")
        for r in d.roles:
            of = f" of {r.of}" if r.of else ""
            out.print(f"  {r.date or 'undated'}  {escape(r.title + of)}  " + escape(f"[{r.document[:12]}]"))
    if d.affiliations:
        out.print("affiliations:")
        for a in d.affiliations:
            where = a.document[:12] if a.document else "dictionary"
            out.print("  " + escape(f"{a.relation} {a.other}  [{where}]"))
    merges = [m for m in d.merged_because if m.reason not in ("same actor key", "dictionary canonical name")]
    if merges:
        out.print("merged because:")
        for m in merges:
            out.print(f"  {escape(m.alias)}: {escape(m.reason)}")
    if d.events:
        out.print("events:")
        for e in d.events:
            place = e.place.name if e.place else "?"
            out.print(f"  {e.id}  {e.date_start or 'undated'}  {e.type}/{e.mode or '-'}  {escape(place)}")
    if d.whereabouts:
        out.print("whereabouts:")
        for w in d.whereabouts:
            out.print(f"  {w.date_start or 'undated'}  {escape(w.place.name)}  ({w.status})")
    if d.mention_sentences:
        out.print("mentions:")
        for m in d.mention_sentences:
            flag = " (comment)" if m.in_comments else ""
            out.print("  " + escape(f"[{m.document[:12]}]{flag} {one_line(m.sentence, 160)}"))
