"""Read-only queries behind the web API, the UI and the HTML brief.

Every function takes a read-only :class:`~newsgraph.kb.store.KnowledgeBase` (see :func:`open_readonly`)
and returns frozen records. Only parameterised SQL: filter values never become SQL text.

Documents, search, stats and an actor's spellings come from ``newsgraph.kb`` (``query``,
``actors_query.alias_counts``). The rest answer a browsing question that the CLI's
``kb.events_query`` / ``actors_query`` / ``places_query`` do not, so they are not delegated: pages
with totals and offsets, every event including reader comments, actors matched by part of a name,
text offsets for highlighting, places counted by events rather than mentions. Whereabouts are the
one exception: they are ``kb.events_query.whereabouts`` (the rule ``newsgraph whereabouts`` and the
STIX sightings use), reshaped into the API's record, so the CLI, API, UI and exports agree.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgraph.errors import KnowledgeBaseError, NotFoundError
from newsgraph.kb import events_query as eq
from newsgraph.kb import query as kb_query
from newsgraph.kb.actors_query import alias_counts
from newsgraph.kb.migrations import SCHEMA_VERSION, schema_version
from newsgraph.kb.query import DocumentSummary
from newsgraph.kb.store import KnowledgeBase
from newsgraph.model import Comment, Dropped

MAX_LIMIT = 500


def open_readonly(path: str | Path) -> KnowledgeBase:
    """The knowledge base at ``path`` opened read-only (the web layer never writes)."""
    path = Path(path)
    if not path.is_file():
        raise KnowledgeBaseError(
            f"no knowledge base at {path}: run `newsgraph ingest PATH...` first (or pass --db)"
        )
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT COUNT(*) FROM documents").fetchone()
        version = schema_version(conn)
    except sqlite3.DatabaseError as exc:
        raise KnowledgeBaseError(
            f"{path} is not a newsgraph knowledge base ({exc}); pass another --db"
        ) from exc
    if version < SCHEMA_VERSION:
        conn.close()
        raise KnowledgeBaseError(
            f"{path} has schema version {version}, this newsgraph reads {SCHEMA_VERSION}: upgrade it first "
            "with `newsgraph stats --db PATH` (any command that opens it for writing migrates it)"
        )
    return KnowledgeBase(conn, path)


def upgrade(path: str | Path) -> None:
    """Migrate the knowledge base at ``path`` to this version's schema (the web layer then reads it)."""
    from newsgraph.kb.store import open_kb

    open_kb(path, create=False).close()


# --- records -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Place:
    id: int
    name: str
    lat: float
    lon: float
    country_code: str | None
    admin1: str | None
    feature: str | None
    precision: int | None  # 1 town .. 4 country (ACLED geo_precision, extended)


@dataclass(frozen=True, slots=True)
class Participant:
    role: str  # actor | target
    text: str
    actor_id: int | None
    actor_name: str | None


@dataclass(frozen=True, slots=True)
class Evidence:
    """One document's report of an event: where to read it and what that source says."""

    source_id: int
    doc_id: str
    doc_title: str | None
    status: str
    attributed_to: str | None
    trigger_start: int
    trigger_end: int
    trigger_text: str
    sentence_start: int
    sentence_end: int
    sentence: str
    in_comments: bool


