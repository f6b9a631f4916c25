"""Places below the town: streets and buildings placed at their town, entities split into names,
curated sites, and province points (newsgraph.nlp.places.resolve, geo_recognize, gazetteer)."""

from __future__ import annotations

import pytest
from helpers import km_from as _km
from helpers import places_by_text as _places

from newsgraph.nlp.pipeline import Pipeline
from newsgraph.nlp.places.gazetteer import get_gazetteer, haversine_km


def test_a_street_is_placed_at_the_town_the_text_puts_it_in(pipeline: Pipeline) -> None:
    places = _places(pipeline, "Protesters gathered on Rashid Street in Baghdad on Friday.")
    street = places["Rashid Street"]
    assert street.feature == "site" and street.precision == 2
    assert _km(street, 33.31, 44.37) < 30 and "Baghdad" in street.reason


def test_a_street_takes_the_town_named_just_before_it(pipeline: Pipeline) -> None:
    text = "Shelling hit Kharkiv overnight. Residents of Sumska Street said two buildings burned."
    street = _places(pipeline, text)["Sumska Street"]
    assert street.feature == "site" and _km(street, 49.99, 36.23) < 30, street


def test_a_street_with_no_town_in_the_text_stays_unresolved(pipeline: Pipeline) -> None:
    street = _places(pipeline, "The convoy drove slowly down Elm Street at dawn.").get("Elm Street")
    assert street is not None and not street.resolved and street.reason


def test_a_building_named_after_its_town_is_near_that_town(pipeline: Pipeline) -> None:
    places = _places(pipeline, "The wounded were taken to Aleppo University Hospital on Monday.")
    hospital = next(p for t, p in places.items() if "Hospital" in t)
    assert hospital.precision == 2 and _km(hospital, 36.20, 37.16) < 30, hospital


def test_an_organisation_speaking_is_not_a_site(pipeline: Pipeline) -> None:
    text = "A spokesman from Northwick Park Hospital declined to comment."
    assert not any("Hospital" in t for t in _places(pipeline, text))


def test_a_site_after_a_towns_possessive_is_in_that_town(pipeline: Pipeline) -> None:
    places = _places(pipeline, "The summit opened at Kyiv's Mariinsky Palace on Tuesday.")
    assert _km(places["Kyiv"], 50.45, 30.52) < 30
    palace = places["Mariinsky Palace"]
    assert palace.feature == "site" and _km(palace, 50.45, 30.52) < 30, palace


def test_curated_government_sites_beat_translated_town_names(pipeline: Pipeline) -> None:
    """GeoNames lists "White House" among Casablanca's alternate names."""
    places = _places(pipeline, "Reporters waited outside the White House for the announcement.")
    house = next(p for t, p in places.items() if "White House" in t)
    assert house.country_code == "US" and _km(house, 38.90, -77.04) < 10, house


def test_a_hyphenated_name_is_split_only_when_every_part_is_a_place(pipeline: Pipeline) -> None:
    places = _places(pipeline, "Trump flew to Mar-a-Lago on Friday. Traffic on the Homs-Hama road resumed.")
    assert not any(p.country_code == "MA" for p in places.values()), places
    assert {"Homs", "Hama"} <= set(places)


def test_a_comma_inside_an_entity_separates_two_places(pipeline: Pipeline) -> None:
    text = "The race moves to Thruxton, Hampshire, in May."
    places = _places(pipeline, text)
    assert "Thruxton" in places or "Hampshire" in places, places
    assert all("," not in t for t in places)


@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [("Texas", 31.0, -100.0), ("Alberta", 55.0, -115.0), ("British Columbia", 54.0, -125.0),
     ("New South Wales", -32.2, 147.0)],
)  # fmt: skip
def test_province_points_sit_near_their_geographic_middle(name: str, lat: float, lon: float) -> None:
    """Population-weighted points sat 200-650 km south of these (towns crowd the southern edge)."""
    entry = next(c.entry for c in get_gazetteer().lookup(name) if c.entry.feature == "admin1")
    assert haversine_km(entry.lat, entry.lon, lat, lon) < 161, entry


def test_chinese_provinces_are_found_by_their_short_names(pipeline: Pipeline) -> None:
    """GeoNames writes "Henan Sheng"; the news writes "Henan" (it was found only as a village)."""
    places = _places(pipeline, "Floods hit Henan and Shandong provinces this week.")
    assert {p.feature for t, p in places.items() if t in ("Henan", "Shandong")} == {"admin1"}, places


def test_a_list_of_countries_puts_no_country_inside_another(pipeline: Pipeline) -> None:
    places = _places(pipeline, "Exports fell to China, Japan and South Korea last year.")
    assert places["China"].feature == "country" and places["China"].country_code == "CN", places["China"]


