"""The analyst UI: a Dash app (map, timeline, network, dossier, claims, document view).

All JavaScript comes from the Dash, dash-leaflet, dash-cytoscape and Plotly wheels, plus the map's
point-drawing function (``mapview.MAP_JS``) served by this app itself; map tiles are
the only outside resource, and the events draw without them. Article text is untrusted: it only
ever reaches the page as React text children (escaped), never as HTML or as a link target.
"""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import dash_cytoscape as cyto
import dash_leaflet as dl
import plotly.graph_objects as go
from dash import ALL, Dash, Input, Output, State, callback_context, dash_table, dcc, html, no_update

from newsgraph.errors import NewsgraphError
from newsgraph.web import queries as q
from newsgraph.web.mapview import (
    MAP_JS,
    MAP_JS_ROUTE,
    TYPE_COLOURS,
    clicked_event,
    event_label,
    map_areas,
    map_bounds,
    map_points,
    points_layer,
)

TABLE_ROWS = 60
STATUSES = ("confirmed", "reported", "claimed", "alleged", "unverified", "denied")
PRECISION_DAYS = {"day": 1, "publication-date": 1, "week": 7}

_INPUT = {"width": "150px"}

_CSS = """
body{font-family:system-ui,sans-serif;margin:0;background:#f6f6f4;color:#222}
header{background:#243447;color:#fff;padding:8px 16px} header h1{font-size:18px;margin:0}
.filters{display:flex;gap:8px;flex-wrap:wrap;padding:8px 16px;background:#e9ecef;align-items:center}
.filters .dd{min-width:200px} section{background:#fff;margin:8px 16px;padding:8px 12px;border-radius:4px}
h2{font-size:15px;margin:4px 0 8px} .grid{display:grid;grid-template-columns:1fr 1fr;gap:0}
.doc-text{white-space:pre-wrap;line-height:1.5;max-height:480px;overflow:auto;border:1px solid #ddd;padding:8px}
.hl-mention{background:#dbe9ff} .hl-place{background:#d8f3dc;border-bottom:2px solid #2d6a4f}
.hl-time{background:#fff3bf} .hl-event{background:#ffd6d6;font-weight:600} .hl-claim{text-decoration:underline dotted}
.evidence{outline:3px solid #e8590c;background:#fff4e6} .comment{border-left:3px solid #adb5bd;padding-left:8px;margin:6px 0;color:#495057}
.tag{font-size:11px;padding:1px 5px;border-radius:3px;background:#dee2e6;margin-left:4px}
.tag-comment{background:#ffe066} table{border-collapse:collapse;font-size:13px;width:100%}
td,th{border-bottom:1px solid #eee;padding:3px 6px;text-align:left;vertical-align:top}
"""


def _index_string() -> str:
    return (
        "<!DOCTYPE html><html><head>{%metas%}<title>{%title%}</title>{%favicon%}{%css%}"
        f"<style>{_CSS}</style></head>"
        "<body>{%app_entry%}<footer>{%config%}{%scripts%}{%renderer%}</footer></body></html>"
    )


def _filter_from(values: dict[str, Any], *, limit: int = q.MAX_LIMIT) -> q.EventFilter:
    return q.EventFilter(
        date_from=values.get("from") or None,
        date_to=values.get("to") or None,
        actor=str(values["actor"]) if values.get("actor") else None,
        type=values.get("type") or None,
        place=values.get("place") or None,
        status=values.get("status") or None,
        limit=limit,
    )


def doc_href(doc_id: str, start: int, end: int) -> str:
    """The UI address of a document with one sentence marked (offsets into its raw text)."""
    return "?" + urlencode({"doc": doc_id, "s": start, "e": end})


