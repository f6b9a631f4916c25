"""Who was reported killed: the one rule behind ``newsgraph casualties``, ``/api/casualties`` and
the UI.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from newsgraph.query.events import get_event, participant_ref
from newsgraph.query.filters import CasualtyFilter
from newsgraph.query.handle import clamp, has_column
from newsgraph.query.match import ActorMatch, affiliated, in_rows, match_actor, mentions_names, names_pattern
from newsgraph.query.records import Casualty, EventRecord, EventRef, Page, ParticipantRef

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase

#: Word starts that make a report a death (the trigger "killed", "died", "martyred"...).
_DEATH_WORDS = ("kill", "die", "dead", "death", "slain", "martyr", "perish", "fell", "fallen", "lost")
_DEATH = re.compile(r"\b(" + "|".join(_DEATH_WORDS) + ")", re.IGNORECASE)
#: A SQL test true for every trigger ``_DEATH`` can match, so SQL drops the other events before
#: Python looks: LIKE folds ASCII case only, hence any text with a character outside printable
#: ASCII is let through for the regex to decide.
_DEATH_SQL = (
    "(s.trigger_text GLOB '*[^ -~]*' OR "
    + " OR ".join(f"s.trigger_text LIKE '%{w}%'" for w in _DEATH_WORDS)
    + ")"
)


def _is_death(text: str | None) -> int:
    return 1 if text and _DEATH.search(text) else 0


def casualties(kb: KnowledgeBase, flt: CasualtyFilter | None = None) -> Page[Casualty]:
    """Who was reported killed: victims with rank/unit, fatalities, place, dates, status, sources.

    A casualty is an assault with fatalities or a death word in a trigger, a straight (not
    negated, not hypothetical) report, and a target. ``flt.affiliation`` keeps victims who are the
    actor, are part of it (dictionary parents and affiliation rows), or whose description or unit
    names it or one of its parts. The page is the full list's slice, with the total.
    """
    flt = flt or CasualtyFilter()
    background = flt.include_background if flt.include_background is not None else bool(flt.affiliation)
    match = affiliated(kb, match_actor(kb, flt.affiliation)) if flt.affiliation else None
    # The death-word regex as an SQL function, so SQL alone decides (and counts) the casualties.
    kb.conn.create_function("ng_death", 1, _is_death, deterministic=True)
    # casualty_candidate (migration 18, kept by triggers) holds the whole rule (2) or all of it
    # but the exact death-word test (1); its partial index gives the candidates in list order
    # with the comment and background flags, and only the 1s (non-ASCII or odd triggers) get the regex.
    where = (
        " FROM events e INDEXED BY events_casualty WHERE e.casualty_candidate > 0"
        + ("" if flt.include_comments else " AND e.in_comments = 0")
        + (" AND e.background = 0" if not background and has_column(kb, "events", "background") else "")
        + " AND (e.casualty_candidate = 2"
        f" OR EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = e.id AND {_DEATH_SQL}"
        " AND ng_death(s.trigger_text)))"
    )
    order = " ORDER BY e.date_start IS NULL, e.date_start, e.id"
    offset = max(0, flt.offset)
    if match is None:
        total = int(kb.conn.execute("SELECT COUNT(*)" + where).fetchone()[0])
        limit, _ = clamp(flt.limit, offset)
        ids = [
            r[0]
            for r in kb.conn.execute("SELECT e.id" + where + order + " LIMIT ? OFFSET ?", (limit, offset))
        ]
        items = tuple(_casualty(get_event(kb, i), None) for i in ids)
        return Page(total, flt.limit, offset, items)
    # An affiliation is tested in Python (names inside descriptions and units): every candidate's
    # targets are read in one pass to count the matches, and only the page's records are built.
    ids = [r[0] for r in kb.conn.execute("SELECT e.id" + where + order)]
    targets = _targets(kb, ids)
    names = names_pattern(match.names)
    heads = {n.split()[-1] for n in match.names if " " in n} - _GENERIC_HEADS
    mention_docs = _mention_docs(kb, match) if heads else set()
    kept: list[tuple[int, tuple[ParticipantRef, ...]]] = []
    for event_id in ids:
        docs: set[str] | None = None
        victims: list[ParticipantRef] = []
        for v in targets.get(event_id, ()):
            if _victim_matches(v, match, names):
                victims.append(v)
            elif mention_docs and _short_head(v, heads):
                if docs is None:
                    docs = _event_docs(kb, event_id)
                if not docs.isdisjoint(mention_docs):
                    victims.append(v)
        if victims:
            kept.append((event_id, tuple(victims)))
    end = None if flt.limit is None else offset + max(0, flt.limit)
    items = tuple(_casualty(get_event(kb, i), v) for i, v in kept[offset:end])
    return Page(len(kept), flt.limit, offset, items)


def _targets(kb: KnowledgeBase, ids: list[int]) -> dict[int, list[ParticipantRef]]:
    """Each candidate event's targets, as :func:`~newsgraph.query.events.participants` builds them,
    read in one query instead of one per event."""
    out: dict[int, list[ParticipantRef]] = {}
    rows = kb.conn.execute(
        "SELECT p.event_id, p.actor_id, a.name, p.text, p.description, p.rank, p.unit FROM event_participants p"
        " LEFT JOIN actors a ON a.id = p.actor_id WHERE p.role = 'target'"
        " AND p.event_id IN (SELECT value FROM json_each(?)) ORDER BY p.event_id, p.id",
        (json.dumps(ids),),
    )
    for event_id, actor_id, name, text, desc, rank, unit in rows:
        ref = participant_ref(actor_id, name, text, desc, rank, unit)
        refs = out.setdefault(event_id, [])
        if ref not in refs:
            refs.append(ref)
    return out


def _event_docs(kb: KnowledgeBase, event_id: int) -> set[str]:
    return {r[0] for r in kb.conn.execute("SELECT doc_id FROM event_sources WHERE event_id = ?", (event_id,))}


def _mention_docs(kb: KnowledgeBase, match: ActorMatch) -> set[str]:
    """The documents that name one of the actors in full (a mention resolved to it)."""
    rows = in_rows(
        kb,
        "SELECT DISTINCT doc_id FROM mentions WHERE in_comments = 0 AND actor_id IN ({})",
        set(match.ids),
    )
    return {r[0] for r in rows}


def _casualty(ev: EventRecord, victims: tuple[ParticipantRef, ...] | None) -> Casualty:
    return Casualty(
        victims=ev.targets if victims is None else victims,
        fatalities=ev.fatalities,
        place=ev.place,
        date_start=ev.date_start,
        date_end=ev.date_end,
        status=ev.status,
        attributed_to=ev.attributed_to,
        sources=ev.sources,
        event=EventRef(ev.id, ev.type, ev.mode),
        injured=ev.injured,
    )


def _victim_matches(v: ParticipantRef, match: ActorMatch, names: re.Pattern[str] | None) -> bool:
    if v.id is not None and v.id in match.ids:
        return True
    return any(mentions_names(t, names) for t in (v.description, v.unit, v.name))


#: Head words too generic to stand for one organisation even in context.
_GENERIC_HEADS = frozenset(
    [
        "force",
        "forces",
        "army",
        "corps",
        "division",
        "brigade",
        "battalion",
        "regiment",
        "militia",
        "militias",
        "organization",
        "group",
        "unit",
    ]
)


def _short_head(v: ParticipantRef, heads: set[str]) -> bool:
    """A capitalised head word of one of the actor's names ("Guard members" for "Revolutionary
    Guard"); the caller accepts it only when the same document names the actor in full (a mention
    resolved to it): news shortens a name it has already introduced."""
    text = " ".join(t for t in (v.description, v.unit) if t)
    words = re.findall(r"\b[A-Z][a-z]+\b", text)
    return any(w.lower() in heads or w.lower().rstrip("s") in heads for w in words)
