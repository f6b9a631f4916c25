"""Read events, whereabouts, casualties and claims out of the knowledge base as frozen records.

``as_json`` turns any of them into the JSON shape the CLI and API print (field names as issue #6
lists them). ACTOR arguments match an actor's name or any alias, case-insensitively.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsgraph.errors import KnowledgeBaseError

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase


@dataclass(frozen=True, slots=True)
class ParticipantRef:
    """A known actor (id, name) or an unnamed description, with rank and unit where stated."""

    id: int | None = None
    name: str | None = None
    description: str | None = None
    rank: str | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceRef:
    name: str
    lat: float
    lon: float
    country_code: str | None
    admin1: str | None
    precision: int | None


@dataclass(frozen=True, slots=True)
class SourceRef:
    """One document's report: its own status, attribution, figures and evidence sentence."""

    document: str
    sentence: str
    status: str
    attributed_to: str | None = None
    fatalities: int | None = None
    merge_reason: str | None = None


@dataclass(frozen=True, slots=True)
class EventRecord:
    id: int
    type: str
    mode: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    actors: tuple[ParticipantRef, ...]
    targets: tuple[ParticipantRef, ...]
    place: PlaceRef | None
    date_start: str | None
    date_end: str | None
    time_precision: str
    fatalities: int | None
    status: str
    attributed_to: str | None
    in_comments: bool
    sources: tuple[SourceRef, ...]
    negated: bool = False
    hypothetical: bool = False


@dataclass(frozen=True, slots=True)
class EventRef:
    id: int
    type: str
    mode: str | None


@dataclass(frozen=True, slots=True)
class Whereabout:
    place: PlaceRef
    date_start: str | None
    date_end: str | None
    time_precision: str
    status: str
    event: EventRef
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True, slots=True)
class Casualty:
    victims: tuple[ParticipantRef, ...]
    fatalities: int | None
    place: PlaceRef | None
    date_start: str | None
    date_end: str | None
    status: str
    attributed_to: str | None
    sources: tuple[SourceRef, ...]
    event: EventRef | None = None


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    id: int
    subject: str
    value: str
    date: str | None
    attributed_to: str | None
    status: str
    in_comments: bool
    document: str
    sentence: str


def as_json(record: Any) -> Any:
    """A JSON-ready dict; participants show only the keys that apply ({id, name} or {description})."""
    if isinstance(record, ParticipantRef):
        base: dict[str, Any] = (
            {"id": record.id, "name": record.name}
            if record.id is not None
            else {"description": record.description}
        )
        if record.rank:
            base["rank"] = record.rank
        if record.unit:
            base["unit"] = record.unit
        return base
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: as_json(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, list | tuple):
        return [as_json(r) for r in record]
    return record


# --- actor matching ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """The actor rows a user's ACTOR argument names, and every name/alias they go by (lowercased)."""

    ids: frozenset[int]
    names: frozenset[str]


def match_actor(kb: KnowledgeBase, text: str) -> ActorMatch:
    want = " ".join(text.split()).lower()
    ids = {
        r[0]
        for r in kb.conn.execute(
            "SELECT id FROM actors WHERE lower(name) = ? OR lower(canonical) = ?"
            " UNION SELECT actor_id FROM aliases WHERE lower(alias) = ?"
            " UNION SELECT actor_id FROM actor_keys WHERE key = ?",
            (want, want, want, want),
        )
    }
    if not ids:
        raise KnowledgeBaseError(f"no actor called {text!r} in the knowledge base: try `newsgraph actors`")
    ids |= _surname_actors(kb, ids)
    return ActorMatch(frozenset(ids), _names(kb, ids))


