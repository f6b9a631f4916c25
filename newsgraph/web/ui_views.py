"""What the analyst UI draws: the timeline, the network, event and claim tables, the document
view with its highlights and the actor dossier, each from the records ``newsgraph.query`` returns
(the same records the CLI and the API print). Article text only reaches the page as React text
children (escaped), never as HTML or as a link target.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Iterable
from html import escape as html_escape
from typing import Any
from urllib.parse import urlencode

import plotly.graph_objects as go
from dash import dash_table, dcc, html

from newsgraph.query.documents import DocumentView, Span
from newsgraph.query.dossier import ActorDossier
from newsgraph.query.network import Network
from newsgraph.query.records import ClaimRecord, EventRecord, SourceRef
from newsgraph.web.mapview import TYPE_COLOURS, event_label

TABLE_ROWS = 60
PRECISION_DAYS = {"day": 1, "publication-date": 1, "week": 7}


def doc_href(doc_id: str, start: int | None = None, end: int | None = None) -> str:
    """The UI address of a document, with one sentence marked when offsets (into its raw text) are given."""
    if start is None or end is None:
        return "?" + urlencode({"doc": doc_id})
    return "?" + urlencode({"doc": doc_id, "s": start, "e": end})


def is_background(e: Any) -> bool:
    """An event the article only recalls (history, context), not one it reports. Read defensively:
    records from a knowledge base without the ``background`` column have no such field."""
    return bool(getattr(e, "background", False))


def is_statement(e: Any) -> bool:
    """A verbal act ACLED does not code ("accused", "called for"), read as defensively."""
    return bool(getattr(e, "statement", False))


def foreground(events: Iterable[EventRecord]) -> tuple[EventRecord, ...]:
    """The events an article reports, background ones and statements left out."""
    return tuple(e for e in events if not is_background(e) and not is_statement(e))


def who(e: EventRecord) -> str:
    """The event's participants as "actor: NAME, target: NAME" (a description when unnamed)."""
    return ", ".join(
        f"{role}: {p.name or p.description or ''}"
        for role, refs in (("actor", e.actors), ("target", e.targets))
        for p in refs
    )


#: How many lanes the timeline draws; the rest of the events share one "other" lane.
MAX_LANES = 14
# The network names only its NETWORK_LABELS best-connected actors at the default zoom (the rest
# on hover/tap): ~15 names fit a 420-pixel panel without piling on each other.
NETWORK_LABELS = 15


def lane_of(e: EventRecord, lanes: str) -> str:
    """The timeline lane an event is drawn in: its type, or its first named actor (else target)."""
    if lanes != "actor":
        return e.type
    for role, refs in (("", e.actors), (" (target)", e.targets)):
        for p in refs:
            if p.name:
                return p.name + role
    return "(no named actor)"


def hover_text(e: EventRecord) -> str:
    """What a timeline bar says on hover: the event, who, and its first evidence sentence.
    Plotly reads a few HTML tags in hover text, so everything from an article is escaped."""
    lines = [html_escape(f"{event_label(e)} ({e.time_precision})")]
    if who(e):
        lines.append(html_escape(who(e)))
    if e.sources:
        sentence = " ".join(e.sources[0].sentence.split())
        sentence = sentence if len(sentence) <= 160 else sentence[:157] + "..."
        # Wrapped by hand: Plotly does not wrap hover labels.
        words, line, out = sentence.split(), "", []
        for w in words:
            if len(line) + len(w) > 70:
                out.append(line)
                line = ""
            line = f"{line} {w}".strip()
        out.append(line)
        lines.extend(html_escape(f"“{x}" if i == 0 else x) for i, x in enumerate(out))
    return "<br>".join(lines)


