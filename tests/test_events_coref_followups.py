"""Within-document coreference: follow-up sentences of one event join it; other events stay apart.

News tells one strike in a headline, a lead and follow-ups that refer back to it ("The attackers
also set fire to grain stores", "The bombers detonated their explosives", "Fifteen people were
wounded, a spokesman told reporters in Abuja"); ACLED codes one event. Two towns, a sentence that
opens on another place, a raid's arrests told as a raid: each mechanism of
:mod:`newsgraph.nlp.events.coref` on a story invented for it, through the real pipeline (spaCy
model, gazetteer), with the number of events it must give.
"""

from __future__ import annotations

import datetime as dt

import pytest

from newsgraph.model import Event
from newsgraph.nlp.events.mentions import describe
from newsgraph.nlp.pipeline import Pipeline

PUBLISHED = dt.date(2021, 6, 9)  # a Wednesday: "on Tuesday" is 8 June

RAID = (
    "Gunmen kill 11 in raid on Katsina village\n\n"
    "Gunmen killed 11 villagers in an attack on a farming settlement near Faskari in Katsina state "
    "on Tuesday, residents said.\n\n"
    "The attackers arrived on motorcycles and went from house to house.\n\n"
    "The attackers also set fire to grain stores before leaving, residents said.\n\n"
    "Fifteen people were wounded, a spokesman told reporters at a news conference in Abuja.\n\n"
    "Residents appealed to the government to send more troops."
)

BOMB = (
    "Two suicide bombers killed five people at a fish market in Konduga on Friday evening, a militia "
    "leader said.\n\n"
    "The bombers detonated their explosives within minutes of each other near stalls selling smoked "
    "fish.\n\n"
    "The blast destroyed several stalls, and the wounded were taken to hospital in Maiduguri, he said."
)

CROWD = (
    "Police fired tear gas at hundreds of protesters in Eldoret on Tuesday as a march against a "
    "finance bill turned violent, witnesses said.\n\n"
    "A rights group said officers opened fire on the crowd near the bus terminus, wounding nine "
    "people.\n\n"
    "The demonstrators had gathered since the morning."
)

RAIDED_OFFICE = (
    "Police raided the office of a newspaper in Kano on Tuesday and arrested two of its journalists, "
    "the paper said in a statement.\n\n"
    "The paper's editor called the arrests an attack on press freedom."
)

TWO_STORIES = (
    "Bomb kills two at Kismayo market; militants move into Bardere after troop pullout\n\n"
    "A bomb exploded at a market in Kismayo on Monday, killing two traders, police said.\n\n"
    "In Gedo region, al-Shabaab fighters entered the town of Bardere on Monday without a fight, "
    "hours after Ethiopian troops withdrew, residents said."
)

RIOT = (
    "Hundreds of youths set fire to tyres and a police post in Kano on Tuesday during a protest "
    "against fuel prices, witnesses said.\n\n"
    "Shops along the road were also looted before police arrived and fired tear gas.\n\n"
    "Police said 20 people were arrested."
)

TWO_TOWNS = (
    "Gunmen killed four villagers in Faskari on Tuesday, residents said.\n\n"
    "The attackers also stole cattle.\n\n"
    "Three farmers were killed in Kankara on Tuesday, police said."
)

NEW_SCENE = (
    "Gunmen killed four villagers in an attack on a settlement near Faskari on Tuesday, residents "
    "said.\n\n"
    "The attackers also stole cattle.\n\n"
    "In neighbouring Zamfara state, three farmers were killed when gunmen attacked a hamlet near "
    "Tsafe, police said."
)


def _current(events: tuple[Event, ...] | list[Event]) -> list[Event]:
    return [e for e in events if not (e.background or e.negated or e.hypothetical or e.in_comments)]


def _violent(events: list[Event]) -> list[Event]:
    return [e for e in events if e.acled_event_type not in (None, "Strategic developments")]


def _covers(event: Event, text: str, words: str) -> bool:
    start = text.index(words)
    return any(s.start <= start < s.end for s in (event.sentence, *event.evidence))


def _events(pipeline: Pipeline, text: str) -> list[Event]:
    return _current(pipeline.extract(text, published=PUBLISHED).events)


