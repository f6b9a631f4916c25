"""The recognised toponym record and the token-level tests that build it: locative cues, admin words, name cleaning, coordination, acronyms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsgraph.nlp.places.evidence import _strength
from newsgraph.nlp.places.gazetteer import Candidate, Gazetteer
from newsgraph.nlp.places.names import STATE_ABBREVIATIONS, fold_name
from newsgraph.nlp.places.vocabulary import (
    ADMIN_OF_WORDS,
    ADMIN_PHRASES,
    ADMIN_WORDS,
    APPOSITION_PLACE_NOUNS,
    ARTICLE_PARTICLES,
    COORDINATORS,
    CUE_WORDS,
    HELD_WORDS,
    NEAR_WORDS,
    ON_PLACE_WORDS,
    ORG_HEADS,
    PART_OF_TOWN,
    PLACE_AFTER,
    PLACE_NOUNS,
    PLACE_VERBS,
    SITE_TAILS,
    STOPWORDS,
    TO_NOT_PLACE,
)


@dataclass(frozen=True, slots=True)
class Toponym:
    """A recognised place name. ``name`` is what to look up (articles and "province" removed)."""

    start: int
    end: int
    text: str
    name: str
    admin_hint: bool = False
    near_hint: bool = False
    how: str = "GPE entity"
    tok_start: int = -1
    tok_end: int = -1
    admin_word: str = ""  # "province", "county"... the word that made admin_hint
    site: bool = False  # a street or a building: placed at its town when the gazetteer lacks it


def _cue_before(doc: Doc, i: int) -> bool:
    """A locative word before token i: "in X", "near X", "the town of X", "Syria's X"."""
    if i == 0:
        return False
    if doc[i - 1].lower_ in _DIRECTIONS | {"north", "south", "east", "west"} and i >= 2:
        i -= 1  # "in northern Shan State"
    if doc[i - 1].lower_ in HELD_WORDS and i >= 2:
        i -= 1  # "in occupied Tokmak", "in besieged Mariupol"
        if i >= 3 and doc[i - 1].text == "-":
            i -= 2  # "into rebel-held Idlib"
    if doc[i - 1].lower_ == "the" and i >= 2:
        i -= 1  # "outside the White House", "shelled the Golan"
    if doc[i - 1].lower_ == "to" and i >= 2 and doc[i - 2].lower_ in TO_NOT_PLACE:
        return False  # "according to the Pentagon", "loyal to Damascus": a source or an allegiance
    prev = doc[i - 1]
    if prev.lower_ in CUE_WORDS or prev.lower_ in PLACE_VERBS:
        return True
    if prev.lower_ in APPOSITION_PLACE_NOUNS and prev.pos_ == "NOUN":
        return True  # "the provincial capital Lashkar Gah", "the border town Rafah"
    if prev.lower_ == "on" and i >= 2 and doc[i - 2].lower_ in ON_PLACE_WORDS:
        return True
    if (
        prev.lower_ == "as"
        and i >= 3
        and doc[i - 2].lower_ == "such"
        and doc[i - 3].lower_ in PLACE_NOUNS | {"countries", "nations", "states"}
    ):
        return True  # "countries such as Cyprus"
    if prev.lower_ == "of" and i >= 2 and doc[i - 2].lower_ in PLACE_NOUNS:
        return True
    # "Jodi Mahler of Bellmore", "Peddar, of Brent": a person's or a body's home town.
    if (
        prev.lower_ == "of"
        and i >= 2
        and (doc[i - 2].ent_type_ in ("PERSON", "ORG") or doc[i - 2].text == ",")
    ):
        return True
    return prev.lower_ in ("'s", "’s") and i >= 2 and doc[i - 2].ent_type_ == "GPE"


def _org_follows(doc: Doc, end: int) -> bool:
    return end < len(doc) and doc[end].lower_ in ORG_HEADS and doc[end].is_title


def _inside_org_name(doc: Doc, span: Span) -> bool:
    """ "The Times of Israel", "University of Aleppo": an org entity, then "of", then the place."""
    i = span.start
    return (
        i >= 2
        and doc[i - 1].lower_ == "of"
        and doc[i - 2].ent_type_ in ("ORG", "WORK_OF_ART")
        and doc[i - 2].is_title
    )


_DIRECTIONS = frozenset({"northern", "southern", "eastern", "western", "central"})


def admin_after(doc: Doc, i: int) -> tuple[int, str]:
    """The admin word or phrase that starts at token i: (its length in tokens, the word), or (0, "")."""
    for words, word in ADMIN_PHRASES.items():
        if tuple(t.lower_ for t in doc[i : i + len(words)]) == words:
            return len(words), word
    return (1, doc[i].lower_) if i < len(doc) and doc[i].lower_ in ADMIN_WORDS else (0, "")


def admin_before(doc: Doc, start: int, end: int) -> tuple[int, str]:
    """The admin word or phrase that ends the span start:end after a name: "Bokkos LGA", "Guma Local
    Government Area" -> (its length in tokens, the word), or (0, "")."""
    for words, word in ADMIN_PHRASES.items():
        if end - start > len(words) and tuple(t.lower_ for t in doc[end - len(words) : end]) == words:
            return len(words), word
    return (1, doc[end - 1].lower_) if end - start > 1 and doc[end - 1].lower_ in ADMIN_WORDS else (0, "")


