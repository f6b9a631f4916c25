"""Stated figures and facts that are not events (troop numbers...), with who says so: the one
answer of ``newsgraph claims``, ``/api/claims``, the UI and the dossiers.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from newsgraph.query.filters import ClaimFilter
from newsgraph.query.handle import clamp
from newsgraph.query.match import affiliated, match_actor, mentions_names, names_pattern
from newsgraph.query.records import ClaimRecord, Page

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def list_claims(kb: KnowledgeBase, flt: ClaimFilter | None = None) -> Page[ClaimRecord]:
    """Claims by date (undated last); reader-comment claims only when asked, flagged ``in_comments``.

    ``flt.actor`` keeps claims whose subject or sentence names the actor or one of its parts (a
    test in Python, so every claim is read to count them); without it SQL pages and counts.
    """
    flt = flt or ClaimFilter()
    where: list[str] = []
    params: list[Any] = []
    if not flt.include_comments:
        where.append("c.in_comments = 0")
    if flt.status:
        where.append("c.status = ?")
        params.append(flt.status.lower())
    if flt.doc_id:
        where.append("c.doc_id = ?")
        params.append(flt.doc_id)
    if flt.text:
        where.append(
            "(c.subject LIKE ? ESCAPE '\\' OR c.attributed_to LIKE ? ESCAPE '\\' OR c.text LIKE ? ESCAPE '\\')"
        )
        params.extend([_like(flt.text)] * 3)
    tail = (" WHERE " + " AND ".join(where)) if where else ""
    # The claims_order index (migration 14) has these expressions, so the rows come in order
    # without a sort of the whole table.
    order = " ORDER BY c.date IS NULL, c.date, c.id"
    cols = (
        "SELECT c.id, c.subject, c.value, c.date, c.attributed_to, c.status, c.in_comments, c.doc_id, c.text,"
        " c.sentence_start, c.sentence_end FROM claims c"
    )
    offset = max(0, flt.offset)
    if not flt.actor:
        total = int(kb.conn.execute("SELECT COUNT(*) FROM claims c" + tail, params).fetchone()[0])
        rows = kb.conn.execute(
            cols + tail + order + " LIMIT ? OFFSET ?", (*params, *clamp(flt.limit, offset))
        )
        return Page(total, flt.limit, offset, tuple(_claim(r) for r in rows))
    names = affiliated(kb, match_actor(kb, flt.actor)).names
    pattern = names_pattern(names)
    narrowed, extra = _candidates(names)
    tail = (" WHERE " + " AND ".join([*where, narrowed])) if narrowed else tail
    kept = [
        r
        for r in kb.conn.execute(cols + tail + order, [*params, *extra])
        if mentions_names(r[1], pattern) or mentions_names(r[8], pattern)
    ]
    end = None if flt.limit is None else offset + max(0, flt.limit)
    return Page(len(kept), flt.limit, offset, tuple(_claim(r) for r in kept[offset:end]))


def _candidates(names: frozenset[str]) -> tuple[str, list[Any]]:
    """A condition on ``claims c`` that every claim naming one of ``names`` meets: the word index
    (migration 19) finds the claims where a name's words stand in a row. A name with no word
    (punctuation only) cannot be looked up, so then no narrowing ("", every claim is tested)."""
    phrases = []
    for name in names:
        if not re.search(r"[^\W_]", name):
            return "", []
        phrases.append('"' + name.replace('"', '""') + '"')
    if not phrases:
        return "", []
    return "c.id IN (SELECT rowid FROM claim_words WHERE claim_words MATCH ?)", [" OR ".join(sorted(phrases))]


def _claim(r: tuple[Any, ...]) -> ClaimRecord:
    return ClaimRecord(
        r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], " ".join(r[8].split()), r[9], r[10]
    )
