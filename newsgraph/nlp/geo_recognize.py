"""Toponym recognition: spaCy's place entities, repaired with the gazetteer.

The small English model tags many war-zone places wrongly (Jisr al-Shughour as PERSON, Aleppo
as NORP, Golan as PRODUCT) and misses others. We keep GPE/LOC/FAC entities, drop the ones that
are part of an organisation's name ("Quds Force", "The Times of Israel") or are demonyms, and
relabel other entities and untagged capitalised words only on more than one signal: an exact
gazetteer name plus prominence (curated region, country, province, big city) or a locative cue
("in", "near", "the town of"). A town called "Of" or "Monday" never qualifies on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsgraph.nlp.gazetteer import Candidate, Gazetteer
from newsgraph.nlp.geo_names import STATE_ABBREVIATIONS, fold_name
from newsgraph.nlp.segment import starts_line

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
RELABEL = frozenset({"PERSON", "NORP", "PRODUCT", "ORG", "WORK_OF_ART", "EVENT", "LAW"})
ADMIN_WORDS = frozenset({"province", "provinces", "governorate", "oblast", "region", "state", "district",
                         "county", "prefecture", "muhafazat", "lga"})  # fmt: skip
# Admin phrases read as one admin word: Nigeria's "Local Government Area" (LGA).
ADMIN_PHRASES = {("local", "government", "area"): "lga", ("local", "government"): "lga"}
# "the province of X" names a province; "the district of X" is a part of town X.
ADMIN_OF_WORDS = frozenset({"province", "governorate", "oblast", "region", "state", "provinces"})
NEAR_WORDS = frozenset({"district", "near", "outside", "around", "outskirts", "nearby", "countryside", "suburbs",
                        "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"})  # fmt: skip
CUE_WORDS = frozenset({"in", "near", "from", "to", "at", "outside", "around", "toward", "towards", "into", "along",
                       "across", "via", "inside", "within", "between", "through"})  # fmt: skip
# Words between a cue and a place: "in occupied Tokmak", "into rebel-held Idlib".
HELD_WORDS = frozenset({"occupied", "besieged", "embattled", "nearby", "neighbouring", "neighboring", "held",
                        "controlled", "liberated", "devastated", "war-torn", "frontline", "southern", "northern",
                        "eastern", "western", "central"})  # fmt: skip
# Nouns a place name stands in apposition to: "the provincial capital Lashkar Gah".
APPOSITION_PLACE_NOUNS = frozenset({"town", "city", "village", "capital", "port", "hamlet", "suburb", "district",
                                    "neighbourhood", "neighborhood", "camp", "island", "province", "region"})  # fmt: skip
# Verbs whose object is usually a place ("retook Palmyra", "shelled Douma").
PLACE_VERBS = frozenset({"retook", "retaken", "overran", "overrun", "recaptured", "captured", "seized", "liberated", "besieged", "shelled",
                         "bombed", "entered", "stormed", "evacuated", "visited", "reached", "fled", "encircled",
                         "retake", "recapture", "capture", "seize", "liberate", "besiege", "shell", "bomb",
                         "enter", "storm", "visit", "reach", "flee", "encircle", "raided", "raid", "pounded",
                         "bombarded", "invaded", "invade"})  # fmt: skip
PLACE_NOUNS = frozenset({"towns", "cities", "villages", "provinces", "regions", "areas", "town", "city", "village", "province", "governorate", "region", "area", "outskirts",
                         "countryside", "district", "capital", "suburb", "suburbs", "fall", "siege",
                         "streets", "north", "south", "east", "west", "oblast", "port", "island"})  # fmt: skip
# Heads of organisation names: a place name right before one of these names the organisation.
ORG_HEADS = frozenset({"force", "forces", "brigade", "brigades", "battalion", "battalions", "corps", "army",
                       "regiment", "division", "party", "movement", "university", "college", "airlines",
                       "airways", "club", "fc", "times", "post", "news", "herald", "tribune", "police",
                       "guard", "guards", "committee", "council", "company", "group", "institute", "bank",
                       "ministry", "radio", "tv", "television", "agency", "foundation", "league", "hospital",
                       "school", "church", "mosque", "airport", "stadium", "media", "daily", "journal"})  # fmt: skip
# Labels the small model gives to place names in lists and datelines ("in Manbij" as DATE).
RELABEL_LOOSE = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "LANGUAGE", "FAC", "MONEY", "QUANTITY"})
# A word after a name that makes it a place: "the Hama front", "Aleppo countryside".
PLACE_AFTER = frozenset({"front", "frontline", "countryside", "outskirts", "border", "province", "governorate",
                         "region", "oblast", "district", "county", "suburbs", "area", "city", "town",
                         "village", "valley", "coast", "state", "municipality", "parish", "shire",
                         "refugee", "regional", "provincial"})  # fmt: skip  # "Jenin refugee camp", "Kharkiv regional governor"
# A noun that a demonym modifies literally: "the Syrian capital", "the Greek islands".
DEMONYM_PLACE_NOUNS = frozenset({"capital", "city", "cities", "border", "borders", "island", "islands", "state",
                                 "states", "province", "provinces", "coast", "coastline", "town", "towns",
                                 "village", "villages", "region", "territory", "territories", "mainland",
                                 "soil", "frontier", "countryside", "port", "waters", "airspace", "side",
                                 "desert", "mountains", "border-crossing", "jails", "jail", "prisons",
                                 "prison", "beaches", "shores", "hospitals"})  # fmt: skip
# Last words of a site inside a town: a street, a building, a compound. A site the gazetteer lacks
# is placed at the town the text puts it in (newsgraph.nlp.places); "Hospital" and "Airport" are
# also heads of organisation names, so an ORG-labelled site needs a locative cue ("at X Hospital").
STREET_TAILS = frozenset({"street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "drive",
                          "parade", "square", "highway", "motorway", "bridge", "crossing", "roundabout",
                          "checkpoint", "junction", "terrace", "crescent"})  # fmt: skip
BUILDING_TAILS = frozenset({"hospital", "clinic", "stadium", "arena", "airport", "airfield", "airbase", "prison",
                            "jail", "church", "cathedral", "chapel", "mosque", "temple", "synagogue", "basilica",
                            "shrine", "centre", "center", "estate", "park", "castle", "palace", "theatre",
                            "theater", "hall", "library", "museum", "campus", "racecourse", "mall", "market",
                            "complex", "tower", "towers", "hotel", "station", "cemetery", "embassy", "consulate",
                            "compound", "canal", "plantation", "farm", "farms", "camp", "harbour", "harbor",
                            "pier", "wharf", "dam", "refinery", "barracks"})  # fmt: skip
SITE_TAILS = STREET_TAILS | BUILDING_TAILS
# Words after a name that make it a part of a town: "the al Waer district of Homs".
PART_OF_TOWN = frozenset({"district", "neighbourhood", "neighborhood", "quarter", "suburb", "camp",
                          "area", "sector", "precinct"})  # fmt: skip
# Verbs that put their object at a site but say nothing about towns ("struck the X Hospital").
SITE_VERBS = frozenset({"struck", "hit", "targeted", "raided", "attacked", "strike", "target", "raid",
                        "attack", "surrounded", "surround", "occupied", "occupy"})  # fmt: skip
# Words before "to" that make what follows a source, a cause or an allegiance, not a destination.
TO_NOT_PLACE = frozenset({"according", "thanks", "due", "owing", "attributed", "loyal", "allied", "linked",
                          "tied", "belonging", "answerable"})  # fmt: skip
# Verbs of movement: after them "to"/"from" introduces a place even before a person-like name.
MOVE_VERBS = frozenset({"move", "drive", "fly", "flee", "travel", "return", "head", "go", "come", "relocate",
                        "deploy", "send", "transfer", "evacuate", "march", "walk", "sail", "escape", "airlift"})  # fmt: skip
# "fired on X", "the assault on X": nouns and verbs after which "on" introduces a place.
ON_PLACE_WORDS = frozenset({"fire", "fired", "firing", "attack", "attacks", "assault", "offensive", "advance",
                            "march", "marched", "converge", "converged", "push", "raid", "raids", "strike",
                            "strikes", "airstrikes", "shelling", "bombardment", "closing", "closed"})  # fmt: skip
COORDINATORS = frozenset({",", "and", "or", "/", "&", ";"})
ARTICLE_PARTICLES = frozenset({"al", "el", "ash", "as", "ad", "ar", "at", "az", "an", "ath", "es", "ez", "ed", "-",
                               "de", "du", "la", "le", "of", "upon", "on", "sur", "am", "der", "del"})  # fmt: skip
STOPWORDS = frozenset(fold_name(w) for w in ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "God", "Allah", "President", "Minister", "General", "Media", "News", "Home", "Contact", "Menu", "Search", "Share", "Comments", "Login", "Subscribe", "Video", "Photos", "Sports", "Opinion", "Mr", "Mrs", "Ms", "Dr", "The", "A", "An", "I", "We", "He", "She", "They", "It", "This", "That", "Of", "And", "But", "Or", "If", "As", "At", "By", "For", "On", "In", "To", "Who", "Easter", "Christmas", "Ramadan", "Eid", "Centre", "Center", "North", "South", "East", "West", "Southern", "Northern", "Eastern", "Western", "Central", "Capital", "City", "State", "Republic", "Valley", "Royal", "National", "Federal", "Grand", "Great", "Imperial"])  # fmt: skip
# Demonyms of a country's constituent nations: the nation, not the whole country, is the place.
NATION_DEMONYMS = {"english": "England", "scottish": "Scotland", "welsh": "Wales"}
_IRREGULAR_DEMONYMS = {
    "american": "US", "americans": "US", "british": "GB", "briton": "GB", "french": "FR", "dutch": "NL",
    "swiss": "CH", "greek": "GR", "turkish": "TR", "turk": "TR", "emirati": "AE", "filipino": "PH",
    "afghan": "AF", "saudi": "SA", "israeli": "IL", "yemeni": "YE", "welsh": "GB", "scottish": "GB",
    "english": "GB", "irish": "IE", "spanish": "ES", "polish": "PL", "danish": "DK", "swedish": "SE",
    "finnish": "FI", "norwegian": "NO", "thai": "TH", "persian": "IR", "kurdish": None, "kurd": None,
    "kurds": None, "arab": None, "arabs": None, "alawite": None, "sunni": None, "shiite": None, "shia": None,
    # Stems the generated forms get wrong or miss ("Nigerian" had become Niger's: "Niger" + "ian").
    "nigerian": "NG", "nigerians": "NG", "nigerien": "NE", "nigeriens": "NE", "somali": "SO", "somalis": "SO",
    "congolese": "CD", "burkinabe": "BF", "burkinabé": "BF", "ivorian": "CI", "ivorians": "CI",
    "lebanese": "LB", "palestinian": "PS", "palestinians": "PS", "burmese": "MM", "mozambican": "MZ",
    "salvadoran": "SV", "macedonian": "MK", "togolese": "TG", "malagasy": "MG", "tajik": "TJ", "uzbek": "UZ",
    "kazakh": "KZ", "kyrgyz": "KG", "turkmen": "TM", "bosnian": "BA", "kosovar": "XK", "montenegrin": "ME",
    "slovak": "SK", "czech": "CZ", "icelandic": "IS", "german": "DE", "germans": "DE", "portuguese": "PT",
    "cypriot": "CY", "belgian": "BE", "laotian": "LA", "maldivian": "MV", "peruvian": "PE",
    "argentine": "AR", "panamanian": "PA", "sahrawi": None, "korean": None, "koreans": None,
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
    tok_start: int = -1
    tok_end: int = -1
    admin_word: str = ""  # "province", "county"... the word that made admin_hint
    site: bool = False  # a street or a building: placed at its town when the gazetteer lacks it


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


def name_strength(cands: tuple[Candidate, ...]) -> int:
    """How strongly a name's candidates say "place" (see _strength): 0 to 3."""
    return _strength(cands)


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
    if end - start > 1 and doc[end - 1].lower_ in ("countryside", "outskirts"):
        return start, end, doc[start : end - 1].text, admin, True
    return start, end, text, admin, near


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
    return any(a.islower() and b.isupper() for a, b in zip(text, text[1:], strict=False))


