"""Toponyms the model drops or mislabels, found with the gazetteer and the text's context; and
words that look like places but are not (dateline abbreviations, short codes)
(newsgraph.nlp.places.recognise, toponym, gazetteer, resolve)."""

from __future__ import annotations

from helpers import km_from as _km
from helpers import places_by_text as _places

from newsgraph.nlp.pipeline import Pipeline
from newsgraph.nlp.places.gazetteer import get_gazetteer


def test_month_and_weekday_abbreviations_in_a_dateline_are_no_places(pipeline: Pipeline) -> None:
    texts = [
        "By Rana Haddad | AMMAN, Nov 02 2017 Rebels said on Thursday they had repelled an attack.",
        "BEIRUT, Lebanon (AP) — Mon, Oct 30. Government forces pushed into the suburbs.",
        "Posted Tue, Sept. 5 by staff. Last updated Sat, Dec 9. The talks in Vienna ended.",
    ]
    for text in texts:
        places = _places(pipeline, text)
        assert not {"Nov", "Mon", "Tue", "Sept", "Sat", "Dec"} & set(places), places
    assert "AMMAN" in _places(pipeline, texts[0])  # the bureau's town itself is still found


def test_a_short_word_is_no_country_by_its_code() -> None:
    gaz = get_gazetteer()
    # "MAR" and "SUR" are Morocco's and Suriname's codes; in running text "Sur" is a town in Oman
    assert not any(c.entry.feature == "country" for c in gaz.lookup("Sur"))
    assert any(c.entry.feature == "country" for c in gaz.lookup("UK"))  # capitals: still the country


def test_a_town_named_like_a_country_code_keeps_its_own_entry(pipeline: Pipeline) -> None:
    sur = _places(pipeline, "The boats left Muscat for the port of Sur on Friday.")["Sur"]
    assert sur.feature == "city" and _km(sur, 22.57, 59.53) < 30, sur


def test_a_settlement_noun_makes_an_unknown_name_a_place(pipeline: Pipeline) -> None:
    text = "Residents fled the villages of Hesh, Maar Shamarin and Tahtaya towards the border."
    places = _places(pipeline, text)
    assert {"Hesh", "Tahtaya"} <= set(places), places
    assert "border" not in " ".join(places)


def test_the_settlement_noun_is_not_part_of_the_name(pipeline: Pipeline) -> None:
    text = "Sarah Adoga was displaced from her home in Torkula village of Guma Local Government Area."
    assert "Torkula" in _places(pipeline, text)


def test_a_place_shaped_name_after_a_locative_cue_is_a_place(pipeline: Pipeline) -> None:
    text = "Clashes erupted in Tell Rifaat and Deir Jamal, north of Aleppo."
    assert {"Tell Rifaat", "Deir Jamal", "Aleppo"} <= set(_places(pipeline, text))


def test_a_place_shape_alone_or_a_person_in_a_list_is_no_place(pipeline: Pipeline) -> None:
    assert not _places(pipeline, "Ahmed Khan, a shopkeeper from the village, said he had lost everything.")
    text = "They reached Athens, Kostas and his wife said, after a week at sea."
    assert "Kostas" not in _places(pipeline, text)


def test_two_places_in_one_entity_are_split_at_and(pipeline: Pipeline) -> None:
    places = _places(pipeline, "Ukrainian forces pushed towards Robotyne and Verbove, south of Orikhiv.")
    assert "Robotyne and Verbove" not in places and "Verbove" in places, places


def test_a_strike_verb_is_a_locative_cue(pipeline: Pipeline) -> None:
    douma = _places(pipeline, "Shelling hit Douma and Harasta overnight.").get("Douma")
    assert douma is not None and _km(douma, 33.57, 36.40) < 20, douma


