"""Resolution from the document's context and the curated dictionary: lists of provinces or
countries, a list that is no town-in-its-province, national capitals as focus, nations' demonyms,
islands, landforms and rivers that no town is named after (newsgraph.nlp.places.resolve, geo_recognize)."""

from __future__ import annotations

import pytest
from helpers import km_from as _km
from helpers import places_by_text as _places

from newsgraph.nlp.pipeline import Pipeline


def test_a_name_listed_with_states_is_the_state(pipeline: Pipeline) -> None:
    places = _places(pipeline, "The outbreak reached western states such as California or Washington.")
    assert places["Washington"].feature == "admin1" and places["Washington"].admin1 == "US.WA", places
    assert "listed with another admin1" in places["Washington"].reason


def test_a_list_of_states_is_no_town_inside_a_state(pipeline: Pipeline) -> None:
    """ "Washington, West Virginia and Wyoming" is three states, not the town Washington in West Virginia."""
    places = _places(pipeline, "Cases rose in Washington, West Virginia and Wyoming last week.")
    assert [places[n].admin1 for n in ("Washington", "West Virginia", "Wyoming")] == [
        "US.WA",
        "US.WV",
        "US.WY",
    ]
    places = _places(pipeline, "Cases were confirmed in Arkansas, Colorado, Delaware, Idaho and Maine.")
    assert places["Delaware"].feature == "admin1" and places["Delaware"].admin1 == "US.DE", places


def test_a_town_and_its_state_and_a_list_of_capitals_keep_the_capital(pipeline: Pipeline) -> None:
    places = _places(pipeline, "Officials met in Washington, D.C., on Monday.")
    assert places["Washington"].feature == "city" and places["Washington"].admin1 == "US.DC"
    places = _places(pipeline, "Envoys from Paris, London and Washington met in Geneva.")
    assert places["Washington"].admin1 == "US.DC" and places["Paris"].country_code == "FR"


@pytest.mark.parametrize(
    ("text", "name", "cc", "feature"),
    [
        ("Troops were sent to Iraq, Syria and Georgia.", "Georgia", "GE", "country"),
        ("Storms hit Texas, Florida and Georgia on Sunday.", "Georgia", "US", "admin1"),
    ],
)
def test_a_listed_name_takes_the_kind_of_its_neighbours(
    pipeline: Pipeline, text: str, name: str, cc: str, feature: str
) -> None:
    p = _places(pipeline, text)[name]
    assert (p.country_code, p.feature) == (cc, feature), p


def test_a_national_capital_gives_the_document_its_country(pipeline: Pipeline) -> None:
    """Windsor, Ontario is the bigger town; "London" as the capital says the text is about Britain."""
    places = _places(pipeline, "Guests arrived at Windsor Castle, west of London, for the service.")
    assert places["Windsor Castle"].country_code == "GB" and _km(places["Windsor Castle"], 51.48, -0.61) < 30
    assert places["London"].country_code == "GB"
    # ...but a capital is no evidence for itself: a Virginia story keeps its Vienna in Virginia.
    text = "Traffic backed up from Fairfax to Vienna after a crash near Tysons, Virginia."
    assert _places(pipeline, text)["Vienna"].country_code == "US"


def test_nations_demonyms_point_at_the_nation(pipeline: Pipeline) -> None:
    places = _places(pipeline, "Students toured the English city of Salisbury and a Scottish island.")
    assert places["English"].name == "England" and places["Scottish"].name == "Scotland"
    # The nation still says which country the text is about: Salisbury in England, not Harare.
    assert places["Salisbury"].country_code == "GB", places["Salisbury"]
    places = _places(pipeline, "Rallies were held in the Welsh capital and the Scottish city of Glasgow.")
    assert places["Welsh"].name == "Wales"


def test_islands_landforms_and_rivers_no_town_is_named_after(pipeline: Pipeline) -> None:
    places = _places(
        pipeline,
        "Flights from Maui's airport to Oahu were cancelled. The army shelled the Nuba Mountains and "
        "villages along the Euphrates, and migrants landed on Lesbos.",
    )
    assert _km(places["Maui"], 20.8, -156.3) < 50 and _km(places["Oahu"], 21.45, -158.0) < 50
    nuba = next(p for t, p in places.items() if "Nuba" in t)
    assert nuba.country_code == "SD" and nuba.precision == 3
    assert places["Euphrates"].feature == "water" and places["Lesbos"].country_code == "GR"


