"""Story clusters: the documents that tell one story (several outlets, the day's updates).

GDELT counted one kidnapping (Chibok) as hundreds of events because every follow-up article was
matched against events, never against the story it continued. Here each new document first joins
the story of the most similar recent document, if any is similar enough: a close headline and
lead, backed by a shared named place or actor, within a few days of publication. The merger
(:mod:`newsgraph.kb.events`) then merges events across documents of one story far more readily
than across stories; the story never overrides its vetoes (another day, another town).

A story is named by its first document's rowid; ``document_stories`` keeps why a document joined.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from newsgraph.kb.stopwords import FUNCTION_WORDS

#: Documents of one story are published within this many days of each other (wire updates and
#: follow-ups run over a day or two; a week later is a new story even at the same place).
STORY_DAYS = 2
#: Weighted word overlap (rare words count most) of headline + lead for joining a story. On the
#: invented set (tests/fixtures/merge) outlets that rewrote one event in their own words share
#: 0.0-0.12, and unrelated reports of the same place and week up to 0.25: wording alone cannot
#: tell those apart, so a story needs more than that (a rewrite of one wire copy, a follow-up that
#: repeats the headline's key words) and the merger's own rules carry the rest.
JOIN_OVERLAP = 0.3
#: Candidates read per new document at most (the most recent first): bounds the cost per
#: document in a dense news week, so ingest stays linear.
MAX_CANDIDATES = 200
#: Characters of the lead read after the headline.
LEAD_CHARS = 320

#: Words that say nothing about which story: function words, and dates (the publication window's
#: job, not the wording's).
_STOP = FUNCTION_WORDS | frozenset(
    [
        "but",
        "said",
        "says",
        "say",
        "were",
        "was",
        "has",
        "have",
        "had",
        "been",
        "that",
        "this",
        "which",
        "who",
        "they",
        "them",
        "after",
        "before",
        "about",
        "over",
        "into",
        "than",
        "also",
        "while",
        "when",
        "where",
        "near",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "yesterday",
        "today",
    ]
)
#: The wire dateline that opens a lead ("BEIRUT, March 12, 2025 (Levant Wire) -"): the bureau's
#: city and the outlet are shared by every story it files, so they are no evidence of one story.
_DATELINE = re.compile(r"^[^\n]{0,80}?\s[-\u2013\u2014]+\s")
_HEADLINE_END = (".", "!", "?", ":", ";", '"', "'", "”", "’")


def headline_end(text: str, spans: list[list[int]]) -> int | None:
    """Where the headline ends (the body's first line, short and with no sentence-final
    punctuation, as scraped pages and wire copy begin), or None when the body has none."""
    start = spans[0][0] if spans else 0
    while start < len(text) and text[start].isspace():
        start += 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    line = text[start:end].strip()
    if not line or line.endswith(_HEADLINE_END) or len(line.split()) > 20 or end >= len(text.rstrip()):
        return None
    return end


def content_words(text: str) -> frozenset[str]:
    out = set()
    # Words as the search index tokenises them (so their document counts can be looked up);
    # figures are left out: tolls differ between outlets, and dates are the time window's job.
    for w in re.findall(r"[^\W\d_]+", text.lower()):
        if w not in _STOP and len(w) > 2:
            out.add(w)
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class WordCounts:
    """How many documents of the knowledge base use each word (the search index's vocabulary)."""

    documents: int
    counts: dict[str, int]

    def weight(self, word: str, *, uses: int) -> float:
        """Inverse document frequency of ``word``, not counting the ``uses`` documents being
        compared (in a small knowledge base their own words would otherwise look common)."""
        others = max(0, self.counts.get(word, 0) - uses)
        return math.log((self.documents + 1) / (others + 0.5))


def word_counts(conn: sqlite3.Connection, words: Iterable[str]) -> WordCounts:
    listed = sorted(set(words))
    n = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] or 1
    counts: dict[str, int] = {}
    for i in range(0, len(listed), 500):
        chunk = listed[i : i + 500]
        marks = ",".join("?" for _ in chunk)
        counts.update(
            conn.execute(f"SELECT term, doc FROM search_vocab WHERE term IN ({marks})", chunk).fetchall()
        )
    return WordCounts(n, counts)