def _acronym_ok(cands: tuple[Candidate, ...]) -> bool:
    """An acronym names a place only as a country or a curated region ("UK", "UAE", "KRI"): towns'
    and provinces' short alternate names are airport codes and transliterations ("tna" for Tena)."""
    return any(c.exact and (c.entry.feature == "country" or c.entry.source == "regions") for c in cands)


def _extend(doc: Doc, start: int, end: int, gaz: Gazetteer) -> int:
    """Grow a span over particles and capitalised words when that makes a known name:
    "Jisr" (PERSON) + "ash-Shughur" -> "Jisr ash-Shughur"."""
    n = len(doc)
    for j in range(min(end + 4, n), end, -1):
        extra = doc[end:j]
        if not _title_like(doc[j - 1]) or doc[j - 1].text == "-":
            continue
        if not all(_title_like(t) or t.lower_ in ARTICLE_PARTICLES for t in extra):
            continue
        if any(t.is_sent_start for t in extra) or _org_follows(doc, j):
            continue
        if _strength(gaz.lookup(doc[start:j].text)) >= 2:
            return j
    return end


# Last words of a landform's or area's name (streets and buildings are SITE_TAILS).
_PLACE_WORDS = ("river", "lake", "island", "islands", "mountains", "mount", "bay", "valley", "county", "province",
                "region", "desert", "sea", "ocean")  # fmt: skip


