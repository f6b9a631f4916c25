"""Rules for expressions relative to the publication date ("on Monday", "two weeks ago", "last month", "the following day"). See :mod:`newsgraph.nlp.time.rules`."""

from __future__ import annotations

import datetime as dt
import re

from newsgraph.nlp.time import calendar as cal
from newsgraph.nlp.time.absolute import (
    _PART_CODES,
    _RULE_MONTH,
    _RULE_MONTH_YEAR,
    _apply_mod,
    _bare_month,
    _Context,
    _month_number,
    _month_year,
    _num,
    _unresolved,
)
from newsgraph.nlp.time.calendar import Norm

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
    from newsgraph.nlp.time.rules import normalise_text  # the day and the clock are rules of their own

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
