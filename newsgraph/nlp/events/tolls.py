"""Tolls of one event mention: the dead its victims count, the wounded told beside a killing,
and the later figure a report gives when it says the toll rose.

Counting one victim is :func:`newsgraph.nlp.events.numbers.count_of`; ACLED's choice among the
figures of several mentions is :mod:`newsgraph.nlp.events.combine`.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from newsgraph.nlp.events.arguments import Argument
from newsgraph.nlp.events.numbers import count_of, is_subset, parse_number
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
        for child in tok.children:
            if child.like_num or child.pos_ == "NUM":
                value = parse_number(child.text)
            elif child.dep_ in ("nsubj", "nsubjpass", "dobj") and value is None:
                value = count_of(child, is_named=False)
        return value, {m.anchor}
    return None, set()
