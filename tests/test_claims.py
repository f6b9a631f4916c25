"""Claims: troop strengths and casualty totals, with attribution and the comments flag."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.nlp.claims import extract_claims
from newsgraph.nlp.pipeline import Pipeline


def claims_of(pipeline, text, *, in_comments=False):
    return extract_claims(pipeline.nlp(text), mentions=[], times=[], published=None, in_comments=in_comments)


@pytest.mark.parametrize(
    ("text", "subject", "value"),
    [
        (
            "The official said the Revolutionary Guards, numbering around 1,500, began arriving.",
            "Guards",
            "1,500",
        ),
        ("There were as many as 10,000 IRGC forces in the country.", "IRGC forces", "10,000"),
        ("The group has some 7,000 fighters in the north.", "fighters", "7,000"),
        ("The report lists six generals killed since 2013.", "generals", "six"),
    ],
)
def test_figures(pipeline, text: str, subject: str, value: str) -> None:
    found = claims_of(pipeline, text)
    assert any(subject in c.subject and value in c.value for c in found), found


def test_event_participants_are_not_claims(pipeline) -> None:
    assert claims_of(pipeline, "An air strike killed six fighters near the town.") == []


def test_attribution_and_comment_flag(pipeline) -> None:
    text = "According to the Daily Caller, there were as many as 6,000 regular army forces."
    (claim,) = claims_of(pipeline, text, in_comments=True)
    assert claim.attributed_to == "the Daily Caller"
    assert claim.in_comments


@pytest.mark.shared
def test_seed_troop_strength(pipeline, seeds_dir: Path) -> None:
    text = (seeds_dir / "004_1e71b6d07dadab67.txt").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "numbering around" in line)
    found = claims_of(pipeline, line)
    assert any("1,500" in c.value and c.attributed_to == "The official" for c in found), found


@pytest.mark.parametrize(
    ("text", "subject", "value", "source"),
    [
        ("The UN says more than 150,000 people have been killed in the war since April 2023.",
         "people killed", "more than 150,000", "The UN"),
        ("The Health Ministry in Gaza said the death toll had risen to 35,000.", "death toll", "35,000",
         "The Health Ministry in Gaza"),
    ],
)  # fmt: skip
def test_casualty_totals_are_claims(
    pipeline: Pipeline, text: str, subject: str, value: str, source: str
) -> None:
    claims = pipeline.extract(text).claims
    assert [(c.subject, c.value, c.attributed_to) for c in claims] == [(subject, value, source)], claims


def test_one_strikes_dead_are_no_total(pipeline: Pipeline) -> None:
    ex = pipeline.extract("Twelve people were killed in the strike on Monday, medics said.")
    assert not ex.claims and ex.events[0].fatalities == 12


def test_displacement_in_the_present_perfect_is_a_running_total(pipeline) -> None:  # type: ignore[no-untyped-def]
    """ "have been displaced" counts the whole war; "fled the village on Monday" is one event."""
    ex = pipeline.extract("The UN says more than 10 million people have been displaced by the war in Sudan.")
    claim = next(c for c in ex.claims if "displaced" in c.subject)
    assert claim.value == "more than 10 million" and claim.attributed_to == "The UN", claim
    assert not pipeline.extract("Some 500 people fled the village on Monday.").claims