@dataclass(frozen=True, slots=True)
class EventRecord:
    id: int
    type: str
    mode: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    date_start: str | None
    date_end: str | None
    time_precision: str
    fatalities: int | None
    injured: int | None
    status: str
    confidence: float
    in_comments: bool
    place: Place | None
    participants: tuple[Participant, ...] = ()
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class EventPage:
    total: int
    limit: int
    offset: int
    items: tuple[EventRecord, ...]


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Shared filters of the API, the UI and the brief. ``actor`` is an actor id or part of a name."""

    date_from: str | None = None  # ISO date; events overlapping [date_from, date_to]
    date_to: str | None = None
    actor: str | None = None
    type: str | None = None
    place: str | None = None  # a place id or part of a place name
    status: str | None = None
    limit: int = 100
    offset: int = 0


@dataclass(frozen=True, slots=True)
class ActorSummary:
    id: int
    name: str
    canonical: str | None
    kind: str | None
    label: str | None
    mentions: int
    documents: int


@dataclass(frozen=True, slots=True)
class Alias:
    alias: str
    count: int
    documents: int


@dataclass(frozen=True, slots=True)
class RoleRecord:
    title: str
    org_id: int | None
    org_name: str | None
    published: str | None
    doc_id: str
    start: int
    end: int
    in_comments: bool


@dataclass(frozen=True, slots=True)
class AffiliationRecord:
    relation: str
    subject_id: int | None
    subject_name: str | None
    object_id: int | None
    object_name: str | None
    doc_id: str
    start: int
    end: int
    in_comments: bool


@dataclass(frozen=True, slots=True)
class Whereabout:
    actor_id: int
    event_id: int
    event_type: str
    role: str
    place: Place
    date_start: str | None
    date_end: str | None
    time_precision: str
    status: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    id: int
    doc_id: str
    doc_title: str | None
    subject: str
    value: str
    text: str
    sentence_start: int
    sentence_end: int
    attributed_to: str | None
    status: str
    in_comments: bool
    date: str | None


@dataclass(frozen=True, slots=True)
class Dossier:
    actor: ActorSummary
    aliases: tuple[Alias, ...]
    roles: tuple[RoleRecord, ...]
    affiliations: tuple[AffiliationRecord, ...]
    whereabouts: tuple[Whereabout, ...]
    events: tuple[EventRecord, ...]
    claims: tuple[ClaimRecord, ...]


@dataclass(frozen=True, slots=True)
class Span:
    kind: str  # mention | place | time | event | claim
    start: int
    end: int
    label: str
    ref: int | None = None  # event id, place id, claim id, actor id


@dataclass(frozen=True, slots=True)
class CasualtyRecord:
    event_id: int
    type: str
    date_start: str | None
    place: str | None
    fatalities: int | None
    injured: int | None
    status: str
    sources: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class NetworkEdge:
    source: int
    target: int
    relation: str  # an affiliation relation, or co_participant / acts_on for shared events
    weight: int


@dataclass(frozen=True, slots=True)
class Network:
    nodes: tuple[ActorSummary, ...]
    edges: tuple[NetworkEdge, ...]


@dataclass(frozen=True, slots=True)
class Highlighted:
    """A document's highlightable spans, all as offsets into its raw text."""

    doc_id: str
    spans: tuple[Span, ...] = field(default_factory=tuple)


# --- helpers -----------------------------------------------------------------------------------

_PLACE_COLS = "p.id, p.name, p.lat, p.lon, p.country_code, p.admin1, p.feature, p.precision"


def _place(row: tuple[Any, ...]) -> Place | None:
    if row[0] is None:
        return None
    return Place(int(row[0]), row[1], float(row[2]), float(row[3]), row[4], row[5], row[6], row[7])


def _in(values: Iterable[Any]) -> tuple[str, tuple[Any, ...]]:
    vals = tuple(values)
    return ", ".join("?" for _ in vals) or "NULL", vals


def _clamp(limit: int, offset: int) -> tuple[int, int]:
    return max(0, min(int(limit), MAX_LIMIT)), max(0, int(offset))


_MAX_ROWID = 2**63 - 1


def _row_id(text: str) -> int | None:
    """``text`` as a row id when it is all digits, else None. A number past SQLite's integer range
    names no row (-1), rather than failing the query with an overflow."""
    text = text.strip()
    if not text.isdigit():
        return None
    try:
        n = int(text)
    except ValueError:  # digits int() does not read, such as superscripts: not an id
        return None
    return n if n <= _MAX_ROWID else -1


