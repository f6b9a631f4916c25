"""Time expressions: find them in a spaCy Doc and normalise them against the publication date.

Recognition takes spaCy's DATE and TIME entities and adds our own patterns for what the small
model misses ("the following day", "since 2011", "in recent days", "mid-2016", "Q3 2009",
clock times). Every candidate goes through :func:`normalise`; a candidate it rejects is not a
time (ages such as "35-year-old", a bare ordinal "19th", the modal "may").

Normalisation is deterministic (``time_rules``); ``dateparser`` is a guarded fallback for
spaCy entities our rules do not cover, used only with a publication date (so never against
today's date) and only when the text names a month, weekday or a number.

Decisions worth knowing:

* Same weekday as publication ("Wednesday" in a Wednesday article) -> the publication date,
  ``ambiguous=True`` (wire style names the day of publication; it could be a week earlier).
* "since 2011" -> value ``2011``, start 2011-01-01, end the publication date (None when undated).
* Durations ("six years") -> value ``P6Y`` with no dates: they say how long, not when.
* "late January" -> value ``2015-01`` at month precision, dates narrowed to 21-31 January.
* Relative expressions in reader comments are resolved against the publication date but flagged
  ambiguous: a comment may have been written days later.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from spacy.tokens import Doc

from newsgraph.model import TimeMention
from newsgraph.nlp.docview import doc_text as doc_text_of
from newsgraph.nlp.time import calendar as cal
from newsgraph.nlp.time.absolute import HOLIDAY_PATTERN
from newsgraph.nlp.time.calendar import Norm
from newsgraph.nlp.time.rules import normalise_text

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
# Weekday names, and capitalised words that may be misspelt ones ("Wedneday"); the rules decide.
# A month name that may end a sentence: the full stop belongs to abbreviations only ("June." vs "Jan.").
_MONTH_END = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|[MTWFS][a-z]{2,8}day)"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_NUMBER = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|a couple of"
    r"|several|few|twenty|thirty)"
)
_UNITS = r"(?:days?|weeks?|months?|years?|decades?)"
_QUAL = r"(?:straight|consecutive|successive|trading|business|working|full|calendar)"

_HOLIDAY = re.compile(rf"(?i)(?:on\s+)?(?:{HOLIDAY_PATTERN})")

# Patterns for what the small model misses; matched case-insensitively except month/weekday names.
_FINDERS = [
    re.compile(
        rf"\b(?i:(?:the )?(?:spring|summer|autumn|fall|winter)(?: of)?) {_YEAR}\b"
    ),  # "the spring of 2022"
    re.compile(rf"\b(?=[A-Z])(?i:{HOLIDAY_PATTERN})(?:,? {_YEAR})?\b"),
    re.compile(
        rf"\b(?i:ever since|since|until|by|from|in|before|after|to|and|between|through) (?:the )?(?:{_MONTH} )?{_YEAR}\b"
    ),
    re.compile(rf"\b(?i:early|mid|late)[- ](?:{_MONTH}|{_YEAR}|(?:the )?{_YEAR[3:-1]}0s)(?:,? {_YEAR})?\b"),
    re.compile(rf"\b(?:{_WEEKDAY},? )?{_MONTH} [0-3]?\d(?:st|nd|rd|th)?(?:,? {_YEAR})?\b"),
    # Day-first dates, which the model can miss inside a longer phrase ("in the early hours of
    # Saturday 30 November 2024"): the weekday and year belong to the same expression.
    re.compile(
        rf"\b(?:{_WEEKDAY},? )?(?:the )?[0-3]?\d(?:st|nd|rd|th)? (?:of )?{_MONTH_END}(?:,? {_YEAR})?\b"
    ),
    re.compile(
        rf"\b(?:(?i:early|late) )?(?:(?i:last|this|next|this past|this coming) )?{_WEEKDAY}"
        r"(?: (?i:morning|afternoon|evening|night))?"
    ),
    # "(?=\w)": every alternative opens on a word character; the look-ahead rejects the word ends
    # (half of all boundaries) before the ~30 alternatives are tried, and matches the same spans.
    re.compile(
        r"(?i)\b(?=\w)(?:the (?:following|next|previous|preceding|same) (?:day|week|month|year|morning|evening|night)"
        r"|the (?:day|week|month|year) (?:before|after)|later that (?:day|week|month|year)|that same day"
        rf"|{_NUMBER} {_UNITS} (?:ago|later|earlier)"
        r"|(?:in )?(?:the )?(?:most )?recent (?:days|weeks|months|years)"
        r"|(?:(?:earlier|later) )?(?:this|last|next) (?:week|weekend|month|year)"
        rf"|(?:this|the) (?:past|last|previous|coming) (?:{_NUMBER} )?(?:{_QUAL} )?{_UNITS}"
        r"|(?:the )?(?:first|second|third|fourth|1st|2nd|3rd|4th)[ -](?:fiscal )?quarter(?: of (?:this|last|next) year)?"
        # Durations: "six straight days", "a 12-hour flight", "two and a half years", "minutes".
        rf"|{_NUMBER}(?: and a half)?[ -](?:{_QUAL} )?(?:{_UNITS}|minutes?|hours?|quarters)"
        r"|the same (?:period|month|quarter|week|time) (?:of )?(?:last year|the (?:last|previous) year"
        r"|a year (?:ago|earlier|before))"
        r"|(?:minutes|hours|decades)|single-day|intraday"
        r"|(?:the (?:start|beginning|end|rest|remainder|middle) of )?the day(?! (?:after|before|when|of|that|which)\b)"
        r"|(?:early|late) in the day|that time|overnight|the weekend"
        rf"|the (?:first|second|third|fourth|last|final) week of {_MONTH}(?: {_YEAR})?"
        r"|(?:early|late|the (?:start|beginning|middle|end) of) the year"
        r"|(?:last|this|next) (?:January|February|March|April|May|June|July|August|September|October|November"
        r"|December)"
        r"|(?:early|late|mid)[- ]?(?:spring|summer|autumn|fall|winter)"
        r"|(?:last|this|next|the past) (?:spring|summer|autumn|fall|winter)"
        r"|(?:yesterday|today|tonight|tomorrow|last night)"
        r"|\b(?:[01]?\d|2[0-3]):[0-5]\d(?: ?[ap]\.?m\.?)?(?: (?:UTC|GMT))?|\b(?:1[0-2]|0?[1-9]) ?[ap]\.m\."
        r"|\b(?:[01]\d|2[0-3])[0-5]\d (?:UTC|GMT)"
        r"|\b(?:now|currently|nowadays|at present|recently|in the past|the future))\b(?!-)"
    ),
    # Time references the small model leaves out: "the recent downturn", "for the time being".
    re.compile(
        r"\b(?:(?<!most )recent|(?<=the )current|later|the past|the (?:near|long|short) term|the time being"
        r"|(?:very )?soon|the near future)\b(?!-)"
    ),
    # Frequencies, lower case only ("the Daily Mail" is a name).
    re.compile(r"\b(?:annual|annually|yearly|quarterly|monthly|weekly|daily|nightly|hourly)\b(?!-)"),
    re.compile(r"\b(?i:since|in|from|until|of) ['’]\d\d\b(?!['’]?s)"),
    re.compile(r"\b[01]?\d/[0-3]?\d/(?:\d{4}|\d\d)\b"),
    re.compile(r"\bQ[1-4](?: \d{4})?\b"),
    # A clock time with its day, one expression: "at 12:00 UTC Monday", "Tuesday at 3 p.m.".
    re.compile(
        rf"\b(?:[01]?\d|2[0-3])(?::[0-5]\d)?(?: ?[ap]\.?m\.?|(?<=\d\d:\d\d))(?: (?:UTC|GMT))?"
        rf" (?:on )?(?:{_WEEKDAY}|(?i:today|yesterday|tomorrow))\b"
        rf"|\b{_WEEKDAY},? (?:at )?(?:[01]?\d|2[0-3])(?::[0-5]\d)?(?: ?[ap]\.m\.|(?<=\d\d:\d\d))(?: (?:UTC|GMT))?"
    ),
]

# A range is split into its two ends, each a time of its own ("between April and June").
_RANGE = re.compile(
    rf"\b(?i:from|between) (?P<a>{_MONTH}(?: {_YEAR})?) (?i:to|and|until|through) (?P<b>{_MONTH_END}(?: {_YEAR})?)(?!\w)"
)

# "since" followed by a short noun phrase (no clause break) before the date: "since the uprisings in".
_SINCE_BEFORE = re.compile(r"(?i)\bsince\s+(?:[\w'’-]+\s+){0,4}$")

# spaCy tags these as DATE although they name no time ("their work day in", "a day out").
_THAT_TIME = re.compile(r"(?i)that time")
_NOT_TIME = re.compile(r"(?i)^(?:the )?(?:work ?day|day in|day out)\b")

_BARE_YEAR = re.compile(r"^\d{4}$")
# Words after which a bare four-digit number is a year: prepositions, determiners, seasons, months.
_YEAR_BEFORE = frozenset(
    {"in", "since", "by", "from", "until", "till", "before", "after", "during", "of", "through", "to",
     "and", "or", "between", "the", "early", "mid", "late", "year", "spring", "summer", "autumn",
     "fall", "winter", "around", "circa", "about", "its", "their", "his", "her"}
    | set(cal.MONTHS)
)  # fmt: skip


def _not_a_year(doc: Doc, doc_text: str, start: int, end: int, text: str) -> bool:
    """A bare four-digit number is a year only where the grammar says so.

    "1733 children" counts children (a plural noun follows, no determiner before), "resolution
    2118" and "Flight 1881" label something (a noun other than a month or season before), and
    "(1881)" in brackets is an aside, never the time of a clause.
    """
    if not _BARE_YEAR.match(text):
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    before = doc_text[max(0, start - 30) : start]
    if before.endswith("(") and doc_text[end : end + 1] == ")":
        return True
    prev = re.search(r"([A-Za-z]+)\W*$", before)
    determiner = prev is not None and prev.group(1).lower() in ("the", "its", "their", "his", "her", "a")
    after = doc[span.end] if span is not None and span.end < len(doc) else None
    if after is not None and after.tag_ == "NNS" and not determiner and after.idx - end <= 1:
        return True
    noun_before = span is not None and span.start > 0 and doc[span.start - 1].tag_ in ("NN", "NNP", "NNS")
    return noun_before and prev is not None and prev.group(1).lower() not in _YEAR_BEFORE


# "a woman in her 60s", "men in their early twenties": a decade after a possessive is an age.
_AGE_BEFORE = re.compile(r"(?i)\b(?:her|his|their|its|my|your|our)\s+$")
_AGE_DECADE = re.compile(
    r"(?i)^(?:early |mid-?|late )?(?:\d0s|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)$"
)

# A bare weekday or month name, the only expressions whose direction (past or coming) the text
# leaves open; with publication-date anchoring they default to the past.
_BARE_WEEKDAY = re.compile(
    r"(?i)^(?:on )?(?:early |late )?[a-z]+day(?: (?:morning|afternoon|evening|night))?$"
)
_BARE_MONTH = re.compile(rf"(?i)^(?:in |by |until |after |before )?(?:early |mid-?|late )?{_MONTH}$")
_BARE_MONTH_DAY = re.compile(
    rf"(?i)^(?:on |by |until |after |before )?(?:{_MONTH}\.? \d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTH})$"
)
_FUTURE_AUX = {"will", "shall", "'ll", "’ll", "wo", "should"}
_PLAN_VERBS = {"set", "schedule", "due", "expect", "plan", "go", "intend", "aim", "slate"}


def _future_if_governed(doc: Doc, start: int, end: int, text: str, norm: Norm, published: dt.date) -> Norm:
    """A bare weekday or month resolved to the past moves to its next occurrence when the verb it
    modifies is in the future tense ("will sign on Friday" in a Thursday article is the next day);
    "said on Monday that it will ..." keeps Monday, as "Monday" hangs on "said"."""
    weekday = _BARE_WEEKDAY.match(text) is not None and norm.precision == "day"
    month = _BARE_MONTH.match(text) is not None and norm.precision == "month"
    holiday = _HOLIDAY.fullmatch(text) is not None and norm.start is not None and norm.start < published
    if not (weekday or month or holiday) or not _future_verb(doc, start, end):
        return norm
    if holiday and norm.start is not None:  # "will withdraw by Christmas Day": the coming one
        d = norm.start.replace(year=norm.start.year + 1)
        return Norm(d.isoformat(), d, d, "day", norm.ambiguous, norm.resolved)
    try:
        return _ahead(norm, published, weekday=weekday)
    except (ValueError, OverflowError):  # past 9999-12-31, or 29 February moved to a common year
        return norm


def _ahead(norm: Norm, published: dt.date, *, weekday: bool) -> Norm:
    assert norm.start is not None
    if weekday:
        d = norm.start + dt.timedelta(days=7)
        return Norm(d.isoformat() + norm.value[10:], d, d, "day", norm.ambiguous, norm.resolved)
    if norm.start.year < published.year and norm.start.month > published.month:
        ahead = cal.month(norm.start.year + 1, norm.start.month)
        if norm.end is not None and (norm.end - norm.start).days < 27:  # narrowed: "late October"
            ahead = Norm(
                ahead.value,
                norm.start.replace(year=norm.start.year + 1),
                norm.end.replace(year=norm.end.year + 1),
                "month",
            )
        return ahead
    return norm


def _past_if_governed(doc: Doc, start: int, end: int, text: str, norm: Norm) -> Norm:
    """A bare month or day read as the coming one ("early June" in a May article, as announcements
    go) is last year's when the verb it dates is in the past tense ("intensified in late June")."""
    month = _BARE_MONTH.match(text) is not None and norm.precision == "month"
    day = _BARE_MONTH_DAY.match(text) is not None and norm.precision == "day"
    if not (month or day) or norm.start is None or not _past_verb(doc, start, end):
        return norm
    try:
        back_start = norm.start.replace(year=norm.start.year - 1)
        back_end = norm.end.replace(year=norm.end.year - 1) if norm.end is not None else None
    except ValueError:  # 29 February
        return norm
    value = f"{norm.start.year - 1:04d}{norm.value[4:]}"
    return Norm(value, back_start, back_end, norm.precision, norm.ambiguous, norm.resolved)