def _entity_toponym(
    doc: Doc, ent: Span, gaz: Gazetteer, seen: _Seen, *, second: bool = False
) -> Toponym | None:
    words = {t.lower_ for t in ent}
    if _inside_org_name(doc, ent):
        return None
    church = _saints_building(doc, ent)
    if church is not None:
        return _make(doc, ent.start, church, gaz, f"{ent.label_} entity, a saint's building (a site)")
    whole = gaz.lookup(_strip_the(ent))
    named_place = ent.label_ in PLACE_LABELS and any(
        c.exact and c.primary and c.entry.source == "regions" for c in whole
    )
    # ("West Bank" ends in an organisation's word, but is a curated place by its own name)
    if not named_place and (words & ORG_HEADS or (ent.label_ not in PLACE_LABELS and _site_tail(ent[-1]))):
        site = _site_entity(doc, ent, gaz, seen)
        if site is not None or words & ORG_HEADS or not whole:
            return site
    if ent.label_ in RELABEL_LOOSE - PLACE_LABELS and len(ent) > 1 and _title_like(ent[0]):
        cut = next((k for k in range(ent.start, ent.end) if not _title_like(doc[k])), ent.end)
        ent = Span(doc, ent.start, cut, label=ent.label_)  # "Odesa overnight" (TIME): the name only
    end = _extend(doc, ent.start, ent.end, gaz)
    if _org_follows(doc, end):
        return None
    span = doc[ent.start : end]
    text = _strip_the(span)
    if text in STATE_ABBREVIATIONS:
        return _make(doc, ent.start, end, gaz, f"{ent.label_} entity, state abbreviation")
    cands = gaz.lookup(text)
    acronym = is_acronym(text) and not _acronym_ok(cands) and not _dateline(doc, ent.start, end)
    if acronym or fold_name(text) in STOPWORDS:
        return None
    if ent.label_ in PLACE_LABELS:
        if is_demonym(ent.text, gaz):
            return None
        if not cands and not _known_shape(doc, ent.start, end, gaz):
            return (
                None  # "IRGC", "Soleimani": a GPE tag on a name no gazetteer knows, with no sign of a place
            )
        return _make(
            doc, ent.start, end, gaz, f"{ent.label_} entity" + (" extended" if end > ent.end else "")
        )
    loose = ent.label_ in RELABEL_LOOSE
    if not loose and ent.label_ not in RELABEL:
        return None
    size = admin_before(doc, ent.start, end)[0]
    if not cands and size:
        cands = gaz.lookup(
            doc[ent.start : end - size].text
        )  # "Shan State" tagged PERSON: the state is "Shan"
    if _hyphen_word(doc, end):
        return None  # "Mar" of "Mar-a-Lago" is no Morocco
    strength = _strength(cands)
    cue = (
        _cue_before(doc, ent.start)
        or _cue_after(doc, end)
        or admin_after(doc, end)[0] > 0
        or _coordinated(doc, ent.start, end, seen)
        or (second and fold_name(text) in seen.names and fold_name(text) not in seen.surnames)
    )
    if loose:
        ok = strength >= 2 and cue and _title_like(doc[ent.start]) and not any(t.like_num for t in span)
    elif ent.label_ == "NORP":
        ok = strength == 3 and not is_demonym(ent.text, gaz)
    elif _country_name(cands, text):
        ok = True  # "Cyprus" tagged ORG in a list of countries: a country's own name is a place
    elif ent.label_ == "ORG":
        # "improve Tijuana's sewage": a city's possessive, when the city is a big one
        owns = end < len(doc) and doc[end].lower_ in ("'s", "’s") and len(span) == 1
        ok = strength >= 2 and (cue or (owns and strength == 3))
    elif ent.label_ == "PERSON":
        # A person-like name needs a locative cue, and a small town also a multi-word name.
        weak_cue = ent.start > 0 and doc[ent.start - 1].lower_ in ("to", "from", "at", "with")
        # "moved to Thornhill", "driving to Castlegar", "fled from X": movement makes "to" a place cue
        weak_cue = weak_cue and not (ent.start > 1 and doc[ent.start - 2].lemma_.lower() in MOVE_VERBS)
        strong = _coordinated(doc, ent.start, end, seen)
        ok = cue and (strength == 3 or (strength == 2 and (len(span) > 1 or not weak_cue or strong)))
        ok = ok or (_curated(cands) and strength == 3)
        # "Tamil Nadu said": a province's or country's full name of two words or more is no one's name
        ok = ok or (sum(t.is_alpha for t in span) > 1 and any(c.exact and c.primary and c.entry.feature in ("admin1", "country")
                                          for c in cands))  # fmt: skip
    else:
        ok = strength == 3 or (strength >= 2 and cue)
    if not ok:
        return None
    return _make(doc, ent.start, end, gaz,
                 f"{ent.label_} entity relabelled (gazetteer{', locative cue' if cue else ''})")  # fmt: skip