def test_the_west_coast_of_a_us_story_is_americas(pipeline: Pipeline) -> None:
    text = "After stops in Washington and New York, the delegation spent a week on the West Coast."
    coast = next(p for t, p in _places(pipeline, text).items() if "West Coast" in t)
    assert coast.country_code == "US", coast


def test_a_generic_word_left_after_a_direction_is_no_place(pipeline: Pipeline) -> None:
    """ "Central Station" is a site's name: "Station" is not a Swiss village's alternate name here."""
    station = _places(pipeline, "A gunman opened fire outside Central Station.").get("Central Station")
    assert station is not None and not station.resolved, station


def test_mislabelled_places_with_strong_evidence(pipeline: Pipeline) -> None:
    # A big city's possessive, tagged ORG; a province's full name as a speaker, tagged PERSON.
    tijuana = _places(pipeline, "The city will begin work to improve Tijuana's sewage system in ten days.")
    assert tijuana["Tijuana"].country_code == "MX"
    assert (
        _places(pipeline, "Tamil Nadu said the order was a disobedience of the court.")["Tamil Nadu"].feature
        == "admin1"
    )
    # A capitalised adjective alone is no place ("Royal" is an alternate name of Royal City, WA).
    assert not _places(pipeline, "Fans met at the Royal after the match.")


def test_a_saints_building_inside_a_place_entity_is_a_site(pipeline: Pipeline) -> None:
    text = "The pope led the Easter Vigil service in St. Peter's Basilica, where he baptized adults. Rome was quiet."
    basilica = next(p for t, p in _places(pipeline, text).items() if t.startswith("St. Peter"))
    assert basilica.feature == "site" and _km(basilica, 41.90, 12.45) < 30, basilica


def test_an_untagged_site_after_a_cue_is_placed_at_its_town(pipeline: Pipeline) -> None:
    places = _places(pipeline, "Shells fell near Kaduqli Market in Kadugli on Monday.")
    market = places["Kaduqli Market"]
    assert market.feature == "site" and _km(market, 11.01, 29.72) < 30, market


def test_nigerian_local_government_areas(pipeline: Pipeline) -> None:
    """ "X LGA" / "X Local Government Area": the admin phrase is read like "X district"."""
    bokkos = _places(pipeline, "Herders attacked three villages in Bokkos LGA of Plateau State.")
    found = next(p for t, p in bokkos.items() if t.startswith("Bokkos"))
    assert found.country_code == "NG" and _km(found, 9.30, 8.99) < 30, found
    # An explicit state or country rules out a namesake elsewhere: Guma is no Goma in the Philippines,
    # but an area of Benue State, placed at the state
    text = "Gunmen attacked Torkula village of Guma Local Government Area of Benue State."
    guma = next(p for t, p in _places(pipeline, text).items() if t.startswith("Guma"))
    assert guma.country_code == "NG" and guma.feature == "area" and _km(guma, 7.9, 8.6) < 161, guma


def test_road_numbers_are_roads_placed_at_a_town_of_the_text(pipeline: Pipeline) -> None:
    places = _places(pipeline, "Rebels cut the M5 highway near Saraqeb on Tuesday.")
    road = places["M5 highway"]
    assert road.feature == "site" and road.precision == 2 and _km(road, 35.86, 36.80) < 30, road
    places = _places(pipeline, "A cyclist died after a collision with a lorry on the A120 at Coggeshall.")
    assert places["A120"].feature == "site" and _km(places["A120"], 51.87, 0.69) < 30
    # A number alone is a weapon or an aircraft, not a road.
    places = _places(pipeline, "The soldier fired an M16 at the crowd. Two A10 jets flew over Kandahar.")
    assert set(places) == {"Kandahar"}, places


def test_west_bank_towns_and_camps(pipeline: Pipeline) -> None:
    """ "Bank" is an organisation's word ("World Bank"), but "West Bank" is a place by its own name;
    "raided" puts a place after it; "Jenin refugee camp and Tulkarm" is a list of two places."""
    places = _places(pipeline, "In the occupied West Bank, troops raided Jenin refugee camp and Tulkarm.")
    assert places["West Bank"].country_code == "PS"
    assert _km(places["Jenin"], 32.46, 35.30) < 30 and _km(places["Tulkarm"], 32.31, 35.03) < 30, places


