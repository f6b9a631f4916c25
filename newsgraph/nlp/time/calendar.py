"""Calendar arithmetic and TimeML value formatting for the time normaliser.

Pure functions over ``datetime.date``; nothing here looks at today's date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip

NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "a couple of": 2, "couple of": 2,
}  # fmt: skip

#: Frequencies ("annual profit", "weekly gain"): TimeML values them as the period of one cycle.
FREQUENCIES = {
    "annual": "P1Y", "annually": "P1Y", "yearly": "P1Y", "quarterly": "P3M", "monthly": "P1M",
    "weekly": "P1W", "daily": "P1D", "nightly": "P1D", "hourly": "PT1H",
}  # fmt: skip

#: Vague quantities ("a few days ago"): the value keeps an X and the mention is ambiguous.
VAGUE = ("a few", "few", "several", "some", "many", "a number of")

UNIT_CODES = {
    "day": "D", "week": "W", "month": "M", "year": "Y", "decade": "E", "hour": "H", "minute": "M", "quarter": "Q",
}  # fmt: skip

# Northern-hemisphere meteorological seasons: (TimeML code, first month, number of months).
SEASONS = {
    "spring": ("SP", 3),
    "summer": ("SU", 6),
    "autumn": ("FA", 9),
    "fall": ("FA", 9),
    "winter": ("WI", 12),
}


@dataclass(frozen=True, slots=True)
class Norm:
    """A normalised value before it becomes a TimeMention (no offsets)."""

    value: str
    start: dt.date | None
    end: dt.date | None
    precision: str
    ambiguous: bool = False
    resolved: bool = True


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def day(d: dt.date, *, ambiguous: bool = False) -> Norm:
    return Norm(d.isoformat(), d, d, "day", ambiguous)


def week(d: dt.date, *, ambiguous: bool = False) -> Norm:
    """The ISO week that contains ``d``: value ``2015-W40``, Monday to Sunday."""
    iso = d.isocalendar()
    monday = d - dt.timedelta(days=d.weekday())
    return Norm(f"{iso[0]}-W{iso[1]:02d}", monday, monday + dt.timedelta(days=6), "week", ambiguous)


def month(year: int, month_: int, *, ambiguous: bool = False) -> Norm:
    return Norm(
        f"{year:04d}-{month_:02d}", dt.date(year, month_, 1), month_end(year, month_), "month", ambiguous
    )


def year(y: int, *, ambiguous: bool = False) -> Norm:
    return Norm(f"{y:04d}", dt.date(y, 1, 1), dt.date(y, 12, 31), "year", ambiguous)


def decade(first_year: int) -> Norm:
    return Norm(
        f"{first_year // 10:03d}X", dt.date(first_year, 1, 1), dt.date(first_year + 9, 12, 31), "decade"
    )


def season(y: int, name: str) -> Norm:
    """A season of year ``y``; winter runs from December of ``y`` into February of ``y + 1``."""
    code, first = SEASONS[name]
    last_y, last_m = add_months(y, first, 2)
    return Norm(f"{y:04d}-{code}", dt.date(y, first, 1), month_end(last_y, last_m), "season")


def quarter(y: int, q: int) -> Norm:
    """A business quarter. The vocabulary has no "quarter" precision; a quarter is a three-month
    span like a season, so it reports at ``season`` precision."""
    first = 3 * (q - 1) + 1
    return Norm(f"{y:04d}-Q{q}", dt.date(y, first, 1), month_end(y, first + 2), "season")


def season_containing(d: dt.date) -> tuple[int, str]:
    """The (year, season name) that ``d`` falls in; January and February belong to last year's winter."""
    if d.month in (1, 2):
        return d.year - 1, "winter"
    for name in ("spring", "summer", "autumn"):
        first = SEASONS[name][1]
        if first <= d.month < first + 3:
            return d.year, name
    return d.year, "winter"


def narrow(norm: Norm, part: str) -> Norm:
    """Narrow a month / year / decade to its early, mid or late third ("late January": Jan 21-31).

    The value and precision stay those of the whole period (TimeML puts the part in a modifier);
    only start and end shrink, so events dated by it carry the tighter range.
    """
    if norm.start is None or norm.end is None:
        return norm
    if norm.precision == "month":
        y, m = norm.start.year, norm.start.month
        bounds = {"early": (1, 10), "mid": (11, 20), "late": (21, norm.end.day)}[part]
        return Norm(norm.value, dt.date(y, m, bounds[0]), dt.date(y, m, bounds[1]), "month", norm.ambiguous)
    if norm.precision == "year":
        y = norm.start.year
        months = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
        return Norm(norm.value, dt.date(y, months[0], 1), month_end(y, months[1]), "year", norm.ambiguous)
    if norm.precision == "decade":
        y = norm.start.year
        years = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}[part]
        return Norm(norm.value, dt.date(y + years[0], 1, 1), dt.date(y + years[1], 12, 31), "decade")
    return norm


def shift(d: dt.date, n: int, unit: str) -> dt.date:
    """``d`` moved by ``n`` units (negative: into the past), clamping the day of month."""
    if unit == "day":
        return d + dt.timedelta(days=n)
    if unit == "week":
        return d + dt.timedelta(weeks=n)
    months = {"month": 1, "year": 12, "decade": 120}[unit] * n
    y, m = add_months(d.year, d.month, months)
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def period_of(d: dt.date, unit: str, *, ambiguous: bool = False) -> Norm:
    """The calendar period of ``unit`` that contains ``d``."""
    if unit == "day":
        return day(d, ambiguous=ambiguous)
    if unit == "week":
        return week(d, ambiguous=ambiguous)
    if unit == "month":
        return month(d.year, d.month, ambiguous=ambiguous)
    if unit == "year":
        return year(d.year, ambiguous=ambiguous)
    return decade(d.year - d.year % 10)


def latest_weekday(published: dt.date, weekday: int, *, strictly_before: bool) -> dt.date:
    """The most recent ``weekday`` on or before ``published`` (strictly before when asked)."""
    back = (published.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return published - dt.timedelta(days=back)


def past_month_day(published: dt.date, month_: int, day_: int) -> dt.date | None:
    """The last ``month_``/``day_`` on or before ``published`` (news is about the past)."""
    for y in (published.year, published.year - 1, published.year - 2):
        try:
            candidate = dt.date(y, month_, day_)
        except ValueError:  # 29 February in a common year
            continue
        if candidate <= published:
            return candidate
    return None


def canonical_weekday(word: str) -> str | None:
    """The weekday a misspelt name means ("Wedneday", "Thrusday"), or None.

    A word ending in "day" that shares its first two letters with exactly one weekday name and is
    within two edits of it; "Midday", "Someday" and "Holiday" are further off than that.
    """
    w = word.lower()
    if w in WEEKDAYS:
        return w
    if not 5 <= len(w) <= 11 or not w.endswith("day"):
        return None
    close = [name for name in WEEKDAYS if name[:2] == w[:2] and _edits(w, name) <= 2]
    return close[0] if len(close) == 1 else None


def _edits(a: str, b: str) -> int:
    """Levenshtein distance with adjacent transpositions (a swap is one edit)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cost = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, prev2[j - 2] + 1)
            cur.append(cost)
        prev2, prev = prev, cur
    return prev[-1]


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None
