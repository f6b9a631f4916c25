"""Toponym recognition over a spaCy Doc, then resolution with the document as context.

>>> places = extract_places(nlp("Soleimani was seen in Syria's Hama province."))  # doctest: +SKIP
>>> places[1].name, places[1].feature, places[1].precision                         # doctest: +SKIP
('Hama', 'admin1', 3)

Recognition (:mod:`newsgraph.nlp.places.recognise`) finds the toponyms; this module scores the
gazetteer candidates of each one and returns :class:`newsgraph.model.PlaceMention` records.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc

from newsgraph.model import PlaceMention
from newsgraph.nlp.places.display import display_name
from newsgraph.nlp.places.evidence import demonym_country, name_strength
from newsgraph.nlp.places.gazetteer import (
    FEATURE_PRECISION,
    Candidate,
    Gazetteer,
    GazetteerEntry,
    get_gazetteer,
    haversine_km,
)
from newsgraph.nlp.places.landmarks import LANDMARK_HOW
from newsgraph.nlp.places.names import fold_name, skeleton
from newsgraph.nlp.places.recognise import find_toponyms, is_saint_name
from newsgraph.nlp.places.toponym import Toponym
from newsgraph.nlp.places.vocabulary import PART_OF_TOWN, SITE_TAILS, STOPWORDS, STREET_TAILS

# Score weights. Chosen by hand and checked on the GeoWebNews dev set and the seeds
# (bench/geo.py and `newsgraph eval geo` print the figures); exactness dominates population,
# population dominates the feature prior, and the document's context breaks the remaining ties.
W_EXACT, W_SKELETON, W_PRIMARY = 3.0, 1.4, 0.2
W_POPULATION = 0.35  # per decade of population
W_COUNTRY, W_CURATED, W_CAPITAL = 1.6, 1.0, 1.0
W_ADMIN_HINTED, W_ADMIN_UNHINTED, W_CITY_HINTED = 2.5, -0.5, -1.5
W_FOCUS, W_IN_FOCUS = 0.8, 0.3
W_CONTAINER, W_CONTAINER_CONFLICT = 4.0, -2.0
W_NEAR_300, W_NEAR_1000 = 1.0, 0.4
# A province or country listed with others of its kind: "states such as California or Washington".
W_LISTED = 2.0
MIN_SKELETON_LEN = 5  # shorter keys collide too often ("us" ~ "osh")
MIN_SKELETON_KEY = 4


@dataclass(frozen=True, slots=True)
class _Choice:
    candidate: Candidate
    score: float
    reason: str


def _population_score(pop: int) -> float:
    return W_POPULATION * math.log10(max(pop, 0) + 10)


def _lookup(t: Toponym, gaz: Gazetteer) -> tuple[Candidate, ...]:
    """The name's candidates, and with the admin word the text gives ("the Kyiv region": the
    oblast, which gazetteers spell apart from the city)."""
    cands = gaz.lookup(t.name)
    if not t.admin_word:
        return cands
    known = {c.entry.id for c in cands}
    more = [c for c in gaz.lookup(f"{t.name} {t.admin_word}") if c.entry.id not in known]
    return cands + tuple(more)


def _usable(t: Toponym, cands: tuple[Candidate, ...]) -> list[Candidate]:
    key_len = len(fold_name(t.name).replace(" ", ""))
    # The article does not count: "al Waer" has a three-letter key ("uar") that meets Vār in Iran.
    loose_ok = key_len >= MIN_SKELETON_LEN and len(skeleton(t.name)) >= MIN_SKELETON_KEY
    return [c for c in cands if c.exact or loose_ok]


def _score(t: Toponym, c: Candidate, ctx: _Context) -> tuple[float, list[str]]:
    e = c.entry
    why: list[str] = ["exact name" if c.exact else "transliteration match"]
    s = (W_EXACT if c.exact else W_SKELETON) + (W_PRIMARY if c.primary else 0.0)
    s += _population_score(e.population)
    if e.feature == "country":
        s += W_COUNTRY
    elif e.feature in ("admin1", "admin2"):
        # "county"/"district" point at the second level, the other admin words at the first.
        level = "admin2" if t.admin_word in ("county", "district", "parish", "lga") else "admin1"
        hinted = t.admin_hint and (e.feature == level or e.country_code not in ("US", "GB"))
        # Unsaid, a province named like its own town means the town (Hama, Kherson); a state
        # that shares its name with a small town elsewhere (Wyoming, Michigan) is still the state.
        if hinted:
            s += W_ADMIN_HINTED
        elif e.feature == "admin2" or (e.admin1 is not None and e.admin1 in ctx.namesakes):
            s += W_ADMIN_UNHINTED
        if hinted:
            why.append(f"text says {t.admin_word or 'province'}")
    elif e.feature == "city" and t.admin_hint:
        s += W_CITY_HINTED
    if e.source == "regions":
        s += W_CURATED
    elif e.source == "capital" and c.primary:
        s += W_CAPITAL
        why.append("national capital")
    if e.country_code and ctx.focus:
        own = 1 if ctx.capitals.get(fold_name(t.name)) == e.country_code else 0
        share = (ctx.focus.get(e.country_code, 0) - own) / max(ctx.focus.values())
        if share:
            s += W_IN_FOCUS + W_FOCUS * share
            why.append(f"document is about {e.country_code}")
    if c.primary and e.feature in ctx.listed.get(t.start, ()):
        s += W_LISTED
        why.append(f"listed with another {e.feature}")
    container = ctx.containers.get(t.start)
    if container is not None:
        if _inside(e, container):
            s += W_CONTAINER
            why.append(f"inside {container.name}")
        else:
            s += W_CONTAINER_CONFLICT
    if ctx.anchors and e.feature not in ("country",):
        d = min(haversine_km(e.lat, e.lon, a[0], a[1]) for a in ctx.anchors if a[2] != t.start) if any(
            a[2] != t.start for a in ctx.anchors) else math.inf  # fmt: skip
        if d < 300:
            s += W_NEAR_300
            why.append("near other places in the text")
        elif d < 1000:
            s += W_NEAR_1000
    return s, why


def _inside(e: GazetteerEntry, container: PlaceMention) -> bool:
    """Whether a candidate lies in the place the text puts it in ("Hama, Syria", "X LGA of Benue")."""
    if e.country_code is None:
        return False  # the Gulf, the Sahara: no country to check (scored as outside, never rejected)
    if container.feature == "admin2":  # "Rockingham, Northamptonshire": counties have no code here
        far = haversine_km(e.lat, e.lon, container.lat or 0.0, container.lon or 0.0)
        return e.feature == "city" and far <= ADMIN2_KM
    return e.country_code == container.country_code and (
        container.feature != "admin1"
        or container.admin1 is None  # a curated province with no code: the country must do
        or e.admin1 == container.admin1
        or e.feature not in ("city", "admin1")
    )  # a province is in no other province


@dataclass
class _Context:
    focus: Counter[str]
    containers: dict[int, PlaceMention]
    anchors: list[tuple[float, float, int]]
    namesakes: set[str] = field(default_factory=set)  # admin1 codes of the towns named like the toponym
    listed: dict[int, set[str]] = field(default_factory=dict)  # features of the places listed beside one
    capitals: dict[str, str] = field(default_factory=dict)  # capitals' names that gave focus -> country


def _choose(t: Toponym, cands: list[Candidate], ctx: _Context) -> _Choice | None:
    ctx.namesakes = {
        c.entry.admin1 for c in cands if c.exact and c.entry.feature == "city" and c.entry.admin1
    }
    best: _Choice | None = None
    for c in cands:
        s, why = _score(t, c, ctx)
        if best is None or s > best.score:
            best = _Choice(c, s, ", ".join(why))
    if best is not None and _implausible(best.candidate, ctx):
        return None
    container = ctx.containers.get(t.start)
    if (
        best is not None
        and container is not None
        and container.feature in ("country", "admin1")
        and best.candidate.entry.country_code is not None
        and not _inside(best.candidate.entry, container)
    ):  # "Guma LGA of Benue State": Goma in the Philippines is no answer (counties are too
        return None  # many namesakes to be that sure of)
    return best


#: A hamlet this small, in a country the text never mentions and far from every other place it
#: names, is a name clash, not the place meant ("Kokang", Myanmar, has only an Indonesian namesake
#: of population 0 in cities500): better unresolved than on the wrong continent.
IMPLAUSIBLE_POPULATION = 1000
IMPLAUSIBLE_KM = 1500
IMPLAUSIBLE_VARIANT_KM = 500


def _implausible(c: Candidate, ctx: _Context) -> bool:
    e = c.entry
    if e.feature != "city" or e.source == "regions":
        return False
    if e.population >= IMPLAUSIBLE_POPULATION and c.exact:
        return False  # a spelling-variant match has no such excuse: "Gezira" in Sudan is not Gżira, Malta
    if not ctx.focus or ctx.focus.get(e.country_code or "", 0) > 0:
        return False
    far = (
        IMPLAUSIBLE_KM if c.exact else IMPLAUSIBLE_VARIANT_KM
    )  # "Khiam" ~ Jān Khānī, Iran, in a Lebanon story
    return all(haversine_km(e.lat, e.lon, lat, lon) > far for lat, lon, _ in ctx.anchors)


def _mention(t: Toponym, choice: _Choice | None, *, in_comments: bool, n_cands: int) -> PlaceMention:
    if choice is None:
        reason = (
            f"{n_cands} gazetteer entries for {t.name!r}, none plausible here: small namesakes in "
            "countries the text never names, far from its other places, or outside the place the "
            "text puts it in"
            if n_cands
            else f"no gazetteer entry for {t.name!r}"
        )
        return PlaceMention(t.start, t.end, t.text, name=t.name, in_comments=in_comments, reason=reason)
    e = choice.candidate.entry
    precision = FEATURE_PRECISION.get(e.feature, 3)
    if e.feature == "city" and t.near_hint:
        precision = 2
    return PlaceMention(
        t.start, t.end, t.text, name=e.name, lat=round(e.lat, 5), lon=round(e.lon, 5),
        country_code=e.country_code, admin1=e.admin1, geonames_id=e.geonames_id, feature=e.feature,
        precision=precision, in_comments=in_comments, display_name=display_name(e.name, e.country_code),
        reason=f"{e.feature} chosen from {n_cands} candidates: {choice.reason}; via {t.how}",
    )  # fmt: skip


def _containers(
    toponyms: list[Toponym], doc_text: str, chosen: dict[int, PlaceMention]
) -> dict[int, PlaceMention]:
    """Explicit containment: "Syria's Hama", "Hama, Syria", "Jableh in Latakia province"."""
    out: dict[int, PlaceMention] = {}
    for i, (a, b) in enumerate(zip(toponyms, toponyms[1:], strict=False)):
        gap = doc_text[a.end : b.start]
        pa, pb = chosen.get(a.start), chosen.get(b.start)
        if gap.strip() == "," and _in_list(toponyms, i, doc_text):
            continue  # "Washington, West Virginia and Wyoming": a list, not a town in its state
        if gap in ("'s ", "’s ") and pa is not None and pa.feature in ("country", "admin1"):
            out[b.start] = pa
        elif (
            gap.strip() in (",", "in", "of", ", in")
            and pb is not None
            and pb.feature in ("country", "admin1", "admin2")
            and (pa is None or pa.feature != "country")  # "China, Japan": no country inside another
        ):
            out[a.start] = pb
    return out


_LIST_GAPS = frozenset({",", "and", "or", ", and", ", or"})
_LISTED_FEATURES = frozenset({"admin1", "country"})


def _listed(
    toponyms: list[Toponym],
    doc_text: str,
    chosen: dict[int, PlaceMention],
    containers: dict[int, PlaceMention],
) -> dict[int, set[str]]:
    """Provinces and countries listed beside a name: "California or Washington" (the state),
    "Iraq, Syria and Georgia" (the country); not a town and its province ("Washington, D.C.")."""
    out: dict[int, set[str]] = {}
    for a, b in zip(toponyms, toponyms[1:], strict=False):
        if doc_text[a.end : b.start].strip() not in _LIST_GAPS or a.start in containers:
            continue
        for x, y in ((a, b), (b, a)):
            m = chosen.get(y.start)
            if m is not None and m.feature in _LISTED_FEATURES and not y.admin_hint:
                out.setdefault(x.start, set()).add(m.feature)
    return out


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


def _eponym(t: Toponym, gaz: Gazetteer) -> Toponym:
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


def _site_town(t: Toponym, gaz: Gazetteer, named: set[str]) -> Toponym:
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


def _locate_sites(toponyms: list[Toponym], mentions: list[PlaceMention], doc_text: str) -> list[PlaceMention]:
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


ADMIN2_KM = 100  # a county's town lies this close to the county's centre


def _close(a: GazetteerEntry, b: GazetteerEntry, km: float) -> bool:
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= km


def _in_list(toponyms: list[Toponym], i: int, doc_text: str) -> bool:
    """Toponyms i and i+1 (joined by a comma) are items of a longer list: another place follows,
    or a comma goes before the first ("Colorado, Delaware, Idaho")."""
    a, b = toponyms[i], toponyms[i + 1]
    c = toponyms[i + 2] if i + 2 < len(toponyms) else None
    listed = c is not None and doc_text[b.end : c.start].strip() in _LIST_GAPS
    return listed or doc_text[max(a.start - 2, 0) : a.start].strip() == ","


def _town_comma_province(
    toponyms: list[Toponym], doc_text: str, cands: dict[int, list[Candidate]]
) -> list[Toponym]:
    """ "Tacoma, Washington", "Hinton, Alberta": the second name is the province that holds a town
    of the first name, so it is read as the province (the town then follows it as its container)."""
    out = list(toponyms)
    for i, (a, b) in enumerate(zip(toponyms, toponyms[1:], strict=False)):
        if doc_text[a.end : b.start].strip() != "," or b.admin_hint:
            continue
        if _in_list(toponyms, i, doc_text):
            continue  # a list of places ("Washington, New York and Boston"), not a town and its state
        towns = [c.entry for c in cands[a.start] if c.entry.feature == "city"]
        regions = {e.admin1 for e in towns if e.admin1}
        if any(c.entry.feature == "admin1" and c.entry.admin1 in regions for c in cands[b.start]):
            out[i + 1] = dataclasses.replace(b, admin_hint=True, admin_word="state")
        elif any(
            c.entry.feature == "admin2" and any(_close(c.entry, e, ADMIN2_KM) for e in towns)
            for c in cands[b.start]
        ):  # "Calamba City, Laguna", "Thruxton, Hampshire": a town and its county or district
            out[i + 1] = dataclasses.replace(b, admin_hint=True, admin_word="county")
    return out


def resolve_toponyms(
    toponyms: list[Toponym], doc_text: str, *, gazetteer: Gazetteer, extra_focus: Counter[str] | None = None,
    in_comments: bool = False,
) -> list[PlaceMention]:  # fmt: skip
    """Resolve recognised toponyms in two passes: context-free, then with the document's context."""
    named = {fold_name(t.name) for t in toponyms}
    # (a landmark's name is its own: "Bab al-Hawa crossing" is not named after the town of al-Bab)
    toponyms = [t if t.how.startswith(LANDMARK_HOW) else _site_town(_eponym(t, gazetteer), gazetteer, named)
                for t in toponyms]  # fmt: skip
    # A road number is never a town's name, whatever a gazetteer's alternate names say; nor is a
    # landmark's ("Evin prison"): both are placed at the town the text puts them in.
    cands = {t.start: [] if t.how.startswith(("road number", LANDMARK_HOW)) else _usable(t, _lookup(t, gazetteer))
             for t in toponyms}  # fmt: skip
    toponyms = _town_comma_province(toponyms, doc_text, cands)
    ctx = _Context(focus=Counter(extra_focus or {}), containers={}, anchors=[])
    choices = {t.start: _choose(t, cands[t.start], ctx) for t in toponyms}
    first = {t.start: _mention(t, choices[t.start], in_comments=in_comments, n_cands=len(cands[t.start]))
             for t in toponyms}  # fmt: skip
    # Focus comes from what the text names outright (countries and demonyms count 2), and half as
    # much from provinces, national capitals and towns with a single candidate; not from guesses
    # among namesakes.
    for t in toponyms:
        m, choice = first[t.start], choices[t.start]
        if m.country_code and t.how.startswith("demonym"):
            ctx.focus[m.country_code] += 2  # "the English city of X": England's country
        elif m.country_code and m.feature == "country":
            # "Georgia" is also a US state: a country named like a province is no sure sign of focus
            if not any(c.exact and c.entry.feature == "admin1" for c in cands[t.start]):
                ctx.focus[m.country_code] += 2
        elif m.country_code and (
            (len(cands[t.start]) == 1 and cands[t.start][0].exact) or m.feature in ("admin1", "admin2")
        ):  # a lone spelling-variant match ("Gezira" ~ Gżira, Malta) is no sign of the document's country
            ctx.focus[m.country_code] += 1
        elif (
            m.country_code
            and choice is not None
            and choice.candidate.primary
            and choice.candidate.entry.source == "capital"
            and fold_name(t.name) not in ctx.capitals
        ):  # "London": a national capital read as such counts once, and never for itself
            ctx.capitals[fold_name(t.name)] = m.country_code
            ctx.focus[m.country_code] += 1
    ctx.containers = _containers(toponyms, doc_text, first)
    ctx.listed = _listed(toponyms, doc_text, first, ctx.containers)
    # Anchors: places that were unambiguous on their own (one candidate, or a curated/country one).
    for t in toponyms:
        m = first[t.start]
        if m.resolved and m.feature != "country" and (len(cands[t.start]) == 1 or m.feature == "admin1"):
            ctx.anchors.append((float(m.lat or 0.0), float(m.lon or 0.0), t.start))
        if len(ctx.anchors) >= 30:
            break
    second = [
        _mention(t, _choose(t, cands[t.start], ctx), in_comments=in_comments, n_cands=len(cands[t.start]))
        for t in toponyms
    ]
    second = _placed_in_container(toponyms, second, cands, ctx.containers)
    return _locate_sites(toponyms, second, doc_text)