def timeline_figure(
    events: Iterable[EventRecord], *, title: str = "", lanes: str = "type", include_background: bool = False
) -> go.Figure:
    """Each dated event as a bar over its date range (a month-precise event spans its month), in a
    lane per event type or per actor, coloured by type; background events only when asked for."""
    dated = [e for e in (events if include_background else foreground(events)) if e.date_start]
    counts: dict[str, int] = {}
    for e in dated:
        counts[lane_of(e, lanes)] = counts.get(lane_of(e, lanes), 0) + 1
    kept = set(sorted(counts, key=lambda k: (-counts[k], k))[:MAX_LANES])
    fig = go.Figure()
    by_type: dict[str, list[EventRecord]] = {}
    for e in dated:
        by_type.setdefault(e.type, []).append(e)
    for etype, rows in sorted(by_type.items()):
        starts, widths, labels, ids, texts = [], [], [], [], []
        for e in rows:
            start = dt.date.fromisoformat(e.date_start[:10])  # type: ignore[index]
            end = dt.date.fromisoformat((e.date_end or e.date_start)[:10])  # type: ignore[index]
            days = max((end - start).days + 1, PRECISION_DAYS.get(e.time_precision, 1))
            starts.append(start.isoformat())
            widths.append(days * 86_400_000)
            lane = lane_of(e, lanes)
            labels.append(lane if lane in kept else "other")
            ids.append(e.id)
            texts.append(hover_text(e))
        fig.add_trace(
            go.Bar(
                x=widths,
                base=starts,
                y=labels,
                orientation="h",
                name=etype,
                marker_color=TYPE_COLOURS.get(etype, "#555"),
                marker_line_width=0,
                width=0.7,
                customdata=ids,
                hovertext=texts,
                hoverinfo="text",
            )
        )
    order = sorted(kept, key=lambda k: (-counts[k], k)) + (["other"] if len(counts) > len(kept) else [])
    fig.update_layout(
        title=title or None,
        xaxis={"type": "date"},
        # Busiest lane on top; the lane names are the y axis labels.
        yaxis={"automargin": True, "categoryorder": "array", "categoryarray": order[::-1]},
        margin={"l": 10, "r": 10, "t": 30 if title else 10, "b": 30},
        height=max(260, 28 * len(order) + 110),
        barmode="overlay",
        legend={"orientation": "h"},
        hoverlabel={"align": "left"},
    )
    return fig


def network_elements(net: Network) -> list[dict[str, Any]]:
    """Cytoscape elements: nodes sized by their ties, the best-connected ones named."""
    degree = {n.id: 0 for n in net.nodes}
    for e in net.edges:
        degree[e.source] = degree.get(e.source, 0) + 1
        degree[e.target] = degree.get(e.target, 0) + 1
    named = set(sorted(degree, key=lambda a: (-degree[a], a))[:NETWORK_LABELS])
    nodes = [
        {
            "data": {
                "id": str(n.id),
                "label": n.name,
                "size": round(12 + 5 * math.sqrt(degree[n.id]), 1),
                "font": round(11 + 1.5 * math.sqrt(degree[n.id]), 1),
            },
            "classes": " ".join((n.kind or n.label or "actor", "named" if n.id in named else "unnamed")),
        }
        for n in net.nodes
    ]
    edges = [
        {
            "data": {
                "source": str(e.source),
                "target": str(e.target),
                "label": e.relation,
                "weight": e.weight,
            },
            "classes": e.relation,
        }
        for e in net.edges
    ]
    return nodes + edges


CYTO_STYLE = [
    {
        "selector": "node",
        "style": {
            "width": "data(size)",
            "height": "data(size)",
            "background-color": "#4c6ef5",
            "font-size": "data(font)",
            "color": "#212529",
            "text-valign": "bottom",
            "text-margin-y": 3,
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.8,
            "text-background-padding": 1,
            # Names shrinking under 7 px (zoomed out) are not drawn at all rather than smudged.
            "min-zoomed-font-size": 7,
        },
    },
    {"selector": "node.named", "style": {"label": "data(label)"}},
    # The others show their name while hovered or selected.
    {"selector": "node.unnamed:selected, node.unnamed:active", "style": {"label": "data(label)"}},
    {"selector": ".person", "style": {"background-color": "#e8590c"}},
    {"selector": "edge", "style": {"width": 1.5, "line-color": "#adb5bd", "curve-style": "bezier"}},
    {"selector": ".acts_on", "style": {"line-color": "#fa5252", "target-arrow-shape": "triangle"}},
    {"selector": ".fights", "style": {"line-color": "#c92a2a", "width": 3}},
    {
        "selector": ".allied_with, .member_of, .part_of, .commands, .backed_by",
        "style": {"line-color": "#2b8a3e"},
    },
]


def _evidence_links(evidence: tuple[SourceRef, ...]) -> list[Any]:
    return [
        dcc.Link(
            f"evidence{' (comment)' if ev.in_comments else ''}",
            href=doc_href(ev.document, ev.sentence_start, ev.sentence_end),
            className="evidence-link",
            style={"marginRight": "6px"},
        )
        for ev in evidence
    ]