def _past_verb(doc: Doc, start: int, end: int) -> bool:
    """The expression dates a verb in the simple past or the perfect ("withdrew in late June",
    "had fallen on June 3"), through a preposition or directly; not a noun it modifies ("a June 3
    hearing has been scheduled") and not a plan ("was scheduled for June 3")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or span.root.dep_ in ("compound", "amod", "nmod", "poss"):
        return False
    root = tok = span.root
    for _ in range(3):
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            break
        if tok.i != root.i and tok.pos_ in ("NOUN", "PROPN"):
            return False  # the time hangs on a noun, not on the verb
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() in _PLAN_VERBS | {"schedule", "postpone"}:
        return False
    aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    if not aux and tok.dep_ == "conj":  # "has raged ... and intensified in late June"
        aux = {c.lower_ for c in tok.head.children if c.dep_ in ("aux", "auxpass")}
    if (
        aux & _FUTURE_AUX
        or "to" in aux
        or any(c.dep_ == "advmod" and c.lower_ == "maybe" for c in tok.children)
    ):
        return False
    return tok.tag_ == "VBD" or (tok.tag_ == "VBN" and bool(aux & {"had", "has", "have"}))


def _future_verb(doc: Doc, start: int, end: int) -> bool:
    """Whether the verb the expression modifies points ahead: a future or obligation modal ("will",
    "should be completed in October"), an infinitive of plan or schedule ("is set to begin on
    Wednesday", the headline "markets to remain closed"), or an end point of a state not in the
    simple past ("closed until Friday")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    tok, prep = span.root, ""
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX"):
            break
        if tok.dep_ == "prep":
            prep = tok.lower_
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    else:
        return False
    aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    if aux & _FUTURE_AUX:
        return True
    if "to" in aux and (tok.dep_ == "ROOT" or tok.head.lemma_ in _PLAN_VERBS):
        return True
    return prep in ("until", "till") and tok.tag_ != "VBD"


def normalise(
    text: str, *, published: dt.date | None, previous: TimeMention | None = None
) -> TimeMention | None:
    """Normalise one expression; offsets are 0..len(text). None when ``text`` is not a time.

    ``previous`` is the last day-precision mention before this one, for "the following day".

    >>> normalise("Oct. 8", published=dt.date(2015, 10, 14)).value
    '2015-10-08'
    """
    prev_day = previous.start_date if previous is not None and previous.precision == "day" else None
    norm = normalise_text(text, published=published, previous=prev_day)
    if norm is None:
        norm = _dateparser_fallback(text, published=published)
    return None if norm is None else _mention(norm, 0, len(text), text, in_comments=False)


_YEAR_IN = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
_YEARLESS_DAY = re.compile(r"^XXXX-(\d\d)-(\d\d)$")
#: A year-less date takes the year that puts it nearest a full date written before it, within
#: half a year either way (an article's story spans days or weeks, never a year).
_ANCHOR_REACH_DAYS = 183


def _with_anchor_year(norm: Norm, text: str, anchor: dt.date) -> Norm:
    """ "On Monday 16 October" after "Saturday 14 October 2023" in an undated text: 16 October 2023.

    The text's own full date is a sure anchor for the year (an undated article has no other);
    a weekday written with the date must agree with the year chosen."""
    m = _YEARLESS_DAY.match(norm.value)
    if m is None:
        return norm
    month, day = int(m[1]), int(m[2])
    best: dt.date | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - anchor).days) < abs((best - anchor).days):
            best = candidate
    if best is None or abs((best - anchor).days) > _ANCHOR_REACH_DAYS:
        return norm
    named = [cal.WEEKDAYS[w] for w in re.findall(r"[a-z]+day", text.lower()) if w in cal.WEEKDAYS]
    if named and named[0] != best.weekday():
        return norm
    return Norm(best.isoformat(), best, best, "day", norm.ambiguous, True)


