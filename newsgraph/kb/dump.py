"""Our own full records as JSON Lines: the whole knowledge base, readable and lossless.

The first line is a header (format name, version, schema version). Then one record a line, in an
order where everything a record points at comes before it:

  document (with its sentences, comments, dropped boilerplate, fingerprints, copies)
  actor (with its keys and aliases), mention, role, affiliation, place, place_mention,
  time_mention, event (with its sources and participants), claim, decision, event_decision

Each record has ``record`` (its kind) and every column of its row, ids included, so ``newsgraph import`` puts
back exactly what was there (:mod:`newsgraph.kb.importer`). The full-text index is not written: it
is derived from documents and comments, and the importer rebuilds it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    import sqlite3

    from newsgraph.kb.store import KnowledgeBase

FORMAT_NAME = "newsgraph-jsonl"
FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Child:
    """Rows of ``table`` nested in their parent record under ``field``, joined on ``parent_column``."""

    field: str
    table: str
    parent_column: str
    order: str


@dataclass(frozen=True, slots=True)
class RecordKind:
    kind: str
    table: str
    key: str  # the parent key column that children point at
    order: str
    children: tuple[Child, ...] = ()


#: Record kinds in dependency order (what a row references is written before it).
RECORD_KINDS = (
    RecordKind(
        "document",
        "documents",
        "id",
        "rowid",
        (
            Child("sentences", "sentences", "doc_id", "idx"),
            Child("comments", "comments", "doc_id", "id"),
            Child("dropped", "dropped", "doc_id", "id"),
            Child("fingerprints", "fingerprints", "doc_id", "band"),
            Child("copies", "copies", "doc_id", "id"),
        ),
    ),
    RecordKind(
        "actor",
        "actors",
        "id",
        "id",
        (Child("keys", "actor_keys", "actor_id", "key"), Child("aliases", "aliases", "actor_id", "id")),
    ),
    RecordKind("mention", "mentions", "id", "id"),
    RecordKind("role", "roles", "id", "id"),
    RecordKind("affiliation", "affiliations", "id", "id"),
    RecordKind("place", "places", "id", "id"),
    RecordKind("place_mention", "place_mentions", "id", "id"),
    RecordKind("time_mention", "time_mentions", "id", "id"),
    RecordKind(
        "event",
        "events",
        "id",
        "id",
        (
            Child("sources", "event_sources", "event_id", "id"),
            Child("participants", "event_participants", "event_id", "id"),
        ),
    ),
    RecordKind("claim", "claims", "id", "id"),
    RecordKind("decision", "decisions", "id", "id"),
    RecordKind("event_decision", "event_decisions", "id", "id"),
    RecordKind("event_evidence", "event_evidence", "id", "id"),
    RecordKind("event_link", "event_links", "id", "id"),
    RecordKind("document_story", "document_stories", "doc_id", "doc_id"),
)


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def _select(conn: sqlite3.Connection, table: str, where: str = "", order: str = "rowid") -> str:
    cols = ", ".join(f'"{c}"' for c in columns(conn, table))
    return f'SELECT {cols} FROM "{table}"{where} ORDER BY {order}'


def iter_records(kb: KnowledgeBase) -> Iterator[dict[str, Any]]:
    """The header, then every record, one dict at a time (memory stays flat)."""
    from newsgraph.kb.migrations import SCHEMA_VERSION

    conn = kb.conn
    yield {
        "record": "header",
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "schema_version": SCHEMA_VERSION,
    }
    for spec in RECORD_KINDS:
        names = columns(conn, spec.table)
        child_sql = [
            (
                child,
                columns(conn, child.table),
                _select(conn, child.table, f' WHERE "{child.parent_column}" = ?', child.order),
            )
            for child in spec.children
        ]
        # A second cursor reads the children while the first walks the parents.
        for row in conn.execute(_select(conn, spec.table, order=spec.order)):
            record: dict[str, Any] = {"record": spec.kind, **dict(zip(names, row, strict=True))}
            for child, child_names, sql in child_sql:
                rows = conn.execute(sql, (record[spec.key],)).fetchall()
                # The parent column is implied by the nesting; the importer puts it back.
                record[child.field] = [
                    {k: v for k, v in zip(child_names, r, strict=True) if k != child.parent_column}
                    for r in rows
                ]
            yield record


def write_jsonl(kb: KnowledgeBase, out: TextIO, flt: Any = None) -> int:
    """Write the whole knowledge base; ``flt`` must be empty (a partial dump could not be imported
    back: its records would point at rows it left out)."""
    import dataclasses

    from newsgraph.errors import NewsgraphError

    # Any filter other than the comment switch (which a whole dump ignores) would leave rows out.
    # The filter's class is not imported: kb/ is the write side and does not import query/.
    if flt is not None and flt != dataclasses.replace(type(flt)(), include_comments=flt.include_comments):
        raise NewsgraphError(
            "the jsonl format exports the whole knowledge base and takes no filters: drop --actor/--type/"
            "--place/--since/--until/--status, or pick another format (e.g. plover-jsonl) for a filtered export"
        )
    n = 0
    for record in iter_records(kb):
        out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        n += 1
    return n - 1
