"""Read actors out of the knowledge base: a list with aliases, roles and affiliations, and one
actor's dossier (mentions with their sentences, events, whereabouts, why its names were merged).

``as_json`` gives the shape the CLI and API print; the fields are those issue #3 lists (``id``,
``name``, ``kind``, ``sector``, ``country``, ``aliases``, ``roles``, ``affiliations``,
``documents``, ``mentions``), plus a few more in the dossier.

>>> [a.name for a in list_actors(kb, "quds")]            # doctest: +SKIP
['Quds Force']
>>> find_actor(kb, "Soleimani")                           # doctest: +SKIP
2
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsgraph.nlp.actors.dictionary import load_dictionary
from newsgraph.query.filters import ActorFilter
from newsgraph.query.records import Page
from newsgraph.query.records import as_json as _as_json

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase

#: How a relation reads from its object's side ("Quds Force part_of IRGC" -> IRGC has_part Quds Force).
INVERSE = {
    "part_of": "has_part",
    "member_of": "has_member",
    "backed_by": "backs",
    "controlled_by": "controls",
    "loyal_to": "has_loyalty_of",
    "commands": "commanded_by",
    "allied_with": "allied_with",
    "affiliated_with": "affiliated_with",
    "fights": "fights",
}


@dataclass(frozen=True, slots=True)
class RoleRef:
    """A title or rank an actor held, in an organisation where stated, dated by its document."""

    title: str
    of: str | None
    document: str
    date: str | None


@dataclass(frozen=True, slots=True)
class AffiliationRef:
    """A relation to another actor; ``document`` None when it comes from the actor dictionary."""

    relation: str
    other: str
    document: str | None


@dataclass(frozen=True, slots=True)
class ActorSummary:
    id: int
    name: str
    kind: str | None
    sector: str | None
    country: str | None
    aliases: tuple[str, ...]
    roles: tuple[RoleRef, ...]
    affiliations: tuple[AffiliationRef, ...]
    documents: tuple[str, ...]
    mentions: int  # article-body mentions
    comment_mentions: int = 0
    from_comments: bool = False  # every mention is in reader comments


def as_json(record: Any) -> Any:
    return _as_json(record) if dataclasses.is_dataclass(record) else record


# --- listing -----------------------------------------------------------------------------------


def list_actors(kb: KnowledgeBase, flt: ActorFilter | None = None) -> Page[ActorSummary]:
    """Actors, most mentioned in article bodies first; ``flt.query`` matches a name or alias substring.

    Actors seen only in reader comments are left out unless ``include_comments`` (then marked
    ``from_comments``); an actor named only in a body fact (an affiliation's object) is listed.
    """
    flt = flt or ActorFilter()
    out = _summaries(kb, flt.query, kind=flt.kind, include_comments=flt.include_comments, ids=flt.ids)
    offset = max(0, flt.offset)
    end = None if flt.limit is None else offset + max(0, flt.limit)
    return Page(len(out), flt.limit, offset, tuple(out[offset:end]))


def _summaries(
    kb: KnowledgeBase,
    query: str | None,
    *,
    kind: str | None,
    include_comments: bool,
    ids: frozenset[int] | set[int] | None,
) -> list[ActorSummary]:
    needle = " ".join((query or "").split()).lower()
    # Only the actors that can be listed are read, with their mentions, roles and affiliations:
    # ``ids`` and, for a query, the actors SQL finds by name (a superset; the exact test is below).
    scope = None if ids is None else frozenset(ids)
    if needle:
        named = _named_like(kb, needle)
        scope = named if scope is None else scope & named
    actors = {r[0]: r for r in _rows(kb, "SELECT id, name, kind, sector, country FROM actors", "id", scope)}
    aliases = _aliases(kb, scope)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    docs: dict[int, set[str]] = defaultdict(set)
    for actor, in_comments, doc_id, n in _rows(
        kb,
        "SELECT actor_id, in_comments, doc_id, COUNT(*) FROM mentions WHERE actor_id IS NOT NULL",
        "actor_id",
        scope,
        " GROUP BY actor_id, in_comments, doc_id",
    ):
        counts[actor][in_comments] += n
        if not in_comments or include_comments:
            docs[actor].add(doc_id)
    roles = _roles(kb, include_comments, scope)
    affiliations = _affiliations(kb, include_comments, scope)
    for actor, refs in affiliations.items():
        docs[actor].update(a.document for a in refs if a.document)
    for actor, role_refs in roles.items():
        docs[actor].update(r.document for r in role_refs)
    out = []
    for actor, (_, name, actor_kind, sector, country) in actors.items():
        body, comments = counts[actor]
        from_comments = body == 0 and comments > 0 and not _has_body_facts(actor, roles, affiliations)
        if from_comments and not include_comments:
            continue
        if body == 0 and comments == 0 and not docs[actor] and ids is None:
            continue  # only an event participant's unresolved description, or orphaned
        if kind and (actor_kind or "").lower() != kind.lower():
            continue
        names = aliases.get(actor, ())
        if needle and not any(needle in n.lower() for n in (name, *names)):
            continue
        out.append(
            ActorSummary(
                id=actor, name=name, kind=actor_kind, sector=sector, country=country,
                aliases=_alias_list(name, names), roles=tuple(roles.get(actor, ())),
                affiliations=tuple(affiliations.get(actor, ())), documents=tuple(sorted(docs[actor])),
                mentions=body, comment_mentions=comments, from_comments=from_comments,
            )
        )  # fmt: skip
    out.sort(key=lambda a: (-a.mentions, -len(a.documents), a.name.lower(), a.id))
    return out


def _named_like(kb: KnowledgeBase, needle: str) -> frozenset[int]:
    """Actors whose name or an alias may contain ``needle`` (lowercased, whitespace folded): every
    actor :func:`list_actors` keeps for it, and a few more. LIKE folds ASCII case only and sees the
    raw text, so names with other characters, or with runs of spaces, are let through for the
    exact test."""
    pattern = f"%{needle}%"
    odd = "{0} GLOB '*[^ -~]*' OR {0} LIKE '%  %'"
    rows = kb.conn.execute(
        f"SELECT id FROM actors WHERE name LIKE ? OR {odd.format('name')}"
        f" UNION SELECT actor_id FROM aliases WHERE alias LIKE ? OR {odd.format('alias')}",
        (pattern, pattern),
    )
    return frozenset(r[0] for r in rows)


def _rows(
    kb: KnowledgeBase, sql: str, column: str, scope: frozenset[int] | None, tail: str = ""
) -> list[tuple[Any, ...]]:
    """``sql`` (which may end in a WHERE clause) for the actors in ``scope``, or all when None;
    the ids travel as one JSON array, however many."""
    if scope is None:
        return kb.conn.execute(sql + tail).fetchall()
    glue = " AND " if " WHERE " in sql else " WHERE "
    return kb.conn.execute(
        f"{sql}{glue}{column} IN (SELECT value FROM json_each(?)){tail}", (json.dumps(sorted(scope)),)
    ).fetchall()


def _has_body_facts(
    actor: int, roles: dict[int, list[RoleRef]], affiliations: dict[int, list[AffiliationRef]]
) -> bool:
    # roles/affiliations were read without comment rows unless include_comments; a document-less
    # affiliation is the dictionary's and proves nothing about the article body.
    return bool(roles.get(actor)) or any(a.document for a in affiliations.get(actor, ()))


def _alias_list(name: str, names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([name, *names]))


@dataclass(frozen=True, slots=True)
class AliasCount:
    alias: str
    count: int
    documents: int


def alias_counts(kb: KnowledgeBase, actor: int) -> list[AliasCount]:
    """One actor's spellings exactly as stored, most used first, with the documents using each (the
    web dossier and the exports list them so; ``list_actors`` folds whitespace instead)."""
    return [
        AliasCount(r[0], int(r[1]), int(r[2]))
        for r in kb.conn.execute(
            "SELECT alias, SUM(count), COUNT(DISTINCT doc_id) FROM aliases WHERE actor_id = ?"
            " GROUP BY alias ORDER BY SUM(count) DESC, alias",
            (actor,),
        )
    ]


def _aliases(kb: KnowledgeBase, scope: frozenset[int] | None = None) -> dict[int, tuple[str, ...]]:
    """Each actor's spellings, most used first (whitespace folded, case kept)."""
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for actor, alias, n in _rows(kb, "SELECT actor_id, alias, count FROM aliases", "actor_id", scope):
        counts[actor][" ".join(alias.split())] += n
    return {a: tuple(sorted(c, key=lambda s: (-c[s], s))) for a, c in counts.items()}