SAINT_WORDS = frozenset({"st", "saint", "san", "santa", "sankt", "sao", "ste", "sainte"})


def is_saint_name(name: str) -> bool:
    """ "St George", "Saint Patrick": a saint's name, not a town's (before "'s Chapel", or leading
    a building's name)."""
    words = name.split()
    return bool(words) and fold_name(words[0]).rstrip(".") in SAINT_WORDS


def _saints_building(doc: Doc, ent: Span) -> int | None:
    """ "St. Peter's Basilica", "St George's Chapel": the end of the building's name after a saint."""
    if not is_saint_name(ent.text):
        return None
    poss = next(
        (k for k in range(ent.start + 1, min(ent.end + 1, len(doc))) if doc[k].lower_ in ("'s", "’s")), None
    )
    if poss is None:
        return None
    if poss < ent.end - 1:  # the model's span already holds the building: "St. Peter's Basilica" (GPE)
        return ent.end if _site_tail(ent[-1]) else None
    for j in range(poss + 1, min(poss + 4, len(doc))):
        if not _title_like(doc[j]):
            return None
        if _site_tail(doc[j]):
            return j + 1
    return None


def _site_tail(tok: Token) -> bool:
    return tok.lower_.rstrip(".") in SITE_TAILS and (_title_like(tok) or tok.text.endswith("."))


