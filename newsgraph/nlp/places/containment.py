"""Containment and lists between neighbouring toponyms: "Hama, Syria", "Syria's Hama", "Jableh in
Latakia province", "Tacoma, Washington" (a town and its state), and lists of places ("Washington,
West Virginia and Wyoming"), which are no containment (used by newsgraph.nlp.places.resolve)."""

from __future__ import annotations

import dataclasses
import re

from newsgraph.model import PlaceMention
from newsgraph.nlp.places.gazetteer import Candidate, GazetteerEntry, haversine_km
from newsgraph.nlp.places.toponym import Toponym

ADMIN2_KM = 100  # a county's town lies this close to the county's centre
#: A town the text puts in a town or an area ("the Ghouta town of Arbin", "Talbiseh, Homs") lies
#: this close to it, in its country.
NEAR_CONTAINER_KM = 150
_AREA_FEATURES = ("country", "admin1", "admin2")
# "the Ghouta town of X", "the Homs countryside town of X", "the Damascus suburb of X" (but "the
# Darfur region of Sudan", "the Crown Heights neighborhood of Brooklyn": the noun is the first name's,
# which is the smaller place; so only settlement nouns, and only a first name that is the bigger place)
_TOWN_OF = re.compile(
    r"^\s+(?:countryside\s+|rural\s+|province\s+|provincial\s+)?(?:town|city|village|suburb|hamlet)\s+of\s+$",
    re.IGNORECASE,
)
_COARSE = frozenset({"area", "region", "landform", "admin1", "admin2", "country"})
#: "X, Homs" makes Homs X's container only for a provincial centre this big and an X with no
#: namesake this big (two towns of their own, "Moscow, Beijing", are a list).
CENTRE_POPULATION, SMALL_TOWN_POPULATION = 100_000, 20_000


def inside_container(e: GazetteerEntry, container: PlaceMention) -> bool:
    """Whether a candidate lies in the place the text puts it in ("Hama, Syria", "X LGA of Benue")."""
    if e.country_code is None:
        return False  # the Gulf, the Sahara: no country to check (scored as outside, never rejected)
    if container.feature == "admin2":  # "Rockingham, Northamptonshire": counties have no code here
        far = haversine_km(e.lat, e.lon, container.lat or 0.0, container.lon or 0.0)
        return e.feature == "city" and far <= ADMIN2_KM
    if container.feature not in _AREA_FEATURES:  # a town or an area: near it, in its country
        far = haversine_km(e.lat, e.lon, container.lat or 0.0, container.lon or 0.0)
        return e.country_code == container.country_code and far <= NEAR_CONTAINER_KM
    return e.country_code == container.country_code and (
        container.feature != "admin1"
        or container.admin1 is None  # a curated province with no code: the country must do
        or e.admin1 == container.admin1
        or e.feature not in ("city", "admin1")
    )  # a province is in no other province


def _close(a: GazetteerEntry, b: GazetteerEntry, km: float) -> bool:
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= km


def _in_list(toponyms: list[Toponym], i: int, doc_text: str) -> bool:
    """Toponyms i and i+1 (joined by a comma) are items of a longer list: another place follows,
    or a comma goes before the first ("Colorado, Delaware, Idaho")."""
    a, b = toponyms[i], toponyms[i + 1]
    c = toponyms[i + 2] if i + 2 < len(toponyms) else None
    listed = c is not None and doc_text[b.end : c.start].strip() in _LIST_GAPS
    return listed or doc_text[max(a.start - 2, 0) : a.start].strip() == ","


def town_comma_province(
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


def find_containers(
    toponyms: list[Toponym],
    doc_text: str,
    chosen: dict[int, PlaceMention],
    cands: dict[int, list[Candidate]] | None = None,
) -> dict[int, PlaceMention]:
    """Explicit containment: "Syria's Hama", "Hama, Syria", "Jableh in Latakia province", "the Ghouta
    town of Arbin", "Talbiseh, Homs"."""
    cands = cands or {}
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
            out[a.start] = _owned(toponyms, i + 1, doc_text, chosen) or pb
        elif (
            _TOWN_OF.match(gap)
            and pa is not None
            and pa.resolved
            and pa.country_code
            and _bigger(pa, pb, cands)
        ):
            out[b.start] = pa
        elif gap.strip() == "," and pb is not None and pb.feature == "city" and pb.country_code:
            # "Talbiseh, Homs": a small town (or one the gazetteer lacks) and its provincial centre
            small = all(c.entry.feature == "city" and c.entry.population < SMALL_TOWN_POPULATION
                        for c in cands.get(a.start, ()))  # fmt: skip
            if small and _population(pb, cands.get(b.start, ())) >= CENTRE_POPULATION:
                out[a.start] = pb
    return out


def _owned(
    toponyms: list[Toponym], j: int, doc_text: str, chosen: dict[int, PlaceMention]
) -> PlaceMention | None:
    """ "X in Iraq's Kirkuk province": the province the country owns is the closer container."""
    if j + 1 >= len(toponyms) or doc_text[toponyms[j].end : toponyms[j + 1].start] not in ("'s ", "’s "):
        return None
    owner, owned = chosen.get(toponyms[j].start), chosen.get(toponyms[j + 1].start)
    if (
        owner is None
        or owned is None
        or owner.feature != "country"
        or owned.feature not in ("admin1", "admin2")
    ):
        return None
    return owned if owned.country_code == owner.country_code else None


def _population(m: PlaceMention, cands: list[Candidate] | tuple[Candidate, ...]) -> int:
    return next(
        (c.entry.population for c in cands if m.geonames_id and c.entry.geonames_id == m.geonames_id), 0
    )


def _bigger(pa: PlaceMention, pb: PlaceMention | None, cands: dict[int, list[Candidate]]) -> bool:
    """The first of "the A town of B" holds the second: an area, or a town bigger than B's namesake."""
    if pa.feature == "site" or (pb is not None and pb.feature in _COARSE):
        return False
    if pa.feature in _COARSE:
        return True
    big = _population(pa, cands.get(pa.start, ()))
    return pb is None or not pb.resolved or big > _population(pb, cands.get(pb.start, ()))


_LIST_GAPS = frozenset({",", "and", "or", ", and", ", or"})
_LISTED_FEATURES = frozenset({"admin1", "country"})


def find_listed(
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
