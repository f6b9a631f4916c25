"""Actor networks for Gephi and friends: GraphML and GEXF, written by networkx.

Nodes are actors (name, kind, sector, country). Edges are of two kinds:

* ``affiliation``: member_of, part_of, commands, allied_with, fights, backed_by, as reported;
  dated by the reporting document's publication date;
* ``event``: an actor acting on a target (relation = the PLOVER type, e.g. ASSAULT) and two actors
  acting together (relation ``co_participant``), dated by the event.

Edges between the same two actors with the same relation are one edge with a ``weight`` (how many
reports) and the time span they cover (``start``/``end``). In GEXF the graph is ``dynamic`` and each
dated edge carries one spell per distinct date range, so Gephi's timeline shows when a tie was
active; GraphML has no notion of time, so the same dates are plain string attributes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO
from xml.sax.saxutils import quoteattr

import networkx as nx

from newsgraph.export.records import ActorInfo, ExportContext, iter_events_in

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase
    from newsgraph.query.filters import EventFilter


@dataclass(slots=True)
class _Edge:
    kind: str
    relation: str
    weight: int = 0
    spells: set[tuple[str, str]] = field(default_factory=set)
    events: list[int] = field(default_factory=list)
    documents: set[str] = field(default_factory=set)

    def add(
        self, start: str | None, end: str | None, *, event: int | None = None, doc: str | None = None
    ) -> None:
        self.weight += 1
        if start:
            self.spells.add((start, end or start))
        if event is not None and event not in self.events:
            self.events.append(event)
        if doc:
            self.documents.add(doc)


def _node_id(actor_id: int) -> str:
    return f"actor:{actor_id}"


_Spells = dict[tuple[str, str, str], list[tuple[str, str]]]


def actor_graph(kb: KnowledgeBase, flt: EventFilter | None = None) -> nx.MultiDiGraph:
    """The actor network of the events ``flt`` chooses (all events when None) and the affiliations
    among their actors (all affiliations when there is no filter)."""
    return _build(kb, flt)[0]


def _build(kb: KnowledgeBase, flt: EventFilter | None) -> tuple[nx.MultiDiGraph, _Spells]:
    from newsgraph.query.exports import affiliation_rows
    from newsgraph.query.filters import EventFilter

    flt = flt or EventFilter()
    ctx = ExportContext(kb)
    edges: dict[tuple[int, int, str], _Edge] = {}
    actors: dict[int, ActorInfo] = {}
    first_seen: dict[int, str] = {}

    def edge(a: int, b: int, kind: str, relation: str) -> _Edge:
        return edges.setdefault((a, b, relation), _Edge(kind, relation))

    for ev in iter_events_in(ctx, flt):
        e = ev.event
        doers = [a for a in ev.actors if a is not None]
        done_to = [t for t in ev.targets if t is not None]
        for info in (*doers, *done_to):
            actors[info.id] = info
            if e.date_start and (info.id not in first_seen or e.date_start < first_seen[info.id]):
                first_seen[info.id] = e.date_start
        docs = [r.document.id for r in ev.reports]
        for a in doers:
            for t in done_to:
                if a.id != t.id:
                    edge(a.id, t.id, "event", e.type).add(e.date_start, e.date_end, event=e.id, doc=docs[0])
        for x, y in _pairs(sorted({d.id for d in doers})):
            edge(x, y, "event", "co_participant").add(e.date_start, e.date_end, event=e.id, doc=docs[0])

    unfiltered = flt == EventFilter(include_comments=flt.include_comments)
    rows = affiliation_rows(kb, include_comments=flt.include_comments)
    for subj, obj, relation, doc, published in rows:
        if subj == obj or not (unfiltered or subj in actors or obj in actors):
            continue
        for actor_id in (subj, obj):
            actors.setdefault(actor_id, ctx.actor(actor_id))
        edge(subj, obj, "affiliation", relation).add(published, published, doc=doc)

    graph = nx.MultiDiGraph()
    spells: _Spells = {}
    for actor_id in sorted(actors):
        info = actors[actor_id]
        node: dict[str, str] = {
            "label": info.name,
            "kind": info.kind or "",
            "sector": info.sector or "",
            "country": info.country or "",
            "aliases": "; ".join(info.aliases),
        }
        if actor_id in first_seen:
            node["first_seen"] = first_seen[actor_id]
        graph.add_node(_node_id(actor_id), **node)
    for (src, dst, relation), data in sorted(edges.items()):
        attrs: dict[str, str | int] = {
            "kind": data.kind,
            "relation": relation,
            "weight": data.weight,
            "events": ",".join(map(str, data.events)),
            "documents": len(data.documents),
        }
        if data.spells:
            attrs["start"] = min(s for s, _ in data.spells)
            attrs["end"] = max(e for _, e in data.spells)
        graph.add_edge(_node_id(src), _node_id(dst), key=relation, **attrs)
        if data.spells:
            spells[(_node_id(src), _node_id(dst), relation)] = sorted(data.spells)
    return graph, spells


def _pairs(ids: list[int]) -> Iterable[tuple[int, int]]:
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            yield a, b


def write_graphml(kb: KnowledgeBase, out: BinaryIO, flt: EventFilter | None = None) -> int:
    graph = actor_graph(kb, flt)
    nx.write_graphml(graph, out, named_key_ids=True)
    return int(graph.number_of_nodes())


def write_gexf(kb: KnowledgeBase, out: BinaryIO, flt: EventFilter | None = None) -> int:
    """GEXF 1.2, written element by element.

    networkx's writer builds the whole XML tree in memory (546 MiB peak for a 100,000-event
    knowledge base in bench/export.py); this writes each node and edge as it goes. Gephi's
    timeline reads the edges' spells (one per distinct date range of the reports).
    """
    graph, spells = _build(kb, flt)
    node_keys = sorted({k for _, d in graph.nodes(data=True) for k in d if k != "label"})
    edge_keys = ["kind", "relation", "weight", "events", "documents"]
    edge_types = {"weight": "integer", "documents": "integer"}

    def put(text: str) -> None:
        out.write(text.encode("utf-8"))

    put("<?xml version='1.0' encoding='utf-8'?>\n")
    put('<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n')
    put("  <meta><creator>newsgraph</creator></meta>\n")
    mode = ' mode="dynamic" timeformat="date"' if spells else ' mode="static"'
    put(f'  <graph defaultedgetype="directed"{mode}>\n')
    put('    <attributes class="node" mode="static">\n')
    for i, key in enumerate(node_keys):
        put(f'      <attribute id="{i}" title={_attr(key)} type="string"/>\n')
    put('    </attributes>\n    <attributes class="edge" mode="static">\n')
    for i, key in enumerate(edge_keys):
        put(f'      <attribute id="{i}" title={_attr(key)} type="{edge_types.get(key, "string")}"/>\n')
    put("    </attributes>\n    <nodes>\n")
    for node, data in graph.nodes(data=True):
        put(f"      <node id={_attr(node)} label={_attr(str(data.get('label', node)))}>")
        put(_attvalues(node_keys, data))
        put("</node>\n")
    put("    </nodes>\n    <edges>\n")
    for n, (a, b, key, data) in enumerate(graph.edges(keys=True, data=True)):
        put(f'      <edge id="{n}" source={_attr(a)} target={_attr(b)} label={_attr(str(key))}>')
        put(_attvalues(edge_keys, data))
        if (a, b, key) in spells:
            put("<spells>")
            for start, end in spells[(a, b, key)]:
                put(f"<spell start={_attr(start)} end={_attr(end)}/>")
            put("</spells>")
        put("</edge>\n")
    put("    </edges>\n  </graph>\n</gexf>\n")
    return int(graph.number_of_nodes())


#: Characters XML 1.0 forbids even escaped; names from scraped text can carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("", value))


def _attvalues(keys: list[str], data: dict[str, object]) -> str:
    values = [f'<attvalue for="{i}" value={_attr(str(data[k]))}/>' for i, k in enumerate(keys) if k in data]
    return "<attvalues>" + "".join(values) + "</attvalues>" if values else ""
