"""Statements: verbal acts ACLED does not code ("the ministry accused the rebels of lying") are kept
apart from the events (``Extraction.statements``), stored with ``events.statement = 1`` (migration
24) and left out of every default list, with an opt-in (``--include-statements`` /
``include_statements=true``) that gives the CLI and the API the same answer."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_api import ServerThread
from test_kb import make_extraction
from typer.testing import CliRunner

from newsgraph.kb.migrations import SCHEMA_VERSION, migrate
from newsgraph.kb.store import connect, open_kb
from newsgraph.model import Event, Participant, TextSpan
from newsgraph.nlp.events.lexicon import is_statement
from newsgraph.query.events import count_events, list_events
from newsgraph.query.filters import EventFilter


@pytest.mark.parametrize(
    ("etype", "sub", "expected"),
    [
        ("ACCUSE", "Other", True),
        ("THREATEN", None, True),
        ("REQUEST", "Other", True),
        ("REJECT", "Other", True),
        ("CONSULT", "Other", True),
        ("AGREE", "Other", True),
        ("AGREE", "Agreement", False),  # ACLED codes an agreement
        ("ASSAULT", "Attack", False),
        ("AID", "Other", False),  # done, not said
        ("COERCE", "Arrests", False),
    ],
)
def test_is_statement(etype: str, sub: str | None, expected: bool) -> None:
    assert is_statement(etype, sub) is expected


def test_a_statement_sentence_lands_in_statements(pipeline: Any) -> None:
    ex = pipeline.extract("The ministry accused the rebels of lying.")
    assert not ex.events
    assert [(e.type, e.statement) for e in ex.statements] == [("ACCUSE", True)]


def test_an_attack_stays_an_event(pipeline: Any) -> None:
    ex = pipeline.extract("Gunmen killed five villagers in Kano on Monday.")
    assert [e.type for e in ex.events] == ["ASSAULT"]
    assert not ex.statements and not any(e.statement for e in ex.events)


BODY = "Rebels attacked Idlib on 8 October 2015. The ministry accused the rebels of lying."


def _event(body: str, trigger: str, etype: str, sub: str | None, *, statement: bool) -> Event:
    at = body.index(trigger)
    start = body.rfind(". ", 0, at)
    start = 0 if start < 0 else start + 2
    end = body.index(".", at) + 1
    return Event(
        type=etype,
        mode=None,
        trigger=TextSpan(at, at + len(trigger)),
        trigger_text=trigger,
        sentence=TextSpan(start, end),
        actors=(Participant("Rebels", 0, 6, actor_key="rebels"),),
        date_start=dt.date(2015, 10, 8),
        date_end=dt.date(2015, 10, 8),
        time_precision="day",
        acled_event_type="Strategic developments" if statement else "Violence against civilians",
        acled_sub_event_type=sub,
        statement=statement,
    )


@pytest.fixture
def two_kb(tmp_path: Path) -> Path:
    path = tmp_path / "kb.db"
    attack = _event(BODY, "attacked", "ASSAULT", "Attack", statement=False)
    said = _event(BODY, "accused", "ACCUSE", "Other", statement=True)
    with open_kb(path) as kb:
        kb.add(make_extraction(BODY, events=(attack,), statements=(said,)))
    return path


def test_kb_stores_the_statement_with_its_flag(two_kb: Path) -> None:
    with open_kb(two_kb) as kb:
        rows = sorted(kb.conn.execute("SELECT type, statement FROM events"))
        assert rows == [("ACCUSE", 1), ("ASSAULT", 0)]
        assert [e.type for e in list_events(kb).items] == ["ASSAULT"]
        both = list_events(kb, EventFilter(include_statements=True)).items
        assert sorted(e.type for e in both) == ["ACCUSE", "ASSAULT"]
        assert [e.statement for e in both if e.type == "ACCUSE"] == [True]
        # the unfiltered totals (kept by triggers) agree with the lists
        assert count_events(kb, EventFilter()) == 1
        assert count_events(kb, EventFilter(include_statements=True)) == 2
        assert count_events(kb, EventFilter(type="ACCUSE")) == 0
        assert count_events(kb, EventFilter(type="ACCUSE", include_statements=True)) == 1


def _cli(db: Path, *args: str) -> Any:
    from newsgraph.cli import app

    result = CliRunner().invoke(app, ["--db", str(db), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_and_api_list_statements_only_when_asked(two_kb: Path) -> None:
    plain = _cli(two_kb, "events")
    asked = _cli(two_kb, "events", "--include-statements")
    assert [e["type"] for e in plain] == ["ASSAULT"]
    assert sorted(e["type"] for e in asked) == ["ACCUSE", "ASSAULT"]
    with ServerThread(two_kb) as server, httpx.Client(base_url=server.url, timeout=30) as c:
        assert c.get("/api/events").json()["items"] == plain
        page = c.get("/api/events", params={"include_statements": True}).json()
        assert page["items"] == asked and page["total"] == 2


def test_show_lists_statements_apart(two_kb: Path) -> None:
    from newsgraph.cli import app

    with open_kb(two_kb) as kb:
        doc_id = kb.conn.execute("SELECT id FROM documents").fetchone()[0]
    shown = _cli(two_kb, "show", doc_id)
    assert [(e["type"], e["statement"]) for e in shown["events"]] == [("ASSAULT", False), ("ACCUSE", True)]
    text = CliRunner().invoke(app, ["--db", str(two_kb), "show", doc_id]).stdout
    assert text.index("Events (1)") < text.index("Statements")


def test_v23_kb_gets_the_column(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = connect(path)
    assert migrate(conn, target=23) == 23
    names = {r[1] for r in conn.execute("PRAGMA table_info(events)")}
    assert "statement" not in names
    conn.execute("INSERT INTO documents (id, body, text, ingested_at) VALUES ('d1', 'x', 'x', 'now')")
    conn.execute("INSERT INTO events (type, status) VALUES ('ACCUSE', 'reported')")
    conn.execute(
        "INSERT INTO event_sources (event_id, doc_id, status, trigger_start, trigger_end, trigger_text,"
        " sentence_start, sentence_end) VALUES (1, 'd1', 'reported', 0, 1, 'x', 0, 1)"
    )
    conn.commit()
    conn.close()
    with open_kb(path) as kb:
        assert kb.schema_version == SCHEMA_VERSION >= 24
        assert kb.conn.execute("SELECT statement FROM events").fetchall() == [(0,)]
        assert kb.conn.execute("SELECT SUM(n) FROM event_totals WHERE statement = 0").fetchone()[0] == 1
        assert count_events(kb, EventFilter()) == 1
        kb.conn.execute("UPDATE events SET statement = 1")
        assert count_events(kb, EventFilter()) == 0
        assert count_events(kb, EventFilter(include_statements=True)) == 1