def actor_ids(kb: KnowledgeBase, actor: str) -> list[int]:
    """Actors an analyst means by ``actor``: an id, else any actor whose name or alias contains it."""
    actor = actor.strip()
    if (row_id := _row_id(actor)) is not None:
        return [row_id]
    like = _like(actor)
    rows = kb.conn.execute(
        "SELECT id FROM actors WHERE name LIKE ? ESCAPE '\\' OR canonical LIKE ? ESCAPE '\\'"
        " UNION SELECT actor_id FROM aliases WHERE alias LIKE ? ESCAPE '\\'",
        (like, like, like),
    ).fetchall()
    return sorted(int(r[0]) for r in rows)


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _evidence(kb: KnowledgeBase, event_ids: list[int]) -> dict[int, list[Evidence]]:
    out: dict[int, list[Evidence]] = {}
    if not event_ids:
        return out
    marks, params = _in(event_ids)
    rows = kb.conn.execute(
        "SELECT s.event_id, s.id, s.doc_id, d.title, s.status, s.attributed_to, s.trigger_start,"
        " s.trigger_end, s.trigger_text, s.sentence_start, s.sentence_end,"
        " substr(d.text, s.sentence_start + 1, s.sentence_end - s.sentence_start), s.in_comments"
        f" FROM event_sources s JOIN documents d ON d.id = s.doc_id WHERE s.event_id IN ({marks})"
        " ORDER BY s.event_id, s.id",
        params,
    ).fetchall()
    for r in rows:
        out.setdefault(int(r[0]), []).append(Evidence(*(*r[1:12], bool(r[12]))))
    return out


def _participants(kb: KnowledgeBase, event_ids: list[int]) -> dict[int, list[Participant]]:
    out: dict[int, list[Participant]] = {}
    if not event_ids:
        return out
    marks, params = _in(event_ids)
    rows = kb.conn.execute(
        "SELECT ep.event_id, ep.role, ep.text, ep.actor_id, a.name FROM event_participants ep"
        f" LEFT JOIN actors a ON a.id = ep.actor_id WHERE ep.event_id IN ({marks}) ORDER BY ep.event_id, ep.id",
        params,
    ).fetchall()
    for r in rows:
        out.setdefault(int(r[0]), []).append(Participant(r[1], r[2], r[3], r[4]))
    return out


_EVENT_COLS = (
    "e.id, e.type, e.mode, e.acled_event_type, e.acled_sub_event_type, e.date_start, e.date_end,"
    " e.time_precision, e.fatalities, e.injured, e.status, e.confidence, e.in_comments, " + _PLACE_COLS
)
#: Every event query reads events with their place, so place filters can use ``p``.
_EVENTS_FROM = " FROM events e LEFT JOIN places p ON p.id = e.place_id"


def _events_from_rows(kb: KnowledgeBase, rows: list[tuple[Any, ...]]) -> tuple[EventRecord, ...]:
    ids = [int(r[0]) for r in rows]
    evidence, parts = _evidence(kb, ids), _participants(kb, ids)
    return tuple(
        EventRecord(
            *(
                *r[:12],
                bool(r[12]),
                _place(r[13:21]),
                tuple(parts.get(int(r[0]), ())),
                tuple(evidence.get(int(r[0]), ())),
            )
        )
        for r in rows
    )


def _event_where(kb: KnowledgeBase, f: EventFilter) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if f.date_from:
        where.append("COALESCE(e.date_end, e.date_start) >= ?")
        params.append(f.date_from)
    if f.date_to:
        where.append("e.date_start <= ?")
        params.append(f.date_to)
    if f.type:
        where.append("e.type = ?")
        params.append(f.type.upper())
    if f.status:
        where.append("e.status = ?")
        params.append(f.status.lower())
    if f.actor:
        marks, ids = _in(actor_ids(kb, f.actor))
        where.append(f"e.id IN (SELECT event_id FROM event_participants WHERE actor_id IN ({marks}))")
        params.extend(ids)
    if f.place:
        if (place_id := _row_id(f.place)) is not None:
            where.append("e.place_id = ?")
            params.append(place_id)
        else:
            where.append("(p.name LIKE ? ESCAPE '\\' OR p.admin1 LIKE ? ESCAPE '\\')")
            params.extend([_like(f.place.strip())] * 2)
    return (" WHERE " + " AND ".join(where)) if where else "", params


# --- events, whereabouts, casualties, claims -----------------------------------------------------


