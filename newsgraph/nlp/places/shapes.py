"""Evidence that a name the gazetteer lacks (or barely knows) is still a place: the noun the text
puts before or after it ("the village of X", "X countryside"), and the shape of the name itself
(Arabic heads such as Deir, Tell, Kafr; endings such as -abad, -ivka, -grad).

unlisted_place and untagged_unlisted combine them with the recogniser's locative cues; the
recogniser (newsgraph.nlp.places.recognise) calls them on names the model tagged as persons or
organisations, or did not tag at all. A shape alone is never enough: it needs a locative cue or a
list of places as well, since "Ras" and "Khan" are also people's names.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from newsgraph.nlp.places.evidence import demonym_country, is_demonym
from newsgraph.nlp.places.gazetteer import Gazetteer
from newsgraph.nlp.places.names import STATE_ABBREVIATIONS, fold_name
from newsgraph.nlp.places.toponym import (
    Toponym,
    _cue_before,
    _make,
    _org_follows,
    _Seen,
    _title_like,
)
from newsgraph.nlp.places.vocabulary import ARTICLE_PARTICLES, STOPWORDS

# Nouns that, before "of", name what follows as a settlement or an area: "the village of Kafr
# Nabudah", "the towns of X and Y". ("the fall of X" or "the siege of X" say less: a city, a
# fortress or a person's reign; they stay weaker cues in vocabulary.PLACE_NOUNS.)
SETTLEMENT_OF = frozenset({"village", "villages", "town", "towns", "city", "cities", "hamlet", "hamlets",
                           "district", "districts", "neighbourhood", "neighborhood", "neighbourhoods",
                           "neighborhoods", "suburb", "suburbs", "province", "governorate", "municipality",
                           "settlement", "settlements", "countryside", "outskirts", "camp", "port",
                           "island", "region", "area", "areas", "commune", "township", "locality",
                           "subdistrict", "sub-district", "borough", "parish", "oblast", "raion"})  # fmt: skip
# Nouns right after a name that make it a settlement or an area: "Torkula village", "the Idlib
# countryside". ("town" is left out: "Jackson town hall" is a building of a person-named town.)
SETTLEMENT_AFTER = frozenset({"village", "villages", "countryside", "outskirts", "governorate", "subdistrict",
                              "sub-district", "hamlet", "raion"})  # fmt: skip
# Head words of Arabic, Hebrew and Persian place names ("Deir al-Balah", "Tell Rifaat", "Kafr
# Nabl", "Beit Hanoun", "Khan Younis", "Ras al-Ain"), written in the usual English spellings.
SHAPE_HEADS = frozenset({"deir", "dayr", "dair", "tell", "tel", "tal", "tall", "kafr", "kfar", "kafar", "ain", "ayn",
                         "ein", "jisr", "beit", "bait", "bayt", "khan", "ras", "bir", "birkat", "khirbet",
                         "khirbat", "qasr", "marj", "maarat", "maaret", "maarrat", "umm", "wadi", "jabal",
                         "jebel", "qaryat", "hayy", "hay", "mazraat", "nahr", "qalaat",
                         "qalat", "ouled", "bani", "beni", "khirbit"})  # fmt: skip
# Word endings of settlement names across the conflict zones the news covers: Persian and South
# Asian (-abad, -pur), Ukrainian and Russian (-ivka, -ivske, -ove, -ovka, -grad), and common
# European ones (-burg, -ville). Checked against the name's last word, with a stem of 3 letters.
SHAPE_ENDINGS = ("abad", "pur", "pura", "ivka", "ivske", "ivsk", "ovka", "evka", "yevka", "ove", "eve", "ivtsi",
                 "grad", "hrad", "burg", "ville", "kend", "shahr")  # fmt: skip
_ENDING = re.compile(r"^[a-z]{3,}(?:" + "|".join(SHAPE_ENDINGS) + r")$")
# An Arabic article joined to a word: "al-Bab", "el-Arish", "ad-Dana", "as-Suwayda".
_ARTICLE_WORD = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ed|es|ez)-[A-Z]", re.IGNORECASE)


def place_shaped(doc: Doc, start: int, end: int) -> bool:
    """The name reads like a settlement's: an Arabic head or article, or a settlement ending."""
    words = [t for t in doc[start:end] if t.is_alpha or "-" in t.text]
    if not words:
        return False
    first = fold_name(words[0].text)
    if len(words) > 1 or end - start > 1:
        if first in SHAPE_HEADS:
            return True
        if any(
            t.lower_ in ("al", "el", "ad", "ar", "as", "ash", "an", "ez", "es") for t in doc[start + 1 : end]
        ):
            return True  # "Deir el Balah", "Jisr ash Shughur" written as separate words
    if any(_ARTICLE_WORD.match(t.text) for t in doc[start:end]):
        return True
    text = doc[start:end].text
    if "-" in text and re.search(r"\b(?:al|el|ad|ar|as|ash|at|az|an|ed|es|ez)-\w", text, re.IGNORECASE):
        return True  # the tokenizer split "al-Bab" into "al", "-", "Bab"
    return bool(_ENDING.match(fold_name(words[-1].text)))


