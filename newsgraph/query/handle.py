"""Opening a knowledge base for reading, and what a reader asks of its schema.

Every ``query`` function takes a :class:`~newsgraph.kb.store.KnowledgeBase`; the web layer opens
it with :func:`open_readonly`, the CLI with ``open_kb`` (which migrates first).
"""

from __future__ import annotations

import sqlite3
import weakref
from pathlib import Path

from newsgraph.errors import KnowledgeBaseError
from newsgraph.kb.migrations import SCHEMA_VERSION, schema_version
from newsgraph.kb.store import KnowledgeBase

#: API pages are at most this long.
MAX_LIMIT = 500


def open_readonly(path: str | Path) -> KnowledgeBase:
    """The knowledge base at ``path`` opened read-only (the web layer never writes)."""
    path = Path(path)
    if not path.is_file():
        raise KnowledgeBaseError(
            f"no knowledge base at {path}: run `newsgraph ingest PATH...` first (or pass --db)"
        )
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT COUNT(*) FROM documents").fetchone()
        version = schema_version(conn)
    except sqlite3.DatabaseError as exc:
        raise KnowledgeBaseError(
            f"{path} is not a newsgraph knowledge base ({exc}); pass another --db"
        ) from exc
    if version < SCHEMA_VERSION:
        conn.close()
        raise KnowledgeBaseError(
            f"{path} has schema version {version}, this newsgraph reads {SCHEMA_VERSION}: upgrade it first "
            "with `newsgraph stats --db PATH` (any command that opens it for writing migrates it)"
        )
    return KnowledgeBase(conn, path)


def upgrade(path: str | Path) -> None:
    """Migrate the knowledge base at ``path`` to this version's schema (the web layer then reads it)."""
    from newsgraph.kb.store import open_kb

    open_kb(path, create=False).close()


_COLUMNS: weakref.WeakKeyDictionary[KnowledgeBase, dict[str, frozenset[str]]] = weakref.WeakKeyDictionary()


def has_column(kb: KnowledgeBase, table: str, column: str) -> bool:
    """Whether ``table`` has ``column`` in this knowledge base (PRAGMA table_info, once per handle)."""
    tables = _COLUMNS.setdefault(kb, {})
    if table not in tables:
        tables[table] = frozenset(r[1] for r in kb.conn.execute(f"PRAGMA table_info({table})"))
    return column in tables[table]


def has_index(kb: KnowledgeBase, name: str) -> bool:
    """Whether the knowledge base has the index ``name`` (a later migration's; once per handle)."""
    indexes = _COLUMNS.setdefault(kb, {})
    if "" not in indexes:  # the key "" holds the index names, beside the tables' columns
        indexes[""] = frozenset(
            r[0] for r in kb.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        )
    return name in indexes[""]


def clamp(limit: int | None, offset: int) -> tuple[int, int]:
    """SQLite's LIMIT/OFFSET for a page (-1: no limit)."""
    return (-1 if limit is None else max(0, int(limit))), max(0, int(offset))
