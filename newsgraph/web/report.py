"""`newsgraph report`: one self-contained, offline HTML brief (map, timeline, network, key actors, events).

Plotly's JavaScript is inlined from the plotly wheel; the map is a plain longitude/latitude plot
(no tiles, no topojson download), so the file opens anywhere with no network. Every string from
the knowledge base is HTML-escaped, and the JSON handed to the inline script has ``<`` escaped so
a ``</script>`` inside an article cannot close the script element.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.query.actors import ActorSummary, list_actors
from newsgraph.query.events import list_events
from newsgraph.query.filters import ActorFilter, EventFilter, NetworkFilter
from newsgraph.query.handle import MAX_LIMIT, open_readonly
from newsgraph.query.network import Network, network
from newsgraph.query.records import EventRecord
from newsgraph.web.mapview import TYPE_COLOURS
from newsgraph.web.ui_views import PRECISION_DAYS, who

KEY_ACTORS = 15


@dataclass(frozen=True, slots=True)
class Brief:
    """What a brief shows (for tests and other formats)."""

    events: tuple[EventRecord, ...]
    total_events: int
    actors: tuple[ActorSummary, ...]
    network: Network
    filters: EventFilter


def gather(kb: Any, f: EventFilter) -> Brief:
    page = list_events(kb, f)
    actors = list_actors(kb, ActorFilter(limit=KEY_ACTORS)).items
    net = network(kb, NetworkFilter(events=dataclasses.replace(f, limit=None, offset=0), max_nodes=60))
    return Brief(page.items, page.total, actors, net, f)


def _json(value: Any) -> str:
    """JSON safe to place inside <script>: no '<', '>' or '&' survive literally."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _map_figure(events: tuple[EventRecord, ...]) -> dict[str, Any]:
    traces: list[dict[str, Any]] = []
    by_type: dict[str, list[EventRecord]] = {}
    for e in events:
        if e.place is not None:
            by_type.setdefault(e.type, []).append(e)
    for etype, rows in sorted(by_type.items()):
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": etype,
                "x": [e.place.lon for e in rows if e.place],
                "y": [e.place.lat for e in rows if e.place],
                "text": [
                    f"#{e.id} {e.type} · {e.place.name if e.place else ''} · {e.date_start or 'undated'}"
                    for e in rows
                ],
                "hoverinfo": "text",
                "marker": {
                    "color": TYPE_COLOURS.get(etype, "#555"),
                    "size": [min(30.0, 8 + 3 * math.sqrt(e.fatalities or 0)) for e in rows],
                    # Province/country-precise events are hollow rings: not a pin on a town.
                    "symbol": [
                        "circle-open" if (e.place and (e.place.precision or 1) >= 3) else "circle"
                        for e in rows
                    ],
                    "line": {"width": 2},
                },
            }
        )
    layout = {
        "title": "Events by place (rings: located only to a province or country)",
        "xaxis": {"title": "longitude"},
        "yaxis": {"title": "latitude", "scaleanchor": "x"},
        "height": 460,
        "margin": {"t": 40, "l": 50, "r": 10, "b": 40},
    }
    return {"data": traces, "layout": layout}


def _timeline_figure(events: tuple[EventRecord, ...]) -> dict[str, Any]:
    traces: list[dict[str, Any]] = []
    by_type: dict[str, list[EventRecord]] = {}
    for e in events:
        if e.date_start:
            by_type.setdefault(e.type, []).append(e)
    for etype, rows in sorted(by_type.items()):
        bases, widths, labels = [], [], []
        for e in rows:
            start = dt.date.fromisoformat((e.date_start or "")[:10])
            end = dt.date.fromisoformat((e.date_end or e.date_start or "")[:10])
            days = max((end - start).days + 1, PRECISION_DAYS.get(e.time_precision, 1))
            bases.append(start.isoformat())
            widths.append(days * 86_400_000)
            labels.append(f"{e.place.name if e.place else '?'} #{e.id}")
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": etype,
                "base": bases,
                "x": widths,
                "y": labels,
                "marker": {"color": TYPE_COLOURS.get(etype, "#555")},
            }
        )
    layout = {
        "title": "Timeline (bars span each event's date precision: a month-precise event spans its month)",
        "xaxis": {"type": "date"},
        "yaxis": {"automargin": True},
        "height": max(300, 14 * sum(len(r) for r in by_type.values()) + 120),
        "barmode": "overlay",
        "margin": {"t": 40, "l": 10, "r": 10, "b": 40},
    }
    return {"data": traces, "layout": layout}


