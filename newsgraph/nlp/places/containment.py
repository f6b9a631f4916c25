"""Containment and lists between neighbouring toponyms: "Hama, Syria", "Syria's Hama", "Jableh in
Latakia province", "Tacoma, Washington" (a town and its state), and lists of places ("Washington,
West Virginia and Wyoming"), which are no containment (used by newsgraph.nlp.places.resolve)."""

from __future__ import annotations

import dataclasses

from newsgraph.model import PlaceMention
from newsgraph.nlp.places.gazetteer import Candidate, GazetteerEntry, haversine_km
from newsgraph.nlp.places.toponym import Toponym

ADMIN2_KM = 100  # a county's town lies this close to the county's centre


def inside_container(e: GazetteerEntry, container: PlaceMention) -> bool:
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