def _site_entity(doc: Doc, ent: Span, gaz: Gazetteer, seen: _Seen) -> Toponym | None:
    """A street or a building that the model tagged as something else, or whose name reads like an
    organisation's: "Royal Street" (ORG), "the Alder Hey Children's Hospital" (FAC), "at Colchester
    General Hospital" (ORG). A street is a street; a building named like an organisation is a site
    when it is tagged as a place, or when the text puts something there ("at", "in", "stormed"...,
    or "X Hospital in Rome")."""
    name = _strip_the(ent)
    if not _site_tail(ent[-1]) or len(name.split()) < 2 or ent.label_ in ("DATE", "TIME", "MONEY"):
        return None
    if ent.label_ in PLACE_LABELS or ent[-1].lower_.rstrip(".") in STREET_TAILS:
        return _make(doc, ent.start, ent.end, gaz, f"{ent.label_} entity, a site")
    i = ent.start - 1 if ent.start > 0 and doc[ent.start - 1].lower_ == "the" else ent.start
    speaks = i > 0 and doc[i - 1].lower_ in ("from", "of", "with", "by")  # "a spokesman from X Hospital"
    located = (
        (_cue_before(doc, i) and not speaks)
        or (i > 0 and doc[i - 1].lower_ in SITE_VERBS)
        or _coordinated(doc, ent.start, ent.end, seen)
        or (ent.end + 1 < len(doc) and doc[ent.end].lower_ in ("in", ",") and _title_like(doc[ent.end + 1])
            and not doc[ent.end + 1].is_sent_start)
    )  # fmt: skip
    return _make(doc, ent.start, ent.end, gaz, f"{ent.label_} entity, a site") if located else None


def _country_name(cands: tuple[Candidate, ...], text: str) -> bool:
    """The primary name of a country, written out ("Cyprus", not the acronym "SA")."""
    return not is_acronym(text) and any(c.exact and c.primary and c.entry.feature == "country" for c in cands)


# First words of a landform's or settlement's name ("Lake Manassas", "Cape Peron", "Fort Hood").
PLACE_HEADS = frozenset({"lake", "mount", "mt", "cape", "fort", "port", "isle", "gulf", "bay", "camp", "point",
                         "lac", "jebel", "jabal", "wadi", "ras", "tal", "tell", "khirbet", "qaryat"})  # fmt: skip


def _place_pair(text: str, gaz: Gazetteer) -> bool:
    """ "Homs-Hama" (the road between them): every part of a hyphenated name is a known place."""
    parts = [part.strip() for part in text.split("-")]
    return len(parts) > 1 and all(part and _strength(gaz.lookup(part)) == 3 for part in parts)


