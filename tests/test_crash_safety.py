"""Crash safety: SIGKILL a real ``newsgraph ingest`` at seeded random moments, run it again, and the
knowledge base ends exactly as an uninterrupted run leaves it, analyst decisions included.

Every kill point is checked on its own too: the file passes ``PRAGMA integrity_check`` and every
document already stored is whole (the same per-document row counts as in the uninterrupted run).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KILL_SEED = 20261123
KILL_POINTS = 6
PUBLISHED = "2015-10-08"
TOWNS = ["Aleppo", "Hama", "Homs", "Idlib", "Raqqa", "Deir ez-Zor", "Latakia", "Daraa"]
GROUPS = ["Rebels", "Syrian troops", "Islamic State fighters", "Kurdish forces", "Hezbollah fighters"]
DAYS = ["Monday", "Tuesday", "Wednesday"]


def _corpus(folder: Path, count: int) -> None:
    """Tiny distinct articles; towns, groups and days repeat so events merge across documents."""
    folder.mkdir()
    for i in range(count):
        town, group, day = TOWNS[i % len(TOWNS)], GROUPS[i % len(GROUPS)], DAYS[i % len(DAYS)]
        (folder / f"a{i:04d}.txt").write_text(
            f"{group} attacked {town} on {day}, killing {i % 17 + 2} people, officials said.\n\n"
            f"Report {i} from the {town} front.\n",
            encoding="utf-8",
        )


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSGRAPH_")}
    # Small transactions: many batch boundaries for the kills to fall between and inside.
    env["NEWSGRAPH_BATCH_SIZE"] = "8"
    env["NO_COLOR"] = "1"
    return env


def _command(*args: str) -> list[str]:
    """``newsgraph ARGS`` with this interpreter (the console script may not be on PATH)."""
    return [sys.executable, "-c", "import sys; from newsgraph.cli import main; sys.exit(main())", *args]


def _ingest(docs: Path, db: Path) -> list[str]:
    return _command("ingest", str(docs), "--db", str(db), "--published", PUBLISHED, "-p", "1")


def _run(args: Sequence[str]) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(args, env=_env(), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, (
        f"newsgraph {' '.join(args[3:5])} failed ({proc.returncode}): {proc.stderr[-2000:]}"
    )
    return proc


def _tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return sorted(r[0] for r in rows)


def _per_doc_tables(conn: sqlite3.Connection) -> list[str]:
    return [
        t
        for t in _tables(conn)
        if t != "documents" and any(col[1] == "doc_id" for col in conn.execute(f'PRAGMA table_info("{t}")'))
    ]


def snapshot(db: Path) -> dict[str, object]:
    """What must be identical between runs: ids, row counts, per-document counts, groupings, decisions."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert not conn.execute("PRAGMA foreign_key_check").fetchall(), "dangling references"
        per_doc = {
            t: dict(conn.execute(f'SELECT doc_id, count(*) FROM "{t}" GROUP BY doc_id').fetchall())
            for t in _per_doc_tables(conn)
        }
        events = conn.execute(
            "SELECT event_id, group_concat(doc_id || ':' || trigger_start || ':' || trigger_end, ' ')"
            " FROM event_sources GROUP BY event_id"
        ).fetchall()
        actors = conn.execute(
            "SELECT actor_id, group_concat(key, ' ') FROM actor_keys GROUP BY actor_id"
        ).fetchall()
        return {
            "doc_ids": sorted(r[0] for r in conn.execute("SELECT id FROM documents")),
            "counts": {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in _tables(conn)},
            "per_doc": per_doc,
            "events": sorted(sorted(keys.split()) for _, keys in events),
            "actors": sorted(sorted(keys.split()) for _, keys in actors),
            "decisions": sorted(conn.execute("SELECT action, subject, object FROM decisions").fetchall()),
            "event_decisions": sorted(
                conn.execute("SELECT action, subject, object FROM event_decisions").fetchall()
            ),
        }
    finally:
        conn.close()


def _assert_whole(db: Path, reference: dict[str, object]) -> int:
    """After a kill: the file is sound and every stored document has all of its rows."""
    snap = snapshot(db)
    ref_per_doc = reference["per_doc"]
    assert isinstance(ref_per_doc, dict)
    doc_ids = snap["doc_ids"]
    assert isinstance(doc_ids, list)
    assert len(doc_ids) == len(set(doc_ids)), "a document was stored twice"
    assert set(doc_ids) <= set(reference["doc_ids"]), "a document the full run never stores"  # type: ignore[arg-type]
    per_doc = snap["per_doc"]
    assert isinstance(per_doc, dict)
    for table, counts in per_doc.items():
        for doc_id in doc_ids:
            assert counts.get(doc_id, 0) == ref_per_doc[table].get(doc_id, 0), (
                f"document {doc_id} is half-written: {table} rows differ from the uninterrupted run"
            )
    return len(doc_ids)


