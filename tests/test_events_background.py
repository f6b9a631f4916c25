"""Background: recalled history and war-wide statistics are flagged, current reports are not."""

from __future__ import annotations

import datetime as dt

import pytest

from newsgraph.model import Event
from newsgraph.nlp.pipeline import Pipeline

PUBLISHED = dt.date(2021, 9, 9)  # a Thursday


def _events(pipeline: Pipeline, text: str) -> list[Event]:
    return list(pipeline.extract(text, published=PUBLISHED).events)


BACKGROUND = [
    "The insurgency, which began in 2009, has killed more than 30,000 people in the region.",
    "Rebels captured the provincial capital in March 2016 after a long siege.",
    "Militias have attacked villages in the valley since the ceasefire collapsed in 2019.",
    "The conflict has killed tens of thousands of people, according to aid agencies.",
    "At least 40 people have been killed in the crackdown, a rights group said.",
    "Gunmen killed 25 people across the province in 2020, according to a local tally.",
    "Bandits have kidnapped hundreds of travellers on the highway over the past decade.",
]
CURRENT = [
    "Gunmen killed 12 villagers in an attack on a market on Tuesday, police said.",
    "Rebels have captured the town of Kassa after two days of fighting, officials said on Wednesday.",
    "It was the deadliest attack in the province since 2019, when 30 people were killed.",
]


@pytest.mark.parametrize("text", BACKGROUND)
def test_history_and_statistics_are_background(pipeline: Pipeline, text: str) -> None:
    events = _events(pipeline, text)
    assert events, "the sentence should still yield its (background) event, with its evidence"
    assert all(e.background for e in events if e.type == "ASSAULT" or e.fatalities)


@pytest.mark.parametrize("text", CURRENT[:2])
def test_current_reports_are_not_background(pipeline: Pipeline, text: str) -> None:
    events = _events(pipeline, text)
    assert events and not any(e.background for e in events)


def test_superlative_since_is_a_comparison(pipeline: Pipeline) -> None:
    events = _events(pipeline, CURRENT[2])
    attack = [e for e in events if e.trigger_text == "attack"]
    assert attack and not attack[0].background


def test_background_dates_are_never_lent(pipeline: Pipeline) -> None:
    text = (
        "Rebels captured the provincial capital in March 2016 after a long siege.\n\n"
        "Government troops shelled rebel positions near the city, residents said."
    )
    shelled = [e for e in _events(pipeline, text) if e.trigger_text.startswith("shell")]
    assert shelled and shelled[0].date_start == PUBLISHED


@pytest.mark.parametrize(
    "text",
    [
        "The camp has been shelled several times in recent weeks.",
        "The market has been attacked repeatedly since January.",
    ],
)
def test_a_perfect_told_many_times_is_background(pipeline: Pipeline, text: str) -> None:
    events = pipeline.extract(text).events
    assert events and all(e.background for e in events), [(e.trigger_text, e.background) for e in events]
