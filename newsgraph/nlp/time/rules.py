"""Deterministic normalisation of one time expression against the publication date.

``normalise_text`` turns "Oct. 8", "two weeks ago", "late January", "since 2011" into a
:class:`~newsgraph.nlp.time.calendar.Norm` (TimeML-style value, date range, precision). The
rules follow how news is written:

* Anchor on the publication date and prefer the past: a bare "January 18" or "April" that would
  fall after the publication date belongs to the previous year; a weekday name is the most recent
  such day (the publication weekday itself is *today* in wire style and is flagged ambiguous).
* With no publication date nothing relative is resolved (never against today's date): the value
  keeps a relative form (``XXXX-01-18``, ``P2W-AGO``, ``XXXX-WXX-1``) and ``resolved`` is False.
* Chained references ("the following day") use the previous anchor the caller passes in.
* Durations ("six years") normalise to ``P6Y`` with no dates; ages ("35-year-old") and bare
  ordinals ("19th") or the modal "may" are not times at all (None).
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from newsgraph.nlp.time import calendar as cal
from newsgraph.nlp.time.absolute import (
    _AGE,
    _CLOCK,
    _DAY,
    _DAYWORD,
    _MOD,
    _MON,
    _NUM,
    _NUMWORDS,
    _PART,
    _PREFIX,
    _QUAL,
    _RULE_MONTH,
    _RULE_MONTH_YEAR,
    _UNIT,
    _VAGUE,
    _WD,
    _YEAR,
    HOLIDAY_PATTERN,
    Rule,
    _bare_month,
    _Context,
    _decade,
    _full_date,
    _holiday,
    _iso_day,
    _month_day,
    _month_year,
    _num,
    _quarter,
    _relative_year,
    _season,
    _us_numeric,
    _year,
)
from newsgraph.nlp.time.calendar import Norm
from newsgraph.nlp.time.relative import (
    _ago,
    _chained,
    _clock,
    _clock_with_day,
    _duration,
    _frequency,
    _named_month,
    _overnight,
    _past_span,
    _recent,
    _reference,
    _same_period_last_year,
    _short_year,
    _the_day,
    _the_weekend,
    _the_year,
    _this_period,
    _today,
    _week_of_month,
    _weekday,
)

_RULES: list[tuple[re.Pattern[str], Rule]] = [
    (re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"), _iso_day),
    (re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})"), _us_numeric),
    (re.compile(rf"(?:{_WD},?\s+)?{_MON}\s*{_DAY},?\s+{_YEAR}"), _full_date),
    (re.compile(rf"(?:{_WD},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}"), _full_date),
    (re.compile(rf"(?:{_WD},?\s+)?{_MON}\s*{_DAY}"), _month_day),
    (re.compile(rf"(?:{_WD},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON}"), _month_day),
    (
        re.compile(rf"(?P<hol>{HOLIDAY_PATTERN})(?:,?\s+{_YEAR})?"),
        _holiday,
    ),
    (_RULE_MONTH_YEAR, _month_year),
    (_RULE_MONTH, _bare_month),
    (re.compile(r"(?:the\s+)?weekend"), _the_weekend),
    (
        re.compile(r"(?:the\s+)?(?P<nth>first|second|third|fourth|last|final)\s+week\s+of\s+(?P<month>.+)"),
        _week_of_month,
    ),
    (re.compile(rf"(?P<rel>last|past|this|next|coming)\s+{_MON}"), _named_month),
    (re.compile(r"(?P<f>annual|annually|yearly|quarterly|monthly|weekly|daily|nightly|hourly)"), _frequency),
    (
        re.compile(r"(?:the\s+)?(?:(?:start|beginning|end|rest|remainder|course|middle)\s+of\s+)?the\s+day"),
        _the_day,
    ),
    (re.compile(r"(?:late|early)\s+in\s+the\s+day"), _the_day),
    (re.compile(rf"{_MOD}the\s+year"), lambda m, ctx: _the_year(m, ctx) if m["mod"] else None),
    (re.compile(r"'(?P<yy>\d\d)"), _short_year),
    (re.compile(r"overnight"), _overnight),
    (re.compile(rf"(?P<clk>{_CLOCK})\s+(?:on\s+)?(?P<dayw>{_DAYWORD})"), _clock_with_day),
    (re.compile(rf"(?P<dayw>{_DAYWORD}),?\s+(?:at\s+)?(?P<clk>{_CLOCK})"), _clock_with_day),
    (
        re.compile(
            r"the\s+same\s+(?:period|month|quarter|week|time)\s+(?:of\s+)?(?:last\s+year"
            r"|the\s+(?:last|previous)\s+year|a\s+year\s+(?:ago|earlier|before))"
        ),
        _same_period_last_year,
    ),
    (re.compile(rf"(?:the\s+)?(?:year\s+|fiscal\s+(?:year\s+)?)?{_MOD}{_YEAR}"), _year),
    (re.compile(rf"{_MOD}(?:the\s+)?(?P<rel>last|previous|this|current|next|coming)\s+year"), _relative_year),
    (re.compile(rf"(?:the\s+)?{_MOD}(?:the\s+)?(?:(?P<full>1\d\d0|20\d0)|'?(?P<short>\d0))'?s"), _decade),
    (
        re.compile(
            rf"{_MOD}(?:the\s+)?(?:(?P<rel>last|past|previous|this|next|coming)\s+)?"
            rf"(?P<season>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?{_YEAR})?"
        ),
        _season,
    ),
    (
        re.compile(
            r"(?:the\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|last|final|past)[\s-]+(?:fiscal\s+)?"
            rf"quarter(?:(?:\s+of\s+|,?\s+){_YEAR}|\s+of\s+(?P<yrel>this|last|next)\s+year)?"
        ),
        _quarter,
    ),
    (re.compile(rf"(?:fiscal\s+)?q(?P<q>[1-4])(?:\s+(?:of\s+)?(?:fiscal\s+)?{_YEAR})?"), _quarter),
    (
        re.compile(
            rf"(?:(?:early|late)\s+)?(?:(?P<rel>last|past|this past|this coming|this|next|coming)\s+)?{_WD}{_PART}"
        ),
        _weekday,
    ),
    (
        re.compile(
            r"(?:earlier\s+|later\s+)?(?P<w>today|tonight|the day before yesterday|yesterday|tomorrow"
            r"|last night|this (?:morning|afternoon|evening))(?:\s+(?:morning|afternoon|evening|night))?"
        ),
        _today,
    ),
    (re.compile(r"(?:the\s+)?(?P<w>day before yesterday)"), _today),
    (
        re.compile(
            r"(?:(?P<edge>earlier|later)\s+)?(?P<rel>last|previous|this|current|next|coming)\s+"
            r"(?P<unit>week|weekend|month|year)"
        ),
        _this_period,
    ),
    (
        re.compile(
            rf"(?:the|this)\s+(?P<dir>past|last|previous|next|coming)\s+(?:{_NUM}\s+)?(?:{_QUAL}\s+)?"
            r"(?P<unit>day|week|month|year|decade)s?"
        ),
        _past_span,
    ),
    (re.compile(r"(?:in\s+)?(?:the\s+)?(?:most\s+)?recent\s+(?P<unit>day|week|month|year)s"), _recent),
    (
        re.compile(r"(?:in\s+)?(?:the\s+)?(?:last|past)\s+(?:few|several)\s+(?P<unit>day|week|month|year)s"),
        _recent,
    ),
    (re.compile(rf"(?:{_NUM}\s+)?(?P<unit>hour|day|week|month|year|decade)s?\s+ago"), _ago),
    (re.compile(rf"(?:the\s+)?(?P<dir>following|next|previous|preceding|same)\s+{_UNIT}{_PART}"), _chained),
    (re.compile(rf"(?:the\s+)?{_UNIT}\s+(?P<dir>before|after)"), _chained),
    (re.compile(rf"(?:later\s+)?(?P<dir>that)\s+{_UNIT}{_PART}"), _chained),
    (re.compile(rf"{_NUM}\s+{_UNIT}\s+(?P<dir>later|earlier)"), _chained),
    (
        re.compile(
            r"now|right now|currently|at present|presently|nowadays|these days|the present|current|ongoing"
            r"|the time being|recent|recently|more recently|until recently|the past|previously|formerly"
            r"|in recent history|once|the future|soon|very soon|the near future|later|the (?:long|near|short) term"
            r"|short-term|the coming (?:days|weeks|months|years)"
        ),
        _reference,
    ),
    (
        re.compile(
            rf"(?:(?P<num>\d+|{_NUMWORDS}|{_VAGUE})(?P<half>\s+and\s+a\s+half)?\s*[- ]\s*(?:{_QUAL}[- ])?)?"
            rf"(?P<unit>minute|hour|day|week|month|quarter|year|decade)s?(?:\s*-?\s*long)?"
            rf"|(?P<num2>several|many|a few|few)\s+(?:{_QUAL}\s+)?(?P<unit2>minute|hour|day|week|month|year|decade)s"
            r"|(?P<single>single|one)-day|(?P<intra>intraday)"
        ),
        lambda m, ctx: _duration_alt(m, ctx),
    ),
    (
        re.compile(
            r"(?:(?P<h>[01]?\d|2[0-3])(?::?(?P<mi>[0-5]\d))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)"
            r"|(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)|(?P<noon>noon|midday|midnight))"
            r"(?:\s+(?P<tz>utc|gmt|local time|[a-z]st))?"
        ),
        lambda m, ctx: _clock_alt(m, ctx),
    ),
    (re.compile(r"(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)\s+(?P<tz>utc|gmt)"), lambda m, ctx: _clock_alt(m, ctx)),
]


class _Alt:
    """A match with alternative group names folded onto the canonical ones."""

    def __init__(self, m: re.Match[str], **aliases: str) -> None:
        self.m = m
        self.aliases = aliases

    def __getitem__(self, key: str | int) -> str | None:
        if isinstance(key, int):
            return self.m[key]
        value = self.m.groupdict().get(key)
        if value is None and key in self.aliases:
            for alias in self.aliases[key].split(","):
                value = value or self.m.groupdict().get(alias)
        return value


def _duration_alt(m: re.Match[str], ctx: _Context) -> Norm | None:
    if m["single"] or m["intra"]:
        return Norm("P1D", None, None, "unknown")
    alt = _Alt(m, num="num2", unit="unit2")
    if m["half"] and m["num"]:
        n = _num(m["num"])
        return Norm(f"P{n}.5{cal.UNIT_CODES[m['unit']]}", None, None, "unknown") if n else None
    if alt["unit"] is None or (alt["unit"] == "quarter" and not m[0].endswith("s")):
        return None  # "a quarter" of something is a share
    if alt["num"] is None and not m[0].endswith("s"):
        return None  # a bare "day" or "year" is not a time expression
    return _duration(alt, ctx)  # type: ignore[arg-type]


def _clock_alt(m: re.Match[str], ctx: _Context) -> Norm | None:
    return _clock(_Alt(m, h="h2", mi="mi2"), ctx)  # type: ignore[arg-type]


_SINCE = re.compile(r"^(?:ever\s+)?since\s+")
_WEEKDAY_LIKE = re.compile(r"\b[A-Z][a-z]{2,8}day\b")


def _fix_weekday(m: re.Match[str]) -> str:
    """A capitalised misspelt weekday ("Wedneday") spelt right; anything else unchanged."""
    name = cal.canonical_weekday(m[0])
    return name.capitalize() if name else m[0]


_TRAIL = re.compile(r"(?:'s|’s|')$")


def clean(text: str) -> str:
    """Lower-cased, single-spaced, without trailing punctuation or a possessive."""
    t = re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'")).strip().lower()
    t = t.strip(' ,.;:()[]"')
    if t.endswith((" a.m", " p.m", "a.m", "p.m")):
        t += "."
    return _TRAIL.sub("", t).strip()


@functools.lru_cache(maxsize=8192)  # pure, and Norm is frozen: "yesterday", "Monday" recur across texts
def normalise_text(text: str, *, published: dt.date | None, previous: dt.date | None = None) -> Norm | None:
    """The normalised value of a whole time expression, or None when it is not one.

    ``previous`` is the last day-precision date the reader resolved before this expression.
    """
    if len(text) > 80 or not text.strip():
        return None
    text = _WEEKDAY_LIKE.sub(_fix_weekday, text)
    t = clean(text)
    if _AGE.search(t):
        return None  # "35-year-old", "aged 35": an age, not a time
    since = False
    for _ in range(4):
        stripped = _PREFIX.sub("", t)
        if _SINCE.match(stripped):
            since = True
            stripped = _SINCE.sub("", stripped)
        if stripped == t:
            break
        t = stripped
    ctx = _Context(text.replace("’", "'"), published, previous)
    for pattern, rule in _RULES:
        m = pattern.fullmatch(t)
        if m is None:
            continue
        try:
            norm = rule(m, ctx)
        except (ValueError, OverflowError):
            # The date falls outside years 1-9999 ("next year" in an article dated 9999-12-31, a
            # "Q2" of year 0): not a time we can represent (found by fuzz/fuzz_times.py).
            continue
        if norm is None:
            continue
        if since and norm.start is not None:
            # An open interval from the start of the named period up to publication.
            return Norm(norm.value, norm.start, published, norm.precision, norm.ambiguous, norm.resolved)
        return norm
    return None