def test_a_source_is_not_a_place(pipeline: Pipeline) -> None:
    """ "according to the Pentagon and Iranian state television": two sources, no place."""
    text = "A drone struck the convoy, according to the Pentagon and Iranian state television."
    places = _places(pipeline, text)
    assert "Pentagon" not in places and "Iranian" not in places, places


def test_a_neighbourhood_of_a_town_is_placed_in_that_town(pipeline: Pipeline) -> None:
    places = _places(pipeline, "Evacuations began in the al Waer district of Homs last month.")
    district = places["al Waer"]
    assert district.feature == "site" and _km(district, 34.73, 36.72) < 30, district


def test_a_spelling_variant_does_not_pull_a_sudanese_state_to_malta(pipeline: Pipeline) -> None:
    text = "The RSF looted villages across Gezira, south of Khartoum, before the army returned."
    gezira = _places(pipeline, text)["Gezira"]
    assert gezira.country_code == "SD", gezira


def test_wire_datelines_and_mislabelled_places(pipeline: Pipeline) -> None:
    text = (
        "KYIV (Reuters) - Russian forces launched a drone attack on Odesa overnight, officials said. "
        "Jets struck Lashio in northern Shan State and the Mandalay-Lashio highway was closed."
    )
    places = _places(pipeline, text)
    assert _km(places["KYIV"], 50.45, 30.52) < 30  # an all-capital dateline, not an acronym
    assert _km(places["Odesa"], 46.48, 30.73) < 30  # tagged TIME together with "overnight"
    assert places["Shan State"].feature == "admin1" and places["Shan State"].country_code == "MM"
    assert "Mandalay" in places and not any(t.endswith("-") for t in places), places


def test_a_far_spelling_variant_stays_unresolved(pipeline: Pipeline) -> None:
    """cities500 lacks Khiam (south Lebanon); its closest key is a hamlet in Iran."""
    text = "Israeli shelling hit Nabatieh and Marjayoun in south Lebanon, and the outskirts of Khiam."
    khiam = _places(pipeline, text).get("Khiam")
    assert khiam is None or not khiam.resolved or khiam.country_code == "LB", khiam


def test_world_regions_and_saints_buildings(pipeline: Pipeline) -> None:
    places = _places(
        pipeline,
        "Drought spread across the Horn of Africa and Central Asia. Pilgrims filled St. Peter's Basilica "
        "in Rome, and the Estey's Bridge crossing in New Brunswick reopened.",
    )
    assert places["Horn of Africa"].feature == "region" and places["Central Asia"].feature == "region"
    basilica = next(p for t, p in places.items() if t.startswith("St. Peter"))
    assert basilica.feature == "site" and _km(basilica, 41.90, 12.45) < 30, basilica
    assert "Bridge" not in places  # a name going on after a possessive is no town called Bridge


def test_the_arabic_article_may_be_dropped(pipeline: Pipeline) -> None:
    """GeoNames writes "Al Qāmishlī" and "El Fasher"; the news often writes "Qamishli", "Fasher"."""
    places = _places(pipeline, "Turkey fired on Qamishli. The RSF laid siege to Fasher for months.")
    assert places["Qamishli"].country_code == "SY" and _km(places["Qamishli"], 37.05, 41.22) < 30
    assert places["Fasher"].country_code == "SD"


def test_movement_makes_to_a_place_cue(pipeline: Pipeline) -> None:
    places = _places(
        pipeline, "Instead of driving to Castlegar, people will be able to visit the new office."
    )
    assert places["Castlegar"].country_code == "CA", places


def test_a_landmark_named_before_its_noun_is_placed_at_its_town(pipeline: Pipeline) -> None:
    places = _places(
        pipeline,
        "Jets struck the T4 air base near Homs, and protesters gathered outside Evin prison in Tehran.",
    )
    assert places["T4"].feature == "site" and _km(places["T4"], 34.73, 36.72) < 30, places["T4"]
    # Evin is also a small French town's alternate name: a landmark's name is placed at its town
    assert places["Evin"].country_code == "IR" and places["Evin"].precision == 2, places["Evin"]
    crossing = _places(
        pipeline, "Rebels shelled the Tishreen dam east of Aleppo and the Bab al-Hawa crossing."
    )
    assert crossing["Bab al-Hawa"].name == "Bab al-Hawa" and crossing["Bab al-Hawa"].country_code == "SY"


def test_a_big_town_before_a_landmark_noun_is_the_town_near_it(pipeline: Pipeline) -> None:
    kandahar = _places(pipeline, "Planes were grounded at Kandahar airport on Monday.")["Kandahar"]
    assert kandahar.feature == "city" and kandahar.precision == 2 and kandahar.country_code == "AF", kandahar


def test_a_demonym_or_a_date_before_a_landmark_noun_is_no_landmark(pipeline: Pipeline) -> None:
    assert not _places(pipeline, "The Syrian border crossing was shut, and the Monday bridge talks failed.")