def test_a_village_the_gazetteer_lacks_is_placed_at_the_town_the_text_puts_it_near(
    pipeline: Pipeline,
) -> None:
    text = "Rebels shelled the village of Qarqashtuna, near Maarat al-Numan, on Sunday."
    village = _places(pipeline, text)["Qarqashtuna"]
    assert village.feature == "area" and village.precision == 2, village
    assert _km(village, 35.65, 36.67) < 20 and "the text puts it in" in village.reason, village


def test_an_unknown_village_far_from_any_named_town_stays_unresolved(pipeline: Pipeline) -> None:
    text = "Aid reached the village of Qarqashtuna on Sunday. " + "Officials spoke for a long time. " * 12
    text += "Later, aid convoys also reached Aleppo."
    village = _places(pipeline, text)["Qarqashtuna"]
    assert not village.resolved, village


def test_a_name_before_a_comma_and_a_county_or_state_is_a_town_there(pipeline: Pipeline) -> None:
    text = "The third round is at Glenbrack, Fife, on 4 May, and the final at Marlow, Buckinghamshire."
    places = _places(pipeline, text)
    assert {"Glenbrack", "Fife", "Marlow", "Buckinghamshire"} <= set(places), places
    # Glenbrack is in no gazetteer: it is placed at the county the text puts it in, as an area
    assert places["Glenbrack"].feature == "area" and _km(places["Glenbrack"], 56.2, -3.1) < 60
    hollow = _places(pipeline, "The two men were arrested in Pinewood Hollow, Tenn., on Sunday.")[
        "Pinewood Hollow"
    ]
    assert (
        hollow.country_code == "US"
        and hollow.admin1 == _places(pipeline, "in Tenn., on Sunday")["Tenn."].admin1
    )


def test_a_town_with_no_namesake_in_its_county_is_not_placed_at_a_namesake_elsewhere(
    pipeline: Pipeline,
) -> None:
    # Rockingham's namesakes are in Australia, Canada and the US; the text puts it in England
    town = _places(pipeline, "The next race is at Rockingham, Northamptonshire, in August.")["Rockingham"]
    assert town.country_code == "GB" and _km(town, 52.5, -0.7) < 100, town


def test_a_person_or_a_list_of_states_before_a_comma_is_no_town(pipeline: Pipeline) -> None:
    assert set(_places(pipeline, '"We will win," said John Carver, Texas\'s attorney general.')) == {"Texas"}
    listed = _places(pipeline, "Texas, Ohio and Iowa voted for the bill.")
    assert all(p.feature == "admin1" for p in listed.values()), listed


def test_towns_written_with_a_capital_inside_are_no_acronyms(pipeline: Pipeline) -> None:
    text = "Two inmates walked away from a work detail at noon in LaFayette, and deputies searched McAllen and DeKalb."
    assert {"LaFayette", "McAllen", "DeKalb"} <= set(_places(pipeline, text))
    # a business's name with its possessive stays a business
    assert not _places(pipeline, "Everyone who ate at a McDonald's restaurant was told to call the clinic.")


def test_a_name_the_text_uses_for_a_person_is_no_town_anywhere_in_it(pipeline: Pipeline) -> None:
    # one sense per document: "said Noma", "his brother Tyler", "Beryl, 81," are people, every time
    text = (
        "Noma (not her real name) opened a case at the police station in May. “No one told me about "
        "the court case,” said Noma. Noma works as a domestic worker during the day."
    )
    assert "Noma" not in _places(pipeline, text)
    assert "Beryl" not in _places(pipeline, "Barry Smith, 80, and Beryl, 81, met as teenagers. Beryl worked.")
    tyler = _places(pipeline, "His brother Tyler was sentenced to 21 years. Tyler’s attorney appealed.")
    assert "Tyler" not in tyler, tyler


def test_a_person_sense_leaves_big_places_and_cued_uses_alone(pipeline: Pipeline) -> None:
    places = _places(pipeline, "“We will answer,” Moscow said on Friday, and Tehran said it agreed.")
    assert {"Moscow", "Tehran"} <= set(places), places
    text = "His brother Tyler was sentenced to 21 years. The family still lives in Tyler."
    assert "Tyler" in _places(pipeline, text)  # its own locative cue ("in Tyler") keeps the town


