"""One ingest at a time per knowledge base: an advisory lock file next to the database.

SQLite alone would let two ingests take turns batch by batch (WAL, busy timeout): nothing gets
corrupted, but their documents interleave, cross-document resolution sees a different order than
either run alone, and both report misleading counts. So ``newsgraph ingest`` holds
``NEWS.db.ingest.lock`` for the whole run; a second ingest waits up to ``wait`` seconds and then
fails with :class:`IngestLockedError`, which says who holds the lock. Readers never take it.

The lock is an OS file lock (``flock`` on POSIX, ``msvcrt.locking`` on Windows), so it is released
by the kernel when the holder exits or is killed: a crashed ingest never leaves a stale lock.

>>> with ingest_lock(Path("news.db")):    # doctest: +SKIP
...     ingest_paths(...)
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from newsgraph.errors import KnowledgeBaseError

__all__ = ["IngestLockedError", "ingest_lock", "lock_path"]

_POLL_SECONDS = 0.1


class IngestLockedError(KnowledgeBaseError):
    """Another ingest is writing to this knowledge base."""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".ingest.lock")


@contextlib.contextmanager
def ingest_lock(db_path: Path, *, wait: float = 0.0) -> Iterator[None]:
    """Hold the ingest lock of ``db_path``; raise IngestLockedError if it is not free within ``wait`` s."""
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        deadline = time.monotonic() + max(0.0, wait)
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                raise IngestLockedError(
                    f"another newsgraph ingest ({_holder(path)}) is writing to {db_path}; run this one after it "
                    "(or give --wait SECONDS to queue behind it), or ingest into another --db"
                )
            time.sleep(_POLL_SECONDS)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}, since {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
            handle.flush()
            yield
        finally:
            _unlock(handle)
    finally:
        handle.close()


def _holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return text or "process unknown"


def _try_lock(handle: IO[str]) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(handle: IO[str]) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