def timeline_figure(events: list[q.EventRecord], *, title: str = "") -> go.Figure:
    """Each dated event as a bar over its date range: a month-precise event spans its month."""
    fig = go.Figure()
    by_type: dict[str, list[q.EventRecord]] = {}
    for e in events:
        if e.date_start:
            by_type.setdefault(e.type, []).append(e)
    for etype, rows in sorted(by_type.items()):
        starts, widths, labels, ids, texts = [], [], [], [], []
        for e in rows:
            start = dt.date.fromisoformat(e.date_start[:10])  # type: ignore[index]
            end = dt.date.fromisoformat((e.date_end or e.date_start)[:10])  # type: ignore[index]
            days = max((end - start).days + 1, PRECISION_DAYS.get(e.time_precision, 1))
            starts.append(start.isoformat())
            widths.append(days * 86_400_000)
            labels.append(f"{e.place.name if e.place else '?'} #{e.id}")
            ids.append(e.id)
            texts.append(f"{event_label(e)} ({e.time_precision})")
        fig.add_trace(
            go.Bar(
                x=widths,
                base=starts,
                y=labels,
                orientation="h",
                name=etype,
                marker_color=TYPE_COLOURS.get(etype, "#555"),
                customdata=ids,
                hovertext=texts,
                hoverinfo="text",
            )
        )
    fig.update_layout(
        title=title or None,
        xaxis={"type": "date"},
        yaxis={"automargin": True, "showticklabels": len(events) < 40},
        margin={"l": 10, "r": 10, "t": 30 if title else 10, "b": 30},
        height=380,
        barmode="overlay",
        legend={"orientation": "h"},
    )
    return fig


def network_elements(net: q.Network) -> list[dict[str, Any]]:
    nodes = [
        {"data": {"id": str(n.id), "label": n.name}, "classes": n.kind or n.label or "actor"}
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


_CYTO_STYLE = [
    {
        "selector": "node",
        "style": {
            "label": "data(label)",
            "font-size": 9,
            "width": 14,
            "height": 14,
            "background-color": "#4c6ef5",
        },
    },
    {"selector": ".person", "style": {"background-color": "#e8590c"}},
    {"selector": "edge", "style": {"width": 1.5, "line-color": "#adb5bd", "curve-style": "bezier"}},
    {"selector": ".acts_on", "style": {"line-color": "#fa5252", "target-arrow-shape": "triangle"}},
    {"selector": ".fights", "style": {"line-color": "#c92a2a", "width": 3}},
    {
        "selector": ".allied_with, .member_of, .part_of, .commands, .backed_by",
        "style": {"line-color": "#2b8a3e"},
    },
]


def _evidence_links(evidence: tuple[q.Evidence, ...]) -> list[Any]:
    return [
        dcc.Link(
            f"evidence{' (comment)' if ev.in_comments else ''}",
            href=doc_href(ev.doc_id, ev.sentence_start, ev.sentence_end),
            className="evidence-link",
            style={"marginRight": "6px"},
        )
        for ev in evidence
    ]


def events_table(events: list[q.EventRecord], *, max_rows: int = TABLE_ROWS) -> html.Div:
    """The first ``max_rows`` events (Dash renders thousands of rows of links slowly: ~20 s for 300)."""
    head = html.Tr([html.Th(h) for h in ("event", "when", "where", "who", "fatalities", "status", "")])
    rows = [
        html.Tr(
            [
                html.Td(f"{e.type}{'/' + e.mode if e.mode else ''}"),
                html.Td(f"{e.date_start or '—'} ({e.time_precision})"),
                html.Td(f"{e.place.name} (precision {e.place.precision})" if e.place else "—"),
                html.Td(", ".join(f"{p.role}: {p.actor_name or p.text}" for p in e.participants)),
                html.Td("" if e.fatalities is None else str(e.fatalities)),
                html.Td(e.status),
                html.Td(_evidence_links(e.evidence)),
            ],
            className="event-row",
        )
        for e in events[:max_rows]
    ]
    more = f"showing {max_rows} of {len(events)}: narrow the filters" if len(events) > max_rows else ""
    return html.Div([html.Table([html.Thead(head), html.Tbody(rows)]), html.Div(more, className="more")])


EVENT_COLUMNS = ("id", "event", "when", "where", "who", "fatalities", "status", "sources")
CLAIM_COLUMNS = ("subject", "value", "according to", "status", "comment", "date")


def _grid(ident: str, columns: tuple[str, ...]) -> Any:
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


def event_rows(events: list[q.EventRecord]) -> list[dict[str, Any]]:
    return [
        {
            "id": e.id,
            "event": f"{e.type}{'/' + e.mode if e.mode else ''}",
            "when": f"{e.date_start or '—'} ({e.time_precision})",
            "where": f"{e.place.name} (precision {e.place.precision})" if e.place else "—",
            "who": ", ".join(f"{p.role}: {p.actor_name or p.text}" for p in e.participants),
            "fatalities": e.fatalities,
            "status": e.status,
            "sources": len(e.evidence),
        }
        for e in events
    ]


def claim_rows_data(rows: list[q.ClaimRecord]) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "subject": c.subject,
            "value": c.value,
            "according to": c.attributed_to or "—",
            "status": c.status,
            "comment": "★" if c.in_comments else "",
            "date": c.date or "—",
            "doc_id": c.doc_id,
            "sentence_start": c.sentence_start,
            "sentence_end": c.sentence_end,
        }
        for c in rows
    ]