def _hyphen_word(doc: Doc, end: int) -> bool:
    """The name goes on as one hyphenated word ("Mar-a-Lago"), not "Kent-based" or "Hama-Aleppo"."""
    return (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and doc[end + 1].is_lower
        and doc[end + 1].lower_ not in ("based", "born", "bound", "held", "controlled", "backed", "led")
    )


def _known_shape(doc: Doc, start: int, end: int, gaz: Gazetteer) -> bool:
    """A name the gazetteer lacks still reads as a place: "Frenchmen Street", "in Qaryat X"."""
    last = doc[end - 1].lower_
    return (
        last in _PLACE_WORDS
        or (end - start > 1 and doc[start].lower_.rstrip(".") in PLACE_HEADS)
        or _place_pair(_strip_the(doc[start:end]), gaz)
        or last.rstrip(".") in SITE_TAILS
        or last in ADMIN_WORDS
        or _cue_before(doc, start)
        or _cue_after(doc, end)
        or admin_after(doc, end)[0] > 0
    )


def _demonym_place(doc: Doc, ent: Span, gaz: Gazetteer) -> Toponym | None:
    """ "the Syrian capital", "the Greek islands", "the Syrian-Turkish border": the country itself."""
    if ent.label_ not in ("NORP", "LANGUAGE", "PERSON", "GPE") or len(ent) != 1:
        return None  # "the English city of Salisbury" (LANGUAGE), "Azerbaijani jails" (PERSON)
    cc = demonym_country(ent.text, gaz)
    country = gaz.country(cc) if cc else None
    if country is None:
        return None
    j = ent.end
    while j + 1 < len(doc) and doc[j].text == "-" and demonym_country(doc[j + 1].text, gaz):
        j += 2
    if j < len(doc) and doc[j].lower_ in DEMONYM_PLACE_NOUNS and doc[j].dep_ != "compound":
        # ("Iranian state television" is a broadcaster: "state" modifies another noun there)
        name = NATION_DEMONYMS.get(ent.text.lower(), country.name)  # "the English city of X": England
        return Toponym(ent.start_char, ent.end_char, ent.text, name, how="demonym before a place noun",
                       tok_start=ent.start, tok_end=ent.end)  # fmt: skip
    return None


def _major(cands: tuple[Candidate, ...]) -> bool:
    """Prominent enough to be a place without any cue: a country, a province or a city over 1M."""
    return any(c.exact and (c.entry.feature in ("country", "admin1") or (c.entry.population >= 1_000_000 and c.primary))
               for c in cands)  # fmt: skip


def _curated(cands: tuple[Candidate, ...]) -> bool:
    return any(c.exact and c.entry.source == "regions" for c in cands)


def _strip_the(span: Span) -> str:
    toks = [t for t in span if t.lower_ not in ("the", "'s", "’s")]
    return " ".join(t.text for t in toks) if toks else span.text


def _title_like(tok: Token) -> bool:
    return tok.is_alpha and (tok.is_title or (tok.is_upper and len(tok) > 1)) or tok.text in ("-",)


def _inside_longer_name(doc: Doc, start: int, end: int) -> bool:
    """ "Supreme Leader", "Reading Festival": a capitalised word next to the match extends the name."""
    after = end < len(doc) and _title_like(doc[end]) and doc[end].text != "-" and not doc[end].is_sent_start
    return after and doc[end].lower_ not in PLACE_AFTER and doc[end].lower_ not in ADMIN_WORDS


DATELINE_AFTER = frozenset({"(", "-", "—", "–", ",", ":"})


def _dateline(doc: Doc, i: int, j: int) -> bool:
    """ "KYIV (Reuters) -", "GAZA CITY —": a capitalised place opening the text or a paragraph."""
    return (
        starts_line(doc, i)
        and all(t.is_upper or not t.is_alpha for t in doc[i:j])
        and j < len(doc)
        and doc[j].text in DATELINE_AFTER
    )


