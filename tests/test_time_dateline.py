"""The document date read from an article's header (dateline, date line, "Published:" line)."""

from __future__ import annotations

import datetime as dt

import pytest

from newsgraph.nlp.pipeline import Pipeline
from newsgraph.nlp.time.dateline import header_date, header_month_day

BODY = (
    "Gunmen attacked a checkpoint outside the town on Tuesday, killing four policemen and wounding "
    "two others, a provincial official said, adding that the attackers fled into the nearby hills."
)

HEADERS = [
    ("Gunmen kill four police\n\nJune 3, 2021 / 8:10 AM / Updated 3 hours ago\n\n", dt.date(2021, 6, 3)),
    ("Gunmen kill four police\n\nAFP Thursday 3 Jun 2021\n\n", dt.date(2021, 6, 3)),
    ("Gunmen kill four police\n\nThu 03 Jun 2021\n\n", dt.date(2021, 6, 3)),
    ("Gunmen kill four police\n\n03-06-2021\n\n", dt.date(2021, 6, 3)),
    ("Gunmen kill four police\n\n11/20/2021\n\n", dt.date(2021, 11, 20)),
    ("Gunmen kill four police\n\nDate of publication 3 June 2021\n\n", dt.date(2021, 6, 3)),
    ("Gunmen kill four police\n\nPublished: 2021-06-03\n\n", dt.date(2021, 6, 3)),
    ("Gunmen kill four police\n\n03-Jun-2021\n\n", dt.date(2021, 6, 3)),
    ("Gunmen kill four police\n\nPosted 2021/06/03 10:22\n\n", dt.date(2021, 6, 3)),
    ("Gunmen kill four police\n\nUpdated 9:14 AM GMT+3, June 3, 2021\n\n", dt.date(2021, 6, 3)),
    ("Gunmen kill four police\n\nBy A. Writer, Kandahar | June 3, 2021\n\n", dt.date(2021, 6, 3)),
    ("Gunmen kill four police\n\nKANDAHAR, June 3, 2021 (AFP) - ", dt.date(2021, 6, 3)),
    ("Gunmen kill four police\n\nKANDAHAR, 3 June 2021 (AFP) - ", dt.date(2021, 6, 3)),
    ("Gunmen kill four police\n\nKandahar, June 03/2021 – ", dt.date(2021, 6, 3)),
    # a month and day written out decide between the two readings of a numeric date
    ("Gunmen kill four police\n\n06/03/2021 18:40\n\nKandahar, 3 Jun (EFE).- ", dt.date(2021, 6, 3)),
    ("Gunmen kill four police\n\n06/03/2021\n\n", dt.date(2021, 3, 6)),
]


@pytest.mark.parametrize(("header", "date"), HEADERS)
def test_header_formats(header: str, date: dt.date) -> None:
    found = header_date(header + BODY)
    assert found is not None and found.date == date
    assert (header + BODY)[found.start : found.end] == found.text


def test_date_in_the_story_is_not_the_document_date() -> None:
    text = "Gunmen kill four police\n\nKandahar - " + BODY.replace("on Tuesday", "on 3 June 2021")
    assert header_date(text) is None


def test_month_and_day_without_a_year_stay_unresolved() -> None:
    text = "Gunmen kill four police\n\nKANDAHAR, June 3 (Reuters) - " + BODY
    assert header_date(text) is None
    found = header_month_day(text, 2021)  # only with a year from a sure source
    assert found is not None and found.date == dt.date(2021, 6, 3)


def test_dateline_year_from_another_header_line() -> None:
    text = "Gunmen kill four police\n\nJune 3, 2021\n\nKANDAHAR, June 3 (Reuters) - " + BODY
    found = header_date(text)
    assert found is not None and found.date == dt.date(2021, 6, 3)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def test_pipeline_uses_the_dateline_and_anchors_weekdays(pipeline: Pipeline) -> None:
    # 3 June 2021 was a Thursday: "on Tuesday" is 1 June
    ex = pipeline.extract("Gunmen kill four police\n\nThu 03 Jun 2021\n\n" + BODY)
    assert ex.published == dt.date(2021, 6, 3) and ex.published_source == "dateline"
    assert any(e.date_start == dt.date(2021, 6, 1) for e in ex.events)


def test_metadata_wins_over_the_dateline(pipeline: Pipeline) -> None:
    ex = pipeline.extract("Gunmen kill four police\n\nThu 03 Jun 2021\n\n" + BODY, published="2021-06-10")
    assert ex.published == dt.date(2021, 6, 10) and ex.published_source == "cli"


@pytest.mark.parametrize(
    "text",
    [
        "The strike killed 1733 children, the ministry said.",
        "Under resolution 2118 the council demanded access.",
        "The old bridge (1881) was destroyed.",
        "A woman in her 60s was wounded.",
    ],
)
def test_numbers_that_are_not_years(pipeline: Pipeline, text: str) -> None:
    assert not pipeline.extract(text, published="2017-04-05").times


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The 2011 protests spread.", "2011"),
        ("Rebels took it in 2013.", "2013"),
        ("Flight 12 crashed in May 2015.", "2015-05"),
    ],
)
def test_years_the_grammar_marks(pipeline: Pipeline, text: str, value: str) -> None:
    assert [t.value for t in pipeline.extract(text, published="2017-04-05").times] == [value]


def test_a_full_sentence_at_the_top_is_story_not_header() -> None:
    assert (
        header_date("Gangs attacked Tabarre on Saturday 14 October 2023, killing seven.\n\n" + BODY) is None
    )


def test_undated_text_takes_the_year_of_its_own_full_date(pipeline: Pipeline) -> None:
    text = (
        "Gang violence spreads\n\n"
        "Gangs attacked a market in the capital on Saturday 14 October 2023, killing seven people.\n\n"
        "On Monday 16 October, gunmen shot dead two drivers. On Tuesday 18 October, a clinic burned."
    )
    ex = pipeline.extract(text)
    assert ex.published is None
    values = {t.text: t.value for t in ex.times}
    assert values["Monday 16 October"] == "2023-10-16"
    # 18 October 2023 was a Wednesday: a weekday that disagrees leaves the year open
    assert values["Tuesday 18 October"] == "XXXX-10-18"
