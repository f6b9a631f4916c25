"""Schema versions: the ordered ``-- migration N: what`` blocks of ``schema.sql`` and how to apply them.

A database records its version in ``PRAGMA user_version``; :func:`migrate` runs the blocks it
lacks, each in its own transaction with the version bump.
"""

from __future__ import annotations

import re
import sqlite3
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
                    f"BEGIN IMMEDIATE;\n{migration.sql}\nPRAGMA user_version = {migration.version};\nCOMMIT;"
                )
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if schema_version(conn) >= migration.version:
                    # Another process opening the same new file migrated it first (we read the
                    # version before its transaction committed); found by tests/test_concurrency.py.
                    current = schema_version(conn)
                    continue
                raise KnowledgeBaseError(
                    f"could not migrate the knowledge base to version {migration.version} "
                    f"({migration.description}): {exc}"
                ) from exc
            current = migration.version
    return current
