"""The event-level merge scorer (newsgraph/eval/merge_events.py) counts what it says on hand-made KB
events. The sets' gold checks and floors are in tests/test_events_merge_sets.py."""

from __future__ import annotations

from newsgraph.eval.merge_events import GoldMention, GoldSet, KbEvent, score_events

TEXTS = {
    "a.txt": "Blast\n\nA bomb killed six in Kirkuk on Monday. Police came.",
    "b.txt": "Kirkuk\n\nEight died when a bomb hit Kirkuk on Monday. Years ago a bomb killed ten.",
    "c.txt": "Tikrit\n\nA bomb killed three in Tikrit on Monday.",
}


def _mention(
    article: str, event: str, evidence: str, lat: float = 35.47, low: int = 6, high: int = 8
) -> GoldMention:
    return GoldMention(
        article, event, evidence, "Remote explosive/landmine/IED", "2024-02-12", lat, 44.39, (low, high)
    )


GOLD = GoldSet(
    mentions=(
        _mention("a.txt", "kirkuk", "A bomb killed six in Kirkuk"),
        _mention("b.txt", "kirkuk", "a bomb hit Kirkuk on Monday"),
        _mention("c.txt", "tikrit", "A bomb killed three in Tikrit", lat=34.61, low=3, high=3),
    ),
    background=(("b.txt", "Years ago a bomb killed ten"),),
)


def _event(event_id: int, spans: dict[str, tuple[tuple[int, int], ...]], **kw: object) -> KbEvent:
    fields: dict[str, object] = {
        "sub_event_type": "Remote explosive/landmine/IED",
        "date_start": "2024-02-12",
        "date_end": None,
        "lat": 35.47,
        "lon": 44.39,
        "fatalities": 6,
    }
    fields.update(kw)
    return KbEvent(event_id, spans, **fields)  # type: ignore[arg-type]


def _sentence(article: str, needle: str) -> tuple[tuple[int, int], ...]:
    """The offsets of the sentence of ``TEXTS[article]`` that holds ``needle``."""
    text = TEXTS[article]
    at = text.index(needle)
    start = max(text.rfind(". ", 0, at) + 2, text.rfind("\n", 0, at) + 1)
    return ((start, text.index(".", at) + 1),)


def test_one_event_per_incident_scores_perfect() -> None:
    shown = [
        _event(1, {"a.txt": _sentence("a.txt", "six"), "b.txt": _sentence("b.txt", "Eight")}),
        _event(2, {"c.txt": _sentence("c.txt", "three")}, lat=34.61, fatalities=3),
    ]
    score = score_events(GOLD, TEXTS, shown)
    assert (score.mapped, score.gold_pairs, score.found_pairs, score.false_links) == (3, 1, 1, 0)
    assert score.fragmentation == 1.0
    assert all(score.share(k) == 1.0 for k in ("sub_type", "day", "place", "toll"))
    assert (score.background_shown, score.background_joined) == (0, 0)


def test_a_split_a_false_link_and_wrong_attributes_are_counted() -> None:
    shown = [
        # The Kirkuk reports apart, the Tikrit bomb merged into one of them, 10 dead, 60 km off.
        _event(1, {"a.txt": _sentence("a.txt", "six"), "c.txt": _sentence("c.txt", "three")}, fatalities=10),
        _event(
            2, {"b.txt": _sentence("b.txt", "Eight") + _sentence("b.txt", "Years")}, lat=36.0, date_start=None
        ),
    ]
    score = score_events(GOLD, TEXTS, shown)
    assert (score.found_pairs, score.linked_pairs, score.false_links) == (0, 1, 1)
    assert score.pair_recall == 0.0 and score.false_link_rate == 1.0
    assert score.fragmentation == 2.0
    # Kirkuk's merged event is event 1 (lowest id of a tie): toll 10 is outside 6-8; Tikrit's is
    # event 1 too, 100 km from Tikrit with a toll of 10 for 3.
    assert score.attributes["toll"] == (0, 2) and score.attributes["place"] == (1, 2)
    assert score.attributes["sub_type"] == (2, 2)
    assert (score.background_shown, score.background_joined) == (1, 0)


def test_an_unmapped_mention_and_a_joined_background_are_reported() -> None:
    shown = [_event(1, {"a.txt": _sentence("a.txt", "six"), "b.txt": _sentence("b.txt", "Years")})]
    score = score_events(GOLD, TEXTS, shown, hidden=[_event(2, {"c.txt": _sentence("c.txt", "three")})])
    assert score.mapped == 1 and score.found_pairs == 0
    assert (score.background_shown, score.background_joined) == (1, 1)
    assert any("only a hidden event" in line for line in score.examples)


def test_a_roundup_sentence_of_two_events_maps_each_mention_to_its_own() -> None:
    texts = {"r.txt": "Day\n\nA bomb killed six in Kirkuk on Monday, and three died in a shelling of Tikrit."}
    text = texts["r.txt"]
    sentence = ((5, len(text)),)
    gold = GoldSet(
        mentions=(
            _mention("r.txt", "kirkuk", "A bomb killed six in Kirkuk"),
            _mention("r.txt", "tikrit", "three died in a shelling of Tikrit", lat=34.61, low=3, high=3),
        ),
        background=(),
    )
    killed, died = text.index("killed"), text.index("died")
    apart = [
        _event(1, {"r.txt": sentence}, triggers={"r.txt": ((killed, killed + 6),)}),
        _event(2, {"r.txt": sentence}, lat=34.61, fatalities=3, triggers={"r.txt": ((died, died + 4),)}),
    ]
    score = score_events(gold, texts, apart)
    assert (score.mapped, score.linked_pairs, score.false_links) == (2, 0, 0)
    # One KB event for both incidents is still a false link.
    joined = [_event(1, {"r.txt": sentence}, triggers={"r.txt": ((killed, killed + 6), (died, died + 4))})]
    assert score_events(gold, texts, joined).false_links == 1
