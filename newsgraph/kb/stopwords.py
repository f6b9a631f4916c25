"""The function words that say nothing about an event or a story, shared by the merger's
participant words (:mod:`newsgraph.kb.reports`) and the story clusterer's content words
(:mod:`newsgraph.kb.stories`); each adds the words that say nothing for its own job."""

from __future__ import annotations

#: Articles, prepositions, conjunctions and possessives.
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "in",
        "on",
        "at",
        "to",
        "by",
        "for",
        "with",
        "from",
        "his",
        "her",
        "its",
        "their",
        "more",
        "least",
    ]
)
