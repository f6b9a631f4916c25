"""Background: events an article recalls as history or sums up as statistics, not what it reports now.

News sets a report against its past: "The war, which began in 2011, has killed more than 370,000
people", "Russia captured Bakhmut in May", "attacks have surged since the ceasefire ended", "the
insurgency has killed thousands". Such events are kept, with their evidence, but flagged
``background=True``: they stay out of event lists, tolls and the timeline by default, and never
lend their date to the narrative (:mod:`newsgraph.nlp.events.narrative`).

An event is background when its own clause says so:

* **its date is clearly older than the story**: a time in the event's sentence (attached to the
  trigger, or the nearest) that ends more than ``OLDER_THAN_DAYS`` before the reference day (the
  document date, else the latest day the text names);
* **it set off the story** ("demonstrations sparked by the death of Mahsa Amini"): the cause
  named is an earlier event;
* **it starts a stretch** ("attacks have surged since rebels launched an offensive"): the
  event told inside a "since" clause happened before what is reported;
* **it lasts since something** ("since 2011", "since the coup", "ever since"), or over a stretch
  ("over the past decade", "for months", "for more than a decade"): a state or a running total,
  not an incident (running totals of deaths were dropped before; they are now kept, flagged);
* **a war-wide subject in the perfect**: "the war has killed", "the insurgency, which began in
  2009, has killed", "violence has displaced": the subject is the whole conflict;
* **a period toll**: a killing or wounding with a count whose own time is a month or longer
  ("killed in gang violence in April alone", "killed across the country this year"), or a week
  told in the perfect ("13 civilians have been killed this week", a running total);
* **a toll of a thousand or more**: single incidents that large are exceptional; in news they are
  nearly always a war's total or a recalled massacre.

Only the event's own clause counts, so a lead "killed 14 on Monday, as the offensive that began in
April entered its third week" stays current.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Token

from newsgraph.model import TimeMention

#: A recalled date: older than a month before the story. Wire follow-ups report events of the
#: last days ("last week" at most); a month leaves room for "earlier this month" round-ups.
OLDER_THAN_DAYS = 31
#: Fatality counts this large are a conflict's total, not one incident (see the module doc).
STATISTIC_TOLL = 1000
#: Precisions of a period rather than a day.
PERIOD_PRECISIONS = frozenset({"month", "season", "year", "decade"})

#: Subjects that name a whole conflict or a wave of violence.
CONFLICT_NOUNS = frozenset(
    {"war", "conflict", "insurgency", "violence", "crisis", "uprising", "unrest", "crackdown",
     "rebellion", "fighting", "offensive", "campaign", "bombardment", "siege", "insurrection",
     "jihad", "clashes", "hostilities", "bloodshed"}
)  # fmt: skip
_STRETCH_NOUNS = frozenset(
    {"decade", "decades", "year", "years", "month", "months", "week", "weeks", "period"}
)
#: The wars and waves a toll is counted "in" ("killed in the war", "in gang violence").
_WAR_NOUNS = frozenset({"war", "conflict", "insurgency", "violence", "crackdown", "unrest", "uprising",
                        "crisis", "rebellion", "hostilities"})  # fmt: skip
#: Victim counts that only a war's total reaches ("tens of thousands of people").
_MULTITUDES = frozenset({"thousands", "millions"})
#: Nouns of a count kept over time: "according to a Reuters tally", "according to UN figures".
_TALLY_NOUNS = frozenset({"tally", "estimate", "estimates", "figures", "count"})
_BEGIN_VERBS = frozenset({"begin", "start", "erupt", "break", "launch", "seize", "take"})
_SUPERLATIVES = frozenset({"first", "worst", "deadliest", "biggest", "largest", "heaviest", "bloodiest"})


def recalls_history(
    anchor: Token, own: TimeMention | None, reference: dt.date | None, *, toll: int | None, fatal: bool
) -> bool:
    """Whether the event at trigger ``anchor`` is background (see the module doc).

    ``own`` is a time in the event's own sentence (None when it has none), ``reference`` the
    document's day, ``toll`` the event's fatality count, ``fatal`` whether it is a killing or
    wounding."""
    verb = _clause_head(anchor)
    if _inside_since(anchor) or _told_as_cause(anchor):
        return True
    # "the deadliest attack since 2019": the date is the comparison's, the attack is current
    if not _superlative(anchor):
        if own is not None and reference is not None and _older(own, reference):
            return True
        if own is not None and own.text.lower().lstrip().startswith(("since", "ever since")):
            return True
        if _since_or_stretch(verb) or (verb is not anchor and _since_or_stretch(anchor)):
            return True
    if _perfect(verb) and (
        _conflict_subject(verb) or _in_the_war(verb) or _since_below(verb) or _repeated(verb)
    ):
        return True
    if toll is not None and toll >= STATISTIC_TOLL:
        return True
    if fatal and (_vague_multitude(verb) or _tallied(anchor)):
        return True
    if toll is not None and own is not None and own.precision == "week" and _perfect(verb):
        # "13 civilians have been killed in the province this week": a running total over the
        # week; "gunmen killed 13 last week" (simple past) tells one incident
        return True
    return toll is not None and own is not None and own.precision in PERIOD_PRECISIONS


def is_statistic(verb: Token, *, toll: int | None, period: str | None = None) -> bool:
    """Whether a killing or wounding clause (``verb`` its head) sums many events into a figure:
    the clause tests of :func:`recalls_history` that need no document date ("the war has killed",
    "since 2011", "according to a tally", a toll of thousands, "have been killed this week").
    ``period`` is the precision of the time its sentence gives, if any. Claims use it to keep such
    figures as statistics."""
    if _since_or_stretch(verb) or _vague_multitude(verb) or _tallied(verb):
        return True
    if _perfect(verb) and (
        _conflict_subject(verb) or _in_the_war(verb) or _since_below(verb) or _repeated(verb)
    ):
        return True
    if _incident_subject(verb):
        # "a car bomb attack in January 2019 killed 22", "a drone strike killed 1,200": the clause
        # says one thing did it, so the figure is that incident's, however dated or large
        return False
    if toll is not None and toll >= STATISTIC_TOLL:
        return True
    return period in PERIOD_PRECISIONS or (period == "week" and _perfect(verb))


def _incident_subject(verb: Token) -> bool:
    """The clause's subject is one thing that did the killing ("a car bomb attack", "the blast")."""
    return any(
        c.dep_ == "nsubj" and c.tag_ in ("NN", "NNP") and c.lemma_.lower() not in CONFLICT_NOUNS
        for c in verb.children
    )


