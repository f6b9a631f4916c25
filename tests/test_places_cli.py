"""`newsgraph places` over a small knowledge base, and `newsgraph gazetteer build` on a tiny dump."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from helpers import places_of
from typer.testing import CliRunner

from newsgraph.cli import app, remember_pipeline
from newsgraph.kb.store import open_kb

TEXTS = (
    "Shelling hit Aleppo and Idlib on Monday. Aleppo residents fled toward Latakia.",
    "Air strikes were reported near Idlib again, and protests in Aleppo.",
)


@pytest.fixture(scope="module")
def db(tmp_path_factory, pipeline) -> Path:  # type: ignore[no-untyped-def]
    remember_pipeline(pipeline)
    path = tmp_path_factory.mktemp("places-cli") / "kb.db"
    with open_kb(path) as kb:
        for i, text in enumerate(TEXTS):
            kb.add(pipeline.extract(text, published=dt.date(2020, 3, 5), source=f"o{i}", origin=f"{i}.txt"))
    return path


def test_places_json_counts_and_coordinates(db: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(db), "places", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    by_name = {r["name"]: r for r in rows}
    aleppo = next(r for name, r in by_name.items() if "Aleppo" in name)
    assert aleppo["mentions"] == 3 and aleppo["documents"] == 2
    assert abs(aleppo["lat"] - 36.2) < 0.3 and abs(aleppo["lon"] - 37.16) < 0.3
    assert aleppo["country_code"] == "SY" and aleppo["precision"] == 1
    counts = [r["mentions"] for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_places_table_and_limit(db: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(db), "places", "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert "Aleppo" in result.stdout and "Latakia" not in result.stdout
    with open_kb(db, create=False) as kb:
        assert len(places_of(kb, limit=2)) == 2


def test_places_on_an_empty_knowledge_base(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    with open_kb(path):
        pass
    result = CliRunner().invoke(app, ["--db", str(path), "places", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []


DUMP = (
    "9000001\tQaryat Test\tQaryat Test\tTest Village\t35.5\t36.5\tP\tPPL\tSY\t\t10\t\t\t\t1200\t\t300\tAsia/Damascus\t2020-01-01\n"
    "9000002\tMuhafazat Test\tMuhafazat Test\tTest Governorate\t35.2\t36.7\tA\tADM1\tSY\t\t10\t\t\t\t900000\t\t300\tAsia/Damascus\t2020-01-01\n"
)  # fmt: skip


def test_gazetteer_build_from_a_dump(tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_text(DUMP, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["gazetteer", "build", "--geonames", str(dump), "--out", str(tmp_path / "idx")]
    )
    assert result.exit_code == 0, result.output
    assert "places" in result.stdout
    assert any(p.name.endswith(".sqlite") for p in (tmp_path / "idx").iterdir())


def test_gazetteer_build_errors_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("name,lat\nX,1\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["gazetteer", "build", "--geonames", str(bad), "--out", str(tmp_path)])
    assert result.exit_code == 2 and "19 tab-separated" in result.stderr
    result = runner.invoke(app, ["gazetteer", "build", "--geonames", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2 and "not found" in result.stderr
