"""Deterministic normalisation of one time expression against the publication date.

``normalise_text`` turns "Oct. 8", "two weeks ago", "late January", "since 2011" into a
:class:`~newsgraph.nlp.time_calendar.Norm` (TimeML-style value, date range, precision). The
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
import re
from collections.abc import Callable

from newsgraph.nlp import time_calendar as cal
from newsgraph.nlp.time_calendar import Norm

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


# --- relative to the publication date --------------------------------------------------------


def _weekday(m: re.Match[str], ctx: _Context) -> Norm | None:
    wd = cal.WEEKDAYS[m["wd"]]
    if not re.search(rf"\b{m['wd'].capitalize()}", ctx.original):
        return None
    rel = m["rel"]
    part = f"T{_PART_CODES[m['part']]}" if m["part"] else ""
    if ctx.published is None:
        return _unresolved(f"XXXX-WXX-{wd + 1}{part}", "day")
    if rel in ("next", "coming", "this coming"):
        d = ctx.published + dt.timedelta(days=(wd - ctx.published.weekday()) % 7 or 7)
        norm = cal.day(d)
    elif rel == "this":
        norm = cal.day(ctx.published + dt.timedelta(days=wd - ctx.published.weekday()))
    else:
        strictly = rel in ("last", "past", "this past")
        d = cal.latest_weekday(ctx.published, wd, strictly_before=strictly)
        # The publication weekday named bare is "today" in wire style, but could be a week ago.
        norm = cal.day(d, ambiguous=d == ctx.published)
    return Norm(norm.value + part, norm.start, norm.end, "day", norm.ambiguous) if part else norm


def _today(m: re.Match[str], ctx: _Context) -> Norm | None:
    word = m["w"]
    offset = -1 if word.startswith(("yesterday", "last night")) else 1 if word.startswith("tomorrow") else 0
    if word.startswith("the day before yesterday"):
        offset = -2
    if ctx.published is None:
        value = "PRESENT_REF" if offset == 0 else f"P{abs(offset)}D-{'AGO' if offset < 0 else 'LATER'}"
        return _unresolved(value, "day")
    return cal.day(ctx.published + dt.timedelta(days=offset))


def _this_period(m: re.Match[str], ctx: _Context) -> Norm | None:
    rel, unit, edge = m["rel"], m["unit"], m["edge"]
    offset = {"last": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}[rel]
    if ctx.published is None:
        if offset == 0:
            return _unresolved("PRESENT_REF", unit if unit != "weekend" else "week")
        return _unresolved(f"P1{cal.UNIT_CODES.get(unit, 'W')}-{'AGO' if offset < 0 else 'LATER'}")
    if unit == "weekend":
        sat = cal.latest_weekday(ctx.published, 5, strictly_before=False) + dt.timedelta(weeks=max(offset, 0))
        if offset < 0 and sat == ctx.published:
            sat -= dt.timedelta(weeks=1)
        if offset == 0 and edge is None:
            # "this weekend" is the weekend of the publication week (TimeML reads "this" literally;
            # MEANTIME agrees): from a Monday, the coming one.
            sat = ctx.published + dt.timedelta(days=5 - ctx.published.weekday())
        iso = sat.isocalendar()
        return Norm(f"{iso[0]}-W{iso[1]:02d}-WE", sat, sat + dt.timedelta(days=1), "week")
    norm = cal.period_of(cal.shift(ctx.published, offset, unit), unit)
    if edge == "earlier" and offset == 0 and norm.start is not None:
        end = max(norm.start, ctx.published - dt.timedelta(days=1)) if unit != "year" else ctx.published
        return Norm(norm.value, norm.start, end, norm.precision)
    if edge == "later" and offset == 0:
        return Norm(norm.value, ctx.published, norm.end, norm.precision)
    return norm


def _past_span(m: re.Match[str], ctx: _Context) -> Norm | None:
    """ "the past month", "this past week", "the last three years": a span that ends at publication."""
    plural = m[0].endswith("s")
    n = _num(m["num"]) if m["num"] else None if plural else 1
    unit = m["unit"]
    code = f"P{n if n is not None else 'X'}{cal.UNIT_CODES[unit]}"
    future = m["dir"] in ("next", "coming")
    if unit == "decade":
        code = f"P{n * 10 if n else 'X'}Y"
    if ctx.published is None:
        return _unresolved(code, unit)
    if m["dir"] == "previous" and not m["num"] and not plural:
        return cal.period_of(cal.shift(ctx.published, -1, unit), unit)  # "the previous year": 2008
    reach = cal.shift(ctx.published, (n or 3) * (1 if future else -1), unit)
    start, end = (ctx.published, reach) if future else (reach, ctx.published)
    return Norm(code, start, end, unit, ambiguous=n is None)


def _recent(m: re.Match[str], ctx: _Context) -> Norm | None:
    unit = m["unit"]
    if ctx.published is None:
        return _unresolved("PAST_REF")
    span = {"day": 7, "week": 28, "month": 92, "year": 3 * 365}[unit]
    precision = {"day": "week", "week": "month", "month": "month", "year": "year"}[unit]
    return Norm("PAST_REF", ctx.published - dt.timedelta(days=span), ctx.published, precision, ambiguous=True)


def _ago(m: re.Match[str], ctx: _Context) -> Norm | None:
    n, unit = _num(m["num"]), m["unit"]
    if unit == "hour":
        n, unit = 0, "day"
    code = f"P{n if n is not None else 'X'}{cal.UNIT_CODES[unit]}-AGO"
    if ctx.published is None:
        return _unresolved(code, unit)
    if n is None:  # "a few days ago": somewhere in the last few units
        far = cal.shift(ctx.published, -4, unit)
        return Norm("PAST_REF", far, ctx.published, unit, ambiguous=True)
    # "two weeks ago" names the week two weeks back, not a day: keep the unit as the precision.
    return cal.period_of(cal.shift(ctx.published, -n, unit), unit)


def _chained(m: re.Match[str], ctx: _Context) -> Norm | None:
    """ "the following day", "two days later", "that week": relative to the previous anchor."""
    unit = m["unit"]
    word = m["dir"]
    n = _num(m.groupdict().get("num")) if m.groupdict().get("num") else 1
    sign = {"following": 1, "next": 1, "later": 1, "after": 1, "previous": -1, "preceding": -1}
    sign |= {"earlier": -1, "before": -1, "same": 0, "that": 0}
    direction = sign[word]
    if ctx.previous is None or n is None:
        label = "LATER" if direction > 0 else "EARLIER" if direction < 0 else "SAME"
        return _unresolved(f"P{n if n is not None else 'X'}{cal.UNIT_CODES[unit]}-{label}", unit)
    return cal.period_of(cal.shift(ctx.previous, direction * n, unit), unit)


def _reference(m: re.Match[str], ctx: _Context) -> Norm | None:
    word = m[0]
    if re.search(r"future|soon|coming|later|ahead|term", word):
        return Norm("FUTURE_REF", None, None, "unknown")
    if re.search(r"now|current|present|these days|today's|ongoing|time being", word):
        return Norm("PRESENT_REF", None, None, "unknown")
    return Norm("PAST_REF", None, None, "unknown")


def _frequency(m: re.Match[str], ctx: _Context) -> Norm | None:
    return Norm(cal.FREQUENCIES[m["f"]], None, None, "unknown")


def _the_day(m: re.Match[str], ctx: _Context) -> Norm | None:
    """ "(the end of) the day": the day the text is on (the last day named, else publication); a
    part of it ("the start of the day") keeps the day."""
    anchor = ctx.previous or ctx.published
    if anchor is None:
        return _unresolved("PRESENT_REF", "day")
    return cal.day(anchor)


def _named_month(m: re.Match[str], ctx: _Context) -> Norm | None:
    """ "last September", "this March", "next May": relative to the publication month."""
    mon = _month_number(m["mon"], ctx)
    if mon is None:
        return None
    rel = m["rel"]
    if ctx.published is None:
        return _unresolved(f"XXXX-{mon:02d}", "month")
    y, pub_m = ctx.published.year, ctx.published.month
    if rel in ("last", "past"):
        y = y if mon < pub_m else y - 1
    elif rel in ("next", "coming"):
        y = y if mon > pub_m else y + 1
    return cal.month(y, mon)


def _the_year(m: re.Match[str], ctx: _Context) -> Norm | None:
    """ "the beginning of the year": a part of the publication year."""
    if ctx.published is None:
        return _unresolved("PRESENT_REF", "year")
    return _apply_mod(cal.year(ctx.published.year), m["mod"])


def _short_year(m: re.Match[str], ctx: _Context) -> Norm | None:
    """ "since '82": the most recent such year by publication (2030 as the horizon when undated)."""
    yy = int(m["yy"])
    horizon = ctx.published.year if ctx.published else 2030
    return cal.year(2000 + yy if 2000 + yy <= horizon else 1900 + yy)


def _overnight(m: re.Match[str], ctx: _Context) -> Norm | None:
    """ "overnight" in news is the night before publication (the last day named, when chained)."""
    anchor = ctx.previous or (ctx.published - dt.timedelta(days=1) if ctx.published else None)
    if anchor is None:
        return _unresolved("XXXX-XX-XXTNI", "day")
    return Norm(f"{anchor.isoformat()}TNI", anchor, anchor + dt.timedelta(days=1), "day", ambiguous=True)


def _the_weekend(m: re.Match[str], ctx: _Context) -> Norm | None:
    """ "the weekend": the last one begun by publication (news reports what happened over it)."""
    if ctx.published is None:
        return _unresolved("XXXX-WXX-WE", "week")
    sat = cal.latest_weekday(ctx.published, 5, strictly_before=False)
    iso = sat.isocalendar()
    return Norm(f"{iso[0]}-W{iso[1]:02d}-WE", sat, sat + dt.timedelta(days=1), "week")


def _week_of_month(m: re.Match[str], ctx: _Context) -> Norm | None:
    """ "the last week of March": the ISO week holding most of that stretch of the month."""
    inner = _RULE_MONTH_YEAR.fullmatch(m["month"]) or _RULE_MONTH.fullmatch(m["month"])
    if inner is None:
        return None
    month_norm = (_month_year if inner.re is _RULE_MONTH_YEAR else _bare_month)(inner, ctx)
    if month_norm is None or month_norm.start is None or month_norm.end is None:
        return None
    nth = {"first": 0, "second": 1, "third": 2, "fourth": 3}.get(m["nth"])
    middle = (
        month_norm.end - dt.timedelta(days=3)
        if nth is None
        else month_norm.start + dt.timedelta(days=3 + 7 * nth)
    )
    return cal.week(middle)


def _same_period_last_year(m: re.Match[str], ctx: _Context) -> Norm | None:
    """ "the same period last year": news compares the latest reported period (taken as the month
    before publication) with a year earlier; a guess, flagged."""
    if ctx.published is None:
        return _unresolved("PAST_REF", "month")
    y, mon = cal.add_months(ctx.published.year, ctx.published.month, -13)
    return cal.month(y, mon, ambiguous=True)


def _clock_with_day(m: re.Match[str], ctx: _Context) -> Norm | None:
    """ "12:00 UTC Monday", "Tuesday at 3 p.m.": the day's value with the clock time appended."""
    # The original casing: a weekday only counts capitalised.
    found = re.search(re.escape(m["dayw"]), ctx.original, re.IGNORECASE)
    day_text = found[0] if found else m["dayw"]
    day_norm = normalise_text(day_text, published=ctx.published, previous=ctx.previous)
    if day_norm is None or day_norm.precision != "day" or day_norm.start is None or "T" in day_norm.value:
        return None
    clock = normalise_text(m["clk"], published=day_norm.start, previous=day_norm.start)
    if clock is None or "T" not in clock.value:
        return None
    value = day_norm.value + clock.value[clock.value.index("T") :]
    return Norm(value, day_norm.start, day_norm.end, "day", day_norm.ambiguous, day_norm.resolved)


