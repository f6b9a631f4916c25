"""Exports: each format read back by a real parser of that format, with provenance on every event."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import stix2
from helpers import events_of as list_events
from typer.testing import CliRunner

from newsgraph.cli import app, remember_pipeline
from newsgraph.export import FORMATS, export_events, get_format
from newsgraph.export.acled import ACLED_COLUMNS
from newsgraph.export.records import STATUS_CONFIDENCE
from newsgraph.ingest import MetadataOverrides
from newsgraph.ingest.run import IngestOptions, ingest_paths
from newsgraph.kb.store import KnowledgeBase, open_kb
from newsgraph.model import STATUSES
from newsgraph.query.filters import EventFilter

SAMPLES = Path(__file__).resolve().parents[1] / "newsgraph" / "data" / "samples"
SAMPLE_FILES = (
    "syria_soleimani_baghdad_strike.txt",
    "ukraine_bakhmut_wagner_claim.txt",
    "sudan_wad_madani_retaken.txt",
    "myanmar_arakan_army_maungdaw_undated.txt",
    "yemen_galaxy_leader_redsea.html",
)
PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "SANCTION", "THREATEN", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip


def build_kb(path: Path, pipeline: Any, inputs: list[Path], published: dt.date | None = None) -> Path:
    remember_pipeline(pipeline)
    options = IngestOptions(overrides=MetadataOverrides(published=published)) if published else None
    with open_kb(path) as kb:
        result = ingest_paths(inputs, kb=kb, pipeline=pipeline, options=options)
    assert result.new == len(inputs) and not result.failed
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Path:
    path = tmp_path_factory.mktemp("export") / "kb.db"
    return build_kb(path, pipeline, [SAMPLES / name for name in SAMPLE_FILES])


@pytest.fixture(scope="module")
def kb(db: Path) -> Any:
    with open_kb(db, create=False) as handle:
        yield handle


def _text(kb: KnowledgeBase, fmt: str, flt: EventFilter | None = None) -> str:
    value = export_events(kb, fmt, flt)
    assert isinstance(value, str)
    return value


def _flat(text: str | None) -> str:
    return " ".join((text or "").split())


def _documents(kb: KnowledgeBase) -> dict[str, dict[str, Any]]:
    rows = kb.conn.execute("SELECT id, url, title, source, text FROM documents").fetchall()
    return {r[0]: {"url": r[1], "title": r[2], "source": r[3], "text": _flat(r[4])} for r in rows}


# --- ACLED CSV ---------------------------------------------------------------------------------


def test_acled_csv_has_exactly_the_acled_header_and_one_row_per_event(kb: KnowledgeBase) -> None:
    text = _text(kb, "acled-csv")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    assert tuple(reader.fieldnames or ()) == ACLED_COLUMNS
    events = list_events(kb)
    assert len(rows) == len(events) > 5
    # Every physical record has the same width, so pandas/spreadsheets need no hand-fixing.
    assert {len(r) for r in csv.reader(io.StringIO(text, newline=""))} == {len(ACLED_COLUMNS)}
    docs = _documents(kb)
    for row, ev in zip(rows, events, strict=True):
        assert row["event_id_cnty"].endswith(str(ev.id))
        assert row["time_precision"] in {"1", "2", "3"}
        assert row["geo_precision"] in ({"1", "2", "3"} if ev.place else {""})
        if ev.place:
            assert math.isclose(float(row["latitude"]), ev.place.lat, abs_tol=1e-4)
            assert math.isclose(float(row["longitude"]), ev.place.lon, abs_tol=1e-4)
            assert row["iso"] == "" or int(row["iso"]) > 0
        if row["event_date"]:
            assert dt.date.fromisoformat(row["event_date"]).year == int(row["year"])
        assert int(row["fatalities"]) == (ev.fatalities or 0)
        assert row["tags"].split("; ")[0] == f"status: {ev.status}" and ev.status in STATUSES
        assert row["notes"] and any(row["notes"] in d["text"] for d in docs.values())
        assert int(row["timestamp"]) > 0
        for inter in (row["inter1"], row["inter2"]):
            assert inter == "" or 1 <= int(inter) <= 8
        if row["inter1"]:
            pair = sorted([row["inter1"], row["inter2"] or "0"])
            assert row["interaction"] == (pair[1] + "0" if pair[0] == "0" else "".join(pair))
        else:
            assert row["interaction"] == ""


# --- PLOVER JSONL ------------------------------------------------------------------------------


def test_plover_jsonl_records_carry_the_manual_fields_and_their_sources(kb: KnowledgeBase) -> None:
    lines = _text(kb, "plover-jsonl").splitlines()
    events = {e.id: e for e in list_events(kb)}
    assert len(lines) == len(events)
    docs = _documents(kb)
    for line in lines:
        rec = json.loads(line)
        assert {"id", "date", "enddate", "actor", "recipient", "event", "mode", "context", "event_loc",
                "event_text", "quad_code", "dead", "injured", "cite_info", "status", "attribution"} <= set(rec)  # fmt: skip
        ev = events[int(rec["id"].rsplit("-", 1)[1])]
        assert rec["event"] in PLOVER_TYPES and rec["event"] == ev.type
        assert rec["quad_code"] in {1, 2, 3, 4}
        assert rec["status"] == ev.status and rec["attribution"] == ev.attributed_to
        assert {"geonameid", "lat", "lon", "resolution"} <= set(rec["event_loc"])
        # Provenance: the citation is the source document's, the text is its evidence sentence.
        source = ev.sources[0].document
        assert rec["cite_info"]["url"] == docs[source]["url"]
        assert rec["cite_info"]["title"] == docs[source]["title"]
        assert rec["cite_info"]["publication"] == docs[source]["source"]
        assert rec["event_text"] and rec["event_text"] in docs[source]["text"]
        assert [s["doc_id"] for s in rec["cite_info"]["sources"]] == [s.document for s in ev.sources]


def test_samples_with_metadata_export_url_and_title(kb: KnowledgeBase) -> None:
    records = [json.loads(line) for line in _text(kb, "plover-jsonl").splitlines()]
    cited = [r for r in records if r["cite_info"]["url"]]
    assert cited and all(r["cite_info"]["title"] for r in cited)


# --- GeoJSON -----------------------------------------------------------------------------------


def rfc7946_problems(doc: Any) -> list[str]:
    """What makes ``doc`` an invalid RFC 7946 FeatureCollection of Points (empty list: valid)."""
    problems = []
    if doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        return ["not a FeatureCollection with a features array"]
    if "crs" in doc:
        problems.append("RFC 7946 removed the crs member")
    for i, f in enumerate(doc["features"]):
        if f.get("type") != "Feature" or "geometry" not in f or "properties" not in f:
            problems.append(f"feature {i}: needs type Feature, geometry and properties")
            continue
        if "crs" in f:
            problems.append(f"feature {i}: crs member")
        g = f["geometry"]
        if g is None:
            continue
        if g.get("type") != "Point":
            problems.append(f"feature {i}: geometry type {g.get('type')}")
            continue
        c = g.get("coordinates")
        if not (isinstance(c, list) and len(c) in (2, 3) and all(isinstance(x, int | float) for x in c)):
            problems.append(f"feature {i}: a position is [lon, lat(, alt)] numbers")
            continue
        lon, lat = c[0], c[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            problems.append(f"feature {i}: {c} out of range (lon first, then lat)")
    return problems


def test_rfc7946_checker_catches_bad_documents() -> None:
    bad = {
        "type": "FeatureCollection",
        "crs": {"type": "name"},
        "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [10, 120]}, "properties": {}}
        ],
    }
    assert len(rfc7946_problems(bad)) == 2


def test_geojson_is_valid_rfc7946_with_lon_lat_order_and_uncertainty(kb: KnowledgeBase) -> None:
    doc = json.loads(_text(kb, "geojson"))
    assert rfc7946_problems(doc) == []
    events = {e.id: e for e in list_events(kb)}
    assert len(doc["features"]) == len(events)
    located = [f for f in doc["features"] if f["geometry"]]
    assert located
    for f in located:
        place = events[f["id"]].place
        assert place is not None
        assert f["geometry"]["coordinates"] == [round(place.lon, 6), round(place.lat, 6)]
        props = f["properties"]
        assert props["precision"] == place.precision and props["uncertainty_m"] > 0
        assert props["sources"] and all(s["sentence"] for s in props["sources"])
    coarse = [f["properties"] for f in located if f["properties"]["precision"] == 4]
    fine = [f["properties"] for f in located if f["properties"]["precision"] == 1]
    if coarse and fine:
        assert min(p["uncertainty_m"] for p in coarse) > max(p["uncertainty_m"] for p in fine)


def test_geojson_with_no_matching_events_is_still_valid(kb: KnowledgeBase) -> None:
    doc = json.loads(_text(kb, "geojson", EventFilter(since=dt.date(2100, 1, 1))))
    assert doc["features"] == [] and rfc7946_problems(doc) == []


# --- GraphML / GEXF ----------------------------------------------------------------------------


def test_graphml_and_gexf_read_back_with_actor_attributes(kb: KnowledgeBase, tmp_path: Path) -> None:
    names = {r[0]: r[1] for r in kb.conn.execute("SELECT id, name FROM actors")}
    graphs = {}
    for fmt in ("graphml", "gexf"):
        raw = export_events(kb, fmt)
        assert isinstance(raw, bytes)
        path = tmp_path / f"g.{fmt}"
        path.write_bytes(raw)
        graphs[fmt] = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    gml, gexf = graphs["graphml"], graphs["gexf"]
    assert gml.number_of_nodes() == gexf.number_of_nodes() > 3
    assert gml.number_of_edges() == gexf.number_of_edges() > 0
    for node, data in gml.nodes(data=True):
        assert data["label"] == names[int(node.split(":")[1])]
        assert {"kind", "sector", "country"} <= set(data)
    relations = {d["relation"] for _, _, d in gml.edges(data=True)}
    kinds = {d["kind"] for _, _, d in gml.edges(data=True)}
    assert kinds <= {"affiliation", "event"} and relations
    dated = [d for _, _, d in gml.edges(data=True) if "start" in d]
    assert dated and all(dt.date.fromisoformat(d["start"]) <= dt.date.fromisoformat(d["end"]) for d in dated)


def test_gexf_is_dynamic_with_spells_for_gephis_timeline(kb: KnowledgeBase) -> None:
    raw = export_events(kb, "gexf")
    assert isinstance(raw, bytes)
    root = ET.fromstring(raw)
    ns = {"g": root.tag.split("}")[0].strip("{")}
    graph = root.find("g:graph", ns)
    assert graph is not None and graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    spells = root.findall(".//g:edge/g:spells/g:spell", ns)
    assert spells and all(dt.date.fromisoformat(s.get("start", "")) for s in spells)


# --- STIX 2.1 ----------------------------------------------------------------------------------


def test_stix_bundle_parses_strictly_with_confidence_and_references(kb: KnowledgeBase) -> None:
    text = _text(kb, "stix")
    bundle = stix2.parse(text, allow_custom=False)
    objects = bundle.objects
    by_id = {o.id: o for o in objects}
    assert len(by_id) == len(objects)
    types = {o.type for o in objects}
    assert {"report", "location"} <= types and types & {"threat-actor", "identity"}
    docs = _documents(kb)
    urls = {d["url"] for d in docs.values() if d["url"]}
    reports = [o for o in objects if o.type == "report"]
    assert len(reports) == len(list_events(kb))
    for report in reports:
        status = next(label.split(":", 1)[1] for label in report.labels if label.startswith("status:"))
        assert report.confidence == STATUS_CONFIDENCE[status]
        assert all(ref in by_id for ref in report.object_refs)
        assert report.external_references
        for ref in report.external_references:
            assert ref.external_id in docs
            assert getattr(ref, "url", None) in urls | {None}
    for loc in (o for o in objects if o.type == "location"):
        assert loc.precision > 0 and -90 <= loc.latitude <= 90
    for rel in (o for o in objects if o.type in ("relationship", "sighting")):
        refs = [rel.source_ref, rel.target_ref] if rel.type == "relationship" else [rel.sighting_of_ref]
        assert all(r in by_id for r in refs) and 0 <= rel.confidence <= 100
    assert any(getattr(o, "aliases", None) for o in objects if o.type == "threat-actor")


def test_stix_strict_parse_would_reject_a_custom_property(kb: KnowledgeBase) -> None:
    doc = json.loads(_text(kb, "stix"))
    doc["objects"][0]["x_newsgraph_status"] = "claimed"
    with pytest.raises(stix2.exceptions.STIXError):
        stix2.parse(json.dumps(doc), allow_custom=False)


# --- filters, registry and CLI -----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["acled-csv", "plover-jsonl", "geojson"])
def test_filters_choose_the_same_events_as_newsgraph_events(kb: KnowledgeBase, fmt: str) -> None:
    flt = EventFilter(type="ASSAULT")
    want = len(list_events(kb, flt))
    assert 0 < want < len(list_events(kb))
    text = _text(kb, fmt, flt)
    got = (
        len(json.loads(text)["features"])
        if fmt == "geojson"
        else len(text.splitlines()) - (1 if fmt == "acled-csv" else 0)
    )
    assert got == want


def test_exports_are_deterministic(kb: KnowledgeBase) -> None:
    for fmt in ("acled-csv", "plover-jsonl", "geojson", "graphml", "stix"):
        assert export_events(kb, fmt) == export_events(kb, fmt), fmt


def test_cli_export_to_file_and_stdout(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "events.geojson"
    result = runner.invoke(app, ["--db", str(db), "export", "--format", "geojson", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert rfc7946_problems(json.loads(out.read_text(encoding="utf-8"))) == []
    result = runner.invoke(app, ["--db", str(db), "export", "--format", "acled-csv", "--type", "ASSAULT"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == ",".join(ACLED_COLUMNS)
    result = runner.invoke(app, ["--db", str(db), "export", "--format", "graphml"])
    assert result.exit_code == 0 and result.stdout.startswith("<?xml")


def test_cli_errors_teach(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(db), "export", "--format", "shapefile"])
    assert result.exit_code == 2
    assert all(name in result.output for name in FORMATS)
    result = runner.invoke(app, ["--db", str(db), "export", "--format", "jsonl", "--type", "ASSAULT"])
    assert result.exit_code == 2 and "whole knowledge base" in result.output
    out = tmp_path / "x.csv"
    result = runner.invoke(app, ["--db", str(db), "export", "--format", "acled-csv", "--since", "last week", "--out", str(out)])  # fmt: skip
    assert result.exit_code == 2 and not out.exists()
    result = runner.invoke(
        app, ["--db", str(db), "export", "-f", "stix", "-o", str(tmp_path / "no" / "x.json")]
    )
    assert result.exit_code == 2 and "folder" in result.output
    result = runner.invoke(app, ["--db", str(tmp_path / "none.db"), "export", "--format", "stix"])
    assert result.exit_code == 2 and "ingest" in result.output


def test_format_names_are_case_insensitive() -> None:
    assert get_format("GeoJSON").name == "geojson"


# --- the seeds (shared) ------------------------------------------------------------------------


@pytest.mark.shared
def test_seed_exports_parse_and_cite_their_sources(
    seeds_dir: Path, pipeline: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = build_kb(
        tmp_path_factory.mktemp("seeds") / "kb.db",
        pipeline,
        sorted(seeds_dir.glob("*.txt")),
        dt.date(2019, 6, 14),
    )
    with open_kb(path, create=False) as seeds:
        events = list_events(seeds)
        assert events
        stix2.parse(_text(seeds, "stix"), allow_custom=False)
        assert rfc7946_problems(json.loads(_text(seeds, "geojson"))) == []
        rows = list(csv.DictReader(io.StringIO(_text(seeds, "acled-csv"), newline="")))
        assert len(rows) == len(events)
        assert all(r["notes"] for r in rows)
        dated = [r for r in rows if r["event_date"]]
        assert dated and all(r["event_date"] <= "2019-06-14" for r in dated)
        for line in _text(seeds, "plover-jsonl").splitlines():
            rec = json.loads(line)
            assert rec["event_text"] and rec["cite_info"]["sources"][0]["doc_id"]
