"""Cleaning scraped plain text: body vs reader comments vs dropped boilerplate.

Golden cases live in tests/fixtures/clean/: NAME.txt and NAME.gold.json with the strings that must
be in the body, must not be in it, the expected commenter names (in order) and the drop reasons
that must appear. Every case also has to satisfy the offset invariants.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.ingest.clean import clean_text
from newsgraph.model import Document

FIXTURES = Path(__file__).parent / "fixtures" / "clean"
CASES = sorted(p.stem for p in FIXTURES.glob("*.txt"))


def check_invariants(doc: Document) -> None:
    text = doc.text
    ranges: list[tuple[int, int, str]] = []
    for span in doc.body:
        assert 0 <= span.start <= span.end <= len(text)
        ranges.append((span.start, span.end, "body"))
    for comment in doc.comments:
        assert 0 <= comment.start <= comment.end <= len(text)
        assert text[comment.start : comment.end] == comment.text
        ranges.append((comment.start, comment.end, "comment"))
    for dropped in doc.dropped:
        assert 0 <= dropped.start <= dropped.end <= len(text)
        assert text[dropped.start : dropped.end] == dropped.text
        assert dropped.reason
        ranges.append((dropped.start, dropped.end, "dropped"))
    ranges.sort()
    for (_, end, kind), (start, _, next_kind) in zip(ranges, ranges[1:], strict=False):
        assert end <= start, f"{kind} overlaps {next_kind} at {start}"


def load_case(name: str) -> tuple[str, dict]:  # type: ignore[type-arg]
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    gold = json.loads((FIXTURES / f"{name}.gold.json").read_text(encoding="utf-8"))
    return text, gold


def test_there_are_enough_varied_fixtures() -> None:
    assert len(CASES) >= 8
    for name in CASES:
        assert (FIXTURES / f"{name}.gold.json").is_file(), f"{name}.txt has no gold file"


@pytest.mark.parametrize("name", CASES)
def test_fixture_matches_gold(name: str) -> None:
    text, gold = load_case(name)
    doc = clean_text(text)
    check_invariants(doc)
    body = doc.body_text()
    for must in gold["body_has"]:
        assert must in body, f"article text missing from body: {must!r}"
    for must_not in gold["body_not"]:
        assert must_not not in body, f"boilerplate or comment left in body: {must_not!r}"
    assert [c.author for c in doc.comments] == gold["comment_authors"]
    comment_text = "\n".join(c.text for c in doc.comments)
    for must in gold["comments_have"]:
        assert must in comment_text
    reasons = {d.reason for d in doc.dropped}
    for reason in gold["dropped_reasons"]:
        assert reason in reasons, f"expected a {reason!r} record; got {sorted(reasons)}"
    if gold.get("nothing_dropped"):
        assert doc.dropped == ()


@pytest.mark.parametrize("name", CASES)
def test_article_paragraphs_are_never_dropped_or_taken_for_comments(name: str) -> None:
    text, gold = load_case(name)
    doc = clean_text(text)
    for must in gold["body_has"]:
        where = text.index(must)
        for record in (*doc.dropped, *doc.comments):
            assert not (record.start < where + len(must) and where < record.end), (
                f"article text {must!r} ended up in {record!r}"
            )


@pytest.mark.parametrize("name", CASES)
def test_comments_never_reach_the_body(name: str) -> None:
    text, _ = load_case(name)
    doc = clean_text(text)
    body = doc.body_text()
    for comment in doc.comments:
        assert comment.text.strip() not in body
        if comment.author:
            assert comment.author not in body


@pytest.mark.parametrize(
    "line",
    [
        "By Wednesday, the rebels were in control of the road.",
        "By nightfall the shelling had stopped and residents came out.",
        "Aid groups said donations had dried up since the start of the war.",
        "“Subscribe to our channel,” the militia's spokesman told followers in a video.",
        "Ceasefire monitors say the truce has held.",
        "The minister said: the army will not retreat.",
        "John Smith is a former army officer who was captured near the border last year.",
    ],
)
def test_news_sentences_stay_in_the_body(line: str) -> None:
    text = (
        f"Troops advanced on the town on Monday, officials said.\n\n{line}\n\nFighting continued on Tuesday."
    )
    doc = clean_text(text)
    assert line in doc.body_text()
    assert doc.comments == ()


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Filed under: Syria, Iran, IRGC", "tags line"),
        ("Share on Facebook | Share on Twitter | Email", "share buttons"),
        ("By Maria Lopez and Ahmed Said", "byline"),
        ("Copyright © 2021 Sahel Daily. All rights reserved.", "footer"),
        ("Read more: Talks collapse in Geneva", "related links"),
        ("Sign up for our weekly newsletter and get the news in your inbox.", "newsletter sign-up"),
        ("Please donate today to keep our reporters in the field.", "donation appeal"),
        ("Published on 4 March 2019", "timestamp"),
    ],
)
def test_single_boilerplate_lines_are_dropped_with_their_reason(line: str, reason: str) -> None:
    text = (
        f"Rebels shelled the airport on Sunday, the army said.\n\n{line}\n\nThe airport was closed for a day."
    )
    doc = clean_text(text)
    assert line not in doc.body_text()
    assert [d.reason for d in doc.dropped] == [reason]
    assert doc.dropped[0].text == line


def test_empty_and_whitespace_text() -> None:
    for text in ("", "   ", "\n\n\n", "\x00"):
        doc = clean_text(text)
        check_invariants(doc)
        assert doc.comments == ()


def test_windows_line_endings_keep_offsets() -> None:
    text = "Army shells town.\r\n\r\nTags: war\r\n\r\nAnna says:\r\nTerrible.\r\n"
    doc = clean_text(text)
    check_invariants(doc)
    assert [c.author for c in doc.comments] == ["Anna"]
    assert doc.comments[0].text == "Terrible."
    assert "Tags" not in doc.body_text()


_FRAGMENTS = [
    "Rebels took the town on Monday, officials said.",
    "Tags: war, Syria",
    "• Ann Lee says:",
    "Bob · 2 hours ago",
    "Reply",
    "12 Comments",
    "Islamic State",
    "Boko Haram",
    "Subscribe to our newsletter today.",
    "By Jane Doe",
    "© 2020 Example",
    "[Ann | Nov 1, 2020] Agreed.",
    ">>> ko_zaw: yes",
    "Comment from Layla S.: no",
    "Mark on March 3, 2017 at 4:12 pm",
    "March 3, 2017",
    "Like · Reply · 2h",
    "Support our journalism: $5 a month.",
    "OUTLET • Section • 20/11/2023",
    "",
    "   ",
]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_unicode_keeps_offset_invariants(text: str) -> None:
    check_invariants(clean_text(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=30)), max_size=25))
def test_mixed_boilerplate_keeps_offset_invariants(parts: list[str]) -> None:
    check_invariants(clean_text("\n".join(parts)))


# --- the seed articles ---------------------------------------------------------------------------


@pytest.mark.shared
def test_seed_analysis_piece_comments_and_boilerplate(seeds_dir: Path) -> None:
    text = (seeds_dir / "000_61624bcb3de22ada.txt").read_text(encoding="utf-8")
    doc = clean_text(text)
    check_invariants(doc)
    authors = [c.author for c in doc.comments]
    assert authors == [
        "Stephen Shea",
        "Mark Adkins",
        "Mark Adkins",
        "Frank",
        "blogsofjihad",
        "cock pol",
        "Thomas",
        "den",
    ]
    body = doc.body_text()
    assert "Soleimani met with the chief of the Assad-loyalist Tiger Forces" in body
    assert "Tehran hopes further military gains would help secure its core interests" in body
    for not_body in (
        "Stephen Shea",
        "Mark Adkins",
        "10,000 IRGC forces",
        "Tags:",
        "Boko Haram",
        "Al shabaab",
    ):
        assert not_body not in body
    assert any("10,000 IRGC forces" in c.text for c in doc.comments)
    reasons = {d.reason: d.text for d in doc.dropped}
    assert "Boko Haram" in reasons["nav list"] and "Islamic state" in reasons["nav list"]
    assert reasons["tags line"].startswith("Tags:")
    assert "Amir Toumaj" in reasons["author box"]
    assert "Boko Haram" not in doc.comments[-1].text


@pytest.mark.shared
def test_seed_news_report_pitch_dropped(seeds_dir: Path) -> None:
    text = (seeds_dir / "004_1e71b6d07dadab67.txt").read_text(encoding="utf-8")
    doc = clean_text(text)
    check_invariants(doc)
    body = doc.body_text()
    assert "Soleimani was in the Latakia province" in body
    assert "planned by two Quds Force officers appointed by Soleimani." in body
    for not_body in ("Sarah Tuttle Singer", "paywall", "Free Sign Up", "Community members"):
        assert not_body not in body
    pitch = " ".join(d.text for d in doc.dropped if d.reason == "subscription pitch")
    assert "Sarah Tuttle Singer" in pitch and "I’ll tell you the truth" in pitch
    assert any(d.reason == "newsletter sign-up" and "Sign Up" in d.text for d in doc.dropped)
    assert doc.comments == ()
