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