def events_table(events: list[EventRecord], *, max_rows: int = TABLE_ROWS) -> html.Div:
    """The first ``max_rows`` events (Dash renders thousands of rows of links slowly: ~20 s for 300)."""
    head = html.Tr([html.Th(h) for h in ("event", "when", "where", "who", "fatalities", "status", "")])
    rows = [
        html.Tr(
            [
                html.Td(f"{e.type}{'/' + e.mode if e.mode else ''}"),
                html.Td(f"{e.date_start or '—'} ({e.time_precision})"),
                html.Td(f"{e.place.name} (precision {e.place.precision})" if e.place else "—"),
                html.Td(who(e)),
                html.Td("" if e.fatalities is None else str(e.fatalities)),
                html.Td(e.status),
                html.Td(_evidence_links(e.sources)),
            ],
            className="event-row",
        )
        for e in events[:max_rows]
    ]
    more = f"showing {max_rows} of {len(events)}: narrow the filters" if len(events) > max_rows else ""
    return html.Div([html.Table([html.Thead(head), html.Tbody(rows)]), html.Div(more, className="more")])


EVENT_COLUMNS = ("id", "event", "when", "where", "who", "fatalities", "status", "sources")
CLAIM_COLUMNS = ("subject", "value", "according to", "status", "comment", "date")


def grid(ident: str, columns: tuple[str, ...]) -> Any:
    """One DataTable component: Dash renders hundreds of rows of html components very slowly."""
    # DataTable warns that it will move out of Dash (to dash-ag-grid, not installed); it still ships.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return _data_table(ident, columns)


def _data_table(ident: str, columns: tuple[str, ...]) -> Any:
    return dash_table.DataTable(  # type: ignore[attr-defined]
        id=ident,
        columns=[{"name": c, "id": c} for c in columns],
        data=[],
        page_size=15,
        sort_action="native",
        filter_action="native",
        style_cell={
            "textAlign": "left",
            "whiteSpace": "normal",
            "height": "auto",
            "fontSize": 13,
            "cursor": "pointer",
        },
        style_table={"overflowX": "auto"},
    )


def event_rows(events: list[EventRecord]) -> list[dict[str, Any]]:
    return [
        {
            "id": e.id,
            "event": f"{e.type}{'/' + e.mode if e.mode else ''}",
            "when": f"{e.date_start or '—'} ({e.time_precision})",
            "where": f"{e.place.name} (precision {e.place.precision})" if e.place else "—",
            "who": who(e),
            "fatalities": e.fatalities,
            "status": e.status,
            "sources": len(e.sources),
        }
        for e in events
    ]


def claim_rows_data(rows: list[ClaimRecord]) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "subject": c.subject,
            "value": c.value,
            "according to": c.attributed_to or "—",
            "status": c.status,
            "comment": "★" if c.in_comments else "",
            "date": c.date or "—",
            "doc_id": c.document,
            "sentence_start": c.sentence_start,
            "sentence_end": c.sentence_end,
        }
        for c in rows
    ]


def claims_table(rows: list[ClaimRecord]) -> html.Table:
    rows = rows[:TABLE_ROWS]
    head = html.Tr([html.Th(h) for h in ("subject", "value", "according to", "status", "date", "")])
    body = [
        html.Tr(
            [
                html.Td(c.subject),
                html.Td(c.value),
                html.Td(c.attributed_to or "—"),
                html.Td(
                    [
                        c.status,
                        html.Span("reader comment", className="tag tag-comment") if c.in_comments else "",
                    ]
                ),
                html.Td(c.date or "—"),
                html.Td(dcc.Link("evidence", href=doc_href(c.document, c.sentence_start, c.sentence_end))),
            ],
            className="claim-row comment-claim" if c.in_comments else "claim-row",
        )
        for c in rows
    ]
    return html.Table([html.Thead(head), html.Tbody(body)])


def _segments(
    text: str, lo: int, hi: int, spans: tuple[Span, ...], mark: tuple[int, int] | None, seen: set[str]
) -> list[Any]:
    """``text[lo:hi]`` as React children with highlight classes; the marked sentence wrapped in
    ``.evidence`` spans, the first of which is ``#evidence`` (``seen`` remembers it across regions)."""
    inside = [s for s in spans if s.end > lo and s.start < hi and s.kind != "claim"]
    cuts = {lo, hi}
    for s in inside:
        cuts.update((max(lo, s.start), min(hi, s.end)))
    if mark:
        cuts.update(c for c in mark if lo < c < hi)
    points = sorted(cuts)
    out: list[Any] = []
    marked: list[Any] = []
    for a, b in zip(points, points[1:], strict=False):
        kinds = sorted({s.kind for s in inside if s.start <= a and s.end >= b})
        piece = text[a:b]
        title = "; ".join(f"{s.kind}: {s.label}" for s in inside if s.start <= a and s.end >= b)
        node: Any = (
            html.Span(piece, className=" ".join(f"hl-{k}" for k in kinds), title=title) if kinds else piece
        )
        if mark and mark[0] <= a and b <= mark[1]:
            marked.append(node)
            continue
        if marked:
            out.append(_evidence_span(marked, seen))
            marked = []
        out.append(node)
    if marked:
        out.append(_evidence_span(marked, seen))
    return out


