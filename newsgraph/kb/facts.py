"""Write the facts of one Extraction: places, times, events with sources and participants, claims,
roles and affiliations. Used by :class:`newsgraph.kb.store.KnowledgeBase` inside its transaction.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable

from newsgraph.kb.events import merge_document_events
from newsgraph.model import Event, Extraction, Participant, PlaceMention


def name_key(text: str) -> str:
    """A participant's text as actor names are compared: whitespace runs collapsed, lowercased.

    The writer stores it in ``event_participants.name_key`` and the readers look it up, so both
    sides must use this one function (Unicode-aware, unlike SQLite's ASCII-only ``lower()``).
    """
    return " ".join(text.split()).lower()


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


class FactWriter:
    """Writes one document's facts; ``actor_id(key)`` resolves (or creates) the actor of a key."""

    def __init__(self, conn: sqlite3.Connection, actor_id: Callable[..., int]) -> None:
        self.conn = conn
        self.actor_id = actor_id

    def write(self, ex: Extraction) -> None:
        place_ids = self._write_places(ex)
        time_ids = self._write_times(ex)
        self._write_events(ex, place_ids, time_ids)
        self._write_claims_roles_affiliations(ex)
        # Cross-document merging needs this document's participants resolved to actors first.
        merge_document_events(self.conn, ex.doc_id)

    def _place_id(self, p: PlaceMention) -> int | None:
        if p.lat is None or p.lon is None:
            return None
        name = p.name or p.text.strip()
        self.conn.execute(
            "INSERT OR IGNORE INTO places (name, lat, lon, country_code, admin1, geonames_id, feature,"
            " precision) VALUES (?,?,?,?,?,?,?,?)",
            (name, p.lat, p.lon, p.country_code, p.admin1, p.geonames_id, p.feature, p.precision),
        )
        row = self.conn.execute(
            "SELECT id FROM places WHERE name = ? AND lat = ? AND lon = ?", (name, p.lat, p.lon)
        ).fetchone()
        if p.display_name and p.display_name != name:  # "Tadmur" is shown as Palmyra (migration 20)
            self.conn.execute("INSERT OR IGNORE INTO place_display VALUES (?, ?)", (row[0], p.display_name))
        return int(row[0])

    def _place_mention(self, doc_id: str, p: PlaceMention) -> int:
        cur = self.conn.execute(
            'INSERT INTO place_mentions (doc_id, place_id, start, "end", text, reason, in_comments)'
            " VALUES (?,?,?,?,?,?,?)",
            (doc_id, self._place_id(p), p.start, p.end, p.text, p.reason, int(p.in_comments)),
        )
        return int(cur.lastrowid or 0)

    def _write_places(self, ex: Extraction) -> dict[tuple[int, int], int]:
        """Place mentions by (start, end), so events can point at the mention they use."""
        return {(p.start, p.end): self._place_mention(ex.doc_id, p) for p in ex.places}

    def _write_times(self, ex: Extraction) -> dict[tuple[int, int], int]:
        ids = {}
        for t in ex.times:
            cur = self.conn.execute(
                'INSERT INTO time_mentions (doc_id, start, "end", text, value, start_date, end_date,'
                " precision, ambiguous, resolved, in_comments) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    ex.doc_id,
                    t.start,
                    t.end,
                    t.text,
                    t.value,
                    _iso(t.start_date),
                    _iso(t.end_date),
                    t.precision,
                    int(t.ambiguous),
                    int(t.resolved),
                    int(t.in_comments),
                ),
            )
            ids[(t.start, t.end)] = int(cur.lastrowid or 0)
        return ids

    def _write_events(
        self, ex: Extraction, place_ids: dict[tuple[int, int], int], time_ids: dict[tuple[int, int], int]
    ) -> None:
        for e in (*ex.events, *ex.statements):  # statements as events rows with the flag
            place_id = self._place_id(e.place) if e.place is not None else None
            place_mention = None
            if e.place is not None:
                place_mention = place_ids.get((e.place.start, e.place.end))
                if place_mention is None:
                    place_mention = self._place_mention(ex.doc_id, e.place)
            time_mention = time_ids.get((e.time.start, e.time.end)) if e.time is not None else None
            cur = self.conn.execute(
                "INSERT INTO events (type, mode, acled_event_type, acled_sub_event_type, place_id,"
                " date_start, date_end, time_precision, fatalities, injured, status, confidence,"
                " in_comments, background, statement) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    e.type,
                    e.mode,
                    e.acled_event_type,
                    e.acled_sub_event_type,
                    place_id,
                    _iso(e.date_start),
                    _iso(e.date_end),
                    e.time_precision,
                    e.fatalities,
                    e.injured,
                    e.status,
                    e.confidence,
                    int(e.in_comments),
                    int(e.background),
                    int(e.statement),
                ),
            )
            event_id = int(cur.lastrowid or 0)
            source_id = self._write_event_source(ex.doc_id, event_id, e, place_mention, time_mention)
            for role, people in (("actor", e.actors), ("target", e.targets)):
                for p in people:
                    self._write_participant(event_id, source_id, role, p)

    def _write_event_source(
        self, doc_id: str, event_id: int, e: Event, place_mention: int | None, time_mention: int | None
    ) -> int:
        cur = self.conn.execute(
            "INSERT INTO event_sources (event_id, doc_id, status, attributed_to, fatalities, injured,"
            " trigger_start, trigger_end, trigger_text, sentence_start, sentence_end, place_mention_id,"
            " place_reason, time_mention_id, date_start, date_end, time_precision, negated, hypothetical,"
            " in_comments, confidence, background, acled_sub_event_type)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                event_id,
                doc_id,
                e.status,
                e.attributed_to,
                e.fatalities,
                e.injured,
                e.trigger.start,
                e.trigger.end,
                e.trigger_text,
                e.sentence.start,
                e.sentence.end,
                place_mention,
                e.place_reason,
                time_mention,
                _iso(e.date_start),
                _iso(e.date_end),
                e.time_precision,
                int(e.negated),
                int(e.hypothetical),
                int(e.in_comments),
                e.confidence,
                int(e.background),
                e.acled_sub_event_type,
            ),
        )
        source_id = int(cur.lastrowid or 0)
        # The further mentions' sentences, except the first mention's own (the source row has it).
        spans = sorted({(s.start, s.end) for s in e.evidence} - {(e.sentence.start, e.sentence.end)})
        self.conn.executemany(
            "INSERT INTO event_evidence (source_id, doc_id, sentence_start, sentence_end) VALUES (?,?,?,?)",
            [(source_id, doc_id, start, end) for start, end in spans],
        )
        return source_id

    def _write_participant(self, event_id: int, source_id: int, role: str, p: Participant) -> None:
        actor = self.actor_id(p.actor_key, name=p.text.strip()) if p.actor_key else None
        self.conn.execute(
            'INSERT INTO event_participants (event_id, source_id, role, text, start, "end", actor_key,'
            " actor_id, description, rank, unit, name_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                event_id,
                source_id,
                role,
                p.text,
                p.start,
                p.end,
                p.actor_key,
                actor,
                p.description,
                p.rank,
                p.unit,
                name_key(p.text),
            ),
        )

    def _write_claims_roles_affiliations(self, ex: Extraction) -> None:
        c = self.conn
        c.executemany(
            "INSERT INTO claims (doc_id, subject, value, text, sentence_start, sentence_end, attributed_to,"
            " status, in_comments, date) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    ex.doc_id,
                    cl.subject,
                    cl.value,
                    cl.text,
                    cl.sentence.start,
                    cl.sentence.end,
                    cl.attributed_to,
                    cl.status,
                    int(cl.in_comments),
                    _iso(cl.date),
                )
                for cl in ex.claims
            ],
        )
        for r in ex.roles:
            c.execute(
                "INSERT INTO roles (doc_id, person_key, person_actor_id, title, org_key, org_actor_id, start,"
                ' "end", in_comments, published) VALUES (?,?,?,?,?,?,?,?,?,?)',
                (
                    ex.doc_id,
                    r.person_key,
                    self.actor_id(r.person_key),
                    r.title,
                    r.org_key,
                    self.actor_id(r.org_key) if r.org_key else None,
                    r.evidence.start,
                    r.evidence.end,
                    int(r.in_comments),
                    _iso(ex.published),
                ),
            )
        for a in ex.affiliations:
            c.execute(
                "INSERT INTO affiliations (doc_id, subject_key, subject_actor_id, relation, object_key,"
                ' object_actor_id, start, "end", in_comments) VALUES (?,?,?,?,?,?,?,?,?)',
                (
                    ex.doc_id,
                    a.subject_key,
                    self.actor_id(a.subject_key),
                    a.relation,
                    a.object_key,
                    self.actor_id(a.object_key),
                    a.evidence.start,
                    a.evidence.end,
                    int(a.in_comments),
                ),
            )
