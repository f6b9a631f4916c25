"""The actor network: actors tied by taking part in the same (filtered) events and by affiliations.

Ranked and capped in SQL (issue #16: the Python version took ~8 s at a million events): the
``max_nodes`` actors with the most filtered events plus affiliations are kept, and among them the
``max_edges`` heaviest ties, so the answer's cost follows the page, not the knowledge base.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsgraph.query.events import _event_sql, event_conditions, is_selective
from newsgraph.query.filters import NetworkFilter
from newsgraph.query.handle import has_column

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase


@dataclass(frozen=True, slots=True)
class NetworkNode:
    id: int
    name: str
    canonical: str | None
    kind: str | None
    label: str | None
    mentions: int
    documents: int
    weight: int  # participations (in the filtered events when selective) plus affiliations: the rank


@dataclass(frozen=True, slots=True)
class NetworkEdge:
    source: int
    target: int
    relation: str  # an affiliation relation, or co_participant / acts_on for shared events
    weight: int


@dataclass(frozen=True, slots=True)
class Network:
    nodes: tuple[NetworkNode, ...]
    edges: tuple[NetworkEdge, ...]
    ranked_nodes: int  # actors with a participation or an affiliation, before the cap


def network(kb: KnowledgeBase, flt: NetworkFilter | None = None) -> Network:
    """The strongest actors and their heaviest ties, nodes by weight (then id), edges by weight.

    A node's weight is the number of events it takes part in plus its affiliations. With a
    selective event filter (type, dates, actor, place, status) the filtered events' few ids are
    listed once and everything is counted among them. Without one, listing a million ids (or
    testing each participation against its event) costs seconds, so the nodes are ranked by all
    their participations (counts kept by triggers, migration 25: reader-comment events count too),
    and only the ties between the kept actors are tested against the filter, pair by pair.
    """
    flt = flt or NetworkFilter()
    selective = is_selective(flt.events)
    if selective:
        events_sql, args = _event_sql(kb, flt.events)
        pair_test = ""
    else:
        where, args = event_conditions(kb, flt.events)
        events_sql = ""
        # Tested on the pairs found (about a thousand), not on each kept participation (~70,000 at
        # a million events: SQLite moves a test of a.event_id to the outer loop of the join).
        pair_test = f" WHERE EXISTS (SELECT 1 FROM events e WHERE e.id = pairs.event_id AND {where})"
    if selective:
        # From the few filtered events to their participants (CROSS JOIN keeps that order: the
        # planner would rather scan every participation and test its event).
        participations = (
            f"SELECT p.actor_id, COUNT(*) AS n FROM ({events_sql}) f CROSS JOIN event_participants p"
            " INDEXED BY event_participants_event ON p.event_id = f.id WHERE p.actor_id IS NOT NULL"
            " GROUP BY p.actor_id"
        )
    elif has_column(kb, "actor_participations", "n"):
        # Every participation: the counts kept by triggers (migration 25), not a 2M-row count.
        participations = "SELECT actor_id, n FROM actor_participations WHERE n > 0"
    else:
        participations = (
            "SELECT p.actor_id, COUNT(*) AS n FROM event_participants p WHERE p.actor_id IS NOT NULL"
            " GROUP BY p.actor_id"
        )
    ranked = kb.conn.execute(
        f"SELECT actor_id, SUM(n) FROM ({participations}"
        " UNION ALL SELECT subject_actor_id, COUNT(*) FROM affiliations WHERE subject_actor_id IS NOT NULL"
        " AND object_actor_id IS NOT NULL AND subject_actor_id != object_actor_id GROUP BY subject_actor_id"
        " UNION ALL SELECT object_actor_id, COUNT(*) FROM affiliations WHERE subject_actor_id IS NOT NULL"
        " AND object_actor_id IS NOT NULL AND subject_actor_id != object_actor_id GROUP BY object_actor_id"
        ") GROUP BY actor_id ORDER BY SUM(n) DESC, actor_id",
        args if selective else [],
    ).fetchall()
    keep = [(int(a), int(w)) for a, w in ranked[: max(0, flt.max_nodes)]]
    ids = json.dumps(sorted(a for a, _ in keep))
    # Ties among the kept actors only: their participations, paired inside SQL (and, unfiltered,
    # each pair's event tested against the filter).
    edge_rows = kb.conn.execute(
        "WITH kept(id) AS (SELECT value FROM json_each(?1)),"
        + (
            # Selective: from the filtered events to the kept actors' participations in them.
            f" part AS MATERIALIZED (SELECT p.event_id, p.actor_id, p.role FROM ({events_sql}) f"
            " CROSS JOIN event_participants p INDEXED BY event_participants_event ON p.event_id = f.id"
            " WHERE p.actor_id IN (SELECT id FROM kept)),"
            if selective
            else " part AS MATERIALIZED (SELECT p.event_id, p.actor_id, p.role FROM event_participants p"
            " WHERE p.actor_id IN (SELECT id FROM kept)),"
        )
        + " pairs AS MATERIALIZED (SELECT a.event_id,"
        " CASE WHEN a.role = b.role OR a.role = 'actor' THEN a.actor_id ELSE b.actor_id END AS s,"
        " CASE WHEN a.role = b.role OR a.role = 'actor' THEN b.actor_id ELSE a.actor_id END AS o,"
        " CASE WHEN a.role = b.role THEN 'co_participant' ELSE 'acts_on' END AS rel"
        " FROM part a JOIN part b ON a.event_id = b.event_id AND a.actor_id < b.actor_id)"
        f" SELECT s, o, rel, COUNT(*) AS w FROM pairs{pair_test} GROUP BY s, o, rel"
        " UNION ALL SELECT subject_actor_id, object_actor_id, relation, COUNT(*) FROM affiliations"
        " WHERE subject_actor_id IN (SELECT id FROM kept) AND object_actor_id IN (SELECT id FROM kept)"
        " AND subject_actor_id != object_actor_id GROUP BY subject_actor_id, object_actor_id, relation",
        # ?1 is the kept ids; a bare "?" after it takes the next number, so the event filter's
        # own parameters follow in order.
        [ids, *args],
    ).fetchall()
    weights: dict[tuple[int, int, str], int] = {}
    for s, o, rel, w in edge_rows:
        key = (int(s), int(o), str(rel))
        weights[key] = weights.get(key, 0) + int(w)
    top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[: max(0, flt.max_edges)]
    edges = tuple(NetworkEdge(s, o, rel, w) for (s, o, rel), w in sorted(top))
    nodes = _nodes(kb, keep)
    return Network(nodes, edges, len(ranked))


def _nodes(kb: KnowledgeBase, keep: list[tuple[int, int]]) -> tuple[NetworkNode, ...]:
    if not keep:
        return ()
    weight = dict(keep)
    rows = kb.conn.execute(
        "SELECT a.id, a.name, a.canonical, a.kind, a.label,"
        " (SELECT COUNT(*) FROM mentions m WHERE m.actor_id = a.id),"
        " (SELECT COUNT(DISTINCT m.doc_id) FROM mentions m WHERE m.actor_id = a.id)"
        " FROM actors a WHERE a.id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(weight)),),
    ).fetchall()
    nodes = [
        NetworkNode(int(r[0]), r[1], r[2], r[3], r[4], int(r[5]), int(r[6]), weight[int(r[0])]) for r in rows
    ]
    nodes.sort(key=lambda n: (-n.weight, n.id))
    return tuple(nodes)
