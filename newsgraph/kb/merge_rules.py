"""When two reports (event sources) can be one event, and how strongly: the cross-document merge rules.

Each rule compares one aspect of two reports and returns a :class:`Verdict`: a veto (the reports
cannot be one event), or points with the reason in words an analyst can check. The merger
(:mod:`newsgraph.kb.events`) adds the points of every rule, over every source of the event a
report could join: one veto from any of them keeps the report out (no transitive snowball).

The rules follow how event coders (ACLED, the GDELT de-duplication critiques) decide "same event":

- **dates** overlap at the precision both support: two day-precise dates must be the same day
  (or the next, for overnight reports); a month-wide date joins nothing on overlap alone (it can
  only make a candidate link); a date wider than a month never merges at all;
- **places** at the same or a containing level: one town, or a town and the province it lies
  in; two different towns are two places (a few km apart at most, for one town geocoded twice);
  a country is no place agreement at all ("never same country"); a capital phrase ("the Somali
  capital") names its city, a province agrees more with the town that gives it its name;
- **participants**: both name who acted and the names differ: two events;
- **sub-types** of one family (an air strike and a shelling; never an abduction and a protest),
  a suicide bomb and an IED as one explosion told two ways; two violent sub-types ("clashes" /
  "shelling") at one place, the same day or the next, as one;
- **tolls** that a rising count or another source explains (not 4 and 14, never 11 and 500,000).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field

from newsgraph.kb.capitals import capitals_named

#: Two town-precise places closer than this are one town geocoded twice (two GeoNames rows, or a
#: quarter and its town); different towns further apart are different places. ACLED codes a
#: separate location per named town.
SAME_TOWN_KM = 3.0
#: A place "near X" (precision 2) or a district is within this distance of the towns it covers.
NEAR_KM = 15.0
#: A city's hinterland as a report words it ("the Aleppo countryside", "Beni territory", "Kabul
#: district"): a town this far from the city agrees with it. "Near X" stays at NEAR_KM: merge2's
#: hard negative, a same-day attack "near Bankass" 32 km from Bandiagara, is another event.
AROUND_CITY_KM = 40.0
#: A place one report resolved and the other only names in its sentence (the geocoder picked the
#: city nearby: "south of Cali ..., the mayor of Jamundi said") agrees up to this distance.
NAMED_KM = 30.0
#: Widest date span (days) that can still merge; a month-wide date only links.
MAX_MERGE_SPAN_DAYS = 31
#: Up to this span a date counts as a day/week-level date (a publication date with its week back).
WEEK_SPAN_DAYS = 8

#: ACLED sub-types by family: reports of one real event are coded within a family by different
#: outlets ("air strike" / "missile attack", "car bomb" / "attack"), never across families.
_FAMILIES = {
    "violence": frozenset(
        {
            "Armed clash",
            "Government regains territory",
            "Non-state actor overtakes territory",
            "Air/drone strike",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Suicide bomb",
            "Grenade",
            "Chemical weapon",
            "Attack",
            "Excessive force against protesters",
            # A crowd killing or burning (ACLED's riot sub-type) is coded beside an attack or a
            # clash by outlets that name the same killing "a lynching" or "an attack".
            "Mob violence",
        }
    ),
    "abduction": frozenset({"Abduction/forced disappearance", "Arrests"}),
    "sexual": frozenset({"Sexual violence"}),
    "demonstration": frozenset(
        {
            "Peaceful protest",
            "Protest with intervention",
            "Excessive force against protesters",
            "Violent demonstration",
            "Mob violence",
        }
    ),
}


#: Sub-types that outlets give one explosion as ("a suicide bomber blew himself up" / "the bombing
#: of a mosque" / "a grenade blast"): two of them agree a little, more than any two of one family.
_ONE_EXPLOSION = frozenset({"Suicide bomb", "Remote explosive/landmine/IED", "Grenade"})


@dataclass(frozen=True, slots=True)
class Place:
    id: int
    name: str
    lat: float
    lon: float
    country_code: str | None
    admin1: str | None
    precision: int  # 1 town, 2 near a town / district, 3 province, 4 country


@dataclass(frozen=True, slots=True)
class Report:
    """One event source as the rules see it."""

    id: int
    event_id: int
    doc_id: str
    key: str
    date_start: dt.date | None
    date_end: dt.date | None
    place: Place | None
    actor_ids: frozenset[int]
    named_actor_ids: frozenset[int]  # on the actor side only
    actor_names: dict[int, str]
    words: frozenset[str]
    sub_type: str | None
    fatalities: int | None
    story: int | None
    sentence_start: int = 0
    # Every resolved place its sentence names (the geocoder picks one; another outlet may pick
    # another of them: "a market in Maarat al-Numan" geocoded to Idlib by one, to the town by another).
    sentence_places: frozenset[int] = frozenset()
    actor_countries: dict[int, str] = field(default_factory=dict)
    # ISO weekday (1 Monday .. 7 Sunday) of an undated report that names only a weekday ("on
    # Tuesday" in an article without a date line): no date, but it can agree with a dated one.
    weekday: int | None = None
    # The report's sentence(s) as text (its own and its further evidence sentences): where a place
    # the geocoder did not resolve may still be named ("the mayor of Jamundi said").
    text: str = ""
    # A report whose sentence names no place: the places its document's headline names, a weak
    # fallback (they can agree with the other report's place, never veto it).
    headline_places: tuple[Place, ...] = ()
    # The place is a town the text calls a province, in a country the document names nowhere else,
    # while its other places all lie in one other country ("the Soum province" of Burkina Faso
    # geocoded to Soum in Senegal): a doubtful resolution, which cannot veto across countries.
    place_doubtful: bool = False


@dataclass(frozen=True, slots=True)
class Verdict:
    points: int
    reason: str
    veto: bool = False
    link_only: bool = False  # agreement too weak for a merge whatever the rest says
    # A weekday without its week recurs every seven days: such a date agreement merges only where
    # the place agrees as well (points from the place rule).
    needs_place: bool = False
    # A place agreement that does not pin the town (a province that contains it, or is named after
    # it): points, but not the place a weekday-only date needs.
    pins: bool = True


def _veto(reason: str) -> Verdict:
    return Verdict(0, reason, veto=True)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _span(r: Report) -> int:
    assert r.date_start is not None and r.date_end is not None
    return (r.date_end - r.date_start).days + 1


def _weekday_only(a: Report) -> bool:
    return a.date_start is None and a.weekday is not None


def _weekday_dates(a: Report, b: Report) -> Verdict:
    """An undated report that names a weekday against a dated one: that weekday (either day of an
    overnight span) agrees, weakly; another weekday is another day."""
    undated, dated = (a, b) if _weekday_only(a) else (b, a)
    if _weekday_only(dated):
        # Two undated reports of one weekday: nothing anchors either, so no merge on their own,
        # but no veto either (one may join an event that a dated report of that day anchors).
        if dated.weekday == undated.weekday:
            return Verdict(
                0, f"same weekday {undated.weekday} (both undated)", link_only=True, needs_place=True
            )
        return _veto(f"weekdays {undated.weekday} and {dated.weekday} differ")
    if dated.date_start is None or dated.date_end is None:
        return _veto("undated report")
    if _span(dated) > 2:
        return _veto("a weekday against a date wider than a day")
    days = {dated.date_start.isoweekday(), dated.date_end.isoweekday()}
    if undated.weekday in days:
        return Verdict(
            1, f"same weekday as {dated.date_start.isoformat()} (undated report)", needs_place=True
        )
    return _veto(f"weekday {undated.weekday} is not that of {dated.date_start.isoformat()}")


def dates(a: Report, b: Report) -> Verdict:
    if _weekday_only(a) or _weekday_only(b):
        return _weekday_dates(a, b)
    if a.date_start is None or b.date_start is None or a.date_end is None or b.date_end is None:
        return _veto("undated report")
    sa, sb = _span(a), _span(b)
    if max(sa, sb) > MAX_MERGE_SPAN_DAYS:
        return _veto("a date wider than a month")
    if sa <= 2 and sb <= 2:
        # Day-precise (or "overnight", two days): the same day, or the next one at most.
        if a.date_start == b.date_start and sa == sb == 1:
            return Verdict(3, f"same day {a.date_start.isoformat()}")
        if a.date_start <= b.date_end and b.date_start <= a.date_end:
            return Verdict(2, f"overlapping days ({max(a.date_start, b.date_start).isoformat()})")
        gap = (max(a.date_start, b.date_start) - min(a.date_end, b.date_end)).days
        if gap == 1:
            return Verdict(1, f"adjacent days {min(a.date_end, b.date_end).isoformat()}/+1 (overnight)")
        return _veto(f"different days {a.date_start.isoformat()} and {b.date_start.isoformat()}")
    if not (a.date_start <= b.date_end and b.date_start <= a.date_end):
        return _veto("dates do not overlap")
    lo, hi = max(a.date_start, b.date_start), min(a.date_end, b.date_end)
    window = f"{lo.isoformat()}" + (f"..{hi.isoformat()}" if hi != lo else "")
    if max(sa, sb) <= WEEK_SPAN_DAYS:
        return Verdict(1, f"dates overlap within a week ({window})")
    return Verdict(0, f"a month-wide date overlaps ({window}), not enough alone", link_only=True)


def _fold(text: str) -> str:
    """A name as transliterations agree on it: accents, apostrophes and hyphens dropped, y read as
    i, doubled letters single ("Al Atārib" / "Al Atarib", "Mallam Fatori" / "Malam Fatori",
    "Zaporizhzhya" / "Zaporizhzhia"); case kept (a capital starts a name)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    plain = plain.replace("'", "").replace("\u2019", "").replace("-", " ").replace("y", "i").replace("Y", "I")
    return re.sub(r"(\w)\1+", r"\1", plain)