def _untagged_toponyms(doc: Doc, gaz: Gazetteer, seen: _Seen) -> list[Toponym]:
    """Capitalised words outside entities that the gazetteer knows, on two signals."""
    out: list[Toponym] = []
    i = 0
    n = len(doc)
    taken = seen.taken
    while i < n:
        tok = doc[i]
        if i not in taken and tok.text in STATE_ABBREVIATIONS and i > 0 and doc[i - 1].text in (",", "("):
            abbr = _make(doc, i, i + 1, gaz, "state abbreviation after a town")
            if abbr is not None:
                out.append(abbr)
                seen.add(abbr)
            i += 1
            continue
        if i in taken or not _title_like(tok) or tok.text == "-":
            i += 1
            continue
        if (
            i >= 2
            and doc[i - 1].lower_ in ("'s", "’s")
            and _title_like(doc[i - 2])
            and i - 1 not in seen.ends
        ):
            i += 1  # "Estey's Bridge": a name that goes on after a possessive, not a town called Bridge
            continue
        found = _untagged_site(doc, i, gaz, taken)
        if found is not None:
            i = found.tok_end
        for size in (4, 3, 2, 1) if found is None else ():
            j = i + size
            if j > n or any(k in taken for k in range(i, j)):
                continue
            words = doc[i:j]
            if not all(_title_like(t) or t.lower_ in ARTICLE_PARTICLES for t in words):
                continue
            if not _title_like(doc[j - 1]) or doc[j - 1].text == "-" or _org_follows(doc, j):
                continue
            if fold_name(words.text) in STOPWORDS:
                continue
            cands = gaz.lookup(words.text)
            if not cands or (is_acronym(words.text) and not _acronym_ok(cands) and not _dateline(doc, i, j)):
                continue
            strength = _strength(cands)
            cue = _cue_before(doc, i) or _coordinated(doc, i, j, seen) or _cue_after(doc, j)
            sentence_start = tok.is_sent_start or i == 0
            if (
                _curated(cands)
                or (strength >= 2 and _dateline(doc, i, j))
                or (_major(cands) and not sentence_start and tok.pos_ == "PROPN")
                or (strength >= 2 and cue and tok.pos_ == "PROPN" and not _inside_longer_name(doc, i, j))
                or (
                    strength >= 2
                    and fold_name(words.text) in seen.names
                    and fold_name(words.text) not in seen.surnames
                )
            ):
                found = _make(doc, i, j, gaz, "gazetteer match" + (" after a locative cue" if cue else ""))
                i = j
                break
        if found is not None:
            out.append(found)
            seen.add(found)
        else:
            i += 1
    return out


def _untagged_site(doc: Doc, i: int, gaz: Gazetteer, taken: set[int]) -> Toponym | None:
    """ "at Windsor Castle", "outside Fitzwilliam Place": a capitalised name that ends in a building's
    or a street's word, after a locative cue, is a site even when the model tagged nothing."""
    k = i - 1 if i > 0 and doc[i - 1].lower_ == "the" else i
    if not (_cue_before(doc, k) or (k > 0 and doc[k - 1].lower_ in SITE_VERBS)):
        return None
    for j in range(i + 1, min(i + 4, len(doc)) + 1):
        if j - 1 in taken or not _title_like(doc[j - 1]) or doc[j - 1].text == "-":
            return None
        if j - i >= 2 and _site_tail(doc[j - 1]) and not _inside_longer_name(doc, i, j):
            return _make(doc, i, j, gaz, "a site's name after a locative cue")
    return None


def _split_pair(t: Toponym, gaz: Gazetteer) -> list[Toponym]:
    """ "Hama-Aleppo highway": two known places joined by a hyphen are two toponyms."""
    if "-" not in t.text or gaz.lookup(t.name):
        return [t]
    pieces, offset = [], t.start
    for part in t.text.split("-"):
        if part.strip() and _strength(gaz.lookup(part)) == 3:
            pieces.append(Toponym(offset, offset + len(part), part, part, how=t.how + ", split at hyphen"))
        elif part.strip():
            return [t]  # "Mar-a-Lago" is no list of places
        offset += len(part) + 1
    return pieces or [t]


def _split_entity(doc: Doc, ent: Span, gaz: Gazetteer) -> list[Span]:
    """One entity that is several names: "Thruxton, Hampshire", "Chartres/Franklin", and a town's
    site "Brooklyn's Barclays Center" (the town, then the site: the site is placed in the town)."""
    cuts = [k for k in range(ent.start + 1, ent.end - 1) if doc[k].text in ("/",)
            or (doc[k].text == "," and ent.label_ in PLACE_LABELS)]  # fmt: skip
    if cuts:
        bounds = [ent.start, *cuts, ent.end]
        return [Span(doc, a + (a != ent.start), b, label=ent.label_) for a, b in zip(bounds, bounds[1:], strict=False)
                if b > a + (a != ent.start)]  # fmt: skip
    if ent.label_ in PLACE_LABELS and len(ent) == 2 and not gaz.lookup(ent.text):
        halves = [doc[k : k + 1] for k in (ent.start, ent.start + 1)]
        if all(_country_name(gaz.lookup(h.text), h.text) for h in halves):  # "Greece Italy"
            return [Span(doc, h.start, h.end, label=ent.label_) for h in halves]
    for k in range(ent.start + 1, ent.end - 1):
        owner = doc[ent.start : k].text
        if doc[k].lower_ not in ("'s", "’s") or not _site_tail(ent[-1]) or is_saint_name(owner):
            continue
        if _strength(gaz.lookup(owner)) >= 2:
            return [Span(doc, ent.start, k, label="GPE"), Span(doc, k + 1, ent.end, label="FAC")]
    return [ent]


