"""The `newsgraph` command: ingest summaries and exit codes, the listing commands' JSON, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsgraph import cli
from newsgraph.nlp.pipeline import Pipeline

ARTICLES = {
    "kharkiv.txt": (
        "Russian forces shelled Kharkiv overnight, regional governor Oleh Syniehubov said on Tuesday.\n\n"
        "Two people were wounded when a missile hit a warehouse in the city's north."
    ),
    "sahel.txt": (
        "Gunmen attacked an army post near Menaka in northern Mali, the defence ministry said.\n\n"
        "The ministry blamed the Islamic State in the Sahel for the assault."
    ),
}


@pytest.fixture(autouse=True)
def shared_pipeline(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    """Load spaCy once for every CLI call in this module; keep the user's NEWSGRAPH_* out."""
    for name in list(os.environ):
        if name.startswith("NEWSGRAPH_") and name != "NEWSGRAPH_TEST_SHARED":
            monkeypatch.delenv(name)
    cli.remember_pipeline(pipeline)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.output


def ingested(db: Path, articles: Path) -> list[dict[str, Any]]:
    code, out, _ = run("ingest", *sorted(articles.iterdir()), "--db", db)
    assert code == 0
    code, out, _ = run("docs", "--db", db, "--json")
    assert code == 0
    return list(json.loads(out))


def test_ingest_twice_stores_then_finds_duplicates(tmp_path: Path, articles: Path) -> None:
    db = tmp_path / "kb.db"
    code, out, _ = run("ingest", articles, "--db", db)
    assert code == 0
    assert out.startswith("2 new, 0 duplicate, 0 failed")
    code, out, _ = run("--db", db, "ingest", articles)  # the global --db works too
    assert code == 0
    assert out.startswith("0 new, 2 duplicate, 0 failed")


def test_same_body_under_another_name_is_a_duplicate(tmp_path: Path, articles: Path) -> None:
    db = tmp_path / "kb.db"
    run("ingest", articles, "--db", db)
    copy = tmp_path / "renamed.txt"
    copy.write_text(ARTICLES["sahel.txt"], encoding="utf-8")
    code, out, _ = run("ingest", copy, "--db", db, "--json")
    assert code == 0
    summary = json.loads(out)
    assert (summary["new"], summary["duplicate"]) == (0, 1)


def test_mixed_good_and_bad_inputs_exit_1_with_one_line_per_failure(tmp_path: Path, articles: Path) -> None:
    db = tmp_path / "kb.db"
    missing = tmp_path / "no-such-file.txt"
    code, out, output = run("ingest", articles / "kharkiv.txt", missing, "--db", db)
    assert code == 1
    assert out.startswith("1 new, 0 duplicate, 1 failed")
    failure_lines = [line for line in output.splitlines() if line.startswith(str(missing) + ": ")]
    assert len(failure_lines) == 1


def test_only_bad_inputs_exit_2_and_leave_the_database_alone(tmp_path: Path, articles: Path) -> None:
    db = tmp_path / "kb.db"
    before = ingested(db, articles)
    code, _, output = run("ingest", tmp_path / "missing-a.txt", tmp_path / "missing-b.txt", "--db", db)
    assert code == 2
    assert "missing-a.txt: " in output and "missing-b.txt: " in output
    assert json.loads(run("docs", "--db", db, "--json")[1]) == before


@pytest.mark.parametrize("value", ["2015-13-01", "14/10/2015", "yesterday"])
def test_bad_published_value_is_a_usage_error(tmp_path: Path, articles: Path, value: str) -> None:
    code, _, output = run("ingest", articles, "--db", tmp_path / "kb.db", "--published", value)
    assert code == 2
    assert "YYYY-MM-DD" in output
    assert not (tmp_path / "kb.db").exists()


def test_published_and_source_flags_are_stored(tmp_path: Path, articles: Path) -> None:
    db = tmp_path / "kb.db"
    code, _, _ = run(
        "ingest", articles / "sahel.txt", "--db", db, "--published", "2023-05-02", "--source", "Wire"
    )
    assert code == 0
    (doc,) = json.loads(run("docs", "--db", db, "--json")[1])
    assert (doc["published"], doc["published_source"], doc["source"]) == ("2023-05-02", "cli", "Wire")