def _roles(
    kb: KnowledgeBase, include_comments: bool, scope: frozenset[int] | None = None
) -> dict[int, list[RoleRef]]:
    where = "" if include_comments else "AND r.in_comments = 0"
    out: dict[int, list[RoleRef]] = defaultdict(list)
    for actor, title, org, doc_id, date in _rows(
        kb,
        "SELECT r.person_actor_id, r.title, o.name, r.doc_id, COALESCE(r.published, d.published)"
        " FROM roles r LEFT JOIN actors o ON o.id = r.org_actor_id JOIN documents d ON d.id = r.doc_id"
        f" WHERE r.person_actor_id IS NOT NULL {where}",
        "r.person_actor_id",
        scope,
        " ORDER BY COALESCE(r.published, d.published), r.id",
    ):
        ref = RoleRef(" ".join(title.split()), org, doc_id, date)
        if ref not in out[actor]:
            out[actor].append(ref)
    return out


def _affiliations(
    kb: KnowledgeBase, include_comments: bool, scope: frozenset[int] | None = None
) -> dict[int, list[AffiliationRef]]:
    """Stored affiliations seen from both ends, plus the dictionary's parent organisations.

    With ``scope`` only those actors' lists are built (complete and in the same order): the rows
    that involve them, and the resolution keys that are theirs, their parents' or their children's.
    """
    where = "" if include_comments else "AND f.in_comments = 0"
    out: dict[int, list[AffiliationRef]] = defaultdict(list)

    def add(actor: int, ref: AffiliationRef) -> None:
        if ref not in out[actor] and ref.other:
            out[actor].append(ref)

    sql = (
        "SELECT f.subject_actor_id, s.name, f.relation, f.object_actor_id, o.name, f.doc_id FROM affiliations f"
        " JOIN actors s ON s.id = f.subject_actor_id JOIN actors o ON o.id = f.object_actor_id"
        f" WHERE f.subject_actor_id != f.object_actor_id {where}"
    )
    if scope is None:
        rows = kb.conn.execute(sql + " ORDER BY f.id").fetchall()
    else:
        rows = kb.conn.execute(
            sql + " AND f.id IN (SELECT id FROM affiliations WHERE subject_actor_id IN (SELECT value FROM"
            " json_each(?1)) UNION SELECT id FROM affiliations WHERE object_actor_id IN (SELECT value FROM"
            " json_each(?1))) ORDER BY f.id",
            (json.dumps(sorted(scope)),),
        ).fetchall()
    for subject, s_name, relation, obj, o_name, doc_id in rows:
        add(subject, AffiliationRef(relation, o_name, doc_id))
        add(obj, AffiliationRef(INVERSE.get(relation, f"inverse_{relation}"), s_name, doc_id))
    dictionary = load_dictionary()
    key_actor, names = _dictionary_keys(kb, dictionary, scope)
    for key, actor in key_actor.items():
        if scope is not None and actor not in scope and not _parent_in(dictionary, key, key_actor, scope):
            continue  # neither end is listed (the maps hold such keys only to look parents up)
        entry = dictionary.get(key)
        if entry is None or entry.parent is None or entry.kind == "government":
            continue  # a government is part of its state by construction: not worth a line
        parent = key_actor.get(entry.parent)
        parent_entry = dictionary.get(entry.parent)
        parent_name = names.get(parent) if parent is not None else parent_entry.name if parent_entry else None
        if not parent_name or parent == actor:
            continue
        relation = "member_of" if entry.kind == "person" else "part_of"
        if not any(a.relation in ("part_of", "member_of") and a.other == parent_name for a in out[actor]):
            add(actor, AffiliationRef(relation, parent_name, None))
        if parent is not None and not any(
            a.relation in ("has_part", "has_member") and a.other == names[actor] for a in out[parent]
        ):
            add(parent, AffiliationRef(INVERSE[relation], names[actor], None))
    return out