#: The words a province's name adds to its town's ("Zaporizhzhia Oblast", "Kunduz Province").
_ADMIN_WORDS = re.compile(
    r"\s+(?:oblast|province|governorate|region|state|district|prefecture)$", re.IGNORECASE
)
#: A report that places the event in "the regional capital" of the province it names.
_CAPITAL = re.compile(
    r"\b(?:regional|provincial|state) capital\b|\bcapital of the (?:region|province|state)\b", re.I
)


def names_place(text: str, place: Place) -> bool:
    """Whether ``text`` names ``place`` as a whole word (with or without an article "al"), and not
    as the start of a longer name ("Gaza" in "the Gaza Strip", "Aleppo" in "Aleppo Governorate")."""
    name = _fold(place.name).strip()
    if len(name) < 3 or not text:
        return False
    variants = {name, re.sub(r"^(?i:al|el|ad|as|ar|an|at) ", "", name)}
    folded = _fold(text)
    for v in variants:
        if len(v) < 3:
            continue
        words = re.escape(v).replace(r"\ ", r"\s+")
        if re.search(r"(?<!\w)(?i:" + words + r")(?!\w)(?!\s+[A-Z])", folded):
            return True
    return False


#: The words after a city's name that make it the area around the city ("the Aleppo countryside",
#: "Beni territory"), folded as :func:`_fold` folds the text they are looked for in.
_AROUND_AFTER = _fold(r"(?:s)?\s+(?:countryside|territory|district|environs|hinterland)\b")


