"""``newsgraph import``: read our own JSONL export back into an empty knowledge base, losslessly.

Rows keep their ids, so everything that points at them (mentions at actors, sources at place
mentions, decisions at keys) still does. Only an empty knowledge base is accepted: merging ids from
two databases would silently repoint facts. The full-text index is rebuilt from the documents and
comments, in the order ingest writes it.

>>> with open_kb("copy.db") as kb:                      # doctest: +SKIP
...     import_jsonl(kb, Path("export.jsonl"))
ImportResult(records=1234, documents=12)
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgraph.errors import InputError, KnowledgeBaseError
from newsgraph.kb.dump import FORMAT_NAME, FORMAT_VERSION, RECORD_KINDS, RecordKind, columns

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase

_KINDS = {spec.kind: spec for spec in RECORD_KINDS}
#: Tables whose rows mean the knowledge base is not empty.
_CONTENT_TABLES = ("documents", "actors", "places", "events", "decisions", "event_decisions")


@dataclass(frozen=True, slots=True)
class ImportResult:
    records: int
    documents: int


def is_empty(kb: KnowledgeBase) -> bool:
    return all(kb.conn.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone() is None for t in _CONTENT_TABLES)


def import_jsonl(kb: KnowledgeBase, path: Path) -> ImportResult:
    """Load a ``newsgraph export --format jsonl`` file into ``kb``, which must be empty.

    Everything goes in one transaction: a bad line leaves the knowledge base as empty as it was.
    """
    if not is_empty(kb):
        n = kb.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        raise KnowledgeBaseError(
            f"the knowledge base at {kb.path} is not empty ({n} documents): import only into a new one,"
            " e.g. `newsgraph import FILE --db fresh.db`"
        )
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot read it ({exc.strerror}); check the path") from exc
    with handle:
        result = _load(kb, path, handle)
    kb.backfill_name_keys()  # an export from before schema 10 carries no participant name_key
    return result


def _load(kb: KnowledgeBase, path: Path, lines: Iterable[str]) -> ImportResult:
    conn = kb.conn
    inserters = _Inserters(conn)
    records = documents = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        header_seen = False
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            origin = f"{path}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(
                    origin, f"not JSON ({exc.msg}); is this a `newsgraph export --format jsonl` file?"
                ) from None
            if not isinstance(record, dict):
                raise InputError(origin, "expected a JSON object a line")
            if not header_seen:
                _check_header(origin, record)
                header_seen = True
                continue
            kind = record.pop("record", None)
            spec = _KINDS.get(kind) if isinstance(kind, str) else None
            if spec is None:
                raise InputError(origin, f"unknown record kind {kind!r}; known: {', '.join(_KINDS)}")
            inserters.insert(origin, spec, record)
            records += 1
            documents += spec.kind == "document"
        if not header_seen:
            raise InputError(str(path), "the file is empty; export with `newsgraph export --format jsonl`")
        _rebuild_search_index(conn)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return ImportResult(records=records, documents=documents)


def _check_header(origin: str, record: dict[str, Any]) -> None:
    from newsgraph.kb.migrations import SCHEMA_VERSION

    if record.get("record") != "header" or record.get("format") != FORMAT_NAME:
        raise InputError(
            origin,
            f"not a newsgraph JSONL export (no {FORMAT_NAME} header): export with `newsgraph export --format jsonl`",
        )
    if record.get("version") != FORMAT_VERSION:
        raise InputError(
            origin, f"format version {record.get('version')}; this newsgraph reads version {FORMAT_VERSION}"
        )
    schema = record.get("schema_version")
    if not isinstance(schema, int) or schema > SCHEMA_VERSION:
        raise InputError(
            origin,
            f"exported from schema version {schema}, newer than this newsgraph ({SCHEMA_VERSION}): upgrade newsgraph",
        )


class _Inserters:
    """One prepared INSERT per table, checking that a record has only columns the table knows."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.columns: dict[str, list[str]] = {}

    def _columns(self, table: str) -> list[str]:
        if table not in self.columns:
            self.columns[table] = columns(self.conn, table)
        return self.columns[table]

    def row(self, origin: str, table: str, values: dict[str, Any]) -> None:
        known = self._columns(table)
        unknown = set(values) - set(known)
        if unknown:
            raise InputError(
                origin, f"{table} has no column(s) {', '.join(sorted(unknown))}: was this file edited?"
            )
        names = [c for c in known if c in values]
        sql = f'INSERT INTO "{table}" ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in names)}) VALUES ({", ".join("?" * len(names))})'
        try:
            self.conn.execute(sql, [values[c] for c in names])
        except sqlite3.Error as exc:
            raise InputError(
                origin, f"could not store the {table} row ({exc}): was this file edited?"
            ) from exc

    def insert(self, origin: str, spec: RecordKind, record: dict[str, Any]) -> None:
        children = {child.field: record.pop(child.field, []) for child in spec.children}
        self.row(origin, spec.table, record)
        for child in spec.children:
            rows = children[child.field]
            if not isinstance(rows, list):
                raise InputError(origin, f"{spec.kind}.{child.field} must be a list")
            for row in rows:
                if not isinstance(row, dict):
                    raise InputError(origin, f"{spec.kind}.{child.field} must hold objects")
                self.row(origin, child.table, {**row, child.parent_column: record.get(spec.key)})


def _rebuild_search_index(conn: sqlite3.Connection) -> None:
    """Bodies and comments, document by document in storage order, as ingest indexes them."""
    docs = conn.execute("SELECT id, COALESCE(title, ''), body FROM documents ORDER BY rowid").fetchall()
    for doc_id, title, body in docs:
        conn.execute(
            "INSERT INTO search_index (doc_id, part, comment_id, title, text) VALUES (?, 'body', NULL, ?, ?)",
            (doc_id, title, body),
        )
        conn.execute(
            "INSERT INTO search_index (doc_id, part, comment_id, title, text)"
            " SELECT doc_id, 'comment', id, '', text FROM comments WHERE doc_id = ? ORDER BY idx, id",
            (doc_id,),
        )
