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
linking Damascus and Aleppo"). Across sentences a follow-up that tells no act of a kind of its own
(harm, shooting, "the attack", a sentence opening on "The attackers", "The rockets", "They")
continues the event told last even where it names a place in passing ("the command said in a
statement issued from Stuttgart"); a town its trigger governs, or a sentence that opens on a time
or place ("In Katsina state, ..."), sets a new event apart (the tests themselves are in
:mod:`newsgraph.nlp.events.compatibility`).

Parts of one event are evidence of it, not events (ACLED does not split them off): a movement
in the event's sentence or told after it ("The attackers withdrew."), property burned or arrests
made during it (also told after it, by its doers: "The attackers also set fire to grain
stores"; a raid in the arrests' sentence), shooting at a crowd met with force, and a statement or word of support inside a sentence that tells an event ("troops
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
from dataclasses import replace

from newsgraph.model import Event, PlaceMention
from newsgraph.nlp.events.background import STATISTIC_TOLL
from newsgraph.nlp.events.combine import combine
from newsgraph.nlp.events.compatibility import CROWD_VIOLENCE_SPECIFICITY, families_join
from newsgraph.nlp.events.compatibility import VIOLENT_FAMILIES as _VIOLENT_FAMILIES
from newsgraph.nlp.events.compatibility import Group as _Group
from newsgraph.nlp.events.compatibility import compatible as _compatible
from newsgraph.nlp.events.compatibility import frame_agrees as _frame_agrees
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
    if v.top and not lead:
        return None, v  # the lead's place is the story's, never one named in passing
    placeless = replace(v, place=None)
    return (last, placeless) if _compatible(last, placeless) else (None, v)


def _attach_summaries(groups: list[_Group], summaries: Sequence[MentionView]) -> None:
    """A sum-up sentence is evidence of each group it contains; with none, it is an event itself."""
    for s in summaries:
        fitting = [
            g
            for g in groups
            if (families_join(g.family, s.family) or _same_kind(g, s) or _raided_by(g, s)) and _contains(s, g)
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


def _raided_by(g: _Group, s: MentionView) -> bool:
    """A title's "army detains nine in Jenin raid": the raid the body tells as the arrests."""
    return (
        s.event.mode == "raid" and g.family in _ARRESTS and any(a.event.mode == "raid" for a in g.auxiliary)
    )


def _same_kind(g: _Group, v: MentionView) -> bool:
    """The mention names the sub-type a group's mention has, in a word of another PLOVER type: the
    headline's "moves into El Bur after troop pullout" and the lead's "entered the town"."""
    sub = v.event.acled_sub_event_type
    return sub not in (None, "Other") and any(m.event.acled_sub_event_type == sub for m in g.members)


def _contains(s: MentionView, g: _Group) -> bool:
    if g.members[0].summary:
        return False  # a group made of sum-ups is no per-town event
    if not g.places():
        return False  # no place puts it inside the sum-up ("accused the rebels of executing prisoners")
    if s.day is not None and g.days() and s.day not in g.days():
        return False
    if s.headline and s.place is not None and _names_town(g, s.place):
        return True  # "kills eight in Kanbalu" over "bombed a village in Sagaing Region's Kanbalu Township"
    return all(places_agree(s.place, p) for p in g.places())


def _names_town(g: _Group, place: PlaceMention) -> bool:
    """A sentence of the group names that town (whatever place its mentions were given)."""
    return any((place.name or place.text).lower() in m.towns_named for m in g.members)