def _evidence_span(children: list[Any], seen: set[str]) -> Any:
    if "evidence" in seen:
        return html.Span(children, className="evidence")
    seen.add("evidence")
    return html.Span(children, id="evidence", className="evidence")


def document_view(view: DocumentView, mark: tuple[int, int] | None) -> list[Any]:
    s = view.summary
    body_regions = view.body_spans or ((0, len(view.text)),)
    body: list[Any] = []
    seen: set[str] = set()
    for i, (lo, hi) in enumerate(body_regions):
        if i:
            body.append("\n\n")
        body.extend(_segments(view.text, lo, hi, view.spans, mark, seen))
    if mark and not any(lo <= mark[0] < hi for lo, hi in body_regions):
        body.insert(0, html.Div("(the marked sentence is in a reader comment below)"))
    comments = [
        html.Div(
            [
                html.B(c.author or "anonymous"),
                ": ",
                *_segments(view.text, c.start, c.end, view.spans, mark, seen),
            ],
            className="comment",
        )
        for c in view.comments
    ]
    meta = f"{s.source or 'unknown source'} · {s.published or 'undated'} · {s.id}"
    return [
        html.H3(s.title or "(untitled)", id="doc-title"),
        html.Div(meta, className="doc-meta"),
        html.Div(s.url or "", className="doc-url"),  # shown as text: a stored URL is untrusted
        html.Div(
            [html.Span(k, className=f"tag hl-{k}") for k in ("mention", "place", "time", "event", "claim")],
            style={"margin": "4px 0"},
        ),
        html.Div(body, className="doc-text", id="doc-text"),
        html.H4(f"Reader comments ({len(view.comments)})"),
        html.Div(comments or "none", id="doc-comments"),
        html.H4(f"Dropped boilerplate ({len(view.dropped)})"),
        html.Ul([html.Li(f"{d.reason}: {d.text[:160]}") for d in view.dropped], id="doc-dropped"),
    ]


def dossier_view(d: ActorDossier, claims: tuple[ClaimRecord, ...]) -> list[Any]:
    """The actor's dossier as ``newsgraph actor`` and ``/api/actors/{id}`` give it, with its claims."""
    where_rows = [
        html.Li(
            [
                f"{w.place.name} (precision {w.place.precision}) · {w.date_start or 'undated'} "
                f"({w.time_precision}) · {w.event.type} · {w.status} ",
                *_evidence_links(w.sources),
            ],
            className="whereabout",
        )
        for w in d.whereabouts
    ]
    kind = ", ".join(x for x in (d.kind, d.sector, d.country) if x) or "actor"
    return [
        html.H3(d.name, id="dossier-name"),
        html.Div(f"{kind} · {d.mentions} mentions in {len(d.documents)} documents"),
        html.H4("Names"),
        html.Div(", ".join(d.aliases) or "—", id="dossier-aliases"),
        html.H4("Titles and roles"),
        html.Ul(
            [
                html.Li(
                    [
                        f"{r.title}{' of ' + r.of if r.of else ''} ({r.date or 'undated'}) ",
                        dcc.Link("document", href=doc_href(r.document)),
                    ]
                )
                for r in d.roles
            ]
            or [html.Li("—")]
        ),
        html.H4("Affiliations"),
        html.Ul(
            [
                html.Li(
                    [f"{f.relation} {f.other} ", dcc.Link("document", href=doc_href(f.document))]
                    if f.document
                    else f"{f.relation} {f.other} (actor dictionary)"
                )
                for f in d.affiliations
            ]
            or [html.Li("—")]
        ),
        html.H4("Whereabouts"),
        html.Ul(where_rows or [html.Li("—")], id="dossier-whereabouts"),
        dcc.Graph(
            figure=timeline_figure(
                [e for e in d.events if e.id in {w.event.id for w in d.whereabouts}],
                title="Whereabouts over time",
            ),
            id="dossier-timeline",
            config={"displaylogo": False},
        ),
        html.H4(f"Events ({len(d.events)})"),
        events_table(list(d.events)),
        html.H4(f"Claims ({len(claims)})"),
        claims_table(list(claims)),
    ]
