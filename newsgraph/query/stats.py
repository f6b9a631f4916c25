"""Counts of everything in the knowledge base, and the most mentioned actors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase


@dataclass(frozen=True, slots=True)
class ActorCount:
    id: int
    name: str
    kind: str | None
    label: str | None
    mentions: int
    documents: int
    comment_only: bool  # every mention is in reader comments


@dataclass(frozen=True, slots=True)
class Stats:
    path: str
    schema_version: int
    documents: int
    dated_documents: int
    first_published: str | None
    last_published: str | None
    comments: int
    dropped: int
    mentions: int
    actors: int
    places: int
    place_mentions: int
    time_mentions: int
    events: int
    claims: int
    roles: int
    affiliations: int
    decisions: int


def top_actors(
    kb: KnowledgeBase,
    *,
    limit: int = 10,
    include_comments: bool = False,
    labels: tuple[str, ...] = (),
) -> list[ActorCount]:
    """The most mentioned actors (body mentions only unless ``include_comments``).

    ``labels`` keeps actors whose majority NER label is one of them (``("PERSON",)``).
    """
    where = ["1"] if include_comments else ["m.in_comments = 0"]
    params: list[Any] = []
    if labels:
        where.append(f"a.label IN ({', '.join('?' for _ in labels)})")
        params.extend(labels)
    rows = kb.conn.execute(
        "SELECT a.id, a.name, a.kind, a.label, COUNT(*), COUNT(DISTINCT m.doc_id), MIN(m.in_comments)"
        f" FROM mentions m JOIN actors a ON a.id = m.actor_id WHERE {' AND '.join(where)}"
        " GROUP BY a.id ORDER BY COUNT(*) DESC, a.name LIMIT ?",
        (*params, limit),
    ).fetchall()
    return [ActorCount(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6])) for r in rows]


def stats(kb: KnowledgeBase) -> Stats:
    c = kb.conn

    def count(table: str) -> int:
        return int(c.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    dated, first, last = c.execute(
        "SELECT COUNT(published), MIN(published), MAX(published) FROM documents"
    ).fetchone()
    return Stats(
        path=str(kb.path),
        schema_version=kb.schema_version,
        documents=count("documents"),
        dated_documents=int(dated),
        first_published=first,
        last_published=last,
        comments=count("comments"),
        dropped=count("dropped"),
        mentions=count("mentions"),
        actors=count("actors"),
        places=count("places"),
        place_mentions=count("place_mentions"),
        time_mentions=count("time_mentions"),
        events=count("events"),
        claims=count("claims"),
        roles=count("roles"),
        affiliations=count("affiliations"),
        decisions=count("decisions"),
    )
