"""API latency on a large synthetic knowledge base: p50/p95 of the main calls, over real HTTP.

Run: .venv/bin/python bench/api.py [--events 100000] [--rounds 30]
Builds the knowledge base in a temporary directory with the real schema (rows written straight
with SQL: the pipeline is not what this measures), serves it with uvicorn on loopback, and times
each call from an HTTP client.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsgraph.kb.store import open_kb  # noqa: E402

TYPES = ["ASSAULT", "COERCE", "MOBILIZE", "CONSULT", "THREATEN", "PROTEST", "AID", "RETREAT"]
STATUSES = ["reported", "confirmed", "claimed", "alleged", "unverified", "denied"]
WORDS = [
    "army",
    "rebels",
    "shelled",
    "village",
    "killed",
    "drone",
    "strike",
    "convoy",
    "town",
    "province",
    "ceasefire",
    "talks",
]


def build(path: Path, n_events: int, seed: int = 7) -> dict[str, int]:
    rnd = random.Random(seed)
    n_docs, n_places, n_actors = max(10, n_events // 50), 2_000, 5_000
    with open_kb(path) as kb:
        c = kb.conn
        c.execute("BEGIN")
        docs = []
        for i in range(n_docs):
            text = " ".join(rnd.choice(WORDS) for _ in range(120)) + "."
            docs.append((f"{i:016x}", f"Report {i}", text, text, f"[[0, {len(text)}]]"))
        c.executemany(
            "INSERT INTO documents (id, title, body, text, body_spans, ingested_at) VALUES (?, ?, ?, ?, ?, '2024-01-01')",
            docs,
        )
        c.executemany(
            "INSERT INTO search_index (doc_id, part, comment_id, title, text) VALUES (?, 'body', NULL, ?, ?)",
            [(d[0], d[1], d[2]) for d in docs],
        )
        c.executemany(
            "INSERT INTO places (id, name, lat, lon, country_code, feature, precision) VALUES (?, ?, ?, ?, 'SY', ?, ?)",
            [
                (
                    i,
                    f"Place {i}",
                    30 + rnd.random() * 10,
                    35 + rnd.random() * 10,
                    "city",
                    rnd.choice([1, 1, 2, 3, 4]),
                )
                for i in range(1, n_places + 1)
            ],
        )
        c.executemany(
            "INSERT INTO actors (id, name, kind, label) VALUES (?, ?, ?, ?)",
            [
                (i, f"Actor {i}", "person" if i % 3 else "armed_group", "PERSON")
                for i in range(1, n_actors + 1)
            ],
        )
        c.executemany(
            "INSERT INTO aliases (actor_id, alias, doc_id, merge_reason) VALUES (?, ?, ?, 'bench')",
            [(i, f"Alias {i}", docs[i % n_docs][0]) for i in range(1, n_actors + 1)],
        )
        events, sources, parts = [], [], []
        for i in range(1, n_events + 1):
            day = f"{rnd.randint(2012, 2024)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
            events.append((i, rnd.choice(TYPES), rnd.randint(1, n_places), day, day, rnd.choice(STATUSES)))
            doc = docs[rnd.randrange(n_docs)][0]
            sources.append((i, i, doc))
            for role in ("actor", "target"):
                parts.append((i, i, role, rnd.randint(1, n_actors)))
        c.executemany(
            "INSERT INTO events (id, type, place_id, date_start, date_end, time_precision, status)"
            " VALUES (?, ?, ?, ?, ?, 'day', ?)",
            events,
        )
        c.executemany(
            "INSERT INTO event_sources (id, event_id, doc_id, trigger_start, trigger_end, trigger_text,"
            " sentence_start, sentence_end) VALUES (?, ?, ?, 0, 4, 'army', 0, 60)",
            sources,
        )
        c.executemany(
            'INSERT INTO event_participants (event_id, source_id, role, text, start, "end", actor_id)'
            " VALUES (?, ?, ?, 'x', 0, 1, ?)",
            parts,
        )
        c.execute("COMMIT")
        c.execute("ANALYZE")
    return {"documents": n_docs, "places": n_places, "actors": n_actors, "events": n_events}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    import uvicorn

    from newsgraph.web.api import create_api

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        started = time.perf_counter()
        sizes = build(db, args.events)
        print(f"built {sizes} in {time.perf_counter() - started:.1f} s")
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(create_api(db), host="127.0.0.1", port=port, log_level="error")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        calls = {
            "events (first page of 100)": "/api/events?limit=100",
            "events type+date range": "/api/events?type=ASSAULT&date_from=2016-01-01&date_to=2016-12-31&limit=100",
            "events by actor name": "/api/events?actor=Actor%20123&limit=100",
            "events by place name": "/api/events?place=Place%2042&limit=100",
            "events deep page (offset 50000)": "/api/events?limit=100&offset=50000",
            "actors?q=": "/api/actors?q=Actor%2077",
            "actor dossier": "/api/actors/77",
            "whereabouts": "/api/whereabouts?actor=77",
            "casualties": "/api/casualties?limit=100",
            "document": "/api/documents/0000000000000005",
            "search": "/api/search?q=convoy%20drone",
            "network (one type, one year)": "/api/network?type=COERCE&date_from=2020-01-01&date_to=2020-12-31",
        }
        print(f"knowledge base: {sizes['events']:,} events, {sizes['documents']:,} documents, "
              f"{sizes['actors']:,} actors, {sizes['places']:,} places; {args.rounds} rounds per call")  # fmt: skip
        print(f"{'call':40} {'p50 ms':>8} {'p95 ms':>8} {'status':>6}")
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            for name, url in calls.items():
                client.get(url)  # warm the page cache
                times = []
                status = 0
                for _ in range(args.rounds):
                    t0 = time.perf_counter()
                    status = client.get(url).status_code
                    times.append((time.perf_counter() - t0) * 1000)
                times.sort()
                p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
                print(f"{name:40} {statistics.median(times):8.1f} {p95:8.1f} {status:>6}")
        server.should_exit = True
        thread.join(10)


if __name__ == "__main__":
    main()
