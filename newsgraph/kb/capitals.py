"""Which city a phrase such as "the Somali capital" or "the capital of Iraq" names.

Outlets often give a capital by its country alone ("a seafront restaurant in the Somali capital");
the geocoder resolves no place there, yet the phrase names one city. The states table of the actor
dictionary (``newsgraph/data/actors/states.tsv``: names, demonyms, capitals) says which.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

STATES_TSV = Path(__file__).resolve().parents[1] / "data" / "actors" / "states.tsv"


@functools.lru_cache(maxsize=1)
def _table() -> tuple[re.Pattern[str], dict[str, tuple[str, tuple[str, ...]]]]:
    """A pattern for the capital phrases, and each folded country word -> (ISO code, capitals)."""
    by_word: dict[str, tuple[str, tuple[str, ...]]] = {}
    for line in STATES_TSV.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = (line.split("\t") + [""] * 5)[:5]
        iso2, name, demonyms, capitals = (c.strip() for c in cols[:4])
        caps = tuple(c.strip() for c in capitals.split("|") if c.strip())
        if not caps:
            continue
        for word in [name, *(d.strip() for d in demonyms.split("|"))]:
            if word:
                by_word.setdefault(word.casefold(), (iso2, caps))
    words = "|".join(re.escape(w) for w in sorted(by_word, key=len, reverse=True))
    pattern = re.compile(
        rf"\b(?:(?P<adj>{words})(?:'s)? capital\b|capital(?: city)? of (?:the )?(?P<of>{words})\b)",
        re.IGNORECASE,
    )
    return pattern, by_word


def capitals_named(text: str) -> set[tuple[str, str]]:
    """The (ISO code, capital) pairs that ``text`` names by a capital phrase."""
    if not text or "capital" not in text.casefold():
        return set()
    pattern, by_word = _table()
    out: set[tuple[str, str]] = set()
    for m in pattern.finditer(text):
        iso2, caps = by_word[(m["adj"] or m["of"]).casefold()]
        out.update((iso2, c) for c in caps)
    return out