def test_an_all_capital_dateline_makes_a_mislabelled_town_a_place(pipeline: Pipeline) -> None:
    winnipeg = _places(
        pipeline, "WINNIPEG — Manitoba's Opposition New Democrats said Thursday they plan to delay the law."
    )
    assert "WINNIPEG" in winnipeg and _km(winnipeg["WINNIPEG"], 49.9, -97.1) < 30, winnipeg
    later = _places(
        pipeline, "Staff report. WASHINGTON (AP) — The Senate voted on Friday to end the shutdown."
    )
    assert "WASHINGTON" in later, later  # before a news agency's name: a dateline mid-line too
    assert not _places(
        pipeline, "JEWELL: Boyd Carney and Kate Harrison on the shore of the lagoon."
    )  # a caption


def test_streets_listed_before_a_plural_street_noun_are_streets(pipeline: Pipeline) -> None:
    places = _places(pipeline, "The streetcar rolled down Bourbon and Dauphine streets to Desire Street.")
    assert {"Bourbon", "Dauphine", "Desire Street"} <= set(places), places
    assert places["Bourbon"].feature != "city"  # a street, never a namesake town (Bourbon, Indiana)
    assert "Hubbard" in _places(
        pipeline, "He collapsed at the corner of State and Hubbard streets, police said."
    )


def test_a_country_named_with_and_is_one_place(pipeline: Pipeline) -> None:
    places = _places(
        pipeline, "The prime minister said that Trinidad and Tobago failed to attend the meeting."
    )
    assert "Trinidad and Tobago" in places and places["Trinidad and Tobago"].feature == "country", places
    assert "Antigua and Barbuda" in _places(pipeline, "Storms hit Antigua and Barbuda on Monday.")


def test_a_place_entity_ends_before_a_lower_case_modifier(pipeline: Pipeline) -> None:
    text = "The water is warmer than normal in the eastern Pacific equatorial region."
    assert "Pacific" in _places(pipeline, text) and "Pacific equatorial" not in _places(pipeline, text)


def _mentions(pipeline: Pipeline, text: str) -> list[str]:
    from newsgraph.nlp.places.resolve import extract_places

    return [p.text for p in extract_places(pipeline.nlp(text))]


def test_a_name_found_once_as_a_place_is_a_place_wherever_it_stands_alone(pipeline: Pipeline) -> None:
    # one sense per document: the model's later PERCENT / LAW tags do not hide the county or Europe
    text = (
        "Voters in Orange County are split. In a survey of 706 Orange County residents, 83 percent worried."
    )
    assert _mentions(pipeline, text).count("Orange County") == 2
    text = "The loan was signed for a plant in Europe. It is the pillar of the Investment Plan for Europe."
    assert _mentions(pipeline, text).count("Europe") == 2


def test_a_place_name_does_not_spread_into_longer_names_or_onto_people(pipeline: Pipeline) -> None:
    text = "Flights to Zimbabwe resumed on Monday. Air Zimbabwe said it had two planes, and the Bank of Zimbabwe agreed."
    assert _mentions(pipeline, text) == ["Zimbabwe"]
    text = "Police in Sutton said the roads were icy. Ashley Sutton won the race, and Sutton will defend his title."
    assert _mentions(pipeline, text) == ["Sutton"]


def test_a_hyphenated_town_is_found_whole(pipeline: Pipeline) -> None:
    # the model tags only "Croix": a town of France, for a town of Haiti the gazetteer knows whole
    places = pipeline.extract("Gang members looted a clinic in Croix-des-Bouquets on Tuesday.").places
    assert [(p.text, p.country_code) for p in places] == [("Croix-des-Bouquets", "HT")], places
