"""The SQLite knowledge base: open (and migrate) a file, and write Extraction records into it.

One writer merges extractions in batched transactions; every document is written inside its own
savepoint, so a document that fails to store is rolled back alone and nothing already in the
database is touched. Readers use :mod:`newsgraph.query`.

>>> kb = open_kb("news.db")                          # doctest: +SKIP
>>> kb.add_many(pipeline.pipe(articles))             # doctest: +SKIP
IngestResult(new=12, duplicate=0, versions=1, failed=())
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from newsgraph.errors import InputError, KnowledgeBaseError
from newsgraph.kb import dedup
from newsgraph.kb.actor_store import ActorStore
from newsgraph.kb.clock import iso_date, utc_now
from newsgraph.kb.facts import FactWriter, name_key
from newsgraph.kb.migrations import FINGERPRINTS_VERSION, migrate, schema_version

if TYPE_CHECKING:
    pass
from newsgraph.model import Extraction

# --- results -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What one ``add_many`` (or one whole ingest) did.

    ``new`` counts documents stored, ``versions`` how many of those replace an earlier version
    of the same article (same URL, or same file name), ``duplicate`` bodies already stored,
    exactly or as a republished copy (``near_duplicates``; see :mod:`newsgraph.kb.dedup`).
    """

    new: int = 0
    duplicate: int = 0
    versions: int = 0
    near_duplicates: int = 0  # of ``duplicate``: republished copies of a stored article
    failed: tuple[InputError, ...] = ()
    new_ids: tuple[str, ...] = field(default=())
    duplicate_ids: tuple[str, ...] = field(default=())

    def __add__(self, other: IngestResult) -> IngestResult:
        return IngestResult(
            new=self.new + other.new,
            duplicate=self.duplicate + other.duplicate,
            versions=self.versions + other.versions,
            near_duplicates=self.near_duplicates + other.near_duplicates,
            failed=self.failed + other.failed,
            new_ids=self.new_ids + other.new_ids,
            duplicate_ids=self.duplicate_ids + other.duplicate_ids,
        )

    @property
    def stored_anything(self) -> bool:
        """True when at least one input made it (new or already there)."""
        return self.new + self.duplicate > 0


#: NER label -> actor kind, used when no dictionary gave the mention a kind.


# --- the knowledge base ------------------------------------------------------------------------


