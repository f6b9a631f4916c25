"""Full-text search over article bodies and reader comments (comment hits are marked)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsgraph.errors import KnowledgeBaseError, NotFoundError
from newsgraph.query.filters import SearchFilter
from newsgraph.query.records import Page

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase


@dataclass(frozen=True, slots=True)
class SearchHit:
    doc_id: str
    title: str | None
    in_comments: bool
    comment_author: str | None
    snippet: str
    score: float


def fts_query(text: str) -> str:
    """Plain words -> an FTS5 query that needs all of them (each quoted, so ``al-Nusra`` is safe)."""
    words = [w for w in text.split() if w.strip('"')]
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def search(kb: KnowledgeBase, flt: SearchFilter) -> Page[SearchHit]:
    """Best matches first. ``flt.raw`` passes the text as FTS5 syntax (``"Quds Force" OR Basij``)."""
    query = flt.text if flt.raw else fts_query(flt.text.replace("\x00", " "))
    if not query:
        raise NotFoundError("nothing to search for: give one or more words")
    offset = max(0, flt.offset)
    try:
        total = int(
            kb.conn.execute(
                "SELECT COUNT(*) FROM search_index WHERE search_index MATCH ?", (query,)
            ).fetchone()[0]
        )
        # ORDER BY rank (bm25, FTS5's default rank) with a LIMIT is sorted inside FTS5, and the
        # snippets are made for the page's rows only: sorting the joined rows by bm25() built a
        # snippet for every match first (~100 ms when 20,000 documents match).
        found = kb.conn.execute(
            "SELECT doc_id, part, comment_id, snippet(search_index, 4, ?, ?, '…', 16), rank"
            " FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
            (flt.marks[0], flt.marks[1], query, -1 if flt.limit is None else max(0, flt.limit), offset),
        ).fetchall()
        titles = _lookup(kb, "SELECT id, title FROM documents", {h[0] for h in found})
        authors = _lookup(kb, "SELECT id, author FROM comments", {h[2] for h in found if h[2] is not None})
        rows = [
            (d, titles[d], part, authors.get(c), snip, score)
            for d, part, c, snip, score in found
            if d in titles
        ]
    except sqlite3.OperationalError as exc:
        raise KnowledgeBaseError(
            f"cannot search for {flt.text!r}: {exc} (drop --raw to search plain words)"
        ) from exc
    hits = tuple(
        SearchHit(
            doc_id=r[0],
            title=r[1],
            in_comments=r[2] == "comment",
            comment_author=r[3],
            snippet=r[4],
            score=round(-float(r[5]), 3),
        )
        for r in rows
    )
    return Page(total, flt.limit, offset, hits)


def _lookup(kb: KnowledgeBase, select: str, ids: set[Any]) -> dict[Any, Any]:
    """``select`` (``id, value``) for ``ids`` only, as a dict."""
    if not ids:
        return {}
    rows = kb.conn.execute(
        select + " WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(sorted(ids)),)
    )
    return dict(rows.fetchall())
