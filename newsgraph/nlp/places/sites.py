"""Names the gazetteer lacks, placed by what they are named after or where the text puts them:
features named after a place ("Tijuana River"), buildings named after their town ("Colchester General
Hospital"), streets and villages placed at their town, and towns with no namesake in the province the
text puts them in (used by newsgraph.nlp.places.resolve)."""

from __future__ import annotations

import dataclasses
from collections import Counter

from newsgraph.model import PlaceMention
from newsgraph.nlp.places.containment import inside_container
from newsgraph.nlp.places.evidence import name_strength
from newsgraph.nlp.places.gazetteer import Candidate, Gazetteer
from newsgraph.nlp.places.landmarks import LANDMARK_HOW
from newsgraph.nlp.places.names import fold_name
from newsgraph.nlp.places.recognise import is_saint_name
from newsgraph.nlp.places.toponym import Toponym
from newsgraph.nlp.places.vocabulary import PART_OF_TOWN, SITE_TAILS, STOPWORDS, STREET_TAILS

# A feature named after a place, and near it: "Tijuana River", "Lake Manassas", "Manila Cathedral",
# "north west London". Streets are left out: they are named after places anywhere.
_EPONYM_TAILS = frozenset({"river", "lake", "cathedral", "castle", "hills", "gardens", "township", "delta", "bay",
                           "harbour", "harbor", "valley", "district", "county", "estate", "airport", "station",
                           "port", "beach", "island", "islands", "mountains", "basin", "metro", "area", "region",
                           "coast", "coastline"})  # fmt: skip
_EPONYM_HEADS = frozenset({"lake", "mount", "port", "old", "greater", "downtown", "central", "metro", "north",
                           "south", "east", "west", "northern", "southern", "eastern", "western", "upper",
                           "lower", "inner", "outer", "rural", "suburban", "northwest", "northeast",
                           "southwest", "southeast", "town"})  # fmt: skip


def eponym(t: Toponym, gaz: Gazetteer) -> Toponym:
    """A name the gazetteer lacks, resolved to the place it is named after (precision: near it)."""
    if any(c.exact for c in gaz.lookup(t.name)):
        return t
    words = t.name.split()
    while len(words) > 1 and words[0].lower() in _EPONYM_HEADS:
        words = words[1:]
    while len(words) > 1 and words[-1].lower() in _EPONYM_TAILS | {"municipal"}:
        words = words[:-1]
    base = " ".join(words)
    if base == t.name or base.lower() in SITE_TAILS or not any(c.exact for c in gaz.lookup(base)):
        return t  # ("Central Station" is not named after a place called Station)
    return dataclasses.replace(t, name=base, near_hint=True, how=f"{t.how}, named after {base}")


def site_town(t: Toponym, gaz: Gazetteer, named: set[str]) -> Toponym:
    """ "Colchester General Hospital", "Dubai World Trade Centre": a building whose name starts with a
    known town is in that town. Streets and squares are left out: "Washington Square" is anywhere."""
    if not t.site or t.near_hint or any(c.exact for c in gaz.lookup(t.name)):
        return t
    words = t.name.split()
    if any(w.lower().rstrip(".") in STREET_TAILS for w in words) or is_saint_name(t.name):
        return t  # "St George's Chapel" is named after a saint, not after a town called St
    for k in range(len(words) - 1, 0, -1):
        base = " ".join(words[:k])
        if base.endswith(("'s", "’s", "s'")) or fold_name(base) in STOPWORDS:
            continue
        # A big place, or one the document names on its own: "Colchester General Hospital" (the
        # "Rogers Centre" is named after a company, and Rogers, Arkansas is small and unnamed).
        strength = name_strength(gaz.lookup(base))
        if strength == 3 or (strength == 2 and fold_name(base) in named):
            return dataclasses.replace(t, name=base, near_hint=True, how=f"{t.how}, named after {base}")
    return t


SITE_NEAR_CHARS = 300  # a town named this close before a site is its town ("in Derry ... at Altnagelvin")


def _is_town(m: PlaceMention) -> bool:
    return m.resolved and m.feature not in ("country", "site") and (m.precision or 4) <= 2