def test_a_word_between_the_cue_and_the_place(pipeline: Pipeline) -> None:
    text = "Ukrainian forces struck a Russian ammunition depot in occupied Tokmak in the Zaporizhzhia region."
    places = _places(pipeline, text)
    assert places["Tokmak"].country_code == "UA" and _km(places["Tokmak"], 47.25, 35.71) < 30, places
    # "the Zaporizhzhia region": looked up with its admin word, the oblast (not the city)
    assert places["Zaporizhzhia"].feature == "admin1", places["Zaporizhzhia"]


def test_a_river_named_like_a_city(pipeline: Pipeline) -> None:
    places = _places(pipeline, "Russian troops shelled Nikopol across the Dnipro river overnight.")
    river = next(p for t, p in places.items() if t.startswith("Dnipro"))
    assert river.feature == "water" and river.name == "Dnieper", river


def test_a_curated_province_holds_its_towns(pipeline: Pipeline) -> None:
    """The curated Khyber Pakhtunkhwa row takes the province code of its towns: Bannu is inside it."""
    places = _places(pipeline, "A roadside bomb hit a police van in Bannu, in Khyber Pakhtunkhwa province.")
    assert places["Bannu"].country_code == "PK" and "inside Khyber Pakhtunkhwa" in places["Bannu"].reason


def test_demonyms_whose_stems_collide(pipeline: Pipeline) -> None:
    """ "Nigerian" is Nigeria's ("Niger" + "ian" had made it Niger's); "German" and "Somali" are known."""
    from newsgraph.nlp.places.evidence import demonym_country
    from newsgraph.nlp.places.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    assert [demonym_country(d, gaz) for d in ("Nigerian", "Nigerien", "German", "Somali", "Lebanese")] == [
        "NG", "NE", "DE", "SO", "LB",
    ]  # fmt: skip
    places = _places(pipeline, "Gunmen killed 12 people in an attack on a Nigerian village.")
    assert places["Nigerian"].country_code == "NG", places


def test_a_place_in_apposition_to_a_place_noun(pipeline: Pipeline) -> None:
    text = (
        "The patrol was northwest of the provincial capital Lashkar Gah. Tanks entered the border town Rafah."
    )
    places = _places(pipeline, text)
    assert places["Lashkar Gah"].country_code == "AF" and places["Rafah"].country_code == "PS", places
    actors = {m.text for m in pipeline.extract(text).mentions if m.actor_key}
    assert "Lashkar Gah" not in actors, actors


# --- war reports: small towns and districts in the right country and province (GEO2) -------------
# Sentences written for these tests from the shape of Syrian, Iraqi, Yemeni, Somali and Sahel war
# reports; each names the place, and the country and province (GeoNames admin1) it must land in.
WAR_PLACES = [
    ("Government forces shelled the Ghouta town of Arbin on Tuesday, activists said.", "Arbin", "SY", None),
    ("Regime forces advanced on Arbin, Damascus, after heavy shelling.", "Arbin", "SY", None),
    ("Jihadists attacked Koutougou in Burkina Faso's Soum province.", "Soum", "BF", None),
    ("The army burned villages across Sagaing region, residents said.", "Sagaing", "MM", "MM.10"),
    ("Houthi fighters attacked the district of Hays in Hodeidah province.", "Hodeidah", "YE", "YE.08"),
    ("Houthi fighters attacked the district of Hays in Hodeidah province.", "Hays", "YE", "YE.08"),
    ("Shelling killed five people in the Homs countryside town of Talbiseh.", "Talbiseh", "SY", "SY.11"),
    ("Rebels shelled Kafr Nabl, Idlib, on Friday.", "Kafr Nabl", "SY", "SY.12"),
    ("Jihadists killed 20 villagers in Mali's Menaka region.", "Menaka", "ML", None),
    ("Islamic State fighters ambushed troops near Hit in Anbar province.", "Hit", "IQ", "IQ.01"),
    ("Iraqi troops recaptured Baiji, north of Tikrit, in Salahuddin province.", "Baiji", "IQ", "IQ.18"),
    (
        "Fighters of the Kurdish YPG took the village of Tel Tamr in Hasakah province.",
        "Tel Tamr",
        "SY",
        "SY.01",
    ),
    ("Syrian rebels shelled the town of Mhardeh in Hama province.", "Mhardeh", "SY", "SY.10"),
    ("Al-Shabaab fighters attacked Baidoa in Bay region.", "Baidoa", "SO", "SO.04"),
    ("Gunmen attacked an army camp at Inates in Niger's Tillaberi region.", "Inates", "NE", "NE.09"),
    ("A suicide bomber struck a market in Bashir, Kirkuk, killing nine.", "Bashir", "IQ", "IQ.13"),
    ("Troops fought militants near Zowiyeh in Iraq's Kirkuk province.", "Zowiyeh", "IQ", "IQ.13"),
    ("Shelling hit the Idlib town of Sarmin and the Aleppo village of Anadan.", "Anadan", "SY", "SY.09"),
    ("Drones struck the Yemeni town of Harib in Marib province.", "Harib", "YE", "YE.14"),
]


