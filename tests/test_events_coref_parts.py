"""Within-document coreference: acts, steps and words that are parts of one reported event.

ACLED does not split off the acts inside one event (property burned during a raid, arrests at a
dispersed rally, the attackers' retreat) nor code the statement that tells who did it ("troops
backed by a militia", "an officer said, asking not to be named"). Stories invented for these tests;
each runs the real pipeline (spaCy model, gazetteer).
"""

from __future__ import annotations

import datetime as dt

from newsgraph.model import Event
from newsgraph.nlp.pipeline import Pipeline

PUBLISHED = dt.date(2021, 6, 9)  # a Wednesday


def _current(events: tuple[Event, ...] | list[Event]) -> list[Event]:
    return [e for e in events if not (e.background or e.negated or e.hypothetical or e.in_comments)]


def _at(events: list[Event], text: str, words: str) -> list[Event]:
    """The events whose own sentence (not evidence) holds ``words``."""
    start = text.index(words)
    return [e for e in events if e.sentence.start <= start < e.sentence.end]


def _covers(event: Event, text: str, words: str) -> bool:
    start = text.index(words)
    return any(s.start <= start < s.end for s in (event.sentence, *event.evidence))


def test_a_reaction_to_a_reported_event_is_evidence_of_it(pipeline: Pipeline) -> None:
    text = (
        "An air strike killed six civilians at a market in Saraqeb on Tuesday, residents said.\n\n"
        "The army denied the accusation and said its jets struck only military positions in Saraqeb."
    )
    events = _current(pipeline.extract(text, published=PUBLISHED).events)
    kinds = [(e.type, e.trigger_text) for e in events]
    assert not [e for e in events if e.type == "REJECT"], kinds
    assert len(events) == 1 and _covers(events[0], text, "The army denied"), kinds


def test_a_statement_governing_the_only_report_of_an_event_is_the_reported_action(pipeline: Pipeline) -> None:
    text = "The governor accused the army of shelling the market in Saraqeb on Tuesday."
    ex = pipeline.extract(text, published=PUBLISHED)
    assert not [e for e in ex.events if e.type == "ACCUSE"]  # kept apart, as a statement
    events = _current(ex.statements)
    assert [e for e in events if e.type == "ACCUSE"], [(e.type, e.trigger_text) for e in events]


def test_a_statement_alone_in_its_sentence_stays_its_own_record(pipeline: Pipeline) -> None:
    text = (
        "Gunmen killed four farmers in Kafr Zita on Tuesday, residents said.\n\n"
        "The provincial governor accused rival clans of arming the gunmen."
    )
    ex = pipeline.extract(text, published=PUBLISHED)
    assert not [e for e in ex.events if e.type == "ACCUSE"]  # kept apart, as a statement
    events = _current(ex.statements)
    assert [e for e in events if e.type == "ACCUSE"], [(e.type, e.trigger_text) for e in events]


def test_the_attackers_retreat_is_a_step_of_the_attack(pipeline: Pipeline) -> None:
    text = (
        "Gunmen stormed a village near Saraqeb on Tuesday, killing six farmers, residents said.\n\n"
        "The attackers withdrew before dawn. Army reinforcements arrived hours later."
    )
    events = _current(pipeline.extract(text, published=PUBLISHED).events)
    assert len(events) == 1, [(e.type, e.trigger_text) for e in events]
    assert _covers(events[0], text, "The attackers withdrew")
    assert events[0].fatalities == 6


def test_a_movement_with_its_own_year_is_not_folded_in(pipeline: Pipeline) -> None:
    text = (
        "Gunmen killed six farmers near Saraqeb on Tuesday, residents said.\n\n"
        "The group's fighters had withdrawn from the area in 2015."
    )
    events = pipeline.extract(text, published=PUBLISHED).events
    attack = [e for e in _current(events) if e.fatalities == 6]
    assert attack and not _covers(attack[0], text, "had withdrawn")


def test_property_burned_during_a_raid_is_part_of_it(pipeline: Pipeline) -> None:
    text = "In a village near Saraqeb, armed men killed five people and set fire to grain stores on Tuesday."
    events = _current(pipeline.extract(text, published=PUBLISHED).events)
    assert len(events) == 1, [(e.type, e.trigger_text, e.acled_sub_event_type) for e in events]
    assert events[0].acled_sub_event_type != "Looting/property destruction"  # the raid's type
    assert events[0].fatalities == 5


def test_arrests_at_a_dispersed_rally_are_part_of_it(pipeline: Pipeline) -> None:
    text = (
        "Police fired tear gas to break up a rally of several hundred students in central Saraqeb on "
        "Tuesday, witnesses said.\n\n"
        "Dozens were detained, a rights group said."
    )
    events = _current(pipeline.extract(text, published=PUBLISHED).events)
    assert len(events) == 1, [(e.type, e.trigger_text, e.acled_sub_event_type) for e in events]
    assert _covers(events[0], text, "Dozens were detained")


def test_arrests_with_their_own_time_and_place_are_their_own_event(pipeline: Pipeline) -> None:
    text = (
        "Police fired tear gas to break up a rally of several hundred students in central Saraqeb on "
        "Tuesday, witnesses said.\n\n"
        "Police arrested 30 people in Maarat al-Numan on Wednesday morning, a police source said."
    )
    events = _current(pipeline.extract(text, published=PUBLISHED).events)
    assert _at(events, text, "Police arrested 30"), [(e.type, e.trigger_text) for e in events]


def test_a_title_of_two_stories_is_evidence_not_a_third_event(pipeline: Pipeline) -> None:
    text = (
        "Shelling kills six in Saraqeb; gunmen kill two shepherds near Maarat al-Numan\n\n"
        "Shelling killed six people in the town of Saraqeb on Tuesday, rescue workers said.\n\n"
        "On Monday, gunmen killed two shepherds near Maarat al-Numan, residents said."
    )
    events = _current(pipeline.extract(text, published=PUBLISHED).events)
    assert len(events) == 2, [(e.trigger_text, e.place.text if e.place else None) for e in events]
    assert all(e.sentence.start > text.index("\n") for e in events)  # no event anchored on the title
