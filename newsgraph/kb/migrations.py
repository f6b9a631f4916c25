"""Schema versions: the ordered ``-- migration N: what`` blocks of ``schema.sql`` and how to apply them.

A database records its version in ``PRAGMA user_version``; :func:`migrate` runs the blocks it
lacks, each in its own transaction with the version bump.
"""

from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass
from importlib import resources

from newsgraph.errors import KnowledgeBaseError


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    sql: str


_MIGRATION_HEADER = re.compile(r"^-- migration (\d+): (.*)$", re.MULTILINE)


def load_migrations() -> tuple[Migration, ...]:
    """The ordered migrations in ``schema.sql`` (each block starts ``-- migration N: what``)."""
    text = resources.files("newsgraph.kb").joinpath("schema.sql").read_text(encoding="utf-8")
    headers = list(_MIGRATION_HEADER.finditer(text))
    migrations = []
    for i, header in enumerate(headers):
        end = headers[i + 1].start() if i + 1 < len(headers) else len(text)
        migrations.append(Migration(int(header.group(1)), header.group(2).strip(), text[header.end() : end]))
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(migrations) + 1)):
        raise KnowledgeBaseError(f"schema.sql migrations must be numbered 1, 2, 3...; found {versions}")
    return tuple(migrations)


MIGRATIONS = load_migrations()
SCHEMA_VERSION = MIGRATIONS[-1].version
#: The migration that added near-duplicate fingerprints (older databases are backfilled).
FINGERPRINTS_VERSION = 4


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


#: How long to wait for another process's migration to become visible after ours collided with it.
_COLLISION_WAIT_S = 5.0


def _applied_elsewhere(conn: sqlite3.Connection, version: int, exc: sqlite3.Error) -> int | None:
    """The database's version when another process has applied ``version``, else None.

    A collision shows as "already exists" / "duplicate column"; under load the other process's
    commit was seen late at least once (CI), so such an error waits a little for the version.
    """
    collided = any(word in str(exc) for word in ("already exists", "duplicate column"))
    deadline = time.monotonic() + (_COLLISION_WAIT_S if collided else 0.0)
    while True:
        current = schema_version(conn)
        if current >= version:
            return current
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.05)


_ADD_COLUMN = re.compile(r"^ALTER TABLE (\w+) ADD COLUMN (\w+)[^;]*;", re.MULTILINE)


def _without_existing_columns(conn: sqlite3.Connection, sql: str) -> str:
    """``sql`` less the ``ALTER TABLE t ADD COLUMN c`` statements whose column exists already.

    SQLite has no ``ADD COLUMN IF NOT EXISTS``; skipping them lets a migration run again on a
    database that has its columns (one whose version was set back, as tests do to check upgrades).
    """

    def keep(match: re.Match[str]) -> str:
        table, column = match.group(1), match.group(2)
        names = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
        return f"-- (column {table}.{column} exists)" if column in names else match.group(0)

    return _ADD_COLUMN.sub(keep, sql)


def migrate(conn: sqlite3.Connection, *, target: int = SCHEMA_VERSION) -> int:
    """Bring the database up to ``target`` by running the missing migrations; returns the version.

    Each migration runs in its own transaction together with the version bump, so a failure
    leaves the database at the last version that completed.
    """
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise KnowledgeBaseError(
            f"this knowledge base has schema version {current}, newer than this newsgraph "
            f"understands ({SCHEMA_VERSION}): upgrade newsgraph (pip install -U newsgraph) "
            "or use another --db"
        )
    for migration in MIGRATIONS:
        if current < migration.version <= target:
            try:
                conn.executescript(
                    f"BEGIN IMMEDIATE;\n{_without_existing_columns(conn, migration.sql)}\nPRAGMA user_version = {migration.version};\nCOMMIT;"
                )
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                applied = _applied_elsewhere(conn, migration.version, exc)
                if applied is not None:
                    # Another process opening the same new file migrated it first (we read the
                    # version before its transaction committed); found by tests/test_concurrency.py.
                    current = applied
                    continue
                raise KnowledgeBaseError(
                    f"could not migrate the knowledge base to version {migration.version} "
                    f"({migration.description}): {exc}"
                ) from exc
            current = migration.version
    return current
