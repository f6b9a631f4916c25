"""What decides whether a mention can join a group of mentions of one event (coreference's tests).

A group (:class:`Group`) holds the mentions of one real event in document order; :func:`compatible`
says whether one more mention can report that event: type family, day, place, the frame its
sentence opens on, and the parts of an event that are no event of their own (property burned by
the raid's doers, shooting at a crowd met with force). The grouping loop that uses them is in
:mod:`newsgraph.nlp.events.coref`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from newsgraph.model import Event, PlaceMention
from newsgraph.nlp.events.mentions import MentionView, own_time
from newsgraph.nlp.events.places_agree import places_agree


@dataclass
class Group:
    """Mentions of one real event, in document order (mutable while grouping only)."""

    members: list[MentionView] = field(default_factory=list)
    shared: list[MentionView] = field(default_factory=list)  # summary mentions it is evidence of
    auxiliary: list[MentionView] = field(default_factory=list)  # steps and words in its sentences
    asides: set[int] = field(default_factory=set)  # sentences (starts) whose places are asides to it

    @property
    def family(self) -> str:
        """The first specific family of its mentions; for a group that opens on harm, violence or a
        crowd, parts of it (property burned, weapons seized) do not make it one of their kind."""
        families = [m.family for m in self.members]
        specific = [f for f in families if f != "harm"]
        if not families[0].startswith("kind:"):
            specific = [f for f in specific if not f.startswith("kind:")]
        return specific[0] if specific else "harm"

    @property
    def last(self) -> int:
        return self.members[-1].event.trigger.start

    def place(self) -> PlaceMention | None:
        """The most precise own place any member gives (towns before areas, then first)."""
        places = [m.place for m in self.members if m.place is not None]
        return min(places, key=lambda p: p.precision or 5, default=None)

    def places(self) -> list[PlaceMention]:
        return [m.place for m in self.members if m.place is not None]

    def days(self) -> set[object]:
        """The days the group's mentions are dated by: their own, or the narrative's (the day of
        the story they continue; not for a title line, which borrows the lead's day whatever
        event it names), never the publication date."""
        own = {m.day for m in self.members if m.day is not None}
        told = {
            m.event.date_start for m in self.members if m.event.time_precision == "day" and not m.headline
        }
        return own | {d for d in told if d is not None}


#: Families of violent events, which a meeting, visit or journey is never a part of: told in the
#: same sentence ("X traveled to Lebanon the following day to meet Y and visit the graves of the
#: fighters killed in the strike") it is where someone was, a record of its own for whereabouts;
#: talks that lead to a deal are part of the agreement.
VIOLENT_FAMILIES = frozenset({"violence", "harm"})


def compatible(g: Group, v: MentionView) -> bool:
    """The mention can report the event the group reports (see the module docstring)."""
    in_sentence = [m for m in g.members if m.event.sentence == v.event.sentence]
    if not (
        families_join(g.family, v.family)
        or (in_sentence and _one_scene(g, v))
        or _arrests_at(g, v)
        or (not in_sentence and (_done_by_them(g, v) or _at_the_crowd(g, v)))
    ):
        return False
    if in_sentence and _two_parties(in_sentence, v):
        return False  # "Russia launched 40 drones, and air defences shot down 31": two acts
    if v.statement or g.members[0].statement:
        return False  # a visit, a statement, a word of support: its own record
    if v.family.startswith("kind:") and not _same_actor(g, v):
        return False  # two deployments by two parties are two deployments
    if not in_sentence and not (v.definite or v.refers_back) and _other_means(g, v):
        return False  # "its jets struck hideouts" after "the attackers set fire to grain stores"
    if v.day is not None and g.days() and v.day not in g.days():
        return False
    if not in_sentence and not all(m.top for m in g.members) and not frame_agrees(g, v):
        return False
    if v.place is None:
        return True
    if in_sentence:
        # an aside's place ("the highway linking Damascus and Aleppo") is no second town
        if not v.governed:
            return True
        return all(places_agree(m.place, v.place) for m in g.members if m.place is not None and m.governed)
    return all(places_agree(p, v.place) for p in g.places())


#: Specificity from which a sub-type names how the violence was done (not just that it was).
MEANS_SPECIFICITY = 2


def _other_means(g: Group, v: MentionView) -> bool:
    """The mention names a way of doing violence that the group's own words do not (an air strike
    told after an arson): a second act, unless a sentence tells both."""
    if v.family != "violence" or v.specificity < MEANS_SPECIFICITY:
        return False
    told = {
        m.event.acled_sub_event_type
        for m in g.members
        if m.family == "violence" and m.specificity >= MEANS_SPECIFICITY
    }
    sub = v.event.acled_sub_event_type
    if any(told <= kin and sub in kin for kin in KINDRED_MEANS):
        return False  # "took control of", "entered" a town; a suicide bomber's "explosives detonated"
    return bool(told) and sub not in told


#: ACLED's sub-types of a change of hands: they say who took ground, not how violence was done.
TERRITORY_SUB_TYPES = frozenset(
    {
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Non-violent transfer of territory",
    }
)


#: Sub-types that one act is told by in different words: a capture ("captured", "took control",
#: "entered"), a bomb ("the suicide bombers detonated their explosives": a remote explosive's word).
KINDRED_MEANS = (TERRITORY_SUB_TYPES, frozenset({"Remote explosive/landmine/IED", "Suicide bomb"}))


#: Acts that are part of a raid or an attack when its doers are said to do them ("The attackers
#: also set fire to grain stores", "They seized weapons"): ACLED does not split them off.
PARTS_OF_VIOLENCE = frozenset({"kind:Looting/property destruction", "kind:Disrupted weapons use"})


def _done_by_them(g: Group, v: MentionView) -> bool:
    """A follow-up sentence whose subject is the event's doers or weapons tells a part of it, as
    does one that names the event's own place ("separatists seized the town council building in
    Kostiantynivka" after they seized the town; "cleared the village and seized weapons")."""
    if v.family not in PARTS_OF_VIOLENCE or g.family not in VIOLENT_FAMILIES or v.another:
        return False
    if v.refers_back:
        return True
    places = g.places()
    return v.place is not None and bool(places) and all(places_agree(p, v.place) for p in places)


