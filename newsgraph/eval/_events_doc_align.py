"""Align system events with document-level gold events and count the figures (pure functions).

The convention (../shared/data/README.md, last bullet): a system event matches a gold event when
its sentence overlaps one of that gold event's evidence strings (evidence offsets are
``text.index(evidence)``; every evidence string occurs once). Matching is one-to-one and greedy in
document order: each system event, earliest trigger first, takes the first still-unmatched gold
event (gold order) whose evidence lies in its sentence. Overlap rather than containment, so a
sentence splitter that cuts an evidence string in two still finds it.

Statements (verbal acts, ``Extraction.statements``) are not events: counted, never scored.
Events the system itself marks as not-an-event (``background`` once that field exists, negated,
hypothetical) take no part in matching and are left out of precision's denominator; events in
reader comments are left out of everything.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsgraph.model import Event

PLACE_KM = 25.0  # the README's suggested radius: a town and its outskirts, not the next town

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class ArticleScore:
    """Counts for one article; figures are computed over sums of these."""

    file: str
    part: str
    gold: int
    system: int  # events outside reader comments and not flagged
    flagged: int  # background / negated / hypothetical (left out of precision)
    matched: int
    duplicates: int
    false_background: int  # unmatched events in background / not_events sentences only
    statements: int = 0  # verbal acts kept apart (``Extraction.statements``, outside comments): not scored
    slots: dict[str, tuple[int, int]] = field(default_factory=dict)  # slot -> (right, scored)
    confusion: dict[str, int] = field(default_factory=dict)  # "gold -> system" sub-type -> count


def evidence_spans(text: str, evidence: Iterable[str]) -> list[Span]:
    spans = []
    for ev in evidence:
        start = text.find(ev)
        if start >= 0:  # check_gold.py guarantees it; a stale gold file should not crash the scorer
            spans.append((start, start + len(ev)))
    return spans


def _overlaps(sentence: Span, spans: Sequence[Span]) -> bool:
    return any(s < sentence[1] and sentence[0] < e for s, e in spans)


def is_flagged(event: Event) -> bool:
    """The system says this is not a current, real event (background, negated, hypothetical)."""
    return bool(getattr(event, "background", False) or event.negated or event.hypothetical)


def align(events: Sequence[Event], gold_spans: Sequence[Sequence[Span]]) -> dict[int, int]:
    """Greedy one-to-one alignment: system index -> gold index. Events are taken in document
    order; flagged and comment events are skipped."""
    taken: set[int] = set()
    pairs: dict[int, int] = {}
    order = sorted(range(len(events)), key=lambda i: (events[i].trigger.start, events[i].trigger.end))
    for i in order:
        ev = events[i]
        if ev.in_comments or is_flagged(ev):
            continue
        sentence = (ev.sentence.start, ev.sentence.end)
        for g, spans in enumerate(gold_spans):
            if g not in taken and _overlaps(sentence, spans):
                pairs[i] = g
                taken.add(g)
                break
    return pairs


# --- slots ------------------------------------------------------------------------------------------

# Gold actor1 names follow ACLED's style; their kind is read off the name's head.
_GOLD_KIND_PREFIXES = (
    ("military forces", "state force"),
    ("police forces", "state force"),
    ("government of", "state force"),
    ("protesters", "protesters"),
    ("rioters", "protesters"),
    ("civilians", "civilians"),
    ("unidentified", "unidentified"),
)
# Our dictionary kinds / sectors -> the five lenient kinds. Armed groups count as rebels; sector PRM
# (paramilitary) or kind militia as militia; government and military organs as state forces.
_DICT_KIND = {"state": "state force", "government": "state force", "military": "state force"}
_DICT_KIND.update({"armed_group": "rebel", "militia": "militia", "community": "civilians"})
_SECTOR_KIND = {"GOV": "state force", "MIL": "state force", "SPY": "state force", "REB": "rebel"}
_SECTOR_KIND.update({"PRM": "militia", "CVL": "civilians", "OPP": "protesters"})
# Undictionaried participants ("protesters", "gunmen", "villagers") are read off their words.
_WORD_KINDS = (
    (re.compile(r"\b(protest\w*|demonstrat\w*|rioters?|marchers?|crowds?|students)\b"), "protesters"),
    (
        re.compile(r"\b(civilians?|residents?|villagers?|people|farmers|worshippers|passengers)\b"),
        "civilians",
    ),
    (re.compile(r"\b(gunm[ae]n|assailants?|attackers?|unidentified|unknown|bandits?)\b"), "unidentified"),
    (re.compile(r"\b(militias?|vigilantes?)\b"), "militia"),
    (re.compile(r"\b(rebels?|insurgents?|militants?|jihadists?|fighters?|separatists?)\b"), "rebel"),
    (
        re.compile(r"\b(army|soldiers?|troops?|police\w*|forces?|military|officers?|security)\b"),
        "state force",
    ),
)

KindOf = Callable[[str | None], tuple[str | None, str | None]]  # actor_key -> (kind, sector)


def gold_actor_kind(name: str | None) -> str | None:
    if not name:
        return None
    low = name.lower()
    for prefix, kind in _GOLD_KIND_PREFIXES:
        if low.startswith(prefix):
            return kind
    return "militia" if "militia" in low else "rebel"  # a named non-state group


def system_actor_kind(participant: Any, kind_of: KindOf) -> str | None:
    kind, sector = kind_of(getattr(participant, "actor_key", None))
    if sector == "PRM":
        return "militia"
    if kind in _DICT_KIND:
        return _DICT_KIND[kind]
    if sector in _SECTOR_KIND:
        return _SECTOR_KIND[sector]
    words = " ".join(filter(None, (participant.text, getattr(participant, "description", None)))).lower()
    for pattern, found in _WORD_KINDS:
        if pattern.search(words):
            return found
    return None


def normalise_name(name: str) -> str:
    name = re.sub(r"\(.*?\)", " ", name.lower())  # ACLED's "(2000-)" periods and "(Syria)" qualifiers
    return " ".join(re.sub(r"^the\s+", "", re.sub(r"[^\w\s]", " ", name)).split())


def actor_right(event: Event, gold_actor: str | None, kind_of: KindOf) -> bool:
    """Lenient actor1: a name that normalises equal, or the same kind. An event with no actor is
    right for an ``Unidentified ...`` gold actor (the article names no attacker, nor do we)."""
    gold_kind = gold_actor_kind(gold_actor)
    if not event.actors:
        return gold_kind == "unidentified"
    first = event.actors[0]
    if gold_actor and normalise_name(first.text) == normalise_name(gold_actor):
        return True
    return gold_kind is not None and system_actor_kind(first, kind_of) == gold_kind


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def place_right(event: Event, location: dict[str, Any] | None) -> bool:
    place = event.place
    if place is None or not location:
        return False
    names = {str(location.get(k, "")).lower() for k in ("name", "town")} - {""}
    if any(n and n.lower() in names for n in (place.name, place.text)):
        return True
    lat, lon = location.get("lat"), location.get("lon")
    if place.lat is None or place.lon is None or lat is None or lon is None:
        return False
    return haversine_km(place.lat, place.lon, float(lat), float(lon)) <= PLACE_KM


def toll_right(event: Event, gold_toll: int | None) -> bool | None:
    """Fatalities exact, scored only where the gold gives a toll (like ``day``). A null gold toll
    (the article says nothing) is scored apart as ``no_toll``, see :func:`no_toll_right`."""
    return None if gold_toll is None else event.fatalities == gold_toll


def no_toll_right(event: Event, gold_toll: int | None) -> bool | None:
    """Where the article gives no toll, None or 0 from us is right: ACLED codes an unreported toll
    as 0, so both say "no deaths reported"; any positive figure is invented."""
    return not event.fatalities if gold_toll is None else None


def slot_checks(event: Event, gold: dict[str, Any], kind_of: KindOf) -> dict[str, bool | None]:
    """Right / wrong per slot; None where the slot is not scored (date when the gold has none)."""
    gold_date = dt.date.fromisoformat(gold["date"]) if gold.get("date") else None
    return {
        "sub_type": event.acled_sub_event_type == gold["sub_event_type"],
        "event_type": event.acled_event_type == gold["event_type"],
        "day": None if gold_date is None else event.date_start == gold_date,
        "place": place_right(event, gold.get("location")),
        "toll": toll_right(event, gold.get("fatalities")),
        "no_toll": no_toll_right(event, gold.get("fatalities")),
        "actor1": actor_right(event, gold.get("actor1"), kind_of),
    }


def score_article(
    file: str,
    part: str,
    text: str,
    gold: dict[str, Any],
    events: Sequence[Event],
    kind_of: KindOf,
    *,
    statements: Sequence[Event] = (),
) -> ArticleScore:
    """Score ``events`` against the article's gold; ``statements`` are only counted (ACLED codes
    what happened, not what was said: the gold lists accusations and threats as not-events)."""
    gold_events = gold.get("events", [])
    gold_spans = [evidence_spans(text, g.get("evidence", [])) for g in gold_events]
    pairs = align(events, gold_spans)
    matched_spans = [s for g in sorted(set(pairs.values())) for s in gold_spans[g]]
    all_gold_spans = [s for spans in gold_spans for s in spans]
    other_spans = [
        s
        for key in ("background", "not_events")
        for item in gold.get(key, [])
        for s in evidence_spans(text, item.get("evidence", []))
    ]
    system = flagged = duplicates = false_bg = 0
    for i, ev in enumerate(events):
        if ev.in_comments:
            continue
        if is_flagged(ev):
            flagged += 1
            continue
        system += 1
        if i in pairs:
            continue
        sentence = (ev.sentence.start, ev.sentence.end)
        if _overlaps(sentence, matched_spans):
            duplicates += 1
        elif _overlaps(sentence, other_spans) and not _overlaps(sentence, all_gold_spans):
            false_bg += 1
    slots: Counter[str] = Counter()
    scored: Counter[str] = Counter()
    confusion: Counter[str] = Counter()
    for i, g in pairs.items():
        for slot, right in slot_checks(events[i], gold_events[g], kind_of).items():
            if right is not None:
                scored[slot] += 1
                slots[slot] += int(right)
        confusion[f"{gold_events[g]['sub_event_type']} -> {events[i].acled_sub_event_type}"] += 1
    return ArticleScore(
        file=file,
        part=part,
        gold=len(gold_events),
        system=system,
        flagged=flagged,
        matched=len(pairs),
        duplicates=duplicates,
        false_background=false_bg,
        statements=sum(1 for st in statements if not st.in_comments),
        slots={s: (slots[s], scored[s]) for s in scored},
        confusion=dict(confusion),
    )


SLOTS = ("sub_type", "event_type", "day", "place", "toll", "no_toll", "actor1")


def summarise(scores: Sequence[ArticleScore]) -> dict[str, Any]:
    """The figures over a set of articles (sums first, then ratios)."""
    gold = sum(s.gold for s in scores)
    system = sum(s.system for s in scores)
    matched = sum(s.matched for s in scores)
    out: dict[str, Any] = {
        "articles": len(scores),
        "gold_events": gold,
        "system_events": system,
        "flagged_events": sum(s.flagged for s in scores),
        "statements": sum(s.statements for s in scores),
        "matched": matched,
        "precision": matched / system if system else 0.0,
        "recall": matched / gold if gold else 0.0,
        "duplicates_per_matched": sum(s.duplicates for s in scores) / matched if matched else 0.0,
        "false_background": sum(s.false_background for s in scores),
    }
    for slot in SLOTS:
        right = sum(s.slots.get(slot, (0, 0))[0] for s in scores)
        total = sum(s.slots.get(slot, (0, 0))[1] for s in scores)
        out[slot] = right / total if total else 0.0
        out[f"{slot}_n"] = total
    return out


def confusion(scores: Sequence[ArticleScore]) -> dict[str, int]:
    total: Counter[str] = Counter()
    for s in scores:
        total.update(s.confusion)
    return dict(total.most_common())