def events(kb: KnowledgeBase, f: EventFilter | None = None) -> EventPage:
    """Events matching the filters, dated first (oldest first), then undated, by id."""
    f = f or EventFilter()
    limit, offset = _clamp(f.limit, f.offset)
    where, params = _event_where(kb, f)
    base = _EVENTS_FROM + where
    total = int(kb.conn.execute("SELECT COUNT(*)" + base, params).fetchone()[0])
    rows = kb.conn.execute(
        f"SELECT {_EVENT_COLS}{base} ORDER BY e.date_start NULLS LAST, e.id LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()
    return EventPage(total, limit, offset, _events_from_rows(kb, rows))


def get_event(kb: KnowledgeBase, event_id: int) -> EventRecord:
    row = kb.conn.execute(
        f"SELECT {_EVENT_COLS}{_EVENTS_FROM} WHERE e.id = ?",
        (event_id,),
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no event {event_id}: list events at /api/events")
    return _events_from_rows(kb, [row])[0]


# Each name costs one ``events_query.whereabouts`` pass over the participants, so a loose substring
# ("a") asks about the most mentioned few actors it matches rather than about thousands.
MAX_WHEREABOUTS_NAMES = 10


def _actor_names(kb: KnowledgeBase, actor: str) -> list[str]:
    """The names to ask ``events_query`` about for the analyst's ``actor``: the actor's own name
    for an id; the text itself when it names an actor exactly (as the CLI takes it); else the
    names of the most mentioned actors it is part of (the web's substring match)."""
    actor = actor.strip()
    if _row_id(actor) is None:
        try:
            eq.match_actor(kb, actor)
            return [actor]
        except KnowledgeBaseError:
            pass
    marks, params = _in(actor_ids(kb, actor))
    rows = kb.conn.execute(
        f"SELECT a.name FROM actors a WHERE a.id IN ({marks}) AND trim(a.name) != ''"
        " ORDER BY (SELECT COUNT(*) FROM mentions m WHERE m.actor_id = a.id) DESC, a.id",
        params,
    ).fetchall()
    return list(dict.fromkeys(r[0] for r in rows))[:MAX_WHEREABOUTS_NAMES]


def whereabouts(kb: KnowledgeBase, actor: str, *, limit: int = MAX_LIMIT) -> list[Whereabout]:
    """Where the actor(s) named by ``actor`` (an id or part of a name) were reported to be.

    The rule is ``events_query.whereabouts``: visits, meetings and deployments with a place, not
    negated, hypothetical or only in comments. Each record names the matching participant
    (``actor_id``, ``role``) and carries every source with its text offsets."""
    found: dict[int, tuple[eq.Whereabout, eq.ActorMatch]] = {}
    for name in _actor_names(kb, actor):
        try:
            match = eq.match_actor(kb, name)
            rows = eq.whereabouts(kb, name)
        except KnowledgeBaseError:  # a name no longer matching (e.g. blank after normalising)
            continue
        for w in rows:
            found.setdefault(w.event.id, (w, match))
    ordered = sorted(
        found.values(), key=lambda x: (x[0].date_start is None, x[0].date_start or "", x[0].event.id)
    )[: max(0, min(limit, MAX_LIMIT))]
    event_ids = [w.event.id for w, _ in ordered]
    evidence = _evidence(kb, event_ids)
    places = _event_places(kb, event_ids)
    out: list[Whereabout] = []
    for w, match in ordered:
        actor_id, role = _present_participant(kb, w.event, match)
        out.append(
            Whereabout(
                actor_id,
                w.event.id,
                w.event.type,
                role,
                places[w.event.id],
                w.date_start,
                w.date_end,
                w.time_precision,
                w.status,
                tuple(evidence.get(w.event.id, ())),
            )
        )
    return out


def _event_places(kb: KnowledgeBase, event_ids: list[int]) -> dict[int, Place]:
    """The API's full place record (id, feature) of each event; whereabouts only exist with one."""
    marks, params = _in(event_ids)
    rows = kb.conn.execute(
        f"SELECT e.id, {_PLACE_COLS} FROM events e JOIN places p ON p.id = e.place_id WHERE e.id IN ({marks})",
        params,
    ).fetchall()
    out: dict[int, Place] = {}
    for r in rows:
        place = _place(r[1:9])
        assert place is not None  # joined on places
        out[int(r[0])] = place
    return out


def _present_participant(kb: KnowledgeBase, event: eq.EventRef, match: eq.ActorMatch) -> tuple[int, str]:
    """Which of the matched actor's participations put it at the event (actor before target),
    as (actor id, role). An alias-only participant (no resolved id) reports the match's first id."""
    rows = kb.conn.execute(
        "SELECT actor_id, role, text FROM event_participants WHERE event_id = ? ORDER BY role, id",
        (event.id,),
    ).fetchall()
    fallback = min(match.ids)
    for actor_id, role, text in rows:
        mine = actor_id in match.ids or " ".join((text or "").split()).lower() in match.names
        if mine and eq.puts_there(event.type, event.mode, role):
            return (int(actor_id) if actor_id in match.ids else fallback), role
    return fallback, "actor"


def casualties(kb: KnowledgeBase, f: EventFilter | None = None) -> list[CasualtyRecord]:
    """Events that report deaths or injuries, with each source's own figures."""
    f = f or EventFilter()
    limit, offset = _clamp(f.limit, f.offset)
    where, params = _event_where(kb, f)
    where = (where + " AND " if where else " WHERE ") + "(e.fatalities IS NOT NULL OR e.injured IS NOT NULL)"
    rows = kb.conn.execute(
        "SELECT e.id, e.type, e.date_start, p.name, e.fatalities, e.injured, e.status"
        f"{_EVENTS_FROM}{where}"
        " ORDER BY e.date_start NULLS LAST, e.id LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()
    evidence = _evidence(kb, [int(r[0]) for r in rows])
    return [CasualtyRecord(*(*r, tuple(evidence.get(int(r[0]), ())))) for r in rows]


_CLAIM_COLS = (
    "c.id, c.doc_id, d.title, c.subject, c.value, c.text, c.sentence_start, c.sentence_end,"
    " c.attributed_to, c.status, c.in_comments, c.date"
)


def _claim(r: tuple[Any, ...]) -> ClaimRecord:
    return ClaimRecord(*(*r[:10], bool(r[10]), r[11]))


def claims(
    kb: KnowledgeBase,
    *,
    status: str | None = None,
    doc_id: str | None = None,
    text: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[ClaimRecord]:
    limit, offset = _clamp(limit, offset)
    where: list[str] = []
    params: list[Any] = []
    if status:
        where.append("c.status = ?")
        params.append(status.lower())
    if doc_id:
        where.append("c.doc_id = ?")
        params.append(doc_id)
    if text:
        where.append(
            "(c.subject LIKE ? ESCAPE '\\' OR c.attributed_to LIKE ? ESCAPE '\\' OR c.text LIKE ? ESCAPE '\\')"
        )
        params.extend([_like(text)] * 3)
    sql = f"SELECT {_CLAIM_COLS} FROM claims c JOIN documents d ON d.id = c.doc_id"
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = kb.conn.execute(
        sql + " ORDER BY c.date NULLS LAST, c.id LIMIT ? OFFSET ?", (*params, limit, offset)
    )
    return [_claim(r) for r in rows.fetchall()]


# --- places and actors ---------------------------------------------------------------------------


def places(
    kb: KnowledgeBase, *, q: str | None = None, limit: int = 100, offset: int = 0
) -> list[tuple[Place, int]]:
    """Places with the number of events located there, most events first."""
    limit, offset = _clamp(limit, offset)
    where, params = "", list[Any]()
    if q:
        where, params = " WHERE p.name LIKE ? ESCAPE '\\'", [_like(q)]
    rows = kb.conn.execute(
        f"SELECT {_PLACE_COLS}, (SELECT COUNT(*) FROM events e WHERE e.place_id = p.id) AS n FROM places p"
        f"{where} ORDER BY n DESC, p.name LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()
    out = []
    for r in rows:
        place = _place(r[:8])
        assert place is not None
        out.append((place, int(r[8])))
    return out


_ACTOR_SQL = (
    "SELECT a.id, a.name, a.canonical, a.kind, a.label,"
    " (SELECT COUNT(*) FROM mentions m WHERE m.actor_id = a.id) AS n,"
    " (SELECT COUNT(DISTINCT m.doc_id) FROM mentions m WHERE m.actor_id = a.id) FROM actors a"
)


def actors(
    kb: KnowledgeBase, *, q: str | None = None, limit: int = 100, offset: int = 0
) -> list[ActorSummary]:
    """Actors, most mentioned first; ``q`` matches names and aliases."""
    limit, offset = _clamp(limit, offset)
    sql, params = _ACTOR_SQL, list[Any]()
    if q:
        marks, ids = _in(actor_ids(kb, q))
        sql += f" WHERE a.id IN ({marks})"
        params.extend(ids)
    rows = kb.conn.execute(sql + " ORDER BY n DESC, a.name LIMIT ? OFFSET ?", (*params, limit, offset))
    return [ActorSummary(*r) for r in rows.fetchall()]


def get_actor(kb: KnowledgeBase, actor_id: int) -> ActorSummary:
    row = kb.conn.execute(_ACTOR_SQL + " WHERE a.id = ?", (actor_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no actor {actor_id}: find actors at /api/actors?q=NAME")
    return ActorSummary(*row)


def dossier(kb: KnowledgeBase, actor_id: int) -> Dossier:
    """Everything about one actor: names, roles over time, affiliations, whereabouts, events, claims."""
    actor = get_actor(kb, actor_id)
    c = kb.conn
    aliases = tuple(Alias(a.alias, a.count, a.documents) for a in alias_counts(kb, actor_id))
    roles = tuple(
        RoleRecord(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]))
        for r in c.execute(
            'SELECT r.title, r.org_actor_id, o.name, r.published, r.doc_id, r.start, r."end", r.in_comments'
            " FROM roles r LEFT JOIN actors o ON o.id = r.org_actor_id WHERE r.person_actor_id = ?"
            " ORDER BY r.published NULLS LAST, r.id",
            (actor_id,),
        )
    )
    affiliations = tuple(
        AffiliationRecord(*(*r[:8], bool(r[8])))
        for r in c.execute(
            "SELECT f.relation, f.subject_actor_id, s.name, f.object_actor_id, o.name, f.doc_id, f.start,"
            ' f."end", f.in_comments FROM affiliations f LEFT JOIN actors s ON s.id = f.subject_actor_id'
            " LEFT JOIN actors o ON o.id = f.object_actor_id"
            " WHERE f.subject_actor_id = ? OR f.object_actor_id = ? ORDER BY f.id",
            (actor_id, actor_id),
        )
    )
    page = events(kb, EventFilter(actor=str(actor_id), limit=MAX_LIMIT))
    names = {actor.name, *(a.alias for a in aliases)} - {""}
    claim_rows: list[ClaimRecord] = []
    if names:
        clauses = " OR ".join(
            "c.subject LIKE ? ESCAPE '\\' OR c.attributed_to LIKE ? ESCAPE '\\'" for _ in names
        )
        params = [p for n in sorted(names) for p in (_like(n), _like(n))]
        claim_rows = [
            _claim(r)
            for r in c.execute(
                f"SELECT {_CLAIM_COLS} FROM claims c JOIN documents d ON d.id = c.doc_id WHERE {clauses}"
                " ORDER BY c.date NULLS LAST, c.id LIMIT ?",
                (*params, MAX_LIMIT),
            )
        ]
    return Dossier(
        actor,
        aliases,
        roles,
        affiliations,
        tuple(whereabouts(kb, str(actor_id))),
        page.items,
        tuple(claim_rows),
    )


def network(kb: KnowledgeBase, f: EventFilter | None = None, *, max_nodes: int = 150) -> Network:
    """Actors tied by affiliations and by taking part in the same (filtered) events."""
    f = f or EventFilter()
    where, params = _event_where(kb, f)
    weights: dict[tuple[int, int, str], int] = {}
    rows = kb.conn.execute(
        "SELECT a.event_id, a.actor_id, a.role, b.actor_id, b.role FROM event_participants a"
        " JOIN event_participants b ON a.event_id = b.event_id AND a.actor_id < b.actor_id"
        f" WHERE a.event_id IN (SELECT e.id{_EVENTS_FROM}{where})",
        params,
    ).fetchall()
    for _, x, xr, y, yr in rows:
        relation = "co_participant" if xr == yr else "acts_on"
        if relation == "acts_on" and xr == "target":
            x, y = y, x
        key = (int(x), int(y), relation)
        weights[key] = weights.get(key, 0) + 1
    for s, o, rel in kb.conn.execute(
        "SELECT subject_actor_id, object_actor_id, relation FROM affiliations"
        " WHERE subject_actor_id IS NOT NULL AND object_actor_id IS NOT NULL AND subject_actor_id != object_actor_id"
    ):
        weights[(int(s), int(o), rel)] = weights.get((int(s), int(o), rel), 0) + 1
    degree: dict[int, int] = {}
    for (s, o, _), w in weights.items():
        degree[s] = degree.get(s, 0) + w
        degree[o] = degree.get(o, 0) + w
    keep = sorted(degree, key=lambda a: (-degree[a], a))[:max_nodes]
    marks, ids = _in(keep)
    nodes = tuple(ActorSummary(*r) for r in kb.conn.execute(_ACTOR_SQL + f" WHERE a.id IN ({marks})", ids))
    kept = {n.id for n in nodes}
    edges = tuple(
        NetworkEdge(s, o, rel, w) for (s, o, rel), w in sorted(weights.items()) if s in kept and o in kept
    )
    return Network(nodes, edges)


# --- documents -----------------------------------------------------------------------------------


def document_spans(kb: KnowledgeBase, doc_id: str) -> Highlighted:
    """Mentions, places, times, event triggers and claim sentences of one document, by start offset."""
    c = kb.conn
    spans: list[Span] = []
    spans += [
        Span("mention", r[0], r[1], r[2], r[3])
        for r in c.execute('SELECT start, "end", label, actor_id FROM mentions WHERE doc_id = ?', (doc_id,))
    ]
    spans += [
        Span("place", r[0], r[1], r[2] or "unresolved", r[3])
        for r in c.execute(
            'SELECT m.start, m."end", p.name, m.place_id FROM place_mentions m'
            " LEFT JOIN places p ON p.id = m.place_id WHERE m.doc_id = ?",
            (doc_id,),
        )
    ]
    spans += [
        Span("time", r[0], r[1], r[2])
        for r in c.execute('SELECT start, "end", value FROM time_mentions WHERE doc_id = ?', (doc_id,))
    ]
    spans += [
        Span("event", r[0], r[1], r[2], r[3])
        for r in c.execute(
            "SELECT s.trigger_start, s.trigger_end, e.type, s.event_id FROM event_sources s"
            " JOIN events e ON e.id = s.event_id WHERE s.doc_id = ?",
            (doc_id,),
        )
    ]
    spans += [
        Span("claim", r[0], r[1], r[2], r[3])
        for r in c.execute(
            "SELECT sentence_start, sentence_end, subject, id FROM claims WHERE doc_id = ?", (doc_id,)
        )
    ]
    spans.sort(key=lambda s: (s.start, -s.end, s.kind))
    return Highlighted(doc_id, tuple(spans))


@dataclass(frozen=True, slots=True)
class DocumentView:
    """One document for reading: raw text with its body regions, comments and dropped parts apart,
    and every extracted span for highlighting."""

    summary: DocumentSummary
    text: str
    body_spans: tuple[tuple[int, int], ...]
    comments: tuple[Comment, ...]
    dropped: tuple[Dropped, ...]
    spans: tuple[Span, ...]
    events: tuple[EventRecord, ...]
    claims: tuple[ClaimRecord, ...]


def document(kb: KnowledgeBase, id_or_prefix: str) -> DocumentView:
    detail = kb_query.get_document(kb, id_or_prefix)
    doc_id = detail.summary.id
    (raw_spans,) = kb.conn.execute("SELECT body_spans FROM documents WHERE id = ?", (doc_id,)).fetchone()
    try:
        body_spans = tuple((int(s), int(e)) for s, e in json.loads(raw_spans or "[]"))
    except (ValueError, TypeError):
        body_spans = ()
    rows = kb.conn.execute(
        f"SELECT {_EVENT_COLS}{_EVENTS_FROM}"
        " WHERE e.id IN (SELECT event_id FROM event_sources WHERE doc_id = ?) ORDER BY e.id",
        (doc_id,),
    ).fetchall()
    return DocumentView(
        summary=detail.summary,
        text=detail.text,
        body_spans=body_spans,
        comments=detail.comments,
        dropped=detail.dropped,
        spans=document_spans(kb, doc_id).spans,
        events=_events_from_rows(kb, rows),
        claims=tuple(claims(kb, doc_id=doc_id, limit=MAX_LIMIT)),
    )


def documents(kb: KnowledgeBase, *, limit: int = 100, offset: int = 0) -> list[DocumentSummary]:
    limit, offset = _clamp(limit, offset)
    return kb_query.list_documents(kb, limit=limit, offset=offset)