def settlement_noun_before(doc: Doc, start: int) -> bool:
    """ "the village of X", "the towns of Y and X" (X listed after the first), "Cairo's suburb of X"."""
    i = start
    if i >= 1 and doc[i - 1].lower_ in ("the",):
        i -= 1
    if i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in SETTLEMENT_OF:
        return True
    # "the village of Kafr Zita and Latamneh", "the villages of X, Y and Z": walk back over the list
    k = i
    for _ in range(12):
        if k < 2:
            return False
        if doc[k - 1].lower_ in (",", "and", "or"):
            k -= 1
            while k >= 1 and (
                doc[k - 1].is_title or doc[k - 1].text == "-" or doc[k - 1].lower_ in ("al", "el")
            ):
                k -= 1
            if k >= 2 and doc[k - 1].lower_ == "of" and doc[k - 2].lower_ in SETTLEMENT_OF:
                return True
            continue
        return False
    return False


def settlement_noun_after(doc: Doc, end: int) -> bool:
    """ "Torkula village", "the Idlib countryside", "Latamneh subdistrict"."""
    return end < len(doc) and doc[end].lower_ in SETTLEMENT_AFTER and doc[end].is_lower


def settlement_cue(doc: Doc, start: int, end: int) -> bool:
    """A settlement noun before or after the name: the strongest sign a name is a place."""
    return settlement_noun_before(doc, start) or settlement_noun_after(doc, end)


def unlisted_place(doc: Doc, start: int, end: int, seen: _Seen, gaz: Gazetteer) -> bool:
    """A name is a place on context alone, whatever the gazetteer says: a settlement's noun ("the
    village of X", "X countryside"), or a place-name shape ("Kafr X", "X-abad") with a locative
    cue or in a list of places."""
    if not _title_like(doc[start]) or any(t.like_num for t in doc[start:end]):
        return False
    # Cheapest tests first: this runs on every capitalised word the gazetteer does not know.
    if not (
        settlement_cue(doc, start, end)
        or (
            place_shaped(doc, start, end)
            and (_cue_before(doc, start) or listed_unknown(doc, start, end, seen))
        )
        or (_town_like(doc, start, end) and admin_follows(doc, end, gaz))
    ):
        return False
    text = doc[start:end].text
    if fold_name(text) in STOPWORDS or _org_follows(doc, end):
        return False
    # "the northern Kurdish village of Ranya": the village is Ranya
    return not (demonym_country(text, gaz) or is_demonym(text, gaz))