def states_statistic(anchor: Token, own: TimeMention | None, *, toll: int | None) -> bool:
    """:func:`is_statistic` for the event at trigger ``anchor`` (``own``: a time in its sentence)."""
    return is_statistic(_clause_head(anchor), toll=toll, period=own.precision if own is not None else None)


def _inside_since(anchor: Token) -> bool:
    """The event is where a stretch of time starts: "has come under attack since Moscow launched
    an offensive", "bombarded every night since Wednesday, when Israel opened its offensive by
    killing ...": told as the start of what is reported, so it happened before the story."""
    for tok in [anchor, *anchor.ancestors]:
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "since" for c in tok.children):
            return tok.lemma_.lower() not in ("be", "have")  # "since it is", "since they have": causal
        if tok.dep_ == "pobj" and tok.head.lower_ == "since" and tok is not anchor:
            return True
        if tok.dep_ == "ROOT":
            break
    return False


#: Verbs whose agent is what set off the story: "protests sparked by the death of Mahsa Amini".
_CAUSE_VERBS = frozenset({"spark", "trigger", "prompt", "provoke", "fuel", "ignite", "touch"})


def _told_as_cause(anchor: Token) -> bool:
    """The event is named as what set off the one reported ("demonstrations sparked by the death of
    Mahsa Amini", "riots triggered by the shooting of a man"): it happened before, told as history."""
    prep = anchor.head
    return (
        anchor.dep_ == "pobj"
        and prep.dep_ == "agent"
        and prep.lower_ == "by"
        and prep.head.lemma_.lower() in _CAUSE_VERBS
    )


def _older(own: TimeMention, reference: dt.date) -> bool:
    """A day or period ending a month before the story, or a year-long period starting that early
    ("in 2023" in a January 2024 article, "this year")."""
    limit = reference - dt.timedelta(days=OLDER_THAN_DAYS)
    if own.end_date is not None and own.end_date < limit:
        return True
    return own.precision in ("year", "decade") and own.start_date is not None and own.start_date < limit


