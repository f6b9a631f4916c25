"""One actor: which actor a name means (:func:`find_actor`) and its dossier: aliases, roles,
affiliations, mentions with their sentences, events, whereabouts, why its names were merged.
``newsgraph actor``, ``/api/actors/{id}`` and the UI's dossier ask here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsgraph.errors import KnowledgeBaseError, NotFoundError
from newsgraph.query.actors import ActorFilter, ActorSummary, AffiliationRef, RoleRef, list_actors
from newsgraph.query.events import list_events
from newsgraph.query.filters import DossierFilter, EventFilter, WhereaboutsFilter
from newsgraph.query.match import is_row_id, match_actor
from newsgraph.query.records import EventRecord, Whereabout
from newsgraph.query.whereabouts import whereabouts

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase


@dataclass(frozen=True, slots=True)
class MentionRef:
    document: str
    text: str
    start: int
    end: int
    sentence: str
    in_comments: bool


@dataclass(frozen=True, slots=True)
class MergeReason:
    """Why a name (or a resolution key) belongs to this actor: automatic rule or analyst decision."""

    alias: str
    reason: str


@dataclass(frozen=True, slots=True)
class ActorDossier:
    id: int
    name: str
    kind: str | None
    sector: str | None
    country: str | None
    aliases: tuple[str, ...]
    roles: tuple[RoleRef, ...]
    affiliations: tuple[AffiliationRef, ...]
    documents: tuple[str, ...]
    mentions: int
    comment_mentions: int
    mention_sentences: tuple[MentionRef, ...]
    merged_because: tuple[MergeReason, ...]
    events: tuple[EventRecord, ...]
    whereabouts: tuple[Whereabout, ...]


class AmbiguousActorError(KnowledgeBaseError):
    """NAME fits more than one actor; ``candidates`` lists them so the user can pick an id."""

    def __init__(self, text: str, candidates: list[ActorSummary]) -> None:
        self.text = text
        self.candidates = candidates
        names = "; ".join(f"{c.id}: {c.name} ({c.kind or '?'})" for c in candidates)
        super().__init__(f"{text!r} fits {len(candidates)} actors ({names}): pass the id or a fuller name")


def find_actor(kb: KnowledgeBase, text: str) -> int:
    """The one actor that ``text`` names (an id, a name, an alias or a resolution key).

    Raises KnowledgeBaseError when none does, :class:`AmbiguousActorError` when several do.
    """
    text = text.strip()
    if is_row_id(text):
        row = kb.conn.execute("SELECT id FROM actors WHERE id = ?", (int(text),)).fetchone()
        if row is None:
            raise NotFoundError(f"no actor with id {text}: `newsgraph actors` lists them with their ids")
        return int(row[0])
    try:
        match = match_actor(kb, text)
    except NotFoundError:
        raise NotFoundError(
            f"no actor called {text!r} in the knowledge base: `newsgraph actors {text!r}` lists the actors"
            " whose names contain it"
        ) from None
    if len(match.ids) == 1:
        return next(iter(match.ids))
    want = " ".join(text.split()).lower()
    ids = set(match.ids)
    # Prefer an actor called exactly that, then one that has it as an alias; the rest are
    # surname-only rows match_actor adds for the same person, or true namesakes.
    marks = ",".join("?" for _ in ids)
    for sql, args in (
        (
            f"SELECT id FROM actors WHERE id IN ({marks}) AND (lower(name) = ? OR lower(canonical) = ?)",
            [want, want],
        ),
        (f"SELECT DISTINCT actor_id FROM aliases WHERE actor_id IN ({marks}) AND lower(alias) = ?", [want]),
    ):
        hits = {r[0] for r in kb.conn.execute(sql, [*ids, *args])}
        if len(hits) == 1:
            return hits.pop()
        if hits:
            ids = hits
            break
    candidates = {
        a.id: a for a in list_actors(kb, ActorFilter(include_comments=True, ids=frozenset(ids))).items
    }
    raise AmbiguousActorError(text, [candidates[i] for i in sorted(candidates)] or [])


def actor_dossier(kb: KnowledgeBase, flt: DossierFilter) -> ActorDossier:
    """Everything the knowledge base knows about the actor ``flt.actor`` names (see :func:`find_actor`)."""
    include_comments = flt.include_comments
    actor = find_actor(kb, flt.actor)
    summary = list(list_actors(kb, ActorFilter(include_comments=True, ids=frozenset({actor}))).items)
    if not summary:
        row = kb.conn.execute(
            "SELECT name, kind, sector, country FROM actors WHERE id = ?", (actor,)
        ).fetchone()
        summary = [ActorSummary(actor, row[0], row[1], row[2], row[3], (row[0],), (), (), (), 0)]
    s = summary[0]
    key = kb.conn.execute(
        "SELECT key FROM actor_keys WHERE actor_id = ? ORDER BY merge_reason IS NOT NULL, key LIMIT 1",
        (actor,),
    ).fetchone()
    events: tuple[EventRecord, ...] = ()
    where: tuple[Whereabout, ...] = ()
    if key is not None:
        # statements too: an actor's record holds what it said and where it went (visits, meetings:
        # the whereabouts below are drawn from these events)
        of_actor = EventFilter(actor=key[0], include_comments=include_comments, include_statements=True)
        events = list_events(kb, of_actor).items
        where = whereabouts(kb, WhereaboutsFilter(actor=key[0]), built={e.id: e for e in events}).items
    return ActorDossier(
        id=s.id, name=s.name, kind=s.kind, sector=s.sector, country=s.country, aliases=s.aliases,
        roles=s.roles, affiliations=s.affiliations, documents=s.documents, mentions=s.mentions,
        comment_mentions=s.comment_mentions, mention_sentences=_mention_sentences(kb, actor, include_comments),
        merged_because=_merge_reasons(kb, actor), events=tuple(events), whereabouts=tuple(where),
    )  # fmt: skip


def _mention_sentences(kb: KnowledgeBase, actor: int, include_comments: bool) -> tuple[MentionRef, ...]:
    where = "" if include_comments else "AND m.in_comments = 0"
    rows = kb.conn.execute(
        'SELECT m.doc_id, m.text, m.start, m."end", m.in_comments, d.text,'
        " (SELECT s.start FROM sentences s WHERE s.doc_id = m.doc_id AND s.start <= m.start"
        '  AND s."end" >= m."end" ORDER BY s.start DESC LIMIT 1),'
        ' (SELECT s."end" FROM sentences s WHERE s.doc_id = m.doc_id AND s.start <= m.start'
        '  AND s."end" >= m."end" ORDER BY s.start DESC LIMIT 1)'
        " FROM mentions m JOIN documents d ON d.id = m.doc_id"
        f" WHERE m.actor_id = ? {where} ORDER BY d.published, m.doc_id, m.start",
        (actor,),
    ).fetchall()
    out = []
    for doc_id, text, start, end, in_comments, doc_text, s_start, s_end in rows:
        lo, hi = (s_start, s_end) if s_start is not None else (max(0, start - 120), end + 120)
        out.append(MentionRef(doc_id, text, start, end, " ".join(doc_text[lo:hi].split()), bool(in_comments)))
    return tuple(out)


def _merge_reasons(kb: KnowledgeBase, actor: int) -> tuple[MergeReason, ...]:
    rows = kb.conn.execute(
        "SELECT key, merge_reason FROM actor_keys WHERE actor_id = ? AND merge_reason IS NOT NULL"
        " UNION SELECT alias, merge_reason FROM aliases WHERE actor_id = ? ORDER BY 1",
        (actor, actor),
    ).fetchall()
    return tuple(dict.fromkeys(MergeReason(" ".join(a.split()), r) for a, r in rows))


def actor_key(kb: KnowledgeBase, actor: int) -> str:
    """The actor's own resolution key (decisions are stored by key, so they survive re-ingest)."""
    row = kb.conn.execute(
        "SELECT key FROM actor_keys WHERE actor_id = ? ORDER BY merge_reason IS NOT NULL, key LIMIT 1",
        (actor,),
    ).fetchone()
    if row is None:
        raise KnowledgeBaseError(f"actor {actor} has no resolution key; re-ingest its documents")
    return str(row[0])
