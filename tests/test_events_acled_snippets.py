"""Macro-F1 of ACLED sub-event types on short snippets of our own.

``tests/fixtures/acled_snippets.tsv`` holds two invented wire-style sentences per sub-type (all 25),
written with the cues in mind; ``acled_snippets_blind.tsv`` six per sub-type (150), written before
reading the cues, with varied wordings, passives, nominals and the decisive cue sometimes in a
second sentence; ``acled_snippets_war.tsv`` ten per weak class (territory, Agreement, Other,
protests and riots) plus four violent distractors, from Syria, Iraq, Yemen, Libya, Sudan, the Sahel,
Myanmar and Ukraine, written before reading the cues. Each runs through the real pipeline; the sub-type of its first current event (not
background, negated or hypothetical) is the prediction. The floors in
``tests/floors/acled_snippets.json`` (``macro_f1``, ``blind_macro_f1``, ``war_macro_f1``) keep every class's cues
honest: a change that breaks a class's words drops macro-F1 by ~0.04 (own) or ~0.01-0.04 (blind).
Per-class figures and confusions: ``python tools/acled_snippets_eval.py --file ... --wrong``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.eval.snippets import macro_f1, predict, read_snippets
from newsgraph.nlp.events.lexicon import ACLED_SUB_EVENT_TYPES
from newsgraph.nlp.pipeline import Pipeline

HERE = Path(__file__).resolve().parent
SNIPPETS = HERE / "fixtures" / "acled_snippets.tsv"
BLIND = HERE / "fixtures" / "acled_snippets_blind.tsv"
WAR = HERE / "fixtures" / "acled_snippets_war.tsv"
FLOORS = HERE / "floors" / "acled_snippets.json"
#: fixture -> its floor's key in FLOORS
FIXTURES = {SNIPPETS: "macro_f1", BLIND: "blind_macro_f1", WAR: "war_macro_f1"}
#: the war file's classes: the weak ones (territory, Agreement, Other, protests and riots) and four distractors
WAR_CLASSES = {
    "Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory",
    "Headquarters or base established", "Agreement", "Other", "Peaceful protest", "Protest with intervention",
    "Excessive force against protesters", "Violent demonstration", "Mob violence", "Armed clash",
    "Shelling/artillery/missile attack", "Air/drone strike", "Attack",
}  # fmt: skip


def test_macro_f1_helper() -> None:
    assert macro_f1([("A", "A"), ("B", "B")]) == 1.0
    assert macro_f1([("A", "B"), ("B", "B")]) == (0.0 + 2 / 3) / 2


@pytest.mark.parametrize(("path", "per_class"), [(SNIPPETS, 2), (BLIND, 6)], ids=["own", "blind"])
def test_fixture_covers_every_sub_type(path: Path, per_class: int) -> None:
    names = {s for subs in ACLED_SUB_EVENT_TYPES.values() for s in subs}
    gold = [g for _, g in read_snippets(path)]
    assert set(gold) == names
    assert all(gold.count(n) >= per_class for n in names)


def test_war_fixture_covers_its_classes() -> None:
    gold = [g for _, g in read_snippets(WAR)]
    assert set(gold) == WAR_CLASSES
    assert all(gold.count(n) >= 10 for n in WAR_CLASSES)


@pytest.mark.parametrize("path", list(FIXTURES), ids=["own", "blind", "war"])
def test_snippet_macro_f1_floor(pipeline: Pipeline, path: Path) -> None:
    pairs: list[tuple[str, str | None]] = []
    wrong = []
    for text, gold in read_snippets(path):
        predicted = predict(pipeline, text)
        pairs.append((gold, predicted))
        if predicted != gold:
            wrong.append((gold, predicted, text))
    floor = json.loads(FLOORS.read_text(encoding="utf-8"))[FIXTURES[path]]
    assert macro_f1(pairs) >= floor, wrong