def around_place(text: str, place: Place) -> bool:
    """Whether ``text`` places the event in the area around ``place`` (its countryside or territory)
    rather than in it: then a town up to :data:`AROUND_CITY_KM` away agrees."""
    name = _fold(place.name).strip()
    if len(name) < 3 or not text:
        return False
    words = re.escape(name).replace(r"\ ", r"\s+")
    folded = _fold(text)
    return bool(re.search(r"(?<!\w)(?:" + words + ")(?i:" + _AROUND_AFTER + ")", folded))


def _capital_phrase(a: Report, b: Report) -> Verdict | None:
    """One report gives the place as "the Somali capital" (no place, or only the country), the
    other names that capital: one city."""
    for vague, placed in ((a, b), (b, a)):
        p, q = vague.place, placed.place
        if q is None or q.precision > 2 or (p is not None and p.precision < 4):
            continue
        for iso2, capital in capitals_named(vague.text):
            if q.country_code in (None, iso2) and _fold(capital).casefold() == _fold(q.name).casefold():
                return Verdict(2, f"{q.name} is the capital the other report names")
    return None


def _namesake(province: Place, town: Place) -> bool:
    """Whether the town bears its province's name ("Kunduz" in "Kunduz province"): the city an
    outlet names the province after, and that another outlet names itself."""
    if province.precision != 3 or town.precision > 1 or province.admin1 != town.admin1:
        return False
    if province.country_code != town.country_code:
        return False
    return _fold(_ADMIN_WORDS.sub("", province.name)).casefold() == _fold(town.name).casefold()


