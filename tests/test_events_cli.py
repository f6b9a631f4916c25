"""The events / whereabouts / casualties / claims commands: JSON field names, filters, merge/split."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app, remember_pipeline
from newsgraph.kb.store import open_kb

EVENT_FIELDS = {
    "id", "type", "mode", "acled_event_type", "acled_sub_event_type", "actors", "targets", "place",
    "date_start", "date_end", "time_precision", "fatalities", "status", "attributed_to", "in_comments", "sources",
}  # fmt: skip
# "role": whether the actor was there as the actor or as the one met (added with the API parity).
WHEREABOUTS_FIELDS = {
    "place",
    "date_start",
    "date_end",
    "time_precision",
    "status",
    "event",
    "sources",
    "role",
}
CASUALTY_FIELDS = {
    "victims",
    "fatalities",
    "place",
    "date_start",
    "date_end",
    "status",
    "attributed_to",
    "sources",
}

TEXTS = (
    "Ahmad Khalil was spotted in Aleppo on Monday, local sources said. Russian jets killed four Hayat "
    "Tahrir al-Sham fighters in an air strike near Idlib on Tuesday, the Syrian Observatory said.",
    "Four Hayat Tahrir al-Sham fighters were reportedly killed in a Russian air strike near Idlib on "
    "Tuesday, activists claimed. Ahmad Khalil visited Damascus on Wednesday.",
)


@pytest.fixture(scope="module")
def db(tmp_path_factory, pipeline) -> Path:  # type: ignore[no-untyped-def]
    remember_pipeline(pipeline)
    path = tmp_path_factory.mktemp("cli") / "kb.db"
    with open_kb(path) as kb:
        for i, text in enumerate(TEXTS):
            kb.add(
                pipeline.extract(text, published=dt.date(2020, 3, 5), source=f"outlet{i}", origin=f"{i}.txt")
            )
    return path


def _json(db: Path, *args: str) -> list[dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(app, ["--db", str(db), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_events_json_fields_and_filters(db: Path) -> None:
    rows = _json(db, "events")
    assert rows and all(set(r) >= EVENT_FIELDS for r in rows)
    strike = [r for r in rows if r["type"] == "ASSAULT" and r["fatalities"] == 4]
    assert len(strike) == 1 and len(strike[0]["sources"]) == 2
    assert all({"document", "sentence", "status"} <= set(s) for s in strike[0]["sources"])
    assert all(
        ("id" in p and "name" in p) or "description" in p for p in strike[0]["targets"] + strike[0]["actors"]
    )
    assert all(r["type"] == "ASSAULT" for r in _json(db, "events", "--type", "assault"))
    assert _json(db, "events", "--since", "2030-01-01") == []
    assert all(r["status"] == "claimed" for r in _json(db, "events", "--status", "claimed"))


def test_whereabouts_and_casualties_json(db: Path) -> None:
    rows = _json(db, "whereabouts", "ahmad khalil")
    assert rows and all(set(r) == WHEREABOUTS_FIELDS for r in rows)
    dates = [r["date_start"] for r in rows]
    assert dates == sorted(dates)
    dead = _json(db, "casualties")
    assert dead and all(set(r) >= CASUALTY_FIELDS for r in dead)


def test_merge_split_commands_and_errors(db: Path) -> None:
    strike = next(r for r in _json(db, "events") if r["fatalities"] == 4)
    runner = CliRunner()
    split = runner.invoke(app, ["--db", str(db), "events", "split", str(strike["id"])])
    assert split.exit_code == 0, split.output
    parts = [r for r in _json(db, "events") if r["fatalities"] == 4]
    assert len(parts) == 2
    merge = runner.invoke(app, ["--db", str(db), "events", "merge", str(parts[0]["id"]), str(parts[1]["id"])])
    assert merge.exit_code == 0, merge.output
    assert len([r for r in _json(db, "events") if r["fatalities"] == 4]) == 1
    missing = runner.invoke(app, ["--db", str(db), "events", "split", "99999"])
    assert missing.exit_code == 2 and "no event" in missing.output
    unknown = runner.invoke(app, ["--db", str(db), "whereabouts", "Nobody Atall"])
    assert unknown.exit_code == 2


def test_links_and_background_options(db: Path) -> None:
    links = _json(db, "events", "links")
    assert all({"event", "other_event", "score", "reason"} <= set(r) for r in links)
    plain = {r["id"] for r in _json(db, "events")}
    everything = {r["id"] for r in _json(db, "events", "--include-background")}
    assert plain <= everything
    assert all(r.get("background") is False for r in _json(db, "events"))
