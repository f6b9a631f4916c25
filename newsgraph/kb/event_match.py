"""Which event a report agrees with as a whole, and how a weekday without its week may count: the
matching half of the cross-document merger (:mod:`newsgraph.kb.events` reads the candidates from
the knowledge base and writes the merges). Pure functions over :class:`Report` lists."""

from __future__ import annotations

from collections import defaultdict

from newsgraph.kb.merge_rules import MERGE_POINTS, Match, Report, compare


def best_event(
    new: Report, events: dict[int, list[Report]], split: set[str]
) -> tuple[int, Match, Report] | None:
    """The event ``new`` agrees with best **as a whole**: compared with every one of its sources,
    none may veto; its score is its best-agreeing source's. Returns (event id, match, that source)."""
    best: tuple[int, Match, Report] | None = None
    for event_id, members in events.items():
        if event_id == new.event_id or any(m.key in split for m in members):
            continue
        matches: list[tuple[Match, Report]] = []
        # One sentence's sources of an event are one report (a trigger dated by the dateline beside
        # one dated "on Monday"): that report vetoes only when every one of them does.
        sentences: dict[tuple[str, int], list[Report]] = defaultdict(list)
        for member in members:
            sentences[(member.doc_id, member.sentence_start)].append(member)
        for group in sentences.values():
            found = [
                (m, member)
                for member in group
                if not _apart_in_one_document(new, member) and (m := compare(new, member)) is not None
            ]
            if not found:
                break
            matches.extend((m, member) for m, member in found if m.grounded)
        else:
            if not matches:
                continue
            # A match that can merge outranks a link-only one of more points (an undated report
            # against another undated one of its weekday, beside the dated report that anchors both).
            m, member = max(matches, key=lambda x: (not x[0].link_only, x[0].points))
            if best is None or (not m.link_only, m.points) > (not best[1].link_only, best[1].points):
                best = (event_id, m, member)
    return best


def _apart_in_one_document(new: Report, member: Report) -> bool:
    """Whether two reports of one document, in two sentences, name places apart from each other
    (a roundup's incidents: "a missile hit a camp in Marib ... In Taiz, a sniper shot a girl"):
    its writer told two events, which one event of other outlets cannot hold both of."""
    if new.doc_id != member.doc_id or new.sentence_start == member.sentence_start:
        return False
    return bool(new.sentence_places and member.sentence_places) and not (
        new.sentence_places & member.sentence_places
    )


def _ambiguous_week(new: Report, members: dict[int, list[Report]], split: set[str]) -> bool:
    """Whether a weekday-only report would merge with events of more than one week (then it is
    only linked: "on Tuesday" cannot say which Tuesday)."""
    hits = 0
    for event_id, sources in members.items():
        found = best_event(new, {event_id: sources}, split)
        if found is not None and found[1].points >= MERGE_POINTS and not found[1].link_only:
            hits += 1
    return hits > 1


def only_week(new: Report, event_id: int, members: dict[int, list[Report]], split: set[str]) -> bool:
    """Whether ``event_id`` is the one event a weekday-only report comes within a point of merging
    with, with its place pinned ("on Thursday" at Khar, where the knowledge base holds one Thursday's
    bombing of Khar): then the weekday names that day, worth a point more than a bare weekday."""
    near = []
    for other, sources in members.items():
        found = best_event(new, {other: sources}, split)
        if found is not None and found[1].points >= MERGE_POINTS - 1 and not found[1].link_only:
            near.append(other)
    return near == [event_id]


def weekday_carries(new: Report, members: list[Report], split: set[str]) -> bool:
    """Whether the dated ``new`` reaches a merge with weekday-only ``members`` only by the weekday's
    point: then any week of that weekday would have done as well."""
    found = best_event(new, {members[0].event_id: members}, split)
    return found is None or found[1].points < MERGE_POINTS + 1


def fits_another_week(new: Report, member: Report, others: dict[int, list[Report]], split: set[str]) -> bool:
    """Whether the weekday-only ``member`` agrees (no veto, some place or participant agreement)
    with one of ``others`` dated on another day than the dated ``new``."""
    assert new.date_start is not None and new.date_end is not None
    for event_id, sources in others.items():
        if event_id in (new.event_id, member.event_id):
            continue
        dated = [
            (r.date_start, r.date_end) for r in sources if r.date_start is not None and r.date_end is not None
        ]
        if not dated or any(lo <= new.date_end and new.date_start <= hi for lo, hi in dated):
            continue
        if best_event(member, {event_id: sources}, split) is not None:
            return True
    return False
