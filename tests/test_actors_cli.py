"""The actors / actor commands: JSON fields, filters, the dossier, usage errors, and merge/split
decisions that survive deleting and re-ingesting the seeds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app, remember_pipeline
from newsgraph.kb.store import open_kb
from newsgraph.nlp.pipeline import Pipeline

ACTOR_FIELDS = {
    "id",
    "name",
    "kind",
    "sector",
    "country",
    "aliases",
    "roles",
    "affiliations",
    "documents",
    "mentions",
}
DOSSIER_FIELDS = ACTOR_FIELDS | {"mention_sentences", "merged_because", "events", "whereabouts"}
SEEDS = (("004_1e71b6d07dadab67.txt", "2015-10-14"), ("000_61624bcb3de22ada.txt", "2017-04-01"))

pytestmark = pytest.mark.shared


def _run(db: Path, *args: str) -> Any:
    return CliRunner().invoke(app, ["--db", str(db), *args])


def _json(db: Path, *args: str) -> Any:
    result = _run(db, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _ingest(db: Path, seeds_dir: Path) -> None:
    for name, published in SEEDS:
        result = _run(db, "ingest", str(seeds_dir / name), "--published", published)
        assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, pipeline: Pipeline) -> Path:
    remember_pipeline(pipeline)
    path = tmp_path_factory.mktemp("actors_cli") / "kb.db"
    _ingest(path, seeds_dir)
    return path


def _one(rows: list[dict[str, Any]], alias: str) -> dict[str, Any]:
    hits = [r for r in rows if alias.lower() in {a.lower() for a in r["aliases"]}]
    assert len(hits) == 1, [r["name"] for r in hits]
    return hits[0]


def test_actors_json_fields_and_types(db: Path) -> None:
    rows = _json(db, "actors")
    assert rows
    for row in rows:
        assert set(row) >= ACTOR_FIELDS
        assert all(isinstance(a, str) for a in row["aliases"])
        assert isinstance(row["mentions"], int) and isinstance(row["documents"], list)
        assert all(set(r) == {"title", "of", "document", "date"} for r in row["roles"])
        assert all(set(a) == {"relation", "other", "document"} for a in row["affiliations"])
    counts = [r["mentions"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    soleimani = _one(rows, "Soleimani")
    assert len(soleimani["documents"]) == 2
    assert any(
        r["title"].lower() in ("chief", "commander") and "Quds" in (r["of"] or "") for r in soleimani["roles"]
    )
    irgc = _one(rows, "IRGC")
    assert irgc["sector"] == "MIL" and irgc["country"] == "IR"


def test_actors_query_kind_and_comments(db: Path) -> None:
    quds = _json(db, "actors", "quds")
    assert len(quds) == 1 and "Qods Force" in quds[0]["aliases"]
    assert any(
        a["relation"] == "part_of" and "Revolutionary Guard" in a["other"] for a in quds[0]["affiliations"]
    )
    people = _json(db, "actors", "--kind", "person")
    assert people and {p["kind"] for p in people} == {"person"}
    names = {p["name"] for p in people}
    assert {"Hossein Hamedani", "Mohammad Ali Jafari", "Mohammed Ali Allahdadi", "Hassan Nasrallah"} <= names
    assert _json(db, "actors", "Boko Haram", "--include-comments") == []
    with_comments = _json(db, "actors", "--include-comments")
    body_ids = {r["id"] for r in _json(db, "actors")}
    assert {r["id"] for r in with_comments if r["from_comments"]}.isdisjoint(body_ids)
    table = _run(db, "actors", "hezbollah")
    assert table.exit_code == 0 and "Hezbollah" in table.stdout


def test_actor_dossier(db: Path) -> None:
    dossier = _json(db, "actor", "Soleimani")
    assert set(dossier) >= DOSSIER_FIELDS
    assert {"Qassem Soleimani", "Soleimani"} <= set(dossier["aliases"])
    dates = [r["date"] for r in dossier["roles"]]
    assert dates == sorted(dates)  # roles over time
    assert all(m["text"] in m["sentence"] for m in dossier["mention_sentences"])
    assert all(set(r) == {"alias", "reason"} for r in dossier["merged_because"])
    text = _run(db, "actor", "Qassem Soleimani")
    assert text.exit_code == 0 and "roles:" in text.stdout and "Quds Force" in text.stdout


def test_unknown_and_ambiguous_names_exit_2(db: Path, tmp_path: Path) -> None:
    unknown = _run(db, "actor", "Nobody Atall")
    assert unknown.exit_code == 2 and "newsgraph actors" in unknown.output
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    with open_kb(copy) as kb:  # two actors that share a spelling
        row = kb.conn.execute("SELECT doc_id FROM mentions LIMIT 1").fetchone()
        for key in ("person:ali reza", "person:ali reza 2"):
            actor = kb.actor_id(key, name="Ali Reza", kind="person")
            kb.conn.execute(
                "INSERT INTO aliases (actor_id, alias, doc_id, merge_reason) VALUES (?, 'Ali Reza', ?, 'test')",
                (actor, row[0]),
            )
    ambiguous = _run(copy, "actor", "Ali Reza")
    assert ambiguous.exit_code == 2
    assert "fits 2 actors" in ambiguous.output and ambiguous.output.count("Ali Reza") == 3  # asked + 2 lines


def test_merge_and_split_survive_deleting_and_reingesting(db: Path, tmp_path: Path, seeds_dir: Path) -> None:
    copy = tmp_path / "decisions.db"
    shutil.copy(db, copy)
    merged = _run(
        copy, "actors", "merge", "Tiger Forces", "Syrian Arab Army", "--note", "same chain of command"
    )
    assert merged.exit_code == 0, merged.output
    split = _run(copy, "actors", "split", "Qassem Soleimani", "--alias", "Soleimani", "--note", "test split")
    assert split.exit_code == 0, split.output
    bad = _run(copy, "actors", "split", "Qassem Soleimani", "--alias", "Nobody")
    assert bad.exit_code == 2 and "spellings are" in bad.output

    def check() -> None:
        tiger = _json(copy, "actor", "Tiger Forces")
        assert "Syrian Arab Army" in tiger["aliases"] or tiger["name"] == "Syrian Arab Army"
        assert any(r["reason"] == "analyst merge same chain of command" for r in tiger["merged_because"])
        assert "Soleimani" not in _json(copy, "actor", "Qassem Soleimani")["aliases"]
        assert _json(copy, "actor", "Soleimani")["aliases"] == ["Soleimani"]

    check()
    with open_kb(copy) as kb:  # delete everything extracted; the decisions stay
        kb.conn.execute("DELETE FROM documents")
        kb.conn.execute("DELETE FROM actors")
    _ingest(copy, seeds_dir)
    check()
