"""Split scraped plain text into article body, reader comments and dropped boilerplate.

Scrapers that save "the page text" give us the article followed by whatever the page had
around it: reader comments, subscription pitches, newsletter sign-ups, tag lines, menus of topic
names, share buttons, bylines, author boxes and footers. trafilatura cannot clean text that is
already plain (checked), so this module works line by line on the text itself:

1. every line gets a kind from rules that describe the *shape* of boilerplate (a line made only of
   share-button words, a "Name says:" line, a run of short title-case lines with no sentence
   punctuation), never the wording of one outlet;
2. pitches grow from lines that both name a pitch ("subscribe", "newsletter", "donate") and address
   the reader ("you", "our", an imperative) to the neighbouring lines of the same appeal;
3. the comment section starts at a comment header or at the first commenter line that is clearly
   one; after that, text belongs to the current commenter until the next one.

Offsets in the returned ``Document`` are offsets into ``text``: ``text[c.start:c.end] == c.text``
for every comment and dropped record, and body spans, comments and dropped records never overlap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsgraph.ingest.boilerplate import (
    QUOTE_START,
    classify_line,
    is_comment_header,
    is_controls_line,
    is_date_only,
    is_dateline,
    is_name_like,
    is_nav_item,
    looks_like_author_box,
    match_author_line,
    match_inline_author,
    pitch_score,
    weak_pitch,
)
from newsgraph.model import Comment, Document, Dropped, TextSpan

BODY = "body"
AUTHOR = "comment author"

# A run of at least this many menu-like lines is a nav list wherever it is; at the very end of
# the text (after the article or the comments) two are enough, because nothing else ends a page
# with two bare topic names.
_NAV_RUN = 3
_NAV_RUN_AT_END = 2
# Inside a comment section a pitch needs two distinct pitch words: commenters do write
# "I cancelled my subscription", and a comment must never be dropped as a pitch.
_PITCH_SEED = 1
_PITCH_SEED_IN_COMMENTS = 2


@dataclass(slots=True)
class _Line:
    start: int  # offsets of the stripped line content
    end: int
    text: str
    blank_before: bool
    kind: str = BODY  # BODY, AUTHOR, or a drop reason
    author: str | None = None
    content_start: int | None = None  # "Name says: text" keeps the text as comment content
    author_box: bool = False


@dataclass(slots=True)
class _Builder:
    text: str
    body: list[TextSpan] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    last_was_dropped: bool = False

    def add_body(self, start: int, end: int, *, joined: bool) -> None:
        self.last_was_dropped = False
        if joined and self.body:
            self.body[-1] = TextSpan(self.body[-1].start, end)
        else:
            self.body.append(TextSpan(start, end))

    def add_dropped(self, start: int, end: int, reason: str) -> None:
        last = self.dropped[-1] if self.dropped else None
        if last is not None and self.last_was_dropped and last.reason == reason and reason in _MERGED_REASONS:
            start = last.start
            self.dropped.pop()
        self.dropped.append(Dropped(start, end, self.text[start:end], reason))
        self.last_was_dropped = True

    def add_comment(self, start: int, end: int, author: str | None) -> None:
        self.last_was_dropped = False
        if end > start:
            self.comments.append(Comment(start, end, self.text[start:end], author))


# Reasons whose consecutive lines form one record (one pitch, one menu), not one per line.
_MERGED_REASONS = frozenset({"subscription pitch", "newsletter sign-up", "donation appeal", "nav list"})


def clean_text(text: str) -> Document:
    """Split ``text`` into body spans, reader comments and dropped boilerplate.

    >>> doc = clean_text("Rebels took the town.\\n\\nTags: war, Syria\\n\\nAnna says:\\nSad news.")
    >>> doc.body_text(), [c.author for c in doc.comments], [d.reason for d in doc.dropped]
    ('Rebels took the town.', ['Anna'], ['tags line', 'comment author'])
    """
    lines = _split_lines(text)
    for line in lines:
        _classify(line)
    _pair_two_line_authors(lines)
    zone = _comment_zone_start(lines)
    _mark_pitches(lines, zone)
    _mark_nav_runs(lines)
    _mark_author_boxes(lines, zone)
    return _assemble(text, lines, zone)


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    blank = True
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group()
        stripped = raw.strip()
        gap = text[lines[-1].end if lines else 0 : match.start()]
        if lines:
            blank = gap.count("\n") >= 2 or bool(re.search(r"\n[^\S\n]*\n", gap))
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        start = match.start() + lead
        lines.append(_Line(start, start + len(stripped), stripped, blank_before=blank or not lines))
    return lines


def _classify(line: _Line) -> None:
    reason = classify_line(line.text)
    if reason is not None:
        line.kind = reason
        return
    author = match_author_line(line.text) or match_inline_author(line.text, in_comments=False)
    if author is not None:
        line.kind = AUTHOR
        line.author = author.name
        if author.content_offset is not None:
            line.content_start = line.start + author.content_offset
        return
    if is_dateline(line.text):
        line.kind = "dateline"
        return
    line.author_box = looks_like_author_box(line.text)


def _pair_two_line_authors(lines: list[_Line]) -> None:
    """``Name`` on one line and ``March 3, 2017 at 4:12 pm`` on the next is one commenter line."""
    for prev, line in zip(lines, lines[1:], strict=False):
        if line.kind == BODY and prev.kind == AUTHOR and is_date_only(line.text):
            line.kind = "comment date"
        elif line.kind == BODY and prev.kind == BODY and is_date_only(line.text) and is_name_like(prev.text):
            prev.kind = AUTHOR
            prev.author = prev.text
            line.kind = "comment date"


def _comment_zone_start(lines: list[_Line]) -> int | None:
    """Index of the first line of the comment section, or None when there is none.

    A comment header after some body text opens the section. Before such a header only a line
    that is unmistakably a commenter's ("• Name says:") opens it; without any header, commenter
    lines need company (two or more) so that a lone dateline ("Name, March 3, 2017") stays body.
    Nothing before the first body line opens it: the top of a page is headline and byline.
    """
    header = next(
        (i for i, line in enumerate(lines) if line.kind == "comment header" and _body_before(lines, i)), None
    )
    authors = [i for i, line in enumerate(lines) if line.kind == AUTHOR]
    for i in authors:
        if header is not None and i > header:
            break
        line = lines[i]
        strong = match_author_line(line.text) or match_inline_author(line.text, in_comments=False)
        says = strong is not None and strong.says and not QUOTE_START.match(_next_text(lines, i))
        bulleted = strong is not None and strong.bulleted and strong.content_offset is None
        later = sum(1 for j in authors if j > i and (header is None or j < header))
        if _body_before(lines, i) and (says or bulleted or (header is None and later >= 1)):
            return i
        # A lone "Name, March 3" line is more likely a dateline, and certainly so above the body.
        line.kind = BODY if _body_before(lines, i) or says else "dateline"
        line.author = None
    return header


def _body_before(lines: list[_Line], i: int) -> bool:
    return any(line.kind == BODY for line in lines[:i])


def _next_text(lines: list[_Line], i: int) -> str:
    return lines[i + 1].text if i + 1 < len(lines) else ""


def _mark_pitches(lines: list[_Line], zone: int | None) -> None:
    seeds = []
    for i, line in enumerate(lines):
        needed = _PITCH_SEED_IN_COMMENTS if zone is not None and i >= zone else _PITCH_SEED
        if line.kind == BODY and pitch_score(line.text) >= needed:
            seeds.append(i)
    for i in seeds:
        lines[i].kind = _pitch_reason(lines[i].text)
    # Grow each seed inside its paragraph block over the lines of the same appeal.
    for i in seeds:
        reason = lines[i].kind
        block = _block_of(lines, i)
        several = sum(1 for j in block if j in seeds) >= 2
        for step in (-1, 1):
            j = i + step
            while j in block and lines[j].kind in (BODY, reason):
                if lines[j].kind == BODY and not weak_pitch(lines[j].text, generous=several):
                    break
                lines[j].kind = reason
                j += step


def _pitch_reason(text: str) -> str:
    lowered = text.lower()
    if re.search(r"\bdonat|\bgive\b|\bcontribut", lowered):
        return "donation appeal"
    if re.search(r"newsletter|sign[ -]?up|inbox|by e-?mail|daily edition|briefing", lowered):
        return "newsletter sign-up"
    return "subscription pitch"


def _block_of(lines: list[_Line], i: int) -> range:
    """Indices of the paragraph block (lines not separated by a blank line) around ``i``."""
    start = i
    while start > 0 and not lines[start].blank_before:
        start -= 1
    end = i + 1
    while end < len(lines) and not lines[end].blank_before:
        end += 1
    return range(start, end)


def _mark_nav_runs(lines: list[_Line]) -> None:
    i = 0
    while i < len(lines):
        if not (lines[i].kind == BODY and is_nav_item(lines[i].text)):
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].kind == BODY and is_nav_item(lines[j].text):
            j += 1
        at_end = all(line.kind not in (BODY, AUTHOR) for line in lines[j:])
        if j - i >= _NAV_RUN or (at_end and j - i >= _NAV_RUN_AT_END):
            for k in range(i, j):
                lines[k].kind = "nav list"
        i = j


def _mark_author_boxes(lines: list[_Line], zone: int | None) -> None:
    """An author box is the article's last body paragraph ("X is an analyst at ...")."""
    end = zone if zone is not None else len(lines)
    for i in range(end - 1, -1, -1):
        line = lines[i]
        if line.kind != BODY:
            continue
        if line.author_box:
            line.kind = "author box"
            continue
        break
    for i, line in enumerate(lines[:end]):
        if line.kind == "author box heading" and i + 1 < end and lines[i + 1].kind == BODY:
            lines[i + 1].kind = "author box"


