"""Text cues read before resolution: date words that are no places, and the admin word after a name.

* Month and weekday abbreviations ("Nov 02 2017", "on Sat") and weekday names are never places,
  whatever namesakes the gazetteer has (Nov in Israel, Mons for "Mon"); a full month name is none
  beside a number ("March 3", "3 May").
* "Sagaing region", "Hodeidah province": a name the text heads with a first-level admin word is the
  province first. The gazetteer often spells the province apart from its town ("Sagain", "Muhafazat
  al Hudaydah"); when the name finds only towns, the province of a namesake town that is named like
  it joins the candidates (:func:`own_province`).
"""

from __future__ import annotations

import dataclasses
import re

from newsgraph.nlp.places.gazetteer import Candidate, Gazetteer
from newsgraph.nlp.places.names import fold_name, skeleton
from newsgraph.nlp.places.toponym import Toponym
from newsgraph.nlp.time.calendar import MONTHS as _CALENDAR_MONTHS
from newsgraph.nlp.time.calendar import WEEKDAYS as _CALENDAR_WEEKDAYS

DAY_MONTH_ABBREVIATIONS = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
    ]
)
#: Full weekday and month names (nlp/time's calendar tables, without the abbreviations).
WEEKDAYS = frozenset(_CALENDAR_WEEKDAYS)
MONTHS = frozenset(
    max((name for name, number in _CALENDAR_MONTHS.items() if number == month), key=len)
    for month in range(1, 13)
)
_NUMBER_BEFORE, _NUMBER_AFTER = re.compile(r"\d\W{0,2}$"), re.compile(r"^\W{0,2}\d")

#: The admin words after a name that make it a first-level area ("county" and "district" are
#: second-level or parts of town and are left to recognition).
FIRST_LEVEL_WORDS = frozenset({"province", "governorate", "oblast", "region", "state", "prefecture"})
_WORD_AFTER = re.compile(r"^\s+([A-Za-z]+)\b")
_ADMIN_PREFIXES = ("muhafazat ", "wilayat ", "provincia de ", "province de ", "region de ")
MIN_PROVINCE_KEY = 4


def is_date_word(t: Toponym, doc_text: str) -> bool:
    """ "Nov", "Sat", "Monday", and "March" beside a number: a date in the text, not a place."""
    key = fold_name(t.name)
    if " " in key:
        return False
    if key in DAY_MONTH_ABBREVIATIONS or key in WEEKDAYS:
        return True
    if key in MONTHS:
        before, after = doc_text[max(0, t.start - 4) : t.start], doc_text[t.end : t.end + 4]
        return bool(_NUMBER_BEFORE.search(before) or _NUMBER_AFTER.match(after))
    return False


def admin_head(t: Toponym, doc_text: str) -> Toponym:
    """The toponym with the admin word the text writes right after it ("Sagaing region")."""
    if t.admin_hint or t.how.startswith("demonym"):
        return t  # "the Mexican state of Guanajuato" is no state called Mexico
    m = _WORD_AFTER.match(doc_text[t.end : t.end + 20])
    if m is None or m.group(1).lower() not in FIRST_LEVEL_WORDS:
        return t
    if re.match(r"\s+of\b", doc_text[t.end + m.end() : t.end + m.end() + 4]):
        return t  # "the Kachin state of Myanmar", "the Mexican state of X"
    return dataclasses.replace(t, admin_hint=True, admin_word=m.group(1).lower())


def _province_key(name: str) -> str:
    folded = fold_name(name)
    for p in _ADMIN_PREFIXES:
        folded = folded.removeprefix(p)
    for w in FIRST_LEVEL_WORDS:
        folded = folded.removesuffix(f" {w}")
    return skeleton(folded, folded=True).replace(" ", "").replace("-", "")


def own_province(t: Toponym, cands: list[Candidate], gaz: Gazetteer) -> list[Candidate]:
    """With a first-level admin word and no province among the candidates, the province of a
    namesake town, when the province is named like the town (Sagaing -> "Sagain", Hodeidah ->
    "Muhafazat al Hudaydah"; a Soum in Senegal's Fatick region adds nothing)."""
    if not t.admin_hint or t.admin_word not in FIRST_LEVEL_WORDS:
        return cands
    if any(c.exact and c.entry.feature in ("admin1", "admin2") for c in cands):
        return cands
    known = {c.entry.id for c in cands}
    more: list[Candidate] = []
    for c in cands:
        e = c.entry
        if not c.exact or e.feature != "city" or e.admin1 is None:
            continue
        prov = gaz.admin1_entry(e.admin1)
        if prov is None or prov.id in known:
            continue
        a, b = _province_key(prov.name), _province_key(e.name)
        if min(len(a), len(b)) >= MIN_PROVINCE_KEY and (a.startswith(b) or b.startswith(a)):
            known.add(prov.id)
            more.append(Candidate(prov, exact=True, primary=True))
    return cands + more