def extract_times(doc: Doc, *, published: dt.date | None, in_comments: bool = False) -> list[TimeMention]:
    """All time expressions in ``doc``, in reading order, normalised against ``published``.

    Relative references chain on the last resolved day-precision mention ("the following day"
    after "January 18" is 19 January).
    """
    mentions: list[TimeMention] = []
    previous: dt.date | None = None
    antecedent: Norm | None = None  # the last anchored mention of any precision, for "that time"
    year_anchor: dt.date | None = None  # undated texts: the last full date written out
    # Doc.text joins every token on each access: read it once (it was the top cost per document).
    doc_text = doc_text_of(doc)
    for start, end in _candidate_spans(doc, published):
        text = doc_text[start:end]
        if _NOT_TIME.match(text) or _not_a_year(doc, doc_text, start, end, text):
            continue
        if _AGE_BEFORE.search(doc_text[max(0, start - 12) : start]) and _AGE_DECADE.match(text):
            continue
        norm = normalise_text(text, published=published, previous=previous)
        if norm is None and _THAT_TIME.fullmatch(text):
            # "up to that time" after "dated October 2015" is October 2015: the last anchored time.
            norm = antecedent
        if norm is None and _is_spacy_ent(doc, start, end):
            norm = _dateparser_fallback(text, published=published)
        if norm is None:
            continue
        if published is None and year_anchor is not None:
            norm = _with_anchor_year(norm, text, year_anchor)
        if published is None and norm.start is not None and norm.precision == "day" and _YEAR_IN.search(text):
            year_anchor = norm.start
        if published is not None and norm.start is not None and norm.start < published:
            norm = _future_if_governed(doc, start, end, text, norm, published)
        elif published is not None and norm.start is not None and norm.start > published:
            norm = _past_if_governed(doc, start, end, text, norm)
        ambiguous = norm.ambiguous
        if in_comments and published is not None and norm.resolved:
            undated = normalise_text(text, published=None, previous=None)
            ambiguous = ambiguous or (undated is None or not undated.resolved)
        if norm.start is not None and _SINCE_BEFORE.search(doc_text[max(0, start - 60) : start]):
            # "since the popular uprisings in 2011": an open interval up to publication.
            norm = Norm(norm.value, norm.start, published, norm.precision, norm.ambiguous, norm.resolved)
        mention = _mention(norm, start, end, text, in_comments=in_comments, ambiguous=ambiguous)
        mentions.append(mention)
        if norm.start is not None and not norm.value.startswith("P"):
            antecedent = norm
        if mention.precision == "day" and mention.start_date is not None and "T" not in mention.value:
            previous = mention.start_date
    return _share_range_years(mentions, doc_text)


