"""Regular-expression pieces, the rule context and the rules for absolute dates ("8 October 2015", "March 2011", "the spring of 2022", holidays). See :mod:`newsgraph.nlp.time.rules`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from newsgraph.nlp.time import calendar as cal
from newsgraph.nlp.time.calendar import Norm

_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[0-9]\d\d|20\d\d|21\d\d)"
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MOD = r"(?:(?P<mod>early|mid|late|the (?:start|beginning|middle|end) of)[- ]?)?"
_UNIT = r"(?P<unit>day|week|month|year|decade)s?"
_NUMWORDS = "|".join(sorted((re.escape(k) for k in cal.NUMBERS), key=len, reverse=True))
_VAGUE = "|".join(re.escape(v) for v in cal.VAGUE)
_NUM = rf"(?P<num>\d+|{_NUMWORDS}|{_VAGUE})"
_PART = r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
# A clock time as written next to a day ("16:00 UTC today", "Monday at 3 p.m.").
_CLOCK = r"(?:(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s*(?:a\.?m\.?|p\.?m\.?)|(?:[01]?\d|2[0-3]):[0-5]\d)(?:\s+(?:utc|gmt))?"
_DAYWORD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow)"
# Words between a count and its unit that do not change the length ("six straight days").
_QUAL = r"(?:straight|consecutive|successive|trading|business|working|full|calendar)"

# Leading words that do not change the value ("on Friday", "in April", "about two weeks ago").
_PREFIX = re.compile(
    r"^(?:on|in|at|by|during|of|from|until|till|through|before|after|around|about|approximately|"
    r"nearly|roughly|almost|circa|c\.|as of|as early as|as late as|over|for|within|some|just|only|"
    r"more than|less than|fewer than|at least|at most|up to|under|between|to|and|through|throughout)\s+"
)
_AGE = re.compile(r"\d+\s*-?\s*(?:year|month|week|day)s?\s*-?\s*old|\bage[ds]?\b|\byears? of age\b")
_MOD_PART = {"early": "early", "mid": "mid", "late": "late", "the start of": "early"}
_MOD_PART |= {"the beginning of": "early", "the middle of": "mid", "the end of": "late"}
_PART_CODES = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}

Rule = Callable[[re.Match[str], "_Context"], Norm | None]


class _Context:
    """What a rule may look at: the publication date, the previous anchor, the original casing."""

    __slots__ = ("original", "previous", "published")

    def __init__(self, original: str, published: dt.date | None, previous: dt.date | None) -> None:
        self.original = original
        self.published = published
        self.previous = previous


def _num(text: str | None) -> int | None:
    """A number from digits or words; None for vague quantities ("several")."""
    if text is None:
        return 1
    if text.isdigit():
        return int(text)
    return cal.NUMBERS.get(text)


def _month_number(word: str, ctx: _Context) -> int | None:
    key = word.rstrip(".")
    # "may" and "march" are also verbs: only the capitalised word in the original is a month.
    if key in ("may", "mar", "march") and not re.search(rf"\b{key.capitalize()}\b", ctx.original):
        return None
    return cal.MONTHS.get(key)


def _unresolved(value: str, precision: str = "unknown") -> Norm:
    return Norm(value, None, None, precision, ambiguous=False, resolved=False)


def _apply_mod(norm: Norm, mod: str | None) -> Norm:
    return cal.narrow(norm, _MOD_PART[mod]) if mod else norm


# --- absolute dates ---------------------------------------------------------------------------


def _iso_day(m: re.Match[str], ctx: _Context) -> Norm | None:
    d = cal.safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return cal.day(d) if d else None


def _us_numeric(m: re.Match[str], ctx: _Context) -> Norm | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    y = y + 2000 if y < 100 else y
    d = cal.safe_date(y, a, b) or cal.safe_date(y, b, a)
    # 03/04/2015 reads either way; US month-first is the guess, flagged.
    return cal.day(d, ambiguous=a <= 12 and b <= 12 and a != b) if d else None


def _full_date(m: re.Match[str], ctx: _Context) -> Norm | None:
    mon = _month_number(m["mon"], ctx)
    d = cal.safe_date(int(m["year"]), mon, int(m["day"])) if mon else None
    return cal.day(d) if d else None


def _month_day(m: re.Match[str], ctx: _Context) -> Norm | None:
    mon = _month_number(m["mon"], ctx)
    day_ = int(m["day"])
    if mon is None or not 1 <= day_ <= 31:
        return None
    if ctx.published is None:
        return _unresolved(f"XXXX-{mon:02d}-{day_:02d}", "day")
    # News is about the past, but a date less than a month ahead is the upcoming one ("on June 3"
    # in a 14 May article); measured on MEANTIME, where such announcements are common.
    for y in (ctx.published.year, ctx.published.year + 1):
        ahead = cal.safe_date(y, mon, day_)
        if ahead and ctx.published < ahead <= ctx.published + dt.timedelta(days=30):
            return cal.day(ahead)
    d = cal.past_month_day(ctx.published, mon, day_)
    return cal.day(d) if d else None


#: Fixed-date holidays the news dates events by: (month, day).
#: Bare "Christmas" is left out: it names a season more often than a day ("the Christmas sales").
HOLIDAYS = {"christmas eve": (12, 24), "christmas day": (12, 25), "boxing day": (12, 26),
            "new year's eve": (12, 31), "new year's day": (1, 1), "halloween": (10, 31)}  # fmt: skip


#: The holidays' names as a regex alternation (spaces may be any whitespace, either apostrophe).
HOLIDAY_PATTERN = "|".join(re.escape(name).replace(r"\ ", r"\s+").replace("'", "['’]") for name in HOLIDAYS)


def _holiday(m: re.Match[str], ctx: _Context) -> Norm | None:
    """ "on Christmas Eve", "New Year's Day 2023": the most recent one, or the year given."""
    mon, day_ = HOLIDAYS[re.sub(r"\s+", " ", m["hol"]).replace("’", "'")]
    if m["year"]:
        d = cal.safe_date(int(m["year"]), mon, day_)
        return cal.day(d) if d else None
    if ctx.published is None:
        return _unresolved(f"XXXX-{mon:02d}-{day_:02d}", "day")
    d = cal.past_month_day(ctx.published, mon, day_)
    return cal.day(d) if d else None


def _month_year(m: re.Match[str], ctx: _Context) -> Norm | None:
    mon = _month_number(m["mon"], ctx)
    return _apply_mod(cal.month(int(m["year"]), mon), m["mod"]) if mon else None


def _bare_month(m: re.Match[str], ctx: _Context) -> Norm | None:
    mon = _month_number(m["mon"], ctx)
    if mon is None:
        return None
    if ctx.published is None:
        return _unresolved(f"XXXX-{mon:02d}", "month")
    # A month later in the year than the publication month is last year's (news is about the past),
    # except the next month, which news names when announcing ("early June" in a May article).
    y = ctx.published.year if mon <= ctx.published.month else ctx.published.year - 1
    if cal.add_months(ctx.published.year, ctx.published.month, 1) == (ctx.published.year + (mon == 1), mon):
        y = ctx.published.year + (mon == 1)
    return _apply_mod(cal.month(y, mon), m["mod"])


def _year(m: re.Match[str], ctx: _Context) -> Norm | None:
    return _apply_mod(cal.year(int(m["year"])), m["mod"])


def _relative_year(m: re.Match[str], ctx: _Context) -> Norm | None:
    offset = {"last": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}[m["rel"]]
    if ctx.published is None:
        return None if offset else _unresolved("PRESENT_REF", "year")
    return _apply_mod(cal.year(ctx.published.year + offset), m["mod"])


def _decade(m: re.Match[str], ctx: _Context) -> Norm | None:
    if m["full"]:
        first = int(m["full"])
    else:
        short = int(m["short"])
        # '80s: the most recent such decade that has begun by the publication year (2030 when undated,
        # a fixed horizon rather than today's date).
        horizon = ctx.published.year if ctx.published else 2030
        first = 2000 + short if 2000 + short <= horizon else 1900 + short
    return _apply_mod(cal.decade(first), m["mod"])


def _season(m: re.Match[str], ctx: _Context) -> Norm | None:
    name = m["season"]
    if m["year"]:
        return _apply_mod(cal.season(int(m["year"]), name), None)
    if ctx.published is None:
        return _unresolved(f"XXXX-{cal.SEASONS[name][0]}", "season")
    cur_y, cur_name = cal.season_containing(ctx.published)
    y = ctx.published.year
    first = cal.SEASONS[name][1]
    # The most recent such season that has started by the publication date.
    start_y = y if dt.date(y, first, 1) <= ctx.published else y - 1
    if name == "winter" and ctx.published.month in (1, 2):
        start_y = y - 1
    rel = m["rel"]
    if rel in ("last", "past", "previous") and (start_y, name) == (cur_y, cur_name):
        start_y -= 1
    elif rel in ("next", "coming") and start_y <= y:
        start_y += 1 if (start_y, name) == (cur_y, cur_name) or start_y < y else 0
    return cal.season(start_y, name)


def _quarter(m: re.Match[str], ctx: _Context) -> Norm | None:
    word = m["q"]
    q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}.get(word)
    if q is None and word.isdigit():
        q = int(word)
    if m["year"]:
        y = int(m["year"])
    elif ctx.published is None:
        return _unresolved(f"XXXX-Q{q}" if q else "XXXX-QX", "season")
    elif m.groupdict().get("yrel"):
        y = ctx.published.year + {"last": -1, "this": 0, "next": 1}[m["yrel"]]
    else:
        y = ctx.published.year
    pub_q = (ctx.published.month - 1) // 3 + 1 if ctx.published else 4
    if q is None and m["year"]:
        q = 4  # "the final quarter of 2009"
    if q is None:  # "the last quarter": the most recent complete one
        q = pub_q - 1 if pub_q > 1 else 4
        y = y if pub_q > 1 else y - 1
    elif not m["year"] and not m.groupdict().get("yrel") and ctx.published and q > pub_q:
        # A later quarter of this year is the coming one when it is nearer than last year's ("the
        # fourth quarter" in August is this year's, in March last year's); measured on MEANTIME.
        ahead = 3 * q - 2 - ctx.published.month
        ago = ctx.published.month + 12 - 3 * q
        y -= 1 if ago < ahead else 0
    return cal.quarter(y, q) if 1 <= q <= 4 else None


_RULE_MONTH_YEAR = re.compile(rf"{_MOD}{_MON},?\s+(?:of\s+)?{_YEAR}")
_RULE_MONTH = re.compile(rf"{_MOD}{_MON}")