def _stored(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # the file is being created
    finally:
        conn.close()


def _decide(db: Path) -> None:
    """Analyst decisions on the first part of the corpus: an actor merge, an event merge and a split."""
    sys.path.insert(0, str(ROOT))
    from newsgraph.kb.store import open_kb

    with open_kb(db) as kb:
        keys = [r[0] for r in kb.conn.execute("SELECT key FROM actor_keys ORDER BY key")]
        multi = kb.conn.execute(
            "SELECT event_id FROM event_sources GROUP BY event_id HAVING count(*) > 1 ORDER BY event_id LIMIT 1"
        ).fetchone()
        single = [
            r[0]
            for r in kb.conn.execute(
                "SELECT event_id FROM event_sources GROUP BY event_id HAVING count(*) = 1 ORDER BY event_id LIMIT 2"
            )
        ]
        assert len(keys) >= 2 and multi is not None and len(single) == 2, (
            "the corpus must give decisions to make"
        )
        kb.merge_actors(keys[0], keys[1], note="crash-safety test")
    _run(_command("events", "merge", str(single[0]), str(single[1]), "--db", str(db), "--note", "same raid"))
    _run(_command("events", "split", str(multi[0]), "--db", str(db), "--note", "two raids"))


@pytest.mark.slow
def test_sigkill_during_ingest_loses_nothing(tmp_path: Path) -> None:
    first, docs = tmp_path / "first", tmp_path / "docs"
    _corpus(docs, 240)
    first.mkdir()
    for path in sorted(docs.iterdir())[:40]:
        shutil.copy(path, first / path.name)

    # The analyst worked on a knowledge base of the first 40 articles; both runs start from it.
    base = tmp_path / "base.db"
    _run(_ingest(first, base))
    _decide(base)
    reference_db, crashed_db = tmp_path / "reference.db", tmp_path / "crashed.db"
    shutil.copy(base, reference_db)
    shutil.copy(base, crashed_db)

    started = time.perf_counter()
    _run(_ingest(docs, reference_db))
    full_run = time.perf_counter() - started
    reference = snapshot(reference_db)
    assert len(reference["doc_ids"]) == 240  # type: ignore[arg-type]
    assert reference["event_decisions"] and reference["decisions"]

    rng = random.Random(KILL_SEED)
    stored_after_kill = []
    for point in range(KILL_POINTS):
        proc = subprocess.Popen(
            _ingest(docs, crashed_db),
            env=_env(),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if point == 0:
            time.sleep(rng.uniform(0.5, 2.0))  # while loading the model or reading the first files
        else:
            # Wait for a seeded number of stored documents, then a little more: the kill lands
            # inside the next batch's transaction, or just between two.
            done = stored_after_kill[-1]
            # Work left to interrupt when there is some (a kill may also land after the run finished).
            target = rng.randint(done + 1, max(done + 1, done + (240 - done) // 2))
            deadline = time.monotonic() + full_run * 2
            while proc.poll() is None and _stored(crashed_db) < target and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        stored_after_kill.append(_assert_whole(crashed_db, reference))
    _run(_ingest(docs, crashed_db))
    final = snapshot(crashed_db)

    assert final == reference, (
        f"final state differs from an uninterrupted run (stored after kills: {stored_after_kill})"
    )
    # At least one kill must have interrupted real work, or this test proved nothing.
    assert sum(40 < n < 240 for n in stored_after_kill) >= 2, stored_after_kill
    # The analyst's decisions are still in force: the merged actor keys share one actor.
    conn = sqlite3.connect(crashed_db)
    subject, into = conn.execute(
        "SELECT subject, object FROM decisions WHERE action = 'merge_actors'"
    ).fetchone()
    ids = {r[0] for r in conn.execute("SELECT actor_id FROM actor_keys WHERE key IN (?, ?)", (subject, into))}
    conn.close()
    assert len(ids) == 1, "the analyst's actor merge was undone by re-ingest"
    print(
        f"kill points: {KILL_POINTS}, documents stored at each kill: {stored_after_kill}, final state identical"
    )