def _clean_name(doc: Doc, start: int, end: int, gaz: Gazetteer) -> tuple[int, int, str, str, bool]:
    """Trim "the", possessive "'s" and a trailing admin word; return (start, end, name, admin word, near).

    The admin word ("province", "county"...) is "" when the text names none."""
    near = False
    while start < end:
        low = doc[start].lower_
        if low == "the":
            start += 1
        elif (
            low in _DIRECTIONS
            and not any(c.exact for c in gaz.lookup(doc[start:end].text))
            and not (end - start == 2 and doc[end - 1].lower_ in SITE_TAILS | PLACE_AFTER)
        ):  # ("Central Station" is a site's name, not the middle of a place called Station)
            near = True  # "northern Hama" is an area around Hama; "Northern Ireland" is a name
            start += 1
        else:
            break
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'") or doc[end - 1].is_space):
        end -= 1  # (whitespace tokens stand for masked boilerplate: a place never reaches into it)
    if start >= end:
        return start, end, "", "", False
    text = doc[start:end].text
    admin = admin_after(doc, end)[1]
    near = near or (end < len(doc) and doc[end].lower_ in ("countryside", "outskirts", "suburbs"))
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in ADMIN_OF_WORDS:
        admin = doc[start - 2].lower_
    if start >= 1 and doc[start - 1].lower_ in NEAR_WORDS:
        near = True
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in NEAR_WORDS:
        near = True
    if any(c.exact for c in gaz.lookup(text)):
        last = doc[end - 1].lower_
        return start, end, text, admin or (last if last in ADMIN_WORDS else ""), near
    size, word = admin_before(doc, start, end)
    if size:
        return start, end, doc[start : end - size].text, word, near
    if end - start > 1 and doc[end - 1].lower_ in TRAILING_PLACE_NOUNS and doc[end - 1].is_lower:
        # "Torkula village", "Hama countryside" (one entity): the name is the place, the noun says
        # what kind; "countryside" and "outskirts" also say "around it, not in it" ("SOS Children's
        # Village" is a name: capitalised, the noun stays)
        near = near or doc[end - 1].lower_ in ("countryside", "outskirts")
        return start, end - 1, doc[start : end - 1].text, admin, near
    return start, end, text, admin, near


# Nouns an entity sometimes takes in with the name ("Torkula village"), dropped when the whole
# is no gazetteer name ("Gaza City" and "Kuwait City" are names, and stay whole).
# ("town" and "city" are left on: "Ipswich Town" and "Birmingham City" are football clubs.)
TRAILING_PLACE_NOUNS = frozenset({"village", "villages", "countryside", "outskirts", "hamlet"})


def _make(doc: Doc, start: int, end: int, gaz: Gazetteer, how: str) -> Toponym | None:
    start, end, name, admin, near = _clean_name(doc, start, end, gaz)
    if not name or not any(ch.isalpha() for ch in name) or fold_name(name) in STOPWORDS:
        return None  # "North State Street" is no state called North
    if name in STATE_ABBREVIATIONS:
        name, admin = STATE_ABBREVIATIONS[name], "state"
    if end < len(doc) and doc[end].lower_ == "river" and any(c.exact for c in gaz.lookup(f"{name} River")):
        name, end = f"{name} River", end + 1  # "the Dnipro river" is the river, not the city of Dnipro
    span = doc[start:end]
    text, end_char = span.text, span.end_char
    if text.endswith(".") and name == text and not is_acronym(text) and text[-4:-1].isalpha():
        # "the province of Hama." is tokenised with the full stop; "St." and "Va." keep theirs
        text, name, end_char = text[:-1], name[:-1], end_char - 1
    site = (
        doc[end - 1].lower_.rstrip(".") in SITE_TAILS
        or how.startswith(("FAC", "road number"))
        or (end < len(doc) and doc[end].lower_ in PART_OF_TOWN)  # "the al Waer district of Homs"
    )
    return Toponym(span.start_char, end_char, text, name, bool(admin), near, how, start, end, admin, site)


