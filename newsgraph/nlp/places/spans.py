"""Repairs to the model's entity spans before recognition reads them.

* A country's or province's name with "and" in it, which the model cuts in two ("Trinidad" GPE and
  "Tobago" PERSON; "Antigua" untagged and "Barbuda" PERSON): one span, when the gazetteer holds the whole name.
* A place entity that ran on over a lower-case adjective ("the eastern Pacific equatorial region":
  LOC "Pacific equatorial"): the name only.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from newsgraph.nlp.places.gazetteer import Gazetteer
from newsgraph.nlp.places.vocabulary import ADMIN_WORDS, PLACE_AFTER, PLACE_LABELS, SITE_TAILS


def _joined_name(doc: Doc, ent: Span, nxt: Span, gaz: Gazetteer) -> bool:
    """ "Trinidad and Tobago": two entities with "and" between that are one country's or province's name."""
    if nxt.start != ent.end + 1 or doc[ent.end].lower_ != "and" or ent.label_ not in PLACE_LABELS:
        return False
    return _country_or_province(doc[ent.start : nxt.end].text, gaz)


def _modifier_tail(doc: Doc, k: int, end: int) -> bool:
    """Token k, the entity's last, is a lower-case word that modifies what follows, not a place word:
    an adjective, or any word before "region" ("Pacific equatorial region": tagged NOUN there)."""
    tok = doc[k]
    if not tok.is_lower or tok.lower_ in PLACE_AFTER | ADMIN_WORDS | SITE_TAILS:
        return False
    return tok.pos_ == "ADJ" or (
        tok.pos_ == "NOUN" and end < len(doc) and doc[end].is_lower and doc[end].lower_ in PLACE_AFTER
    )


def _untagged_first_half(doc: Doc, ent: Span, floor: int, gaz: Gazetteer) -> int | None:
    """Start of an untagged "Antigua and" before ``ent`` that makes one country's name with it."""
    if ent.start < 2 or doc[ent.start - 1].lower_ != "and":
        return None
    for start in (ent.start - 2, ent.start - 3):
        if start < floor or not all(t.is_title and not t.ent_type_ for t in doc[start : ent.start - 1]):
            return None
        if _country_or_province(doc[start : ent.end].text, gaz):
            return start
    return None


def _country_or_province(name: str, gaz: Gazetteer) -> bool:
    return any(c.exact and c.primary and c.entry.feature in ("country", "admin1") for c in gaz.lookup(name))


def _trimmed(doc: Doc, ent: Span) -> Span:
    end = ent.end
    while end - ent.start > 1 and _modifier_tail(doc, end - 1, end):
        end -= 1
    return ent if end == ent.end else Span(doc, ent.start, end, label=ent.label_)


def repaired_entities(doc: Doc, gaz: Gazetteer) -> list[Span]:
    """The document's entities, with the repairs of the module's docstring."""
    ents = list(doc.ents)
    out: list[Span] = []
    k = 0
    while k < len(ents):
        ent = ents[k]
        if k + 1 < len(ents) and _joined_name(doc, ent, ents[k + 1], gaz):
            out.append(Span(doc, ent.start, ents[k + 1].end, label=ent.label_))
            k += 2
            continue
        start = _untagged_first_half(doc, ent, out[-1].end if out else 0, gaz)
        if start is not None:
            out.append(Span(doc, start, ent.end, label="GPE"))  # "Antigua" untagged, "Barbuda" PERSON
        else:
            out.append(_trimmed(doc, ent) if ent.label_ in PLACE_LABELS else ent)
        k += 1
    return out
