"""Actor rows of the knowledge base: resolution of new keys, names, and analyst merges and splits.

:class:`ActorStore` is a mixin of :class:`newsgraph.kb.store.KnowledgeBase`: it needs the open
connection and the cache of known keys, and keeps all actor bookkeeping out of the document writer.
Analyst decisions are stored by resolution key in ``decisions`` and re-applied after every batch,
so they survive re-ingest.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from newsgraph.errors import KnowledgeBaseError
from newsgraph.kb.clock import utc_now
from newsgraph.model import Extraction
from newsgraph.nlp.actors.dictionary import load_dictionary

if TYPE_CHECKING:
    from newsgraph.kb.resolve import Merge
    from newsgraph.nlp.actors.dictionary import ActorEntry

_KIND_FROM_LABEL = {"PERSON": "person", "ORG": "organization", "NORP": "group", "GPE": "state"}


class ActorStore:
    """Actor bookkeeping shared by the knowledge-base writer (see the module docstring)."""

    conn: sqlite3.Connection
    # Every actor key in the database, for cross-document resolution; loaded on first use and
    # dropped whenever a rollback could have removed keys from it.
    _known_keys: set[str] | None

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
                (subject_key, into_key, note, utc_now()),
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
                    [(moved, other, note, utc_now()) for other in stay],
                )
            for key in stay:
                self.conn.executemany(
                    "INSERT OR IGNORE INTO decisions (action, subject, object, alias, note, created_at)"
                    " VALUES ('split_actors', ?, ?, ?, ?, ?)",
                    [(key, target, text, note, utc_now()) for text in sorted(by_key[key] & wanted)],
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