def test_undated_input_is_stored_as_unknown(tmp_path: Path, articles: Path) -> None:
    docs = ingested(tmp_path / "kb.db", articles)
    assert {(d["published"], d["published_source"]) for d in docs} == {(None, "unknown")}
    assert all(d["counts"]["mentions"] > 0 for d in docs)


def test_show_json_fields_and_id_prefix(tmp_path: Path, articles: Path) -> None:
    db = tmp_path / "kb.db"
    docs = ingested(db, articles)
    doc_id = docs[0]["id"]
    code, out, _ = run("show", doc_id[:6], "--db", db, "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["id"] == doc_id
    assert {"id", "body", "comments", "dropped", "mentions", "title", "url", "published"} <= set(shown)
    assert shown["body"].strip() in ARTICLES.values()
    assert shown["mentions"], "the spaCy model finds entities in these sentences"
    for m in shown["mentions"]:
        assert set(m) == {"text", "label", "start", "end", "in_comments"}
        assert shown["text"][m["start"] : m["end"]] == m["text"]
    assert all(set(c) == {"author", "text", "start", "end"} for c in shown["comments"])
    assert all(set(d) == {"text", "reason"} for d in shown["dropped"])
    code, out, _ = run("show", doc_id, "--db", db)
    assert code == 0 and "Mentions in the body" in out


def test_show_lists_the_documents_events_lead_first(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = (
        "Air strike kills six in Idlib town\n\n"
        "An air strike killed six civilians in the town of Saraqeb on Monday, a war monitor said.\n\n"
        "Separately, gunmen shot dead two farmers in Maarat al-Numan on Sunday, residents said."
    )
    (folder / "idlib.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "kb.db"
    doc_id = ingested(db, folder)[0]["id"]
    code, out, _ = run("show", doc_id, "--db", db, "--json")
    assert code == 0
    events = json.loads(out)["events"]
    # the lead's event first (the KB names the place as the gazetteer does)
    assert events and "Saraqeb" in events[0]["evidence"][0]["sentence"], events
    assert all(not e["background"] for e in events)
    for e in events:
        assert e["evidence"] and all(text[v["start"] : v["end"]] == v["sentence"] for v in e["evidence"])
    code, out, _ = run("show", doc_id, "--db", db)
    assert code == 0 and "Events (" in out and "An air strike killed six" in out


def test_show_lists_denied_and_hypothetical_events_apart(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = (
        "Strike kills four in Saraqeb\n\n"
        "An air strike killed four civilians in Saraqeb on Monday, a war monitor said. "
        "The defence ministry denied that its jets had bombed the town."
    )
    (folder / "saraqeb.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "kb.db"
    doc_id = ingested(db, folder)[0]["id"]
    code, out, _ = run("show", doc_id, "--db", db)
    assert code == 0
    events, _, rest = out.partition("Not reported as happening")
    assert "An air strike killed four" in events and rest, out
    assert "denied that its jets" in rest and "denied that its jets" not in events.split("Events (")[1], out


def test_show_unknown_id_exits_2(tmp_path: Path, articles: Path) -> None:
    db = tmp_path / "kb.db"
    ingested(db, articles)
    code, _, output = run("show", "ffffffffffffffff0", "--db", db)
    assert code == 2
    assert "newsgraph docs" in output


def test_search_and_stats(tmp_path: Path, articles: Path) -> None:
    db = tmp_path / "kb.db"
    docs = ingested(db, articles)
    code, out, _ = run("search", "Menaka", "--db", db, "--json")
    assert code == 0
    hits = json.loads(out)
    sahel = next(d["id"] for d in docs if "sahel" in (d["origin"] or ""))
    assert [h["doc_id"] for h in hits] == [sahel]
    assert "[Menaka]" in hits[0]["snippet"] and hits[0]["in_comments"] is False
    code, out, _ = run("search", "Menaka", "--db", db)
    assert code == 0 and sahel in out
    code, out, _ = run("stats", "--db", db, "--json")
    assert code == 0
    stats = json.loads(out)
    assert stats["documents"] == 2 and stats["mentions"] >= 4 and stats["actors"] >= 2


@pytest.mark.parametrize("command", ["docs", "stats", "search Kharkiv", "show abc"])
def test_read_commands_without_a_database_say_to_ingest(tmp_path: Path, command: str) -> None:
    db = tmp_path / "none.db"
    code, _, output = run(*command.split(), "--db", db)
    assert code == 2
    assert "newsgraph ingest" in output
    assert not db.exists()


def test_unknown_setting_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSGRAPH_COLOUR", "blue")
    code, _, output = run("stats", "--db", tmp_path / "kb.db")
    assert code == 2
    assert "unknown setting NEWSGRAPH_COLOUR" in output


def test_eval_unknown_kind(tmp_path: Path) -> None:
    code, _, output = run("eval", "nonsense", tmp_path)
    assert code == 2
    assert "unknown eval kind 'nonsense'" in output


def test_eval_dispatches_to_the_kind_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def main(path: Path, *, limit: int | None, as_json: bool) -> int:
        calls.append((path, limit, as_json))
        return 1

    fake = types.ModuleType("newsgraph.eval.fakekind")
    fake.main = main  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "newsgraph.eval.fakekind", fake)
    code, _, _ = run("eval", "fakekind", tmp_path, "--limit", "5", "--json")
    assert code == 1
    assert calls == [(tmp_path, 5, True)]


def test_missing_model_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, articles: Path
) -> None:
    monkeypatch.setenv("NEWSGRAPH_MODEL", "xx_no_such_model")
    code, _, output = run("ingest", articles, "--db", tmp_path / "kb.db")
    assert code == 2
    assert "pip install" in output and "Traceback" not in output
    assert not (tmp_path / "kb.db").exists()


def test_demo_builds_a_fresh_database_and_tours_it(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    code, out, _ = run("demo", "--no-serve", "--db", db)
    assert code == 0, out
    assert "documents stored" in out and "Most mentioned" in out
    code, out, _ = run("stats", "--db", db, "--json")
    assert json.loads(out)["documents"] >= 2
    code, _, output = run("demo", "--no-serve", "--db", db)  # never overwrites a database it did not make
    assert code == 2 and "exists" in output


@pytest.mark.shared
def test_seed_articles_ingest_once(tmp_path: Path, seeds_dir: Path) -> None:
    db = tmp_path / "kb.db"
    seeds = sorted(seeds_dir.glob("*.txt"))
    code, out, _ = run("ingest", *seeds, "--db", db)
    assert (code, out.split(",")[0]) == (0, f"{len(seeds)} new")
    code, out, _ = run("ingest", *seeds, "--db", db)
    assert (code, out.split(",")[0]) == (0, "0 new")
    for doc in json.loads(run("docs", "--db", db, "--json")[1]):
        shown = json.loads(run("show", doc["id"], "--db", db, "--json")[1])
        for c in shown["comments"]:
            assert shown["text"][c["start"] : c["end"]] == c["text"]
            assert c["text"] not in shown["body"]


def test_installed_console_script_runs(tmp_path: Path, articles: Path) -> None:
    script = Path(sys.executable).parent / "newsgraph"
    if not script.exists():
        pytest.skip("the newsgraph console script is not installed in this environment")
    db = tmp_path / "kb.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSGRAPH_")}
    done = subprocess.run(
        [str(script), "ingest", str(articles), str(tmp_path / "missing.txt"), "--db", str(db), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    summary = json.loads(done.stdout)
    assert summary["new"] == 2
    assert [f["origin"] for f in summary["failed"]] == [str(tmp_path / "missing.txt")]


def test_file_over_the_size_limit_is_one_clear_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Texts over the spaCy model's limit are parsed in pieces (tests/test_chunking.py); only
    # inputs over max_doc_bytes are refused, with the limit named.
    monkeypatch.setenv("NEWSGRAPH_MAX_DOC_BYTES", "2000")
    long = tmp_path / "long.txt"
    long.write_text("Rebels attacked the town. " * 100, encoding="utf-8")
    ok = tmp_path / "ok.txt"
    ok.write_text(
        "Rebels attacked an army post near Idlib on Monday, killing four soldiers.", encoding="utf-8"
    )
    code, _, output = run("ingest", "--db", tmp_path / "kb.db", long, ok)
    assert code == 1
    assert "long.txt" in output and "over the limit of 2,000 bytes" in output
    assert "1 new" in output