def _placed_in_container(
    toponyms: list[Toponym],
    mentions: list[PlaceMention],
    cands: dict[int, list[Candidate]],
    containers: dict[int, PlaceMention],
) -> list[PlaceMention]:
    """A town the text puts in a province or county ("Rockingham, Northamptonshire", "Umemger village
    of Guma LGA") that has no namesake there is a place the gazetteer lacks: it is placed at that
    province or county (feature 'area', the container's precision), not at a namesake elsewhere."""
    out = list(mentions)
    for i, (t, m) in enumerate(zip(toponyms, mentions, strict=True)):
        box = containers.get(t.start)
        if box is None or not box.resolved or box.feature not in ("admin1", "admin2") or t.site:
            continue
        if m.feature in ("country", "admin1", "region") or any(_inside(c.entry, box) for c in cands[t.start]):
            continue
        out[i] = dataclasses.replace(
            m, name=t.name, lat=box.lat, lon=box.lon, country_code=box.country_code, admin1=box.admin1,
            geonames_id=None, feature="area", precision=max(box.precision or 2, 2), display_name=t.name,
            reason=f"no {t.name!r} in the gazetteer lies in {box.name}, where the text puts it: placed "
            f"at {box.name}; via {t.how}",
        )  # fmt: skip
    return out