def _network_figure(net: Network) -> dict[str, Any]:
    """Actors on a circle, ties as lines: readable without a layout library."""
    n = max(len(net.nodes), 1)
    pos = {
        node.id: (math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n))
        for i, node in enumerate(net.nodes)
    }
    ex: list[float | None] = []
    ey: list[float | None] = []
    for edge in net.edges:
        (x0, y0), (x1, y1) = pos[edge.source], pos[edge.target]
        ex += [x0, x1, None]
        ey += [y0, y1, None]
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "x": ex,
                "y": ey,
                "hoverinfo": "skip",
                "line": {"color": "#adb5bd"},
            },
            {
                "type": "scatter",
                "mode": "markers+text",
                "x": [pos[n.id][0] for n in net.nodes],
                "y": [pos[n.id][1] for n in net.nodes],
                "text": [n.name for n in net.nodes],
                "textposition": "top center",
                "marker": {
                    "size": 10,
                    "color": ["#e8590c" if n.kind == "person" else "#4c6ef5" for n in net.nodes],
                },
            },
        ],
        "layout": {
            "title": "Network of actors (shared events and affiliations)",
            "showlegend": False,
            "xaxis": {"visible": False},
            "yaxis": {"visible": False, "scaleanchor": "x"},
            "height": 520,
            "margin": {"t": 40, "l": 10, "r": 10, "b": 10},
        },
    }


def _events_table(events: tuple[EventRecord, ...]) -> str:
    e_ = html.escape
    rows = []
    for e in events:
        evidence = " / ".join(
            f"{ev.sentence.strip()[:300]} [{ev.title or ev.document}{', reader comment' if ev.in_comments else ''}]"
            for ev in e.sources
        )
        rows.append(
            "<tr>"
            f"<td>{e.id}</td><td>{e_(e.type)}{'/' + e_(e.mode) if e.mode else ''}</td>"
            f"<td>{e_(e.date_start or '—')} ({e_(e.time_precision)})</td>"
            f"<td>{e_(e.place.name) + f' (precision {e.place.precision})' if e.place else '—'}</td>"
            f"<td>{e_(who(e))}</td><td>{'' if e.fatalities is None else e.fatalities}</td>"
            f"<td>{e_(e.status)}</td><td class='ev'>{e_(evidence)}</td></tr>"
        )
    head = "".join(
        f"<th>{h}</th>" for h in ("#", "event", "when", "where", "who", "fatalities", "status", "evidence")
    )
    return f"<table id='events'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def render(brief: Brief, *, title: str = "newsgraph brief") -> str:
    """The brief as one HTML page with everything inline."""
    from plotly.offline import get_plotlyjs

    e_ = html.escape
    f = brief.filters
    applied = ", ".join(
        f"{k}={v}"
        for k, v in (
            ("from", f.since),
            ("to", f.until),
            ("actor", f.actor),
            ("type", f.type),
            ("place", f.place),
            ("status", f.status),
        )
        if v
    )
    figures = {
        "map": _map_figure(brief.events),
        "timeline": _timeline_figure(brief.events),
        "network": _network_figure(brief.network),
    }
    actors = "".join(
        f"<li>{e_(a.name)} <small>({e_(a.kind or 'actor')}, {a.mentions} mentions, {len(a.documents)} documents)</small></li>"
        for a in brief.actors
    )
    shown = len(brief.events)
    note = f"{brief.total_events} events" + (
        f", the first {shown} shown" if shown < brief.total_events else ""
    )
    plotly_js = get_plotlyjs().replace("</script", "<\\/script")
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{e_(title)}</title>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; script-src 'unsafe-inline' "
        "'unsafe-eval'; style-src 'unsafe-inline'; img-src data:\">"
        "<style>body{font-family:system-ui,sans-serif;margin:16px;color:#222}table{border-collapse:collapse;"
        "font-size:12px}td,th{border-bottom:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}"
        "td.ev{max-width:520px}</style>"
        f"<script>{plotly_js}</script></head><body>"
        f"<h1>{e_(title)}</h1><p>Generated {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC · {e_(note)}"
        f"{' · filters: ' + e_(applied) if applied else ''}</p>"
        "<div id='map'></div><div id='timeline'></div><div id='network'></div>"
        f"<h2>Key actors</h2><ol id='actors'>{actors}</ol>"
        f"<h2>Events</h2>{_events_table(brief.events)}"
        f"<script>var FIGS = {_json(figures)};"
        "for (var k in FIGS) { Plotly.newPlot(k, FIGS[k].data, FIGS[k].layout, {displaylogo: false}); }</script>"
        "</body></html>"
    )


def write_report(db_path: str | Path, out: str | Path, f: EventFilter | None = None) -> Brief:
    """Write the brief for the knowledge base at ``db_path`` to ``out``; returns what it shows."""
    f = f or EventFilter(limit=MAX_LIMIT)
    with open_readonly(db_path) as kb:
        brief = gather(kb, f)
    Path(out).write_text(render(brief), encoding="utf-8")
    return brief