def _duration(m: re.Match[str], ctx: _Context) -> Norm | None:
    n = _num(m["num"]) if m["num"] else None
    unit = m["unit"]
    if unit == "decade":
        return Norm(f"P{n * 10 if n else 'X'}Y", None, None, "unknown")
    clock = "T" if unit in ("hour", "minute") else ""  # TimeML: PT30M is 30 minutes, P30M 30 months
    return Norm(f"P{clock}{n if n is not None else 'X'}{cal.UNIT_CODES[unit]}", None, None, "unknown")


def _clock(m: re.Match[str], ctx: _Context) -> Norm | None:
    hour = int(m["h"]) if m["h"] else 12 if m["noon"] == "noon" else 0
    minute = int(m["mi"]) if m["mi"] else 0
    ampm = (m["ampm"] or "").replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    zone = "Z" if m["tz"] in ("utc", "gmt") else ""
    anchor = ctx.previous or ctx.published
    if anchor is None:
        return _unresolved(f"XXXX-XX-XXT{hour:02d}:{minute:02d}{zone}", "day")
    # The day is guessed (the last day mentioned, else publication): flagged.
    return Norm(f"{anchor.isoformat()}T{hour:02d}:{minute:02d}{zone}", anchor, anchor, "day", ambiguous=True)


_RULE_MONTH_YEAR = re.compile(rf"{_MOD}{_MON},?\s+(?:of\s+)?{_YEAR}")
_RULE_MONTH = re.compile(rf"{_MOD}{_MON}")

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
