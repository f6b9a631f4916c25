"""What a name's gazetteer candidates and its words say about it: demonyms ("Syrian" -> SY) and how strongly the candidates say "place"."""

from __future__ import annotations

from newsgraph.nlp.places.gazetteer import Candidate, Gazetteer
from newsgraph.nlp.places.names import fold_name
from newsgraph.nlp.places.vocabulary import _DEMONYM_ENDINGS, _IRREGULAR_DEMONYMS


def _demonym_table(gaz: Gazetteer) -> dict[str, str | None]:
    table: dict[str, str | None] = dict(_IRREGULAR_DEMONYMS)
    for cc in _country_codes(gaz):
        entry = gaz.country(cc)
        if entry is None:
            continue
        base = fold_name(entry.name)
        stems = {base, base[:-1], base.removesuffix("istan"), base.removesuffix("land")}
        for stem in stems:
            for end in _DEMONYM_ENDINGS:
                table.setdefault(stem + end, cc)
                table.setdefault(stem + end + "s", cc)
    return table


def _country_codes(gaz: Gazetteer) -> list[str]:
    gaz.country("")  # loads the table
    return sorted(gaz._countries or {})  # noqa: SLF001 - same package


_DEMONYMS: dict[int, dict[str, str | None]] = {}


def demonym_country(text: str, gaz: Gazetteer) -> str | None:
    """The country code a demonym points at ("Syrian" -> "SY"); None when not a known demonym."""
    table = _DEMONYMS.get(id(gaz))
    if table is None:
        table = _DEMONYMS[id(gaz)] = _demonym_table(gaz)
    return table.get(fold_name(text).removeprefix("pro "))


def is_demonym(text: str, gaz: Gazetteer) -> bool:
    table = _DEMONYMS.get(id(gaz)) or _DEMONYMS.setdefault(id(gaz), _demonym_table(gaz))
    key = fold_name(text)
    return key in table and not any(c.exact for c in gaz.lookup(text) if c.entry.feature == "country")


def _strength(cands: tuple[Candidate, ...]) -> int:
    """3: curated/country/province or a city over 100k; 2: a town over 1,000; 1: any; 0: no exact name."""
    best = 0
    for c in cands:
        if not c.exact:
            continue
        e = c.entry
        if e.source == "regions" or e.feature in ("country", "admin1") or e.population >= 100_000:
            return 3
        best = max(best, 2 if e.population >= 1000 else 1)
    return best


def name_strength(cands: tuple[Candidate, ...]) -> int:
    """How strongly a name's candidates say "place" (see _strength): 0 to 3."""
    return _strength(cands)
