"""Read the knowledge base: document listings, one document in full, text search, counts.

Every function takes an open :class:`~newsgraph.kb.store.KnowledgeBase` and returns frozen
records; the CLI and the web API format them.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from newsgraph.errors import KnowledgeBaseError, NotFoundError
from newsgraph.kb.store import KnowledgeBase
from newsgraph.model import Comment, Dropped, Mention


@dataclass(frozen=True, slots=True)
class DocCounts:
    mentions: int = 0
    comments: int = 0
    dropped: int = 0
    places: int = 0
    times: int = 0
    events: int = 0
    claims: int = 0


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None  # ISO date or None
    published_source: str
    origin: str | None
    ingested_at: str
    previous_version: str | None
    counts: DocCounts


@dataclass(frozen=True, slots=True)
class DocumentDetail:
    summary: DocumentSummary
    body: str
    text: str
    comments: tuple[Comment, ...]
    dropped: tuple[Dropped, ...]
    mentions: tuple[Mention, ...]


@dataclass(frozen=True, slots=True)
class SearchHit:
    doc_id: str
    title: str | None
    in_comments: bool
    comment_author: str | None
    snippet: str
    score: float


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


_COUNT_COLUMNS = {
    "mentions": "mentions",
    "comments": "comments",
    "dropped": "dropped",
    "places": "place_mentions",
    "times": "time_mentions",
    "events": "event_sources",
    "claims": "claims",
}

_SUMMARY_SQL = (
    "SELECT d.id, d.title, d.source, d.url, d.published, d.published_source, d.origin, d.ingested_at,"
    " d.previous_version, "
    + ", ".join(
        f"(SELECT COUNT(*) FROM {table} t WHERE t.doc_id = d.id) AS {name}"
        for name, table in _COUNT_COLUMNS.items()
    )
    + " FROM documents d"
)


def _summary(row: tuple[Any, ...]) -> DocumentSummary:
    return DocumentSummary(
        id=row[0],
        title=row[1],
        source=row[2],
        url=row[3],
        published=row[4],
        published_source=row[5],
        origin=row[6],
        ingested_at=row[7],
        previous_version=row[8],
        counts=DocCounts(*row[9:]),
    )


def list_documents(kb: KnowledgeBase, *, limit: int | None = None, offset: int = 0) -> list[DocumentSummary]:
    """Documents, newest publication date first (undated last), then by ingest order; ``offset``
    skips that many first (a page of the web listing)."""
    sql = _SUMMARY_SQL + " ORDER BY d.published IS NULL, d.published DESC, d.rowid"
    params: tuple[int, ...] = ()
    if limit is not None or offset:
        sql += " LIMIT ? OFFSET ?"  # SQLite: a negative LIMIT means no limit
        params = (-1 if limit is None else limit, max(0, offset))
    return [_summary(r) for r in kb.conn.execute(sql, params).fetchall()]


def resolve_doc_id(kb: KnowledgeBase, id_or_prefix: str) -> str:
    """The full id for an id or an unambiguous prefix of one; NotFoundError otherwise."""
    prefix = id_or_prefix.strip().lower()
    if not prefix or not re.fullmatch(r"[0-9a-f]+", prefix):
        raise NotFoundError(f"{id_or_prefix!r} is not a document id: ids are hex, see `newsgraph docs`")
    rows = kb.conn.execute(
        "SELECT id FROM documents WHERE id >= ? AND id < ? ORDER BY id LIMIT 6", (prefix, prefix + "g")
    ).fetchall()
    if not rows:
        raise NotFoundError(f"no document with id {id_or_prefix!r}: list the ids with `newsgraph docs`")
    if len(rows) > 1 and rows[0][0] != prefix:
        shown = ", ".join(r[0] for r in rows[:5])
        raise NotFoundError(f"{id_or_prefix!r} matches several documents ({shown}): give more of the id")
    return str(rows[0][0])


def get_document(kb: KnowledgeBase, id_or_prefix: str) -> DocumentDetail:
    doc_id = resolve_doc_id(kb, id_or_prefix)
    c = kb.conn
    row = c.execute(_SUMMARY_SQL + " WHERE d.id = ?", (doc_id,)).fetchone()
    body, text = c.execute("SELECT body, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
    comments = tuple(
        Comment(start=s, end=e, text=t, author=a)
        for s, e, t, a in c.execute(
            'SELECT start, "end", text, author FROM comments WHERE doc_id = ? ORDER BY idx', (doc_id,)
        )
    )
    dropped = tuple(
        Dropped(start=s, end=e, text=t, reason=r)
        for s, e, t, r in c.execute(
            'SELECT start, "end", text, reason FROM dropped WHERE doc_id = ? ORDER BY start', (doc_id,)
        )
    )
    mentions = tuple(
        Mention(
            start=r[0],
            end=r[1],
            text=r[2],
            label=r[3],
            actor_key=r[4],
            in_comments=bool(r[5]),
            canonical=r[6],
            kind=r[7],
            title=r[8],
        )
        for r in c.execute(
            'SELECT start, "end", text, label, actor_key, in_comments, canonical, kind, title'
            " FROM mentions WHERE doc_id = ? ORDER BY start, id",
            (doc_id,),
        )
    )
    return DocumentDetail(_summary(row), body, text, comments, dropped, mentions)


def fts_query(text: str) -> str:
    """Plain words -> an FTS5 query that needs all of them (each quoted, so ``al-Nusra`` is safe)."""
    words = [w for w in text.split() if w.strip('"')]
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def search(
    kb: KnowledgeBase,
    text: str,
    *,
    limit: int = 20,
    raw: bool = False,
    marks: tuple[str, str] = ("[", "]"),
) -> list[SearchHit]:
    """Best matches first. ``raw`` passes ``text`` as FTS5 syntax (``"Quds Force" OR Basij``)."""
    query = text if raw else fts_query(text)
    if not query:
        raise NotFoundError("nothing to search for: give one or more words")
    try:
        rows = kb.conn.execute(
            "SELECT s.doc_id, d.title, s.part, c.author,"
            " snippet(search_index, 4, ?, ?, '…', 16), bm25(search_index)"
            " FROM search_index s JOIN documents d ON d.id = s.doc_id"
            " LEFT JOIN comments c ON c.id = s.comment_id"
            " WHERE search_index MATCH ? ORDER BY bm25(search_index) LIMIT ?",
            (marks[0], marks[1], query, limit),
        ).fetchall()
    except sqlite3.OperationalError as exc:
        raise KnowledgeBaseError(
            f"cannot search for {text!r}: {exc} (drop --raw to search plain words)"
        ) from exc
    return [
        SearchHit(
            doc_id=r[0],
            title=r[1],
            in_comments=r[2] == "comment",
            comment_author=r[3],
            snippet=r[4],
            score=round(-float(r[5]), 3),
        )
        for r in rows
    ]


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
