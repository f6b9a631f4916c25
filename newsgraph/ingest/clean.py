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
from typing import NamedTuple

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
    author = match_author_line(line.text)
    if author is not None:
        line.kind = AUTHOR
        line.author = author.name
        if author.content_offset is not None:
            line.content_start = line.start + author.content_offset
        return
    line.author_box = looks_like_author_box(line.text)


def _pair_two_line_authors(lines: list[_Line]) -> None:
    """``Name`` on one line and ``March 3, 2017 at 4:12 pm`` on the next is one commenter line."""
    for prev, line in zip(lines, lines[1:], strict=False):
        if line.kind == BODY and prev.kind == AUTHOR and is_date_only(line.text):
            line.kind = "comment date"
        elif line.kind == BODY and prev.kind == BODY and is_date_only(line.text) and is_nav_item(prev.text):
            prev.kind = AUTHOR
            prev.author = prev.text
            line.kind = "comment date"


def _comment_zone_start(lines: list[_Line]) -> int | None:
    """Index of the first line of the comment section, or None when there is none."""
    seen_body = False
    authors = [i for i, line in enumerate(lines) if line.kind == AUTHOR]
    for i, line in enumerate(lines):
        if line.kind == "comment header" and seen_body:
            return i
        if line.kind == AUTHOR:
            strong = match_author_line(line.text)
            says = strong is not None and strong.says
            later = sum(1 for j in authors if j > i)
            if says or later >= 1 or (strong is not None and strong.bulleted):
                return i
            line.kind = BODY  # a lone "Name, March 3" line is more likely a dateline
            line.author = None
        if line.kind == BODY:
            seen_body = True
    return None


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
            after_break = line.kind in ("comment controls", "comment header") or after_break
    close_comment()
    return Document(text=text, body=tuple(out.body), comments=tuple(out.comments), dropped=tuple(out.dropped))


def _starts_comment(lines: list[_Line], i: int) -> bool:
    """After a "Reply" line, a bare name followed by text starts the next comment."""
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    return (
        nxt is not None
        and nxt.kind == BODY
        and is_nav_item(lines[i].text)
        and not is_controls_line(lines[i].text)
        and not is_comment_header(lines[i].text)
        and len(lines[i].text.split()) <= 4
    )


