"""Line rules for :mod:`newsgraph.ingest.clean`: what one line of scraped text looks like.

Each rule describes a shape of boilerplate seen across many outlets (a line made only of share
words, "Name says:", a price per month next to "subscribe"), never one site's wording.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_I = re.IGNORECASE


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_BULLET = r"[^\S\n]*(?:(?:[•·*►▪●○◦‣⁃-]|>+)[^\S\n]*)?"
QUOTE_START = re.compile(r"^[\"“‘'«]")
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
    rf"^(?P<bullet>{_BULLET}){_NAME}\s+(?P<verb>says|said|writes|wrote|commented|replied)\s*"
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
    r"|\bpowered\s+by\b|\bsite\s*map\b|\bcontact\s+(?:the\s+)?(?:newsroom|editors?|desk)\b|\S+@\S+\.\w{2,}",
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
        if not says and not is_name_like(name):
            continue
        present = says and m["verb"].lower() in ("says", "writes")
        content = m.groupdict().get("content")
        # "Barry, who was from Dewsbury, said: “...”" is a quote in the article, not a commenter.
        if says and ("," in name or (content and not present)):
            continue
        offset = m.start("content") if content else None
        return AuthorLine(name, offset, present, bool(m["bullet"].strip()))
    return None


# "[Amadou T. | Nov 15, 2023] Text" and "Comment from Layla S.: Text" name the commenter and
# carry the comment on the same line; they are commenter lines anywhere.
_INLINE_AUTHOR = re.compile(
    rf"^[^\S\n]*(?:>+\s*)?(?:\[(?P<bname>[^\]|·\n]{{1,40}}?)\s*(?:[|·,–—-]\s*{_DATE}\s*)?\]"
    r"|(?:comment|reply|response|posted)\s+(?:from|by)\s+(?P<cname>[^:\n]{1,40}?)\s*:)\s*(?P<content>\S.*)$",
    _I,
)
# "ko_zaw: Rakhine is ..." names a commenter only inside a comment section.
_COLON_AUTHOR = re.compile(r"^[^\S\n]*(?:>+\s*)?(?P<name>[^\s:>\[][^:\n]{0,38}?):\s+(?P<content>\S.*)$")
_NOT_COLON_NAMES = _words(
    "note update edit correction ps p.s. source sources editor editor's disclaimer warning"
)


def match_inline_author(line: str, *, in_comments: bool) -> AuthorLine | None:
    """A commenter name and the comment on one line; the bare "Name: text" form only in comments."""
    if len(line) > 2000:
        return None
    m = _INLINE_AUTHOR.match(line)
    if m is not None:
        name = (m["bname"] or m["cname"]).strip()
        if is_name_like(name):
            return AuthorLine(name, m.start("content"), False, True)
    if in_comments:
        m = _COLON_AUTHOR.match(line)
        if m is not None and is_name_like(m["name"]) and m["name"].lower() not in _NOT_COLON_NAMES:
            return AuthorLine(m["name"].strip(), m.start("content"), False, True)
    return None


def is_name_like(text: str) -> bool:
    """A commenter name: 1-4 words, no sentence punctuation; may be a lower-case username."""
    words = text.split()
    if not 1 <= len(words) <= 4 or len(text) > 40 or words[0].lower() in _NOT_NAMES:
        return False
    if re.search(r"[:;!?\"“”()•·|]|https?:|www\.", text) or text.isdigit():
        return False
    # A final full stop is fine after an initial ("Priya N.") and nowhere else.
    return not text.endswith(".") or re.search(r"(?:^|\s)\w\.$", text) is not None


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
    parts = [p.strip() for p in re.split(r"\s[|•·»/]\s|\s{2,}|\t", line) if p.strip()]
    return len(parts) >= 3 and all(is_nav_item(p) for p in parts)


def is_dateline(line: str) -> bool:
    """A header line of outlet, section and date: "GULF WIRE DIGEST • Maritime • 20/11/2023"."""
    parts = [p.strip() for p in re.split(r"\s[|•·/]\s", line) if p.strip()]
    if not 2 <= len(parts) <= 5 or len(line) > 100:
        return False
    dates = [p for p in parts if is_date_only(p)]
    return len(dates) == 1 and all(p in dates or is_nav_item(p) for p in parts)


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
    r"|\bsupport\s+us\b|\bsupport\s+(?:our|independent|quality|this|the)\s+(?:\w+\s+)?"
    r"(?:work|journalism|reporting|newsroom|mission|site|newspaper|publication)\b"
    r"|\bfor\s+(?:as\s+little\s+as|only|just)\s+[$€£]\s?\d|[$€£]\s?\d+(?:\.\d\d)?\s*(?:a|per|/)\s*(?:month|year|week)"
    r"|\bad[- ]free\b|\b(?:to|in)\s+your\s+inbox\b|\bnever\s+miss\b|\bunlimited\s+access\b|\bfree\s+trial\b"
    r"|\bjoin\s+(?:our|the)\s+(?:\w+\s+){0,4}(?:community|club|members)\b|\bpatreon\b|\bchip\s+in\b"
    r"|\bmake\s+a\s+(?:donation|contribution|gift)\b|\breader[- ](?:support|funded|supported)\b"
    r"|\bfunded\s+by\s+(?:its|our)\s+readers\b"
    r"|\bfor\s+(?:as\s+little\s+as|only|just)\s+[\d.,]+\s*\w+\s+(?:a|per)\s+(?:day|week|month|year)\b",
    _I,
)
# A price per period or a free trial is a pitch whether or not the sentence says "you".
_PITCH_SELF = re.compile(
    r"[$€£¥₹]\s?\d+(?:[.,]\d\d)?\s*(?:a|per|/)\s*(?:month|year|week|mo|yr)\b|\bfree\s+trial\b"
    r"|\bunlimited\s+access\b|\bad[- ]free\b",
    _I,
)
_ADDRESS = re.compile(
    r"\b(?:you|your|you're|you’re|you've|you’ve|we|we're|we’re|our|us|please)\b"
    r"|^(?:subscribe|sign|join|donate|support|get|become|register|give|help|click|follow|download|try)\b",
    _I,
)
# The longest pitch paragraph seen (seed 004, other outlets' appeals) is about 45 words.
_PITCH_MAX_WORDS = 70
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i’m|i'll|i’ll|i've|i’ve|my|me|thank\s+you|thanks)\b", _I)
_ATTRIBUTION = re.compile(r"\b(?:said|says|told|according\s+to|reported)\b|[\"“”]")


def pitch_score(line: str) -> int:
    """How many distinct pitch words a line has in sentences that also address the reader.

    Pitches are short: a paragraph over ``_PITCH_MAX_WORDS`` words is article text that happens
    to mention a subscription price or a donation.
    """
    if len(line.split()) > _PITCH_MAX_WORDS:
        return 0
    addressed = any(_ADDRESS.search(sentence) for sentence in _sentences(line))
    found: set[str] = set()
    for sentence in _sentences(line):
        if _ATTRIBUTION.search(sentence):
            continue
        found.update(m.group().lower() for m in _PITCH_SELF.finditer(sentence))
        if addressed:
            found.update(m.group().lower() for m in _PITCH_WORDS.finditer(sentence))
    return len(found)


def _sentences(line: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", line)


def weak_pitch(line: str, *, generous: bool) -> bool:
    """A line that belongs to a neighbouring pitch: it talks to the reader, or is a short sign-off.

    ``generous`` (the block has two or more pitch lines) also takes first-person lines
    ("I'm proud to work at ...").
    """
    if _ATTRIBUTION.search(line):
        return False
    words = len(line.split())
    if words <= 6 or (words <= _PITCH_MAX_WORDS and _PITCH_WORDS.search(line)):
        return True
    if not generous or words > _PITCH_MAX_WORDS:
        return False
    return bool(_ADDRESS.search(line) or _FIRST_PERSON.search(line))
