"""Display names: a resolved place shows the English name readers expect ("Palmyra", not GeoNames'
"Tadmur"), keeps GeoNames' name and the text's form, and the knowledge base lists it by that name
(newsgraph.nlp.places.display, kb/facts, query/places)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import places_by_text as _places

from newsgraph.kb.store import open_kb
from newsgraph.nlp.pipeline import Pipeline
from newsgraph.nlp.places.display import ExonymTableError, _table, display_name
from newsgraph.query.filters import PlaceFilter
from newsgraph.query.places import list_places

TEXT = (
    "Government forces retook Tadmur and shelled Al-Hasakah, while rebels held Jisr al-Shughour, "
    "west of Hama, and fighting went on in Palmyra's old city."
)


def test_a_resolved_place_shows_its_english_name_and_keeps_the_others(pipeline: Pipeline) -> None:
    places = _places(pipeline, TEXT)
    tadmur = places["Tadmur"]
    assert (tadmur.text, tadmur.name, tadmur.display_name) == ("Tadmur", "Tadmur", "Palmyra"), tadmur
    assert places["Palmyra"].geonames_id == tadmur.geonames_id and places["Palmyra"].shown_name == "Palmyra"
    assert places["Al-Hasakah"].display_name == "Hasakah"
    assert "ā" not in places["Jisr al-Shughour"].display_name and places["Hama"].display_name == "Hama"


@pytest.mark.parametrize(
    ("name", "cc", "shown"),
    [
        ("Dar‘ā", "SY", "Daraa"),  # the table, matched on the loose key
        ("Ḩarastā", "SY", "Harasta"),  # not in the table: transliteration marks dropped
        ("Şanlıurfa", "TR", "Şanlıurfa"),  # a Turkish letter is no transliteration mark
        ("Zürich", "CH", "Zürich"),
        ("Springfield", None, "Springfield"),
    ],
)
def test_display_name_rules(name: str, cc: str | None, shown: str) -> None:
    assert display_name(name, cc) == shown


def test_a_malformed_table_row_says_which_line(tmp_path: Path) -> None:
    bad = tmp_path / "exonyms.tsv"
    bad.write_text("# comment\nSY\tTadmur\n", encoding="utf-8")
    with pytest.raises(ExonymTableError, match=r"exonyms.tsv:2: expected 3"):
        _table(bad)


def test_the_knowledge_base_lists_a_place_by_its_display_name(tmp_path: Path, pipeline: Pipeline) -> None:
    with open_kb(tmp_path / "kb.db") as kb:
        kb.add(pipeline.extract(TEXT, origin="palmyra.txt"))
        names = {r.name for r in list_places(kb).items}
        assert {"Palmyra", "Hasakah"} <= names and "Tadmur" not in names, names
        assert [r.name for r in list_places(kb, PlaceFilter(q="Tadmur")).items] == ["Palmyra"]
        stored = kb.conn.execute(
            "SELECT p.name FROM places p JOIN place_display d ON d.place_id = p.id WHERE d.name = 'Palmyra'"
        ).fetchone()
        assert stored == ("Tadmur",)  # GeoNames' own name stays the record's name
