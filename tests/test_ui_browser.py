"""The workbench in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright)."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from test_api import XSS_TITLE, ServerThread, build_kb

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Screenshots go to a temporary folder; set SCREENSHOT_DIR=docs/screenshots to refresh the README's.
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR") or tempfile.mkdtemp(prefix="newsgraph-shots-"))
TILE_HOST = re.compile(r"^[a-c]\.tile\.openstreetmap\.org$")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium (make test installs it)"
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Iterator[ServerThread]:
    db = build_kb(tmp_path_factory.mktemp("uikb") / "kb.db", pipeline)
    with ServerThread(db) as s:
        yield s


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Watched:
    """A page whose console errors, dialogs and outside requests are recorded."""

    def __init__(self, browser: Any, base: str) -> None:
        # A browser opens a page of its own size; a context (with its routes) has its viewport set.
        is_browser = hasattr(browser, "new_context")
        self.page = (
            browser.new_page(viewport={"width": 1400, "height": 1000}) if is_browser else browser.new_page()
        )
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.hosts: set[str] = set()
        self.base = base
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: self.hosts.add(urlsplit(r.url).hostname or r.url))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def check_clean(self) -> None:
        """Only tile failures may show in the console, and only tiles may be requested off loopback."""
        unexpected = [
            e
            for e in self.errors
            if "ERR_NAME_NOT_RESOLVED" not in e and "ERR_INTERNET_DISCONNECTED" not in e
        ]
        assert not unexpected, unexpected
        outside = {h for h in self.hosts if h != "127.0.0.1" and not TILE_HOST.match(h)}
        assert not outside, outside
        assert not self.dialogs

    def shot(self, name: str, selector: str | None = None) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = self.page.locator(selector) if selector else self.page
        target.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def network_node_count(page: Any) -> int:
    # cytoscape.js keeps its instance on the container element (_cyreg).
    return int(
        page.evaluate(
            "() => { for (const el of document.querySelectorAll('#network, #network *')) {"
            " if (el._cyreg && el._cyreg.cy) return el._cyreg.cy.nodes().length; } return -1; }"
        )
    )


# Leaflet scales its zoom-animation proxy by 2 ** (zoom - 1) after every move: the map's zoom level.
MAP_ZOOM_JS = (
    "() => { const m = /scale\\(([0-9.e+-]+)\\)/.exec(document.querySelector('#map .leaflet-proxy')"
    ".style.transform); return m ? Math.log2(parseFloat(m[1])) + 1 : -1; }"
)


def map_zoom(page: Any) -> float:
    return float(page.evaluate(MAP_ZOOM_JS))


def test_map_network_and_click_through_to_evidence(browser: Any, server: ServerThread) -> None:
    w = Watched(browser, server.url)
    page = w.page
    page.goto(server.url + "/", wait_until="commit")
    page.wait_for_selector(".ev-mark", timeout=30_000)
    assert page.locator("path.ev-mark").count() >= 3
    page.wait_for_function(
        "() => document.querySelectorAll('#timeline .bars path, #timeline .point path').length > 0"
    )
    page.wait_for_timeout(500)
    assert network_node_count(page) >= 2
    w.shot("workbench")
    w.shot("network", "#network")

    # Click a town-precise event on the map: the document view opens at its evidence sentence.
    # Markers may overlap; dispatch the click on the chosen one so the test knows which it opened.
    marker = page.locator("path.ev-point").first
    event_id = int(re.search(r"ev-(\d+)", marker.get_attribute("class") or "").group(1))  # type: ignore[union-attr]
    marker.dispatch_event("click")
    page.wait_for_selector("#evidence", timeout=15_000)
    event = httpx.get(f"{server.url}/api/events/{event_id}").json()
    sentence = event["sources"][0]["sentence"]
    shown = page.locator("#doc-text .evidence").all_inner_texts()
    assert " ".join("".join(shown).split()) in " ".join(sentence.split())
    assert len("".join(shown).strip()) > 10
    assert f"doc={event['sources'][0]['document']}" in page.url
    w.shot("document", "#doc-view")
    w.check_clean()
    page.close()


def test_actor_filter_and_dossier(browser: Any, server: ServerThread) -> None:
    w = Watched(browser, server.url)
    page = w.page
    page.goto(server.url + "/", wait_until="commit")
    page.wait_for_selector(".ev-mark", timeout=30_000)
    all_count = page.locator("#f-count").inner_text()
    events = httpx.get(f"{server.url}/api/events", params={"limit": 500}).json()["items"]
    listed = {a["id"] for a in httpx.get(f"{server.url}/api/actors", params={"limit": 500}).json()["items"]}
    actor = next(p for e in events for p in e["actors"] + e["targets"] if p.get("id") in listed)
    expected = httpx.get(f"{server.url}/api/events", params={"actor": actor["id"], "limit": 1}).json()[
        "total"
    ]

    page.locator("#f-actor").click()
    page.keyboard.type(actor["name"])
    page.locator(".dash-dropdown-option, [role=option]").filter(has_text=actor["name"]).first.click()
    page.wait_for_function(
        f"() => document.querySelector('#f-count').innerText.startsWith('{expected} events')"
    )
    assert page.locator("#f-count").inner_text() != all_count or expected == len(events)
    page.wait_for_selector("#dossier-name", timeout=15_000)
    assert page.locator("#dossier-name").inner_text() == actor["name"]
    w.shot("dossier", "#dossier")

    # Every event row opens its evidence: clicking one lands on the marked sentence.
    cell = page.locator("#events-grid td[data-dash-column=event]").first
    cell.click()
    page.wait_for_selector("#evidence", timeout=15_000)
    assert "doc=" in page.url
    w.shot("claims", "#claims-grid")
    w.check_clean()
    page.close()


def test_hostile_article_renders_as_text(browser: Any, server: ServerThread) -> None:
    docs = httpx.get(f"{server.url}/api/documents", params={"limit": 500}).json()["items"]
    hostile = next(d for d in docs if d["title"] == XSS_TITLE)
    w = Watched(browser, server.url)
    page = w.page
    page.goto(f"{server.url}/?doc={hostile['id']}&s=0&e=40", wait_until="commit")
    page.wait_for_selector("#doc-title", timeout=30_000)
    page.wait_for_timeout(500)
    assert page.locator("#doc-title").inner_text() == XSS_TITLE
    assert "<script>" in page.locator("#doc-text").inner_text()
    assert page.locator("#doc-view img, #doc-view script, #doc-view a[href^='javascript']").count() == 0
    assert page.evaluate("() => window.__xss") is None
    w.check_clean()
    page.close()


def test_town_points_cluster_and_keep_colour_and_size(browser: Any, server: ServerThread) -> None:
    from newsgraph.web.mapview import TYPE_COLOURS, point_radius

    events = httpx.get(f"{server.url}/api/events", params={"limit": 500}).json()["items"]
    towns = {e["id"]: e for e in events if e["place"] and (e["place"]["precision"] or 1) < 2}
    w = Watched(browser, server.url)
    page = w.page
    page.goto(server.url + "/", wait_until="commit")
    page.wait_for_selector("path.ev-point", timeout=30_000)
    page.wait_for_timeout(500)
    # Every town-precise event is drawn once: alone as a point, or counted in a cluster.
    counts = [int(t) for t in page.locator(".marker-cluster span").all_inner_texts()]
    points = page.locator("path.ev-point")
    shown = [int(re.search(r"ev-(\d+)", points.nth(i).get_attribute("class") or "").group(1)) for i in range(points.count())]  # type: ignore[union-attr]  # fmt: skip
    assert counts, "no clusters on the sample corpus"
    assert sum(counts) + len(shown) == len(towns)
    assert set(shown) <= set(towns)
    # A lone point keeps its type colour and its fatality size.
    first = points.first
    event = towns[shown[0]]
    assert first.get_attribute("fill") == TYPE_COLOURS.get(event["type"], "#555")
    box = first.bounding_box()
    assert box is not None and abs(box["width"] - 2 * point_radius(event["fatalities"]) - 1) <= 2
    # Clicking a cluster opens it (zooms in, or spreads out points at one spot) and no document.
    zoom, alone = map_zoom(page), points.count()
    page.locator(".marker-cluster").filter(has_text=str(max(counts))).first.click()
    page.wait_for_function(
        f"() => ({MAP_ZOOM_JS})() > {zoom} || document.querySelectorAll('path.ev-point').length > {alone}",
        timeout=10_000,
    )
    page.wait_for_timeout(500)
    assert page.locator("#evidence").count() == 0 and "doc=" not in page.url
    w.check_clean()
    page.close()