def _title_like(tok: Token) -> bool:
    return tok.is_alpha and (tok.is_title or (tok.is_upper and len(tok) > 1)) or tok.text in ("-",)


@dataclass
class _Seen:
    """What the document has accepted so far: token ends and starts of toponyms, and their names."""

    ends: set[int]
    starts: set[int]
    names: set[str]
    taken: set[int]
    claimed: set[int]
    surnames: set[str] = field(default_factory=set)  # last words of full PERSON names ("Sam Allen")

    def add(self, t: Toponym) -> None:
        self.claimed.update(range(t.tok_start, t.tok_end))
        self.ends.add(t.tok_end)
        self.starts.add(t.tok_start)
        self.names.add(fold_name(t.name))
        self.taken.update(range(t.tok_start, t.tok_end))


def _coordinated(doc: Doc, start: int, end: int, seen: _Seen) -> bool:
    """In a list with a place already accepted: "Gloucester and Cheltenham", "Žilina, Nitra"."""
    if start >= 1 and doc[start - 1].lower_ in COORDINATORS:
        k = start - 1
        if k >= 1 and doc[k - 1].text == ",":
            k -= 1
        # over the place's own nouns: "Jenin refugee camp and Tulkarm", "Hama province and Idlib"
        for _ in range(2):
            if k >= 1 and k not in seen.ends and doc[k - 1].lower_ in PLACE_AFTER | {"camp", "camps"}:
                k -= 1
        if k in seen.ends:
            return True
    # "Nitra, Prešov" before an accepted place; "Jisr ash-Shughur in Idlib province" inside one.
    return end + 1 < len(doc) and doc[end].lower_ in COORDINATORS | {"in", "near"} and end + 1 in seen.starts


def _cue_after(doc: Doc, end: int) -> bool:
    """ "the Hama front", "a Kent-based team", "London-born"."""
    if end < len(doc) and doc[end].lower_ in PLACE_AFTER:
        return True
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in ("based", "born", "bound")


def is_acronym(text: str) -> bool:
    """ "TNA", "MoD", "UConn": short capitals or capitals inside a word, as organisations are written."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    if all(c.isupper() for c in letters) and len(letters) <= 4:
        return True
    if _NAME_PREFIX_CAPITAL.fullmatch(text):
        return False  # "LaFayette", "McAllen", "DeKalb", "LaGrange": towns, written like surnames
    return any(a.islower() and b.isupper() for a, b in zip(text, text[1:], strict=False))


# A surname-style prefix with its capital inside one word: US towns carry many ("McKinney",
# "DeSoto", "LaPorte"), as organisations' camel case ("UConn", "MoD") does not.
# (Not a plural or possessive form, "McDonalds": a brand's.)
_NAME_PREFIX_CAPITAL = re.compile(r"(?:Mc|Mac|La|Le|De|Di|Du|Van|Von|O')[A-Z][a-z]{1,}[a-rt-z]")


def _acronym_ok(cands: tuple[Candidate, ...]) -> bool:
    """An acronym names a place only as a country or a curated region ("UK", "UAE", "KRI"): towns'
    and provinces' short alternate names are airport codes and transliterations ("tna" for Tena)."""
    return any(c.exact and (c.entry.feature == "country" or c.entry.source == "regions") for c in cands)


def _extend(doc: Doc, start: int, end: int, gaz: Gazetteer) -> int:
    """Grow a span over particles and capitalised words when that makes a known name:
    "Jisr" (PERSON) + "ash-Shughur" -> "Jisr ash-Shughur"."""
    n = len(doc)
    for j in range(min(end + 6, n), end, -1):
        extra = doc[end:j]
        if not _title_like(doc[j - 1]) or doc[j - 1].text == "-":
            continue
        # "Croix-des-Bouquets", "Pul-i-Alam": one hyphenated word, whatever its inner particles
        hyphenated = (
            doc[end].text == "-"
            and not doc[end - 1].whitespace_
            and all(not t.whitespace_ for t in extra[:-1])
        )
        if not hyphenated and not all(_title_like(t) or t.lower_ in ARTICLE_PARTICLES for t in extra):
            continue
        if any(t.is_sent_start for t in extra) or _org_follows(doc, j):
            continue
        if _strength(gaz.lookup(doc[start:j].text)) >= 2:
            return j
    return end


# Last words of a landform's or area's name (streets and buildings are SITE_TAILS).
_PLACE_WORDS = ("river", "lake", "island", "islands", "mountains", "mount", "bay", "valley", "county", "province",
                "region", "desert", "sea", "ocean")  # fmt: skip
