"""Tolls of one event mention: the dead its victims count, the wounded told beside a killing,
and the later figure a report gives when it says the toll rose.

Counting one victim is :func:`newsgraph.nlp.events.numbers.count_of`; ACLED's choice among the
figures of several mentions is :mod:`newsgraph.nlp.events.combine`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from newsgraph.model import Event
from newsgraph.nlp.events.arguments import Argument
from newsgraph.nlp.events.background import STATISTIC_TOLL
from newsgraph.nlp.events.combine import evidence_of
from newsgraph.nlp.events.numbers import count_of, is_subset, parse_number, toll_updates
from newsgraph.nlp.events.triggers import TriggerMatch


def total_of(args: Sequence[Argument], doc: Doc | None = None) -> int | None:
    """The people the arguments stand for, a subset of another told once ("eight people, among
    them three children" is 8; see numbers.is_subset)."""
    counts = [
        a.count for a in args if a.count is not None and not (doc is not None and is_subset(doc[a.head]))
    ]
    return sum(counts) if counts else None


def injured_for(anchor: Token, matches: list[TriggerMatch], doc: Doc) -> tuple[int | None, set[int]]:
    """Wounded counts stated beside a killing: 'two soldiers were killed and seven injured'.

    The parser often hangs "injured" off something other than "killed", so a wounding trigger
    coordinated with the killing or within four tokens after it counts.
    """
    for m in matches:
        if not m.entry.has("injury"):
            continue
        tok = doc[m.anchor]
        near = 0 < tok.i - anchor.i <= 4
        if not (tok.head.i == anchor.i or (tok.dep_ == "conj" and near) or near):
            continue
        value: int | None = None
        before = doc[tok.i - 1] if tok.i > 0 else None
        if before is not None and before.like_num and before.i != anchor.i:
            # "83 killed, 100 injured": the figure right before the word, however it is parsed
            return parse_number(before.text), {m.anchor}
        for child in tok.children:
            if child.like_num or child.pos_ == "NUM":
                value = parse_number(child.text)
            elif child.dep_ in ("nsubj", "nsubjpass", "dobj") and value is None:
                value = count_of(child, is_named=False)
        return value, {m.anchor}
    return None, set()


def with_toll_updates(events: Sequence[Event], text: str) -> list[Event]:
    """The events with a newer toll where the text says it rose: "An air strike killed four ...
    The death toll rose to 20 on Tuesday." ACLED codes the latest figure of the event, not the
    lowest (the lowest is for sources that disagree). The figure goes to the event whose sentences
    hold it, else to the event told last before it, when that one is current (not background or a
    statement) and counts deaths; a figure of a thousand or more is a war's total, never an update."""
    out = list(events)
    for at, value in toll_updates(text):
        if value >= STATISTIC_TOLL:
            continue
        i = _owner(out, at)
        if i is None:
            continue
        ev = out[i]
        if ev.background or ev.statement or ev.negated or ev.hypothetical:
            continue
        if ev.fatalities is None or value > ev.fatalities:
            out[i] = replace(ev, fatalities=value)
    return out


def _owner(events: Sequence[Event], at: int) -> int | None:
    """The event whose sentences hold offset ``at``, else the one whose trigger comes last before it."""
    for i, ev in enumerate(events):
        if any(s.start <= at < s.end for s in evidence_of(ev)):
            return i
    before = [(ev.trigger.start, i) for i, ev in enumerate(events) if ev.trigger.start < at]
    return max(before)[1] if before else None
