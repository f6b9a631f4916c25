"""Narrative time: undated follow-ups and headlines take the date of the story they continue."""

from __future__ import annotations

import datetime as dt

import pytest

from newsgraph.nlp.pipeline import Pipeline

STORY = (
    "Gunmen kill six at village market in Zamfara\n\n"
    "GUSAU, Nigeria (Reuters) - Gunmen on motorbikes killed six traders at a village market in "
    "Nigeria's Zamfara state on Tuesday, police said.\n\n"
    "In a nearby hamlet, the attackers also shot dead two farmers, residents said.\n\n"
    "Soldiers clashed with the gunmen on Thursday near the border with Niger, the army said."
)
PUBLISHED = dt.date(2022, 3, 11)  # a Friday: Tuesday is 8 March, Thursday 10 March


@pytest.fixture(scope="module")
def events(pipeline: Pipeline) -> list:
    return list(pipeline.extract(STORY, published=PUBLISHED).events)


def _dates(events: list, word: str) -> set[dt.date | None]:
    return {e.date_start for e in events if e.trigger_text.lower().startswith(word)}


def test_headline_takes_the_lead_date(events: list) -> None:
    # the headline is a report of the lead's event (merged by within-document coreference: it is
    # in the event's evidence), so the event it names is dated by the lead
    end = STORY.index("\n")
    headline = [e for e in events if any(s.end <= end for s in (e.sentence, *e.evidence))]
    assert headline and all(e.date_start == dt.date(2022, 3, 8) for e in headline)


def test_follow_up_takes_the_current_narrative_date(events: list) -> None:
    assert _dates(events, "shot") == {dt.date(2022, 3, 8)}


def test_own_date_wins(events: list) -> None:
    assert _dates(events, "clash") == {dt.date(2022, 3, 10)}


def test_no_lender_keeps_the_publication_date(pipeline: Pipeline) -> None:
    ex = pipeline.extract("Gunmen shot dead two farmers in a hamlet, residents said.", published=PUBLISHED)
    assert ex.events and all(e.date_start == PUBLISHED for e in ex.events)


def test_a_time_in_a_participants_relative_clause_dates_nothing_else(pipeline: Pipeline) -> None:
    # "since 2016" dates the holding of the city (the subject's relative clause), not the attack
    text = (
        "Sunday, 3 June 2018\n\nThe Kurdish-led group, which has controlled the city since 2016, "
        "repelled an attack on Manbij on Saturday."
    )
    attack = next(e for e in pipeline.extract(text).events if e.trigger_text == "attack")
    assert attack.date_start == dt.date(2018, 6, 2)
    assert not attack.background


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # a year that names the thing hit dates nothing; the event's own day does
        ("Rebels shelled the 1986 housing project in Aleppo on Monday.", dt.date(2016, 10, 24)),
        # a subject's own day ("Monday's strike") still dates the event it names
        ("Monday's strike killed five, police said on Tuesday.", dt.date(2016, 10, 24)),
    ],
)
def test_a_year_naming_an_object_dates_nothing(pipeline: Pipeline, text: str, day: dt.date) -> None:
    event = pipeline.extract(text, published=dt.date(2016, 10, 27)).events[0]
    assert event.date_start == day and not event.background