def _is_region(m: PlaceMention) -> bool:
    return m.resolved and m.feature not in ("country", "site") and (m.precision or 4) <= 3


_ANCHOR_KINDS = ((_is_town, "town"), (_is_region, "province or region"))


def _site_anchor(
    i: int,
    toponyms: list[Toponym],
    mentions: list[PlaceMention],
    doc_text: str,
    named: list[Counter[str | None]],
) -> tuple[PlaceMention, str] | None:
    """The place a site the gazetteer lacks is in: the place the text puts it in ("Donington Park,
    Leicestershire", "Royal Street in New Orleans"), else the town named nearest before it (after it
    when none is before), else the nearest province or region. Never a whole country."""
    t = toponyms[i]
    if i + 1 < len(toponyms):
        gap = doc_text[t.end : toponyms[i + 1].start].strip()
        if t.how.startswith(LANDMARK_HOW):  # "Evin prison in Tehran": the gap after the landmark's noun
            gap = gap.removeprefix(t.how.split("'")[1]).strip()
        nxt = mentions[i + 1]
        words = gap.replace(",", " , ").split()
        part_of = len(words) >= 2 and words[-1] == "of" and all(w in PART_OF_TOWN for w in words[:-1])
        # "X district of Homs", "St George's Chapel at Windsor Castle"
        inside = gap in (",", "in", ", in", "at", "near", "outside", ", near", ", outside") or part_of
        if inside and nxt.resolved and nxt.feature != "country":
            return nxt, "the place the text puts it in"
    prev = mentions[i - 1] if i > 0 else None
    owner = prev is not None and doc_text[toponyms[i - 1].end : t.start] in ("'s ", "’s ")
    if owner and prev is not None and prev.resolved and prev.feature != "country":
        return prev, "the place the text puts it in"

    for (test, what), counts in zip(_ANCHOR_KINDS, named, strict=True):
        before = next((m for m in reversed(mentions[:i]) if test(m)), None)
        if before is not None and t.start - before.end <= SITE_NEAR_CHARS:
            return before, f"the {what} named just before it"
        # Otherwise the town the document is about: the one it names most (nearest first on ties).
        if counts:
            order = [m for m in reversed(mentions[:i]) if test(m)] + [m for m in mentions[i + 1 :] if test(m)]
            best = max(order, key=lambda m: counts[m.name])  # max keeps the first (nearest) of equals
            return best, f"the {what} the text names most" if counts[best.name] > 1 else f"the nearest {what}"
    return None


def locate_sites(toponyms: list[Toponym], mentions: list[PlaceMention], doc_text: str) -> list[PlaceMention]:
    """Streets and buildings the gazetteer lacks, placed at their town (precision 2 at best)."""
    out = list(mentions)
    # How often the text names each town and region: counted once (placed sites never count).
    named = [Counter(m.name for m in mentions if test(m)) for test, _ in _ANCHOR_KINDS]
    for i, (t, m) in enumerate(zip(toponyms, mentions, strict=True)):
        unlisted = not t.site and _unlisted_settlement(t, m, doc_text)
        if m.resolved or not (t.site or unlisted):
            continue
        found = _site_anchor(i, toponyms, out, doc_text, named)
        if found is None:
            continue
        a, why = found
        if unlisted and why not in _CLOSE_ANCHORS:
            continue  # a village with no town of its own beside it: better unresolved than guessed
        if unlisted:
            # A village the gazetteer lacks is somewhere around its town or province: precision 2 when
            # the text puts it there ("Rathbeggan, near Dunshaughlin"), 3 when only named nearby
            explicit = why == "the place the text puts it in"
            out[i] = dataclasses.replace(
                m, name=t.name, lat=a.lat, lon=a.lon, country_code=a.country_code, admin1=a.admin1,
                geonames_id=None, feature="area", precision=max(2 if explicit else 3, a.precision or 2),
                display_name=t.name,
                reason=f"a place the gazetteer lacks, placed at {a.name}, {why}; via {t.how}",
            )  # fmt: skip
            continue
        out[i] = dataclasses.replace(
            m, name=t.name, lat=a.lat, lon=a.lon, country_code=a.country_code, admin1=a.admin1,
            geonames_id=None, feature="site", precision=max(2, a.precision or 2), display_name=t.name,
            reason=f"a site the gazetteer lacks, placed at {a.name}, {why}; via {t.how}",
        )  # fmt: skip
    return out


