"""The event-level multi-outlet merge sets under tests/fixtures/ (merge2, merge3, merge4): each set's
gold agrees with its articles (tests/fixtures/check_merge_gold.py), and the real pipeline's KB stays
above its floors in tests/floors/merge.json. merge4 was written blind to the merge code and is
measured only (no floors yet: its figures are for the planner, not for tuning)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from newsgraph.eval.merge import build_kb
from newsgraph.eval.merge_events import load_gold, score_kb
from newsgraph.query.handle import open_readonly

HERE = Path(__file__).parent
FLOORS = json.loads((HERE / "floors" / "merge.json").read_text(encoding="utf-8"))
#: set -> (mentions, gold mention pairs) its floors were measured on
SIZES = {"merge2": (52, 44), "merge3": (36, 27)}


def _checker():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "check_merge_gold", HERE / "fixtures" / "check_merge_gold.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["merge2", "merge3", "merge4"])
def test_gold_agrees_with_its_articles(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _checker().main(HERE / "fixtures" / name) == 0, capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(SIZES))
def test_merge_set_floors(name: str, tmp_path: Path) -> None:
    folder = HERE / "fixtures" / name
    db = tmp_path / f"{name}.db"
    build_kb(folder, db)
    with open_readonly(db) as kb:
        score = score_kb(kb, load_gold(folder))
    floors = FLOORS[name]
    assert (score.mentions, score.gold_pairs) == SIZES[name], f"{name} changed: re-measure its floors"
    seen = score.examples
    assert score.mapped >= floors["mapped"], seen
    assert score.pair_recall >= floors["pair_recall"], seen
    if "false_link_rate_ceiling" in floors:
        assert score.false_link_rate <= floors["false_link_rate_ceiling"], seen
    if "false_links_ceiling" in floors:
        assert score.false_links <= floors["false_links_ceiling"], seen
    assert score.fragmentation <= floors["fragmentation_ceiling"], seen
    for attribute in ("sub_type", "day", "place", "toll"):
        assert score.share(attribute) >= floors[attribute], (attribute, seen)
    assert score.background_shown <= floors["background_shown_ceiling"], seen
    assert score.background_joined <= floors["background_joined_ceiling"], seen
