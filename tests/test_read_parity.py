"""One question, one answer: the CLI's ``--json`` and the API give the same items, in the same
order, with the same fields, for the same filters (issue #16), on a knowledge base built from the
samples by the real pipeline. Before the read side was one, these differed (casualties 23 vs 18,
events 171 vs 176...)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_api import SAMPLES, ServerThread
from typer.testing import CliRunner


@pytest.fixture(scope="module")
def samples_kb(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Path:
    from newsgraph.ingest.run import ingest_paths
    from newsgraph.kb.store import open_kb

    path = tmp_path_factory.mktemp("parity") / "kb.db"
    with open_kb(path) as kb:
        assert ingest_paths([SAMPLES], kb=kb, pipeline=pipeline).new >= 5
    return path


@pytest.fixture(scope="module")
def api(samples_kb: Path) -> Iterator[httpx.Client]:
    with ServerThread(samples_kb) as server, httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


def cli_json(db: Path, *args: str) -> Any:
    from newsgraph.cli import app

    result = CliRunner().invoke(app, ["--db", str(db), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def api_items(api: httpx.Client, path: str, **params: Any) -> list[Any]:
    """Every item of a paged answer (pages of the largest size, followed to the end)."""
    items: list[Any] = []
    total = None
    while total is None or len(items) < total:
        response = api.get(path, params={**params, "limit": 500, "offset": len(items)})
        assert response.status_code == 200, response.text
        page = response.json()
        total = page["total"]
        assert page["items"] or len(items) == total, page
        items += page["items"]
    return items


# (CLI arguments, API path, API parameters): the same question asked both ways.
QUESTIONS = [
    (("events",), "/api/events", {}),
    (("events", "--include-comments"), "/api/events", {"include_comments": True}),
    (("events", "--type", "ASSAULT"), "/api/events", {"type": "ASSAULT"}),
    (("events", "--include-statements"), "/api/events", {"include_statements": True}),
    (("casualties",), "/api/casualties", {}),
    (("casualties", "--include-comments"), "/api/casualties", {"include_comments": True}),
    (("claims",), "/api/claims", {}),
    (("claims", "--include-comments"), "/api/claims", {"include_comments": True}),
    (("places",), "/api/places", {}),
    (("places", "--unresolved"), "/api/places", {"unresolved": True}),
    (("actors",), "/api/actors", {}),
    (("actors", "--include-comments"), "/api/actors", {"include_comments": True}),
]


@pytest.mark.parametrize(("cli_args", "path", "params"), QUESTIONS, ids=[" ".join(q[0]) for q in QUESTIONS])
def test_cli_json_equals_the_api(
    samples_kb: Path, api: httpx.Client, cli_args: tuple[str, ...], path: str, params: dict[str, Any]
) -> None:
    cli = cli_json(samples_kb, *cli_args)
    assert cli, f"`newsgraph {' '.join(cli_args)}` found nothing in the samples: the test could not fail"
    assert api_items(api, path, **params) == cli


def test_whereabouts_of_every_placed_actor_agree(samples_kb: Path, api: httpx.Client) -> None:
    actors = cli_json(samples_kb, "actors", "--include-comments")
    placed = 0
    for actor in actors:
        cli = cli_json(samples_kb, "whereabouts", actor["name"])
        assert api_items(api, "/api/whereabouts", actor=actor["name"]) == cli, actor["name"]
        placed += bool(cli)
    assert placed, "no actor has whereabouts in the samples: the test could not fail"


def test_event_filters_by_actor_and_place_agree(samples_kb: Path, api: httpx.Client) -> None:
    events = cli_json(samples_kb, "events")
    actor = next(p["name"] for e in events for p in e["actors"] if p.get("name"))
    place = next(e["place"]["name"] for e in events if e["place"])
    for args, params in ((("--actor", actor), {"actor": actor}), (("--place", place), {"place": place})):
        cli = cli_json(samples_kb, "events", *args)
        assert cli and len(cli) < len(events), args
        assert api_items(api, "/api/events", **params) == cli


def test_pages_are_slices_with_the_total(samples_kb: Path, api: httpx.Client) -> None:
    for cli_args, path in ((("events",), "/api/events"), (("casualties",), "/api/casualties")):
        full = cli_json(samples_kb, *cli_args)
        page = api.get(path, params={"limit": 3, "offset": 2}).json()
        assert page["total"] == len(full) and page["items"] == full[2:5]
        assert cli_json(samples_kb, *cli_args, "--limit", "4") == full[:4]


def test_comment_facts_are_left_out_unless_asked(samples_kb: Path, api: httpx.Client) -> None:
    plain = cli_json(samples_kb, "events")
    everything = cli_json(samples_kb, "events", "--include-comments")
    assert not any(e["in_comments"] for e in plain)
    assert any(e["in_comments"] for e in everything), "the samples have no comment events"
    network = api.get("/api/network").json()
    with_comments = api.get("/api/network", params={"include_comments": True}).json()
    assert network["nodes"] and len(with_comments["edges"]) >= len(network["edges"])
