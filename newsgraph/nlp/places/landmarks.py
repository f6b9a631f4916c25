"""Landmarks named with a common noun after them: "the T4 air base", "Evin prison", "Kandahar
airport", "the Tishreen dam", "the Bab al-Hawa crossing".

The model rarely tags such names, or tags them as people ("the Bab al-Hawa" PERSON), and the
gazetteer holds towns, not buildings. The noun says what the name is: a landmark, placed at its
town. When the name is a big town's ("Kandahar airport"), the toponym is the town, near it
(precision 2: an airport or a dam lies outside the town it is named after); otherwise the name is
a site, which the resolver places at the town the text puts it in ("Evin prison in Tehran") or
names nearest (newsgraph.nlp.places.sites.locate_sites), never at a small namesake town
elsewhere (Évin-Malmaison, France).
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Doc

from newsgraph.nlp.places.evidence import _strength, is_demonym
from newsgraph.nlp.places.gazetteer import Gazetteer
from newsgraph.nlp.places.names import fold_name
from newsgraph.nlp.places.toponym import Toponym, _make, _Seen
from newsgraph.nlp.places.vocabulary import ARTICLE_PARTICLES, STOPWORDS

# Lower-case nouns after a name that make it a landmark's (capitalised ones, "Colchester General
# Hospital", are the recogniser's site names). Two-word forms first: "air base", "border crossing".
LANDMARK_PHRASES = (("air", "base"), ("air", "field"), ("military", "airport"), ("military", "base"),
                    ("naval", "base"), ("border", "crossing"), ("power", "plant"), ("power", "station"),
                    ("oil", "field"), ("gas", "field"), ("refugee", "camp"))  # fmt: skip
LANDMARK_NOUNS = frozenset({"airport", "airfield", "airbase", "aerodrome", "dam", "crossing", "hospital",
                            "prison", "jail", "university", "bridge", "checkpoint", "refinery", "stadium",
                            "barracks"})  # fmt: skip
MAX_NAME_TOKENS = 4
LANDMARK_HOW = "the name of a landmark, before"


def _head_at(lower: list[str], k: int) -> int:
    """Length of the landmark noun (or phrase) at token k, 0 when there is none. ``lower`` holds
    each token's text when it is in lower case, else "" (so capitalised names never match)."""
    if lower[k] in _PHRASE_STARTS:
        for words in LANDMARK_PHRASES:
            if tuple(lower[k : k + len(words)]) == words:
                return len(words)
    return 1 if lower[k] in LANDMARK_NOUNS else 0


_PHRASE_STARTS = frozenset(words[0] for words in LANDMARK_PHRASES)


def _name_word(text: str) -> bool:
    return text[:1].isupper() and any(c.isalpha() for c in text)


def find_landmarks(doc: Doc, gaz: Gazetteer, seen: _Seen) -> list[Toponym]:
    """Every "Name + landmark noun" of ``doc`` (see the module docstring), in text order."""
    out: list[Toponym] = []
    # (one pass over the tokens: slicing the Doc at every token cost more than the rest of recognition)
    lower = [t.text if t.is_lower else "" for t in doc]
    for k in range(1, len(doc)):
        if not lower[k]:
            continue
        size = _head_at(lower, k)
        if not size:
            continue
        start = k
        while start > 0 and k - start < MAX_NAME_TOKENS:
            prev = doc[start - 1]
            if _name_word(prev.text) and not prev.is_sent_start:
                start -= 1
            elif (
                prev.lower_ in ARTICLE_PARTICLES and prev.lower_ not in ("of", "on", "upon") and start - 1 > 0
            ):
                start -= 1  # "Bab al-Hawa": over the article, if a name goes on before it
            elif _name_word(prev.text):  # a name that opens the sentence: "Evin prison holds..."
                start -= 1
                break
            else:
                break
        while start < k and (not _name_word(doc[start].text) or fold_name(doc[start].text) in STOPWORDS):
            start += 1  # begin on a name, not on "al", a hyphen or a sentence's "The"
        if start == k or any(j in seen.claimed for j in range(start, k + size)):
            continue
        if start > 0 and doc[start - 1].lower_ in ("'s", "’s"):  # "Estey's Bridge crossing": a longer name
            continue
        name = doc[start:k].text
        if fold_name(name) in STOPWORDS or is_demonym(name, gaz) or doc[start].ent_type_ in ("DATE", "TIME"):
            continue  # "the Syrian border crossing", "Monday's bridge"
        # A big town's name ("Kandahar airport"): the town. A small one's may be a namesake far away
        # ("Evin prison" is in Tehran, not at Évin-Malmaison, France): the landmark is a site.
        # (A refugee camp bears its town's name, whatever the town's size: "Jenin refugee camp".)
        strength = _strength(gaz.lookup(name))
        if strength == 3 or (strength == 2 and doc[k : k + size].text == "refugee camp"):
            town = _make(doc, start, k, gaz, f"a town's name before '{doc[k : k + size].text}'")
            if town is not None:
                out.append(dataclasses.replace(town, near_hint=True))
                seen.add(out[-1])
            continue
        # The name alone is the toponym ("Abu Shok" of "Abu Shok refugee camp", as corpora mark it);
        # the resolver places it at its town, never at a namesake town (LANDMARK_HOW)
        site = _make(doc, start, k, gaz, f"{LANDMARK_HOW} '{doc[k : k + size].text}'")
        if site is not None:
            out.append(dataclasses.replace(site, site=True))
            seen.add(out[-1])
    return out
