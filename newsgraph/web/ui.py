"""The analyst UI: a Dash app (map, timeline, network, dossier, claims, document view).

All JavaScript comes from the Dash, dash-leaflet, dash-cytoscape and Plotly wheels, plus the map's
point-drawing and basemap functions (``mapview.MAP_JS``, ``basemap.BASEMAP_JS``) served by this app
itself. The map draws its offline basemap (``basemap``) from package data; online tiles are an
option switched off by default, so nothing leaves the machine unless the analyst asks for tiles. Article text is untrusted: it only
ever reaches the page as React text children (escaped), never as HTML or as a link target.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import dash_cytoscape as cyto
import dash_leaflet as dl
import plotly.graph_objects as go
from dash import ALL, Dash, Input, Output, State, callback_context, dcc, html, no_update

from newsgraph.errors import NewsgraphError
from newsgraph.query.actors import list_actors
from newsgraph.query.claims import list_claims
from newsgraph.query.documents import document_view as read_document
from newsgraph.query.dossier import actor_dossier
from newsgraph.query.events import event_types, get_event, list_events
from newsgraph.query.filters import ActorFilter, ClaimFilter, DossierFilter, EventFilter, NetworkFilter
from newsgraph.query.handle import MAX_LIMIT, open_readonly
from newsgraph.query.network import network
from newsgraph.web.basemap import (
    BASEMAP_CSS,
    BASEMAP_JS,
    LABELS_ROUTE,
    WORLD_ROUTE,
    basemap_layers,
    basemap_text,
)
from newsgraph.web.mapview import (
    MAP_JS,
    MAP_JS_ROUTE,
    clicked_event,
    map_areas,
    map_bounds,
    map_points,
    points_layer,
)
from newsgraph.web.ui_views import (
    CLAIM_COLUMNS,
    CYTO_STYLE,
    EVENT_COLUMNS,
    claim_rows_data,
    doc_href,
    document_view,
    dossier_view,
    event_rows,
    foreground,
    grid,
    network_elements,
    timeline_figure,
)

STATUSES = ("confirmed", "reported", "claimed", "alleged", "unverified", "denied")

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
        f"<style>{_CSS}{BASEMAP_CSS}</style></head>"
        "<body>{%app_entry%}<footer>{%config%}{%scripts%}{%renderer%}</footer></body></html>"
    )


def _date(text: Any) -> dt.date | None:
    """A typed-in date, or None while it is not (yet) a full YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(str(text).strip()) if text else None
    except ValueError:
        return None


def _filter_from(values: dict[str, Any], *, limit: int = MAX_LIMIT) -> EventFilter:
    """The event filter the controls describe: the same one the CLI options and API parameters build."""
    return EventFilter(
        since=_date(values.get("from")),
        until=_date(values.get("to")),
        actor=str(values["actor"]) if values.get("actor") else None,
        type=values.get("type") or None,
        place=values.get("place") or None,
        status=values.get("status") or None,
        include_comments=bool(values.get("comments")),
        limit=limit,
    )


def _options(db_path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    with open_readonly(db_path) as kb:
        actors = list_actors(kb, ActorFilter(limit=MAX_LIMIT)).items
        types = list(event_types(kb))
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
        lambda: app.server.response_class(MAP_JS + BASEMAP_JS, mimetype="text/javascript"),
    )
    for route, name in ((WORLD_ROUTE, "world.json"), (LABELS_ROUTE, "labels.json")):
        app.server.add_url_rule(
            "/" + route,
            f"newsgraph_basemap_{name.split('.')[0]}",
            lambda name=name: app.server.response_class(basemap_text(name), mimetype="application/json"),
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
            dcc.Checklist(id="f-comments", options=[{"label": "reader comments", "value": "yes"}], value=[]),
            # Background events (history an article recalls) are hidden unless asked for.
            dcc.Checklist(
                id="f-background", options=[{"label": "background events", "value": "yes"}], value=[]
            ),
            dcc.RadioItems(
                id="f-lanes",
                options=[
                    {"label": "lanes by type", "value": "type"},
                    {"label": "by actor", "value": "actor"},
                ],
                value="type",
                inline=True,
            ),
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
                                    *basemap_layers(requests_prefix),
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
                        # cose's own spacing: pushing nodes further apart shrinks the fitted
                        # zoom until the names fall under the readable size (tried: 40,000 repulsion).
                        layout={"name": "cose", "animate": False},
                        style={"height": "420px", "width": "100%"},
                        stylesheet=CYTO_STYLE,
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
                [html.H2("Events (click a row for its evidence)"), grid("events-grid", EVENT_COLUMNS)]
            ),
            html.Section(
                [
                    html.H2("Claims (click a row for its evidence; ★ = from a reader comment)"),
                    grid("claims-grid", CLAIM_COLUMNS),
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
        Input("f-comments", "value"),
        Input("f-background", "value"),
        Input("f-lanes", "value"),
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
    def _filtered(
        d_from: Any,
        d_to: Any,
        actor: Any,
        etype: Any,
        status: Any,
        place: Any,
        comments: Any,
        background: Any,
        lanes: Any,
    ) -> tuple[Any, ...]:
        values = {"from": d_from, "to": d_to, "actor": actor, "type": etype, "status": status, "place": place}
        f = _filter_from({**{k: v for k, v in values.items() if v}, "comments": bool(comments)})
        try:
            with open_readonly(path) as kb:
                page = list_events(kb, f)
                net = network(kb, NetworkFilter(events=dataclasses.replace(f, limit=None)))
                claim_rows = list_claims(
                    kb, ClaimFilter(status=f.status, include_comments=f.include_comments, limit=MAX_LIMIT)
                ).items
        except NewsgraphError as exc:
            return [], map_points([]), go.Figure(), [], [], [], str(exc), no_update
        evs = list(page.items) if background else list(foreground(page.items))
        hidden = len(page.items) - len(evs)
        total = page.total - hidden
        count = f"{total} events" + (f" (showing {len(evs)})" if total > len(evs) else "")
        count += f", {hidden} background hidden" if hidden else ""
        return (
            map_areas(evs),
            map_points(evs),
            timeline_figure(evs, lanes=lanes or "type", include_background=bool(background)),
            network_elements(net),
            event_rows(evs),
            claim_rows_data(list(claim_rows)),
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
        with open_readonly(path) as kb:
            event = get_event(kb, event_id)
        if not event.sources:
            return no_update
        ev = event.sources[0]
        return doc_href(ev.document, ev.sentence_start, ev.sentence_end)

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
            with open_readonly(path) as kb:
                return document_view(read_document(kb, doc), mark)
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
            with open_readonly(path) as kb:
                d = actor_dossier(kb, DossierFilter(str(int(chosen))))
                claims = list_claims(kb, ClaimFilter(actor=str(d.id), include_comments=True)).items
                return dossier_view(d, claims)
        except (NewsgraphError, ValueError) as exc:
            return html.Div(str(exc), className="error")

    app.clientside_callback(
        "function(children){var el=document.getElementById('evidence');"
        "if(el){el.scrollIntoView({block:'center'});}return '';}",
        Output("doc-view", "className"),
        Input("doc-view", "children"),
    )
