"""Toponym recognition: spaCy's place entities, repaired with the gazetteer.

The small English model tags many war-zone places wrongly (Jisr al-Shughour as PERSON, Aleppo
as NORP, Golan as PRODUCT) and misses others. We keep GPE/LOC/FAC entities, drop the ones that
are part of an organisation's name ("Quds Force", "The Times of Israel") or are demonyms, and
relabel other entities and untagged capitalised words only on more than one signal: an exact
gazetteer name plus prominence (curated region, country, province, big city) or a locative cue
("in", "near", "the town of"). A town called "Of" or "Monday" never qualifies on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsgraph.nlp.gazetteer import Candidate, Gazetteer
from newsgraph.nlp.geo_names import fold_name

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
RELABEL = frozenset({"PERSON", "NORP", "PRODUCT", "ORG", "WORK_OF_ART", "EVENT", "LAW"})
ADMIN_WORDS = frozenset({"province", "provinces", "governorate", "oblast", "region", "state", "district",
                         "county", "prefecture", "muhafazat"})  # fmt: skip
# "the province of X" names a province; "the district of X" is a part of town X.
ADMIN_OF_WORDS = frozenset({"province", "governorate", "oblast", "region", "state", "provinces"})
NEAR_WORDS = frozenset({"district", "near", "outside", "around", "outskirts", "nearby", "countryside", "suburbs",
                        "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"})  # fmt: skip
CUE_WORDS = frozenset({"in", "near", "from", "to", "at", "outside", "around", "toward", "towards", "into",
                       "across", "via", "inside", "within", "between", "through"})  # fmt: skip
# Verbs whose object is usually a place ("retook Palmyra", "shelled Douma").
PLACE_VERBS = frozenset({"retook", "recaptured", "captured", "seized", "liberated", "besieged", "shelled",
                         "bombed", "entered", "stormed", "evacuated", "visited", "reached", "fled", "encircled",
                         "retake", "recapture", "capture", "seize", "liberate", "besiege", "shell", "bomb",
                         "enter", "storm", "visit", "reach", "flee", "encircle"})  # fmt: skip
PLACE_NOUNS = frozenset({"town", "city", "village", "province", "governorate", "region", "area", "outskirts",
                         "countryside", "district", "capital", "suburb", "suburbs", "fall", "siege",
                         "streets", "north", "south", "east", "west", "oblast", "port", "island"})  # fmt: skip
# Heads of organisation names: a place name right before one of these names the organisation.
ORG_HEADS = frozenset({"force", "forces", "brigade", "brigades", "battalion", "battalions", "corps", "army",
                       "regiment", "division", "party", "movement", "university", "college", "airlines",
                       "airways", "club", "fc", "times", "post", "news", "herald", "tribune", "police",
                       "guard", "guards", "committee", "council", "company", "group", "institute", "bank",
                       "ministry", "radio", "tv", "television", "agency", "foundation", "league", "hospital",
                       "school", "church", "mosque", "airport", "stadium", "media", "daily", "journal"})  # fmt: skip
STOPWORDS = frozenset(fold_name(w) for w in ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "God", "Allah", "President", "Minister", "General", "Media", "News", "Home", "Contact", "Menu", "Search", "Share", "Comments", "Login", "Subscribe", "Video", "Photos", "Sports", "Opinion", "Mr", "Mrs", "Ms", "Dr", "The", "A", "An", "I", "We", "He", "She", "They", "It", "This", "That", "Of", "And", "But", "Or", "If", "As", "At", "By", "For", "On", "In", "To", "Who"])  # fmt: skip
_IRREGULAR_DEMONYMS = {
    "american": "US", "americans": "US", "british": "GB", "briton": "GB", "french": "FR", "dutch": "NL",
    "swiss": "CH", "greek": "GR", "turkish": "TR", "turk": "TR", "emirati": "AE", "filipino": "PH",
    "afghan": "AF", "saudi": "SA", "israeli": "IL", "yemeni": "YE", "welsh": "GB", "scottish": "GB",
    "english": "GB", "irish": "IE", "spanish": "ES", "polish": "PL", "danish": "DK", "swedish": "SE",
    "finnish": "FI", "norwegian": "NO", "thai": "TH", "persian": "IR", "kurdish": None, "kurd": None,
    "kurds": None, "arab": None, "arabs": None, "alawite": None, "sunni": None, "shiite": None, "shia": None,
}  # fmt: skip
_DEMONYM_ENDINGS = ("n", "an", "ian", "i", "ese", "ish", "ite", "er")


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


def _demonym_table(gaz: Gazetteer) -> dict[str, str | None]:
    table: dict[str, str | None] = dict(_IRREGULAR_DEMONYMS)
    for cc in _country_codes(gaz):
        entry = gaz.country(cc)
        if entry is None:
            continue
        base = fold_name(entry.name)
        stems = {base, base[:-1], base.removesuffix("istan"), base.removesuffix("land")}
        for stem in stems:
            for end in _DEMONYM_ENDINGS:
                table.setdefault(stem + end, cc)
                table.setdefault(stem + end + "s", cc)
    return table


def _country_codes(gaz: Gazetteer) -> list[str]:
    gaz.country("")  # loads the table
    return sorted(gaz._countries or {})  # noqa: SLF001 - same package


_DEMONYMS: dict[int, dict[str, str | None]] = {}


def demonym_country(text: str, gaz: Gazetteer) -> str | None:
    """The country code a demonym points at ("Syrian" -> "SY"); None when not a known demonym."""
    table = _DEMONYMS.get(id(gaz))
    if table is None:
        table = _DEMONYMS[id(gaz)] = _demonym_table(gaz)
    return table.get(fold_name(text).removeprefix("pro "))


def is_demonym(text: str, gaz: Gazetteer) -> bool:
    table = _DEMONYMS.get(id(gaz)) or _DEMONYMS.setdefault(id(gaz), _demonym_table(gaz))
    key = fold_name(text)
    return key in table and not any(c.exact for c in gaz.lookup(text) if c.entry.feature == "country")


def _strength(cands: tuple[Candidate, ...]) -> int:
    """3: curated/country/province or a city over 100k; 2: a town over 1,000; 1: any; 0: no exact name."""
    best = 0
    for c in cands:
        if not c.exact:
            continue
        e = c.entry
        if e.source == "regions" or e.feature in ("country", "admin1") or e.population >= 100_000:
            return 3
        best = max(best, 2 if e.population >= 1000 else 1)
    return best


def _cue_before(doc: Doc, i: int) -> bool:
    """A locative word before token i: "in X", "near X", "the town of X", "Syria's X"."""
    if i == 0:
        return False
    prev = doc[i - 1]
    if prev.lower_ in CUE_WORDS or prev.lower_ in PLACE_VERBS:
        return True
    if prev.lower_ == "of" and i >= 2 and doc[i - 2].lower_ in PLACE_NOUNS:
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


def _clean_name(doc: Doc, start: int, end: int, gaz: Gazetteer) -> tuple[int, int, str, bool, bool]:
    """Trim "the", possessive "'s" and a trailing admin word; return (start, end, name, admin, near)."""
    near = False
    while start < end and doc[start].lower_ in (
        "the",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
    ):
        near = near or doc[start].lower_ != "the"  # "northern Hama" is an area around Hama
        start += 1
    while end > start and doc[end - 1].lower_ in ("'s", "’s", "'"):
        end -= 1
    if start >= end:
        return start, end, "", False, False
    text = doc[start:end].text
    admin = end < len(doc) and doc[end].lower_ in ADMIN_WORDS
    near = near or (end < len(doc) and doc[end].lower_ in ("countryside", "outskirts", "suburbs"))
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in ADMIN_OF_WORDS:
        admin = True
    if start >= 1 and doc[start - 1].lower_ in NEAR_WORDS:
        near = True
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in NEAR_WORDS:
        near = True
    if any(c.exact for c in gaz.lookup(text)):
        return start, end, text, admin, near
    if end - start > 1 and doc[end - 1].lower_ in ADMIN_WORDS:
        return start, end, doc[start : end - 1].text, True, near
    if end - start > 1 and doc[end - 1].lower_ in ("countryside", "outskirts"):
        return start, end, doc[start : end - 1].text, admin, True
    return start, end, text, admin, near


def _make(doc: Doc, start: int, end: int, gaz: Gazetteer, how: str) -> Toponym | None:
    start, end, name, admin, near = _clean_name(doc, start, end, gaz)
    if not name or not any(ch.isalpha() for ch in name):
        return None
    span = doc[start:end]
    return Toponym(span.start_char, span.end_char, span.text, name, admin, near, how)


def _entity_toponym(doc: Doc, ent: Span, gaz: Gazetteer) -> Toponym | None:
    words = {t.lower_ for t in ent}
    if words & ORG_HEADS or _org_follows(doc, ent.end) or _inside_org_name(doc, ent):
        return None
    if ent.label_ in PLACE_LABELS:
        if is_demonym(ent.text, gaz):
            return None
        return _make(doc, ent.start, ent.end, gaz, f"{ent.label_} entity")
    if ent.label_ not in RELABEL:
        return None
    text = _strip_the(ent)
    cands = gaz.lookup(text)
    strength = _strength(cands)
    cue = _cue_before(doc, ent.start) or (ent.end < len(doc) and doc[ent.end].lower_ in ADMIN_WORDS)
    if ent.label_ == "NORP":
        ok = strength == 3 and not is_demonym(ent.text, gaz)
    elif ent.label_ == "ORG":
        ok = strength == 3 and cue
    elif ent.label_ == "PERSON":
        # A person-like name needs a locative cue, and a small town also a multi-word name.
        weak_cue = ent.start > 0 and doc[ent.start - 1].lower_ in ("to", "from", "at", "with")
        ok = cue and (strength == 3 or (strength == 2 and (len(ent) > 1 or not weak_cue)))
        ok = ok or (_curated(cands) and strength == 3)
    else:
        ok = strength == 3 or (strength >= 2 and cue)
    if not ok:
        return None
    return _make(
        doc,
        ent.start,
        ent.end,
        gaz,
        f"{ent.label_} entity relabelled (gazetteer{', locative cue' if cue else ''})",
    )


def _major(cands: tuple[Candidate, ...]) -> bool:
    """Prominent enough to be a place without any cue: a country, a province or a city over 1M."""
    return any(c.exact and (c.entry.feature in ("country", "admin1") or c.entry.population >= 1_000_000)
               for c in cands)  # fmt: skip


def _curated(cands: tuple[Candidate, ...]) -> bool:
    return any(c.exact and c.entry.source == "regions" for c in cands)


def _strip_the(span: Span) -> str:
    toks = [t for t in span if t.lower_ not in ("the", "'s", "’s")]
    return " ".join(t.text for t in toks) if toks else span.text


def _title_like(tok: Token) -> bool:
    return tok.is_alpha and (tok.is_title or (tok.is_upper and len(tok) > 1)) or tok.text in ("-",)


def _untagged_toponyms(doc: Doc, taken: set[int], gaz: Gazetteer) -> list[Toponym]:
    """Capitalised words outside entities that the gazetteer knows, on two signals."""
    out: list[Toponym] = []
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if i in taken or not _title_like(tok) or tok.text == "-" or fold_name(tok.text) in STOPWORDS:
            i += 1
            continue
        found = None
        for size in (4, 3, 2, 1):
            j = i + size
            if j > n or any(k in taken for k in range(i, j)):
                continue
            words = doc[i:j]
            if not all(
                _title_like(t) or t.lower_ in ("al", "el", "ash", "as", "ad", "ar", "-", "of") for t in words
            ):
                continue
            if not _title_like(doc[j - 1]) or _org_follows(doc, j):
                continue
            cands = gaz.lookup(words.text)
            strength = _strength(cands)
            cue = _cue_before(doc, i)
            sentence_start = tok.is_sent_start or i == 0
            if (
                _curated(cands)
                or (_major(cands) and not sentence_start and tok.pos_ == "PROPN")
                or (strength >= 2 and cue and tok.pos_ == "PROPN")
            ):
                found = _make(doc, i, j, gaz, "gazetteer match" + (" after a locative cue" if cue else ""))
                i = j
                break
        if found is not None:
            out.append(found)
        else:
            i += 1
    return out


def _split_pair(t: Toponym, gaz: Gazetteer) -> list[Toponym]:
    """ "Hama-Aleppo highway": two known places joined by a hyphen are two toponyms."""
    if "-" not in t.text or gaz.lookup(t.name):
        return [t]
    pieces, offset = [], t.start
    for part in t.text.split("-"):
        if part.strip() and _strength(gaz.lookup(part)) == 3:
            pieces.append(Toponym(offset, offset + len(part), part, part, how=t.how + ", split at hyphen"))
        offset += len(part) + 1
    return pieces or [t]


MAX_TOPONYMS = 5000  # a pathological page (a list of every village) still ends in bounded time


def find_toponyms(doc: Doc, gaz: Gazetteer) -> list[Toponym]:
    """All toponyms in ``doc``, in text order, without overlaps."""
    out: list[Toponym] = []
    taken: set[int] = set()
    for ent in doc.ents:
        taken.update(range(ent.start, ent.end))
        t = _entity_toponym(doc, ent, gaz)
        if t is not None:
            out.append(t)
    out.extend(_untagged_toponyms(doc, taken, gaz))
    out = [piece for t in out for piece in _split_pair(t, gaz)]
    out.sort(key=lambda t: t.start)
    return out[:MAX_TOPONYMS]
