"""The Dask engine on a real LocalCluster (2 worker processes) against the local engine."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsgraph.ingest.run import IngestOptions, count_inputs, ingest_paths
from newsgraph.kb.store import open_kb

SAMPLES = Path(__file__).resolve().parents[1] / "newsgraph" / "data" / "samples"


def sample_inputs() -> list[Path]:
    # Top-level samples only: the dupes/ folder holds republished copies, and which copy is kept
    # as "the" document depends on arrival order, which a cluster does not fix.
    return sorted(p for p in SAMPLES.iterdir() if p.is_file() and p.suffix in {".txt", ".html", ".jsonl"})


def kb_content(db: Path) -> dict[str, tuple[int, int, int]]:
    """doc id -> (mentions, place mentions, time mentions): what both engines must agree on."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT d.id, (SELECT COUNT(*) FROM mentions m WHERE m.doc_id = d.id),"
            " (SELECT COUNT(*) FROM place_mentions p WHERE p.doc_id = d.id),"
            " (SELECT COUNT(*) FROM time_mentions t WHERE t.doc_id = d.id) FROM documents d"
        ).fetchall()
    finally:
        conn.close()
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
        ) as cluster,
        distributed.Client(cluster, set_as_default=False) as dask_client,
    ):
        yield dask_client


@pytest.fixture(scope="module")
def local_db(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Path:
    db = tmp_path_factory.mktemp("local") / "kb.db"
    with open_kb(db) as kb:
        result = ingest_paths(sample_inputs(), kb=kb, pipeline=pipeline)
    assert result.new >= 15, result
    return db


def test_dask_engine_matches_local_and_reruns_add_nothing(
    tmp_path: Path, client: Any, local_db: Path
) -> None:
    from newsgraph.scale.dask import DaskOptions, ingest_dask

    db = tmp_path / "dask.db"
    seen: list[str] = []
    opts = DaskOptions(partition_size=3)
    with open_kb(db) as kb:
        first = ingest_dask(sample_inputs(), kb=kb, cluster=opts, client=client, on_progress=seen.append)
    expected = kb_content(local_db)
    assert kb_content(db) == expected
    assert first.new == len(expected) and not first.failed
    assert len(seen) == first.new + first.duplicate + len(first.failed)
    with open_kb(db) as kb:
        again = ingest_dask(sample_inputs(), kb=kb, cluster=opts, client=client)
    assert again.new == 0 and again.duplicate == first.new + first.duplicate


class Interrupted(Exception):
    pass


def test_interrupted_dask_run_resumes_to_the_same_state(tmp_path: Path, client: Any, local_db: Path) -> None:
    from newsgraph.scale.dask import DaskOptions, ingest_dask

    db = tmp_path / "resume.db"
    handled = 0

    def stop_midway(_: str) -> None:
        nonlocal handled
        handled += 1
        if handled == 6:
            raise Interrupted  # as Ctrl-C between two merges would

    opts = DaskOptions(partition_size=2, in_flight_per_worker=1)
    with open_kb(db) as kb, pytest.raises(Interrupted):
        ingest_dask(sample_inputs(), kb=kb, cluster=opts, client=client, on_progress=stop_midway)
    partial = kb_content(db)
    expected = kb_content(local_db)
    assert 0 < len(partial) < len(expected)
    with open_kb(db) as kb:
        rest = ingest_dask(sample_inputs(), kb=kb, cluster=opts, client=client)
    assert rest.new == len(expected) - len(partial)
    assert kb_content(db) == expected


def test_count_inputs_for_the_eta(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n', encoding="utf-8")
    (tmp_path / "a.meta.json").write_text("{}", encoding="utf-8")
    assert count_inputs([tmp_path]) == 3
    (tmp_path / "c.warc.gz").write_bytes(b"")
    assert count_inputs([tmp_path]) is None
    assert count_inputs(["https://example.org/x"]) is None


def test_options_default_is_local() -> None:
    assert IngestOptions().n_process == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "spark", "x.txt"], "unknown engine"),
        (["--workers", "2", "x.txt"], "need --engine dask"),
        ([], "nothing to ingest"),
    ],
)
def test_ingest_engine_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    from typer.testing import CliRunner

    from newsgraph import cli

    result = CliRunner().invoke(cli.app, ["ingest", "--db", str(tmp_path / "kb.db"), *args])
    assert result.exit_code == 2 and message in result.output


def test_ingest_cli_dask_engine(tmp_path: Path, pipeline: Any) -> None:
    from typer.testing import CliRunner

    from newsgraph import cli

    doc = tmp_path / "a.txt"
    doc.write_text(
        "Government forces shelled the northern town of Kidal on Monday, residents said.\n\n"
        "The army said it had retaken two villages after heavy fighting.",
        encoding="utf-8",
    )
    args = [
        "ingest",
        "--db",
        str(tmp_path / "kb.db"),
        "--engine",
        "dask",
        "--workers",
        "1",
        "--json",
        str(doc),
    ]
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    assert '"new": 1' in result.stdout and '"docs_per_s"' in result.stdout