_RANGE_OPEN = re.compile(r"(?i)(?:^|\s)(?:between|from)\s*$")
_RANGE_WORDS = ("and", "to", "until", "till", "through", "-", "–", "—")
_HAS_YEAR = re.compile(r"\b(?:1[0-9]|20|21)\d\d\b")


def _year_of(text: str) -> bool:
    return _HAS_YEAR.search(text) is not None


def range_pair(a: TimeMention, b: TimeMention, doc_text: str) -> bool:
    """ "between A and B", "from A to/until B": the two mentions are the ends of one interval.

    They stay two mentions (as TimeML and MEANTIME mark them); events dated by the first take
    the whole interval (see :func:`interval`)."""
    head_a = re.match(r"(?i)(between|from)\s+", a.text)
    opened = head_a is not None or _RANGE_OPEN.search(doc_text[max(0, a.start - 10) : a.start]) is not None
    gap = doc_text[a.end : b.start].strip().lower()
    head_b = re.match(r"(?i)(and|to|until|till|through)\s+", b.text)
    joined = (gap in _RANGE_WORDS and head_b is None) or (not gap and head_b is not None)
    return opened and joined and a.start_date is not None and b.end_date is not None


def interval(a: TimeMention, b: TimeMention, doc_text: str) -> TimeMention:
    """One mention for the interval from ``a`` to ``b`` (a :func:`range_pair`), for dating events."""
    assert a.start_date is not None and b.end_date is not None
    return TimeMention(start=a.start, end=b.end, text=doc_text[a.start : b.end],
                       value=f"{a.start_date.isoformat()}/{b.end_date.isoformat()}", start_date=a.start_date,
                       end_date=b.end_date, precision=a.precision, ambiguous=a.ambiguous or b.ambiguous,
                       resolved=a.resolved and b.resolved, in_comments=a.in_comments)  # fmt: skip


