"""Tolls vs statistics: cumulative, war-wide and period tolls are claims, never an event's toll.

Invented sentences. A figure that sums many events ("since 2011", "the war has killed", "this
week" in the perfect, "last month") is a Claim with its attribution; the killing it is told with is
kept as background with no fatalities of its own. A recalled incident keeps its toll.
"""

from __future__ import annotations

import datetime as dt

import pytest

from newsgraph.nlp.pipeline import Pipeline

PUBLISHED = dt.date(2021, 6, 9)


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("More than 400,000 people have been killed since 2011, according to a monitoring group.", "400,000"),
        ("The conflict has killed more than 370,000 people.", "370,000"),
        ("Thirteen soldiers have been killed in the past week, the ministry said.", "Thirteen"),
        (
            "At least 230 civilians were killed in air strikes on the province last month, the monitor said.",
            "230",
        ),
    ],
)
def test_a_statistic_is_a_claim_not_an_event_toll(pipeline: Pipeline, sentence: str, value: str) -> None:
    ex = pipeline.extract(sentence, published=PUBLISHED)
    assert any(value in c.value for c in ex.claims), ex.claims
    current = [e for e in ex.events if not (e.background or e.negated or e.hypothetical)]
    assert not [e for e in current if e.fatalities], current
    assert all(e.fatalities is None for e in ex.events if e.background)


def test_the_attribution_of_a_statistic_is_kept(pipeline: Pipeline) -> None:
    ex = pipeline.extract(
        "Thirteen soldiers have been killed in the past week, the ministry said.", published=PUBLISHED
    )
    assert any(c.attributed_to and "ministry" in c.attributed_to for c in ex.claims), ex.claims


@pytest.mark.parametrize(
    ("sentence", "toll"),
    [
        ("Gunmen killed 13 villagers near the town last week, residents said.", 13),
        ("An air strike killed 12 people in the town on Tuesday.", 12),
    ],
)
def test_one_incident_keeps_its_toll(pipeline: Pipeline, sentence: str, toll: int) -> None:
    ex = pipeline.extract(sentence, published=PUBLISHED)
    assert [e.fatalities for e in ex.events if not e.background] == [toll]
    assert not ex.claims


def test_a_recalled_incident_keeps_its_toll_as_background(pipeline: Pipeline) -> None:
    text = "Talks collapsed after a car bomb attack on a police academy in January 2019 killed 22 people."
    ex = pipeline.extract(text, published=PUBLISHED)
    assert [e.fatalities for e in ex.events if e.background and e.type == "ASSAULT"] == [22]


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        (
            "The city has come under heavy attack since rebels launched an offensive in the region.",
            "offensive",
        ),
        (
            "The town has been shelled every night since Monday, when the army opened its assault on it.",
            "assault",
        ),
    ],
)
def test_an_event_that_starts_a_stretch_is_background(
    pipeline: Pipeline, sentence: str, trigger: str
) -> None:
    events = pipeline.extract(sentence, published=PUBLISHED).events
    assert [e.background for e in events if e.trigger_text == trigger] == [True], events


def test_the_deadliest_attack_since_is_current(pipeline: Pipeline) -> None:
    events = pipeline.extract(
        "An air strike killed six people in the town on Tuesday, the deadliest attack since 2019.",
        published=PUBLISHED,
    ).events
    assert [e.fatalities for e in events if not e.background] == [6]