# How a toponym was found, when that says "a place" on its own: the model's place labels (which the
# recogniser keeps for an unknown name only with a locative cue, an admin word or a list of places)
# and the context rules of newsgraph.nlp.places.shapes. A relabelled person or organisation is not
# placed unless context made it a place.
_PLACEABLE_HOW = ("GPE entity", "LOC entity")
_PLACEABLE_CONTEXT = ("context: a settlement", "in a place's context")


# Words right before a name that put something *in* it ("in Portroe", "near Rathbeggan"): a place
# the model tagged but the gazetteer lacks is placed only after one of these (or by context).
_IN_WORDS = frozenset({"in", "near", "outside", "at", "around", "into", "of"})
# The anchors close enough to place a village by: the place the text puts it in, or a town or
# province named just before it (not the document's most named town: too far, too often).
_CLOSE_ANCHORS = frozenset({"the place the text puts it in", "the town named just before it",
                            "the province or region named just before it"})  # fmt: skip
# Landforms and regions are no villages: "Lake Titicaca", "the Swat Valley" are not at a town.
_NOT_VILLAGE_WORDS = frozenset({"river", "lake", "valley", "mountains", "mountain", "mount", "sea", "ocean",
                                "desert", "beach", "coast", "island", "islands", "republic", "states",
                                "city", "district", "county", "earthquake"})  # fmt: skip


def _unlisted_settlement(t: Toponym, m: PlaceMention, doc_text: str) -> bool:
    """A place the gazetteer has no entry for at all (not one whose entries were all implausible),
    found on place evidence: it is placed at its town like a site."""
    if m.resolved or not m.reason.startswith("no gazetteer entry"):
        return False
    words = t.name.split()
    if not words or any(w.lower() in _NOT_VILLAGE_WORDS for w in words) or not t.name[:1].isupper():
        return False
    if t.name.isupper() and len(t.name) > 3:
        return False  # "MURALS": a capitalised headline word
    if any(c in t.how for c in _PLACEABLE_CONTEXT):
        return True
    before = doc_text[max(0, t.start - 12) : t.start].split()
    return t.how.startswith(_PLACEABLE_HOW) and bool(before) and before[-1].lower() in _IN_WORDS


def placed_in_container(
    toponyms: list[Toponym],
    mentions: list[PlaceMention],
    cands: dict[int, list[Candidate]],
    containers: dict[int, PlaceMention],
) -> list[PlaceMention]:
    """A town the text puts in a province, county, town or country ("Rockingham, Northamptonshire",
    "Umemger village of Guma LGA", "the Ghouta town of Arbin") that has no namesake there is a place
    the gazetteer lacks: it is placed at that container (feature 'area', the container's precision,
    2 at best), not at a namesake elsewhere (a country only takes names the gazetteer knows abroad)."""
    out = list(mentions)
    for i, (t, m) in enumerate(zip(toponyms, mentions, strict=True)):
        box = containers.get(t.start)
        if box is None or not box.resolved or not box.country_code and box.feature != "admin2" or t.site:
            continue
        if box.feature == "country" and (
            not cands[t.start] or not (t.admin_hint or t.how.startswith(_PLACEABLE_HOW))
        ):
            # a village the gazetteer lacks altogether may yet be placed at a town beside it; and a
            # name only the gazetteer made a place is no place of that country ("Police in Kenya")
            continue
        if m.feature in ("country", "admin1", "region", "water", "landform", "area") or any(
            inside_container(c.entry, box) for c in cands[t.start]
        ):
            continue
        out[i] = dataclasses.replace(
            m, name=t.name, lat=box.lat, lon=box.lon, country_code=box.country_code, admin1=box.admin1,
            geonames_id=None, feature="area", precision=max(box.precision or 2, 2), display_name=t.name,
            reason=f"no {t.name!r} in the gazetteer lies in {box.name}, where the text puts it: placed "
            f"at {box.name}; via {t.how}",
        )  # fmt: skip
    return out
