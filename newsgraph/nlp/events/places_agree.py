"""Whether two event places can be one place (coreference's place test): the same town, or one
inside the other (a town in its province, a province in its country)."""

from __future__ import annotations

import unicodedata

from newsgraph.model import PlaceMention
from newsgraph.nlp.events.mentions import is_town
from newsgraph.nlp.places.gazetteer import haversine_km

#: Two town-level places this close are one town (a market and a street of it). Set by hand:
#: ACLED codes spots inside a town as the town; neighbouring towns are rarely under 5 km apart.
SAME_TOWN_KM = 5.0


def places_agree(a: PlaceMention | None, b: PlaceMention | None) -> bool:
    """One place is the other, or contains it (a town in its province, a province in its country)."""
    if a is None or b is None:
        return True
    if a.geonames_id is not None and a.geonames_id == b.geonames_id:
        return True
    if place_names(a) & place_names(b):
        return True
    if not (a.resolved and b.resolved):
        # an unplaced name ("Saada city", "Ojota park") is a spot: another spot's name is another
        # place; an area it may lie in is no conflict
        other = b if not a.resolved else a
        return not (is_town(other) or not other.resolved)
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False
    a_town, b_town = is_town(a), is_town(b)
    if a_town and b_town:
        if None in (a.lat, a.lon, b.lat, b.lon):
            return False
        return haversine_km(a.lat, a.lon, b.lat, b.lon) <= SAME_TOWN_KM  # type: ignore[arg-type]
    if a.feature == "country" or b.feature == "country":
        return True  # same country (or one unknown)
    if a.feature == "admin1" or b.feature == "admin1":
        return not (a.admin1 and b.admin1 and a.admin1 != b.admin1)
    return True  # a region, a river, a landform: its extent is unknown, so no conflict


#: Words that only say what kind of place a name is ("Saada city", "Hama province").
_PLACE_KIND_WORDS = frozenset({"city", "town", "village", "province", "region", "district", "governorate",
                               "state", "county", "area", "camp", "township", "municipality", "commune",
                               "neighbourhood", "neighborhood", "the", "of"})  # fmt: skip


def place_names(p: PlaceMention) -> set[str]:
    """Comparable forms of a place's names: lowercased, without accents, quotes or kind words."""
    out = set()
    for name in (p.text, p.name):
        if not name:
            continue
        plain = unicodedata.normalize("NFKD", name)
        plain = "".join(c for c in plain if c.isalnum() or c.isspace() or c == "-").lower()
        words = [w for w in plain.replace("-", " ").split() if w not in _PLACE_KIND_WORDS]
        if words:
            out.add(" ".join(words))
    return out
