"""The workbench map air-gapped: every request off loopback is refused, and the map still shows
land, sea, borders and labels from the basemap shipped in the package."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from test_api import ServerThread, build_kb
from test_ui_browser import ARGS, CHROMIUM, Watched

from newsgraph.web.basemap import LAND, SEA

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium (make test installs it)"
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Iterator[ServerThread]:
    db = build_kb(tmp_path_factory.mktemp("offlinekb") / "kb.db", pipeline)
    with ServerThread(db) as s:
        yield s


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def pixel(page: Any, x: float, y: float) -> tuple[int, int, int]:
    """The colour at a page point, from a 1x1 PNG screenshot (a lone pixel's PNG filter is a no-op)."""
    png = page.screenshot(clip={"x": x, "y": y, "width": 1, "height": 1})
    chunks, pos = {}, 8
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind = png[pos + 4 : pos + 8]
        chunks[kind] = chunks.get(kind, b"") + png[pos + 8 : pos + 8 + length]
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (width, height, depth) == (1, 1, 8) and colour in (2, 6), (width, height, depth, colour)
    raw = zlib.decompress(chunks[b"IDAT"])
    return raw[1], raw[2], raw[3]


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def near(a: tuple[int, int, int], b: tuple[int, int, int], tolerance: int = 12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def screen_point(page: Any, lat: float, lon: float) -> tuple[float, float]:
    """Page coordinates of a latitude/longitude on the workbench map (via its Leaflet instance)."""
    xy = page.evaluate(
        "([lat, lon]) => { const m = window.newsgraph.map; const p = m.latLngToContainerPoint([lat, lon]);"
        " const r = m.getContainer().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }",
        [lat, lon],
    )
    return float(xy[0]), float(xy[1])


def test_map_shows_land_borders_and_labels_with_every_outside_request_refused(
    browser: Any, server: ServerThread
) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    refused: list[str] = []

    def guard(route: Any) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("internetdisconnected")

    context.route("**/*", guard)
    w = Watched(context, server.url)
    page = w.page
    page.goto(server.url + "/", wait_until="commit")
    page.wait_for_selector(".ev-mark", timeout=30_000)
    page.wait_for_function(
        "() => document.querySelectorAll('#map path.bm-land').length > 500", timeout=30_000
    )
    assert page.locator("#map path.bm-country").count() >= 1
    assert page.locator("#map path.bm-admin1").count() >= 1
    assert not refused, refused  # tiles are off by default: nothing even tries to leave

    # A fixed view over Africa: a point inside the continent is land, one in the Gulf of Guinea sea.
    # (return nothing: handing the Leaflet map object back to Python would serialise all of it)
    # The map object is handed over when the first label is drawn; the labels file can arrive after
    # the shapes (on a cold cache both are derived on the first request), so wait for it too.
    page.wait_for_function("() => window.newsgraph && window.newsgraph.map", timeout=30_000)
    page.evaluate("() => { window.newsgraph.map.setView([10, 15], 4, {animate: false}); }")
    page.wait_for_timeout(800)
    land = pixel(page, *screen_point(page, 8.0, 20.0))  # the Central African Republic / Chad
    sea = pixel(page, *screen_point(page, -2.0, 2.0))  # the Gulf of Guinea
    assert near(sea, hex_rgb(SEA)), sea
    assert near(land, hex_rgb(LAND)) and not near(land, sea), land
    labels = page.locator(".bm-label-country span:visible").all_inner_texts()
    assert "NIGERIA" in {t.upper() for t in labels}, labels[:20]

    # Online tiles stay an option: switched on, their requests are refused and the land still shows.
    page.locator(".leaflet-control-layers").hover()
    page.locator(".leaflet-control-layers-overlays input").check()
    page.wait_for_timeout(1500)
    assert refused and all("tile.openstreetmap.org" in u for u in refused), refused[:5]
    assert near(pixel(page, *screen_point(page, 8.0, 20.0)), hex_rgb(LAND))
    w.check_clean()
    context.close()
