"""When an event happened: the time expression of its own clause, else of its paragraph.

Among the dated TimeMentions of the event's sentence, in this order:

1. one the trigger governs ("killed on Monday", "Monday's strike");
2. any other, except one inside a clause that describes a participant and not the event ("The
   group, which has held the city since 2016, repelled an attack": 2016 dates the holding);

a sure date before a guessed one, then the nearest to the trigger. With none in the sentence,
the latest dated one earlier in the paragraph. A range's end makes the event span the interval
("between March and May 2023").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from spacy.tokens import Span, Token

from newsgraph.model import TimeMention
from newsgraph.nlp.events.places import governs
from newsgraph.nlp.time.normalise import interval, range_pair

#: Clauses that describe a participant (a relative clause, a participle, an apposition): a time
#: inside one dates what it says of that participant, not the event.
_DESCRIBING = frozenset({"relcl", "acl", "appos"})
#: A time that modifies a noun ("the 1986 housing project", "the 2011 uprising") dates that noun.
_MODIFIER_DEPS = frozenset({"compound", "amod", "nummod", "nmod", "poss"})
_OBJECT_DEPS = frozenset({"dobj", "obj", "pobj", "attr"})


def paragraph_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end offsets of the line (paragraph) holding ``pos``."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _describes_other(span: Span, anchor: Token, event_nouns: Collection[str]) -> bool:
    """The time sits in a relative clause, participle or apposition that does not hold the trigger."""
    tok = span.root
    if (
        tok.dep_ in _MODIFIER_DEPS
        and tok.head.i != anchor.i
        and tok.head.dep_ in _OBJECT_DEPS
        and tok.head.lemma_.lower() not in event_nouns  # "killed in Monday's strike": an event's day
    ):
        # "shelled the 1986 housing project": the year names the project, not the shelling (a
        # subject's "Monday's strike killed five" dates the event the subject names)
        return True
    while tok.head.i != tok.i:
        if tok.dep_ in _DESCRIBING and not (tok.left_edge.i <= anchor.i <= tok.right_edge.i):
            return True
        tok = tok.head
    return False


def choose_time(
    anchor: Token,
    sent: Span,
    times: list[tuple[Span, int]],
    records: Sequence[TimeMention],
    text: str,
    *,
    event_nouns: Collection[str] = (),
) -> TimeMention | None:
    """The TimeMention dating the event at ``anchor`` (see module doc); None when there is none.
    ``event_nouns``: the trigger lexicon's nouns (a day modifying one dates that event)."""
    # Undated expressions ("later", "a day") date nothing: a dated one beside them does.
    times = [(s, i) for s, i in times if records[i].start_date is not None]
    inside = [(s, i) for s, i in times if s.start >= sent.start and s.end <= sent.end]
    if inside:
        own = [(s, i) for s, i in inside if not _describes_other(s, anchor, event_nouns)]
        pool = [(s, i) for s, i in own if governs(s, anchor)] or own or inside
        # A sure date beats a guessed one ("at midnight on Sunday": Sunday, not "midnight" of the
        # publication day), then the nearest.
        _, index = min(
            pool,
            key=lambda p: (
                records[p[1]].ambiguous,
                min(abs(p[0].start - anchor.i), abs(p[0].end - 1 - anchor.i)),
            ),
        )
        return with_range_end(records, index, text)
    para_start, _ = paragraph_bounds(text, sent.start_char)
    before = [(s, i) for s, i in times if para_start <= s.start_char and s.end_char <= sent.start_char]
    if before:
        return with_range_end(records, max(before, key=lambda p: p[0].start)[1], text)
    return None


def latest_day(times: Sequence[TimeMention]) -> dt.date | None:
    """The latest day the text names: the story's day when no document date is known."""
    days = [t.start_date for t in times if t.precision == "day" and t.start_date and not t.ambiguous]
    return max(days, default=None)


def with_range_end(records: Sequence[TimeMention], index: int, text: str) -> TimeMention:
    """ "between March and May 2023": an event dated by either end spans the whole interval."""
    here = records[index]
    if index + 1 < len(records) and range_pair(here, records[index + 1], text):
        return interval(here, records[index + 1], text)
    if index > 0 and range_pair(records[index - 1], here, text):
        return interval(records[index - 1], here, text)
    return here