def extract_places(
    doc: Doc, *, in_comments: bool = False, gazetteer: Gazetteer | None = None
) -> list[PlaceMention]:
    """Every toponym of ``doc`` as a PlaceMention (offsets into ``doc.text``), resolved where possible."""
    gaz = gazetteer or get_gazetteer()
    toponyms = find_toponyms(doc, gaz)
    focus: Counter[str] = Counter()
    for ent in doc.ents:
        if ent.label_ == "NORP":
            cc = demonym_country(ent.text, gaz)
            if cc:
                focus[cc] += 2
    return resolve_toponyms(toponyms, doc.text, gazetteer=gaz, extra_focus=focus, in_comments=in_comments)


def population_baseline(doc: Doc, *, gazetteer: Gazetteer | None = None) -> list[PlaceMention]:
    """The same toponyms, each resolved to its most populous exact-name candidate (for evaluation)."""
    gaz = gazetteer or get_gazetteer()
    out = []
    for t in find_toponyms(doc, gaz):
        cands = _usable(t, gaz.lookup(t.name))
        exact = [c for c in cands if c.exact] or cands
        best = max(exact, key=lambda c: c.entry.population, default=None)
        choice = _Choice(best, 0.0, "largest population") if best else None
        out.append(_mention(t, choice, in_comments=False, n_cands=len(cands)))
    return out


def geoparse_text(text: str, nlp: object | None = None) -> list[PlaceMention]:
    """Convenience for scripts: parse ``text`` with ``nlp`` (or the default model) and extract places."""
    if nlp is None:
        from newsgraph.nlp.spacy_model import load_model

        nlp = load_model()
    return extract_places(nlp(text))  # type: ignore[operator]