def _share_range_years(mentions: list[TimeMention], doc_text: str) -> list[TimeMention]:
    """ "between March and May 2023": the end that names no year takes the other end's (March 2023,
    not the March before publication)."""
    out = list(mentions)
    for k, (a, b) in enumerate(zip(mentions, mentions[1:], strict=False)):
        if not range_pair(a, b, doc_text) or a.start_date is None or b.start_date is None:
            continue
        try:
            if not _year_of(a.text) and _year_of(b.text) and a.precision in ("month", "day"):
                out[k] = _with_year(
                    a,
                    b.start_date.year if a.start_date.month <= b.start_date.month else b.start_date.year - 1,
                )
            elif _year_of(a.text) and not _year_of(b.text) and b.precision in ("month", "day"):
                out[k + 1] = _with_year(
                    b,
                    a.start_date.year if b.start_date.month >= a.start_date.month else a.start_date.year + 1,
                )
        except ValueError:  # 29 February in a common year
            continue
    return out


def _with_year(m: TimeMention, year: int) -> TimeMention:
    assert m.start_date is not None
    shift = year - m.start_date.year
    if not shift:
        return m
    end = m.end_date.replace(year=m.end_date.year + shift) if m.end_date is not None else None
    return replace(
        m, value=f"{year:04d}{m.value[4:]}", start_date=m.start_date.replace(year=year), end_date=end
    )