def _surname_actors(kb: KnowledgeBase, ids: set[int]) -> set[int]:
    """Actors known only by the surname of one of ``ids`` ("Soleimani" for "Qassem Soleimani"),
    when no other full name in the knowledge base ends in that surname (else it is ambiguous)."""
    out: set[int] = set()
    names = _in(kb, "SELECT id, name FROM actors WHERE kind = 'person' AND id IN ({})", ids)
    for _, name in names:
        parts = name.lower().split()
        if len(parts) < 2:
            continue
        surname = parts[-1]
        owners = {
            r[0]
            for r in kb.conn.execute(
                "SELECT id FROM actors WHERE kind = 'person' AND lower(name) LIKE ? AND lower(name) != ?",
                (f"% {surname}", surname),
            )
        }
        if owners <= ids:
            out |= {
                r[0] for r in kb.conn.execute("SELECT actor_id FROM actor_keys WHERE key = ?", (surname,))
            }
    return out


def _names(kb: KnowledgeBase, ids: set[int] | frozenset[int]) -> frozenset[str]:
    if not ids:
        return frozenset()
    marks = ",".join("?" for _ in ids)
    rows = kb.conn.execute(
        f"SELECT name FROM actors WHERE id IN ({marks}) UNION SELECT canonical FROM actors WHERE id IN ({marks})"
        f" UNION SELECT alias FROM aliases WHERE actor_id IN ({marks})",
        [*ids, *ids, *ids],
    )
    return frozenset(r[0].lower().strip() for r in rows if r[0] and len(r[0].strip()) > 1)


def affiliated(kb: KnowledgeBase, match: ActorMatch) -> ActorMatch:
    """The actor plus everything part of / member of it: the dictionary's parent tree and the
    KB's affiliation rows, followed transitively."""
    from newsgraph.nlp.actors.dictionary import load_dictionary

    ids = set(match.ids)
    keys = {r[0] for r in _in(kb, "SELECT key FROM actor_keys WHERE actor_id IN ({})", ids)}
    dictionary = load_dictionary()
    extra_names: set[str] = set()
    for name in match.names:  # the KB may hold the actor under a surface key, not the dictionary's
        entry = dictionary.lookup(name) or dictionary.get(_forms_by_lower().get(name))
        if entry is not None:
            keys.add(entry.key)
            extra_names.update(n.lower() for n in (entry.name, *entry.aliases))
    for entry in dictionary.entries.values():
        if any(a.key in keys for a in dictionary.ancestors(entry.key)):
            keys.add(entry.key)
            extra_names.update(n.lower() for n in (entry.name, *entry.aliases))
    changed = True
    while changed:
        before = len(ids)
        ids |= {r[0] for r in _in(kb, "SELECT actor_id FROM actor_keys WHERE key IN ({})", keys)}
        ids |= {
            r[0]
            for r in _in(
                kb,
                "SELECT subject_actor_id FROM affiliations WHERE relation IN ('part_of', 'member_of')"
                " AND in_comments = 0 AND subject_actor_id IS NOT NULL AND object_actor_id IN ({})",
                ids,
            )
        }
        changed = len(ids) > before
    return ActorMatch(frozenset(ids), _names(kb, ids) | frozenset(extra_names))


@functools.lru_cache(maxsize=1)
def _forms_by_lower() -> dict[str, str]:
    """Every dictionary surface form (acronyms too, which ``lookup`` leaves out) -> its key."""
    from newsgraph.nlp.actors.dictionary import load_dictionary

    out: dict[str, str] = {}
    for form in load_dictionary().forms:
        out.setdefault(form.text.lower(), form.key)
    return out


def _in(kb: KnowledgeBase, sql: str, values: set[Any]) -> list[tuple[Any, ...]]:
    if not values:
        return []
    return kb.conn.execute(sql.format(",".join("?" for _ in values)), list(values)).fetchall()


