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
from newsgraph.nlp.events.numbers import parse_number, stated_tolls, toll_updates
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
        ("Shelling claimed the lives of at least 12 displaced people.", [12]),
        ("A mob beat to death a young man accused of stealing a phone.", [1]),  # one, where unparsed
        ("The sniper fire killed a 15-year-old girl.", [1]),
        ("The raids killed an estimated 50 people.", [50]),
        ("The blast killed a number of people.", []),  # no figure
        ("The strike killed a family.", []),  # a body of people: how many is not said
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
        ("None of the fighters died, but six were still being treated.", True),
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


# --- the tolls branch: the death toll an analyst would code (sentences written for these tests) ---


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        # a killing told as "claimed the lives of", not a speech "claim"
        ("An air strike on the market claimed the lives of nine civilians in Saraqeb on Monday.", 9),
        # a body of people counts its members; by itself it counts no one
        ("Government shelling killed a family of six in Douma on Tuesday.", 6),
        ("Troops killed a group of 20 fighters near Hama on Monday.", 20),
        ("Seven of one family killed as air strike flattens home in Ariha", 7),
        # one person told before or known: "the soldier", "his father"
        ("The soldier was killed on Monday when a roadside bomb exploded near Tame.", 1),
        ("A sniper killed a 15-year-old boy and his 40-year-old father in Deraa on Monday.", 2),
        # the dead of all sides are added; the dead among the dead are not
        ("Clashes between rebels and troops near Hama on Monday killed 14 rebels and 9 soldiers.", 23),
        (
            "Two rebels were killed and three wounded in clashes near Hama on Monday, while government "
            "forces lost five soldiers.",
            7,
        ),
        ("An air strike killed at least 15 people, including seven children, in Kafranbel on Monday.", 15),
        ("Shelling killed 12 people in Ariha on Monday. Five children were among the dead.", 12),
        # ages, street numbers, unit names and money are no victims
        ("A man aged 70 was shot dead by gunmen in Homs on Monday.", 1),
        ("The 4th Division shelled the town of Jisr al-Shughour on Monday, killing two civilians.", 2),
        ("A mortar shell landed on 25 Baghdad Street in Aleppo on Monday, killing a woman.", 1),
        ("Gunmen killed three guards and stole $50,000 from a bank in Homs on Monday.", 3),
        # a toll that rose: ACLED takes the event's latest figure, not the lowest
        (
            "An air strike hit a house in Ariha on Monday, killing four people. "
            "The death toll rose to 20 on Tuesday, the Observatory said.",
            20,
        ),
        (
            "A car bomb exploded in Azaz on Friday, killing 15 people. "
            "Rescuers pulled more bodies from the rubble, raising the toll to 23.",
            23,
        ),
        # a running total or a war's toll is no update of the event's
        (
            "Gunmen killed three soldiers in Homs on Monday. The death toll in the war has risen to 900.",
            3,
        ),
        (
            "Shelling killed six people in Douma on Monday. "
            "The overall toll of the offensive so far has climbed to 300.",
            6,
        ),
        # the wounded alone, sexual violence: 0 dead (ACLED codes none where none is told)
        (
            "In Quetta, five people, including a child, were injured on Sunday night when unidentified "
            "men hurled a hand grenade at a mobile phone shop, police said.",
            0,
        ),
        ("Near Kutum, two women were raped by armed men at a roadblock on Friday, a rights group said.", 0),
    ],
)
def test_the_toll_an_analyst_would_code(pipeline: Pipeline, text: str, fatalities: int) -> None:
    assert _one(pipeline, text).fatalities == fatalities


def test_claimed_the_lives_is_no_claim(pipeline: Pipeline) -> None:
    event = _one(
        pipeline, "Shelling of the camp claimed the lives of at least 12 displaced people on Monday."
    )
    assert (event.fatalities, event.status) == (12, "reported")


def test_the_wounded_figure_is_the_one_before_the_word(pipeline: Pipeline) -> None:
    event = _one(pipeline, "Air strike on Idlib market: 83 killed, 100 injured")
    assert (event.fatalities, event.injured) == (83, 100)


def test_the_killing_that_set_off_the_story_lends_no_toll(pipeline: Pipeline) -> None:
    # "the death of a young woman" is history told as the cause: its one dead is no toll here
    event = _one(
        pipeline,
        "Security forces opened fire on protesters in Sanandaj on Sunday, wounding dozens, as "
        "demonstrations sparked by the death of a young woman entered a fourth week.",
    )
    assert not event.fatalities


@pytest.mark.parametrize(
    "text",
    [
        "The Observatory said 120 people had been killed in the province in the past week.",
        "More than 300 civilians have been killed since the start of the offensive.",
        "So far this year, 900 people have been killed in air strikes in Idlib.",
        "The attack, which killed 40 people in 2016, was claimed by Islamic State.",
    ],
)
def test_statistics_and_history_give_no_event_toll(pipeline: Pipeline, text: str) -> None:
    events = _current(pipeline.extract(text, published=PUBLISHED).events)
    assert not [e.fatalities for e in events if e.fatalities]


@pytest.mark.parametrize(
    ("text", "updates"),
    [
        ("The death toll rose to 20 on Tuesday.", [20]),
        ("Rescuers pulled more bodies from the rubble, raising the toll to 23.", [23]),
        ("The number of dead has climbed to 31, medics said.", [31]),
        ("The deaths bring the number of civilians killed since January to 392.", []),
        ("The toll in the war has risen to 900.", []),
        ("Medics put the toll at 11.", []),  # a source's figure, not a newer one
    ],
)
def test_toll_updates(text: str, updates: list[int]) -> None:
    assert [value for _, value in toll_updates(text)] == updates


@pytest.mark.parametrize(
    "text",
    [
        "Published: 2025-07-09\n\nNine killed in al-Shabaab beach bombing\n\nA hospital director spoke.",
        "Seven killed in Tuesday's strike on Zaporizhzhia, Ukraine says\n\nRescuers cleared the rubble.",
    ],
)
def test_a_headline_number_tagged_as_a_name_is_a_number(pipeline: Pipeline, text: str) -> None:
    # after a date line the model tags "Nine" NNP: it counted as one named person (toll 1)
    event = next(e for e in pipeline.extract(text).events if e.trigger_text == "killed")
    assert event.fatalities == (9 if text.startswith("Published") else 7)
