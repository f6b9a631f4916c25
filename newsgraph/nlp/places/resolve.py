"""Toponym recognition over a spaCy Doc, then resolution with the document as context.

>>> places = extract_places(nlp("Soleimani was seen in Syria's Hama province."))  # doctest: +SKIP
>>> places[1].name, places[1].feature, places[1].precision                         # doctest: +SKIP
('Hama', 'admin1', 3)

Recognition (:mod:`newsgraph.nlp.places.recognise`) finds the toponyms; this module scores the
gazetteer candidates of each one and returns :class:`newsgraph.model.PlaceMention` records.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc

from newsgraph.model import PlaceMention
from newsgraph.nlp.places.containment import (
    find_containers,
    find_listed,
    inside_container,
    town_comma_province,
)
from newsgraph.nlp.places.cues import FIRST_LEVEL_WORDS, admin_head, is_date_word, own_province
from newsgraph.nlp.places.display import display_name
from newsgraph.nlp.places.evidence import demonym_country
from newsgraph.nlp.places.gazetteer import (
    FEATURE_PRECISION,
    Candidate,
    Gazetteer,
    get_gazetteer,
    haversine_km,
)
from newsgraph.nlp.places.landmarks import LANDMARK_HOW
from newsgraph.nlp.places.names import fold_name, skeleton
from newsgraph.nlp.places.recognise import find_toponyms
from newsgraph.nlp.places.sites import eponym, locate_sites, placed_in_container, site_town
from newsgraph.nlp.places.toponym import Toponym

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
        if inside_container(e, container):
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


@dataclass
class _Context:
    focus: Counter[str]
    containers: dict[int, PlaceMention]
    anchors: list[tuple[float, float, int]]
    namesakes: set[str] = field(default_factory=set)  # admin1 codes of the towns named like the toponym
    listed: dict[int, set[str]] = field(default_factory=dict)  # features of the places listed beside one
    capitals: dict[str, str] = field(default_factory=dict)  # capitals' names that gave focus -> country
    own: dict[int, tuple[str, int]] = field(
        default_factory=dict
    )  # the focus a toponym gave: no evidence for itself


def _choose(t: Toponym, cands: list[Candidate], ctx: _Context) -> _Choice | None:
    ctx.namesakes = {
        c.entry.admin1 for c in cands if c.exact and c.entry.feature == "city" and c.entry.admin1
    }
    best: _Choice | None = None
    for c in cands:
        s, why = _score(t, c, ctx)
        if best is None or s > best.score:
            best = _Choice(c, s, ", ".join(why))
    if best is not None and _implausible(t, best.candidate, ctx):
        return None
    container = ctx.containers.get(t.start)
    if (
        best is not None
        and container is not None
        and container.feature != "admin2"
        and best.candidate.entry.country_code is not None
        and not inside_container(best.candidate.entry, container)
    ):  # "Guma LGA of Benue State": Goma in the Philippines is no answer (counties are too
        return None  # many namesakes to be that sure of)
    return best


#: A hamlet this small, in a country the text never mentions and far from every other place it
#: names, is a name clash, not the place meant ("Kokang", Myanmar, has only an Indonesian namesake
#: of population 0 in cities500): better unresolved than on the wrong continent.
IMPLAUSIBLE_POPULATION = 1000
IMPLAUSIBLE_KM = 1500
IMPLAUSIBLE_VARIANT_KM = 500
#: "Soum province" finds only a town of 5,000 in Senegal: a town this small is no answer to a name the
#: text calls a province, outside the document's countries and far from its places, even with no
#: country named at all.
HEADED_TOWN_POPULATION = 100_000


def _implausible(t: Toponym, c: Candidate, ctx: _Context) -> bool:
    e = c.entry
    if e.feature != "city" or e.source == "regions":
        return False
    container = ctx.containers.get(t.start)
    if container is not None and inside_container(e, container):
        return False  # "Mali's Menaka region": the text puts it there
    headed = t.admin_hint and t.admin_word in FIRST_LEVEL_WORDS and e.population < HEADED_TOWN_POPULATION
    if e.population >= IMPLAUSIBLE_POPULATION and c.exact and not headed:
        return False  # a spelling-variant match has no such excuse: "Gezira" in Sudan is not Gżira, Malta
    # The document's countries, less what this very name gave them ("Arbin" alone is no French story).
    focus = Counter(ctx.focus)
    if t.start in ctx.own:
        cc, n = ctx.own[t.start]
        focus[cc] -= n
    focus = +focus
    if (not focus and not headed) or focus.get(e.country_code or "", 0) > 0:
        return False
    far = (
        IMPLAUSIBLE_KM if c.exact else IMPLAUSIBLE_VARIANT_KM
    )  # "Khiam" ~ Jān Khānī, Iran, in a Lebanon story
    return all(haversine_km(e.lat, e.lon, lat, lon) > far for lat, lon, at in ctx.anchors if at != t.start)


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


def resolve_toponyms(
    toponyms: list[Toponym], doc_text: str, *, gazetteer: Gazetteer, extra_focus: Counter[str] | None = None,
    in_comments: bool = False,
) -> list[PlaceMention]:  # fmt: skip
    """Resolve recognised toponyms in two passes: context-free, then with the document's context."""
    # "Nov 02 2017", "on Sat": dates are no places; "Sagaing region": the admin word after a name
    toponyms = [admin_head(t, doc_text) for t in toponyms if not is_date_word(t, doc_text)]
    named = {fold_name(t.name) for t in toponyms}
    # (a landmark's name is its own: "Bab al-Hawa crossing" is not named after the town of al-Bab)
    toponyms = [t if t.how.startswith(LANDMARK_HOW) else site_town(eponym(t, gazetteer), gazetteer, named)
                for t in toponyms]  # fmt: skip
    # A road number is never a town's name, whatever a gazetteer's alternate names say; nor is a
    # landmark's ("Evin prison"): both are placed at the town the text puts them in.
    cands = {t.start: [] if t.how.startswith(("road number", LANDMARK_HOW))
             else own_province(t, _usable(t, _lookup(t, gazetteer)), gazetteer) for t in toponyms}  # fmt: skip
    toponyms = town_comma_province(toponyms, doc_text, cands)
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
            ctx.own[t.start] = (m.country_code, 1)
        elif (
            m.country_code
            and choice is not None
            and choice.candidate.primary
            and choice.candidate.entry.source == "capital"
            and fold_name(t.name) not in ctx.capitals
        ):  # "London": a national capital read as such counts once, and never for itself
            ctx.capitals[fold_name(t.name)] = m.country_code
            ctx.focus[m.country_code] += 1
    ctx.containers = find_containers(toponyms, doc_text, first, cands)
    ctx.listed = find_listed(toponyms, doc_text, first, ctx.containers)
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
    second = placed_in_container(toponyms, second, cands, ctx.containers)
    return locate_sites(toponyms, second, doc_text)


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
