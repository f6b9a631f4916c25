"""The document-level event scorer (`newsgraph eval events-doc`).

(a) Unit tests of alignment and figures on hand-made gold and Event records: they test the
scorer's arithmetic, not the pipeline. (b) A floor test that runs the real pipeline on the whole
conflict-docs-dev set and checks the figures against tests/floors/events_doc.json."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from newsgraph.eval._events_doc_align import (
    actor_right,
    align,
    evidence_spans,
    gold_actor_kind,
    score_article,
    summarise,
)
from newsgraph.model import Event, Participant, PlaceMention, TextSpan

FLOORS = Path(__file__).parent / "floors" / "events_doc.json"

TEXT = (
    "Air strikes killed six people in Saraqeb on Monday. "  # sentence 0: 0..52
    "The strikes hit a market in Saraqeb. "  # sentence 1
    "Gunmen killed two farmers in Kafr Nabl. "  # sentence 2
    "The war began in 2011."  # sentence 3: background
)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for part in text.split(". "):
        end = start + len(part) + (1 if start + len(part) < len(text) else 0)
        spans.append((start, end))
        start = end + 1
    return spans


SENTS = _sentences(TEXT)


def _event(sentence: int, word: str, **kw: Any) -> Event:
    s, e = SENTS[sentence]
    at = TEXT.index(word, s)
    return Event(
        type="ASSAULT",
        mode=None,
        trigger=TextSpan(at, at + len(word)),
        trigger_text=word,
        sentence=TextSpan(s, e),
        **kw,
    )


GOLD: dict[str, Any] = {
    "events": [
        {
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Air/drone strike",
            "date": "2019-05-13",
            "location": {"name": "Saraqeb", "town": "Saraqeb", "lat": 35.8645, "lon": 36.8059},
            "actor1": "Military Forces of Syria (2000-)",
            "fatalities": 6,
            "evidence": ["Air strikes killed six people in Saraqeb", "hit a market in Saraqeb"],
        },
        {
            "event_type": "Violence against civilians",
            "sub_event_type": "Attack",
            "date": None,
            "location": {"name": "Kafr Nabl", "town": "Kafr Nabl", "lat": 35.61, "lon": 36.56},
            "actor1": "Unidentified Armed Group (Syria)",
            "fatalities": None,
            "evidence": ["Gunmen killed two farmers in Kafr Nabl"],
        },
    ],
    "background": [{"what": "war", "evidence": ["The war began in 2011"]}],
}


def _no_kinds(key: str | None) -> tuple[str | None, str | None]:
    return (None, None)


def test_evidence_spans_are_offsets_into_the_text() -> None:
    (span,) = evidence_spans(TEXT, ["hit a market"])
    assert TEXT[span[0] : span[1]] == "hit a market"
    assert evidence_spans(TEXT, ["not in the text"]) == []


def test_alignment_is_one_to_one_first_mention_first() -> None:
    spans = [evidence_spans(TEXT, g["evidence"]) for g in GOLD["events"]]
    events = [_event(1, "hit"), _event(0, "killed"), _event(2, "killed")]
    # "killed" in sentence 0 comes first in the document, so it takes gold 0; "hit" is then a duplicate.
    assert align(events, spans) == {1: 0, 2: 1}


def test_flagged_and_comment_events_take_no_part() -> None:
    spans = [evidence_spans(TEXT, g["evidence"]) for g in GOLD["events"]]
    events = [_event(0, "killed", hypothetical=True), _event(0, "Air", in_comments=True), _event(1, "hit")]
    assert align(events, spans) == {2: 0}


def test_figures_for_one_article() -> None:
    sy = Participant("Syrian army", 0, 0, actor_key="dict:sy-army")
    events = [
        _event(
            0,
            "killed",
            acled_event_type="Explosions/Remote violence",
            acled_sub_event_type="Air/drone strike",
            date_start=dt.date(2019, 5, 13),
            place=PlaceMention(0, 0, "Saraqeb", name="Saraqeb"),
            fatalities=6,
            actors=(sy,),
        ),
        _event(1, "hit"),  # duplicate of gold 0
        _event(2, "killed", acled_sub_event_type="Armed clash", fatalities=2),  # gold 1, wrong slots
        _event(3, "war"),  # false event in a background sentence
        _event(3, "began", negated=True),  # flagged: out of the denominator
    ]

    def kinds(key: str | None) -> tuple[str | None, str | None]:
        return ("military", "MIL") if key == "dict:sy-army" else (None, None)

    score = score_article("x.txt", "a", TEXT, GOLD, events, kinds)
    assert (score.gold, score.system, score.flagged, score.matched) == (2, 4, 1, 2)
    assert (score.duplicates, score.false_background) == (1, 1)
    fig = summarise([score])
    assert fig["precision"] == pytest.approx(0.5)
    assert fig["recall"] == pytest.approx(1.0)
    assert fig["duplicates_per_matched"] == pytest.approx(0.5)
    assert fig["sub_type"] == pytest.approx(0.5)
    assert (fig["day"], fig["day_n"]) == (1.0, 1)  # gold 1 has no date: not scored
    assert (fig["toll"], fig["toll_n"]) == (1.0, 1)  # 6 == 6; gold 1's null toll is scored apart
    assert (fig["no_toll"], fig["no_toll_n"]) == (0.0, 1)  # we said 2 where the article gives none
    assert fig["place"] == pytest.approx(0.5)
    assert fig["actor1"] == pytest.approx(1.0)  # a military entry is a state force; no actor = unidentified
    assert score.confusion == {"Air/drone strike -> Air/drone strike": 1, "Attack -> Armed clash": 1}


def test_place_within_25_km_counts() -> None:
    near = PlaceMention(0, 0, "market", name="Some Market", lat=35.90, lon=36.80)
    far = PlaceMention(0, 0, "Idlib", name="Idlib", lat=35.93, lon=36.63 - 0.5)
    for place, right in ((near, 1), (far, 0)):
        gold = {"events": GOLD["events"][:1]}
        score = score_article("x", "a", TEXT, gold, [_event(0, "Air", place=place)], _no_kinds)
        assert score.slots["place"] == (right, 1)


def test_actor_kinds() -> None:
    assert gold_actor_kind("Military Forces of Syria (2000-)") == "state force"
    assert gold_actor_kind("Protesters (Kenya)") == "protesters"
    assert gold_actor_kind("Islamic State") == "rebel"
    gunmen = _event(2, "killed", actors=(Participant("Gunmen", 0, 6),))
    assert actor_right(gunmen, "Unidentified Armed Group (Syria)", _no_kinds)
    assert not actor_right(gunmen, "Military Forces of Syria (2000-)", _no_kinds)
    assert actor_right(_event(2, "killed"), "Unidentified Armed Group (Syria)", _no_kinds)
    named = _event(0, "Air", actors=(Participant("the Islamic State", 0, 0),))
    assert actor_right(named, "Islamic State", _no_kinds)


@pytest.mark.shared
def test_events_doc_floors(pipeline, shared_dir: Path) -> None:
    from newsgraph.eval.events_doc import run

    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    fig = summarise(run(shared_dir / "data" / "conflict-docs-dev", pipeline=pipeline))
    assert fig["gold_events"] == 209, "the dev set changed: re-measure the floors"
    assert fig["precision"] >= floors["precision"]
    assert fig["recall"] >= floors["recall"]
    assert fig["sub_type"] >= floors["sub_type"]
    assert fig["day"] >= floors["day"]
    assert fig["toll"] >= floors["toll"]
    assert fig["no_toll"] >= floors["no_toll"]
    assert fig["actor1"] >= floors["actor1"]
    assert fig["place"] >= floors["place"]
    assert fig["duplicates_per_matched"] <= floors["duplicates_per_matched_ceiling"]


def test_statements_are_counted_not_scored() -> None:
    from dataclasses import replace

    said = replace(_event(3, "began", statement=True), type="ACCUSE")
    score = score_article("x", "a", TEXT, GOLD, [_event(0, "killed")], _no_kinds, statements=[said])
    assert (score.system, score.matched, score.statements) == (1, 1, 1)
    assert summarise([score])["statements"] == 1
    assert summarise([score])["precision"] == 1.0
