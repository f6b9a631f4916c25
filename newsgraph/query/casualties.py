"""Who was reported killed: the one rule behind ``newsgraph casualties``, ``/api/casualties`` and
the UI.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from newsgraph.query.event_records import build_events, participant_ref
from newsgraph.query.filters import CasualtyFilter
from newsgraph.query.handle import clamp, has_column, has_index
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
    # Statements (events.statement) need no test: a casualty is an ASSAULT, never a verbal act.
    background = flt.include_background if flt.include_background is not None else bool(flt.affiliation)
    match = affiliated(kb, match_actor(kb, flt.affiliation)) if flt.affiliation else None
    # The death-word regex as an SQL function, so SQL alone decides (and counts) the casualties.
    kb.conn.create_function("ng_death", 1, _is_death, deterministic=True)
    # casualty_candidate (migration 18, kept by triggers) holds the whole rule (2) or all of it
    # but the exact death-word test (1); its partial index gives the candidates in list order
    # with the comment and background flags, and only the 1s (non-ASCII or odd triggers) get the regex.
    conditions = (
        "e.casualty_candidate > 0"
        + ("" if flt.include_comments else " AND e.in_comments = 0")
        + (" AND e.background = 0" if not background and has_column(kb, "events", "background") else "")
        + " AND (e.casualty_candidate = 2"
        f" OR EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = e.id AND {_DEATH_SQL}"
        " AND ng_death(s.trigger_text)))"
    )
    where = " FROM events e INDEXED BY events_casualty WHERE " + conditions
    order = " ORDER BY e.date_start IS NULL, e.date_start, e.id"
    offset = max(0, flt.offset)
    if match is None:
        total = int(kb.conn.execute("SELECT COUNT(*)" + where).fetchone()[0])
        limit, _ = clamp(flt.limit, offset)
        ids = [
            r[0]
            for r in kb.conn.execute("SELECT e.id" + where + order + " LIMIT ? OFFSET ?", (limit, offset))
        ]
        built = build_events(kb, ids)
        items = tuple(_casualty(built[i], None) for i in ids)
        return Page(total, flt.limit, offset, items)
    return _of_affiliation(kb, flt, match, conditions, order)


def _of_affiliation(
    kb: KnowledgeBase, flt: CasualtyFilter, match: ActorMatch, conditions: str, order: str
) -> Page[Casualty]:
    """The casualties whose victims are ``match`` or part of it; ``conditions`` is the casualty
    rule's SQL test on ``events e``, ``order`` the list order."""
    offset = max(0, flt.offset)
    # An affiliation: the casualty events' target rows in list order, of which those of the
    # actors' ids or found by word search (target_words, migration 23: a superset of what the
    # Python test accepts) are read and tested -- names inside descriptions and units need the regex.
    names = names_pattern(match.names)
    heads = {n.split()[-1] for n in match.names if " " in n} - _GENERIC_HEADS
    mention_docs = _mention_docs(kb, match) if heads else set()
    ids = set(match.ids) | _actors_named(kb, match, names)
    # a head can only match as a capitalised word (_short_head), plural "s" included: a prefix
    by_words = _words_query(match.names, {h for h in heads if re.fullmatch("[a-z]+", h)})
    # One walk of the casualty events and their target rows, texts included (the partial index
    # event_participants_targets, migration 25), keeping the rows of the actors' ids or found by
    # the word search (its rowids collected once by SQLite). Unordered: the kept rows are put in
    # list order here (date, event, row), which spares SQLite sorting every candidate.
    worded = " OR p.id IN (SELECT rowid FROM target_words WHERE target_words MATCH ?)" if by_words else ""
    targets = " INDEXED BY event_participants_targets" if has_index(kb, "event_participants_targets") else ""
    rows = kb.conn.execute(
        "SELECT e.date_start, e.id, p.id, p.actor_id, a.name, p.text, p.description, p.rank, p.unit"
        f" FROM events e INDEXED BY events_casualty CROSS JOIN event_participants p{targets}"
        " ON p.event_id = e.id AND p.role = 'target' LEFT JOIN actors a ON a.id = p.actor_id"
        f" WHERE {conditions} AND (p.actor_id IN (SELECT value FROM json_each(?)){worded})",
        [json.dumps(sorted(ids)), *([by_words] if by_words else [])],
    ).fetchall()
    rows.sort(key=lambda r: (r[0] is None, r[0] or "", r[1], r[2]))
    # Victim texts repeat (one unit named in many reports): each distinct one is tested once.
    named: dict[str | None, bool] = {}
    headed: dict[tuple[str | None, str | None], bool] = {}

    def names_it(text: str | None) -> bool:
        if text not in named:
            named[text] = mentions_names(text, names)
        return named[text]

    kept: dict[int, list[tuple[Any, ...]]] = {}
    docs: dict[int, set[str]] = {}
    for _, event_id, _, actor_id, *row in rows:
        name, text, desc, _, unit = row
        # the victim as participant_ref shows it: a resolved actor's name, else the description
        shown, description = (
            (name, None) if actor_id is not None else (None, " ".join((desc or text).split()))
        )
        if not (
            (actor_id is not None and actor_id in match.ids)
            or names_it(description)
            or names_it(unit)
            or names_it(shown)
        ):
            if not mention_docs:
                continue
            if (description, unit) not in headed:
                headed[description, unit] = _short_head(
                    ParticipantRef(description=description, unit=unit), heads
                )
            if not headed[description, unit]:
                continue
            if event_id not in docs:
                docs[event_id] = _event_docs(kb, event_id)
            if docs[event_id].isdisjoint(mention_docs):
                continue
        kept.setdefault(event_id, []).append((actor_id, *row))
    stop = None if flt.limit is None else offset + max(0, flt.limit)
    page = list(kept.items())[offset:stop]
    built = build_events(kb, [i for i, _ in page])
    items = tuple(_casualty(built[i], _victims(victims)) for i, victims in page)
    return Page(len(kept), flt.limit, offset, items)


def _victims(rows: list[tuple[Any, ...]]) -> tuple[ParticipantRef, ...]:
    out: list[ParticipantRef] = []
    for row in rows:
        v = participant_ref(*row)
        if v not in out:
            out.append(v)
    return tuple(out)


def _actors_named(kb: KnowledgeBase, match: ActorMatch, names: re.Pattern[str] | None) -> set[int]:
    """Actors whose own name names the affiliation (a victim row shows its actor's name)."""
    words = sorted(n for n in match.names if n)
    if not words or names is None:
        return set()
    rows = kb.conn.execute(
        "SELECT id, name FROM actors WHERE " + " OR ".join("name LIKE ?" for _ in words),
        [f"%{w}%" for w in words],
    )
    return {i for i, name in rows if mentions_names(name, names)}


def _words_query(names: frozenset[str], heads: set[str]) -> str | None:
    """An FTS5 query for any of ``names`` as a phrase of its tokens, or a word starting with one of
    ``heads``: unicode61 drops punctuation, case and diacritics, so it finds a superset of the rows
    the whole-word regex and the head test accept."""
    phrases = []
    for name in sorted(names):
        tokens = re.findall(r"\w+", name)
        if tokens:
            phrases.append('"' + " ".join(tokens) + '"')
    phrases.extend(f'"{h}"*' for h in sorted(heads))
    return " OR ".join(phrases) or None


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
