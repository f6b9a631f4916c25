"""A place at the head of its own public body's name ("the Ohio Department of Health", "Halifax
Regional Police") is a place; national bodies, armies, newspapers and bands are not
(newsgraph.nlp.places.institutions)."""

from __future__ import annotations

from helpers import places_by_text as _places

from newsgraph.nlp.pipeline import Pipeline


def test_a_police_force_or_a_council_names_its_place(pipeline: Pipeline) -> None:
    text = "A spokesman for the Halifax Regional Police said two cars collided on Monday."
    assert _places(pipeline, text)["Halifax"].country_code == "CA"
    text = "The Dorset County Council voted to close the library, and the Ohio Department of Health issued a warning."
    places = _places(pipeline, text)
    assert places["Dorset"].feature == "admin2" and places["Ohio"].feature == "admin1", places


def test_national_bodies_armies_papers_and_small_namesakes_name_no_place(pipeline: Pipeline) -> None:
    text = (
        "The United States Department of Agriculture and the Justice Department issued statements, "
        "the Pakistan Army and the Times of Malta reported it, and Arcade Fire played."
    )
    assert not _places(pipeline, text)