def _mentions_name(text: str | None, names: frozenset[str]) -> bool:
    """True when ``text`` contains one of ``names`` as whole words (so "IRGC Basij" names Basij)."""
    if not text:
        return False
    low = " ".join(text.split()).lower()
    return any(re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", low) for n in names if n)


# --- events ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventFilter:
    actor: str | None = None
    type: str | None = None
    place: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    status: str | None = None
    include_comments: bool = False


def _place(kb: KnowledgeBase, place_id: int | None) -> PlaceRef | None:
    if place_id is None:
        return None
    row = kb.conn.execute(
        "SELECT name, lat, lon, country_code, admin1, precision FROM places WHERE id = ?", (place_id,)
    ).fetchone()
    return PlaceRef(*row) if row else None


def _sources(kb: KnowledgeBase, event_id: int) -> tuple[tuple[SourceRef, ...], list[tuple[Any, ...]]]:
    rows = kb.conn.execute(
        "SELECT s.doc_id, substr(d.text, s.sentence_start + 1, s.sentence_end - s.sentence_start), s.status,"
        " s.attributed_to, s.fatalities, s.merge_reason, s.negated, s.hypothetical, s.in_comments"
        " FROM event_sources s JOIN documents d ON d.id = s.doc_id WHERE s.event_id = ? ORDER BY s.id",
        (event_id,),
    ).fetchall()
    refs = tuple(SourceRef(r[0], " ".join(r[1].split()), r[2], r[3], r[4], r[5]) for r in rows)
    return refs, rows


def _participants(kb: KnowledgeBase, event_id: int, role: str) -> tuple[ParticipantRef, ...]:
    rows = kb.conn.execute(
        "SELECT p.actor_id, a.name, p.text, p.description, p.rank, p.unit FROM event_participants p"
        " LEFT JOIN actors a ON a.id = p.actor_id WHERE p.event_id = ? AND p.role = ? ORDER BY p.id",
        (event_id, role),
    ).fetchall()
    out: list[ParticipantRef] = []
    for actor_id, name, text, desc, rank, unit in rows:
        ref = (
            ParticipantRef(id=actor_id, name=name, rank=rank, unit=unit)
            if actor_id is not None
            else ParticipantRef(description=" ".join((desc or text).split()), rank=rank, unit=unit)
        )
        if ref not in out:
            out.append(ref)
    return tuple(out)


def get_event(kb: KnowledgeBase, event_id: int) -> EventRecord:
    row = kb.conn.execute(
        "SELECT id, type, mode, acled_event_type, acled_sub_event_type, place_id, date_start, date_end,"
        " time_precision, fatalities, status, in_comments FROM events WHERE id = ?",
        (event_id,),
    ).fetchone()
    if row is None:
        raise KnowledgeBaseError(f"no event with id {event_id}: list ids with `newsgraph events`")
    sources, raw = _sources(kb, event_id)
    attributions = list(dict.fromkeys(s.attributed_to for s in sources if s.attributed_to))
    return EventRecord(
        id=row[0],
        type=row[1],
        mode=row[2],
        acled_event_type=row[3],
        acled_sub_event_type=row[4],
        actors=_participants(kb, event_id, "actor"),
        targets=_participants(kb, event_id, "target"),
        place=_place(kb, row[5]),
        date_start=row[6],
        date_end=row[7],
        time_precision=row[8],
        fatalities=row[9],
        status=row[10],
        attributed_to="; ".join(attributions) or None,
        in_comments=bool(row[11]),
        sources=sources,
        negated=bool(raw) and all(r[6] for r in raw),
        hypothetical=bool(raw) and all(r[7] for r in raw),
    )


def _participant_rows(kb: KnowledgeBase, match: ActorMatch, roles: tuple[str, ...]) -> set[tuple[int, str]]:
    """(event id, role) of the participants in ``roles`` that are the actor, by resolved id or by
    a name/alias: two index lookups (actor_id, name_key) instead of reading every participant.
    ``name_key`` is :func:`newsgraph.kb.facts.name_key` of the text, stored by the writer."""
    found: set[tuple[int, str]] = set()
    role_marks = ",".join("?" for _ in roles)
    # INDEXED BY: ANALYZE run while name_key was still NULL (or on a KB where most participants
    # share one text) rates the index useless and SQLite scans 2M rows; an IN lookup never needs that.
    lookups = (("actor_id", "actor", sorted(match.ids)), ("name_key", "name_key", sorted(match.names)))
    for column, index, values in lookups:
        for i in range(0, len(values), _CHUNK):
            chunk = values[i : i + _CHUNK]
            found.update(
                kb.conn.execute(
                    f"SELECT event_id, role FROM event_participants INDEXED BY event_participants_{index}"
                    f" WHERE {column} IN"
                    f" ({','.join('?' for _ in chunk)}) AND role IN ({role_marks})",
                    [*chunk, *roles],
                ).fetchall()
            )
    return found


#: Values per ``IN (...)`` list, well under SQLite's bound-parameter limit.
_CHUNK = 500


def _participant_ids(kb: KnowledgeBase, match: ActorMatch, roles: tuple[str, ...]) -> set[int]:
    """Events where the actor takes part in one of ``roles``: by resolved id or by an alias."""
    return {e for e, _ in _participant_rows(kb, match, roles)}


def _participant_ids_by_role(kb: KnowledgeBase, match: ActorMatch) -> tuple[set[int], set[int]]:
    """``_participant_ids`` for the roles actor and target, from the same two index lookups."""
    found: dict[str, set[int]] = {"actor": set(), "target": set()}
    for e, role in _participant_rows(kb, match, ("actor", "target")):
        found[role].add(e)
    return found["actor"], found["target"]


def list_events(
    kb: KnowledgeBase, flt: EventFilter | None = None, *, limit: int | None = None, offset: int = 0
) -> list[EventRecord]:
    """Events ordered by date (undated last), filtered as ``flt`` says; ``limit``/``offset`` page
    them (the full list's slice, built without building the rest)."""
    return [get_event(kb, i) for i in event_ids(kb, flt, limit=limit, offset=offset)]


def event_ids(
    kb: KnowledgeBase, flt: EventFilter | None = None, *, limit: int | None = None, offset: int = 0
) -> list[int]:
    """The ids ``list_events`` returns, in its order: callers that stream (exports) build each
    record as they write it instead of holding them all."""
    flt = flt or EventFilter()
    # A type filter without an actor or place (whose few ids are looked up directly) walks the
    # events_type_filter index: type, then date order, with the date, comment and status tests in
    # the index. Named, because statistics rate "date_start <= until" on events_order as cheaper
    # although it reads every event of every type up to that date.
    indexed = " INDEXED BY events_type_filter" if flt.type and not (flt.actor or flt.place) else ""
    sql = f"SELECT e.id FROM events e{indexed} WHERE EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = e.id)"
    args: list[Any] = []
    if not flt.include_comments:
        sql += " AND e.in_comments = 0"
    if flt.type:
        sql += " AND upper(e.type) = ?"
        args.append(flt.type.upper())
    if flt.status:
        sql += " AND e.status = ?"
        args.append(flt.status.lower())
    if flt.since:
        sql += " AND COALESCE(e.date_end, e.date_start) >= ?"
        args.append(flt.since.isoformat())
    if flt.until:
        sql += " AND e.date_start <= ?"
        args.append(flt.until.isoformat())
    if flt.place:
        want = flt.place.lower()
        # One id set from both sides (events at a named place; sources whose place mention says
        # it), so SQLite looks the few matches up by id instead of testing every event.
        sql += (
            " AND e.id IN (SELECT id FROM events WHERE place_id IN"
            " (SELECT id FROM places WHERE lower(name) = ? OR lower(admin1) = ?)"
            " UNION SELECT s.event_id FROM place_mentions pm"
            " CROSS JOIN event_sources s INDEXED BY event_sources_place_mention ON s.place_mention_id = pm.id"
            " WHERE pm.id IN (SELECT rowid FROM place_mention_text WHERE text LIKE ?) AND lower(pm.text) LIKE ?)"
        )
        # CROSS JOIN and INDEXED BY: from the few matching mentions to their sources. Statistics
        # gathered while most sources had no place mention made SQLite scan every source instead.
        # The trigram index (migration 11) folds case at least as widely as the exact test, so its
        # rows are a superset of the matches; the exact test then keeps what it kept before.
        args += [want, want, f"%{want}%", f"%{want}%"]
    if flt.actor:
        # The actor's few events, by id (a JSON array: one parameter however many there are),
        # rather than reading every event in order and dropping the others in Python.
        keep = _participant_ids(kb, match_actor(kb, flt.actor), ("actor", "target"))
        sql += " AND e.id IN (SELECT value FROM json_each(?))"
        args.append(json.dumps(sorted(keep)))
    # The ORDER BY matches the events_order index expression by expression, so a page reads only
    # its rows instead of sorting every match.
    sql += " ORDER BY e.date_start IS NULL, e.date_start, e.id"
    if limit is not None or offset:
        sql += " LIMIT ? OFFSET ?"
        args += [-1 if limit is None else limit, offset]
    return [r[0] for r in kb.conn.execute(sql, args)]


# --- whereabouts -------------------------------------------------------------------------------

#: Event kinds that put their actor somewhere: (type, mode or None for any mode).
_PRESENCE_AS_ACTOR = {("CONSULT", None), ("MOBILIZE", None)}
#: Meetings also place whoever was met.
_PRESENCE_AS_TARGET = {("CONSULT", "meet"), ("CONSULT", "visit")}


def puts_there(event_type: str, mode: str | None, role: str) -> bool:
    """Whether an event of this type and mode says its participant in ``role`` ("actor" or
    "target") was at the event's place. The one definition of whereabouts: ``whereabouts`` and
    the STIX sightings both ask here."""
    kinds = _PRESENCE_AS_ACTOR if role == "actor" else _PRESENCE_AS_TARGET if role == "target" else set()
    return any(event_type == t and (m is None or mode == m) for t, m in kinds)


def counts_as_whereabouts(ev: EventRecord) -> bool:
    """Whether the event as a whole can place anyone: it has a place and is a straight report
    (not only in reader comments, not negated, not hypothetical)."""
    return ev.place is not None and not (ev.in_comments or ev.negated or ev.hypothetical)


def whereabouts(kb: KnowledgeBase, actor: str) -> list[Whereabout]:
    """Where and when ``actor`` was reported to be, ordered in time (undated last)."""
    match = match_actor(kb, actor)
    as_actor, as_target = _participant_ids_by_role(kb, match)
    out = []
    for event_id in sorted(as_actor | as_target):
        ev = get_event(kb, event_id)
        if not counts_as_whereabouts(ev) or ev.place is None:
            continue
        if not puts_there(ev.type, ev.mode, "actor" if event_id in as_actor else "target"):
            continue
        out.append(
            Whereabout(
                place=ev.place,
                date_start=ev.date_start,
                date_end=ev.date_end,
                time_precision=ev.time_precision,
                status=ev.status,
                event=EventRef(ev.id, ev.type, ev.mode),
                sources=ev.sources,
            )
        )
    out.sort(key=lambda w: (w.date_start is None, w.date_start or "", w.event.id))
    return out


# --- casualties --------------------------------------------------------------------------------

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


def casualties(
    kb: KnowledgeBase,
    *,
    affiliation: str | None = None,
    include_comments: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[Casualty]:
    """Who was reported killed: victims with rank/unit, fatalities, place, dates, status, sources.

    ``affiliation`` keeps victims who are the actor, are part of it (dictionary parents and
    affiliation rows), or whose description or unit names it or one of its parts. ``limit`` and
    ``offset`` page the list (the full list's slice); candidates are read in order and reading
    stops once the page is full.
    """
    match = affiliated(kb, match_actor(kb, affiliation)) if affiliation else None
    if limit is not None and limit <= 0:
        return []
    # Candidates in list order: assaults with fatalities or a trigger that may be a death word
    # (the rarest test first), a straight (not negated, not hypothetical) report and a target; the
    # exact tests stay in Python below. upper(type) lets the events_type_filter index give the
    # order (named, as in event_ids); the type's exact case is tested with GLOB because
    # "type = 'ASSAULT'" would let SQLite fold upper(type) into a constant and lose the index.
    rows = kb.conn.execute(
        "SELECT e.id, e.fatalities FROM events e INDEXED BY events_type_filter"
        " WHERE upper(e.type) = 'ASSAULT' AND e.type GLOB 'ASSAULT'"
        + ("" if include_comments else " AND e.in_comments = 0")
        + " AND ((e.fatalities IS NOT NULL AND e.fatalities != 0)"
        f" OR EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = e.id AND {_DEATH_SQL}))"
        " AND EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = e.id AND s.negated = 0"
        " AND s.hypothetical = 0)"
        " AND EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = e.id AND p.role = 'target')"
        " ORDER BY e.date_start IS NULL, e.date_start, e.id"
    )
    skip = max(0, offset)
    out: list[Casualty] = []
    for event_id, fatalities in rows:
        if not fatalities:
            triggers = kb.conn.execute(
                "SELECT trigger_text FROM event_sources WHERE event_id = ?", (event_id,)
            )
            if not any(_DEATH.search(t) for (t,) in triggers):
                continue
        ev = get_event(kb, event_id)
        if not ev.targets:
            continue
        victims = ev.targets
        if match is not None:
            docs = {src.document for src in ev.sources}
            victims = tuple(
                v for v in victims if _victim_matches(v, match) or _short_form(kb, v, match, docs)
            )
            if not victims:
                continue
        if skip:
            skip -= 1
            continue
        out.append(
            Casualty(
                victims=victims,
                fatalities=ev.fatalities,
                place=ev.place,
                date_start=ev.date_start,
                date_end=ev.date_end,
                status=ev.status,
                attributed_to=ev.attributed_to,
                sources=ev.sources,
                event=EventRef(ev.id, ev.type, ev.mode),
            )
        )
        if limit is not None and len(out) >= limit:
            break
    return out


def _victim_matches(v: ParticipantRef, match: ActorMatch) -> bool:
    if v.id is not None and v.id in match.ids:
        return True
    return any(_mentions_name(t, match.names) for t in (v.description, v.unit, v.name))


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


def _short_form(kb: KnowledgeBase, v: ParticipantRef, match: ActorMatch, docs: set[str]) -> bool:
    """A capitalised head word of one of the actor's names ("Guard members" for "Revolutionary
    Guard"), accepted only when the same document names the actor in full: news shortens a name
    it has already introduced."""
    text = " ".join(t for t in (v.description, v.unit) if t)
    heads = {n.split()[-1] for n in match.names if " " in n} - _GENERIC_HEADS
    words = re.findall(r"\b[A-Z][a-z]+\b", text)
    if not any(w.lower() in heads or w.lower().rstrip("s") in heads for w in words):
        return False
    rows = _in(
        kb,
        "SELECT doc_id FROM mentions WHERE in_comments = 0 AND actor_id IN ({})",
        set(match.ids),
    )
    return any(r[0] in docs for r in rows)


# --- claims ------------------------------------------------------------------------------------


def list_claims(
    kb: KnowledgeBase,
    *,
    actor: str | None = None,
    include_comments: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[ClaimRecord]:
    """Stated figures and facts; reader-comment claims only when asked, flagged ``in_comments``.

    ``limit``/``offset`` page the list (the full list's slice): rows are read in order and reading
    stops once the page is full, so a first page does not touch the other claims.
    """
    sql = (
        "SELECT c.id, c.subject, c.value, c.date, c.attributed_to, c.status, c.in_comments, c.doc_id, c.text"
        " FROM claims c"
    )
    if not include_comments:
        sql += " WHERE c.in_comments = 0"
    # The claims_order index (migration 14) has these expressions, so the rows come in order
    # without a sort of the whole table.
    sql += " ORDER BY c.date IS NULL, c.date, c.id"
    names = affiliated(kb, match_actor(kb, actor)).names if actor else None
    skip = max(0, offset)
    out: list[ClaimRecord] = []
    if limit is not None and limit <= 0:
        return out
    for cid, subject, value, date, attr, status, in_comments, doc, text in kb.conn.execute(sql):
        if names is not None and not (_mentions_name(subject, names) or _mentions_name(text, names)):
            continue
        if skip:
            skip -= 1
            continue
        out.append(
            ClaimRecord(
                cid, subject, value, date, attr, status, bool(in_comments), doc, " ".join(text.split())
            )
        )
        if limit is not None and len(out) >= limit:
            break
    return out
