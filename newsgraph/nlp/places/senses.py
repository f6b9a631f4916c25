"""One sense per document, for names: a name the text uses for a person is no place elsewhere in it.

"Noma said she had been bathing her daughter", "his girlfriend Olivia", "Beryl, 81,", "Judge Danilo
Suarez... Deen and Villanueva": once the text shows a name to be a person's (after a title or a
kinship word, before an age, or in a PERSON entity that speaks, feels or is so introduced: every
word of that name), its other uses are the person too, however many towns the gazetteer knows by it. A
country, a province, a capital or a big city keeps its place reading ("Moscow said" is the
government), as does a use with its own locative cue ("in Tyler", "Tyler, Texas").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsgraph.nlp.places.gazetteer import Candidate, Gazetteer
from newsgraph.nlp.places.landmarks import LANDMARK_HOW
from newsgraph.nlp.places.names import fold_name
from newsgraph.nlp.places.toponym import Toponym, _cue_before, _inside_org_name, _make, _org_follows
from newsgraph.nlp.places.vocabulary import CUE_WORDS

# Verbs whose subject is a person: speaking, thinking, feeling (by lemma).
PERSON_VERBS = frozenset({"say", "tell", "add", "explain", "stress", "speak", "recall", "write", "insist",
                          "admit", "confess", "ask", "reply", "answer", "note", "recount", "laugh", "smile",
                          "cry", "shout", "whisper", "feel", "think", "hope", "wish", "remember", "plead",
                          "testify", "marry", "die", "bear", "survive"})  # fmt: skip
SIZEABLE = 100_000  # people: a town this big that "says" something is its council or its club
# Words before a name that make it a person's: titles, roles and kin ("girlfriend Olivia").
PERSON_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
                           "president", "judge", "justice", "coach", "senator", "sen", "rep", "gov", "governor",
                           "minister", "mayor", "chef", "pope", "king", "queen", "prince", "princess", "sheikh",
                           "captain", "general", "sgt", "officer", "detective", "councillor", "cllr", "chairman",
                           "mother", "father", "son", "daughter", "wife", "husband", "girlfriend", "boyfriend",
                           "brother", "sister", "aunt", "uncle", "cousin", "niece", "nephew", "grandson",
                           "granddaughter", "grandmother", "grandfather", "baby", "mum", "mom", "dad",
                           "partner", "fiancée", "fiancee", "widow", "striker", "midfielder", "defender",
                           "goalkeeper", "forward", "guard", "actress", "actor", "singer", "composer"})  # fmt: skip


def _is_subject_of_person_verb(tok: Token) -> bool:
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in PERSON_VERBS


def _titled(doc: Doc, i: int) -> bool:
    return i > 0 and doc[i - 1].lower_.rstrip(".") in PERSON_TITLES


def _aged(doc: Doc, j: int) -> bool:
    """ "Beryl, 81,": an age after the name."""
    return (
        j + 1 < len(doc)
        and doc[j].text == ","
        and doc[j + 1].text.isdigit()
        and 0 < int(doc[j + 1].text) < 120
        and (j + 2 >= len(doc) or doc[j + 2].text in (",", ")", "."))
    )


def person_names(doc: Doc, gaz: Gazetteer, placed: set[int] = frozenset()) -> set[str]:  # type: ignore[assignment]
    """Folded names the text uses for people (see the module's docstring); ``placed``: the tokens
    of accepted toponyms (a PERSON entity that is a place, "Brands Hatch", names no one)."""
    out: set[str] = set()
    for ent in doc.ents:
        if ent.label_ != "PERSON" or any(k in placed for k in range(ent.start, ent.end) if len(ent) > 1):
            continue
        if not all(t.is_title for t in ent):
            continue
        if _titled(doc, ent.start) or _aged(doc, ent.end) or any(_is_subject_of_person_verb(t) for t in ent):
            out.update(fold_name(t.text) for t in ent)  # "Yulia Skripal said": both words name her
    for tok in doc:
        if not (tok.is_title and tok.is_alpha):
            continue
        if _titled(doc, tok.i) or _aged(doc, tok.i + 1):
            out.add(fold_name(tok.text))
        elif _is_subject_of_person_verb(tok) and not _sizeable(gaz.lookup(tok.text)):
            out.add(fold_name(tok.text))  # "said Noma" (tagged GPE); "Liverpool said" is the club's city
    return out


def _sizeable(cands: tuple[Candidate, ...]) -> bool:
    """A place whose name speaks for it: a country, a province, a capital, a town of 100,000."""
    return any(
        c.exact
        and (
            c.entry.feature in ("country", "admin1")
            or c.entry.source == "capital"
            or c.entry.population >= SIZEABLE
        )
        for c in cands
    )


def _keeps_place_reading(doc: Doc, t: Toponym, gaz: Gazetteer) -> bool:
    if t.admin_hint or t.how.startswith(LANDMARK_HOW) or t.tok_start < 0:
        return True  # ("Bourbon and Dauphine streets": the noun after it says what the name is)
    owner = t.tok_end < len(doc) and doc[t.tok_end].lower_ in ("'s", "’s")  # "in Modi's name": his
    if (
        not owner
        and t.tok_start > 0
        and doc[t.tok_start - 1].lower_ in CUE_WORDS
        and _cue_before(doc, t.tok_start)
    ):
        return True
    if t.tok_end + 1 < len(doc) and doc[t.tok_end].text == "," and doc[t.tok_end + 1].is_title:
        nxt = gaz.lookup(doc[t.tok_end + 1].text)
        if any(c.exact and c.entry.feature in ("admin1", "country") for c in nxt):
            return True  # "Tyler, Texas"
    return any(
        c.exact
        and (
            c.entry.feature in ("country", "admin1")
            or c.entry.source == "capital"
            or c.entry.population >= 1_000_000
        )
        for c in gaz.lookup(t.name)
    )


def drop_person_names(doc: Doc, toponyms: list[Toponym], gaz: Gazetteer) -> list[Toponym]:
    """The toponyms whose name the text uses for a person removed (one sense per document)."""
    placed = {k for t in toponyms if t.tok_start >= 0 for k in range(t.tok_start, t.tok_end)}
    people = person_names(doc, gaz, placed)
    if not people:
        return toponyms
    return [
        t
        for t in toponyms
        if not (fold_name(t.text) in people and " " not in t.text and not _keeps_place_reading(doc, t, gaz))
    ]


def _free_standing(doc: Doc, i: int, j: int) -> bool:
    """Tokens i..j are a name of their own, not a part of a longer one ("Air Zimbabwe", "Jamaica
    Cancer Society", "Tianjin No. 2"), nor an organisation's ("the University of Aleppo")."""
    before = doc[i - 1] if i > 0 else None
    if (
        before is not None
        and not doc[i].is_sent_start
        and (before.is_title or before.is_upper)
        and before.is_alpha
    ):
        return False
    nxt = doc[j] if j < len(doc) else None
    if nxt is not None and not nxt.is_sent_start and (nxt.is_title or nxt.is_upper or nxt.text in ("-", "–")):
        return False
    if i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].is_title:
        return False  # "the People's Republic of China", "the Bank of Mauritius"
    return not _org_follows(doc, j) and not _inside_org_name(doc, doc[i:j])


def spread_place_names(doc: Doc, toponyms: list[Toponym], gaz: Gazetteer) -> list[Toponym]:
    """One sense per document for places: a name accepted as a place once is a place wherever else
    the text writes it the same way, standing on its own ("the Madinaty academy", "Samos's economy",
    "to Cirencester" tagged PERSON), unless the text uses it for a person. Demonyms do not spread."""
    claimed = {k for t in toponyms if t.tok_start >= 0 for k in range(t.tok_start, t.tok_end)}
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for t in toponyms:
        if t.tok_start < 0 or t.how.startswith(("demonym", "state abbreviation")) or len(t.text) < 3:
            continue
        if (
            not doc[t.tok_start].is_title
            and not doc[t.tok_start].is_upper
            or not any(c.exact for c in gaz.lookup(t.name))
        ):
            continue  # only a name the gazetteer knows spreads ("Dropbox" once taken for a site does not)
        words = tuple(tok.text for tok in doc[t.tok_start : t.tok_end] if tok.lower_ != "the")
        if words and doc[t.tok_start + (doc[t.tok_start].lower_ == "the")].text == words[0]:
            by_first.setdefault(words[0], []).append(words)
    if not by_first:
        return toponyms
    people = person_names(doc, gaz, claimed)
    # and the last words of people's full names ("Ashley Sutton", "Mohamed Salah"): no spreading
    people |= {fold_name(e[-1].text) for e in doc.ents if e.label_ == "PERSON" and len(e) > 1}
    out = list(toponyms)
    i = 0
    while i < len(doc):
        for words in sorted(set(by_first.get(doc[i].text, ())), key=len, reverse=True):
            j = i + len(words)
            if j > len(doc) or any(k in claimed for k in range(i, j)):
                continue
            if tuple(tok.text for tok in doc[i:j]) != words or fold_name(doc[i:j].text) in people:
                continue
            if not _free_standing(doc, i, j):
                continue
            if doc[i].ent_type_ == "PERSON" and not (i > 0 and doc[i - 1].lower_ in CUE_WORDS):
                continue  # "Salah helped fire Egypt": the model's person, unless a cue says place
            found = _make(doc, i, j, gaz, "named as a place elsewhere in the text")
            if found is not None:
                out.append(found)
                claimed.update(range(i, j))
                i = j - 1
                break
        i += 1
    out.sort(key=lambda t: t.start)
    return out