def claims_table(rows: list[q.ClaimRecord]) -> html.Table:
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
                html.Td(dcc.Link("evidence", href=doc_href(c.doc_id, c.sentence_start, c.sentence_end))),
            ],
            className="claim-row comment-claim" if c.in_comments else "claim-row",
        )
        for c in rows
    ]
    return html.Table([html.Thead(head), html.Tbody(body)])


def _segments(
    text: str, lo: int, hi: int, spans: tuple[q.Span, ...], mark: tuple[int, int] | None, seen: set[str]
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


def document_view(view: q.DocumentView, mark: tuple[int, int] | None) -> list[Any]:
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


def dossier_view(d: q.Dossier) -> list[Any]:
    a = d.actor
    where_rows = [
        html.Li(
            [
                f"{w.place.name} (precision {w.place.precision}) · {w.date_start or 'undated'} "
                f"({w.time_precision}) · {w.event_type} · {w.status} ",
                *_evidence_links(w.evidence),
            ],
            className="whereabout",
        )
        for w in d.whereabouts
    ]
    return [
        html.H3(a.name, id="dossier-name"),
        html.Div(f"{a.kind or a.label or 'actor'} · {a.mentions} mentions in {a.documents} documents"),
        html.H4("Names"),
        html.Div(", ".join(f"{x.alias} ({x.count})" for x in d.aliases) or "—", id="dossier-aliases"),
        html.H4("Titles and roles"),
        html.Ul(
            [
                html.Li(
                    [
                        f"{r.title}{' of ' + r.org_name if r.org_name else ''} ({r.published or 'undated'}) ",
                        dcc.Link("evidence", href=doc_href(r.doc_id, r.start, r.end)),
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
                    [
                        f"{f.subject_name} {f.relation} {f.object_name} ",
                        dcc.Link("evidence", href=doc_href(f.doc_id, f.start, f.end)),
                    ]
                )
                for f in d.affiliations
            ]
            or [html.Li("—")]
        ),
        html.H4("Whereabouts"),
        html.Ul(where_rows or [html.Li("—")], id="dossier-whereabouts"),
        dcc.Graph(
            figure=timeline_figure(
                [e for e in d.events if e.id in {w.event_id for w in d.whereabouts}],
                title="Whereabouts over time",
            ),
            id="dossier-timeline",
            config={"displaylogo": False},
        ),
        html.H4(f"Events ({len(d.events)})"),
        events_table(list(d.events)),
        html.H4(f"Claims ({len(d.claims)})"),
        claims_table(list(d.claims)),
    ]


def _options(db_path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    with q.open_readonly(db_path) as kb:
        actors = q.actors(kb, limit=q.MAX_LIMIT)
        types = [r[0] for r in kb.conn.execute("SELECT DISTINCT type FROM events ORDER BY type")]
    return [{"label": f"{a.name} ({a.mentions})", "value": a.id} for a in actors], types


def create_ui(db_path: str | Path, *, requests_prefix: str = "/") -> Dash:
    """The Dash app for ``db_path``; its Flask ``server`` is what the ASGI app mounts."""
    path = Path(db_path)
    actor_options, types = _options(path)
    app = Dash(
        __name__,
        title="newsgraph workbench",
        requests_pathname_prefix=requests_prefix,
        routes_pathname_prefix="/",
        serve_locally=True,
        compress=False,
        suppress_callback_exceptions=True,
        update_title="",
        external_scripts=[requests_prefix.rstrip("/") + "/" + MAP_JS_ROUTE],
    )
    # The clustered layer's pointToLayer, from this server (CSP 'self'), before the layer renders.
    app.server.add_url_rule(
        "/" + MAP_JS_ROUTE,
        "newsgraph_map_js",
        lambda: app.server.response_class(MAP_JS, mimetype="text/javascript"),
    )
    app.index_string = _index_string()
    filters = html.Div(
        [
            dcc.Input(id="f-from", type="text", placeholder="from YYYY-MM-DD", debounce=True, style=_INPUT),
            dcc.Input(id="f-to", type="text", placeholder="to YYYY-MM-DD", debounce=True, style=_INPUT),
            dcc.Dropdown(id="f-actor", options=actor_options, placeholder="actor", className="dd"),
            dcc.Dropdown(id="f-type", options=types, placeholder="event type", className="dd"),
            dcc.Dropdown(id="f-status", options=list(STATUSES), placeholder="status", className="dd"),
            dcc.Input(id="f-place", type="text", placeholder="place", debounce=True, style=_INPUT),
            html.Span(id="f-count"),
        ],
        className="filters",
    )
    app.layout = html.Div(
        [
            dcc.Location(id="url", refresh=False),
            html.Header(html.H1("newsgraph workbench")),
            filters,
            html.Div(
                [
                    html.Section(
                        [
                            html.H2("Map"),
                            dl.Map(
                                [
                                    dl.TileLayer(),
                                    dl.LayerGroup(id="ev-layer"),
                                    points_layer(),
                                ],
                                id="map",
                                center=[30, 30],
                                zoom=3,
                                style={"height": "420px"},
                            ),
                        ]
                    ),
                    html.Section(
                        [html.H2("Timeline"), dcc.Graph(id="timeline", config={"displaylogo": False})]
                    ),
                ],
                className="grid",
            ),
            html.Section(
                [
                    html.H2("Network of actors"),
                    cyto.Cytoscape(
                        id="network",
                        layout={"name": "cose", "animate": False},
                        style={"height": "420px", "width": "100%"},
                        stylesheet=_CYTO_STYLE,
                    ),
                ]
            ),
            html.Section(
                [html.H2("Document"), html.Div("Click an event or an evidence link.", id="doc-view")]
            ),
            html.Section(
                [html.H2("Actor dossier"), html.Div("Pick an actor or click a node.", id="dossier")]
            ),
            html.Section(
                [html.H2("Events (click a row for its evidence)"), _grid("events-grid", EVENT_COLUMNS)]
            ),
            html.Section(
                [
                    html.H2("Claims (click a row for its evidence; ★ = from a reader comment)"),
                    _grid("claims-grid", CLAIM_COLUMNS),
                ]
            ),
        ]
    )
    _register_callbacks(app, path)
    return app


def _fit(bounds: list[list[float]] | None) -> Any:
    """A viewport that fits the filtered events: Map's ``bounds`` only applies when it is created."""
    return {"bounds": bounds, "transition": "fitBounds"} if bounds else no_update


def _register_callbacks(app: Dash, path: Path) -> None:
    filter_inputs = [
        Input("f-from", "value"),
        Input("f-to", "value"),
        Input("f-actor", "value"),
        Input("f-type", "value"),
        Input("f-status", "value"),
        Input("f-place", "value"),
    ]

    @app.callback(
        Output("ev-layer", "children"),
        Output("ev-points", "data"),
        Output("timeline", "figure"),
        Output("network", "elements"),
        Output("events-grid", "data"),
        Output("claims-grid", "data"),
        Output("f-count", "children"),
        Output("map", "viewport"),
        *filter_inputs,
    )
    def _filtered(d_from: Any, d_to: Any, actor: Any, etype: Any, status: Any, place: Any) -> tuple[Any, ...]:
        values = {"from": d_from, "to": d_to, "actor": actor, "type": etype, "status": status, "place": place}
        f = _filter_from({k: v for k, v in values.items() if v})
        try:
            with q.open_readonly(path) as kb:
                page = q.events(kb, f)
                net = q.network(kb, f)
                claim_rows = q.claims(kb, status=f.status, limit=q.MAX_LIMIT)
        except NewsgraphError as exc:
            return [], map_points([]), go.Figure(), [], [], [], str(exc), no_update
        evs = list(page.items)
        count = f"{page.total} events" + (f" (showing {len(evs)})" if page.total > len(evs) else "")
        return (
            map_areas(evs),
            map_points(evs),
            timeline_figure(evs),
            network_elements(net),
            event_rows(evs),
            claim_rows_data(claim_rows),
            count,
            _fit(map_bounds(evs)),
        )

    @app.callback(
        Output("url", "search"),
        Input({"type": "ev-mark", "index": ALL}, "n_clicks"),
        Input("ev-points", "clickData"),
        Input("timeline", "clickData"),
        Input("events-grid", "active_cell"),
        Input("claims-grid", "active_cell"),
        State("claims-grid", "derived_viewport_data"),
        prevent_initial_call=True,
    )
    def _open_event(
        _clicks: Any, point: Any, click_data: Any, ev_cell: Any, claim_cell: Any, claim_view: Any
    ) -> Any:
        trigger = callback_context.triggered_id
        event_id: int | None = None
        if trigger == "claims-grid" and claim_cell and claim_view:
            row = claim_view[claim_cell["row"]]
            return doc_href(row["doc_id"], row["sentence_start"], row["sentence_end"])
        if trigger == "events-grid" and ev_cell:
            event_id = int(ev_cell["row_id"])
        if isinstance(trigger, dict) and trigger.get("type") == "ev-mark":
            if not any(t.get("value") for t in callback_context.triggered):
                return no_update
            event_id = int(trigger["index"])
        elif trigger == "ev-points":
            event_id = clicked_event(point)
        elif trigger == "timeline" and click_data:
            event_id = int(click_data["points"][0]["customdata"])
        if event_id is None:
            return no_update
        with q.open_readonly(path) as kb:
            event = q.get_event(kb, event_id)
        if not event.evidence:
            return no_update
        ev = event.evidence[0]
        return doc_href(ev.doc_id, ev.sentence_start, ev.sentence_end)

    @app.callback(Output("doc-view", "children"), Input("url", "search"))
    def _show_document(search: str | None) -> Any:
        params = parse_qs((search or "").lstrip("?"))
        doc = (params.get("doc") or [""])[0]
        if not doc:
            return "Click an event or an evidence link."
        try:
            mark = (int(params["s"][0]), int(params["e"][0])) if "s" in params and "e" in params else None
        except ValueError:
            mark = None
        try:
            with q.open_readonly(path) as kb:
                return document_view(q.document(kb, doc), mark)
        except NewsgraphError as exc:
            return html.Div(str(exc), className="error")

    @app.callback(
        Output("dossier", "children"),
        Input("f-actor", "value"),
        Input("network", "tapNodeData"),
    )
    def _show_dossier(actor: Any, node: Any) -> Any:
        trigger = callback_context.triggered_id
        chosen = node.get("id") if trigger == "network" and node else actor
        if not chosen:
            return "Pick an actor or click a node."
        try:
            with q.open_readonly(path) as kb:
                return dossier_view(q.dossier(kb, int(chosen)))
        except (NewsgraphError, ValueError) as exc:
            return html.Div(str(exc), className="error")

    app.clientside_callback(
        "function(children){var el=document.getElementById('evidence');"
        "if(el){el.scrollIntoView({block:'center'});}return '';}",
        Output("doc-view", "className"),
        Input("doc-view", "children"),
    )