def listed_unknown(doc: Doc, start: int, end: int, seen: _Seen) -> bool:
    """A name the gazetteer lacks, in a list with an accepted place, as an object, not a subject
    or an owner: "shows in Hamburg, Brasoc and Mannheim", not "Greece, Guhdar and his family face"
    nor "the EU's and Kemira's commitment"."""
    n = len(doc)
    k = start - 1
    joined = k >= 1 and doc[k].lower_ in ("and", "or", ",")
    before = joined and (
        k in seen.ends or (doc[k].lower_ != "," and doc[k - 1].text == "," and k - 1 in seen.ends)
    )
    after = end + 1 < n and doc[end].lower_ in (",", "and", "or") and end + 1 in seen.starts
    # "Tell Rifaat and Deir Jamal", "Hamburg, Brasoc and Mannheim"; not "Kilburn, Grannum, of"
    # (an apposition) nor "Bruschke, China" (a place only after it)
    if not (before and (doc[k].lower_ != "," or after)):
        return False
    owner = end < n and doc[end].lower_ in ("'s", "’s", "of")  # "the Democratic Republic of the Congo"
    return not owner and doc[start:end].root.dep_ not in ("nsubj", "nsubjpass")


def untagged_unlisted(doc: Doc, i: int, gaz: Gazetteer, seen: _Seen) -> Toponym | None:
    """An untagged capitalised name that context alone makes a place ("the villages of Hesh and
    X"): the whole capitalised run from token i (up to 4 words), when _unlisted_place agrees."""
    if doc[i].pos_ != "PROPN" or (i > 0 and _title_like(doc[i - 1]) and not doc[i].is_sent_start):
        return None  # the middle of a longer name
    j = i
    while (
        j < len(doc)
        and j - i < 4
        and j not in seen.taken
        and (_title_like(doc[j]) or doc[j].lower_ in ARTICLE_PARTICLES)
    ):
        if j > i and doc[j].is_sent_start:
            break
        j += 1
    while j > i and (not _title_like(doc[j - 1]) or doc[j - 1].text == "-"):
        j -= 1  # end on a capitalised word, not on "al" or a hyphen
    if j == i or (j < len(doc) and _title_like(doc[j]) and doc[j].text != "-" and not doc[j].is_sent_start):
        return None  # longer than four words: not a name read whole
    if not unlisted_place(doc, i, j, seen, gaz):
        return None
    return _make(doc, i, j, gaz, "a capitalised name in a place's context (a settlement's noun, or a "
                 "place-name shape with a locative cue)")  # fmt: skip


# Features a name after "Town, " must have to make the town a place: a state, province, county or
# district ("Knockhill, Fife", "Shelby, Mont.", "Abagana, Anambra"). A town or a country after the
# comma says less: "Reuters, London" and "Smith, France" are a source and a person.
_ADMIN_FEATURES = frozenset({"admin1", "admin2"})


def _town_like(doc: Doc, start: int, end: int) -> bool:
    """A proper name that could be a town's: not a person's full name ("said John Smith, Texas's
    attorney general")."""
    return doc[start].pos_ == "PROPN" and (end - start == 1 or doc[start].ent_type_ != "PERSON")


def admin_follows(doc: Doc, end: int, gaz: Gazetteer) -> bool:
    """ "Knockhill, Fife.", "Gainesville, Va.", "Rathdrum, County Wicklow": the name that ends at
    token ``end`` is followed by a comma and a province, state or county's name that ends there
    (not a list of provinces, "Texas, Ohio and Iowa", where the first name is a province too)."""
    n = len(doc)
    if end + 1 >= n or doc[end].text != "," or doc[end].whitespace_ == "":
        return False
    k = end + 1
    if doc[k].text in STATE_ABBREVIATIONS:
        j = k + 1
    else:
        j = k
        while j < n and j - k < 3 and _title_like(doc[j]) and doc[j].text != "-" and not doc[j].is_sent_start:
            j += 1
        if j == k or (j < n and _title_like(doc[j]) and doc[j].text != "-" and not doc[j].is_sent_start):
            return False  # no name, or a longer one read on
        name = doc[k:j].text
        if not any(c.exact and c.primary and c.entry.feature in _ADMIN_FEATURES for c in gaz.lookup(name)):
            return False
    if j < n and doc[j].lower_ in ("and", "or", "&", "'s", "’s"):
        return False
    return not (j + 1 < n and doc[j].text == "," and _title_like(doc[j + 1]) and doc[j + 1].text != "-")
