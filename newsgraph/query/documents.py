"""Documents: the listing (newest first), one document in full, and the reading view the UI and
``/api/documents/{id}`` show (raw text, body regions, every extracted span with its offsets).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from newsgraph.errors import NotFoundError
from newsgraph.kb.store import KnowledgeBase
from newsgraph.model import Comment, Dropped, Mention
from newsgraph.query.filters import ClaimFilter, DocumentFilter
from newsgraph.query.records import ClaimRecord, EventRecord, Page


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


def list_documents(kb: KnowledgeBase, flt: DocumentFilter | None = None) -> Page[DocumentSummary]:
    """Documents, newest publication date first (undated last), then by ingest order."""
    flt = flt or DocumentFilter()
    sql = _SUMMARY_SQL + " ORDER BY d.published IS NULL, d.published DESC, d.rowid"
    params: tuple[int, ...] = ()
    if flt.limit is not None or flt.offset:
        sql += " LIMIT ? OFFSET ?"  # SQLite: a negative LIMIT means no limit
        params = (-1 if flt.limit is None else max(0, flt.limit), max(0, flt.offset))
    total = int(kb.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    rows = tuple(_summary(r) for r in kb.conn.execute(sql, params).fetchall())
    return Page(total, flt.limit, max(0, flt.offset), rows)


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


@dataclass(frozen=True, slots=True)
class Span:
    kind: str  # mention | place | time | event | claim
    start: int
    end: int
    label: str
    ref: int | None = None  # event id, place id, claim id, actor id


@dataclass(frozen=True, slots=True)
class Highlighted:
    """A document's highlightable spans, all as offsets into its raw text."""

    doc_id: str
    spans: tuple[Span, ...] = field(default_factory=tuple)


def document_spans(kb: KnowledgeBase, doc_id: str) -> Highlighted:
    """Mentions, places, times, event triggers and claim sentences of one document, by start offset."""
    c = kb.conn
    spans: list[Span] = []
    spans += [
        Span("mention", r[0], r[1], r[2], r[3])
        for r in c.execute('SELECT start, "end", label, actor_id FROM mentions WHERE doc_id = ?', (doc_id,))
    ]
    spans += [
        Span("place", r[0], r[1], r[2] or "unresolved", r[3])
        for r in c.execute(
            'SELECT m.start, m."end", COALESCE((SELECT d.name FROM place_display d WHERE d.place_id = p.id), p.name), m.place_id FROM place_mentions m'
            " LEFT JOIN places p ON p.id = m.place_id WHERE m.doc_id = ?",
            (doc_id,),
        )
    ]
    spans += [
        Span("time", r[0], r[1], r[2])
        for r in c.execute('SELECT start, "end", value FROM time_mentions WHERE doc_id = ?', (doc_id,))
    ]
    spans += [
        Span("event", r[0], r[1], r[2], r[3])
        for r in c.execute(
            "SELECT s.trigger_start, s.trigger_end, e.type, s.event_id FROM event_sources s"
            " JOIN events e ON e.id = s.event_id WHERE s.doc_id = ?",
            (doc_id,),
        )
    ]
    spans += [
        Span("claim", r[0], r[1], r[2], r[3])
        for r in c.execute(
            "SELECT sentence_start, sentence_end, subject, id FROM claims WHERE doc_id = ?", (doc_id,)
        )
    ]
    spans.sort(key=lambda s: (s.start, -s.end, s.kind))
    return Highlighted(doc_id, tuple(spans))


@dataclass(frozen=True, slots=True)
class DocumentView:
    """One document for reading: raw text with its body regions, comments and dropped parts apart,
    and every extracted span for highlighting."""

    summary: DocumentSummary
    text: str
    body_spans: tuple[tuple[int, int], ...]
    comments: tuple[Comment, ...]
    dropped: tuple[Dropped, ...]
    spans: tuple[Span, ...]
    events: tuple[EventRecord, ...]
    claims: tuple[ClaimRecord, ...]


def document_view(kb: KnowledgeBase, id_or_prefix: str) -> DocumentView:
    """One document for reading, with its events and claims (reader-comment ones too, flagged)."""
    detail = get_document(kb, id_or_prefix)
    doc_id = detail.summary.id
    (raw_spans,) = kb.conn.execute("SELECT body_spans FROM documents WHERE id = ?", (doc_id,)).fetchone()
    try:
        body_spans = tuple((int(s), int(e)) for s, e in json.loads(raw_spans or "[]"))
    except (ValueError, TypeError):
        body_spans = ()
    from newsgraph.query.claims import list_claims
    from newsgraph.query.events import get_event

    event_ids = [
        r[0]
        for r in kb.conn.execute(
            "SELECT DISTINCT event_id FROM event_sources WHERE doc_id = ? ORDER BY event_id", (doc_id,)
        )
    ]
    return DocumentView(
        summary=detail.summary,
        text=detail.text,
        body_spans=body_spans,
        comments=detail.comments,
        dropped=detail.dropped,
        spans=document_spans(kb, doc_id).spans,
        events=tuple(get_event(kb, i) for i in event_ids),
        claims=list_claims(kb, ClaimFilter(doc_id=doc_id, include_comments=True)).items,
    )
