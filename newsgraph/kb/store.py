"""The SQLite knowledge base: open (and migrate) a file, and write Extraction records into it.

One writer merges extractions in batched transactions; every document is written inside its own
savepoint, so a document that fails to store is rolled back alone and nothing already in the
database is touched. Readers use :mod:`newsgraph.kb.query`.

>>> kb = open_kb("news.db")                          # doctest: +SKIP
>>> kb.add_many(pipeline.pipe(articles))             # doctest: +SKIP
IngestResult(new=12, duplicate=0, versions=1, failed=())
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from newsgraph.errors import InputError, KnowledgeBaseError
from newsgraph.kb import dedup
from newsgraph.kb.facts import FactWriter

if TYPE_CHECKING:
    from newsgraph.kb.resolve import Merge
    from newsgraph.nlp.actor_dict import ActorEntry
from newsgraph.model import Extraction
from newsgraph.nlp.actor_dict import load_dictionary

# --- schema and migrations ---------------------------------------------------------------------


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
_FINGERPRINTS_VERSION = 4


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
_KIND_FROM_LABEL = {"PERSON": "person", "ORG": "organization", "NORP": "group", "GPE": "state"}


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


# --- the knowledge base ------------------------------------------------------------------------


class KnowledgeBase:
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
            (doc_id, ex.origin, ex.url, ex.source, _iso(ex.published), round(similarity, 3), _now()),
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
                _iso(ex.published),
                ex.published_source or "unknown",
                ex.origin,
                origin_name(ex.origin) if ex.origin else None,
                body,
                json.dumps([[s.start, s.end] for s in doc.body]),
                doc.text,
                _now(),
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

    # -- actors -----------------------------------------------------------------------------

    def actor_id(self, key: str, *, name: str | None = None, kind: str | None = None) -> int:
        """The actor that ``key`` resolves to, created (named ``name`` or the key) if new.

        A key seen for the first time may join a known actor: :func:`newsgraph.kb.resolve.resolve_key`
        decides (spelling variants, a surname alone...), and its reason is kept on the key.
        """
        row = self.conn.execute("SELECT actor_id FROM actor_keys WHERE key = ?", (key,)).fetchone()
        if row:
            return int(row[0])
        merge = self._resolve_new_key(key)
        apart = self._kept_apart(key, merge.into) if merge is not None else None
        if merge is not None and apart is None:
            target = self.actor_id(merge.into)
            self.conn.execute(
                "INSERT INTO actor_keys (key, actor_id, merge_reason) VALUES (?, ?, ?)",
                (key, target, merge.reason),
            )
            self._known_keys_add(key)
            return target
        # A key the dictionary knows (an affiliation's object, say) is named by the dictionary even
        # before any mention spells it out.
        entry = load_dictionary().get(key)
        cur = self.conn.execute(
            "INSERT INTO actors (name, canonical, kind, sector, country) VALUES (?, ?, ?, ?, ?)",
            (
                entry.name if entry else name or key,
                entry.name if entry else None,
                entry.kind if entry else kind,
                (entry.sector or None) if entry else None,
                entry.country if entry else None,
            ),
        )
        actor = int(cur.lastrowid or 0)
        self.conn.execute(
            "INSERT INTO actor_keys (key, actor_id, merge_reason) VALUES (?, ?, ?)", (key, actor, apart)
        )
        self._known_keys_add(key)
        return actor

    def _resolve_new_key(self, key: str) -> Merge | None:
        from newsgraph.kb.resolve import resolve_key

        if self._known_keys is None:
            self._known_keys = {r[0] for r in self.conn.execute("SELECT key FROM actor_keys")}
        return resolve_key(key, self._known_keys)

    def _known_keys_add(self, key: str) -> None:
        if self._known_keys is not None:
            self._known_keys.add(key)

    def key_reason(self, key: str) -> str | None:
        row = self.conn.execute("SELECT merge_reason FROM actor_keys WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _write_mentions(self, ex: Extraction, touched: set[int]) -> None:
        rows = []
        aliases: Counter[tuple[int, str, str]] = Counter()
        for m in ex.mentions:
            actor = None
            if m.actor_key:
                actor = self.actor_id(m.actor_key, name=m.canonical or m.text.strip(), kind=m.kind)
                touched.add(actor)
                reason = self.key_reason(m.actor_key) or (
                    "dictionary canonical name" if m.canonical else "same actor key"
                )
                aliases[(actor, m.text.strip(), reason)] += 1
                if m.canonical:
                    self.conn.execute(
                        "UPDATE actors SET canonical = ?, kind = COALESCE(?, kind) WHERE id = ?",
                        (m.canonical, m.kind, actor),
                    )
            rows.append(
                (
                    ex.doc_id,
                    m.start,
                    m.end,
                    m.text,
                    m.label,
                    m.actor_key,
                    actor,
                    int(m.in_comments),
                    m.canonical,
                    m.kind,
                    m.title,
                )
            )
        self.conn.executemany(
            'INSERT INTO mentions (doc_id, start, "end", text, label, actor_key, actor_id, in_comments,'
            " canonical, kind, title) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        self.conn.executemany(
            "INSERT INTO aliases (actor_id, alias, doc_id, count, merge_reason) VALUES (?,?,?,?,?)"
            " ON CONFLICT (actor_id, alias, doc_id) DO UPDATE SET count = count + excluded.count",
            [(actor, alias, ex.doc_id, n, reason) for (actor, alias, reason), n in aliases.items()],
        )

    def _refresh_actor_names(self, actors: Iterable[int]) -> None:
        """Name = the dictionary's canonical name, else the most frequent (then longest) alias.

        Kind = the dictionary's kind when mentions carry one, else derived from the majority
        NER label (the small model's labels are noisy; one odd label must not decide it).
        """
        for actor in actors:
            row = self.conn.execute("SELECT canonical FROM actors WHERE id = ?", (actor,)).fetchone()
            if row is None:
                continue  # created by a document that was rolled back
            best = self._most_common(
                "SELECT alias, SUM(count) FROM aliases WHERE actor_id = ? GROUP BY alias", actor
            )
            label = self._most_common(
                "SELECT label, COUNT(*) FROM mentions WHERE actor_id = ? GROUP BY label", actor
            )
            kind = self._most_common(
                "SELECT kind, COUNT(*) FROM mentions WHERE actor_id = ? AND kind IS NOT NULL GROUP BY kind",
                actor,
            ) or _KIND_FROM_LABEL.get(label or "")
            entry = self._dictionary_entry(actor)
            self.conn.execute(
                "UPDATE actors SET name = COALESCE(?, ?, name), label = COALESCE(?, label),"
                " kind = COALESCE(?, kind), sector = COALESCE(?, sector), country = COALESCE(?, country)"
                " WHERE id = ?",
                (row[0], best, label, kind, entry.sector or None if entry else None,
                 entry.country if entry else None, actor),
            )  # fmt: skip

    def _dictionary_entry(self, actor: int) -> ActorEntry | None:
        """The dictionary entry behind one of the actor's keys (its own key first)."""
        keys = self.conn.execute(
            "SELECT key FROM actor_keys WHERE actor_id = ? ORDER BY merge_reason IS NOT NULL, key", (actor,)
        ).fetchall()
        dictionary = load_dictionary()
        return next((e for (k,) in keys if (e := dictionary.get(k)) is not None), None)

    def _most_common(self, sql: str, actor: int) -> str | None:
        """The value with the highest count; ties go to the longer, then alphabetically first."""
        rows = self.conn.execute(sql, (actor,)).fetchall()
        if not rows:
            return None
        return str(min(rows, key=lambda r: (-r[1], -len(r[0]), r[0]))[0])

    # -- analyst decisions ------------------------------------------------------------------

    def merge_actors(self, subject_key: str, into_key: str, *, note: str = "") -> None:
        """Record that the actor of ``subject_key`` is the actor of ``into_key``, and apply it.

        The decision is stored by key, not by row id, so it survives re-ingesting into a
        rebuilt database and applies to mentions that arrive later. It lifts any earlier split
        that kept the two actors' keys apart.
        """
        if subject_key == into_key:
            raise KnowledgeBaseError(f"cannot merge actor {subject_key!r} into itself")
        with self._decision():
            keys = self._keys_of(subject_key) | self._keys_of(into_key) | {subject_key, into_key}
            marks = ",".join("?" for _ in keys)
            self.conn.execute(
                f"DELETE FROM decisions WHERE action = 'split_actors' AND subject IN ({marks})"
                f" AND (object IN ({marks}) OR object LIKE 'split:%')",
                [*keys, *keys],
            )
            self.conn.execute(
                "INSERT OR IGNORE INTO decisions (action, subject, object, note, created_at)"
                " VALUES ('merge_actors', ?, ?, ?, ?)",
                (subject_key, into_key, note, _now()),
            )

    def split_actor(self, actor: int, aliases: Iterable[str], *, note: str = "") -> int:
        """Move the mentions of ``actor`` written as one of ``aliases`` into a new actor; its id.

        A key whose every mention is moved leaves as a whole and is kept apart from the actor's
        other keys from now on (resolution and merges will not join them again); a key that also
        has other spellings is split by spelling. Both are stored by key and re-applied on ingest.
        """
        wanted = {" ".join(a.split()).lower() for a in aliases if a.strip()}
        rows = self.conn.execute(
            "SELECT actor_key, text FROM mentions WHERE actor_id = ? AND actor_key IS NOT NULL", (actor,)
        ).fetchall()
        by_key: dict[str, set[str]] = {}
        for key, text in rows:
            by_key.setdefault(key, set()).add(" ".join(text.split()).lower())
        known = set().union(*by_key.values()) if by_key else set()
        if not wanted or not wanted <= known:
            raise KnowledgeBaseError(
                f"actor {actor} has no mention written {sorted(wanted - known) or ''}; its spellings are: "
                + ", ".join(sorted(known))
            )
        if known <= wanted:
            raise KnowledgeBaseError(
                "those are all of the actor's spellings: nothing would be left; name fewer"
            )
        whole = sorted(k for k, texts in by_key.items() if texts <= wanted)
        stay = sorted(k for k, texts in by_key.items() if not texts <= wanted)
        # A new key per (actor, spelling): two actors that split off the same spelling stay two.
        target = whole[0] if whole else f"split:{stay[0]}|{sorted(wanted)[0]}"
        with self._decision():
            for moved in whole:
                marks = ",".join("?" for _ in stay)
                self.conn.execute(
                    "DELETE FROM decisions WHERE action = 'merge_actors' AND"
                    f" ((subject = ? AND object IN ({marks})) OR (object = ? AND subject IN ({marks})))",
                    [moved, *stay, moved, *stay],
                )
                self.conn.executemany(
                    "INSERT OR IGNORE INTO decisions (action, subject, object, note, created_at)"
                    " VALUES ('split_actors', ?, ?, ?, ?)",
                    [(moved, other, note, _now()) for other in stay],
                )
            for key in stay:
                self.conn.executemany(
                    "INSERT OR IGNORE INTO decisions (action, subject, object, alias, note, created_at)"
                    " VALUES ('split_actors', ?, ?, ?, ?, ?)",
                    [(key, target, text, note, _now()) for text in sorted(by_key[key] & wanted)],
                )
        return self.actor_id(target)

    @contextmanager
    def _decision(self) -> Iterator[None]:
        """One transaction that stores a decision and re-applies them all."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._apply_decisions()
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            self._known_keys = None
            raise

    def _keys_of(self, key: str) -> set[str]:
        """Every key of the actor that ``key`` belongs to (empty when the key is unknown)."""
        return {
            r[0]
            for r in self.conn.execute(
                "SELECT key FROM actor_keys WHERE actor_id = (SELECT actor_id FROM actor_keys WHERE key = ?)",
                (key,),
            )
        }

    def _kept_apart(self, key: str, into_key: str) -> str | None:
        """Why an analyst split keeps ``key`` apart from the actor of ``into_key`` (None: it does not)."""
        others = self._keys_of(into_key) | {into_key}
        marks = ",".join("?" for _ in others)
        row = self.conn.execute(
            f"SELECT note FROM decisions WHERE action = 'split_actors' AND alias = '' AND"
            f" ((subject = ? AND object IN ({marks})) OR (object = ? AND subject IN ({marks})))",
            [key, *others, key, *others],
        ).fetchone()
        return None if row is None else f"analyst split {row[0]}".strip()

    def _apply_decisions(self) -> None:
        """Re-apply every stored merge, then every split; idempotent, so it runs after each batch."""
        decisions = self.conn.execute(
            "SELECT action, subject, object, alias, note FROM decisions ORDER BY action, id"
        ).fetchall()
        for action, subject_key, into_key, alias, note in decisions:
            subject = self.conn.execute(
                "SELECT actor_id FROM actor_keys WHERE key = ?", (subject_key,)
            ).fetchone()
            if subject is None:
                continue  # not seen yet; applies when it first appears
            reason = f"analyst {'merge' if action == 'merge_actors' else 'split'} {note}".strip()
            if action == "merge_actors":
                into = self.actor_id(into_key)
                if subject[0] != into:
                    self._repoint_actor(int(subject[0]), into, reason=reason)
                else:  # resolution joined them already; the analyst's word is the better reason
                    self.conn.execute(
                        "UPDATE actor_keys SET merge_reason = ? WHERE key = ? AND merge_reason IS NOT NULL",
                        (reason, subject_key),
                    )
            elif alias:
                self._move_mentions(int(subject[0]), subject_key, alias, into_key, reason=reason)
            else:
                other = self.conn.execute(
                    "SELECT actor_id FROM actor_keys WHERE key = ?", (into_key,)
                ).fetchone()
                if other is not None and other[0] == subject[0]:
                    self._detach_key(int(subject[0]), subject_key, reason=reason)

    def _detach_key(self, old: int, key: str, *, reason: str) -> None:
        """Give ``key`` (and everything written under it) an actor of its own."""
        cur = self.conn.execute(
            "INSERT INTO actors (name, kind) SELECT name, kind FROM actors WHERE id = ?", (old,)
        )
        new = int(cur.lastrowid or 0)
        self.conn.execute("UPDATE actors SET canonical = NULL WHERE id = ?", (new,))
        self.conn.execute(
            "UPDATE actor_keys SET actor_id = ?, merge_reason = ? WHERE key = ?", (new, reason, key)
        )
        self._move_rows(old, new, "actor_key = ?", (key,), reason=reason)

    def _move_mentions(self, old: int, key: str, alias: str, target_key: str, *, reason: str) -> None:
        """Move the mentions of ``key`` written ``alias`` to the actor of ``target_key``."""
        new = self.conn.execute("SELECT actor_id FROM actor_keys WHERE key = ?", (target_key,)).fetchone()
        if new is None:
            cur = self.conn.execute("INSERT INTO actors (name, kind) SELECT ?, kind FROM actors WHERE id = ?",
                                    (alias, old))  # fmt: skip
            self.conn.execute(
                "INSERT INTO actor_keys (key, actor_id, merge_reason) VALUES (?, ?, ?)",
                (target_key, cur.lastrowid, reason),
            )
            self._known_keys_add(target_key)
            new = (cur.lastrowid,)
        self._move_rows(
            old, int(new[0]), "actor_key = ? AND lower(trim(text)) = ?", (key, alias), reason=reason
        )

    def _move_rows(self, old: int, new: int, where: str, args: tuple[str, ...], *, reason: str) -> None:
        """Move the mentions of ``old`` matching ``where`` (and the facts they are evidence of) to ``new``."""
        c = self.conn
        moved = c.execute(
            f'SELECT id, doc_id, start, "end" FROM mentions WHERE actor_id = ? AND {where}', (old, *args)
        ).fetchall()
        if not moved:
            return
        c.execute(f"UPDATE mentions SET actor_id = ? WHERE actor_id = ? AND {where}", (new, old, *args))
        c.execute(
            f"UPDATE event_participants SET actor_id = ? WHERE actor_id = ? AND {where}", (new, old, *args)
        )
        for doc_id, start, end in {(m[1], m[2], m[3]) for m in moved}:
            # A role or affiliation moves with the mention its evidence span holds.
            for table, column in (
                ("roles", "person_actor_id"),
                ("roles", "org_actor_id"),
                ("affiliations", "subject_actor_id"),
                ("affiliations", "object_actor_id"),
            ):
                c.execute(
                    f'UPDATE {table} SET {column} = ? WHERE {column} = ? AND doc_id = ? AND start <= ? AND "end" >= ?',
                    (new, old, doc_id, start, end),
                )  # fmt: skip
        for actor in (old, new):
            self._rebuild_aliases(actor, reason=reason if actor == new else None)
        self._refresh_actor_names([old, new])

    def _rebuild_aliases(self, actor: int, *, reason: str | None) -> None:
        """Recount the actor's alias rows from its mentions (keeping the reasons already stored)."""
        counts = Counter(
            (" ".join(text.split()), doc_id)
            for text, doc_id in self.conn.execute(
                "SELECT text, doc_id FROM mentions WHERE actor_id = ?", (actor,)
            )
        )
        reasons = {
            (a, d): r
            for a, d, r in self.conn.execute(
                "SELECT alias, doc_id, merge_reason FROM aliases WHERE actor_id = ?", (actor,)
            )
        }
        self.conn.execute("DELETE FROM aliases WHERE actor_id = ?", (actor,))
        self.conn.executemany(
            "INSERT INTO aliases (actor_id, alias, doc_id, count, merge_reason) VALUES (?,?,?,?,?)",
            [
                (actor, a, d, n, reason or reasons.get((a, d)) or "same actor key")
                for (a, d), n in counts.items()
            ],
        )

    def _repoint_actor(self, old: int, new: int, *, reason: str) -> None:
        c = self.conn
        c.execute(
            "UPDATE actor_keys SET actor_id = ?, merge_reason = ? WHERE actor_id = ?", (new, reason, old)
        )
        c.execute("UPDATE mentions SET actor_id = ? WHERE actor_id = ?", (new, old))
        c.execute("UPDATE roles SET person_actor_id = ? WHERE person_actor_id = ?", (new, old))
        c.execute("UPDATE roles SET org_actor_id = ? WHERE org_actor_id = ?", (new, old))
        c.execute("UPDATE affiliations SET subject_actor_id = ? WHERE subject_actor_id = ?", (new, old))
        c.execute("UPDATE affiliations SET object_actor_id = ? WHERE object_actor_id = ?", (new, old))
        c.execute("UPDATE event_participants SET actor_id = ? WHERE actor_id = ?", (new, old))
        for alias, doc_id, count in c.execute(
            "SELECT alias, doc_id, count FROM aliases WHERE actor_id = ?", (old,)
        ).fetchall():
            c.execute(
                "INSERT INTO aliases (actor_id, alias, doc_id, count, merge_reason) VALUES (?,?,?,?,?)"
                " ON CONFLICT (actor_id, alias, doc_id) DO UPDATE SET count = count + excluded.count",
                (new, alias, doc_id, count, reason),
            )
        c.execute("DELETE FROM actors WHERE id = ?", (old,))
        self._refresh_actor_names([new])


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
    if 0 < before < _FINGERPRINTS_VERSION:
        kb.backfill_fingerprints()  # SQL alone cannot compute MinHash signatures
    return kb


def row_dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    """Rows as dicts keyed by column name (for query helpers)."""
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
