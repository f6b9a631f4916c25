"""`newsgraph export --format jsonl` then `newsgraph import` reproduces the knowledge base."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from helpers import casualties_of, claims_of, documents_of, events_of, places_of, search_of
from typer.testing import CliRunner

from newsgraph.cli import app, remember_pipeline
from newsgraph.errors import InputError, KnowledgeBaseError
from newsgraph.export import FORMATS, export_events
from newsgraph.ingest import MetadataOverrides
from newsgraph.ingest.run import IngestOptions, ingest_paths
from newsgraph.kb.importer import import_jsonl, is_empty
from newsgraph.kb.store import KnowledgeBase, open_kb
from newsgraph.query.filters import EventFilter
from newsgraph.query.records import as_json
from newsgraph.query.stats import top_actors

SAMPLES = Path(__file__).resolve().parents[1] / "newsgraph" / "data" / "samples"
FILES = (
    "syria_soleimani_baghdad_strike.txt",
    "ukraine_bakhmut_wagner_claim.txt",
    "mali_kidal_fama_retake.txt",
)
#: Tables the jsonl format must carry (every table but the derived full-text index).
TABLES = (
    "documents", "sentences", "comments", "dropped", "actors", "actor_keys", "aliases", "mentions", "roles",
    "affiliations", "places", "place_mentions", "time_mentions", "events", "event_sources",
    "event_participants", "claims", "decisions", "fingerprints", "copies", "event_decisions",
)  # fmt: skip


def build_kb(path: Path, pipeline: Any, inputs: list[Path], published: dt.date | None = None) -> Path:
    remember_pipeline(pipeline)
    options = IngestOptions(overrides=MetadataOverrides(published=published)) if published else None
    with open_kb(path) as kb:
        result = ingest_paths(inputs, kb=kb, pipeline=pipeline, options=options)
    assert result.new == len(inputs) and not result.failed
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Path:
    path = build_kb(tmp_path_factory.mktemp("roundtrip") / "kb.db", pipeline, [SAMPLES / f for f in FILES])
    # An analyst decision and a merged event must survive the trip too.
    runner = CliRunner()
    with open_kb(path, create=False) as kb:
        ids = [e.id for e in events_of(kb, EventFilter(type="ASSAULT"))]
    assert len(ids) >= 2
    result = runner.invoke(
        app, ["--db", str(path), "events", "merge", str(ids[0]), str(ids[1]), "--note", "same"]
    )
    assert result.exit_code == 0, result.output
    return path


def _tables(kb: KnowledgeBase) -> dict[str, list[tuple[Any, ...]]]:
    order = {"fingerprints": "band, doc_id"}  # a WITHOUT ROWID table
    return {
        t: kb.conn.execute(f'SELECT * FROM "{t}" ORDER BY {order.get(t, "rowid")}').fetchall() for t in TABLES
    }


def _answers(kb: KnowledgeBase) -> dict[str, Any]:
    """What the query layer tells a user: must be the same after the round trip."""
    actor = kb.conn.execute("SELECT name FROM actors ORDER BY id LIMIT 1").fetchone()[0]
    return {
        "events": as_json(events_of(kb, EventFilter(include_comments=True))),
        "claims": as_json(claims_of(kb, include_comments=True)),
        "casualties": as_json(casualties_of(kb, include_comments=True)),
        "actor_events": as_json(events_of(kb, EventFilter(actor=actor))),
        "search": [repr(h) for h in search_of(kb, "killed")],
        "documents": [repr(d) for d in documents_of(kb)],
        "places": [repr(p) for p in places_of(kb, include_comments=True)],
        "actors": [repr(a) for a in top_actors(kb)],
    }


def test_roundtrip_reproduces_tables_exports_and_answers(db: Path, tmp_path: Path) -> None:
    dump = tmp_path / "kb.jsonl"
    with open_kb(db, create=False) as kb:
        text = export_events(kb, "jsonl")
        assert isinstance(text, str)
        dump.write_text(text, encoding="utf-8")
        before_tables, before_answers = _tables(kb), _answers(kb)
        before_exports = {f: export_events(kb, f) for f in FORMATS}
    assert before_tables["event_decisions"] and before_tables["comments"] and before_tables["dropped"]
    with open_kb(tmp_path / "copy.db") as copy:
        result = import_jsonl(copy, dump)
        assert result.documents == len(FILES) and result.records == len(text.splitlines()) - 1
        assert _tables(copy) == before_tables
        assert _answers(copy) == before_answers
        for fmt, value in before_exports.items():
            assert export_events(copy, fmt) == value, fmt


def test_records_are_nested_and_typed(db: Path) -> None:
    with open_kb(db, create=False) as kb:
        text = export_events(kb, "jsonl")
    assert isinstance(text, str)
    lines = [json.loads(line) for line in text.splitlines()]
    assert lines[0]["record"] == "header" and lines[0]["format"] == "newsgraph-jsonl"
    kinds = [r["record"] for r in lines[1:]]
    assert kinds.index("document") < kinds.index("actor") < kinds.index("event")
    doc = next(r for r in lines if r["record"] == "document")
    assert doc["body"] and {"comments", "dropped", "sentences"} <= set(doc)
    actor = next(r for r in lines if r["record"] == "actor")
    assert {"keys", "aliases", "kind"} <= set(actor)
    event = next(r for r in lines if r["record"] == "event")
    assert event["sources"] and all("event_id" not in s for s in event["sources"])


def test_import_refuses_a_non_empty_knowledge_base(db: Path, tmp_path: Path) -> None:
    dump = tmp_path / "kb.jsonl"
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(db), "export", "--format", "jsonl", "--out", str(dump)])
    assert result.exit_code == 0, result.output
    with open_kb(db, create=False) as kb:
        before = _tables(kb)
    result = runner.invoke(app, ["import", str(dump), "--db", str(db)])
    assert result.exit_code == 2 and "not empty" in result.output and "--db" in result.output
    with open_kb(db, create=False) as kb:
        assert _tables(kb) == before
        with pytest.raises(KnowledgeBaseError):
            import_jsonl(kb, dump)
    fresh = tmp_path / "fresh.db"
    result = runner.invoke(app, ["import", str(dump), "--db", str(fresh)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["import", str(tmp_path / "missing.jsonl"), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "export" in result.output


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda lines: lines[1:], "header"),
        (lambda lines: [*lines[:3], "{not json", *lines[3:]], ":4"),
        (lambda lines: [*lines[:2], json.dumps({"record": "rumour"}), *lines[2:]], "unknown record kind"),
        (
            lambda lines: [lines[0], json.dumps({**json.loads(lines[1]), "colour": "red"}), *lines[2:]],
            "no column",
        ),
    ],
)
def test_a_bad_file_leaves_the_knowledge_base_empty(
    db: Path, tmp_path: Path, mutate: Any, message: str
) -> None:
    with open_kb(db, create=False) as kb:
        text = export_events(kb, "jsonl")
    assert isinstance(text, str)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(mutate(text.splitlines())) + "\n", encoding="utf-8")
    with open_kb(tmp_path / "target.db") as target:
        with pytest.raises(InputError, match=message):
            import_jsonl(target, bad)
        assert is_empty(target)
        assert target.conn.execute("SELECT count(*) FROM search_index").fetchone()[0] == 0


@pytest.mark.shared
def test_seed_roundtrip_is_byte_identical(
    seeds_dir: Path, pipeline: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = tmp_path_factory.mktemp("seed-roundtrip")
    path = build_kb(base / "kb.db", pipeline, sorted(seeds_dir.glob("*.txt")), dt.date(2019, 6, 14))
    dump, again = base / "a.jsonl", base / "b.jsonl"
    runner = CliRunner()
    assert runner.invoke(app, ["--db", str(path), "export", "-f", "jsonl", "-o", str(dump)]).exit_code == 0
    assert runner.invoke(app, ["import", str(dump), "--db", str(base / "copy.db")]).exit_code == 0
    assert (
        runner.invoke(
            app, ["--db", str(base / "copy.db"), "export", "-f", "jsonl", "-o", str(again)]
        ).exit_code
        == 0
    )
    assert dump.read_bytes() == again.read_bytes() and dump.stat().st_size > 10_000
