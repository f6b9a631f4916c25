"""Which actors a user's ACTOR argument names: an id, or a name or alias (any case), plus the
surname of a full name when no one else bears it; and, for affiliation filters, everything that
is part of or a member of that actor.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsgraph.errors import NotFoundError

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase


def is_row_id(text: str) -> bool:
    """Whether ``text`` reads as a row id: ASCII digits (``int`` also reads "²" and other scripts'
    digits, which name nothing here), short enough for SQLite's integer range."""
    return text.isascii() and text.isdigit() and len(text) < 19


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """The actor rows a user's ACTOR argument names, and every name/alias they go by (lowercased)."""

    ids: frozenset[int]
    names: frozenset[str]


def match_actor(kb: KnowledgeBase, text: str) -> ActorMatch:
    """The actors ``text`` names: an actor id (all digits), else a name, alias or resolution key."""
    want = " ".join(text.split()).lower()
    if is_row_id(want):
        row = kb.conn.execute("SELECT id FROM actors WHERE id = ?", (int(want),)).fetchone()
        if row is not None:
            return ActorMatch(frozenset({int(row[0])}), _names(kb, {int(row[0])}))
    ids = {
        r[0]
        for r in kb.conn.execute(
            "SELECT id FROM actors WHERE lower(name) = ? OR lower(canonical) = ?"
            " UNION SELECT actor_id FROM aliases WHERE lower(alias) = ?"
            " UNION SELECT actor_id FROM actor_keys WHERE key = ?",
            (want, want, want, want),
        )
    }
    if not ids:
        raise NotFoundError(
            f"no actor called {text!r} in the knowledge base: find its name or id with `newsgraph actors`"
            " (or /api/actors?q=NAME)"
        )
    ids |= _surname_actors(kb, ids)
    return ActorMatch(frozenset(ids), _names(kb, ids))


def _surname_actors(kb: KnowledgeBase, ids: set[int]) -> set[int]:
    """Actors known only by the surname of one of ``ids`` ("Soleimani" for "Qassem Soleimani"),
    when no other full name in the knowledge base ends in that surname (else it is ambiguous)."""
    out: set[int] = set()
    names = in_rows(kb, "SELECT id, name FROM actors WHERE kind = 'person' AND id IN ({})", ids)
    for _, name in names:
        parts = name.lower().split()
        if len(parts) < 2:
            continue
        surname = parts[-1]
        owners = {
            r[0]
            for r in kb.conn.execute(
                "SELECT id FROM actors WHERE kind = 'person' AND lower(name) LIKE ? AND lower(name) != ?",
                (f"% {surname}", surname),
            )
        }
        if owners <= ids:
            out |= {
                r[0] for r in kb.conn.execute("SELECT actor_id FROM actor_keys WHERE key = ?", (surname,))
            }
    return out


def _names(kb: KnowledgeBase, ids: set[int] | frozenset[int]) -> frozenset[str]:
    if not ids:
        return frozenset()
    marks = ",".join("?" for _ in ids)
    rows = kb.conn.execute(
        f"SELECT name FROM actors WHERE id IN ({marks}) UNION SELECT canonical FROM actors WHERE id IN ({marks})"
        f" UNION SELECT alias FROM aliases WHERE actor_id IN ({marks})",
        [*ids, *ids, *ids],
    )
    # Runs of spaces folded as in the texts they are looked for in ("band  4" names "Band 4").
    folded = (" ".join(r[0].split()).lower() for r in rows if r[0])
    return frozenset(n for n in folded if len(n) > 1)


def affiliated(kb: KnowledgeBase, match: ActorMatch) -> ActorMatch:
    """The actor plus everything part of / member of it: the dictionary's parent tree and the
    KB's affiliation rows, followed transitively."""
    from newsgraph.nlp.actors.dictionary import load_dictionary

    ids = set(match.ids)
    keys = {r[0] for r in in_rows(kb, "SELECT key FROM actor_keys WHERE actor_id IN ({})", ids)}
    dictionary = load_dictionary()
    extra_names: set[str] = set()
    for name in match.names:  # the KB may hold the actor under a surface key, not the dictionary's
        entry = dictionary.lookup(name) or dictionary.get(_forms_by_lower().get(name))
        if entry is not None:
            keys.add(entry.key)
            extra_names.update(n.lower() for n in (entry.name, *entry.aliases))
    for entry in dictionary.entries.values():
        if any(a.key in keys for a in dictionary.ancestors(entry.key)):
            keys.add(entry.key)
            extra_names.update(n.lower() for n in (entry.name, *entry.aliases))
    changed = True
    while changed:
        before = len(ids)
        ids |= {r[0] for r in in_rows(kb, "SELECT actor_id FROM actor_keys WHERE key IN ({})", keys)}
        ids |= {
            r[0]
            for r in in_rows(
                kb,
                "SELECT subject_actor_id FROM affiliations WHERE relation IN ('part_of', 'member_of')"
                " AND in_comments = 0 AND subject_actor_id IS NOT NULL AND object_actor_id IN ({})",
                ids,
            )
        }
        changed = len(ids) > before
    return ActorMatch(frozenset(ids), _names(kb, ids) | frozenset(extra_names))


@functools.lru_cache(maxsize=1)
def _forms_by_lower() -> dict[str, str]:
    """Every dictionary surface form (acronyms too, which ``lookup`` leaves out) -> its key."""
    from newsgraph.nlp.actors.dictionary import load_dictionary

    out: dict[str, str] = {}
    for form in load_dictionary().forms:
        out.setdefault(form.text.lower(), form.key)
    return out


def in_rows(kb: KnowledgeBase, sql: str, values: set[Any]) -> list[tuple[Any, ...]]:
    if not values:
        return []
    return kb.conn.execute(sql.format(",".join("?" for _ in values)), list(values)).fetchall()


def mentions_name(text: str | None, names: frozenset[str]) -> bool:
    """True when ``text`` contains one of ``names`` as whole words (so "IRGC Basij" names Basij)."""
    return mentions_names(text, names_pattern(names))


@functools.lru_cache(maxsize=64)
def names_pattern(names: frozenset[str]) -> re.Pattern[str] | None:
    """One regex for "any of ``names`` as whole words", compiled once per name set (a list of
    thousands of claims or victims is tested against the same names)."""
    alternatives = sorted((re.escape(n) for n in names if n), key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def mentions_names(text: str | None, pattern: re.Pattern[str] | None) -> bool:
    """True when ``text``, lowercased with runs of spaces folded, matches ``pattern``."""
    if not text or pattern is None:
        return False
    return pattern.search(" ".join(text.split()).lower()) is not None
