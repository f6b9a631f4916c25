"""Long texts: paragraph-aligned pieces, offsets mapped back to the whole text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsgraph.model import Event, Mention, Participant, PlaceMention, TextSpan
from newsgraph.nlp.chunking import shift, split_paragraphs
from newsgraph.nlp.pipeline import Pipeline

#: Filler paragraphs with no place, actor or event in them, so the last piece's records stand out.
_FILLER = (
    "The committee met again to review the budget for the coming year.",
    "Members discussed the schedule and agreed to continue the talks next week.",
    "A spokesperson said the minutes would be published in due course.",
)
LAST = "Rebels attacked an army post near Idlib on Monday, killing four soldiers."


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("aa\n\nbb\n\ncc", 6),
        ("one line\nanother line\nthird line", 12),  # no blank line: cut at line breaks
        ("word " * 50, 17),  # one paragraph: cut at spaces
        ("x" * 25, 10),  # no whitespace at all: cut at the limit
        ("short", 100),
        ("", 5),
    ],
)
def test_pieces_cover_the_text_within_the_limit(text: str, limit: int) -> None:
    pieces = split_paragraphs(text, limit)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:], strict=False))  # no gap, no overlap
    assert all(0 < end - start <= limit for start, end in pieces if text)


def test_pieces_end_after_blank_lines_when_there_are_some() -> None:
    text = "\n\n".join(f"Paragraph {i} says something." for i in range(40))
    pieces = split_paragraphs(text, 200)
    assert len(pieces) > 1
    assert all(text[start:end].endswith("\n\n") for start, end in pieces[:-1])


def test_shift_moves_every_offset_in_nested_records_and_nothing_else() -> None:
    place = PlaceMention(start=5, end=10, text="Idlib", lat=35.9, lon=36.6)
    event = Event(
        type="ASSAULT",
        mode=None,
        trigger=TextSpan(1, 4),
        trigger_text="hit",
        sentence=TextSpan(0, 20),
        actors=(Participant(text="Rebels", start=0, end=6),),
        place=place,
        fatalities=4,
    )
    moved = shift(event, 100)
    assert (moved.trigger, moved.sentence) == (TextSpan(101, 104), TextSpan(100, 120))
    assert (moved.actors[0].start, moved.actors[0].end) == (100, 106)
    assert moved.place is not None and (moved.place.start, moved.place.end) == (105, 110)
    assert moved.fatalities == 4 and moved.place.lat == 35.9
    assert shift(Mention(start=1, end=2, text="a", label="X"), 0) == Mention(1, 2, "a", "X")


def _paragraphs(n: int) -> Iterator[str]:
    for i in range(n):
        yield " ".join(_FILLER[(i + k) % len(_FILLER)] for k in range(3))


@pytest.fixture
def small_limit(pipeline: Pipeline) -> Iterator[int]:
    """The shared pipeline with a model limit small enough that a test text needs many pieces."""
    old = pipeline.nlp.max_length
    pipeline.nlp.max_length = 3_000
    try:
        yield pipeline.nlp.max_length
    finally:
        pipeline.nlp.max_length = old


def test_long_text_records_in_the_last_piece_point_into_the_original(
    pipeline: Pipeline, small_limit: int
) -> None:
    text = "\n\n".join([*_paragraphs(60), LAST]) + "\n"
    assert len(text) > 3 * small_limit
    start = text.index("Idlib")
    ex = pipeline.extract(text)
    assert len(split_paragraphs(text, small_limit)) > 3

    idlib = [p for p in ex.places if p.text == "Idlib"]
    assert idlib and all(text[p.start : p.end] == "Idlib" for p in idlib)
    assert idlib[0].start == start
    assert all(text[m.start : m.end] == m.text for m in ex.mentions)
    assert all(text[t.start : t.end] == t.text for t in ex.times)
    assert any(text[s.start : s.end].startswith("Rebels attacked") for s in ex.sentences)

    attack = [e for e in ex.events if text[e.trigger.start : e.trigger.end] == e.trigger_text]
    assert len(attack) == len(ex.events) and attack, "every trigger maps back onto its own word"
    assert any(e.place is not None and e.place.start == start for e in ex.events)


def test_long_text_gives_what_its_pieces_give_alone(pipeline: Pipeline, small_limit: int) -> None:
    """Pieces are parsed independently: the last paragraph yields the same records, shifted."""
    head = "\n\n".join(_paragraphs(30)) + "\n\n"
    whole = pipeline.extract(head + LAST)
    alone = pipeline.extract(LAST)

    def records(ex: object, delta: int) -> list[object]:
        return [shift(r, delta) for r in (*ex.places, *ex.events)]  # type: ignore[attr-defined]

    tail = [r for r in records(whole, 0) if _starts_after(r, len(head))]
    assert tail, "the last paragraph's place and attack were found"
    assert tail == records(alone, len(head))


def _starts_after(record: object, offset: int) -> bool:
    start = record.start if isinstance(record, PlaceMention) else record.trigger.start  # type: ignore[attr-defined]
    return bool(start >= offset)