def names_as_province(text: str, place: Place) -> bool:
    """Whether ``text`` calls a town-precise ``place`` a province ("the Soum province", "Sagaing
    region"): the geocoder picked a town of that name, the text means an area."""
    name = _fold(place.name).strip()
    if place.precision > 1 or len(name) < 3 or not text:
        return False
    words = re.escape(name).replace(r"\ ", r"\s+")
    return bool(
        re.search(r"(?<!\w)(?:" + words + r")" + _ADMIN_WORDS.pattern.rstrip("$") + r"\b", _fold(text), re.I)
    )


def _province_capital(province: Place, town: Place, text: str) -> bool:
    """Whether the province report says "the regional capital" and the town bears its name."""
    if province.precision != 3 or town.precision > 1 or province.admin1 != town.admin1:
        return False
    stem = _ADMIN_WORDS.sub("", province.name)
    return bool(_CAPITAL.search(text)) and _fold(stem).casefold() == _fold(town.name).casefold()


def _named_without_coordinates(a: Report, b: Report) -> Verdict | None:
    """One report has no place (or only the country): the other's place named in its sentence."""
    for vague, placed in ((a, b), (b, a)):
        p, q = vague.place, placed.place
        if q is None or q.precision >= 4 or (p is not None and p.precision < 4):
            continue
        if p is not None and p.country_code != q.country_code:
            continue
        if names_place(vague.text, q):
            return Verdict(1, f"{q.name} is named in the other report (not geocoded there)")
    return None


def _headline_fallback(a: Report, b: Report) -> Verdict | None:
    """A report without a place, whose headline names one at (or near) the other report's place."""
    for vague, placed in ((a, b), (b, a)):
        q = placed.place
        if vague.place is not None or q is None or q.precision >= 4:
            continue
        for h in vague.headline_places:
            if h.precision >= 4:
                continue
            reach = AROUND_CITY_KM if around_place(vague.text, h) else NEAR_KM
            if h.id == q.id or haversine_km((h.lat, h.lon), (q.lat, q.lon)) <= reach:
                return Verdict(1, f"{h.name} in the headline, at {q.name}")
    return None


