"""`newsgraph report`: one self-contained offline HTML file with the events, escaped."""

from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from test_api import XSS_TITLE, build_kb
from typer.testing import CliRunner


@pytest.fixture(scope="module")
def kb_path(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Path:
    return build_kb(tmp_path_factory.mktemp("reportkb") / "kb.db", pipeline)


def _run(*args: str) -> Any:
    from newsgraph.cli import app

    return CliRunner().invoke(app, list(args))


def test_brief_is_self_contained_and_lists_the_events(kb_path: Path, tmp_path: Path) -> None:
    from newsgraph import query as q
    from newsgraph.query.events import list_events

    out = tmp_path / "brief.html"
    result = _run("--db", str(kb_path), "report", "--out", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    # Nothing is fetched: no external scripts, stylesheets, frames or images.
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc\s*=", page, re.I)
    assert not re.search(r"<link[^>]*href\s*=\s*[\"']?https?:", page, re.I)
    assert "Plotly.newPlot" in page and "<div id='map'>" in page and "<div id='network'>" in page
    with q.open_readonly(kb_path) as kb:
        page_events = list_events(kb, q.EventFilter(limit=q.MAX_LIMIT))
    rows = re.findall(r"<tr><td>(\d+)</td>", page)
    assert sorted(map(int, rows)) == sorted(e.id for e in page_events.items)
    assert page_events.total >= 5


def test_brief_escapes_article_text(kb_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    assert _run("--db", str(kb_path), "report", "--out", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert html.escape(XSS_TITLE) in page  # the hostile article's events are in the brief...
    assert XSS_TITLE not in page  # ...but never as live markup
    assert "<script>window.__xss" not in page and "<img src=x" not in page
    data = re.search(r"var FIGS = (.*?);for \(var k", page, re.S)
    assert data is not None and "</" not in data.group(1)
    json.loads(data.group(1))


def test_brief_filters(kb_path: Path, tmp_path: Path) -> None:
    from newsgraph import query as q
    from newsgraph.query.events import list_events

    with q.open_readonly(kb_path) as kb:
        etype = list_events(kb, q.EventFilter(limit=1)).items[0].type
        expected = list_events(kb, q.EventFilter(type=etype, limit=q.MAX_LIMIT)).total
    out = tmp_path / "typed.html"
    result = _run("--db", str(kb_path), "report", "--out", str(out), "--type", etype)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert len(re.findall(r"<tr><td>\d+</td>", page)) == expected
    assert f"type={etype}" in page


def test_bad_date_and_missing_db_are_usage_errors(kb_path: Path, tmp_path: Path) -> None:
    bad_date = _run("--db", str(kb_path), "report", "--out", str(tmp_path / "x.html"), "--from", "yesterday")
    assert bad_date.exit_code == 2
    missing = _run("--db", str(tmp_path / "none.db"), "report", "--out", str(tmp_path / "y.html"))
    assert missing.exit_code == 2 and "newsgraph ingest" in missing.output
    assert not (tmp_path / "y.html").exists()


def _event(
    eid: int, *, precision: int, tp: str, start: str | None, end: str | None, fatalities: int | None = None
) -> Any:
    from newsgraph.query.records import EventRecord, PlaceRef

    place = PlaceRef(f"P{eid}", 35.0, 36.0, "SY", None, precision, id=eid, feature="city")
    return EventRecord(
        id=eid, type="ASSAULT", mode=None, acled_event_type=None, acled_sub_event_type=None, actors=(),
        targets=(), place=place, date_start=start, date_end=end, time_precision=tp, fatalities=fatalities,
        status="reported", attributed_to=None, in_comments=False, sources=(), confidence=0.5,
    )  # fmt: skip


def test_month_precise_events_span_their_month() -> None:
    from newsgraph.web.ui import timeline_figure

    fig = timeline_figure(
        [
            _event(1, precision=1, tp="month", start="2015-10-01", end="2015-10-31"),
            _event(2, precision=1, tp="day", start="2015-10-08", end="2015-10-08"),
            _event(3, precision=1, tp="unknown", start=None, end=None),
        ]
    )
    bar = fig.data[0]
    widths = dict(zip(bar.customdata, bar.x, strict=True))
    assert widths == {1: 31 * 86_400_000, 2: 86_400_000}  # the undated event is not drawn as a day
    assert dict(zip(bar.customdata, bar.base, strict=True))[1] == "2015-10-01"


def test_coarse_places_are_areas_not_pins() -> None:
    import dash_leaflet as dl

    from newsgraph.web.mapview import map_areas, map_points

    town, province, country = (
        _event(1, precision=1, tp="day", start="2015-10-08", end="2015-10-08", fatalities=16),
        _event(2, precision=3, tp="day", start="2015-10-08", end="2015-10-08"),
        _event(3, precision=4, tp="day", start="2015-10-08", end="2015-10-08"),
    )
    # Only the town-precise event is a (clusterable) point, sized by its death toll.
    points = map_points([town, province, country])["features"]
    assert [f["properties"]["id"] for f in points] == [1]
    assert points[0]["geometry"]["type"] == "Point"
    unhurt = map_points([_event(9, precision=1, tp="day", start=None, end=None)])["features"][0]
    assert points[0]["properties"]["radius"] > unhurt["properties"]["radius"]
    # The coarse ones are uncertainty circles, never points.
    areas = map_areas([town, province, country])
    assert [a.id["index"] for a in areas] == [2, 3]
    assert all(isinstance(a, dl.Circle) for a in areas)
    assert areas[1].radius > areas[0].radius  # a country is a wider uncertainty than a province


def test_clicking_a_cluster_opens_nothing_but_a_point_opens_its_event() -> None:
    from newsgraph.web.mapview import clicked_event, map_points

    feature = map_points([_event(7, precision=1, tp="day", start=None, end=None)])["features"][0]
    assert clicked_event(feature) == 7
    assert clicked_event({"properties": {"cluster": True, "id": 3, "point_count": 4}}) is None
    assert clicked_event(None) is None


def _key_actors(page: str) -> list[str]:
    block = re.search(r"<ol id='actors'>(.*?)</ol>", page, re.S)
    assert block is not None
    return [html.unescape(n).strip() for n in re.findall(r"<li>(.*?) <small>", block.group(1))]


def test_an_actor_brief_shows_that_actors_neighbourhood_only(kb_path: Path, tmp_path: Path) -> None:
    from newsgraph import query as q
    from newsgraph.query.actors import list_actors
    from newsgraph.query.events import list_events

    with q.open_readonly(kb_path) as kb:
        everything = list_events(kb, q.EventFilter(limit=q.MAX_LIMIT)).items
        named = {p.id: p.name for e in everything for p in (*e.actors, *e.targets) if p.id is not None}
        # The actor in the most events with someone else in them: a brief with a neighbourhood.
        focus = max(
            named,
            key=lambda a: sum(
                1
                for e in everything
                if a in {p.id for p in (*e.actors, *e.targets)} and len(e.actors + e.targets) > 1
            ),
        )
        slice_events = list_events(kb, q.EventFilter(actor=str(focus), limit=q.MAX_LIMIT)).items
        all_actors = {a.name for a in list_actors(kb, q.ActorFilter(limit=q.MAX_LIMIT)).items}
    neighbours = {p.name for e in slice_events for p in (*e.actors, *e.targets) if p.id is not None}
    out = tmp_path / "actor.html"
    result = _run("--db", str(kb_path), "report", "--out", str(out), "--actor", str(focus))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    listed = _key_actors(page)
    assert listed and listed[0] == named[focus]  # the brief's own actor leads: it is in every event
    assert set(listed) <= neighbours
    outsiders = all_actors - neighbours
    assert outsiders, "the sample KB should have actors unrelated to the focus"
    figs = json.loads(re.search(r"var FIGS = (.*?);for \(var k", page, re.S).group(1))  # type: ignore[union-attr]
    in_network = {t.rsplit(" (", 1)[0] for t in figs["network"]["data"][1]["hovertext"]}
    assert in_network and in_network <= neighbours
    assert not (set(listed) | in_network) & outsiders
    rows = re.findall(r"<tr><td>(\d+)</td>", page)
    assert sorted(map(int, rows)) == sorted(e.id for e in slice_events)


def test_the_brief_map_is_the_offline_basemap(kb_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    assert _run("--db", str(kb_path), "report", "--out", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    svg = re.search(r"<div id='map'>(<svg.*?</svg>)</div>", page, re.S)
    assert svg is not None
    assert svg.group(1).count("class='bm-land'") >= 5 and "class='bm-country'" in svg.group(1)
    assert re.search(r"class='bm-label bm-label-country'[^>]*>[A-Z ]+</text>", svg.group(1))
    assert svg.group(1).count("class='ev-mark") >= 3
    assert "http" not in svg.group(1).replace("http://www.w3.org/2000/svg", "")


def test_view_fits_the_events_and_keeps_proportions() -> None:
    from newsgraph.web.report_map import MIN_SPAN_DEG, view_for

    v = view_for([(36.2, 33.5), (37.1, 36.2), (43.1, 36.3)], width=900, height=480)
    for lon, lat in [(36.2, 33.5), (37.1, 36.2), (43.1, 36.3)]:
        x, y = v.xy(lon, lat)
        assert 0 < x < 900 and 0 < y < 480
    assert v.north - v.south >= MIN_SPAN_DEG
    # A degree of longitude is narrower than one of latitude by cos(latitude) on the canvas.
    ratio = ((v.east - v.west) / 900) / ((v.north - v.south) / 480)
    assert abs(ratio * math.cos(math.radians((v.north + v.south) / 2)) - 1) < 0.01