class KnowledgeBase(ActorStore):
    """An open knowledge base file. Use :func:`open_kb` to get one; close it (or use ``with``)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        # Every actor key in the database, for cross-document resolution; loaded on first use and
        # dropped whenever a rollback could have removed keys from it.
        self._known_keys: set[str] | None = None

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    @property
    def schema_version(self) -> int:
        return schema_version(self.conn)

    def has_documents(self) -> bool:
        """Whether anything was ingested yet (an ingest into a non-empty base resumes)."""
        return self.conn.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is not None

    # -- writing ----------------------------------------------------------------------------

    def add(self, extraction: Extraction) -> IngestResult:
        return self.add_many([extraction])

    def add_many(self, extractions: Iterable[Extraction], *, batch_size: int = 32) -> IngestResult:
        """Store extractions, ``batch_size`` per transaction. Duplicates (same doc_id) add nothing."""
        total = IngestResult()
        for batch in _batches(extractions, batch_size):
            total = total + self._write_batch(batch)
        return total

    def _write_batch(self, batch: list[Extraction]) -> IngestResult:
        new: list[str] = []
        dups: list[str] = []
        failed: list[InputError] = []
        versions = near = 0
        touched: set[int] = set()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for ex in batch:
                origin = ex.origin or ex.doc_id
                if self.has_document(ex.doc_id):
                    dups.append(ex.doc_id)
                    continue
                if not ex.document.body_text().strip():
                    failed.append(InputError(origin, "no article text left after cleaning"))
                    continue
                previous = self._previous_version(ex)
                shingle_set = dedup.shingles(ex.document.body_text())
                keys = dedup.band_keys(shingle_set)
                copy_of = None if previous else self._near_duplicate(keys, shingle_set)
                if copy_of is not None:
                    self._record_copy(ex, *copy_of)
                    dups.append(copy_of[0])
                    near += 1
                    continue
                self.conn.execute("SAVEPOINT doc")
                try:
                    self._write_document(ex, touched, previous=previous, bands=keys)
                except (sqlite3.Error, ValueError, TypeError) as exc:
                    self.conn.execute("ROLLBACK TO doc")
                    self.conn.execute("RELEASE doc")
                    self._known_keys = None
                    failed.append(InputError(origin, f"could not store it in the knowledge base: {exc}"))
                    continue
                self.conn.execute("RELEASE doc")
                new.append(ex.doc_id)
                versions += previous is not None
            self._refresh_actor_names(touched)
            self._apply_decisions()
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            self._known_keys = None
            raise
        return IngestResult(
            new=len(new),
            duplicate=len(dups),
            versions=versions,
            near_duplicates=near,
            failed=tuple(failed),
            new_ids=tuple(new),
            duplicate_ids=tuple(dups),
        )

    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def _previous_version(self, ex: Extraction) -> str | None:
        """The latest stored document with the same URL (or, lacking URLs, the same file name)."""
        if ex.url:
            row = self.conn.execute(
                "SELECT id FROM documents WHERE url = ? ORDER BY rowid DESC LIMIT 1", (ex.url,)
            ).fetchone()
            return row[0] if row else None
        if not ex.origin:
            return None
        row = self.conn.execute(
            "SELECT id FROM documents WHERE url IS NULL AND origin_name = ? ORDER BY rowid DESC LIMIT 1",
            (origin_name(ex.origin),),
        ).fetchone()
        return row[0] if row else None

    def _near_duplicate(self, keys: list[str], shingle_set: set[int]) -> tuple[str, float] | None:
        if not keys:
            return None
        marks = ", ".join("?" for _ in keys)
        candidates = self.conn.execute(
            f"SELECT d.id, d.body FROM documents d WHERE d.id IN"
            f" (SELECT DISTINCT doc_id FROM fingerprints WHERE band IN ({marks}))",
            keys,
        ).fetchall()
        return dedup.best_match(candidates, shingle_set)

    def _record_copy(self, ex: Extraction, doc_id: str, similarity: float) -> None:
        self.conn.execute(
            "INSERT INTO copies (doc_id, origin, url, source, published, similarity, seen_at)"
            " VALUES (?,?,?,?,?,?,?)",
            (doc_id, ex.origin, ex.url, ex.source, iso_date(ex.published), round(similarity, 3), utc_now()),
        )

    def _write_fingerprints(self, doc_id: str, bands: list[str]) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO fingerprints (band, doc_id) VALUES (?, ?)",
            [(band, doc_id) for band in bands or ["short"]],
        )

    def backfill_fingerprints(self) -> int:
        """Fingerprint documents stored before near-duplicate detection existed; returns how many."""
        rows = self.conn.execute(
            "SELECT id, body FROM documents WHERE id NOT IN (SELECT doc_id FROM fingerprints)"
        ).fetchall()
        if rows:
            self.conn.execute("BEGIN IMMEDIATE")
            for doc_id, body in rows:
                self._write_fingerprints(doc_id, dedup.band_keys(dedup.shingles(body)))
            self.conn.execute("COMMIT")
        return len(rows)

    def backfill_name_keys(self) -> int:
        """Fill ``event_participants.name_key`` where it is NULL; returns how many rows.

        Rows stored before migration 10, or written by a tool that bypasses the fact writer
        (an older export, a bulk loader), lack the key; the indexed ``IS NULL`` probe makes this
        free when there is nothing to do.
        """
        rows = self.conn.execute("SELECT id, text FROM event_participants WHERE name_key IS NULL").fetchall()
        if rows:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.executemany(
                "UPDATE event_participants SET name_key = ? WHERE id = ?",
                [(name_key(text), row_id) for row_id, text in rows],
            )
            self.conn.execute("COMMIT")
        return len(rows)

    def _write_document(
        self, ex: Extraction, touched: set[int], *, previous: str | None, bands: list[str]
    ) -> None:
        c = self.conn
        doc = ex.document
        body = doc.body_text()
        c.execute(
            "INSERT INTO documents (id, title, url, source, published, published_source, origin, origin_name,"
            " body, body_spans, text, ingested_at, previous_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                ex.doc_id,
                ex.title,
                ex.url,
                ex.source,
                iso_date(ex.published),
                ex.published_source or "unknown",
                ex.origin,
                origin_name(ex.origin) if ex.origin else None,
                body,
                json.dumps([[s.start, s.end] for s in doc.body]),
                doc.text,
                utc_now(),
                previous,
            ),
        )
        c.executemany(
            'INSERT INTO sentences (doc_id, idx, start, "end") VALUES (?,?,?,?)',
            [(ex.doc_id, i, s.start, s.end) for i, s in enumerate(ex.sentences)],
        )
        c.execute(
            "INSERT INTO search_index (doc_id, part, comment_id, title, text) VALUES (?, 'body', NULL, ?, ?)",
            (ex.doc_id, ex.title or "", body),
        )
        for i, com in enumerate(doc.comments):
            cur = c.execute(
                'INSERT INTO comments (doc_id, idx, start, "end", author, text) VALUES (?,?,?,?,?,?)',
                (ex.doc_id, i, com.start, com.end, com.author, com.text),
            )
            c.execute(
                "INSERT INTO search_index (doc_id, part, comment_id, title, text)"
                " VALUES (?, 'comment', ?, '', ?)",
                (ex.doc_id, cur.lastrowid, com.text),
            )
        c.executemany(
            'INSERT INTO dropped (doc_id, start, "end", text, reason) VALUES (?,?,?,?,?)',
            [(ex.doc_id, d.start, d.end, d.text, d.reason) for d in doc.dropped],
        )
        self._write_mentions(ex, touched)
        FactWriter(self.conn, self.actor_id).write(ex)
        self._write_fingerprints(ex.doc_id, bands)


def origin_name(origin: str) -> str:
    """The file name of an origin (``dir/a.txt`` -> ``a.txt``; ``dir/b.jsonl:3`` -> ``b.jsonl:3``)."""
    return PurePath(origin).name or origin


def _batches(items: Iterable[Extraction], size: int) -> Iterator[list[Extraction]]:
    batch: list[Extraction] = []
    for item in items:
        batch.append(item)
        if len(batch) >= max(1, size):
            yield batch
            batch = []
    if batch:
        yield batch


# --- opening -----------------------------------------------------------------------------------


def connect(path: Path) -> sqlite3.Connection:
    """A connection with the settings every newsgraph connection uses (autocommit; we BEGIN)."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=30.0)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def _enable_wal(conn: sqlite3.Connection, *, wait: float = 30.0) -> None:
    """Switch to WAL, retrying while another process holds the new file.

    Changing the journal mode needs an exclusive lock and SQLite does not call the busy handler
    for it, so two processes opening a new knowledge base at once (``serve`` next to the first
    ``ingest``) got "database is locked"; found by tests/test_concurrency.py.
    """
    deadline = time.monotonic() + wait
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def open_kb(path: str | Path, *, create: bool = True) -> KnowledgeBase:
    """Open the knowledge base at ``path``, creating or migrating it as needed.

    With ``create=False`` a missing file is an error that tells the user to ingest first (the
    read-only commands use this, so a typo in --db does not leave an empty database behind).
    """
    path = Path(path)
    if not path.exists():
        if not create:
            raise KnowledgeBaseError(
                f"no knowledge base at {path}: run `newsgraph ingest PATH...` first (or pass --db)"
            )
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        raise KnowledgeBaseError(f"{path} is a directory; --db needs a file path such as {path / 'news.db'}")
    try:
        conn = connect(path)
        _enable_wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise KnowledgeBaseError(
            f"{path} is not a newsgraph knowledge base ({exc}); pass another --db path"
        ) from exc
    try:
        before = schema_version(conn)
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    kb = KnowledgeBase(conn, path)
    if 0 < before < FINGERPRINTS_VERSION:
        kb.backfill_fingerprints()  # SQL alone cannot compute MinHash signatures
    try:
        kb.backfill_name_keys()  # SQLite's lower() is ASCII-only, so migration 10 cannot fill them
    except BaseException:
        conn.close()
        raise
    return kb


def row_dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    """Rows as dicts keyed by column name (for query helpers)."""
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