def places(a: Report, b: Report) -> Verdict:
    pa, pb = a.place, b.place
    if pa is None or pb is None or pa.precision >= 4 or pb.precision >= 4:
        capital = _capital_phrase(a, b)
        if capital is not None:
            return capital
        named = _named_without_coordinates(a, b)
        if named is not None:
            return named
        fallback = _headline_fallback(a, b)
        if fallback is not None:
            return fallback
        # A country says nothing about where; unknown is neutral (other rules must carry it).
        return Verdict(0, "place unknown or only the country in one report")
    if pa.id == pb.id:
        return Verdict(3, f"same place {pa.name}")
    if (a.place_doubtful or b.place_doubtful) and pa.country_code != pb.country_code:
        odd = pa if a.place_doubtful else pb
        return Verdict(0, f"{odd.name} ({odd.country_code}) is in a country its document names nowhere else")
    fine, coarse = (pa, pb) if pa.precision <= pb.precision else (pb, pa)
    if _province_capital(coarse, fine, (a if coarse is pa else b).text):
        return Verdict(3, f"{fine.name} is the regional capital of {coarse.name}")
    if _namesake(coarse, fine):
        return Verdict(2, f"{fine.name} gives its name to {coarse.name}", pins=False)
    if pa.name and pa.name == pb.name and pa.country_code == pb.country_code:
        # One place the gazetteer holds twice (a camp as a site and as an area): same name, same country.
        return Verdict(1, f"same place name {pa.name} (geocoded apart)")
    if pa.id in b.sentence_places or pb.id in a.sentence_places:
        both = pa if pa.id in b.sentence_places else pb
        return Verdict(1, f"{both.name} is named in both reports' sentences")
    km = haversine_km((pa.lat, pa.lon), (pb.lat, pb.lon))
    if km <= NAMED_KM and (names_place(b.text, pa) or names_place(a.text, pb)):
        other = pa if names_place(b.text, pa) else pb
        return Verdict(1, f"{other.name} is named in the other report ({km:.0f} km)")
    if coarse.precision <= 1:
        if km <= SAME_TOWN_KM:
            return Verdict(2, f"{pa.name} and {pb.name} {km:.0f} km apart (one town)")
        return _veto(f"different towns {pa.name} and {pb.name} ({km:.0f} km)")
    if coarse.precision == 2:
        around = around_place((a if coarse is pa else b).text, coarse)
        if km <= (AROUND_CITY_KM if around else NEAR_KM):
            return Verdict(1, f"{fine.name} near {coarse.name} ({km:.0f} km)")
        return _veto(f"{fine.name} is {km:.0f} km from {coarse.name}")
    # A province contains the town or district in it; one without its province code (a region
    # the gazetteer holds without admin1) cannot show that it does not.
    if coarse.admin1 is None and coarse.country_code and coarse.country_code == fine.country_code:
        return Verdict(0, f"{fine.name} may lie in {coarse.name} (no province code)")
    if coarse.country_code and coarse.country_code == fine.country_code and coarse.admin1 == fine.admin1:
        return Verdict(1, f"{fine.name} lies in {coarse.name}", pins=False)
    return _veto(f"{fine.name} is not in {coarse.name}")


def participants(a: Report, b: Report) -> Verdict:
    if a.named_actor_ids and b.named_actor_ids and not (a.named_actor_ids & b.named_actor_ids):
        # "the US military" / "American warplanes": two actors of one state are one side.
        ca = {a.actor_countries[i] for i in a.named_actor_ids if i in a.actor_countries}
        cb = {b.actor_countries[i] for i in b.named_actor_ids if i in b.actor_countries}
        if ca & cb:
            return Verdict(1, "actors of one country (" + ", ".join(sorted(ca & cb)) + ")")
        return _veto("both name who acted, and the names differ")
    shared = a.actor_ids & b.actor_ids
    if shared:
        names = sorted({a.actor_names.get(i) or b.actor_names.get(i) or str(i) for i in shared})
        return Verdict(2, "shared actors " + ", ".join(names[:3]))
    common = a.words & b.words
    if common:
        return Verdict(1, "compatible descriptions (" + ", ".join(sorted(common)[:4]) + ")")
    return Verdict(0, "no shared participants named")


def _family(sub: str) -> set[str]:
    return {name for name, members in _FAMILIES.items() if sub in members}


