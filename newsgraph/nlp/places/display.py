"""The English name a reader expects for a resolved place: "Palmyra" for GeoNames' "Tadmur",
"Hasakah" for "Al Ḩasakah".

A table of common English names (``data/regions/exonyms.tsv``, matched within the country on the
loose transliteration key of :mod:`newsgraph.nlp.places.names`), else GeoNames' name without the
marks of Arabic transliteration (dots below, macrons, the ʿayn and hamza signs), which English
news never prints. The record keeps GeoNames' own name as well; the text's form is the mention's.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from newsgraph.errors import NewsgraphError
from newsgraph.nlp.places.names import skeleton

EXONYMS_FILE = Path(__file__).resolve().parents[2] / "data" / "regions" / "exonyms.tsv"

# Marks of scholarly transliteration (combining dot below, macron, breve below, dot above, and the
# cedilla that GeoNames puts under Arabic emphatics) and the ʿayn/hamza signs.
_TRANSLIT_MARKS = frozenset({"\u0323", "\u0304", "\u032e", "\u0307", "\u0327", "\u0331"})
_AYN_HAMZA = str.maketrans("", "", "ʿʾ‘’ʻʼ")
# Countries whose GeoNames names are transliterated from Arabic or Persian: elsewhere a cedilla
# is the language's own letter (Turkish "Şanlıurfa", French "Besançon") and stays.
_TRANSLITERATED = frozenset({"DZ", "BH", "EG", "IQ", "JO", "KW", "LB", "LY", "MA", "MR", "OM", "PS", "QA", "SA",
                             "SD", "SS", "SO", "SY", "TN", "AE", "YE", "EH", "TD", "IR", "AF"})  # fmt: skip


class ExonymTableError(NewsgraphError):
    """A row of the display-name table is malformed."""


@functools.cache
def _table(path: Path = EXONYMS_FILE) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 3 or not all(c.strip() for c in cols):
            raise ExonymTableError(
                f"{path}:{lineno}: expected 3 tab-separated columns (country, GeoNames spellings, English "
                f"name), got {len(cols)}: fix the row or remove it"
            )
        cc, spellings, english = (c.strip() for c in cols)
        for spelling in spellings.split("|"):
            out[(cc, skeleton(spelling))] = english
    return out


def _plain(name: str) -> str:
    """ "Ḩamāh" -> "Hamah", "Dar‘ā" -> "Dara": the letters without transliteration marks."""
    decomposed = unicodedata.normalize("NFD", name.translate(_AYN_HAMZA))
    kept = "".join(c for c in decomposed if c not in _TRANSLIT_MARKS)
    return unicodedata.normalize("NFC", kept)


def display_name(name: str, country_code: str | None) -> str:
    """The English name to show for the gazetteer place ``name`` in ``country_code``."""
    if country_code:
        english = _table().get((country_code, skeleton(name)))
        if english:
            return english
        if country_code in _TRANSLITERATED:
            return _plain(name)
    return name
