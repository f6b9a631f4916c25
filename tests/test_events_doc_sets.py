"""Floors of the document-level event figures on the project's own sets under tests/fixtures/
(the real pipeline, no metadata, scored by newsgraph.eval.events_doc as on conflict-docs-dev).
The sets live in the project, so this runs without ../shared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.eval._events_doc_align import summarise
from newsgraph.eval.events_doc import run

HERE = Path(__file__).parent
FLOORS = json.loads((HERE / "floors" / "events_doc_sets.json").read_text(encoding="utf-8"))
SETS = [name for name in FLOORS if not name.startswith("_")]


@pytest.mark.parametrize("name", SETS)
def test_events_doc_set_floors(pipeline, name: str) -> None:
    floors = FLOORS[name]
    fig = summarise(run(HERE / "fixtures" / name, pipeline=pipeline))
    assert fig["gold_events"] == floors["gold_events"], "the set changed: re-measure its floors"
    for key, floor in floors.items():
        if key == "gold_events":
            continue
        if key.endswith("_ceiling"):
            assert fig[key.removesuffix("_ceiling")] <= floor, (key, fig)
        else:
            assert fig[key] >= floor, (key, fig)
