"""Time expressions: normalisation rules, recognition on the seeds, and the MEANTIME floors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.model import TIME_PRECISIONS, TimeMention
from newsgraph.nlp.pipeline import Pipeline
from newsgraph.nlp.time.normalise import extract_times, governing_times, normalise

OCT14_2015 = dt.date(2015, 10, 14)  # seed 004, a Wednesday
APR01_2017 = dt.date(2017, 4, 1)  # seed 000, a Saturday

SEED_CASES = [
    # text, published, value, precision, start, end, ambiguous
    ("Oct. 8", OCT14_2015, "2015-10-08", "day", "2015-10-08", "2015-10-08", False),
    ("January 18", OCT14_2015, "2015-01-18", "day", "2015-01-18", "2015-01-18", False),
    ("Monday", OCT14_2015, "2015-10-12", "day", "2015-10-12", "2015-10-12", False),
    ("Wednesday", OCT14_2015, "2015-10-14", "day", "2015-10-14", "2015-10-14", True),
    ("two weeks ago", OCT14_2015, "2015-W40", "week", "2015-09-28", "2015-10-04", False),
    ("late January", OCT14_2015, "2015-01", "month", "2015-01-21", "2015-01-31", False),
    ("April", OCT14_2015, "2015-04", "month", "2015-04-01", "2015-04-30", False),
    ("last month", APR01_2017, "2017-03", "month", "2017-03-01", "2017-03-31", False),
    ("Friday", APR01_2017, "2017-03-31", "day", "2017-03-31", "2017-03-31", False),
    ("Earlier this week", APR01_2017, "2017-W13", "week", "2017-03-27", "2017-03-31", False),
    ("since 2011", APR01_2017, "2011", "year", "2011-01-01", "2017-04-01", False),
    ("October 2015", APR01_2017, "2015-10", "month", "2015-10-01", "2015-10-31", False),
    ("November 2016", APR01_2017, "2016-11", "month", "2016-11-01", "2016-11-30", False),
]


@pytest.mark.parametrize(("text", "published", "value", "precision", "start", "end", "ambiguous"), SEED_CASES)
def test_seed_expressions(
    text: str, published: dt.date, value: str, precision: str, start: str, end: str, ambiguous: bool
) -> None:
    got = normalise(text, published=published)
    assert got is not None
    assert (got.value, got.precision, got.ambiguous, got.resolved) == (value, precision, ambiguous, True)
    assert got.start_date == dt.date.fromisoformat(start)
    assert got.end_date == dt.date.fromisoformat(end)


MORE_CASES = [
    ("December", dt.date(2016, 1, 10), "2015-12", "month"),
    ("mid-2016", APR01_2017, "2016", "year"),
    ("the 1980s", APR01_2017, "198X", "decade"),
    ("last summer", OCT14_2015, "2015-SU", "season"),
    ("the third quarter of 2009", OCT14_2015, "2009-Q3", "season"),
    ("yesterday", OCT14_2015, "2015-10-13", "day"),
    ("last week", OCT14_2015, "2015-W41", "week"),
    ("three days ago", OCT14_2015, "2015-10-11", "day"),
    ("two months ago", OCT14_2015, "2015-08", "month"),
    ("last year", OCT14_2015, "2014", "year"),
    ("Jan. 18, 2015", None, "2015-01-18", "day"),
    ("18 January 2015", None, "2015-01-18", "day"),
    ("six years", APR01_2017, "P6Y", "unknown"),
    ("in recent days", OCT14_2015, "PAST_REF", "week"),
]


@pytest.mark.parametrize(("text", "published", "value", "precision"), MORE_CASES)
def test_more_expressions(text: str, published: dt.date | None, value: str, precision: str) -> None:
    got = normalise(text, published=published)
    assert got is not None
    assert (got.value, got.precision) == (value, precision)
    assert got.precision in TIME_PRECISIONS


MON_25_JAN_2010 = dt.date(2010, 1, 25)

# Patterns added for MEANTIME's misses; values follow TimeML (frequencies and durations are periods,
# bare references are *_REF, a clock time with its day carries the day).
WIDER_CASES = [
    ("annual", OCT14_2015, "P1Y", "unknown"),
    ("weekly", OCT14_2015, "P1W", "unknown"),
    ("last September", OCT14_2015, "2015-09", "month"),
    ("last October", OCT14_2015, "2014-10", "month"),
    ("next May", OCT14_2015, "2016-05", "month"),
    ("the beginning of the year", OCT14_2015, "2015", "year"),
    ("Wedneday", OCT14_2015, "2015-10-14", "day"),
    ("Thrusday", OCT14_2015, "2015-10-08", "day"),
    ("early Monday", OCT14_2015, "2015-10-12", "day"),
    ("Tuesday night", OCT14_2015, "2015-10-13TNI", "day"),
    ("overnight", OCT14_2015, "2015-10-13TNI", "day"),
    ("thirty minutes", OCT14_2015, "PT30M", "unknown"),
    ("12-hour", OCT14_2015, "PT12H", "unknown"),
    ("six straight days", OCT14_2015, "P6D", "unknown"),
    ("two consecutive quarters", OCT14_2015, "P2Q", "unknown"),
    ("almost two and a half years", OCT14_2015, "P2.5Y", "unknown"),
    ("more than a week", OCT14_2015, "P1W", "unknown"),
    ("the past five trading days", OCT14_2015, "P5D", "day"),
    ("the fourth quarter", dt.date(2006, 8, 19), "2006-Q4", "season"),
    ("the fourth quarter", dt.date(2015, 3, 10), "2014-Q4", "season"),
    ("third-quarter", dt.date(2009, 11, 3), "2009-Q3", "season"),
    ("recent", OCT14_2015, "PAST_REF", "unknown"),
    ("the time being", OCT14_2015, "PRESENT_REF", "unknown"),
    ("the near term", OCT14_2015, "FUTURE_REF", "unknown"),
    ("since '82", dt.date(2008, 10, 27), "1982", "year"),
    ("7/8/07", OCT14_2015, "2007-07-08", "day"),
    ("12:00 UTC Monday", dt.date(2009, 6, 1), "2009-06-01T12:00Z", "day"),
    ("Tuesday at 3 p.m.", OCT14_2015, "2015-10-13T15:00", "day"),
    ("this weekend", MON_25_JAN_2010, "2010-W04-WE", "week"),
    ("the same period last year", dt.date(2010, 3, 3), "2009-02", "month"),
    ("the weekend", dt.date(2008, 10, 13), "2008-W41-WE", "week"),
    ("the last week of March", dt.date(2009, 4, 1), "2009-W13", "week"),
]


@pytest.mark.parametrize(("text", "published", "value", "precision"), WIDER_CASES)
def test_wider_expressions(text: str, published: dt.date, value: str, precision: str) -> None:
    got = normalise(text, published=published)
    assert got is not None
    assert (got.value, got.precision) == (value, precision)


@pytest.mark.parametrize("text", ["19th", "may", "35-year-old", "aged 35", "march", "the", "", "day"])
def test_not_times(text: str) -> None:
    assert normalise(text, published=OCT14_2015) is None


@pytest.mark.parametrize("text", ["a quarter", "Birthday", "Holiday", "Someday"])
def test_not_times_near_misses(text: str) -> None:
    assert normalise(text, published=OCT14_2015) is None


def test_chained_references_follow_the_previous_day() -> None:
    first = normalise("January 18", published=OCT14_2015)
    following = normalise("the following day", published=OCT14_2015, previous=first)
    assert following is not None and following.value == "2015-01-19"
    assert normalise("the following day", published=OCT14_2015, previous=None).resolved is False  # type: ignore[union-attr]


RELATIVE = ["Monday", "two weeks ago", "last month", "January 18", "April", "Earlier this week", "yesterday"]
RELATIVE += ["the day", "overnight", "last September", "Wedneday", "the beginning of the year"]


@pytest.mark.parametrize("text", RELATIVE)
def test_undated_documents_resolve_nothing_relative(text: str) -> None:
    got = normalise(text, published=None)
    assert got is not None
    assert got.resolved is False and got.start_date is None and got.end_date is None
    today = dt.date.today()
    assert str(today.year) not in got.value and today.isoformat() not in got.value


def test_since_without_publication_date_keeps_an_open_end() -> None:
    got = normalise("since 2011", published=None)
    assert got is not None and got.start_date == dt.date(2011, 1, 1) and got.end_date is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_normalise_never_crashes(text: str) -> None:
    for published in (None, OCT14_2015):
        got = normalise(text, published=published)
        assert got is None or got.precision in TIME_PRECISIONS


@settings(max_examples=100, deadline=None)
@given(
    st.from_regex(
        r"(last|this|next|the past|the following|early|late|since|in) ?[A-Za-z0-9 .'-]{0,20}", fullmatch=True
    )
)
def test_normalise_never_crashes_on_time_like_text(text: str) -> None:
    normalise(text, published=dt.date(2016, 2, 29))


def _mention(start: int, end: int, value: str, day: dt.date | None) -> TimeMention:
    return TimeMention(start, end, "x", value, day, day, "day" if day else "unknown")


def test_governing_times_prefers_inside_then_closest_before_in_paragraph() -> None:
    text = "On Jan 18 a strike. Then more. Six years on.\nNew paragraph here."
    early = _mention(3, 9, "2015-01-18", dt.date(2015, 1, 18))
    duration = _mention(31, 40, "P6Y", None)
    assert governing_times([early, duration], 0, 19, text=text) == [early]
    assert governing_times([early, duration], 20, 30, text=text) == [early]  # carried forward
    assert governing_times([early, duration], 45, 64, text=text) == []  # new paragraph
    assert governing_times([duration], 31, 44, text=text) == []  # durations date nothing


# --- on the real seed text ---------------------------------------------------------------------

SEED_EXPECT = {
    "004_1e71b6d07dadab67.txt": (
        OCT14_2015,
        {"Oct. 8": "2015-10-08", "January 18": "2015-01-18", "Monday": "2015-10-12", "Wednesday": "2015-10-14",
         "two weeks ago": "2015-W40", "late January": "2015-01", "April": "2015-04",
         "the following day": "2015-01-19"},
    ),
    "000_61624bcb3de22ada.txt": (
        APR01_2017,
        {"last month": "2017-03", "Friday": "2017-03-31", "Earlier this week": "2017-W13",
         "October 2015": "2015-10", "November 2016": "2016-11", "in 2011": "2011"},
    ),
}  # fmt: skip


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(SEED_EXPECT))
def test_seed_text_through_the_pipeline(name: str, seeds_dir: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    published, expected = SEED_EXPECT[name]
    doc = pipeline.nlp((seeds_dir / name).read_text(encoding="utf-8"))
    times = extract_times(doc, published=published)
    by_text: dict[str, set[str]] = {}
    for t in times:
        assert doc.text[t.start : t.end] == t.text
        by_text.setdefault(t.text, set()).add(t.value)
    for text, value in expected.items():
        assert by_text.get(text) == {value}, (text, by_text.get(text))
    if name.startswith("000"):
        since = next(t for t in times if t.text == "in 2011")
        assert since.end_date == published  # "since the popular uprisings in 2011": open interval
    undated = extract_times(doc, published=None)
    assert all(
        not t.resolved or t.value[:4].isdigit() or t.value.startswith("P") or "REF" in t.value
        for t in undated
    )
    assert not any(dt.date.today().isoformat() in t.value for t in undated)


THU_18_SEP_2008 = dt.date(2008, 9, 18)

IN_CONTEXT = [
    # sentence, published, {text: value}
    ("Output fell between April and June.", OCT14_2015, {"April": "2015-04", "June": "2015-06"}),
    ("It will receive jets from 2009 to 2011.", dt.date(2007, 6, 9), {"from 2009": "2009", "to 2011": "2011"}),
    ("The trial will begin on Friday in London.", THU_18_SEP_2008, {"Friday": "2008-09-19"}),
    ("Markets will remain closed until Friday.", THU_18_SEP_2008, {"Friday": "2008-09-19"}),
    ("The company said on Friday that it will close the plant.", THU_18_SEP_2008, {"Friday": "2008-09-12"}),
    ("The deal should be completed in October.", dt.date(2009, 6, 5), {"October": "2009-10"}),
    ("The deal was completed in October.", dt.date(2009, 6, 5), {"October": "2008-10"}),
    ("Shares fell 3% to end the day at 7,114.", OCT14_2015, {"the day": "2015-10-14"}),
    ("Losses grew in the recent downturn, the Daily Mail said.", OCT14_2015, {"recent": "PAST_REF"}),
    ("A list dated October 2015 names six killed up to that time.", APR01_2017,
     {"October 2015": "2015-10", "that time": "2015-10"}),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "published", "expected"), IN_CONTEXT)
def test_expressions_in_context(
    sentence: str, published: dt.date, expected: dict[str, str], pipeline
) -> None:  # type: ignore[no-untyped-def]
    times = extract_times(pipeline.nlp(sentence), published=published)
    assert {t.text: t.value for t in times} == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # day-first dates inside a longer phrase the model reads as a TIME ("the early hours")
        ("Police fired tear gas in the early hours of Saturday 30 November 2024 in the capital.",
         {"Saturday 30 November 2024": "2024-11-30"}),
        ("Crowds marched on Friday, 6 March 2015, and again on 8 March.",
         {"Friday, 6 March 2015": "2015-03-06", "8 March": "2015-03-08"}),
        ("The convoy left on Tuesday, August 5, 2014, at dawn.", {"Tuesday, August 5, 2014": "2014-08-05"}),
        ("Talks resumed on the 3rd of May 2019.", {"the 3rd of May 2019": "2019-05-03"}),
    ],
)  # fmt: skip
def test_written_dates_with_weekdays_in_undated_text(
    sentence: str, expected: dict[str, str], pipeline
) -> None:  # type: ignore[no-untyped-def]
    times = extract_times(pipeline.nlp(sentence), published=None)
    assert {t.text: t.value for t in times if t.value[:1].isdigit()} == expected


def test_hyphenated_now_is_not_a_time(pipeline) -> None:  # type: ignore[no-untyped-def]
    times = extract_times(pipeline.nlp("He spoke against the now-cancelled deal."), published=OCT14_2015)
    assert times == []


@pytest.mark.shared
def test_meantime_floors(shared_dir: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    from newsgraph.eval.time import evaluate

    floors = json.loads((Path(__file__).parent / "floors" / "time.json").read_text())
    ours, baseline = evaluate(shared_dir / "data" / "meantime-en", nlp=pipeline.nlp)
    assert ours.f1 >= floors["span_f1"]
    assert ours.recall >= floors["span_recall"] and ours.recall > baseline.recall
    assert ours.precision >= floors["span_precision"]
    assert ours.value_accuracy >= floors["value_accuracy"]
    assert ours.value_accuracy >= baseline.value_accuracy + floors["beats_baseline_value_accuracy_by"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The army withdrew in late June.", "2023-06"),  # past tense: last June, not the coming one
        ("Fighting has raged since April and intensified in late June.", "2023-06"),
        ("Rebels captured the town on June 3.", "2023-06-03"),
        ("The talks will resume in June.", "2024-06"),  # future: the coming June
        ("The vote was scheduled for June 3.", "2024-06-03"),  # a plan, however phrased
    ],
)
def test_a_coming_month_in_a_past_tense_sentence_is_last_years(
    pipeline: Pipeline, text: str, value: str
) -> None:
    times = pipeline.extract(text, published=dt.date(2024, 5, 10)).times
    assert [t.value for t in times if "June" in t.text] == [value], times


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Between March and May 2023, militants shelled the town.", "2023-03-01", "2023-05-31"),
        ("Rebels shelled the city from January 2023 until March.", "2023-01-01", "2023-03-31"),
        ("Soldiers attacked the village between Monday and Wednesday.", "2024-05-06", "2024-05-08"),
    ],
)
def test_an_event_dated_by_a_range_spans_it(pipeline: Pipeline, text: str, start: str, end: str) -> None:
    """The ends stay two time mentions, as TimeML marks them; the year one names is shared."""
    ex = pipeline.extract(text, published=dt.date(2024, 5, 10))
    assert len(ex.times) == 2 and ex.times[0].start_date is not None
    assert str(ex.times[0].start_date) == start, ex.times
    assert [(str(e.date_start), str(e.date_end)) for e in ex.events] == [(start, end)], ex.events


def test_a_list_of_days_is_no_interval(pipeline: Pipeline) -> None:
    times = pipeline.extract(
        "He was in Hama on Monday and in Aleppo on Tuesday.", published=dt.date(2024, 5, 10)
    ).times
    assert len(times) == 2
