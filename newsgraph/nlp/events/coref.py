"""Within-document event coreference: the mentions that report one real event become one Event.

News tells one incident many times: a headline ("Air strikes kill 14 in three towns"), a lead
("Air strikes killed at least 14 civilians ... on Monday"), follow-ups ("In Maarat al-Numan, a
strike hit a market, killing six"), attributions ("the raids were carried out by government
warplanes"). The sentence-level extractor makes one Event per trigger word; an analyst codes one
event per incident (ACLED: one event per town and day). :func:`corefer_events` groups mentions,
in document order, each joining the most recent group it is compatible with:

* **type family**: violence joins violence, crowds join crowds; a mention that only says someone
  was killed or hurt ("killed", "wounded", "attack") joins either; other kinds (arrests,
  agreements, statements) join only their own sub-type (:mod:`newsgraph.nlp.events.mentions`);
* **place**: no conflict between the mention's own place and the group's: two towns are two
  events, unless one place contains the other (Maarat al-Numan in Idlib province in Syria);
* **day**: no conflict between days stated in the mentions' own sentences;
* **discourse**: "another strike", "a second attack", "separately" start a new event; "the
  strike", "the raids" refer back (to the most recent compatible group, as any joining mention).

Inside one sentence two mentions conflict on place only when both places are governed by their
triggers ("killed in X"): the nearest place of a second trigger is often an aside ("on the road
linking Damascus and Aleppo").

Parts of one event are evidence of it, not events (ACLED does not split them off): a movement
in the event's sentence or told after it ("The attackers withdrew."), property burned or arrests
made during it, and a statement or word of support inside a sentence that tells an event ("troops
backed by a militia recaptured", "an officer said, asking not to be named"). A statement in a
sentence of its own stays its own record (whereabouts, networks).

A sentence that sums up several events ("kill 14 in three towns", "across the province") is
evidence of every compatible group it contains but the first mention of none, and its total is
no group's toll. Background, negated and hypothetical events and events in reader comments are
passed through untouched: they report no current event to merge into.

The merged Event (:mod:`newsgraph.nlp.events.combine`) keeps its first mention's ``sentence``
and ``trigger`` (the first in the body: a title line sums up the whole story, so it is evidence of
an event, not its anchor) and lists the sentences of the others in ``evidence``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from newsgraph.model import Event, PlaceMention
from newsgraph.nlp.events.background import STATISTIC_TOLL
from newsgraph.nlp.events.combine import combine
from newsgraph.nlp.events.mentions import (
    DocumentPlaces,
    MentionView,
    describe,
    headline_end,
    no_one_died_at,
    own_time,
)
from newsgraph.nlp.events.numbers import toll_statements
from newsgraph.nlp.events.places_agree import places_agree

#: The headline and the lead: the sentences that sum a story up. Wire leads are one sentence.
TOP_SENTENCES = 2


@dataclass
class _Group:
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


def corefer_events(
    events: Sequence[Event],
    *,
    text: str,
    places: Sequence[PlaceMention] = (),
    inner: frozenset[int] = frozenset(),
) -> list[Event]:
    """The events with the mentions of one real event merged (document order of first mentions).

    ``text`` is the text the events' offsets index; ``places`` the document's place mentions
    (used only to know which names the document also uses for a province or region); ``inner``
    the trigger offsets that hang inside another event's trigger in their sentence (the parse's
    word, from the extractor): a statement there is a circumstance of that event.
    """
    known = DocumentPlaces.of(places)
    passed: list[tuple[int, Event]] = []
    current: list[tuple[int, Event]] = []
    for i, ev in enumerate(events):
        if ev.in_comments or getattr(ev, "background", False) or ev.negated or ev.hypothetical:
            passed.append((ev.trigger.start, ev))
        else:
            current.append((i, ev))
    top = sorted({ev.sentence.start for _, ev in current})[:TOP_SENTENCES]
    title = headline_end(text)
    views = [
        describe(i, ev, text, known, top=ev.sentence.start in top, headline_end=title) for i, ev in current
    ]
    views.sort(key=lambda v: (v.event.trigger.start, v.index))
    groups = _group([v for v in views if not v.summary], inner)
    summaries = [v for v in views if v.summary]
    _attach_summaries(groups, summaries)
    others = [ev for _, ev in passed]
    unharmed = _told_unharmed(groups, others, text)
    figures = _told_tolls(groups, others, text)
    merged = [
        (e.trigger.start, e)
        for e in (
            combine(
                g.members,
                g.shared,
                g.auxiliary,
                unharmed=id(g) in unharmed,
                other_tolls=figures.get(id(g), ()),
            )
            for g in groups
        )
    ]
    out = sorted(merged + passed, key=lambda p: p[0])
    return [ev for _, ev in out]


def _owner(groups: Sequence[_Group], others: Sequence[Event], at: int) -> int | None:
    """The group (by id) a sentence at ``at`` continues: the one a mention of its sentence belongs
    to, else the group of the event told last before it (None when that is no group's)."""
    for g in groups:
        if any(m.event.sentence.start <= at < m.event.sentence.end for m in (*g.members, *g.auxiliary)):
            return id(g)
    starts = sorted(
        [(m.event.trigger.start, id(g)) for g in groups for m in (*g.members, *g.auxiliary)]
        + [(e.trigger.start, 0) for e in others]
    )
    before = [owner for start, owner in starts if start < at]
    return before[-1] or None if before else None


def _told_tolls(groups: Sequence[_Group], others: Sequence[Event], text: str) -> dict[int, list[int]]:
    """Sources' figures for the toll of the event a sentence continues ("Medics put the toll at
    nine."), by group id: conflicting figures, of which ACLED takes the lowest."""
    out: dict[int, list[int]] = {}
    for at, value in toll_statements(text):
        owner = _owner(groups, others, at)
        if owner is not None and value < STATISTIC_TOLL:
            out.setdefault(owner, []).append(value)
    return out


def _told_unharmed(groups: Sequence[_Group], others: Sequence[Event], text: str) -> set[int]:
    """The groups (by id) that a sentence right after them says hurt no one: "No one was hurt."
    after the shelling it follows. Such a sentence tells no event of its own (or only a negated
    one), so it belongs to the event told last before it, when no other event comes between."""
    out: set[int] = set()
    starts = sorted(
        [(m.event.trigger.start, id(g)) for g in groups for m in (*g.members, *g.auxiliary)]
        + [(e.trigger.start, 0) for e in others]
    )
    inside = [m.event.sentence for g in groups for m in g.members]
    for found in no_one_died_at(text):
        if any(s.start <= found < s.end for s in inside):
            continue  # said in the event's own sentence: its mention knows (MentionView.unharmed)
        before = [owner for at, owner in starts if at < found]
        if before and before[-1]:
            out.add(before[-1])
    return out


def _group(views: Sequence[MentionView], inner: frozenset[int] = frozenset()) -> list[_Group]:
    groups: list[_Group] = []
    # steps and statements go with an event their sentence tells: first the events, then them
    for v in views:
        if _attached(views, v, inner):
            continue
        if v.auxiliary and not v.another:
            # "The attackers withdrew." after the attack: a step of the event being told
            current = _current_host(groups, v)
            if current is not None:
                current.auxiliary.append(v)
                continue
        target = _another_in_sentence(groups, v) if v.another else _best_group(groups, v)
        if target is None and not v.another:
            target, v = _told_aside(groups, v)
            if target is not None:
                target.asides.add(v.event.sentence.start)
        if target is None:
            groups.append(_Group(members=[v]))
        else:
            if v.event.sentence.start in target.asides and not v.governed:
                v = replace(v, place=None)  # the aside's sentence-mates name the same place in passing
            target.members.append(v)
    for v in views:
        if _attached(views, v, inner):
            families = _ARRESTS if _raid_for_arrests(views, v) else _HOST_FAMILIES if v.auxiliary else None
            hosts = [
                g
                for g in groups
                if (families is None or g.family in families) and _in_sentence(g, v) and not _is_statement(g)
            ]
            if v.event.type == "CONSULT":
                hosts = [g for g in hosts if g.family not in _VIOLENT_FAMILIES]
            if v.statement and v.event.trigger.start not in inner:
                # governing the event ("the army denied the accusation and said its jets struck
                # only military targets"), it reacts to an event the story reports elsewhere
                hosts = [g for g in hosts if any(not _in_sentence_m(m, v) for m in g.members)]
            if hosts:
                hosts[-1].auxiliary.append(v)
            else:  # its host was a sum-up shared out to other groups: the mention stands alone
                groups.append(_Group(members=[v]))
    return groups


#: Families of the events a movement can be part of: violence and crowds.
_HOST_FAMILIES = frozenset({"violence", "harm", "crowd"})


#: PLOVER types of relations between actors (support, aid, cooperation) and of meetings and visits:
#: records of their own for networks and whereabouts even inside an event's sentence ("M23 rebels
#: backed by Rwanda captured Sake", "he travelled to Lebanon to visit the graves of the fighters
#: killed in the strike").
RELATION_TYPES = frozenset({"SUPPORT", "AID", "COOPERATE"})
WHEREABOUTS_MODES = frozenset({"visit", "presence"})  # CONSULT modes that say where someone was


def _own_record(ev: Event) -> bool:
    return ev.type in RELATION_TYPES or (ev.type == "CONSULT" and ev.mode in WHEREABOUTS_MODES)


#: Families of violent events, which a meeting, visit or journey is never a part of: told in the
#: same sentence ("X traveled to Lebanon the following day to meet Y and visit the graves of the
#: fighters killed in the strike") it is where someone was, a record of its own for whereabouts;
#: talks that lead to a deal are part of the agreement.
_VIOLENT_FAMILIES = frozenset({"violence", "harm"})


def _attached(views: Sequence[MentionView], v: MentionView, inner: frozenset[int] = frozenset()) -> bool:
    """A step or a statement inside a sentence that tells an event: evidence of that event.

    A movement ("after government troops pulled back") is part of the violent or crowd event told
    beside it; a statement that hangs inside the event's words ("a man accused of stealing was
    beaten to death", "an officer told AFP, asking not to be named") says, in that sentence, who
    did the event or how it is known, not an action of its own: ACLED codes the event only. A
    statement that governs the event is the reported action ("X accused the army of shelling the
    camp") unless the story reports that event in other sentences too (then it reacts to it: "the
    army denied the accusation and said its jets struck only military targets"). One in a
    sentence of its own stands alone, as do relations ("backed by"): visits, statements and
    relations are records of their own for whereabouts and networks."""
    if _raid_for_arrests(views, v):
        return True
    if v.auxiliary:
        return _sentence_has_event(views, v)
    if v.statement and not _own_record(v.event):
        return any(
            w.event.sentence == v.event.sentence
            and not (w.statement or w.auxiliary or w.summary)
            and not (v.event.type == "CONSULT" and w.family in _VIOLENT_FAMILIES)
            for w in views
        )
    return False


_ARRESTS = frozenset({"kind:Arrests"})


def _raid_for_arrests(views: Sequence[MentionView], v: MentionView) -> bool:
    """A raid that kills no one, told in the sentence of the arrests it made ("troops detained 18
    people in raids across the Hebron area", "police raided the office and arrested two of its
    journalists"): how the arrests were made, which ACLED codes as the arrests only."""
    return (
        v.event.mode == "raid"
        and not v.tells_death
        and any(w.event.sentence == v.event.sentence and w.family in _ARRESTS for w in views)
    )


def _sentence_has_event(views: Sequence[MentionView], v: MentionView) -> bool:
    """The mention's sentence tells a violent or crowd event it can be a part of."""
    return any(
        w.event.sentence == v.event.sentence and w.family in _HOST_FAMILIES and not w.summary for w in views
    )


def _in_sentence_m(m: MentionView, v: MentionView) -> bool:
    return m.event.sentence == v.event.sentence


def _in_sentence(g: _Group, v: MentionView) -> bool:
    return any(m.event.sentence == v.event.sentence for m in g.members)


def _is_statement(g: _Group) -> bool:
    return g.members[0].statement


def _another_in_sentence(groups: Sequence[_Group], v: MentionView) -> _Group | None:
    """ "Separately, X carried out an air strike near Jilib, killing two fighters": the opening
    starts one new event, which the sentence's further mentions report too."""
    same = [g for g in groups if _in_sentence(g, v) and _compatible(g, v)]
    return max(same, key=lambda g: g.last) if same else None


def _current_host(groups: Sequence[_Group], v: MentionView) -> _Group | None:
    """For a movement told in a sentence of its own: the violent or crowd event being told (the
    most recent one), when the movement's own day and place do not set it apart."""
    hosts = [g for g in groups if g.family in _HOST_FAMILIES and not g.members[0].summary]
    if not hosts:
        return None
    g = max(hosts, key=lambda h: h.last)
    if v.day is not None and g.days() and v.day not in g.days():
        return None
    if v.day is None and own_time(v.event):
        return None  # "who disarmed under a 2016 peace deal": a step of its own time, not of this event
    if not _frame_agrees(g, v):
        return None
    if v.place is not None and v.governed and not all(places_agree(p, v.place) for p in g.places()):
        return None
    return g


def _best_group(groups: Sequence[_Group], v: MentionView) -> _Group | None:
    """The most recent group the mention can belong to (None: it starts a new event)."""
    fitting = [g for g in groups if _compatible(g, v)]
    if not fitting:
        return None
    same_sentence = [g for g in fitting if any(m.event.sentence == v.event.sentence for m in g.members)]
    if same_sentence:
        return max(same_sentence, key=lambda g: g.last)
    # "the missile" refers back to the missile, not to the capture told in between
    sub = v.event.acled_sub_event_type
    same_type = [
        g
        for g in fitting
        if v.family != "harm" and any(m.event.acled_sub_event_type == sub for m in g.members)
    ]
    fitting = same_type or fitting
    if v.place is None and v.focus is not None:
        # "The rally ended peacefully" in a paragraph about Ojota: the rally there, not the last one
        here = [g for g in fitting if g.places() and all(places_agree(p, v.focus) for p in g.places())]
        fitting = here or fitting
    return max(fitting, key=lambda g: g.last)


def _compatible(g: _Group, v: MentionView) -> bool:
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
    if not in_sentence and not all(m.top for m in g.members) and not _frame_agrees(g, v):
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


def _other_means(g: _Group, v: MentionView) -> bool:
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


def _done_by_them(g: _Group, v: MentionView) -> bool:
    """A follow-up sentence whose subject is the event's doers or weapons tells a part of it, as
    does one that names the event's own place ("separatists seized the town council building in
    Kostiantynivka" after they seized the town; "cleared the village and seized weapons")."""
    if v.family not in PARTS_OF_VIOLENCE or g.family not in _VIOLENT_FAMILIES or v.another:
        return False
    if v.refers_back:
        return True
    places = g.places()
    return v.place is not None and bool(places) and all(places_agree(p, v.place) for p in places)


#: Sub-types of a crowd met with force: shooting told after it is that force.
CROWD_MET_WITH_FORCE = frozenset({"Excessive force against protesters", "Protest with intervention"})


def _at_the_crowd(g: _Group, v: MentionView) -> bool:
    """Shooting told after a crowd met with force ("the man was shot in the chest", "troops opened
    fire on a crowd") is that force, not an attack of its own; a bomb or an air strike is one."""
    return (
        g.family == "crowd"
        and v.family == "violence"
        and v.specificity <= CROWD_VIOLENCE_SPECIFICITY
        and not (v.framed or v.another)
        and any(m.event.acled_sub_event_type in CROWD_MET_WITH_FORCE for m in g.members)
    )


def _told_aside(groups: Sequence[_Group], v: MentionView) -> tuple[_Group | None, MentionView]:
    """A follow-up that continues the event told last and conflicts with it only by a place it
    names in passing ("no civilians were injured, the command said in a statement issued from
    Stuttgart", "Fifteen people were wounded." under a paragraph about Gaza, "troops opened fire
    on a crowd behind barricades on 84th Street"): the place is no scene of its own, so the
    mention joins without it. So does the lead after the headline it tells ("Air strike kills 8
    in Kanbalu" / "bombed a village in Sagaing Region's Kanbalu Township"), and a mention that
    refers back ("The device had been planted near the Absar area") whose place is only a spot.

    Only a mention that tells no act of a kind of its own continues so (harm, shooting, "the
    attack", "the attackers ..."); a town the trigger governs ("killed in X") or a sentence that
    opens on a time or place ("In Katsina state, ...") sets an event apart."""
    if v.place is None or v.framed or v.summary:
        return None, v
    told = [g for g in groups if not g.members[0].summary]
    if not told:
        return None, v
    last = max(told, key=lambda g: g.last)
    if _in_sentence(last, v):
        return None, v
    anaphor = v.definite or v.refers_back
    if v.governed and not (anaphor and not v.place.resolved):
        return None, v
    # the lead tells the headline's event when it names the headline's town too
    lead = (
        v.top
        and not v.headline
        and all(m.headline for m in last.members)
        and any((p.name or p.text).lower() in v.towns_named for p in last.places())
    )
    plain = v.family == "harm" or v.specificity <= CROWD_VIOLENCE_SPECIFICITY
    if not (plain or anaphor or lead or v.focus is not None):
        return None, v
    placeless = replace(v, place=None)
    return (last, placeless) if _compatible(last, placeless) else (None, v)


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


def _frame_agrees(g: _Group, v: MentionView) -> bool:
    """A sentence that opens on its own day or place ("On Sunday, a mob in Kankara ...") sets a
    new scene: it continues a group only where the group is known to share that day or place."""
    if v.framed_time is not None and not any(v.framed_time in m.days for m in g.members):
        return False
    if v.framed_place:
        places = g.places()
        return bool(places) and all(places_agree(p, v.place) for p in places)
    return True


def _same_actor(g: _Group, v: MentionView) -> bool:
    """Mentions of a strategic step do not name two different known parties as its actor."""
    mine = _actor_keys(v.event)
    theirs = {k for m in g.members for k in _actor_keys(m.event)}
    return not mine or not theirs or bool(mine & theirs)


def _actor_keys(ev: Event) -> set[str]:
    return {p.actor_key for p in ev.actors if p.actor_key}


#: Violence up to this specificity (shooting, beating, an attack) can be what happened to a crowd;
#: a bomb or an air strike at a rally is an event of its own kind.
CROWD_VIOLENCE_SPECIFICITY = 2


def _one_scene(g: _Group, v: MentionView) -> bool:
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


def _arrests_at(g: _Group, v: MentionView) -> bool:
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


def _attach_summaries(groups: list[_Group], summaries: Sequence[MentionView]) -> None:
    """A sum-up sentence is evidence of each group it contains; with none, it is an event itself."""
    for s in summaries:
        fitting = [
            g for g in groups if (families_join(g.family, s.family) or _same_kind(g, s)) and _contains(s, g)
        ]
        if fitting:
            for g in fitting:
                g.shared.append(s)
            continue
        own = [g for g in groups if g.members[0].summary and _compatible(g, s)]
        if own:
            own[-1].members.append(s)
        else:
            groups.append(_Group(members=[s]))
    groups.sort(key=lambda g: g.members[0].event.trigger.start)


def _same_kind(g: _Group, v: MentionView) -> bool:
    """The mention names the sub-type a group's mention has, in a word of another PLOVER type: the
    headline's "moves into El Bur after troop pullout" and the lead's "entered the town"."""
    sub = v.event.acled_sub_event_type
    return sub not in (None, "Other") and any(m.event.acled_sub_event_type == sub for m in g.members)


def _contains(s: MentionView, g: _Group) -> bool:
    if g.members[0].summary:
        return False  # a group made of sum-ups is no per-town event
    if s.day is not None and g.days() and s.day not in g.days():
        return False
    if s.headline and s.place is not None and _names_town(g, s.place):
        return True  # "kills eight in Kanbalu" over "bombed a village in Sagaing Region's Kanbalu Township"
    return all(places_agree(s.place, p) for p in g.places())


def _names_town(g: _Group, place: PlaceMention) -> bool:
    """A sentence of the group names that town (whatever place its mentions were given)."""
    return any((place.name or place.text).lower() in m.towns_named for m in g.members)
