"""The document date written in an article's header, for texts that come without metadata.

News pages and wire copy state their date above or at the start of the story, in a handful of
shapes: a date line ("May 14, 2019 / 10:22 AM / Updated 2 hours ago", "AFP Friday 22 Apr 2016",
"Tue 15 Oct 2019", "07-03-2022", "2015-08-09 21:14:05"), a labelled line ("Date of publication
28 April 2014", "Published: 2023-04-02", "Updated 9:14 AM GMT+3, May 31, 2024"), or the wire
dateline that opens the lead ("GAZA CITY, Nov 18, 2012 (AFP) -", "BAMAKO, 11 December 2023
(AFP) -").

Only the header is read: the lines above the first paragraph of running text, and the opening
of that paragraph up to the wire dash. A date in the story itself ("on 14 July 2023") is an
event's date, not the document's. A wire dateline with a month and day but no year ("BEIRUT,
May 14 (Reuters) -") takes its year only from a full date elsewhere in the header; with none,
there is no document date (a guessed year would shift every relative expression silently).

Numeric dates: ISO order (2015-08-09) is year-month-day. Otherwise the day comes first
(07-03-2022 is 7 March, 02/05/2024 is 2 May), the usage of most outlets that write dates in
figures (US outlets mostly write the month's name), unless the second number cannot be a month
(11/20/2023), or a month and day written out elsewhere in the header pick the other reading
("09/10/2023 18:40" over "Bogotá, 9 Oct (EFE)" agrees with day first either way).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from newsgraph.nlp.time.calendar import MONTHS

#: A line of running text has more words than any header line; the header ends at the first one.
#: Header lines measured in the dev wire/site samples have at most 12 words ("February 20, 2023
#: 6:14 PM GMT Updated 2 hours ago"); bylines with a place and a date stay under 16.
MAX_HEADER_WORDS = 16
#: Lines read from the top at most (headline, kicker, byline, date, photo credit ...).
MAX_HEADER_LINES = 8
#: A header line ending in a full stop with this many words is a sentence of the story (date
#: lines, bylines and labels do not end in a full stop; "AFP Friday 22 Apr 2016" has 5 words).
MIN_SENTENCE_WORDS = 6
#: The wire dateline ends in a dash within this many characters of the paragraph start.
MAX_DATELINE_CHARS = 70

_MONTH = (
    r"(?P<{g}>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WD = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_MDY = re.compile(
    rf"\b{_WD}{_MONTH.format(g='m')}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:,\s*|\s+)(?P<y>(?:19|20)\d\d)\b"
)
_DMY = re.compile(
    rf"\b{_WD}(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH.format(g='m')},?\s+(?P<y>(?:19|20)\d\d)\b"
)
#: "03-Jun-2018", "3-June-2018": one hyphenated word.
_DMY_HYPHEN = re.compile(rf"\b(?P<d>[0-3]?\d)-{_MONTH.format(g='m')}-(?P<y>(?:19|20)\d\d)\b")
#: Year first: "2018-06-03", "2018/06/03", "2018.06.03".
_ISO = re.compile(
    r"(?<![\d/.-])(?P<y>(?:19|20)\d\d)(?P<sep>[-/.])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?![\d/-])"
)
_NUMERIC = re.compile(
    r"(?<![\d/.-])(?P<a>[0-3]?\d)(?P<sep>[-./])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)(?![\d/.-])"
)
_MONTH_SLASH_YEAR = re.compile(rf"\b{_MONTH.format(g='m')}\s+(?P<d>[0-3]?\d)/(?P<y>(?:19|20)\d\d)\b")
_MONTH_DAY = re.compile(rf"\b{_MONTH.format(g='m')}\s+(?P<d>[0-3]?\d)\b(?!,?\s*(?:19|20)\d\d)")
_DAY_MONTH = re.compile(rf"\b(?P<d>[0-3]?\d)\s+{_MONTH.format(g='m')}\b(?!,?\s*(?:19|20)\d\d)")
# The wire dash (or the agency in brackets) that ends a dateline at the start of the lead.
_WIRE_END = re.compile(r"\s(?:—|–|-{1,2}|―)\s|\((?:[A-Z][A-Za-z.]*\s?){1,3}\)")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class HeaderDate:
    """A document date found in the header: the day and the text it was read from."""

    date: dt.date
    text: str
    start: int  # character offsets of the date in the text given
    end: int


def header_date(text: str) -> HeaderDate | None:
    """The document date stated in the header of ``text``, or None when it states none for sure.

    >>> header_date("Strikes kill 14\\n\\nBEIRUT, May 14 (Reuters) - Air strikes ...") is None
    True
    >>> header_date("Title\\n\\nTue 15 Oct 2019\\n\\nTroops entered the city ...").date
    datetime.date(2019, 10, 15)
    """
    regions = _header_regions(text)
    # month-day pairs written out ("9 Oct"), in any year the numeric dates name: a tie-breaker
    years = {int(y) for start, end in regions for y in re.findall(r"(?:19|20)\d\d", text[start:end])}
    written = {d.date for y in years for start, end in regions if (d := _month_day_in(text, start, end, y))}
    full = [d for start, end in regions if (d := _full_date(text, start, end, written)) is not None]
    if full:
        return full[0]
    return None


def header_month_day(text: str, year: int) -> HeaderDate | None:
    """A month and day in the header ("BEIRUT, May 14 (Reuters) -") completed with a sure ``year``."""
    for start, end in _header_regions(text):
        found = _month_day_in(text, start, end, year)
        if found is not None:
            return found
    return None


def _month_day_in(text: str, start: int, end: int, year: int) -> HeaderDate | None:
    segment = text[start:end]
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        m = pattern.search(segment)
        if m is not None:
            day = _safe_date(year, MONTHS[m["m"].lower().rstrip(".")], int(m["d"]))
            if day is not None:
                return HeaderDate(day, m.group(0), start + m.start(), start + m.end())
    return None


def _header_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges to read: short lines from the top, then the dateline of the first paragraph."""
    out: list[tuple[int, int]] = []
    pos = 0
    lines = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        stripped = line.strip()
        if not stripped:
            continue
        lines += 1
        if len(_WORD.findall(stripped)) > MAX_HEADER_WORDS:
            wire = _WIRE_END.search(line[:MAX_DATELINE_CHARS])
            if wire is not None:
                out.append((start, start + wire.end()))
            if lines > 1:  # a long first line is the headline; the header goes on below it
                break
            continue
        if not (stripped.endswith(".") and len(_WORD.findall(stripped)) >= MIN_SENTENCE_WORDS):
            out.append((start, start + len(line.rstrip())))  # a full sentence is story, not header
        if lines >= MAX_HEADER_LINES:
            break
    return out


def _full_date(text: str, start: int, end: int, written: set[dt.date]) -> HeaderDate | None:
    segment = text[start:end]
    found: list[tuple[int, int, dt.date]] = []
    for pattern in (_MDY, _DMY, _DMY_HYPHEN, _MONTH_SLASH_YEAR):
        for m in pattern.finditer(segment):
            day = _safe_date(int(m["y"]), MONTHS[m["m"].lower().rstrip(".")], int(m["d"]))
            if day is not None:
                found.append((m.start(), m.end(), day))
    for m in _ISO.finditer(segment):
        day = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if day is not None:
            found.append((m.start(), m.end(), day))
    for m in _NUMERIC.finditer(segment):
        a, b = int(m["a"]), int(m["b"])
        day_first = _safe_date(int(m["y"]), b, a)
        month_first = _safe_date(int(m["y"]), a, b)
        day = day_first or month_first
        if day_first and month_first and day_first != month_first and month_first in written:
            day = month_first
        if day is not None:
            found.append((m.start(), m.end(), day))
    if not found:
        return None
    s, e, day = min(found)
    return HeaderDate(day, segment[s:e], start + s, start + e)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