def _parent_in(dictionary: Any, key: str, key_actor: dict[str, int], scope: frozenset[int]) -> bool:
    parent_key = _parent_key(dictionary, key)
    return parent_key is not None and key_actor.get(parent_key, -1) in scope


def _parent_key(dictionary: Any, key: str) -> str | None:
    entry = dictionary.get(key)
    return entry.parent if entry is not None else None


def _dictionary_keys(
    kb: KnowledgeBase, dictionary: Any, scope: frozenset[int] | None
) -> tuple[dict[str, int], dict[int, str]]:
    """Resolution key -> actor, in table order, and actor -> name: for every key, or with ``scope``
    for the keys of those actors, of their dictionary parents and of their dictionary children."""
    if scope is None:
        key_actor = dict(kb.conn.execute("SELECT key, actor_id FROM actor_keys ORDER BY rowid").fetchall())
        return key_actor, dict(kb.conn.execute("SELECT id, name FROM actors").fetchall())
    own = kb.conn.execute(
        "SELECT key FROM actor_keys WHERE actor_id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(scope)),),
    ).fetchall()
    own_keys = {r[0] for r in own}
    wanted = set(own_keys)
    wanted.update(p for k in own_keys if (p := _parent_key(dictionary, k)) is not None)
    wanted.update(e.key for e in dictionary.entries.values() if e.parent in own_keys)
    key_actor = dict(
        kb.conn.execute(
            "SELECT key, actor_id FROM actor_keys WHERE key IN (SELECT value FROM json_each(?)) ORDER BY rowid",
            (json.dumps(sorted(wanted)),),
        ).fetchall()
    )
    names = dict(
        kb.conn.execute(
            "SELECT id, name FROM actors WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(set(key_actor.values()))),),
        ).fetchall()
    )
    return key_actor, names
