"""Counts kept by triggers (migration 25) give what counting every row gives: participations per
actor (the unfiltered network's ranking) after inserts, edits, deletes and an actor's removal, and
on an older file whose rows were written before the triggers existed.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from test_kb_query_scale import _fill

from newsgraph.kb.store import KnowledgeBase, open_kb
from newsgraph.query.filters import EventFilter, NetworkFilter, PlaceFilter
from newsgraph.query.network import network
from newsgraph.query.places import list_places


def _stored(conn: sqlite3.Connection) -> set[tuple[int, int]]:
    return set(conn.execute("SELECT actor_id, n FROM actor_participations WHERE n != 0"))


def _recount(conn: sqlite3.Connection) -> set[tuple[int, int]]:
    return set(
        conn.execute(
            "SELECT actor_id, COUNT(*) FROM event_participants WHERE actor_id IS NOT NULL GROUP BY actor_id"
        )
    )


def _edit(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN")
    conn.execute("UPDATE event_participants SET actor_id = (id % 40) + 1 WHERE id % 7 = 0")
    conn.execute("UPDATE event_participants SET actor_id = NULL WHERE id % 11 = 0")
    conn.execute("UPDATE event_participants SET actor_id = 5 WHERE actor_id IS NULL AND id % 3 = 0")
    conn.execute("DELETE FROM event_participants WHERE id % 13 = 0")
    conn.execute("DELETE FROM events WHERE id % 19 = 0")  # cascades to its participants
    conn.execute("DELETE FROM actors WHERE id = 9")  # its participations are set to NULL
    conn.execute("COMMIT")


def test_participation_counts_follow_inserts_edits_and_deletes(tmp_path: Path) -> None:
    with open_kb(tmp_path / "kb.db") as kb:
        _fill(kb.conn, seed=4)
        assert _stored(kb.conn) == _recount(kb.conn) != set()
        _edit(kb.conn)
        assert 9 not in dict(_recount(kb.conn))
        assert _stored(kb.conn) == _recount(kb.conn)
        assert kb.conn.execute("SELECT COUNT(*) FROM actor_participations WHERE n < 0").fetchone()[0] == 0


def _without_counts(kb: KnowledgeBase, path: Path) -> KnowledgeBase:
    """A copy of ``kb`` without the counts table: the network falls back to counting every row."""
    copy = sqlite3.connect(path)
    kb.conn.backup(copy)
    copy.executescript(
        "DROP TRIGGER actor_participations_insert; DROP TRIGGER actor_participations_delete;"
        " DROP TRIGGER actor_participations_update; DROP TABLE actor_participations;"
    )
    return KnowledgeBase(copy, path)


def test_unfiltered_network_ranks_as_counting_every_participation(tmp_path: Path) -> None:
    with open_kb(tmp_path / "kb.db") as kb:
        _fill(kb.conn, seed=6)
        _edit(kb.conn)
        kb.conn.executemany(
            "INSERT INTO affiliations (doc_id, subject_key, subject_actor_id, relation, object_key,"
            " object_actor_id, start, \"end\", in_comments) VALUES ('doc001', 'a', ?, ?, 'b', ?, 0, 1, 0)",
            [(11, "part_of", 10), (3, "member_of", 10), (12, "allied_with", 4)],
        )
        plain = _without_counts(kb, tmp_path / "plain.db")
        for flt in (
            NetworkFilter(),
            NetworkFilter(max_nodes=7, max_edges=5),
            NetworkFilter(events=EventFilter(include_comments=True)),
        ):
            fast = network(kb, flt)
            assert fast.nodes and fast == network(plain, flt)
        plain.conn.close()


def test_older_kb_gets_participation_counts_on_open(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with open_kb(db) as kb:
        kb.conn.executescript(
            "DROP TRIGGER actor_participations_insert; DROP TRIGGER actor_participations_delete;"
            " DROP TRIGGER actor_participations_update; DROP TABLE actor_participations;"
            " DROP INDEX events_place_flags; PRAGMA user_version = 24;"
        )
        _fill(kb.conn, seed=9)
    with open_kb(db) as kb:
        assert kb.conn.execute("PRAGMA user_version").fetchone()[0] >= 25
        assert _stored(kb.conn) == _recount(kb.conn) != set()


def test_places_count_the_events_a_scan_counts(tmp_path: Path) -> None:
    """The events per place of the places list (read from the flag index) are those a scan counts,
    less reader-comment, background and statement events unless comments are asked for."""
    with open_kb(tmp_path / "kb.db") as kb:
        _fill(kb.conn, seed=2)
        kb.conn.execute("UPDATE events SET background = 1 WHERE id % 7 = 0")
        kb.conn.execute("UPDATE events SET statement = 1 WHERE id % 5 = 0")
        for include_comments in (False, True):
            page = list_places(kb, PlaceFilter(include_comments=include_comments))
            cond = "background = 0 AND statement = 0" + ("" if include_comments else " AND in_comments = 0")
            scan = dict(
                kb.conn.execute(f"SELECT place_id, COUNT(*) FROM events WHERE {cond} GROUP BY place_id")
            )
            assert page.items and {p.id: p.events for p in page.items} == {
                p.id: scan.get(p.id, 0) for p in page.items
            }


def _ties_by_scan(conn: sqlite3.Connection, kept: set[int], include_comments: bool) -> dict[tuple, int]:
    """Ties between kept actors counted in Python over the events the filter keeps."""
    listed = {
        r[0]
        for r in conn.execute(
            "SELECT id FROM events e WHERE EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = e.id)"
            " AND background = 0 AND statement = 0" + ("" if include_comments else " AND in_comments = 0")
        )
    }
    parts: dict[int, list[tuple[int, str]]] = {}
    for event_id, actor_id, role in conn.execute("SELECT event_id, actor_id, role FROM event_participants"):
        if actor_id in kept and event_id in listed:
            parts.setdefault(event_id, []).append((actor_id, role))
    ties: dict[tuple, int] = {}
    for rows in parts.values():
        for a, ra in rows:
            for b, rb in rows:
                if a < b:
                    s, o = (a, b) if ra == rb or ra == "actor" else (b, a)
                    key = (s, o, "co_participant" if ra == rb else "acts_on")
                    ties[key] = ties.get(key, 0) + 1
    return ties


def test_unfiltered_network_ties_are_those_of_the_listed_events(tmp_path: Path) -> None:
    """The ties of an unfiltered network count only the events a list shows (the pair test), here
    with reader-comment, background and statement events among them."""
    with open_kb(tmp_path / "kb.db") as kb:
        _fill(kb.conn, seed=12)
        kb.conn.execute("UPDATE events SET background = 1 WHERE id % 7 = 0")
        kb.conn.execute("UPDATE events SET statement = 1 WHERE id % 5 = 0")
        for include_comments in (False, True):
            net = network(kb, NetworkFilter(events=EventFilter(include_comments=include_comments)))
            kept = {n.id for n in net.nodes}
            ties = {
                (e.source, e.target, e.relation): e.weight
                for e in net.edges
                if e.relation in ("co_participant", "acts_on")
            }
            assert ties and ties == _ties_by_scan(kb.conn, kept, include_comments)
