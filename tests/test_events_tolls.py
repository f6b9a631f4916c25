"""An event's death toll: the best-supported figure, ACLED's way (invented sentences).

The lowest of conflicting figures, the lower bound of a range, N for "at least N"; a figure told
in words where no victim carries it ("shooting dead nine civilians"); 0 where the text says no one
died or the event is of a kind that kills no one (a rally, an arrest) and no death is told.
"""

from __future__ import annotations

import datetime as dt

import pytest

from newsgraph.model import Event
from newsgraph.nlp.events.mentions import says_no_one_died
from newsgraph.nlp.events.numbers import parse_number, stated_tolls
from newsgraph.nlp.pipeline import Pipeline

PUBLISHED = dt.date(2021, 6, 9)


@pytest.mark.parametrize(
    ("sentence", "tolls"),
    [
        ("Gunmen raided the hamlet, shooting dead nine farmers and burning granaries.", [9]),
        ("The clash left the road blocked, leaving four attackers dead and two guards hurt.", [4]),
        ("A crowd beat to death two men accused of theft.", [2]),
        ("The blast killed 17 people, including 5 children.", [17]),  # not 22
        ("The strike left 83 killed, 100 injured.", [83]),  # the injured are no toll
        ("Two of the dead were teenagers.", []),
        ("Medics put the death toll at between six and eight.", [6]),
        ("Between 11 and 15 villagers were killed on Saturday.", [11]),
        ("Three soldiers were martyred in the ambush.", [3]),
        ("The bombing wounded 25 people.", []),
    ],
)
def test_stated_tolls(sentence: str, tolls: list[int]) -> None:
    assert stated_tolls(sentence) == tolls


@pytest.mark.parametrize(
    ("text", "value"), [("11 15", 11), ("six ten", 6), ("twenty five", 25), ("one hundred and five", 105)]
)
def test_a_range_counts_its_lower_bound(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("sentence", "says"),
    [
        ("The shells fell on open ground, causing no casualties.", True),
        ("No one was hurt.", True),
        ("The march passed off peacefully.", True),
        ("Rebels entered the town without a fight.", True),
        ("No serious injuries were reported.", True),
        ("Two people were hurt.", False),
        ("No group has claimed the attack.", False),
    ],
)
def test_says_no_one_died(sentence: str, says: bool) -> None:
    assert says_no_one_died(sentence) is says


def _current(events: tuple[Event, ...]) -> list[Event]:
    return [e for e in events if not (e.background or e.negated or e.hypothetical or e.in_comments)]


def _one(pipeline: Pipeline, text: str) -> Event:
    events = _current(pipeline.extract(text, published=PUBLISHED).events)
    violent = [
        e for e in events if e.acled_event_type is not None and e.acled_event_type != "Strategic developments"
    ]
    assert len(violent) == 1, [(e.trigger_text, e.acled_sub_event_type, e.fatalities) for e in events]
    return violent[0]


def test_no_one_hurt_after_the_shelling_is_a_toll_of_zero(pipeline: Pipeline) -> None:
    event = _one(
        pipeline, "Artillery shelled the outskirts of Kafr Zita on Tuesday, residents said. No one was hurt."
    )
    assert event.fatalities == 0


def test_a_peaceful_rally_kills_no_one(pipeline: Pipeline) -> None:
    event = _one(
        pipeline,
        "About 2,000 people marched through central Kafr Zita on Tuesday against rising bread prices.",
    )
    assert event.fatalities == 0


def test_deaths_without_a_figure_stay_unknown(pipeline: Pipeline) -> None:
    event = _one(
        pipeline, "Police fired on a rally in central Kafr Zita on Tuesday, killing dozens of marchers."
    )
    assert event.fatalities is None


def test_the_range_of_the_dead_is_its_lower_bound(pipeline: Pipeline) -> None:
    event = _one(
        pipeline,
        "Between 11 and 15 villagers were killed on Tuesday when gunmen attacked a hamlet near Kafr Zita.",
    )
    assert event.fatalities == 11


def test_a_figure_told_in_words_is_the_toll(pipeline: Pipeline) -> None:
    event = _one(
        pipeline,
        "On Tuesday, gunmen on motorcycles attacked farming hamlets near Kafr Zita, shooting dead nine "
        "villagers and burning granaries, a local official said.",
    )
    assert event.fatalities == 9


def test_a_lower_figure_from_another_source_is_the_toll(pipeline: Pipeline) -> None:
    event = _one(
        pipeline,
        "Gunmen killed at least 17 villagers near Kafr Zita on Tuesday, residents said.\n\n"
        "Local officials put the toll at 11 and said troops were pursuing the attackers.",
    )
    assert event.fatalities == 11  # ACLED: the lowest of conflicting figures


def test_the_dead_among_the_dead_are_not_added(pipeline: Pipeline) -> None:
    event = _one(
        pipeline,
        "Militiamen attacked a camp near Kafr Zita on Sunday, killing eight people, among them three children.",
    )
    assert event.fatalities == 8


def test_the_wounded_alone_mean_no_one_died(pipeline: Pipeline) -> None:
    event = _one(
        pipeline,
        "A man threw a grenade into a tea shop in Kafr Zita on Tuesday night, wounding four customers.",
    )
    assert event.fatalities == 0
    assert event.injured == 4
