"""Concurrency: reads succeed while an ingest writes (WAL), and two ingests into one knowledge base
serialise (``--wait``) or the second stops with one clear message and exit status 2."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from newsgraph.kb.lock import IngestLockedError, ingest_lock

ROOT = Path(__file__).resolve().parents[1]
NEWSGRAPH = [sys.executable, "-c", "import sys; from newsgraph.cli import main; sys.exit(main())"]
TOWNS = ["Aleppo", "Hama", "Homs", "Idlib", "Raqqa", "Latakia"]


def _corpus(folder: Path, count: int, *, tag: str) -> Path:
    folder.mkdir()
    for i in range(count):
        town = TOWNS[i % len(TOWNS)]
        (folder / f"{tag}{i:04d}.txt").write_text(
            f"Rebels attacked {town} on Monday, killing {i % 9 + 2} soldiers, officials said. "
            f"Dispatch {tag}-{i}.\n",
            encoding="utf-8",
        )
    return folder


def _ingest(docs: Path, db: Path, *extra: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSGRAPH_")}
    env["NEWSGRAPH_BATCH_SIZE"] = "4"
    command = NEWSGRAPH
    args = ["ingest", str(docs), "--db", str(db), "--published", "2015-10-08", "-p", "1", *extra]
    return subprocess.Popen(
        command + args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    finally:
        conn.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


@pytest.mark.slow
def test_reads_succeed_while_ingest_writes(tmp_path: Path) -> None:
    """The server and the read functions answer while an ingest writes; nobody sees 'locked'."""
    from helpers import events_of as list_events
    from helpers import search_of

    from newsgraph.kb.store import open_kb
    from newsgraph.query import stats as query

    db = tmp_path / "news.db"
    seed = _corpus(tmp_path / "seed", 4, tag="s")
    first = _ingest(seed, db)
    assert first.wait(timeout=120) == 0, first.communicate()[1]
    first.communicate()
    port = _free_port()
    server = subprocess.Popen(
        [*NEWSGRAPH, "serve", "--db", str(db), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if _get(f"{base}/api/stats")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "newsgraph serve did not start"
            time.sleep(0.2)
        docs = _corpus(tmp_path / "docs", 120, tag="d")
        writer = _ingest(docs, db)
        seen: list[int] = []
        reads = 0
        while writer.poll() is None:
            # A fresh connection per round, as the CLI's read commands do.
            with open_kb(db, create=False) as kb:
                seen.append(query.stats(kb).documents)
                list_events(kb)
                search_of(kb, "Aleppo")
            for path in ("/api/events?limit=20", "/api/stats", "/api/documents?limit=5"):
                status, body = _get(base + path)
                assert status == 200, body
                assert "locked" not in body
            reads += 6
            time.sleep(0.02)
        _, stderr = writer.communicate(timeout=60)
    finally:
        server.terminate()
        server.communicate(timeout=30)
    assert writer.returncode == 0, stderr
    assert "locked" not in stderr.lower()
    assert seen == sorted(seen), "a reader saw documents disappear"
    # The reads really overlapped the writes: some saw a part of the corpus.
    assert any(4 < n < 124 for n in seen), seen
    assert _count(db) == 124
    print(f"{reads} reads during the ingest, none failed; document counts seen: {len(set(seen))} distinct")


@pytest.mark.slow
def test_second_ingest_fails_clearly_or_waits(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    a = _corpus(tmp_path / "a", 150, tag="a")
    b = _corpus(tmp_path / "b", 20, tag="b")
    first = _ingest(a, db)
    # Wait until the first one is writing, then start two more: one that fails, one that waits.
    deadline = time.monotonic() + 120
    while (not db.exists() or _count_safe(db) == 0) and time.monotonic() < deadline:
        assert first.poll() is None, "the first ingest ended before the test could overlap it"
        time.sleep(0.05)
    failing = _ingest(b, db)
    waiting = _ingest(b, db, "--wait", "300")
    _, fail_err = failing.communicate(timeout=120)
    first_out, first_err = first.communicate(timeout=120)
    _, wait_err = waiting.communicate(timeout=120)

    assert first.returncode == 0, first_err
    assert failing.returncode == 2, fail_err
    message = " ".join(fail_err.split())
    assert "another newsgraph ingest" in message and str(db.name) in message, message
    assert "Traceback" not in fail_err and "locked" not in message.replace("ingest.lock", "")
    assert waiting.returncode == 0, wait_err
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = [r[0] for r in conn.execute("SELECT id FROM documents")]
        origins = [r[0] for r in conn.execute("SELECT origin FROM documents ORDER BY rowid")]
    finally:
        conn.close()
    assert len(ids) == len(set(ids)) == 170, len(ids)
    # Serialised, not interleaved: every document of the first run came before the waiting one's.
    firsts = [i for i, o in enumerate(origins) if "/a/" in o]
    seconds = [i for i, o in enumerate(origins) if "/b/" in o]
    assert max(firsts) < min(seconds)


def _count_safe(db: Path) -> int:
    try:
        return _count(db)
    except sqlite3.OperationalError:
        return 0


def test_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with ingest_lock(db):
        child = subprocess.run(
            [sys.executable, "-c", LOCK_PROBE, str(db)], capture_output=True, text=True, timeout=60
        )
        assert child.returncode == 3, child.stderr
        assert f"pid {os.getpid()}" in child.stdout
    child = subprocess.run(
        [sys.executable, "-c", LOCK_PROBE, str(db)], capture_output=True, text=True, timeout=60
    )
    assert child.returncode == 0, child.stderr


def test_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with pytest.raises(IngestLockedError, match="another newsgraph ingest"), ingest_lock(db, wait=0.2):
        pass
    holder.kill()
    holder.communicate(timeout=30)
    with ingest_lock(db, wait=5):
        pass


LOCK_PROBE = """
import sys
from pathlib import Path
from newsgraph.kb.lock import IngestLockedError, ingest_lock
try:
    with ingest_lock(Path(sys.argv[1])):
        pass
except IngestLockedError as exc:
    print(exc)
    sys.exit(3)
"""

HOLD = """
import sys, time
from pathlib import Path
from newsgraph.kb.lock import ingest_lock
with ingest_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(300)
"""


OPEN_AT = """
import sys, time
from newsgraph.kb.store import open_kb
start = float(sys.argv[2])
while time.time() < start:
    time.sleep(0.001)
open_kb(sys.argv[1]).close()
"""


@pytest.mark.slow
def test_processes_opening_a_new_database_at_once(tmp_path: Path) -> None:
    """``serve`` and ``ingest`` started together both create/migrate the same new file: both succeed."""
    for trial in range(2):
        db = tmp_path / f"new{trial}.db"
        start = time.time() + 4  # after every process has imported newsgraph
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", OPEN_AT, str(db), str(start)],
                stderr=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            )
            for _ in range(4)
        ]
        errors = [p.communicate(timeout=60)[1] for p in procs]
        assert all(p.returncode == 0 for p in procs), [
            e.strip().splitlines()[-1:] for e in errors if e.strip()
        ]
        conn = sqlite3.connect(db)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
