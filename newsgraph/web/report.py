"""`newsgraph report`: one self-contained, offline HTML brief (map, timeline, network, key actors, events).

Everything in a brief follows its filter: the events are the filtered ones, the key actors and the
network are the actors taking part in them (a brief on one actor shows that actor's neighbourhood,
not the whole knowledge base's strongest actors). Background events (history an article recalls)
are left out. Plotly's JavaScript is inlined from the plotly wheel; the map is an inline SVG of the
offline basemap (``report_map``), so the file opens anywhere with no network. Every string from
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

from newsgraph.query.events import list_events
from newsgraph.query.filters import EventFilter, NetworkFilter
from newsgraph.query.handle import MAX_LIMIT, open_readonly
from newsgraph.query.network import Network, network
from newsgraph.query.records import EventRecord
from newsgraph.web.report_map import svg_map
from newsgraph.web.ui_views import foreground, timeline_figure, who

KEY_ACTORS = 15
# The brief's network: at most this many actors (a page-wide circle stays readable up to ~40) and
# names on the NETWORK_LABELS best-connected only.
NETWORK_NODES = 40
NETWORK_LABELS = 20


@dataclass(frozen=True, slots=True)
class KeyActor:
    """An actor of the brief's slice and how many of its events it takes part in."""

    id: int
    name: str
    kind: str | None
    events: int


@dataclass(frozen=True, slots=True)
class Brief:
    """What a brief shows (for tests and other formats)."""

    events: tuple[EventRecord, ...]
    total_events: int
    actors: tuple[KeyActor, ...]
    network: Network
    filters: EventFilter


def key_actors(events: tuple[EventRecord, ...]) -> tuple[KeyActor, ...]:
    """The named actors taking part in ``events``, most events first (then name)."""
    counts: dict[int, int] = {}
    names: dict[int, str] = {}
    for e in events:
        for p in {p.id: p for p in (*e.actors, *e.targets) if p.id is not None}.values():
            assert p.id is not None
            counts[p.id] = counts.get(p.id, 0) + 1
            names[p.id] = p.name or p.description or str(p.id)
    ranked = sorted(counts, key=lambda a: (-counts[a], names[a]))
    return tuple(KeyActor(a, names[a], None, counts[a]) for a in ranked)


def slice_network(net: Network, members: set[int]) -> Network:
    """``net`` cut down to the slice's actors and the ties between them."""
    nodes = tuple(n for n in net.nodes if n.id in members)[:NETWORK_NODES]
    kept = {n.id for n in nodes}
    edges = tuple(e for e in net.edges if e.source in kept and e.target in kept)
    return Network(nodes, edges, len(nodes))


def gather(kb: Any, f: EventFilter) -> Brief:
    page = list_events(kb, f)
    events = foreground(page.items)
    hidden = len(page.items) - len(events)
    actors = key_actors(events)
    # The network query ranks actors by their affiliations too, filter or not: only the actors of
    # the slice's own events stay (their ties to each other, affiliations included).
    net = network(kb, NetworkFilter(events=dataclasses.replace(f, limit=None, offset=0), max_nodes=400))
    kinds = {n.id: n.kind for n in net.nodes}
    actors = tuple(dataclasses.replace(a, kind=kinds.get(a.id)) for a in actors)
    return Brief(events, page.total - hidden, actors, slice_network(net, {a.id for a in actors}), f)


def _json(value: Any) -> str:
    """JSON safe to place inside <script>: no '<', '>' or '&' survive literally."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _timeline_figure(events: tuple[EventRecord, ...]) -> dict[str, Any]:
    """The workbench's timeline (lanes by event type, evidence on hover) as a Plotly figure dict."""
    fig = timeline_figure(events, title="Timeline (each bar spans its event's date precision)")
    figure: dict[str, Any] = json.loads(fig.to_json())
    return figure


def _network_figure(net: Network) -> dict[str, Any]:
    """Actors on a circle, ties as lines: readable without a layout library. Dots grow with an
    actor's ties; only the NETWORK_LABELS best-connected carry their name (the rest on hover),
    spread evenly round the circle with the name on the outer side, so names do not collide."""
    n = max(len(net.nodes), 1)
    degree = {node.id: 0 for node in net.nodes}
    for edge in net.edges:
        degree[edge.source] += 1
        degree[edge.target] += 1
    by_degree = sorted(net.nodes, key=lambda node: -degree[node.id])
    named = {node.id for node in by_degree[:NETWORK_LABELS]}
    slots = {round(j * n / max(len(named), 1)) % n for j in range(len(named))}
    free = iter(i for i in range(n) if i not in slots)
    order = iter(sorted(slots))
    slot = {node.id: next(order) if node.id in named else next(free) for node in by_degree}
    angle = {a: 2 * math.pi * i / n for a, i in slot.items()}
    pos = {a: (math.cos(t), math.sin(t)) for a, t in angle.items()}

    def outside(a: int) -> str:
        x, y = pos[a]
        return (
            "middle right"
            if x > 0.3
            else "middle left"
            if x < -0.3
            else "top center"
            if y > 0
            else "bottom center"
        )

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
                "text": [n.name if n.id in named else "" for n in net.nodes],
                "hovertext": [f"{n.name} ({degree[n.id]} ties)" for n in net.nodes],
                "hoverinfo": "text",
                "textposition": [outside(n.id) for n in net.nodes],
                "marker": {
                    "size": [8 + 3 * math.sqrt(degree[n.id]) for n in net.nodes],
                    "color": ["#e8590c" if n.kind == "person" else "#4c6ef5" for n in net.nodes],
                },
            },
        ],
        "layout": {
            "title": "Network of actors (shared events and affiliations)",
            "showlegend": False,
            # Room beside the circle for the names written outwards.
            "xaxis": {"visible": False, "range": [-1.9, 1.9]},
            "yaxis": {"visible": False, "scaleanchor": "x", "range": [-1.2, 1.2]},
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
        "timeline": _timeline_figure(brief.events),
        "network": _network_figure(brief.network),
    }
    actors = "".join(
        f"<li>{e_(a.name)} <small>({e_(a.kind or 'actor')}, in {a.events} of these events)</small></li>"
        for a in brief.actors[:KEY_ACTORS]
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
        f"<h2>Map</h2><div id='map'>{svg_map(brief.events)}</div>"
        "<div id='timeline'></div><div id='network'></div>"
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
