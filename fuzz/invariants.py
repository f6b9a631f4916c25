"""Invariants every record must keep, whatever the input: shared by the hypothesis tests and the
atheris targets so that both check the same contract.

Each ``check_*`` raises ``AssertionError`` naming the broken rule; the fuzzers treat that as a
finding, exactly like an unexpected exception.
"""

from __future__ import annotations

import functools

from newsgraph.model import PLACE_PRECISIONS, STATUSES, TIME_PRECISIONS, Document, Extraction, TimeMention

#: The 16 PLOVER event types (openeventdata/PLOVER).
PLOVER_TYPES = frozenset(
    {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "SANCTION",
        "THREATEN",
        "PROTEST",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    }
)


#: An event dated only by its article gets precision "publication-date" (nlp/events/extract.py).
EVENT_TIME_PRECISIONS = frozenset(TIME_PRECISIONS) | {"publication-date"}


@functools.lru_cache(maxsize=1)
def lexicon_types() -> frozenset[str]:
    """The event types the trigger lexicon can assign (all must be PLOVER types)."""
    from newsgraph.nlp.events.lexicon import load_lexicon

    lex = load_lexicon()
    entries = [e for group in (lex.verbs, lex.nouns, lex.phrases) for es in group.values() for e in es]
    return frozenset(e.type for e in entries)


def check_span(text: str, start: int, end: int, what: str, expected: str | None = None) -> None:
    assert 0 <= start <= end <= len(text), f"{what}: span {start}:{end} outside text of {len(text)} chars"
    if expected is not None:
        got = text[start:end]
        assert got == expected, f"{what}: text[{start}:{end}] is {got!r}, record says {expected!r}"


def check_document(doc: Document, source: str) -> None:
    """Cleaning keeps the caller's text and gives spans that slice it, without overlaps."""
    assert doc.text == source, "Document.text must be the text the caller passed"
    taken: list[tuple[int, int, str]] = []
    for span in doc.body:
        check_span(doc.text, span.start, span.end, "body span")
        taken.append((span.start, span.end, "body"))
    for comment in doc.comments:
        check_span(doc.text, comment.start, comment.end, "comment", comment.text)
        taken.append((comment.start, comment.end, "comment"))
    for dropped in doc.dropped:
        check_span(doc.text, dropped.start, dropped.end, "dropped", dropped.text)
        taken.append((dropped.start, dropped.end, "dropped"))
    taken.sort()
    for (_, end_a, kind_a), (start_b, _, kind_b) in zip(taken, taken[1:], strict=False):
        assert end_a <= start_b, f"{kind_a} and {kind_b} spans overlap"


def check_time(mention: TimeMention, text: str) -> None:
    check_span(text, mention.start, mention.end, "time", mention.text)
    assert mention.precision in TIME_PRECISIONS, f"time precision {mention.precision!r} not in vocabulary"
    if mention.start_date is not None and mention.end_date is not None:
        assert mention.start_date <= mention.end_date, f"time {mention.value}: start after end"


def check_extraction(ex: Extraction, source: str) -> None:
    """Every offset in an Extraction lies inside its document and slices to the recorded text."""
    text = ex.text
    check_document(ex.document, source)
    assert ex.doc_id, "every extraction has a document id"
    for s in ex.sentences:
        check_span(text, s.start, s.end, "sentence")
    for m in ex.mentions:
        check_span(text, m.start, m.end, f"mention {m.label}", m.text)
    for p in ex.places:
        check_span(text, p.start, p.end, "place", p.text)
        assert p.precision is None or p.precision in PLACE_PRECISIONS, f"place precision {p.precision!r}"
    for t in ex.times:
        check_time(t, text)
    types = lexicon_types() | PLOVER_TYPES
    for e in ex.events:
        check_span(text, e.sentence.start, e.sentence.end, "event sentence")
        check_span(text, e.trigger.start, e.trigger.end, "event trigger", e.trigger_text)
        assert e.sentence.start <= e.trigger.start and e.trigger.end <= e.sentence.end, (
            "event trigger outside its sentence"
        )
        assert e.type in types, f"event type {e.type!r} is not a PLOVER type"
        assert e.status in STATUSES, f"event status {e.status!r} not in vocabulary"
        assert e.time_precision in EVENT_TIME_PRECISIONS, f"event time precision {e.time_precision!r}"
        for who in (*e.actors, *e.targets):
            check_span(text, who.start, who.end, "event participant", who.text)
        if e.place is not None:
            check_span(text, e.place.start, e.place.end, "event place", e.place.text)
        if e.time is not None:
            check_time(e.time, text)
        if e.fatalities is not None:
            assert e.fatalities >= 0, "negative fatalities"
        assert 0.0 <= e.confidence <= 1.0, f"confidence {e.confidence} outside 0..1"
    for c in ex.claims:
        check_span(text, c.sentence.start, c.sentence.end, "claim sentence")
        assert c.status in STATUSES, f"claim status {c.status!r} not in vocabulary"
    for r in ex.roles:
        check_span(text, r.evidence.start, r.evidence.end, "role evidence")
    for a in ex.affiliations:
        check_span(text, a.evidence.start, a.evidence.end, "affiliation evidence")