def governing_times(
    times: Sequence[TimeMention], sentence_start: int, sentence_end: int, *, text: str | None = None
) -> list[TimeMention]:
    """The time expressions that date a sentence ``[sentence_start, sentence_end)``.

    Rule: the anchored mentions (with a start date; durations and PAST_REF-style references do not
    date anything) inside the sentence, in reading order; if there are none, the closest anchored
    mention before the sentence in the same paragraph, as news carries a date forward ("On
    January 18, a strike killed six. Soleimani travelled ... "). With ``text`` given, a newline
    between that mention and the sentence ends the paragraph; without it, any earlier mention counts.
    Returns [] when nothing governs: the caller falls back to the publication date and says so.
    """
    anchored = [t for t in times if t.start_date is not None]
    inside = [t for t in anchored if t.start >= sentence_start and t.end <= sentence_end]
    if inside:
        return sorted(inside, key=lambda t: t.start)
    before = [t for t in anchored if t.end <= sentence_start]
    if not before:
        return []
    closest = max(before, key=lambda t: t.end)
    if text is not None and "\n" in text[closest.end : sentence_start]:
        return []
    return [closest]


# --- internals --------------------------------------------------------------------------------


def _mention(
    norm: Norm, start: int, end: int, text: str, *, in_comments: bool, ambiguous: bool | None = None
) -> TimeMention:
    end_date = norm.end
    if norm.start is not None and end_date is not None and end_date < norm.start:
        # "since 2001" in an article dated 2000: the publication date (or the text) is off, and a
        # range that ends before it starts breaks every consumer; keep the start, leave the end open
        # (found by tests/test_fuzz.py).
        end_date, ambiguous = None, True
    return TimeMention(
        start=start,
        end=end,
        text=text,
        value=norm.value,
        start_date=norm.start,
        end_date=end_date,
        precision=norm.precision,
        ambiguous=norm.ambiguous if ambiguous is None else ambiguous,
        resolved=norm.resolved,
        in_comments=in_comments,
    )