def _assemble(text: str, lines: list[_Line], zone: int | None) -> Document:
    out = _Builder(text)
    prev_body = False
    comment_start: int | None = None
    comment_end = 0
    author: str | None = None
    after_break = True

    def close_comment() -> None:
        nonlocal comment_start
        if comment_start is not None:
            out.add_comment(comment_start, comment_end, author)
        comment_start = None

    for i, line in enumerate(lines):
        in_zone = zone is not None and i >= zone
        if not in_zone:
            if line.kind == BODY:
                out.add_body(line.start, line.end, joined=prev_body and not line.blank_before)
                prev_body = True
            else:
                out.add_dropped(line.start, line.end, line.kind)
                prev_body = False
            continue
        if line.kind == BODY and after_break and comment_start is None and _starts_comment(lines, i):
            line.kind, line.author = AUTHOR, line.text
        elif line.kind == BODY:
            inline = match_inline_author(line.text, in_comments=True)
            if inline is not None and inline.content_offset is not None:
                line.kind, line.author = AUTHOR, inline.name
                line.content_start = line.start + inline.content_offset
        if line.kind == AUTHOR:
            close_comment()
            author = line.author
            after_break = False
            if line.content_start is not None:
                out.add_dropped(line.start, line.content_start, AUTHOR)
                comment_start, comment_end = _lstrip_at(text, line.content_start, line.end), line.end
            else:
                out.add_dropped(line.start, line.end, AUTHOR)
        elif line.kind == BODY:
            if comment_start is None:
                comment_start = line.start
            comment_end = line.end
        else:
            close_comment()
            out.add_dropped(line.start, line.end, line.kind)
            if line.kind not in ("comment date", "comment controls"):
                author = None  # text after a pitch or a menu is not the last commenter's
            after_break = line.kind in ("comment controls", "comment header") or after_break
    close_comment()
    return Document(text=text, body=tuple(out.body), comments=tuple(out.comments), dropped=tuple(out.dropped))


def _starts_comment(lines: list[_Line], i: int) -> bool:
    """After a "Reply" line, a bare name followed by text starts the next comment."""
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    return (
        nxt is not None
        and nxt.kind == BODY
        and is_name_like(lines[i].text)
        and not is_controls_line(lines[i].text)
        and not is_comment_header(lines[i].text)
    )


def _lstrip_at(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start
