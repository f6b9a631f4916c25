"""Gazetteer: name folding, the default index, and an index built from a GeoNames dump."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from newsgraph.nlp.places.gazetteer import GazetteerError, build_index, get_gazetteer, haversine_km
from newsgraph.nlp.places.index import read_regions
from newsgraph.nlp.places.names import fold_name, skeleton


@pytest.mark.parametrize(
    ("a", "b"),
    [("Lattakia", "Latakia"), ("Jisr al-Shughour", "Jisr ash-Shughur"), ("Jableh", "Jablah"),
     ("Raqqa", "Ar Raqqah"), ("Deir el-Zour", "Deir ez-Zor"), ("Ḩamāh", "Hama")],
)  # fmt: skip
def test_transliteration_variants_share_a_skeleton(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


def test_fold_name_handles_any_script_and_punctuation() -> None:
    assert fold_name("  Ḩamāh ") == "hamah"
    assert fold_name("حماة") == "حماة"
    assert fold_name("!!!") == ""


def test_regions_file_parses_with_coordinates_in_range() -> None:
    rows = read_regions()
    assert len(rows) >= 60
    for entry, _aliases in rows:
        assert -90 <= float(entry["lat"]) <= 90 and -180 <= float(entry["lon"]) <= 180  # type: ignore[arg-type]


def test_default_index_knows_towns_provinces_countries_and_regions() -> None:
    gaz = get_gazetteer()
    features = {c.entry.feature for c in gaz.lookup("Hama")}
    assert {"city", "admin1"} <= features
    assert any(c.entry.feature == "country" and c.entry.country_code == "SY" for c in gaz.lookup("Syria"))
    golan = [c for c in gaz.lookup("Golan Heights") if c.entry.source == "regions"]
    assert golan and haversine_km(golan[0].entry.lat, golan[0].entry.lon, 33.0, 35.75) < 30
    tadmur = [c for c in gaz.lookup("Palmyra") if c.entry.country_code == "SY"]
    assert tadmur and tadmur[0].exact
    assert gaz.lookup("") == () and gaz.lookup("Xqzzvvy") == ()


def test_index_opens_fast_and_looks_up_fast() -> None:
    from newsgraph.nlp.places.gazetteer import Gazetteer

    path = get_gazetteer().path
    started = time.perf_counter()
    gaz = Gazetteer(path)
    for name in ("Aleppo", "Mosul", "Kherson", "Reading", "Tehran"):
        gaz.lookup(name)
    assert time.perf_counter() - started < 1.0
    gaz.close()


DUMP_ROWS = [
    # geonameid name asciiname alternatenames lat lon fclass fcode cc cc2 admin1 admin2 admin3 admin4 pop elev dem tz date
    ("9000001", "Qaryat Test", "Qaryat Test", "Test Village,Qariat Test", "35.5", "36.5", "P", "PPL", "SY", "",
     "10", "", "", "", "1200", "", "300", "Asia/Damascus", "2020-01-01"),
    ("9000002", "Muhafazat Test", "Muhafazat Test", "Test Governorate", "35.2", "36.7", "A", "ADM1", "SY", "",
     "10", "", "", "", "900000", "", "300", "Asia/Damascus", "2020-01-01"),
    ("9000003", "Jabal Test", "Jabal Test", "Mount Test", "35.0", "36.0", "T", "MT", "SY", "",
     "10", "", "", "", "0", "", "900", "Asia/Damascus", "2020-01-01"),
    ("9000004", "Some Road", "Some Road", "", "35.0", "36.0", "R", "RD", "SY", "",
     "10", "", "", "", "0", "", "900", "Asia/Damascus", "2020-01-01"),
]  # fmt: skip


def test_build_index_from_a_geonames_dump(tmp_path: Path) -> None:
    from newsgraph.nlp.places.gazetteer import Gazetteer

    dump = tmp_path / "cities_test.txt"
    dump.write_text("".join("\t".join(r) + "\n" for r in DUMP_ROWS), encoding="utf-8")
    path = build_index(tmp_path / "idx.sqlite", geonames_dump=dump)
    gaz = Gazetteer(path)
    village = [c for c in gaz.lookup("Test Village") if c.entry.geonames_id == 9000001]
    assert village and village[0].entry.feature == "city" and village[0].entry.admin1 == "SY.10"
    assert [c.entry.feature for c in gaz.lookup("Test Governorate")] == ["admin1"]
    assert [c.entry.feature for c in gaz.lookup("Mount Test")] == ["landform"]
    assert gaz.lookup("Some Road") == ()  # roads are not places we geocode
    assert any(c.entry.source == "regions" for c in gaz.lookup("Donbas"))
    assert any(c.entry.feature == "country" for c in gaz.lookup("Syria"))
    gaz.close()


def test_build_index_rejects_a_file_that_is_not_a_dump(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("name,lat,lon\nX,1,2\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="19 tab-separated"):
        build_index(tmp_path / "idx.sqlite", geonames_dump=bad)
    with pytest.raises(GazetteerError, match="not found"):
        build_index(tmp_path / "idx.sqlite", geonames_dump=tmp_path / "missing.txt")


SAMPLE_DUMP = Path(__file__).parent / "fixtures" / "geonames_sample.txt"


def test_gazetteer_build_cli_indexes_districts_and_landmarks_of_a_dump(tmp_path: Path) -> None:
    """`newsgraph gazetteer build --geonames FILE` on a small GeoNames-format file (invented places):
    districts and sub-districts are admin2, air bases, dams, hospitals and prisons are sites at their
    own point, roads are left out."""
    from typer.testing import CliRunner

    from newsgraph.cli import app
    from newsgraph.nlp.places.gazetteer import GEONAMES_INDEX, Gazetteer

    result = CliRunner().invoke(
        app, ["gazetteer", "build", "--geonames", str(SAMPLE_DUMP), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    gaz = Gazetteer(tmp_path / GEONAMES_INDEX)
    features = {name: {c.entry.feature for c in gaz.lookup(name) if c.exact}
                for name in ("Namir District", "Sawwan Subdistrict", "Namir Air Base", "Sawwan Dam",
                             "Namir National Hospital", "Namir Central Prison", "Wadi Namir", "Lake Sawwan")}  # fmt: skip
    assert features == {
        "Namir District": {"admin2"}, "Sawwan Subdistrict": {"admin2"}, "Namir Air Base": {"site"},
        "Sawwan Dam": {"site"}, "Namir National Hospital": {"site"}, "Namir Central Prison": {"site"},
        "Wadi Namir": {"city"}, "Lake Sawwan": {"water"},
    }  # fmt: skip
    assert gaz.lookup("Namir Road") == ()
    base = next(c.entry for c in gaz.lookup("Namir Air Base"))
    assert (base.lat, base.lon) == (35.36, 36.75)  # its own point, not the town's
    gaz.close()
