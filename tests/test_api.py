"""The JSON API against a real uvicorn server on loopback, over a knowledge base built by the real pipeline."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "newsgraph" / "data" / "samples"

XSS_TITLE = 'Raid on Idlib <script>window.__xss = "title"</script><img src=x onerror="window.__xss=1">'
XSS_BODY = (
    "Rebels attacked an army checkpoint in Idlib on 3 March 2016, killing five soldiers, "
    'the Syrian Observatory said. <script>window.__xss = "body"</script>\n\n'
    'Witnesses posted <img src=x onerror="window.__xss = 2"> photos and a <a href="javascript:window.__xss=3">link</a>.\n\n'
    "The army said it shelled rebel positions near Saraqib the next day."
)


def write_xss_article(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "xss.txt").write_text(XSS_BODY, encoding="utf-8")
    meta = {
        "title": XSS_TITLE,
        "url": "javascript:window.__xss=4",
        "source": "<b>Evil</b>",
        "published": "2016-03-04",
    }
    (folder / "xss.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def build_kb(path: Path, pipeline: Any) -> Path:
    """Samples plus a hostile article, ingested with the real pipeline."""
    from newsgraph.ingest.run import ingest_paths
    from newsgraph.kb.store import open_kb

    extra = write_xss_article(path.parent / "hostile")
    with open_kb(path) as kb:
        result = ingest_paths([SAMPLES, extra], kb=kb, pipeline=pipeline)
    assert result.new >= 5, result
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerThread:
    """``newsgraph.web.create_app`` under uvicorn in a thread, on a free loopback port."""

    def __init__(self, db: Path, app: Any = None) -> None:
        import uvicorn

        from newsgraph.web import create_app

        self.port = free_port()
        app = create_app(db) if app is None else app
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="error")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def kb_path(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Path:
    return build_kb(tmp_path_factory.mktemp("webkb") / "kb.db", pipeline)


@pytest.fixture(scope="module")
def client(kb_path: Path) -> Iterator[httpx.Client]:
    with ServerThread(kb_path) as server, httpx.Client(base_url=server.url, timeout=20) as c:
        yield c


def assert_error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert {"code", "status", "message"} <= set(error)
    assert error["status"] == status and isinstance(error["message"], str) and error["message"]
    return error


def test_openapi_is_served_and_lists_the_endpoints(client: httpx.Client) -> None:
    doc = client.get("/api/openapi.json").json()
    paths = set(doc["paths"])
    for expected in (
        "/api/documents",
        "/api/documents/{doc_id}",
        "/api/actors",
        "/api/actors/{actor_id}",
        "/api/events",
        "/api/whereabouts",
        "/api/casualties",
        "/api/claims",
        "/api/places",
        "/api/search",
    ):
        assert expected in paths
    assert all(set(methods) == {"get"} for methods in doc["paths"].values()), "the API must be read-only"


def test_events_paginate_and_filter(client: httpx.Client) -> None:
    full = client.get("/api/events", params={"limit": 500}).json()
    assert full["total"] >= 5 and len(full["items"]) == min(full["total"], 500)
    first = client.get("/api/events", params={"limit": 2}).json()
    second = client.get("/api/events", params={"limit": 2, "offset": 2}).json()
    assert [e["id"] for e in first["items"] + second["items"]] == [e["id"] for e in full["items"][:4]]
    assert first["total"] == full["total"]

    etype = full["items"][0]["type"]
    typed = client.get("/api/events", params={"type": etype, "limit": 500}).json()
    assert typed["total"] == sum(e["type"] == etype for e in full["items"])

    dated = [e for e in full["items"] if e["date_start"]]
    day = dated[len(dated) // 2]["date_start"][:10]
    window = client.get("/api/events", params={"date_from": day, "date_to": day, "limit": 500}).json()
    assert window["total"] >= 1
    for e in window["items"]:
        assert e["date_start"][:10] <= day <= (e["date_end"] or e["date_start"])[:10]


def test_events_carry_their_evidence_sentence(client: httpx.Client) -> None:
    event = next(e for e in client.get("/api/events", params={"limit": 50}).json()["items"] if e["sources"])
    ev = event["sources"][0]
    doc = client.get(f"/api/documents/{ev['document']}").json()
    assert " ".join(doc["text"][ev["sentence_start"] : ev["sentence_end"]].split()) == ev["sentence"]
    assert doc["text"][ev["trigger_start"] : ev["trigger_end"]] == ev["trigger_text"]
    assert any(s["kind"] == "event" and s["ref"] == event["id"] for s in doc["spans"])
    assert client.get(f"/api/events/{event['id']}").json() == event


def test_actor_search_dossier_and_filter(client: httpx.Client) -> None:
    events = client.get("/api/events", params={"limit": 500}).json()["items"]
    named = next(p for e in events for p in e["actors"] + e["targets"] if p.get("id") is not None)
    found = client.get("/api/actors", params={"q": named["name"], "include_comments": True}).json()["items"]
    assert named["id"] in [a["id"] for a in found]
    dossier = client.get(f"/api/actors/{named['id']}").json()
    assert dossier["id"] == named["id"]
    assert {"aliases", "roles", "affiliations", "whereabouts", "events", "claims"} <= set(dossier)
    filtered = client.get("/api/events", params={"actor": str(named["id"]), "limit": 500}).json()
    assert filtered["total"] >= 1
    where = client.get("/api/whereabouts", params={"actor": str(named["id"])}).json()
    assert all(w["place"]["lat"] is not None for w in where["items"])


def test_other_listings(client: httpx.Client) -> None:
    docs = client.get("/api/documents", params={"limit": 3}).json()
    assert len(docs["items"]) == 3 and docs["total"] >= 3 and all("id" in d for d in docs["items"])
    places = client.get("/api/places", params={"limit": 5}).json()["items"]
    assert places and places[0]["mentions"] >= places[-1]["mentions"] and "events" in places[0]
    for row in client.get("/api/casualties").json()["items"]:
        assert row["victims"] and row["event"]["type"] == "ASSAULT"
    claims = client.get("/api/claims", params={"limit": 500}).json()["items"]
    assert all(c["status"] for c in claims)
    hits = client.get("/api/search", params={"q": "Idlib"}).json()["items"]
    assert hits and any("Idlib" in h["snippet"] for h in hits)


@pytest.mark.parametrize(
    ("url", "params", "status"),
    [
        ("/api/events", {"limit": 501}, 422),
        ("/api/events", {"offset": -1}, 422),
        ("/api/events", {"date_from": "14 Oct 2015"}, 422),
        ("/api/actors/not-a-number", {}, 422),
        ("/api/whereabouts", {}, 422),
        ("/api/actors/987654321", {}, 404),
        ("/api/events/987654321", {}, 404),
        ("/api/documents/ffffffffffffffff", {}, 404),
        ("/api/no-such-thing", {}, 404),
    ],
)
def test_one_error_shape(client: httpx.Client, url: str, params: dict[str, Any], status: int) -> None:
    error = assert_error(client.get(url, params=params), status)
    assert error["code"] in {"invalid_parameter", "not_found"}


def test_writes_are_refused_with_the_error_shape(client: httpx.Client) -> None:
    for method in ("POST", "PUT", "DELETE"):
        response = client.request(method, "/api/events")
        assert response.status_code in {404, 405}
        assert_error(response, response.status_code)


def test_server_errors_use_the_shape_too(kb_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "gone.db"
    shutil.copy(kb_path, copy)
    with ServerThread(copy) as server, httpx.Client(base_url=server.url) as c:
        copy.unlink()  # the database vanishes under a running server
        error = assert_error(c.get("/api/events"), 500)
        assert "newsgraph ingest" in error["message"]


@pytest.mark.parametrize(
    "params",
    [
        {"actor": "1) OR 1=1 --"},
        {"actor": "x' OR '1'='1"},
        {"type": "ASSAULT' OR '1'='1"},
        {"status": "reported'; DROP TABLE events; --"},
        {"place": "%' OR 1=1 --"},
        {"place": "_"},
    ],
)
def test_filters_are_not_sql(client: httpx.Client, kb_path: Path, params: dict[str, str]) -> None:
    import sqlite3

    # Every event (comments, recalled background and statements included) is what the table must still hold.
    everything = {
        "limit": 1,
        "include_comments": True,
        "include_background": True,
        "include_statements": True,
    }
    total = client.get("/api/events", params=everything).json()["total"]
    response = client.get("/api/events", params={**params, "limit": 500})
    if "actor" in params:  # no actor is called that: the answer says so, as `newsgraph events` does
        assert_error(response, 404)
        return
    assert response.status_code == 200
    page = response.json()
    if "place" in params and params["place"] == "_":
        # '_' is a LIKE wildcard; it must match a literal underscore only.
        assert all("_" in (e["place"]["name"] + (e["place"]["admin1"] or "")) for e in page["items"])
    else:
        assert page["total"] == 0, "an injected filter must match nothing"
    with sqlite3.connect(kb_path) as conn:
        assert (
            conn.execute(
                "SELECT COUNT(*) FROM events e WHERE EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = e.id)"
            ).fetchone()[0]
            == total
        )


def test_search_syntax_is_not_an_error(client: httpx.Client) -> None:
    for text in ['"unbalanced', "Idlib OR", "NEAR(", "*"]:
        response = client.get("/api/search", params={"q": text})
        assert response.status_code in {200, 404}, response.text
        if response.status_code != 200:
            assert_error(response, response.status_code)


def test_security_headers(client: httpx.Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "'unsafe-eval'" not in csp
    assert "script-src 'self' 'sha256-" in csp


def test_schemathesis_finds_no_server_errors(client: httpx.Client) -> None:
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given, settings

    schema = schemathesis.openapi.from_url(str(client.base_url) + "/api/openapi.json")
    failures: list[str] = []
    calls: list[int] = []
    for op in schema.get_all_operations():
        operation = op.ok()

        @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            response = case.call(base_url=str(client.base_url))
            calls.append(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query}: {response.status_code}")

        check()
    assert len(calls) >= 3 * len(list(schema.get_all_operations())) and 200 in calls, len(calls)
    assert not failures, failures


def test_serve_command_binds_loopback_and_prints_its_address(kb_path: Path) -> None:
    import subprocess
    import sys

    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from newsgraph.cli import main; main()",
            "--db",
            str(kb_path),
            "serve",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line, line
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.1)
        assert response.status_code == 200 and response.json()["events"] >= 1
    finally:
        proc.terminate()
        proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsgraph.cli import app

    result = CliRunner().invoke(app, ["--db", str(tmp_path / "none.db"), "serve"])
    assert result.exit_code == 2 and "newsgraph ingest" in result.output


@pytest.mark.shared
def test_soleimani_dossier_from_the_seeds(seeds_dir: Path, tmp_path: Path, pipeline: Any) -> None:
    """The must-hold: his names, his role, and his whereabouts, each tied to its sentence."""
    from newsgraph.ingest.run import ingest_paths
    from newsgraph.kb.store import open_kb
    from newsgraph.query import handle as q
    from newsgraph.query.documents import get_document
    from newsgraph.query.dossier import actor_dossier
    from newsgraph.query.filters import DossierFilter

    db = tmp_path / "seeds.db"
    with open_kb(db) as kb:
        ingest_paths([seeds_dir], kb=kb, pipeline=pipeline)
    with q.open_readonly(db) as kb:
        dossier = actor_dossier(kb, DossierFilter("Soleimani"))
        doc_text = {d: get_document(kb, d).text for d in {w.sources[0].document for w in dossier.whereabouts}}
    assert {"Soleimani", "Qassem Soleimani"} <= set(dossier.aliases)
    assert any("Quds" in (r.of or "") or "Qods" in (r.of or "") for r in dossier.roles)
    places = " ".join(w.place.name for w in dossier.whereabouts)
    for place in ("Golan", "Latakia", "Lebanon"):
        assert place in places, places
    assert any("am" in w.place.name and w.place.country_code == "SY" for w in dossier.whereabouts), (
        places
    )  # Hama
    # The photo "claiming to show" him in Hama is unverified; the headline's report stays reported.
    # Each report keeps its own status (one event may hold both: the headline tells the photo's sighting).
    hama = {
        s.status
        for w in dossier.whereabouts
        if "am" in w.place.name and w.place.country_code == "SY"
        for s in w.sources
    }
    assert {"unverified", "reported"} <= hama, hama
    for w in dossier.whereabouts:
        ev = w.sources[0]
        assert " ".join(doc_text[ev.document][ev.sentence_start : ev.sentence_end].split()) == ev.sentence


@pytest.mark.parametrize(
    ("path", "params"),
    [
        # Found by schemathesis: ids too large for SQLite, and non-ASCII digits, were 500s.
        ("/api/events", {"actor": "9" * 30}),
        ("/api/events", {"place": "²"}),
        # Found by schemathesis: a NUL character in a full-text query was a 500.
        ("/api/search", {"q": "Idlib\x00Hama"}),
    ],
)
def test_inputs_that_once_broke_the_server_are_answered(
    client: httpx.Client, path: str, params: dict[str, str]
) -> None:
    response = client.get(path, params=params)
    assert response.status_code < 500, response.text
    if response.status_code != 200:
        assert_error(response, response.status_code)


def test_whereabouts_follow_the_cli_rule(client: httpx.Client, kb_path: Path) -> None:
    """/api/whereabouts and `newsgraph whereabouts` place an actor at the same events (one rule)."""
    from newsgraph import query as q
    from newsgraph.query.whereabouts import whereabouts

    with q.open_readonly(kb_path) as kb:
        located = kb.conn.execute(
            "SELECT DISTINCT a.id, a.name FROM event_participants ep JOIN actors a ON a.id = ep.actor_id"
            " JOIN events e ON e.id = ep.event_id WHERE e.place_id IS NOT NULL ORDER BY a.id"
        ).fetchall()
        cli = {
            actor_id: [w.event.id for w in whereabouts(kb, q.WhereaboutsFilter(name)).items]
            for actor_id, name in located
        }
    assert any(cli.values()), "no actor is placed anywhere in the samples"
    looser = 0
    for actor_id, name in located:
        by_name = client.get("/api/whereabouts", params={"actor": name}).json()["items"]
        assert [w["event"]["id"] for w in by_name] == cli[actor_id], name
        for w in by_name:
            assert w["place"]["lat"] is not None and w["sources"] and w["role"] in ("actor", "target")
        events = client.get("/api/events", params={"actor": name, "limit": 500}).json()["items"]
        looser += sum(1 for e in events if e["place"] and e["status"] != "denied") > len(by_name)
    assert looser, "every participation placed its actor: the test cannot tell the rules apart"
    # An actor id names the actor as its name does.
    actor_id, name = next((a, n) for a, n in located if cli[a])
    by_id = client.get("/api/whereabouts", params={"actor": str(actor_id)}).json()["items"]
    assert set(cli[actor_id]) <= {w["event"]["id"] for w in by_id}, name


FREE_TEXT = [
    ("/api/actors", "q"),
    ("/api/claims", "q"),
    ("/api/places", "q"),
    ("/api/search", "q"),
    ("/api/events", "actor"),
    ("/api/events", "place"),
    ("/api/casualties", "affiliation"),
    ("/api/claims", "actor"),
    ("/api/network", "place"),
    ("/api/whereabouts", "actor"),
]


@pytest.mark.parametrize(("path", "name"), FREE_TEXT)
def test_free_text_parameters_are_capped(client: httpx.Client, path: str, name: str) -> None:
    at_cap = client.get(path, params={name: "Idlib " + "x" * 194})
    assert at_cap.status_code in {200, 404}, at_cap.text
    error = assert_error(client.get(path, params={name: "Idlib " + "x" * 195}), 422)
    assert error["code"] == "invalid_parameter" and name in error["message"] and "200" in error["message"]


def test_a_query_past_its_budget_is_refused_with_advice(kb_path: Path) -> None:
    from newsgraph.web.api import create_api

    # Each request's SQLite steps are counted; a tiny budget makes ordinary listings "too expensive".
    tight = ServerThread(kb_path, create_api(kb_path, query_budget=5_000))
    with tight as server, httpx.Client(base_url=server.url, timeout=20) as c:
        for path, params in [("/api/events", {"limit": 500}), ("/api/network", {}), ("/api/actors", {})]:
            error = assert_error(c.get(path, params=params), 400)
            assert error["code"] == "query_too_expensive", error
            assert "5,000" in error["message"] and "narrow" in error["message"]
        # A cheap request stays under the same budget: the limit is per request, not per server.
        assert_error(c.get("/api/events/987654321"), 404)
        assert c.get("/api/documents", params={"limit": 1}).status_code == 200
    # Full-text search wraps SQLite's interruption in its own error; the budget still names the cause.
    with (
        ServerThread(kb_path, create_api(kb_path, query_budget=10)) as server,
        httpx.Client(base_url=server.url) as c,
    ):
        assert assert_error(c.get("/api/search", params={"q": "Idlib"}), 400)["code"] == "query_too_expensive"
    with ServerThread(kb_path, create_api(kb_path)) as server, httpx.Client(base_url=server.url) as c:
        assert c.get("/api/events", params={"limit": 500}).status_code == 200
        assert c.get("/api/search", params={"q": "Idlib"}).status_code == 200


def test_openapi_links_lead_from_listings_to_records(client: httpx.Client) -> None:
    doc = client.get("/api/openapi.json").json()
    ops = {op["operationId"]: op for methods in doc["paths"].values() for op in methods.values()}
    targets: set[tuple[str, str]] = set()
    for source, op in ops.items():
        for link in op["responses"]["200"].get("links", {}).values():
            assert link["operationId"] in ops, link
            target_params = {p["name"] for p in ops[link["operationId"]].get("parameters", [])}
            assert set(link["parameters"]) <= target_params, (source, link)
            targets.add((source, link["operationId"]))
    for edge in [
        ("listDocuments", "getDocument"),
        ("listActors", "getActor"),
        ("listEvents", "getEvent"),
        ("getWhereabouts", "getDocument"),
        ("getEvent", "getDocument"),
    ]:
        assert edge in targets, edge


def test_schemathesis_stateful_follows_links_and_finds_no_server_errors(client: httpx.Client) -> None:
    schemathesis = pytest.importorskip("schemathesis")
    from collections import Counter

    from hypothesis import HealthCheck, settings

    base_url = str(client.base_url)
    schema = schemathesis.openapi.from_url(base_url + "/api/openapi.json")
    calls: Counter[str] = Counter()
    followed: Counter[str] = Counter()
    failures: list[str] = []

    class Machine(schema.as_state_machine()):  # type: ignore[misc]
        def step(self, input: Any) -> Any:
            if input.transition is not None and input.applied_parameters:
                followed[input.case.operation.label] += 1  # a value from an earlier response was used
            return super().step(input)

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"base_url": base_url}

        def after_call(self, response: Any, case: Any) -> None:
            calls[case.operation.label] += 1
            if response.status_code >= 500:
                failures.append(f"{case.operation.label} {case.query}: {response.status_code}")

        def validate_response(self, response: Any, case: Any, *args: Any, **kwargs: Any) -> None:
            pass  # the 5xx check is ours; schema conformance is not what this test is about

    started = time.monotonic()
    Machine.run(
        settings=settings(
            max_examples=40,
            stateful_step_count=6,
            deadline=None,
            database=None,
            # The same exploration on every run: with a random one the "links followed" floor
            # below failed once in a clean-clone run (2 of 3), though nothing was wrong.
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )
    assert time.monotonic() - started < 60
    assert not failures, failures
    assert sum(calls.values()) >= 25, calls
    # Links were followed into the record endpoints with values taken from earlier responses.
    assert sum(followed.values()) >= 3, (followed, calls)
    assert {"GET /api/documents/{doc_id}", "GET /api/events/{event_id}"} & set(followed), followed


def test_an_older_schema_is_refused_read_only_and_upgraded_by_the_cli(tmp_path: Path) -> None:
    """The web layer only reads: a file from an older newsgraph gets a clear message, and
    `newsgraph web`/`report` migrate it once before reading."""
    import sqlite3

    from newsgraph.errors import KnowledgeBaseError
    from newsgraph.kb.migrations import SCHEMA_VERSION
    from newsgraph.kb.store import open_kb
    from newsgraph.query import handle as q
    from newsgraph.query.events import list_events

    db = tmp_path / "old.db"
    open_kb(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.close()
    with pytest.raises(KnowledgeBaseError, match="schema version"):
        q.open_readonly(db)
    q.upgrade(db)
    with q.open_readonly(db) as kb:
        assert list_events(kb).total == 0
