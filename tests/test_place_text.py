"""The place filter's narrowing by rare trigrams (query/place_text.py) loses no mention: with the
bar for "rare" set so that some, all or none of a name's trigrams pass it, the events found are
those a scan finds (the reference test of tests/test_kb_query_scale.py, on its knowledge base)."""

from __future__ import annotations

import pytest
from test_kb_query_scale import kb  # noqa: F401 -- the module's knowledge base fixture
from test_kb_query_scale import test_place_filter_finds_what_a_scan_finds as finds_what_a_scan_finds

from newsgraph.kb.store import KnowledgeBase
from newsgraph.query import place_text


@pytest.mark.parametrize("rare", [1, 8, 40, 10_000])
@pytest.mark.parametrize("place", ["Aleppo", "aleppo city", "alep", "ALEPPO  East", "Idl_b", "ärbil", "zzz"])
def test_rare_trigrams_find_what_a_scan_finds(
    kb: KnowledgeBase,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    rare: int,
    place: str,
) -> None:
    monkeypatch.setattr(place_text, "_RARE", rare)
    for include_comments in (False, True):
        finds_what_a_scan_finds(kb, place, include_comments)


def test_common_trigrams_are_left_out(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """With a low bar the search uses only the name's rarer trigrams (the test above could not fail
    if every name took the LIKE)."""
    monkeypatch.setattr(place_text, "_RARE", 40)
    sql, args = place_text.mention_candidates(kb, "aleppo city")
    assert "MATCH" in sql and args[0].count('"') < 2 * 9
    sql, _ = place_text.mention_candidates(kb, "ärbil")
    assert "LIKE" in sql