def sub_types(a: Report, b: Report) -> Verdict:
    if not a.sub_type or not b.sub_type or "Other" in (a.sub_type, b.sub_type):
        return Verdict(0, "")  # "Other" says nothing about the kind of event
    if a.sub_type == b.sub_type:
        return Verdict(1, f"same sub-type {a.sub_type}")
    if a.sub_type in _ONE_EXPLOSION and b.sub_type in _ONE_EXPLOSION:
        return Verdict(1, f"one explosion told two ways ({a.sub_type} / {b.sub_type})")
    if "violence" in _family(a.sub_type) & _family(b.sub_type):
        # Outlets type one violent incident differently ("clashes" / "shelling", "an IED" / "a
        # suicide bomber"): at one place, the same day or the next, that agrees as one sub-type does.
        where, when = places(a, b), dates(a, b)
        if where.points >= 3 and where.pins and not when.veto and when.points >= 1 and not when.needs_place:
            return Verdict(1, f"violent sub-types {a.sub_type} / {b.sub_type} at one place and day")
    if _family(a.sub_type) & _family(b.sub_type):
        return Verdict(0, f"compatible sub-types {a.sub_type} / {b.sub_type}")
    return _veto(f"sub-types {a.sub_type} and {b.sub_type} differ in kind")


def tolls(a: Report, b: Report) -> Verdict:
    if a.fatalities is None or b.fatalities is None:
        return Verdict(0, "")
    lo, hi = sorted((a.fatalities, b.fatalities))
    # A count that rises as bodies are found, or another source's figure, stays within about
    # double (9 -> 12, 20 -> 25, 5 -> 6 in wire updates); the +5 lets small tolls disagree
    # (1 vs 4). Far apart they more likely count different events (a penalty, since one figure
    # may be misread); an order of magnitude apart, one is a statistic or another event (a veto).
    if hi > 10 * lo + 10:
        return _veto(f"tolls {lo} and {hi} an order of magnitude apart")
    if hi > 2 * lo + 5:
        return Verdict(-2, f"tolls {lo} and {hi} far apart")
    close = hi - lo <= max(2, hi // 4)
    return Verdict(1 if close else 0, f"tolls {lo} and {hi}" + (" agree" if close else " compatible"))


def stories(a: Report, b: Report) -> Verdict:
    if a.story is not None and a.story == b.story:
        return Verdict(2, f"same story (cluster {a.story})")
    return Verdict(0, "")


RULES = (dates, places, participants, sub_types, tolls, stories)

#: Points at which a report joins an event, and at which it is kept as a "possible same event"
#: link. Chosen with the invented set (tests/fixtures/merge) and sentences of our own: a same-day
#: report at the same town with a shared actor scores 3+3+2 = 8; the same day with only a
#: province and a shared actor 3+0+2 = 5 (a link, unless sub-type, toll or story agree as well).
MERGE_POINTS = 6
LINK_POINTS = 4


@dataclass(frozen=True, slots=True)
class Match:
    points: int
    reason: str
    link_only: bool
    # Some agreement on where or who: without it a same-day report of the same kind is only a
    # coincidence of the calendar (every day has its air strikes), neither a merge nor a link.
    grounded: bool = True


def compare(a: Report, b: Report) -> Match | None:
    """How well two reports agree, or None when some rule vetoes them being one event."""
    total = 0
    reasons = []
    link_only = False
    grounded = False
    needs_place = False
    placed = False
    for rule in RULES:
        verdict = rule(a, b)
        if verdict.veto:
            return None
        total += verdict.points
        link_only = link_only or verdict.link_only
        needs_place = needs_place or verdict.needs_place
        if rule in (places, participants) and verdict.points > 0:
            grounded = True
        if rule is places and verdict.points > 0 and verdict.pins:
            placed = True
        if verdict.reason:
            reasons.append(verdict.reason)
    if needs_place and not placed:
        link_only = True
    return Match(total, "; ".join(reasons), link_only, grounded)


def veto_reason(a: Report, b: Report) -> str | None:
    """The first rule that keeps ``a`` and ``b`` apart, in words (None when none does)."""
    for rule in RULES:
        verdict = rule(a, b)
        if verdict.veto:
            return verdict.reason
    return None
