"""One Event from the mentions of one real event: the best value of each argument.

The first mention in the body (normally the lead; the title line only when the body does not
report the event) gives ``sentence`` and ``trigger``; the other mentions' sentences, the title's
included, go to ``evidence``. Per argument:

* **type**: the most specific sub-type any mention supports ("strike" over "killed"; see
  :data:`newsgraph.nlp.events.mentions.SPECIFICITY`), the first such mention on a tie, with its
  PLOVER type, mode and ACLED event type;
* **actors and targets**: united over the mentions, a known actor before a description, without
  repeats and without junk (a number, a weapon: "dozens of shells", "More than 150");
* **place**: the most precise place a mention's own words give (a town over its province),
  governed by a trigger before merely nearby; else the first mention's;
* **date**: a day stated in a mention's own sentence, else the first mention's;
* **fatalities / injured**: ACLED's rule for conflicting figures, the lowest one reported (each
  mention's figure is already "at least N" = N); never a sum of repetitions. A sum-up sentence's
  figure (:mod:`newsgraph.nlp.events.coref`) is the total of several events, no one event's toll;
* **certainty**: the first mention's; ``confidence`` the highest of the mentions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from newsgraph.model import Event, Participant, TextSpan
from newsgraph.nlp.events.lexicon import is_statement
from newsgraph.nlp.events.mentions import MentionView

#: Participant heads that are quantities of means, never someone: "dozens of shells", "sorties",
#: "An air strike" as a victim. (One weapon named with its owner, "A Russian missile", stays: it
#: says who fired.)
_JUNK_HEADS = frozenset(
    {"shells", "rockets", "missiles", "bombs", "mortars", "sortie", "sorties", "strike", "strikes",
     "airstrike", "airstrikes", "raid", "raids", "explosives", "barrels", "grenades", "bullets",
     "rounds", "gunfire", "shelling", "bombardment", "projectiles"}
)  # fmt: skip
_NOBODY = frozenset({"no", "nobody", "none"})  # "No group has claimed the attack": no one acted
_ROLE_PREFIXES = ("military aircraft:", "military forces:")
_NUMBER_ONLY = re.compile(
    r"^(more than|at least|some|about|around|nearly|over|up to|almost|dozens|scores|hundreds)?\s*"
    r"[\d,.]*\s*(of them|more)?$",
    re.IGNORECASE,
)


def combine(
    members: Sequence[MentionView],
    shared: Sequence[MentionView] = (),
    auxiliary: Sequence[MentionView] = (),
    *,
    unharmed: bool = False,
    other_tolls: Sequence[int] = (),
) -> Event:
    """The merged Event of one group (``members`` in document order, ``shared`` sum-ups,
    ``auxiliary`` steps and statements in its sentences: evidence only, no arguments;
    ``unharmed``: a sentence right after it says no one was hurt, "No injuries were reported.";
    ``other_tolls``: sources' figures for its toll told in sentences that continue it)."""
    anchor = _anchor(members)
    first = anchor.event
    events = [first] + [m.event for m in members if m is not anchor]
    no_deaths = unharmed or any(m.unharmed for m in (*members, *auxiliary))
    if len(events) == 1 and not shared and not auxiliary:
        return replace(
            first,
            actors=_united(first.actors, role="actor"),
            targets=_united(first.targets, role="target"),
            fatalities=_toll(
                _lowest([first.fatalities, *other_tolls]), members, no_deaths=no_deaths or bool(first.injured)
            ),
        )
    # an act inside the event (property burned during a raid, arrests at a rally) is no type of it;
    # on a tie the body's word over the title's ("Blast at mosque" / "a suicide bomber blew himself up")
    typed = max(
        members,
        key=lambda m: (
            not m.family.startswith("kind:"),
            m.specificity,
            not m.headline,
            -m.event.trigger.start,
        ),
    )
    place_from = _place_source(members)
    dated = next((m for m in members if m.day is not None), members[0])
    counted = [e for e in events if _counts_someone(e)]
    fatalities = _lowest(_sides_added(counted))
    injured = _lowest(e.injured for e in counted)
    evidence = sorted(
        {e.sentence for e in events[1:] + [m.event for m in (*shared, *auxiliary)]} - {first.sentence},
        key=lambda s: (s.start, s.end),
    )
    t = typed.event
    return replace(
        first,
        type=t.type,
        mode=t.mode or next((e.mode for e in events if e.mode), None),
        acled_event_type=t.acled_event_type,
        acled_sub_event_type=t.acled_sub_event_type,
        actors=_crowd_first(_united([p for e in events for p in e.actors], role="actor"), t),
        targets=_united([p for e in events for p in e.targets], role="target"),
        place=place_from.place,
        place_reason=place_from.place_reason,
        time=dated.event.time,
        date_start=dated.event.date_start,
        date_end=dated.event.date_end,
        time_precision=dated.event.time_precision,
        fatalities=_toll(_lowest([fatalities, *other_tolls]), members, no_deaths=no_deaths or bool(injured)),
        injured=injured,
        confidence=max(e.confidence for e in events),
        evidence=tuple(evidence),
    )


def _anchor(members: Sequence[MentionView]) -> MentionView:
    """The first mention in the body (the title line sums up the story) and, of the mentions in its
    sentence, the one that says most: a toll, then participants ("Fighting in Hama killed five
    soldiers": the killing, not the fighting)."""
    first = next((m for m in members if not m.headline), members[0])
    same = [m for m in members if m.event.sentence == first.event.sentence]

    def says(m: MentionView) -> tuple[bool, bool]:
        e = m.event
        return (e.fatalities is not None or e.injured is not None, bool(e.actors or e.targets))

    return max(same, key=lambda m: (says(m), -m.event.trigger.start))


def _place_source(members: Sequence[MentionView]) -> Event:
    """The mention whose own place is most precise (governed first, then earliest)."""
    own = [m for m in members if m.place is not None]
    if not own:
        return members[0].event
    best = min(
        own,
        key=lambda m: (m.place.precision or 5 if m.place else 5, not m.governed, m.event.trigger.start),
    )
    return best.event


#: ACLED types whose events kill no one unless the text says so: a rally, an arrest, a handover,
#: a deal, a deployment, a kidnapping. Where such an event's mentions give no toll and say no one
#: was killed, ACLED codes 0 deaths (the dev set's coding rule 6: "clearly implies no one died").
NON_LETHAL_TYPES = frozenset({"Protests", "Riots", "Strategic developments"})
#: Sexual violence is coded with 0 dead unless a death is told (ACLED codes a killing apart).
NON_LETHAL_SUB_TYPES = frozenset(
    {"Abduction/forced disappearance", "Non-violent transfer of territory", "Sexual violence"}
)


def _toll(fatalities: int | None, members: Sequence[MentionView], *, no_deaths: bool) -> int | None:
    """The event's death toll: the figure found, else 0 where the text says no one died or the
    event is of a kind that kills no one and none of its mentions tells a death; else unknown."""
    if fatalities is not None:
        return fatalities
    # only a mention of violence or of a crowd reports the event's dead: a headline's "sign truce"
    # beside "30 killed in cattle raid" does not
    violent = [m for m in members if not m.family.startswith("kind:")]
    if any(m.tells_death for m in violent):
        # the figure its sentences state in words where the extractor found none on a victim
        # ("shooting dead nine civilians", "leaving three attackers dead"); else unknown, not none
        stated = [m.stated_toll for m in violent if m.stated_toll is not None and not m.summary]
        return min(stated) if stated else None
    if no_deaths or any(m.tells_injury for m in violent if not m.summary):
        # said outright, or the report counts the wounded and tells no death ("wounding four
        # customers", "five people were injured when ..."): ACLED codes 0 dead
        return 0
    merged_kind = max(members, key=lambda m: (not m.family.startswith("kind:"), m.specificity)).event
    lethal = merged_kind.acled_event_type not in NON_LETHAL_TYPES
    if lethal and merged_kind.acled_sub_event_type not in NON_LETHAL_SUB_TYPES:
        return None
    # a non-lethal act of no ACLED sub-type of its own (a handover, a raid on an office) kills no
    # one either; a statement or visit (no sub-type at all) has no toll to speak of
    sub = merged_kind.acled_sub_event_type
    return 0 if sub is not None and not is_statement(merged_kind.type, sub) else None


def _sides_added(events: Sequence[Event]) -> list[int | None]:
    """Each sentence's death figure: the dead of different victims told in one sentence added ("Two
    rebels were killed ..., while government forces lost five soldiers" = 7), ACLED's rule for the
    sides of a battle; the same victims told twice are counted once."""
    by_sentence: dict[int, list[Event]] = {}
    for e in events:
        by_sentence.setdefault(e.sentence.start, []).append(e)
    out: list[int | None] = []
    for group in by_sentence.values():
        told = [e for e in group if e.fatalities]
        victims = [{t.text.lower() for t in e.targets} for e in told]
        disjoint = len(told) > 1 and all(
            a and b and not (a & b) for i, a in enumerate(victims) for b in victims[i + 1 :]
        )
        if disjoint:
            out.append(sum(e.fatalities or 0 for e in told))
        else:
            out.extend(e.fatalities for e in group)
    return out


def _lowest(values: object) -> int | None:
    found = [v for v in values if isinstance(v, int) and v > 0]  # type: ignore[attr-defined]
    return min(found) if found else None


def _united(people: Sequence[Participant], *, role: str) -> tuple[Participant, ...]:
    """Participants without repeats or junk, known actors first (stable otherwise)."""
    seen: set[str] = set()
    kept: list[Participant] = []
    for p in people:
        if _junk(p, role=role):
            continue
        key = p.actor_key or " ".join(p.text.lower().removeprefix("the ").split())
        if key in seen:
            continue
        seen.add(key)
        kept.append(p)
    return tuple(sorted(kept, key=lambda p: p.actor_key is None))


_CROWD_ROLES = ("protesters", "rioters")
_CROWD_TEXT = re.compile(r"\b(protest\w*|demonstrat\w*|rioters?|marchers?|crowds?|mob)\b", re.IGNORECASE)


def _crowd_first(actors: tuple[Participant, ...], typed: Event) -> tuple[Participant, ...]:
    """A protest's or riot's actor1 is its crowd (ACLED) even where another mention of it named the
    police first ("Police fired tear gas ... to disperse thousands of students"); not where force
    against protesters is the event: who used it acts."""
    if typed.acled_event_type not in ("Protests", "Riots"):
        return actors
    if typed.acled_sub_event_type == "Excessive force against protesters":
        return actors

    def crowd(p: Participant) -> bool:
        return p.actor_key is None and (
            (p.description or "").startswith(_CROWD_ROLES) or bool(_CROWD_TEXT.search(p.text))
        )

    return tuple(sorted(actors, key=lambda p: not crowd(p)))


def _counts_someone(e: Event) -> bool:
    """The mention's figures count people, not its junk targets ("An air strike" read as one dead)."""
    return not e.targets or not all(_junk(t, role="target") for t in e.targets)


def _junk(p: Participant, *, role: str) -> bool:
    """A means or a bare number in a participant slot. A bare number is people as a target
    ("air strike kills 12") but no one as an actor ("More than 150 ... said")."""
    if p.actor_key or (p.description or "").startswith(_ROLE_PREFIXES):
        return False  # described as whose it is: "military aircraft: a strike" (nlp/events/sides.py)
    words = p.text.lower().replace('"', " ").split()
    if not words or (role == "actor" and (_NUMBER_ONLY.match(" ".join(words)) or words[0] in _NOBODY)):
        return True
    return words[-1].strip(",.;:") in _JUNK_HEADS


def evidence_of(event: Event) -> tuple[TextSpan, ...]:
    """All sentences reporting the event: its own first, then the further mentions'."""
    return (event.sentence, *getattr(event, "evidence", ()))
