"""Event-level cross-outlet merging on tests/fixtures/merge3 (written blind to the merge code, now
open): the gold agrees with its articles, and the real pipeline's KB stays above the floors in
tests/floors/merge.json ("merge3"), with no false link at all."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from newsgraph.eval.merge import build_kb
from newsgraph.eval.merge_events import load_gold, score_kb
from newsgraph.query.handle import open_readonly

FIXTURES = Path(__file__).parent / "fixtures" / "merge3"
FLOORS = Path(__file__).parent / "floors" / "merge.json"


def test_gold_agrees_with_its_articles(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("check_gold_merge3", FIXTURES / "check_gold.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main() == 0, capsys.readouterr().out


def test_merge3_floors(tmp_path: Path) -> None:
    db = tmp_path / "merge3.db"
    build_kb(FIXTURES, db)
    with open_readonly(db) as kb:
        score = score_kb(kb, load_gold(FIXTURES))
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))["merge3"]
    assert (score.mentions, score.gold_pairs) == (36, 27), "merge3 changed: re-measure its floors"
    seen = score.examples
    assert score.mapped >= floors["mapped"], seen
    assert score.pair_recall >= floors["pair_recall"], seen
    assert score.false_links <= floors["false_links_ceiling"], seen
    assert score.fragmentation <= floors["fragmentation_ceiling"], seen
    for name in ("sub_type", "day", "place", "toll"):
        assert score.share(name) >= floors[name], (name, seen)
    assert score.background_shown <= floors["background_shown_ceiling"], seen
    assert score.background_joined <= floors["background_joined_ceiling"], seen
