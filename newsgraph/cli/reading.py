"""newsgraph docs / show / search / stats."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Column, Table

from newsgraph.cli.common import (
    DbOption,
    JsonOption,
    app,
    handle_errors,
    one_line,
    open_existing,
    out_console,
    print_json,
)

# --- reading -----------------------------------------------------------------------------------


@app.command()
def docs(
    ctx: typer.Context,
    db: DbOption = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Show at most this many.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List the documents in the knowledge base."""
    from newsgraph.kb.store import origin_name
    from newsgraph.model import to_dict
    from newsgraph.query import documents as query
    from newsgraph.query.filters import DocumentFilter

    with handle_errors(), open_existing(ctx, db) as kb:
        rows = list(query.list_documents(kb, DocumentFilter(limit=limit)).items)
    if as_json:
        print_json([to_dict(r) for r in rows])
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
    out_console().print(table)


@app.command()
def show(
    ctx: typer.Context,
    doc_id: Annotated[
        str, typer.Argument(metavar="DOC_ID", help="A document id or an unambiguous prefix of one.")
    ],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one document: body, reader comments, dropped boilerplate, mentions and its events
    (the lead event first, each with the sentences that report it; background and statements apart)."""
    from newsgraph.query import documents as query

    with handle_errors(), open_existing(ctx, db) as kb:
        view = query.document_view(kb, doc_id)
        detail = query.get_document(kb, view.summary.id)
    events = document_events(view.events, view.summary.id)
    s = detail.summary
    if as_json:
        print_json(
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
                "events": [_event_json(e, s.id) for e in events],
            }
        )
        return
    out = out_console()
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
            out.print(f"  [cyan]{escape(c.author or 'anonymous')}[/cyan]: {escape(one_line(c.text, 200))}")
    if detail.dropped:
        out.print(f"\n[bold]Dropped boilerplate[/bold] ({len(detail.dropped)})")
        for d in detail.dropped:
            out.print(f"  [yellow]{escape(d.reason)}[/yellow]: {escape(one_line(d.text, 120))}")
    _print_mentions(out, detail.mentions)
    _print_events(out, events, s.id)


def document_events(events: Any, doc_id: str) -> list[Any]:
    """The document's events in reading order: the one its earliest report (the lead) tells
    first; background events (recalled history, statistics) after the current ones, statements
    (verbal acts ACLED does not code) last."""

    def first_report(e: Any) -> int:
        starts = [src.sentence_start for src in e.sources if src.document == doc_id]
        return min(starts, default=1 << 60)

    return sorted(
        events,
        key=lambda e: (
            bool(getattr(e, "statement", False)),
            bool(getattr(e, "background", False)),
            first_report(e),
        ),
    )


def _reports(e: Any, doc_id: str) -> list[Any]:
    """This document's sentences about the event, in text order (one per merged mention)."""
    return sorted((src for src in e.sources if src.document == doc_id), key=lambda src: src.sentence_start)


def _event_json(e: Any, doc_id: str) -> dict[str, Any]:
    return {
        "id": e.id,
        "type": e.type,
        "acled_sub_event_type": e.acled_sub_event_type,
        "date_start": e.date_start,
        "place": e.place.name if e.place else None,
        "fatalities": e.fatalities,
        "injured": e.injured,
        "background": bool(getattr(e, "background", False)),
        "statement": bool(getattr(e, "statement", False)),
        "in_comments": e.in_comments,
        # Each report's own sentence (the anchor mention) first, then the further sentences that
        # within-document coreference merged into it, in text order.
        "evidence": [
            row
            for src in _reports(e, doc_id)
            for row in [{"sentence": src.sentence, "start": src.sentence_start, "end": src.sentence_end}]
            + [
                {"sentence": text, "start": start, "end": end}
                for start, end, text in getattr(src, "evidence", ())
            ]
        ],
    }


def _print_events(out: Console, events: list[Any], doc_id: str) -> None:
    if not events:
        return
    said = [e for e in events if getattr(e, "statement", False)]
    done = [e for e in events if not getattr(e, "statement", False)]
    background = [e for e in done if getattr(e, "background", False)]
    told = [e for e in done if not getattr(e, "background", False)]
    current = [e for e in told if not (e.negated or e.hypothetical)]
    unreal = [e for e in told if e.negated or e.hypothetical]
    groups = (
        ("Events", current),
        ("Not reported as happening (denied, negated or hypothetical)", unreal),
        ("Background (recalled, not reported now)", background),
        ("Statements (said, not done: not ACLED events)", said),
    )
    for heading, group in groups:
        if not group:
            continue
        out.print(f"\n[bold]{heading}[/bold] ({len(group)})")
        for e in group:
            kind = e.acled_sub_event_type or e.type
            where = e.place.name if e.place else "no place"
            toll = f", {e.fatalities} killed" if e.fatalities else ""
            toll += f", {e.injured} injured" if e.injured else ""
            flags = " [yellow](negated)[/yellow]" if e.negated else ""
            flags += " [yellow](hypothetical)[/yellow]" if e.hypothetical else ""
            flags += " [yellow](in comments)[/yellow]" if e.in_comments else ""
            out.print(
                f"  [cyan]#{e.id}[/cyan] {escape(kind)} · {escape(where)} · {e.date_start or 'undated'}"
                f"{escape(toll)}{flags}"
            )
            for src in _reports(e, doc_id):
                out.print(f"      [dim]“{escape(one_line(src.sentence, 160))}”[/dim]")
                for _start, _end, text in getattr(src, "evidence", ()):
                    out.print(f"      [dim]+ “{escape(one_line(text, 160))}”[/dim]")


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
    from newsgraph.model import to_dict
    from newsgraph.query import search as search_q
    from newsgraph.query.filters import SearchFilter

    marks = ("[", "]") if as_json else ("\x02", "\x03")
    with handle_errors(), open_existing(ctx, db) as kb:
        hits = list(search_q.search(kb, SearchFilter(text, raw=raw, marks=marks, limit=limit)).items)
    if as_json:
        print_json([to_dict(h) for h in hits])
        return
    out = out_console()
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
    from newsgraph.model import to_dict
    from newsgraph.query import stats as stats_q

    with handle_errors(), open_existing(ctx, db) as kb:
        result = stats_q.stats(kb)
        actors = stats_q.top_actors(kb, limit=10)
    if as_json:
        print_json({**to_dict(result), "top_actors": [to_dict(a) for a in actors]})
        return
    table = Table("what", "count", show_header=False)
    for key, value in to_dict(result).items():
        table.add_row(key.replace("_", " "), escape(str(value)))
    out = out_console()
    out.print(table)
    if actors:
        out.print("most mentioned: " + escape(", ".join(f"{a.name} ({a.mentions})" for a in actors)))
