"""Streets named together before one plural street noun: "Bourbon and Dauphine streets", "at the
corner of State and Hubbard streets", "Main, Elm and Oak avenues".

Each name is a street (a site, placed at the text's town by the resolver, never at a namesake town:
the landmarks' rule). The model tags such
names as people or not at all, and no gazetteer holds them; the plural noun after the list says
what every name in it is.
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Doc

from newsgraph.nlp.places.gazetteer import Gazetteer
from newsgraph.nlp.places.landmarks import LANDMARK_HOW
from newsgraph.nlp.places.toponym import Toponym, _make, _Seen, _title_like

PLURAL_STREETS = frozenset({"streets", "avenues", "roads", "boulevards", "lanes", "sts", "aves"})
LIST_JOINERS = frozenset({",", "and", "&", "/"})
MAX_NAME_TOKENS = 3
ARTICLES = frozenset({"the", "a", "an"})


def _name_before(doc: Doc, end: int) -> int:
    """Start of the capitalised name that ends at token ``end`` (``end`` when there is none)."""
    start = end
    while (
        start > 0
        and end - start < MAX_NAME_TOKENS
        and _title_like(doc[start - 1])
        and doc[start - 1].text != "-"
    ):
        start -= 1
    return start


def street_lists(doc: Doc, gaz: Gazetteer, seen: _Seen) -> list[Toponym]:
    """Every street of ``doc`` named in a list before a plural street noun, in text order."""
    out: list[Toponym] = []
    for tok in doc:
        if not tok.is_lower or tok.lower_ not in PLURAL_STREETS:
            continue
        names: list[tuple[int, int]] = []
        end = tok.i
        while True:
            start = _name_before(doc, end)
            while start < end and doc[start].lower_ in ARTICLES:
                start += 1  # "The Main and Oak streets" ("State", "Main" are street names here)
            if start == end:
                break
            names.append((start, end))
            if start < 2 or doc[start - 1].lower_ not in LIST_JOINERS:
                break
            end = start - 1
            if doc[end].text == "," and end > 0 and doc[end - 1].lower_ in ("and", "&"):
                end -= 1  # "Main, Elm, and Oak streets"
        if len(names) < 2 or any(k in seen.claimed for a, b in names for k in range(a, b)):
            continue
        for a, b in reversed(names):
            t = _make(doc, a, b, gaz, f"{LANDMARK_HOW} '{tok.text}' (a street named in a list)")
            if t is not None:
                out.append(dataclasses.replace(t, site=True))
                seen.add(out[-1])
    return out