def overlap(a: frozenset[str], b: frozenset[str], counts: WordCounts) -> float:
    """Weighted Jaccard: the rare words two leads share over the rare words either uses."""
    shared = sum(counts.weight(w, uses=2) for w in a & b)
    union = shared + sum(counts.weight(w, uses=1) for w in a ^ b)
    return shared / union if union else 0.0


def _headline_and_lead(title: str | None, text: str, spans: list[list[int]]) -> str:
    head_end = headline_end(text, spans)
    start = spans[0][0] if spans else 0
    parts = [title or ""]
    if head_end is not None:
        parts.append(text[start:head_end])
        start = head_end
    body = text[start:]
    # Skip date and byline lines above the lead: the lead is the first line of running text.
    lines = [ln for ln in body.splitlines() if len(ln.split()) >= 8]
    lead = lines[0] if lines else body
    parts.append(_DATELINE.sub("", lead, count=1)[:LEAD_CHARS])
    return " ".join(parts)


def _doc_features(
    conn: sqlite3.Connection, doc_id: str
) -> tuple[frozenset[str], set[int], set[int], str | None]:
    title, text, spans, published = conn.execute(
        "SELECT title, text, body_spans, published FROM documents WHERE id = ?", (doc_id,)
    ).fetchone()
    words = content_words(_headline_and_lead(title, text, json.loads(spans or "[]")))
    places = {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT pm.place_id FROM place_mentions pm JOIN places p ON p.id = pm.place_id"
            " WHERE pm.doc_id = ? AND pm.in_comments = 0 AND p.precision <= 2",
            (doc_id,),
        )
    }
    actors = {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT actor_id FROM mentions WHERE doc_id = ? AND in_comments = 0 AND actor_id IS NOT NULL",
            (doc_id,),
        )
    }
    return words, places, actors, published


def assign_story(conn: sqlite3.Connection, doc_id: str) -> int | None:
    """Put ``doc_id`` into the story of its most similar recent document (or a new story).

    Returns the story id, or None for a document without a publication date (its neighbours in
    time are unknown, so it stays out of every story rather than joining one by chance).
    """
    words, places, actors, published = _doc_features(conn, doc_id)
    if published is None:
        return None
    day = dt.date.fromisoformat(published[:10])
    lo = (day - dt.timedelta(days=STORY_DAYS)).isoformat()
    hi = (day + dt.timedelta(days=STORY_DAYS)).isoformat()
    # Documents of the window (the published index) that share a named town or actor: each test
    # is an index lookup inside one document, so the cost is bound by the news of those days,
    # not by the size of the knowledge base.
    place_marks = ",".join("?" for _ in places) or "NULL"
    actor_marks = ",".join("?" for _ in actors) or "NULL"
    candidates = conn.execute(
        "SELECT s.doc_id, s.words FROM documents d JOIN document_stories s ON s.doc_id = d.id"
        " WHERE d.published BETWEEN ? AND ? AND d.id != ? AND ("
        f" EXISTS (SELECT 1 FROM place_mentions pm WHERE pm.doc_id = d.id AND pm.place_id IN ({place_marks}))"
        f" OR EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = d.id AND m.actor_id IN ({actor_marks})))"
        " ORDER BY d.rowid DESC LIMIT ?",
        (lo, hi + "T99", doc_id, *places, *actors, MAX_CANDIDATES),
    ).fetchall()
    features = {other: frozenset(text.split()) for other, text in candidates}
    counts = word_counts(conn, words.union(*features.values())) if features else WordCounts(1, {})
    best: tuple[float, str] | None = None
    for other, o_words in features.items():
        score = overlap(words, o_words, counts)
        if score >= JOIN_OVERLAP and (best is None or score > best[0]):
            best = (score, other)
    if best is not None:
        story = conn.execute("SELECT story_id FROM document_stories WHERE doc_id = ?", (best[1],)).fetchone()[
            0
        ]
        reason = f"headline and lead overlap {best[0]:.2f} with a document of the story; shares a named place or actor"
    else:
        story = conn.execute("SELECT rowid FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
        reason = "first document of its story"
    conn.execute(
        "INSERT OR REPLACE INTO document_stories (doc_id, story_id, reason, words) VALUES (?, ?, ?, ?)",
        (doc_id, int(story), reason, " ".join(sorted(words))),
    )
    return int(story)


def story_of(conn: sqlite3.Connection, doc_id: str) -> int | None:
    row = conn.execute("SELECT story_id FROM document_stories WHERE doc_id = ?", (doc_id,)).fetchone()
    return int(row[0]) if row else None