#: Sub-types of a crowd met with force: shooting told after it is that force.
CROWD_MET_WITH_FORCE = frozenset({"Excessive force against protesters", "Protest with intervention"})


def _at_the_crowd(g: Group, v: MentionView) -> bool:
    """Shooting told after a crowd met with force ("the man was shot in the chest", "troops opened
    fire on a crowd") is that force, not an attack of its own; a bomb or an air strike is one."""
    return (
        g.family == "crowd"
        and v.family == "violence"
        and v.specificity <= CROWD_VIOLENCE_SPECIFICITY
        and not (v.framed or v.another)
        and any(m.event.acled_sub_event_type in CROWD_MET_WITH_FORCE for m in g.members)
    )


def _two_parties(in_sentence: Sequence[MentionView], v: MentionView) -> bool:
    """Two acts of violence in one sentence, each with its own doer, named differently."""
    if v.family != "violence" or not v.event.actors:
        return False
    mine = {_name(p.text) for p in v.event.actors}
    for m in in_sentence:
        if m.family == "violence" and m.event.actors and not mine & {_name(p.text) for p in m.event.actors}:
            return True
    return False


def _name(text: str) -> str:
    return " ".join(text.lower().removeprefix("the ").split())


def frame_agrees(g: Group, v: MentionView) -> bool:
    """A sentence that opens on its own day or place ("On Sunday, a mob in Kankara ...") sets a
    new scene: it continues a group only where the group is known to share that day or place."""
    if v.framed_time is not None and not any(v.framed_time in m.days for m in g.members):
        return False
    if v.framed_place:
        places = g.places()
        return bool(places) and all(places_agree(p, v.place) for p in places)
    return True


def _same_actor(g: Group, v: MentionView) -> bool:
    """Mentions of a strategic step do not name two different known parties as its actor."""
    mine = _actor_keys(v.event)
    theirs = {k for m in g.members for k in _actor_keys(m.event)}
    return not mine or not theirs or bool(mine & theirs)


def _actor_keys(ev: Event) -> set[str]:
    return {p.actor_key for p in ev.actors if p.actor_key}


#: Violence up to this specificity (shooting, beating, an attack) can be what happened to a crowd;
#: a bomb or an air strike at a rally is an event of its own kind.
CROWD_VIOLENCE_SPECIFICITY = 2


def _one_scene(g: Group, v: MentionView) -> bool:
    """One sentence telling a crowd and what was done to it: "security forces shot dead two men
    among hundreds of protesters", "police dispersed the rally and detained 20"."""
    kinds = {g.family, v.family}
    if kinds == {"crowd", "violence"}:
        violent = [m.specificity for m in [*g.members, v] if m.family == "violence"]
        return max(violent) <= CROWD_VIOLENCE_SPECIFICITY
    if "kind:Looting/property destruction" in kinds:
        # "gunmen killed five and set fire to granaries", "youths blocked roads and torched a post":
        # property destroyed during a raid or a riot is part of it (ACLED does not split it off)
        return bool(kinds & {"violence", "harm", "crowd"})
    return "crowd" in kinds and any(k.startswith("kind:Arrest") for k in kinds)


def _arrests_at(g: Group, v: MentionView) -> bool:
    """ "Dozens were detained." after a rally is broken up: arrests during it (ACLED codes them as
    the protest's intervention). An arrest told with its own place or time ("police arrested 30
    people in Bamenda on the evening of 8 December") is an act of its own."""
    kinds = {g.family, v.family}
    if kinds != {"crowd", "kind:Arrests"}:
        return False
    arrest = v if v.family == "kind:Arrests" else g.members[0]
    return arrest.place is None and not own_time(arrest.event)


def families_join(a: str, b: str) -> bool:
    if a == b:
        return True

    if "harm" in (a, b):
        return (a if b == "harm" else b) in ("violence", "crowd", "harm")
    return False