_ROAD_NUMBER = re.compile(r"[AMB][1-9][0-9]{0,3}")
# Words after a road number that make it a road: "the M5 highway", "the A417 southbound carriageway".
ROAD_WORDS = frozenset({"highway", "motorway", "road", "carriageway", "southbound", "northbound", "eastbound",
                        "westbound", "junction", "roundabout", "bypass", "expressway", "freeway", "corridor"})  # fmt: skip
# Words before "the" that make a road number a road: "on the A120", "via the A436".
ROAD_BEFORE = frozenset({"on", "along", "via", "off", "onto", "near", "across", "toward", "towards", "at"})


def _road_numbers(doc: Doc, gaz: Gazetteer) -> list[Toponym]:
    """British and Syrian-style road numbers read as roads (sites, placed at a town of the text):
    "the M5 highway", "on the A120 at Coggeshall", "via the A436, A40 and A429". A number alone
    ("an M16", "the A10 jets") is a weapon or an aircraft, so a road word or a road cue is needed."""
    out: list[Toponym] = []
    last_end = -1
    for tok in doc:
        if not _ROAD_NUMBER.fullmatch(tok.text):
            continue
        i = tok.i
        nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
        after = doc[i + 2].lower_ if i + 2 < len(doc) else ""
        cued = i >= 2 and doc[i - 1].lower_ == "the" and doc[i - 2].lower_ in ROAD_BEFORE
        listed = (
            i >= 2 and doc[i - 1].lower_ in (",", "and", "or") and (i - 1 == last_end or i - 2 == last_end)
        )
        if not (nxt in ROAD_WORDS or (doc[i + 1].is_title and after in ROAD_WORDS and i + 2 < len(doc))
                or cued or listed):  # fmt: skip
            continue
        end = i + 2 if nxt in ("highway", "motorway", "road", "expressway", "freeway", "bypass") else i + 1
        t = _make(doc, i, end, gaz, "road number")
        if t is not None:
            out.append(t)
            last_end = end
    return out


MAX_TOPONYMS = 5000  # a pathological page (a list of every village) still ends in bounded time


def find_toponyms(doc: Doc, gaz: Gazetteer) -> list[Toponym]:
    """All toponyms in ``doc``, in text order, without overlaps.

    Three passes: the model's entities (place labels kept, others relabelled on evidence), then
    untagged capitalised words, then the entities rejected at first that turned out to be listed
    with an accepted place or named like one elsewhere in the document.
    """
    out: list[Toponym] = []
    seen = _Seen(set(), set(), set(), set(), set())
    for ent in doc.ents:
        seen.taken.update(range(ent.start, ent.end))
        if ent.label_ == "PERSON" and len(ent) > 1:
            seen.surnames.add(fold_name(ent[-1].text))
    rejected: list[Span] = []
    for road in _road_numbers(doc, gaz):
        out.append(road)
        seen.add(road)
    for ent in (part for whole in doc.ents for part in _split_entity(doc, whole, gaz)):
        while ent.start < ent.end and ent.start in seen.claimed and ent.end - 1 not in seen.claimed:
            ent = Span(doc, ent.start + 1, ent.end, label=ent.label_)  # "A429 Cirencester" after the road
        if len(ent) == 0 or any(k in seen.claimed for k in range(ent.start, ent.end)):
            continue  # inside a span that an earlier entity grew over
        t = _entity_toponym(doc, ent, gaz, seen) or _demonym_place(doc, ent, gaz)
        if t is None:
            rejected.append(ent)
        elif not any(k in seen.claimed for k in range(t.tok_start, t.tok_end)):
            out.append(t)
            seen.add(t)
    out.extend(_untagged_toponyms(doc, gaz, seen))
    for ent in rejected:
        if any(k in seen.claimed for k in range(ent.start, ent.end)):
            continue
        t = _entity_toponym(doc, ent, gaz, seen, second=True)
        if t is not None and not any(k in seen.claimed for k in range(t.tok_start, t.tok_end)):
            out.append(t)
            seen.add(t)
    out = [piece for t in out for piece in _split_pair(t, gaz)]
    out.sort(key=lambda t: t.start)
    return out[:MAX_TOPONYMS]
