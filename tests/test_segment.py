"""Sentence starts at line breaks: headlines and datelines are their own sentences."""

from __future__ import annotations

import pytest

from newsgraph.nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Rebels seize border town in Idlib province\nFighters entered the town at dawn.",
            ["Rebels seize border town in Idlib province", "Fighters entered the town at dawn."],
        ),
        (
            "KYIV, March 3\nRussian forces shelled the city overnight.",
            ["KYIV, March 3", "Russian forces shelled the city overnight."],
        ),
        (
            "The commander of the\nQuds Force was seen there. He left.",
            ["The commander of the\nQuds Force was seen there.", "He left."],
        ),
        (
            "Officials said the convoy, which had left the capital early in the morning under heavy\n"
            "guard, reached the town by noon.",
            [
                "Officials said the convoy, which had left the capital early in the morning under heavy\n"
                "guard, reached the town by noon."
            ],
        ),
    ],
)
def test_line_breaks_start_sentences_only_where_a_line_ends_one(
    pipeline: Pipeline, text: str, sentences: list[str]
) -> None:
    doc = pipeline.nlp(text)
    assert [s.text.strip() for s in doc.sents] == sentences


def test_evidence_spans_stop_at_the_last_body_character(pipeline: Pipeline) -> None:
    text = (
        "Rebels attacked an army post near Idlib on Monday, killing four soldiers.\n\n"
        "12 comments\n\nSam says:\nGreat article, thanks.\n\nJo says:\nThe army will retake it.\n"
    )
    ex = pipeline.extract(text)
    assert ex.events, "the attack should be found"
    for span in [e.sentence for e in ex.events] + list(ex.sentences):
        evidence = text[span.start : span.end]
        assert evidence == evidence.strip()
        assert "says" not in evidence


@pytest.mark.parametrize(
    ("text", "first_words"),
    [
        ("KHARTOUM, Sudan — The Rapid Support Forces shelled El Obeid on Tuesday.", "The"),
        ("KYIV (Reuters) - Russian forces launched a drone attack on Odesa.", "Russian"),
        ("GOMA, Democratic Republic of Congo (AP) — M23 rebels captured Sake.", "M23"),
        ("GAZA CITY — Israeli airstrikes hit a school.", "Israeli"),
    ],
)
def test_a_wire_dateline_is_cut_off_its_sentence(pipeline: Pipeline, text: str, first_words: str) -> None:
    """Glued to the sentence, the dateline became its subject and the real subject its apposition."""
    sents = list(pipeline.nlp(text).sents)
    assert len(sents) == 2 and sents[1].text.startswith(first_words), [s.text for s in sents]


def test_a_capitalised_opening_without_a_dash_is_no_dateline(pipeline: Pipeline) -> None:
    text = "NATO and the EU met in Brussels on Monday."
    assert len(list(pipeline.nlp(text).sents)) == 1