def _lstrip_at(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


# --- line rules ---------------------------------------------------------------------------------
# Each rule describes a shape of boilerplate seen across many outlets, not one site's wording.

_I = re.IGNORECASE


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_BULLET = r"[^\S\n]*(?:[•·*►▪●○◦‣⁃-][^\S\n]*)?"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_TIME = r"(?:(?:at|@|,)?\s*\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)"
_AGO = (
    r"(?:(?:\d+|an?|one|a few)\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|"
    r"[smhdwy])\s+ago|yesterday|today|just now|\d+\s*[smhdwy])"
)
_DATE = (
    rf"(?:(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|"
    rf"\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}})\s*{_TIME}?|{_AGO})"
)
_DATE_ONLY = re.compile(
    rf"^(?:posted\s+|on\s+)?{_DATE}(?:\s*[·•|]\s*(?:reply|like|report|permalink))*\s*$", _I
)
# A commenter name: 1-5 words, no sentence punctuation. Usernames may be lower case or have digits.
_NAME = r"(?P<name>[^\s:;!?\"“”()\[\]][^:;!?\"“”()\[\]\n]{0,48}?)"
_SAYS = re.compile(
    rf"^(?P<bullet>{_BULLET}){_NAME}\s+(?:says|said|writes|wrote|commented|replied)\s*"
    rf"(?::\s*(?P<content>\S.*)|:?\s*(?:(?:on\s+)?{_DATE})?\s*:?)\s*$",
    _I,
)
_NAME_DATE = re.compile(
    rf"^(?P<bullet>{_BULLET}){_NAME}\s*(?:\bon\b|[·•|,–—-]|\bat\b)\s*{_DATE}"
    rf"(?:\s*[·•|]\s*(?:reply|like|report|edit|permalink|#\d+))*\s*:?\s*$",
    _I,
)
_NOT_NAMES = _words(
    "he she they it we i you this that there who what one someone the a an published updated posted "
    "last first date by and or but so then when on at in"
)

_HEADER = re.compile(
    r"^(?:(?:\d[\d,]*|no|one|two|three|four|five)\s+)?(?:reader\s+|user\s+)?"
    r"(?:comments?|responses?|replies|reactions|thoughts?)(?:\s+section)?"
    r"(?:\s*\(\d+\)|\s+\d+)?(?:\s+(?:on|to)\s+.{1,120})?\s*:?$"
    r"|^(?:leave|post|add|write|submit|join|start)\s+(?:a|the|your)\s+"
    r"(?:comment|reply|response|discussion|conversation|debate)\b.{0,60}$"
    r"|^comments?\s+(?:are|have\s+been)\s+(?:closed|disabled|turned\s+off)\.?$"
    r"|^discussion$|^what do you think\?$",
    _I,
)
_CONTROL_WORDS = _words(
    "reply replies like likes liked unlike report flag upvote downvote vote votes permalink edit delete "
    "quote recommend recommended cancel load show hide view more comments comment sort by best newest "
    "oldest top log login sign in to share ago reply↓ · • | / - — – ( ) #"
)
_CONTROL_CORE = _words("reply replies like likes report flag upvote downvote permalink recommend")
_LIST_CONTROLS = re.compile(
    r"^(?:sort(?:ed)?\s+by|(?:load|show|view|see)\s+(?:\d+\s+)?(?:more|all|older|newer|previous)"
    r"|(?:older|newer|previous|next)\s+comments?)\b.{0,40}$",
    _I,
)
_COMMENT_FORM = re.compile(
    r"email address will not be published|required fields are marked|notify me of (?:new|follow-?up)"
    r"|save my name, email|you must be logged in to post|powered by disqus|comment policy|"
    r"^(?:name|email|website)\s*\*?$",
    _I,
)
_SHARE_WORDS = _words(
    "share shares sharing shared tweet facebook twitter x whatsapp telegram email e-mail mail print "
    "linkedin reddit pinterest tumblr messenger pocket flipboard copy link url this article story page "
    "on via click to opens in new window the friend send save bookmark social"
)
_SHARE_CORE = _words(
    "share sharing tweet facebook twitter whatsapp telegram email e-mail print linkedin reddit pinterest"
)
_TAGS = re.compile(
    r"^(?:tags?|tagged(?:\s+with|\s+as)?|topics?|filed\s+under|categor(?:y|ies)|keywords?|posted\s+in)"
    r"\s*[:\-–—|]",
    _I,
)
_RELATED = re.compile(
    r"^(?:related(?:\s+(?:articles?|stories|story|coverage|content|posts?|reading|topics?|news))?"
    r"|read\s+(?:more|also|next)|also\s+read|see\s+also|more\s+on\s+this(?:\s+story|\s+topic)?"
    r"|recommended(?:\s+for\s+you|\s+reading|\s+stories)?|you\s+(?:may|might)\s+also\s+(?:like|enjoy|be\s+interested\s+in)"
    r"|most\s+(?:read|popular|viewed|shared)|further\s+reading|trending(?:\s+now)?|more\s+stories"
    r"|editor'?s\s+picks|more\s+from\s+[\w ]{1,40}?|(?:watch|listen)(?=\s*:))\s*(?:[:\-–—|>»]|$)",
    _I,
)
_FOOTER_START = re.compile(r"^(?:©|\(c\)\s*\d{4}|copyright\b)", _I)
_FOOTER_ANY = re.compile(
    r"©|all rights reserved|\bterms\s+(?:of|and)\s+(?:use|service|conditions)\b|\bprivacy\s+(?:policy|notice)\b"
    r"|\bcookie\s+(?:policy|settings|preferences)\b|\bcontact\s+us\b|\babout\s+us\b|\badvertise\s+with\s+us\b"
    r"|\bpowered\s+by\b|\bsite\s*map\b",
    _I,
)
_BYLINE = re.compile(r"^(?:by|words\s+by|written\s+by|story\s+by|posted\s+by|text\s+by)\s+(?P<rest>.+)$", _I)
_BYLINE_OTHER = re.compile(
    r"^(?:reporting\s+by|additional\s+reporting\s+by|editing\s+by|compiled\s+by)\b"
    r"|\b(?:contributed\s+(?:reporting|to\s+this\s+(?:report|story|article))|is\s+a\s+staff\s+writer)\b",
    _I,
)
_TIMESTAMP = re.compile(
    rf"^(?:published|updated|posted|last\s+updated|first\s+published)\s*(?:on|at|:)?\s*{_DATE}", _I
)
_AUTHOR_BOX_HEADING = re.compile(r"^about\s+the\s+(?:author|writer|reporter)s?\s*:?$", _I)
_AUTHOR_BOX = re.compile(
    r"^(?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w'’-]*\s+(?:is|was|has\s+been)\s+(?:a|an|the|our)\b.{0,300}?"
    r"\b(?:analyst|correspondent|reporter|writer|journalist|editor|contributor|fellow|researcher|columnist"
    r"|author|professor|director|producer|freelancer?|blogger|founder|lecturer|scholar|student|photographer)s?\b"
)
_CONNECTORS = _words("and & , | in for the of at de da del der van von al el bin ibn la le y staff")
# Sentence punctuation, except the full stop of an initial ("T. Wolde").
_SENTENCE_END = re.compile(r"[.!?:;,]\s*$|(?<!\b[A-Z])[.!?]\s+\S|[\"“”]")


class AuthorLine(NamedTuple):
    name: str
    content_offset: int | None  # where inline comment text starts ("Ann says: I agree")
    says: bool
    bulleted: bool


def match_author_line(line: str) -> AuthorLine | None:
    """A commenter line: "Name says:", "Name on March 3, 2017 at 4:12 pm", "Name · 2 hours ago"."""
    if len(line) > 200:
        return None
    for pattern, says in ((_SAYS, True), (_NAME_DATE, False)):
        m = pattern.match(line)
        if m is None:
            continue
        name = m["name"].strip(" ,–—-")
        words = name.split()
        if not 1 <= len(words) <= 5 or words[0].lower() in _NOT_NAMES or name.isdigit():
            continue
        content = m.groupdict().get("content")
        offset = m.start("content") if content else None
        return AuthorLine(name, offset, says, bool(m["bullet"].strip()))
    return None


def is_date_only(line: str) -> bool:
    return len(line) < 80 and _DATE_ONLY.match(line) is not None


def is_comment_header(line: str) -> bool:
    return len(line) < 200 and _HEADER.match(line) is not None


def _tokens(line: str) -> list[str]:
    return [t for t in re.split(r"[\s·•|/,:()\[\]]+", line.lower()) if t]


def is_controls_line(line: str) -> bool:
    """ "Reply", "Like · Reply · 2h", "Report", "Load more comments"."""
    tokens = _tokens(line)
    if not tokens or len(tokens) > 12:
        return False
    plain = [re.sub(r"\d+[smhdwy]?$", "", t) for t in tokens]
    if _LIST_CONTROLS.match(line):
        return True
    return all(not t or t in _CONTROL_WORDS for t in plain) and any(t in _CONTROL_CORE for t in plain)


def _is_share_line(line: str) -> bool:
    tokens = _tokens(line.replace("-", " "))
    if not tokens or len(tokens) > 15:
        return False
    plain = [re.sub(r"\d+$", "", t) for t in tokens]
    return all(not t or t in _SHARE_WORDS for t in plain) and any(t in _SHARE_CORE for t in plain)


def _nameish(rest: str) -> bool:
    """ "Jane Doe and Omar Ali, Reuters" but not "Wednesday, Soleimani was in Latakia"."""
    tokens = [t for t in re.split(r"[\s,|/&]+", rest) if t]
    if not 1 <= len(tokens) <= 12:
        return False
    has_name = False
    for tok in tokens:
        if tok.lower() in _CONNECTORS or re.fullmatch(r"[\d:.\-–—]+|[ap]\.?m\.?", tok, _I):
            continue
        if re.match(r"[A-Z@]", tok) and not re.fullmatch(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day", tok):
            has_name = True
            continue
        if re.fullmatch(_MONTH, tok, _I):
            continue
        return False
    return has_name


def classify_line(line: str) -> str | None:
    """The drop reason for a line that is boilerplate on its own, else None."""
    words = len(line.split())
    if is_comment_header(line):
        return "comment header"
    if words <= 12 and is_controls_line(line):
        return "comment controls"
    if words <= 30 and _COMMENT_FORM.search(line):
        return "comment form"
    if _TAGS.match(line) and words <= 60:
        return "tags line"
    if _is_share_line(line):
        return "share buttons"
    if (_FOOTER_START.match(line) and words <= 30) or (words <= 12 and _FOOTER_ANY.search(line)):
        return "footer"
    if words <= 30 and _RELATED.match(line):
        return "related links"
    if _TIMESTAMP.match(line) and words <= 14:
        return "timestamp"
    if _AUTHOR_BOX_HEADING.match(line):
        return "author box heading"
    byline = _BYLINE.match(line)
    if byline and words <= 16 and _nameish(byline["rest"]):
        return "byline"
    if words <= 25 and _BYLINE_OTHER.search(line):
        return "byline"
    if _is_nav_line(line):
        return "nav list"
    return None


def _is_nav_line(line: str) -> bool:
    """One line of menu items: "Home | World | Middle East | Opinion"."""
    parts = [p.strip() for p in re.split(r"\s[|•·»/]\s|\s{3,}|\t", line) if p.strip()]
    return len(parts) >= 3 and all(is_nav_item(p) for p in parts)


def is_nav_item(line: str) -> bool:
    """A menu-like line: a few words, starts with a capital, no sentence punctuation."""
    if len(line) > 40 or not line[:1].isupper():
        return False
    words = line.split()
    if not 1 <= len(words) <= 5 or _SENTENCE_END.search(line):
        return False
    return sum(ch.isalpha() for ch in line) >= 0.6 * len(line.replace(" ", ""))


def looks_like_author_box(line: str) -> bool:
    return len(line.split()) <= 60 and _AUTHOR_BOX.match(line) is not None


# Words that name a pitch, and signs that a line addresses the reader rather than reports news.
_PITCH_WORDS = re.compile(
    r"\bsubscri(?:be|bed|bing|ption|ptions|ber|bers)\b|\bnewsletters?\b|\bsign(?:ing)?[ -]?up\b|\bdonat(?:e|ion|ions|ing)\b"
    r"|\bpaywall\b|\bmembership\b|\bbecome\s+an?\s+(?:member|supporter|patron|subscriber)\b"
    r"|\bsupport\s+(?:our|us|independent|quality|this|the)\s*(?:\w+\s+)?(?:work|journalism|reporting|newsroom|mission|site)?\b"
    r"|\bfor\s+(?:as\s+little\s+as|only|just)\s+[$€£]\s?\d|[$€£]\s?\d+(?:\.\d\d)?\s*(?:a|per|/)\s*(?:month|year|week)"
    r"|\bad[- ]free\b|\b(?:to|in)\s+your\s+inbox\b|\bnever\s+miss\b|\bunlimited\s+access\b|\bfree\s+trial\b"
    r"|\bjoin\s+(?:our|the)\s+(?:\w+\s+){0,4}(?:community|club|members)\b|\bpatreon\b|\bchip\s+in\b",
    _I,
)
_ADDRESS = re.compile(
    r"\b(?:you|your|you're|you’re|you've|you’ve|we|we're|we’re|our|us|please)\b"
    r"|^(?:subscribe|sign|join|donate|support|get|become|register|give|help|click|follow|download|try)\b",
    _I,
)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i’m|i'll|i’ll|i've|i’ve|my|me|thank\s+you|thanks)\b", _I)
_ATTRIBUTION = re.compile(r"\b(?:said|says|told|according\s+to|reported)\b|[\"“”]")


def pitch_score(line: str) -> int:
    """How many distinct pitch words a line has, 0 unless it also addresses the reader."""
    if _ATTRIBUTION.search(line) or not _ADDRESS.search(line):
        return 0
    return len({m.group().lower() for m in _PITCH_WORDS.finditer(line)})


def weak_pitch(line: str, *, generous: bool) -> bool:
    """A line that belongs to a neighbouring pitch: it talks to the reader, or is a short sign-off.

    ``generous`` (the block has two or more pitch lines) also takes first-person lines
    ("I'm proud to work at ...").
    """
    if _ATTRIBUTION.search(line):
        return False
    words = len(line.split())
    if words <= 6:
        return True
    if not generous:
        return False
    return bool(_ADDRESS.search(line) or _FIRST_PERSON.search(line))