def _is_spacy_ent(doc: Doc, start: int, end: int) -> bool:
    return any(e.start_char == start and e.end_char == end for e in doc.ents)


def _candidate_spans(doc: Doc, published: dt.date | None) -> list[tuple[int, int]]:
    """spaCy DATE/TIME entities plus our pattern matches; overlaps keep the longest span that our
    rules can normalise ("June 17" over spaCy's "June 17, two days"), else the longest."""
    spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")]
    doc_text = doc_text_of(doc)  # once per Doc: Doc.text is rebuilt from the tokens on every access
    for finder in _FINDERS:
        spans.extend(m.span() for m in finder.finditer(doc_text))
    for m in _RANGE.finditer(doc_text):
        spans.extend((m.span("a"), m.span("b")))
    # Strip what spaCy sometimes glues on: trailing possessives and punctuation.
    cleaned = []
    for start, end in spans:
        text = doc_text[start:end]
        stripped = text[:-2] if text.endswith(("’s", "'s")) else text
        stripped = re.sub(r"(?:\s+(?:and|or|to))?[\s,;:]*$", "", stripped)
        cleaned.append((start, start + len(stripped)))
    ok = {s: normalise_text(doc_text[s[0] : s[1]], published=published) is not None for s in set(cleaned)}
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(set(cleaned), key=lambda s: (not ok[s], -(s[1] - s[0]), s[0])):
        if end <= start or any(start < e and s < end for s, e in chosen):
            continue
        chosen.append((start, end))
    return sorted(chosen)


_DP_GUARD = re.compile(
    r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday|yesterday|today|tomorrow)"
)
_ORDINAL_ONLY = re.compile(r"(?i)^\W*(?:the\s+)?\d+(?:st|nd|rd|th)?\W*$")


@functools.lru_cache(maxsize=16)
def _parser_for(published: dt.date) -> Any:
    from dateparser.date import DateDataParser

    base = dt.datetime(published.year, published.month, published.day)
    return DateDataParser(languages=["en"], settings={"PREFER_DATES_FROM": "past", "RELATIVE_BASE": base})


def _dateparser_fallback(text: str, *, published: dt.date | None) -> Norm | None:
    """dateparser behind guard rails: only with a publication date, never bare numbers or ordinals."""
    if published is None or len(text) > 40 or not _DP_GUARD.search(text) or _ORDINAL_ONLY.match(text):
        return None
    if re.search(r"\b(?:may|march)\b", text) and not re.search(r"\b(?:May|March)\b", text):
        return None  # the modal verb or the verb "march", not a month
    try:
        data = _parser_for(published).get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd input; a miss is not fatal
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    period = data.period or "day"
    # dateparser cannot tell a guess from a reading: whatever it returns is flagged ambiguous.
    if period == "year":
        return cal.year(d.year, ambiguous=True)
    if period == "month":
        return cal.month(d.year, d.month, ambiguous=True)
    if period == "week":
        return cal.week(d, ambiguous=True)
    return cal.day(d, ambiguous=True)