def test_follow_ups_that_refer_back_join_the_raid(pipeline: Pipeline) -> None:
    """Headline, lead, "The attackers also set fire" (a part of the raid, not a second act) and
    "Fifteen people were wounded" (Abuja is where the spokesman spoke): one raid."""
    events = _events(pipeline, RAID)
    raids = _violent(events)
    assert len(raids) == 1, [(e.trigger_text, e.acled_sub_event_type) for e in events]
    raid = raids[0]
    for words in ("Gunmen kill 11", "also set fire", "Fifteen people were wounded"):
        assert _covers(raid, RAID, words), words
    assert raid.place is not None and raid.place.text == "Faskari"
    assert raid.fatalities == 11
    assert not [e for e in events if e.acled_sub_event_type == "Looting/property destruction"]


def test_a_suicide_bomb_told_as_explosives_detonated_is_one_bomb(pipeline: Pipeline) -> None:
    events = _violent(_events(pipeline, BOMB))
    assert len(events) == 1, [(e.trigger_text, e.acled_sub_event_type) for e in events]
    bomb = events[0]
    assert bomb.acled_sub_event_type == "Suicide bomb"
    assert _covers(bomb, BOMB, "The bombers detonated")
    assert bomb.place is not None and bomb.place.text == "Konduga"  # not the hospital's town


def test_shooting_told_after_a_crowd_met_with_force_is_that_force(pipeline: Pipeline) -> None:
    events = _violent(_events(pipeline, CROWD))
    assert len(events) == 1, [(e.trigger_text, e.acled_sub_event_type) for e in events]
    assert events[0].acled_event_type == "Protests"
    assert _covers(events[0], CROWD, "opened fire on the crowd")


def test_a_raid_that_made_arrests_is_the_arrests(pipeline: Pipeline) -> None:
    events = _events(pipeline, RAIDED_OFFICE)
    at_lead = [e for e in events if e.sentence.start == 0]
    assert len(at_lead) == 1, [(e.trigger_text, e.acled_sub_event_type) for e in at_lead]
    assert at_lead[0].acled_sub_event_type == "Arrests"


def test_a_title_of_two_stories_joins_each_story_by_its_sub_type(pipeline: Pipeline) -> None:
    """The title's "pullout" (a withdrawal word) and the body's "entered the town" (an assault
    word) name one handover: the title is evidence of the two stories, not a third event."""
    events = _events(pipeline, TWO_STORIES)
    assert len(events) == 2, [(e.trigger_text, e.acled_sub_event_type) for e in events]
    handover = next(e for e in events if e.acled_sub_event_type == "Non-violent transfer of territory")
    assert handover.trigger_text == "entered" and _covers(handover, TWO_STORIES, "troop pullout")


def test_shops_also_looted_with_no_doer_of_their_own_are_part_of_the_riot(pipeline: Pipeline) -> None:
    events = [e for e in _events(pipeline, RIOT) if e.acled_event_type == "Riots"]
    assert len(events) == 1, [(e.trigger_text, e.acled_sub_event_type) for e in events]
    assert _covers(events[0], RIOT, "were also looted")


@pytest.mark.parametrize(
    ("text", "towns"), [(TWO_TOWNS, {"Faskari", "Kankara"}), (NEW_SCENE, {"Faskari", "Tsafe"})]
)
def test_a_town_of_its_own_or_a_new_scene_stays_another_event(
    pipeline: Pipeline, text: str, towns: set[str]
) -> None:
    """ "killed in Kankara" (a town the trigger governs) and "In neighbouring Zamfara state, ..."
    (a sentence that opens on another place) set a second attack apart, even on the same day."""
    events = _violent(_events(pipeline, text))
    assert len(events) == 2, [(e.trigger_text, e.place) for e in events]
    assert {e.place.text for e in events if e.place is not None} == towns


@pytest.mark.parametrize(
    ("sentence", "refers_back"),
    [
        ("The attackers also set fire to grain stores.", True),
        ("The rockets landed on a frontline post.", True),
        ("They torched the market.", True),
        ("The strike hit a gathering at a livestock market.", True),
        ("Police torched the market.", False),
        ("Residents said the attackers torched the market.", False),
    ],
)
def test_a_sentence_that_opens_on_a_part_of_the_event_refers_back(
    pipeline: Pipeline, sentence: str, refers_back: bool
) -> None:
    events = pipeline.extract(sentence, published=PUBLISHED).events
    assert events, sentence
    view = describe(0, events[-1], sentence)
    assert view.refers_back is refers_back
