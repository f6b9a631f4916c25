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

from spacy.tokens import Doc, Span, Token

from newsgraph.nlp.places.evidence import _strength, demonym_country, is_demonym
from newsgraph.nlp.places.gazetteer import Candidate, Gazetteer
from newsgraph.nlp.places.institutions import institution_place
from newsgraph.nlp.places.landmarks import find_landmarks
from newsgraph.nlp.places.names import STATE_ABBREVIATIONS, fold_name
from newsgraph.nlp.places.senses import drop_person_names, spread_place_names
from newsgraph.nlp.places.shapes import (
    admin_follows,
    listed_unknown,
    settlement_cue,
    unlisted_place,
    untagged_unlisted,
)
from newsgraph.nlp.places.spans import repaired_entities
from newsgraph.nlp.places.streets import street_lists
from newsgraph.nlp.places.toponym import (
    _PLACE_WORDS,
    Toponym,
    _acronym_ok,
    _coordinated,
    _cue_after,
    _cue_before,
    _extend,
    _inside_org_name,
    _make,
    _org_follows,
    _Seen,
    _title_like,
    admin_after,
    admin_before,
    is_acronym,
)
from newsgraph.nlp.places.vocabulary import (
    ADMIN_WORDS,
    ARTICLE_PARTICLES,
    DEMONYM_PLACE_NOUNS,
    MOVE_VERBS,
    NATION_DEMONYMS,
    ORG_HEADS,
    PLACE_AFTER,
    PLACE_LABELS,
    RELABEL,
    RELABEL_LOOSE,
    SITE_TAILS,
    SITE_VERBS,
    STOPWORDS,
    STREET_TAILS,
)
from newsgraph.nlp.segment import starts_line


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
        if not cands and not (
            _known_shape(doc, ent.start, end, gaz)
            or settlement_cue(doc, ent.start, end)
            or listed_unknown(doc, ent.start, end, seen)  # "Hamburg, Brasoc and Mannheim"
            or admin_follows(doc, end, gaz)  # "Knockhill, Fife"
        ):
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
    if ent.label_ == "ORG" and ent[-1].lower_ in ("'s", "’s") and strength < 3:
        return None  # "McDonald's", "Sainsbury's" (one ORG with its possessive): a business, not "Angola's"
    cue = (
        _cue_before(doc, ent.start)
        or _cue_after(doc, end)
        or admin_after(doc, end)[0] > 0
        or _coordinated(doc, ent.start, end, seen)
        or (len(span) == 1 and admin_follows(doc, end, gaz))  # "Croft, Yorkshire" (ORG)
        or (second and fold_name(text) in seen.names and fold_name(text) not in seen.surnames)
        or _news_dateline(doc, ent.start, end)  # "WINNIPEG —", "SAN DIEGO (AP) -" tagged ORG
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
    if not ok and not loose and unlisted_place(doc, ent.start, end, seen, gaz):
        return _make(doc, ent.start, end, gaz, f"{ent.label_} entity relabelled (context: a settlement's noun, "
                     "a place-name shape with a locative cue, or named as a place before)")  # fmt: skip
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


def _news_dateline(doc: Doc, i: int, j: int) -> bool:
    """ "WINNIPEG —", "Press. WASHINGTON (AP)": an all-capital name opening a line before a dash or
    a bracket, or anywhere before a news agency's capitals in brackets (not "JEWELL:", a caption)."""
    if j + 2 >= len(doc) or not all(t.is_upper or not t.is_alpha for t in doc[i:j]):
        return False
    if doc[j].text == "(" and doc[j + 1].is_upper and doc[j + 2].text == ")":
        return True
    return _dateline(doc, i, j) and doc[j].text != ":"


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
            cue = (
                _cue_before(doc, i)
                or _coordinated(doc, i, j, seen)
                or _cue_after(doc, j)
                or admin_follows(doc, j, gaz)
            )
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
        if found is None:
            found = untagged_unlisted(doc, i, gaz, seen)
            if found is not None:
                i = found.tok_end
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
    ands = [k for k in range(ent.start + 1, ent.end - 1) if doc[k].lower_ == "and"]
    if ent.label_ in PLACE_LABELS and len(ands) == 1 and not gaz.lookup(ent.text):
        # "Robotyne and Verbove" (one LOC): two places, when one of them is a known one; "Bains and
        # Grants Town", no half of it known, stays one name
        halves = [
            Span(doc, ent.start, ands[0], label=ent.label_),
            Span(doc, ands[0] + 1, ent.end, label=ent.label_),
        ]
        if all(_title_like(h[0]) for h in halves) and any(_strength(gaz.lookup(h.text)) >= 2 for h in halves):
            return halves
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
    out.extend(find_landmarks(doc, gaz, seen))
    out.extend(street_lists(doc, gaz, seen))
    for ent in (part for whole in repaired_entities(doc, gaz) for part in _split_entity(doc, whole, gaz)):
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
        t = _entity_toponym(doc, ent, gaz, seen, second=True) or institution_place(doc, ent, gaz, seen)
        if t is not None and not any(k in seen.claimed for k in range(t.tok_start, t.tok_end)):
            out.append(t)
            seen.add(t)
    out = [piece for t in out for piece in _split_pair(t, gaz)]
    out.sort(key=lambda t: t.start)
    out = spread_place_names(doc, drop_person_names(doc, out, gaz), gaz)
    return out[:MAX_TOPONYMS]