def _clause_head(anchor: Token) -> Token:
    """The verb of the trigger's clause: the trigger itself, or the verb a nominal trigger hangs on."""
    if anchor.pos_ in ("VERB", "AUX"):
        return anchor
    tok = anchor
    walk = ("pobj", "prep", "compound", "dobj", "nsubj", "nsubjpass", "attr", "conj", "appos")
    while tok.dep_ in walk and tok.head is not tok:
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return anchor


def _since_or_stretch(verb: Token) -> bool:
    for child in verb.children:
        low = child.lower_
        if child.dep_ == "prep" and low == "since":
            return True
        if child.dep_ == "advmod" and low == "since" and _perfect(verb):  # "has since become"
            return True
        # "since the war began" (a beginning) is a stretch; "since they refused" is causal
        if (
            child.dep_ == "advcl"
            and child.lemma_.lower() in _BEGIN_VERBS
            and any(m.lower_ == "since" and m.dep_ == "mark" for m in child.children)
        ):
            return True
        if child.dep_ == "prep" and low in ("over", "for", "during") and _stretch_object(child):
            return True
    return False


def _stretch_object(prep: Token) -> bool:
    """ "over the past decade", "for months", "for more than a decade", "during the last two years"."""
    for obj in prep.children:
        if obj.dep_ != "pobj" or obj.lower_ not in _STRETCH_NOUNS:
            continue
        words = {t.lower_ for t in obj.subtree}
        plural = obj.lower_.endswith("s")
        recent = words & {"past", "last", "previous", "recent", "same"}
        if recent or (prep.lower_ == "for" and (plural or "than" in words)):
            return True
    return False


#: Adverbials that make a perfect a record of many past incidents, no one event ("has been shelled
#: several times in recent weeks", "has been attacked repeatedly").
_REPEATED = re.compile(
    r"\b(repeatedly|several times|many times|numerous times|multiple times|again and again|frequently|"
    r"regularly|time and again|on several occasions|on many occasions|a number of times)\b"
)


def _repeated(verb: Token) -> bool:
    """The verb's own adverbials say it happened many times (not a clause below it)."""
    return any(
        child.dep_ in ("advmod", "npadvmod", "prep")
        and _REPEATED.search(" ".join(t.lower_ for t in child.subtree))
        for child in verb.children
    )


def _perfect(verb: Token) -> bool:
    """ "has killed", "have been killed", "had led": a perfect auxiliary on the verb."""
    return verb.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.lemma_.lower() == "have" for c in verb.children
    )


def _conflict_subject(verb: Token) -> bool:
    return any(
        c.dep_ in ("nsubj", "nsubjpass")
        and (c.lemma_.lower() in CONFLICT_NOUNS or c.lower_ in CONFLICT_NOUNS)
        for c in verb.children
    )


def _superlative(anchor: Token) -> bool:
    """ "the first deadly fighting since 2024", "the worst attack since": a comparison, not a stretch."""
    return any(c.lower_ in _SUPERLATIVES or c.tag_ == "JJS" for c in anchor.children)


def _in_the_war(verb: Token) -> bool:
    """ "have been killed in the war", "in the crackdown", "by gang violence"."""
    return any(
        prep.dep_ in ("prep", "agent")
        and prep.lower_ in ("in", "by", "during")
        and any(o.dep_ == "pobj" and o.lemma_.lower() in _WAR_NOUNS for o in prep.children)
        for prep in verb.children
    )


def _since_below(verb: Token) -> bool:
    """A "since" anywhere in a perfect clause, outside relative clauses: "have been killed and
    10,000 wounded since the protests erupted"."""
    stack = list(verb.children)
    while stack:
        tok = stack.pop()
        if tok.dep_ in ("relcl", "ccomp"):
            continue
        if tok.lower_ == "since" and tok.dep_ in ("prep", "mark"):
            return True
        stack.extend(tok.children)
    return False


def _vague_multitude(verb: Token) -> bool:
    """ "have killed thousands of people", "tens of thousands were killed"."""
    return any(
        child.dep_ in ("nsubj", "nsubjpass", "dobj") and any(t.lower_ in _MULTITUDES for t in child.subtree)
        for child in verb.children
    )


def _tallied(anchor: Token) -> bool:
    """A toll read off a tally or estimate ("according to a Reuters tally"), not one incident's count."""
    sent = anchor.sent
    return any(t.lower_ in _TALLY_NOUNS and t.dep_ in ("pobj", "nsubj", "dobj") for t in sent)