@pytest.mark.parametrize(("text", "name", "cc", "admin1"), WAR_PLACES)
def test_war_report_places_land_in_their_country_and_province(
    pipeline: Pipeline, text: str, name: str, cc: str, admin1: str | None
) -> None:
    p = _places(pipeline, text)[name]
    assert p.resolved and p.country_code == cc, p
    if admin1 is not None:
        assert p.admin1 == admin1, p


def test_a_name_in_its_container_is_placed_there_not_abroad(pipeline: Pipeline) -> None:
    """Arbin has one namesake, in France: "the Ghouta town of Arbin" is in the Ghouta all the same,
    at the Ghouta's point and precision, and the reason says so."""
    p = _places(pipeline, "Government forces shelled the Ghouta town of Arbin on Tuesday.")["Arbin"]
    assert (p.country_code, p.feature, p.precision) == ("SY", "area", 2), p
    assert "Ghouta" in p.reason and "where the text puts it" in p.reason
    # ...but "the Darfur region of Sudan" does not put Sudan in Darfur (the noun is Darfur's).
    places = _places(pipeline, "Fighting spread across the Darfur region of Sudan.")
    assert places["Sudan"].feature == "country", places["Sudan"]


def test_a_province_that_finds_only_a_small_town_abroad_is_left_unresolved(pipeline: Pipeline) -> None:
    """ "Soum province": the gazetteer has only a Soum of 5,000 in Senegal; no country is named."""
    places = _places(pipeline, "Militants attacked an army post in Soum province, killing 12 soldiers.")
    soum = next(p for t, p in places.items() if t.startswith("Soum"))
    assert not soum.resolved and soum.name == "Soum", soum


def test_an_admin_word_after_the_name_prefers_the_province(pipeline: Pipeline) -> None:
    p = _places(pipeline, "The army burned villages across Sagaing region, residents said.")["Sagaing"]
    assert (p.feature, p.precision) == ("admin1", 3), p
    # Without the word, the town.
    p = _places(pipeline, "The army burned houses in Sagaing on Monday.")["Sagaing"]
    assert p.feature == "city", p


@pytest.mark.parametrize("word", ["Nov", "Dec", "Sat", "Mon", "Monday"])
def test_dates_are_never_places(word: str) -> None:
    from newsgraph.nlp.places.gazetteer import get_gazetteer
    from newsgraph.nlp.places.resolve import resolve_toponyms
    from newsgraph.nlp.places.toponym import Toponym

    text = f"DAMASCUS, {word} 02 2017 (Reuters) - Rebels shelled Harasta."
    start = text.index(word)
    toponyms = [Toponym(start, start + len(word), word, word)]
    assert resolve_toponyms(toponyms, text, gazetteer=get_gazetteer()) == []
    # A full month name is a date beside a number only: "May" may be a name elsewhere.
    text = "Rebels shelled the town on March 3."
    start = text.index("March")
    assert (
        resolve_toponyms([Toponym(start, start + 5, "March", "March")], text, gazetteer=get_gazetteer()) == []
    )


def test_no_admin_head_for_a_demonym_and_no_country_placement_for_a_common_word(pipeline: Pipeline) -> None:
    places = _places(pipeline, "Gunmen killed six people in the Mexican state of Guanajuato.")
    assert places["Mexican"].feature == "country", places["Mexican"]
    # "Police" is a town in Poland, found by the gazetteer after "in": no place in Kenya for that.
    places = _places(pipeline, "Police in Kenya shot dead two protesters in Nakuru.")
    assert "Police" not in places or not places["Police"].resolved, places.get("Police")


def test_a_group_the_actor_dictionary_knows_is_no_place(pipeline: Pipeline) -> None:
    # "Hamas" has a gazetteer namesake (Hamm, Germany) and a locative-looking context
    text = (
        'The Israeli army said it had targeted "a command and control centre" used by Hamas militants in '
        "the city.\n\nHamas's armed wing said it fired rockets at Tel Aviv.\n\n"
        "Egyptian mediators held talks in Cairo with Hamas officials on a truce."
    )
    places = pipeline.extract(text).places
    assert "Hamas" not in {p.text for p in places}, places
