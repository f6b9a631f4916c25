"""Narrative time: an event with no date in its own sentence takes the date of the story it continues.

News tells one incident in a headline, a dated lead and undated follow-ups ("In Omdurman, police
fired tear gas", "The rally ended peacefully in the evening"). Dated by the publication day,
those follow-ups and the headline are wrong whenever the incident happened the day before, which
is the common case in wire copy. So, in document order:

* an event whose own sentence states its day lends that date to the story (a *lender*): the
  time must sit in the event's sentence, be a day or a week (a month or a year names a period
  rather than the day the story is about), and the event must not be background;
* an event with no time in its own sentence (dated by the publication date, or by a time found
  earlier in the paragraph) takes the latest lender's date before it;
* an event before any lender (the headline and what precedes the dated lead) takes the first
  lender's date: headlines sum up the lead;
* with no lender at all nothing changes.

Background events (:mod:`newsgraph.nlp.events.background`) neither lend nor borrow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from newsgraph.model import Event

#: Precisions of a time that dates the story's day; coarser ones ("in March", "this year") do not.
LENDING_PRECISIONS = frozenset({"day", "week"})


def own_time(event: Event) -> bool:
    """The event's time expression sits in the event's own sentence."""
    t = event.time
    return t is not None and event.sentence.start <= t.start and t.end <= event.sentence.end


def lends(event: Event) -> bool:
    return (
        own_time(event)
        and not getattr(event, "background", False)
        and event.time is not None
        and event.time.precision in LENDING_PRECISIONS
        and event.date_start is not None
        and not event.in_comments
    )


def with_narrative_dates(events: Sequence[Event]) -> list[Event]:
    """The events (same order) with undated ones dated by the story they continue."""
    order = sorted(range(len(events)), key=lambda i: events[i].trigger.start)
    lenders = [i for i in order if lends(events[i])]
    if not lenders:
        return list(events)
    out = list(events)
    current: Event | None = None
    first = events[lenders[0]]
    for i in order:
        ev = events[i]
        if lends(ev):
            current = ev
            continue
        if own_time(ev) or getattr(ev, "background", False) or ev.in_comments:
            continue
        source = current if current is not None else first
        out[i] = replace(
            ev,
            time=source.time,
            date_start=source.date_start,
            date_end=source.date_end,
            time_precision=source.time_precision,
        )
    return out
