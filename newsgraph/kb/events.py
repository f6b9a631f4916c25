"""Cross-document event merging, and the analyst's merge/split decisions that override it.

Every reported Event is first stored as its own ``events`` row with one ``event_sources`` row
(see :mod:`newsgraph.kb.facts`). Right after a document's events are written,
:func:`merge_document_events` looks for an event that another document already reported: same
PLOVER type, overlapping dates (widened by their precision), the same or a nearby place, and
compatible participants. A match repoints the new source (and its participants) at the old event,
keeps the reason on the source row, and recomputes the event's summary from all its sources;
each source keeps its own status, figures, attribution and evidence span.

Never merged: events from reader comments, negated or hypothetical reports, and sources that an
analyst split off. Analyst decisions are stored by *source key* (``doc_id:trigger_start:trigger_end``),
not by row id, so they survive re-ingesting the same documents and apply again automatically.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from newsgraph.errors import KnowledgeBaseError
from newsgraph.model import STATUSES

#: Two points this close (km) count as the same place; a town and its outskirts, or two spellings
#: of one town geocoded to different GeoNames rows. ACLED codes "near X" within a few tens of km.
NEAR_KM = 50.0

#: How far back from the publication date an undated event may have happened (news is recent).
PUBLICATION_WINDOW_DAYS = 7

#: Words that say nothing about who took part ("forces", "the", numbers are dropped separately).
_FILLER = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "in",
        "on",
        "at",
        "to",
        "by",
        "for",
        "with",
        "from",
        "his",
        "her",
        "its",
        "their",
        "some",
        "several",
        "many",
        "more",
        "few",
        "at",
        "least",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "dozen",
        "dozens",
        "hundreds",
        "thousands",
        "members",
        "member",
        "forces",
        "force",
        "troops",
        "fighters",
        "people",
        "men",
        "officials",
        "official",
    ]
)


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """One event_sources row with what the merger compares."""

    id: int
    event_id: int
    doc_id: str
    key: str
    date_start: dt.date | None
    date_end: dt.date | None
    place: (
        tuple[float, float, str | None, str | None, int | None, int] | None
    )  # lat, lon, cc, admin1, prec, id
    actor_ids: frozenset[int]
    named_actor_ids: frozenset[int]  # actor_ids on the actor side only
    words: frozenset[str]
    sentence_start: int = 0


def source_key(doc_id: str, trigger_start: int, trigger_end: int) -> str:
    """The stable name of one document's report of an event (what decisions are stored by)."""
    return f"{doc_id}:{trigger_start}:{trigger_end}"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _words(texts: Iterable[str]) -> frozenset[str]:
    out = set()
    for text in texts:
        for w in re.findall(r"[A-Za-z][\w-]+", text.lower()):
            if w not in _FILLER and len(w) > 2:
                out.add(w.rstrip("s") if len(w) > 4 else w)
    return frozenset(out)


def _haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


_SOURCE_SQL = """
SELECT s.id, s.event_id, s.doc_id, s.trigger_start, s.trigger_end, s.date_start, s.date_end,
       s.time_precision, p.lat, p.lon, p.country_code, p.admin1, p.precision, p.id, s.sentence_start
FROM event_sources s
LEFT JOIN place_mentions pm ON pm.id = s.place_mention_id
LEFT JOIN places p ON p.id = pm.place_id
"""


def _load_sources(conn: sqlite3.Connection, where: str, args: tuple[object, ...]) -> list[SourceInfo]:
    rows = conn.execute(_SOURCE_SQL + " WHERE " + where, args).fetchall()
    out = []
    for sid, eid, doc, ts, te, ds, de, prec, lat, lon, cc, adm, pprec, pid, sent_start in rows:
        parts = conn.execute(
            "SELECT role, actor_id, text, description, unit FROM event_participants WHERE source_id = ?",
            (sid,),
        ).fetchall()
        start, end = _date(ds), _date(de)
        if prec == "publication-date" and end is not None:
            start = end - dt.timedelta(days=PUBLICATION_WINDOW_DAYS)
        out.append(
            SourceInfo(
                id=sid,
                event_id=eid,
                doc_id=doc,
                key=source_key(doc, ts, te),
                date_start=start,
                date_end=end or start,
                place=(lat, lon, cc, adm, pprec, pid) if lat is not None else None,
                actor_ids=frozenset(a for _, a, *_ in parts if a is not None),
                named_actor_ids=frozenset(a for r, a, *_ in parts if a is not None and r == "actor"),
                words=_words(t for _, _, text, desc, unit in parts for t in (text, desc or "", unit or "")),
                sentence_start=sent_start,
            )
        )
    return out


_HEADLINE_END = (".", "!", "?", ":", ";", '"', "'", "”", "’")


def _headline_end(conn: sqlite3.Connection, doc_id: str) -> int | None:
    """Where the document's headline ends (its first body line, short and with no sentence-final
    punctuation, as scraped pages and wire copy begin), or None when it has none."""
    row = conn.execute("SELECT text, body_spans FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    text, spans = row[0], json.loads(row[1] or "[]")
    start = spans[0][0] if spans else 0
    while start < len(text) and text[start].isspace():
        start += 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    line = text[start:end].strip()
    if not line or line.endswith(_HEADLINE_END) or len(line.split()) > 20 or end >= len(text.rstrip()):
        return None
    return end


def _dates_compatible(a: SourceInfo, b: SourceInfo) -> str | None:
    if a.date_start is None or b.date_start is None or a.date_end is None or b.date_end is None:
        return None
    if a.date_start <= b.date_end and b.date_start <= a.date_end:
        lo, hi = max(a.date_start, b.date_start), min(a.date_end, b.date_end)
        return f"dates overlap ({lo.isoformat()}" + (f"..{hi.isoformat()})" if hi != lo else ")")
    return None


def _places_compatible(a: SourceInfo, b: SourceInfo) -> str | None:
    """Why the places agree, '' when one is unknown (neutral), None when they disagree."""
    if a.place is None or b.place is None:
        return ""
    if a.place[5] == b.place[5]:
        return "same place"
    km = _haversine_km((a.place[0], a.place[1]), (b.place[0], b.place[1]))
    if km <= NEAR_KM:
        return f"places {km:.0f} km apart"
    # A province or country contains a town in it: compare the coarser one's codes.
    wide, narrow = (a.place, b.place) if (a.place[4] or 0) >= (b.place[4] or 0) else (b.place, a.place)
    if wide[2] and wide[2] == narrow[2]:
        if (wide[4] or 0) >= 4:
            return "place within the same country"
        if (wide[4] or 0) == 3 and wide[3] and wide[3] == narrow[3]:
            return "place within the same province"
    return None


def _participants_compatible(a: SourceInfo, b: SourceInfo) -> str | None:
    shared = a.actor_ids & b.actor_ids
    if a.named_actor_ids and b.named_actor_ids and not (a.named_actor_ids & b.named_actor_ids):
        return None  # both name who did it, and they name different actors
    if shared:
        return "shared actors " + ",".join(str(i) for i in sorted(shared))
    common = a.words & b.words
    if common:
        return "compatible descriptions (" + ", ".join(sorted(common)[:4]) + ")"
    if not a.actor_ids and not a.words or not b.actor_ids and not b.words:
        return "participants unstated in one report"
    return None


def compatibility(a: SourceInfo, b: SourceInfo) -> tuple[int, str] | None:
    """(score, reason) when ``a`` and ``b`` can be one event; None when they cannot."""
    when = _dates_compatible(a, b)
    if when is None:
        return None
    where = _places_compatible(a, b)
    if where is None:
        return None
    who = _participants_compatible(a, b)
    if who is None:
        return None
    if who.startswith("participants unstated") and where not in ("same place",) and "km apart" not in where:
        return None  # with nobody named, only a precise place ties two reports together
    score = (3 if who.startswith("shared") else 1) + (2 if where in ("same place",) or "km" in where else 0)
    return score, "; ".join(r for r in (when, where or "place unknown in one report", who) if r)


def _eligible(conn: sqlite3.Connection, source_id: int) -> bool:
    row = conn.execute(
        "SELECT in_comments, negated, hypothetical FROM event_sources WHERE id = ?", (source_id,)
    ).fetchone()
    return row is not None and not any(row)


def _split_keys(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT subject FROM event_decisions WHERE action = 'split'")}


def merge_document_events(conn: sqlite3.Connection, doc_id: str) -> int:
    """Merge the events that ``doc_id`` just added into events other documents reported.

    Returns how many of its sources joined an existing event. Runs inside the caller's transaction.
    """
    split = _split_keys(conn)
    merged = 0
    headline_end = _headline_end(conn, doc_id)
    restated: set[int] = set()  # headline events a body report has joined already
    for new in _load_sources(conn, "s.doc_id = ? AND s.in_comments = 0", (doc_id,)):
        if new.key in split or not _eligible(conn, new.id):
            continue
        if new.date_start is None or new.date_end is None:
            continue  # an undated report cannot be shown to be the same event as another
        etype = conn.execute("SELECT type FROM events WHERE id = ?", (new.event_id,)).fetchone()[0]
        # Only sources whose dates can overlap: a superset of what _dates_compatible accepts
        # (a publication-dated source reaches PUBLICATION_WINDOW_DAYS back), so the comparison
        # below stays exact while the knowledge base grows.
        latest_start = new.date_end + dt.timedelta(days=PUBLICATION_WINDOW_DAYS)
        candidates = _load_sources(
            conn,
            "s.doc_id != ? AND s.in_comments = 0 AND s.negated = 0 AND s.hypothetical = 0"
            " AND s.date_start IS NOT NULL AND s.date_start <= ?"
            " AND COALESCE(s.date_end, s.date_start) >= ?"
            " AND s.event_id IN (SELECT id FROM events WHERE type = ? AND in_comments = 0)",
            (doc_id, latest_start.isoformat(), new.date_start.isoformat(), etype),
        )
        best: tuple[int, str, int] | None = None
        for old in candidates:
            if old.key in split or old.event_id == new.event_id:
                continue
            verdict = compatibility(new, old)
            if verdict is not None and (best is None or verdict[0] > best[0]):
                best = (verdict[0], verdict[1], old.event_id)
        restates = ""
        if best is None and headline_end is not None and new.sentence_start >= headline_end:
            # The lead restating the headline ("Gunmen kill 12 in attack on Nigerian village" /
            # "Gunmen killed at least 12 people..."): one event, both sentences its sources.
            headline = _load_sources(  # loaded now: a headline source may have joined an event since
                conn,
                "s.doc_id = ? AND s.in_comments = 0 AND s.negated = 0 AND s.hypothetical = 0"
                " AND s.sentence_start < ? AND s.event_id IN (SELECT id FROM events WHERE type = ?)",
                (doc_id, headline_end, etype),
            )
            for old in headline:
                if old.key in split or old.event_id == new.event_id or old.event_id in restated:
                    continue
                verdict = compatibility(new, old)
                # Within one text only the first body report that names the same participants
                # restates the headline: later reports of the same type are other events.
                if verdict is None or "participants unstated" in verdict[1]:
                    continue
                if best is None or verdict[0] > best[0]:
                    best, restates = (
                        (verdict[0], verdict[1], old.event_id),
                        "the headline's event, restated; ",
                    )
            if best is not None:
                restated.add(best[2])
        if best is not None:
            move_source(conn, new.id, best[2], reason=f"{restates}same type {etype}; {best[1]}")
            merged += 1
    apply_event_decisions(conn)
    return merged


def move_source(conn: sqlite3.Connection, source_id: int, event_id: int, *, reason: str | None) -> None:
    """Point one source (and its participants) at ``event_id``; drop the event it leaves if empty."""
    old = conn.execute("SELECT event_id FROM event_sources WHERE id = ?", (source_id,)).fetchone()[0]
    if old == event_id:
        return
    conn.execute(
        "UPDATE event_sources SET event_id = ?, merge_reason = ? WHERE id = ?", (event_id, reason, source_id)
    )
    conn.execute("UPDATE event_participants SET event_id = ? WHERE source_id = ?", (event_id, source_id))
    if conn.execute("SELECT 1 FROM event_sources WHERE event_id = ?", (old,)).fetchone() is None:
        conn.execute("DELETE FROM events WHERE id = ?", (old,))
    else:
        refresh_event(conn, old)
    refresh_event(conn, event_id)


_PRECISION_ORDER = {
    "day": 0,
    "week": 1,
    "month": 2,
    "season": 3,
    "year": 4,
    "decade": 5,
    "publication-date": 6,
}


def refresh_event(conn: sqlite3.Connection, event_id: int) -> None:
    """Recompute an event's summary from its sources: the most precise place and date, the highest
    stated fatalities, and the most certain status any non-negated source gives."""
    rows = conn.execute(
        "SELECT s.status, s.fatalities, s.injured, s.date_start, s.date_end, s.time_precision, s.negated,"
        " p.id, p.precision, s.confidence FROM event_sources s"
        " LEFT JOIN place_mentions pm ON pm.id = s.place_mention_id LEFT JOIN places p ON p.id = pm.place_id"
        " WHERE s.event_id = ? ORDER BY s.id",
        (event_id,),
    ).fetchall()
    if not rows:
        return
    affirmed = [r for r in rows if not r[6]] or rows
    status = min(
        (r[0] for r in affirmed), key=lambda s: STATUSES.index(s) if s in STATUSES else len(STATUSES)
    )
    fatalities = max((r[1] for r in rows if r[1] is not None), default=None)
    injured = max((r[2] for r in rows if r[2] is not None), default=None)
    dated = min(rows, key=lambda r: (r[3] is None, _PRECISION_ORDER.get(r[5], 9)))
    placed = [r for r in rows if r[7] is not None]
    place_id = min(placed, key=lambda r: r[8] or 9)[7] if placed else None
    conn.execute(
        "UPDATE events SET status = ?, fatalities = ?, injured = ?, date_start = ?, date_end = ?,"
        " time_precision = ?, place_id = COALESCE(?, place_id), confidence = ? WHERE id = ?",
        (
            status,
            fatalities,
            injured,
            dated[3],
            dated[4],
            dated[5],
            place_id,
            max(r[9] for r in rows),
            event_id,
        ),
    )


# --- analyst decisions -------------------------------------------------------------------------


def _source_keys(conn: sqlite3.Connection, event_id: int) -> list[tuple[int, str]]:
    rows = conn.execute(
        "SELECT id, doc_id, trigger_start, trigger_end FROM event_sources WHERE event_id = ? ORDER BY id",
        (event_id,),
    ).fetchall()
    if not rows:
        raise KnowledgeBaseError(f"no event with id {event_id}: list ids with `newsgraph events`")
    return [(sid, source_key(doc, ts, te)) for sid, doc, ts, te in rows]


def merge_events(conn: sqlite3.Connection, keep: int, other: int, *, note: str = "") -> None:
    """Analyst merge: every source of ``other`` joins ``keep``; stored so re-ingest re-applies it."""
    if keep == other:
        raise KnowledgeBaseError(f"cannot merge event {keep} into itself")
    into = _source_keys(conn, keep)[0][1]
    moving = _source_keys(conn, other)
    for _, key in moving:
        conn.execute("DELETE FROM event_decisions WHERE action = 'split' AND subject = ?", (key,))
        conn.execute(
            "INSERT OR IGNORE INTO event_decisions (action, subject, object, note, created_at)"
            " VALUES ('merge', ?, ?, ?, ?)",
            (key, into, note, _now()),
        )
    apply_event_decisions(conn)


def split_event(conn: sqlite3.Connection, event_id: int, *, note: str = "") -> list[int]:
    """Analyst split: each source of the event becomes its own event; returns the event ids.

    The split is stored per source key, so automatic merging leaves these sources alone from now on.
    """
    sources = _source_keys(conn, event_id)
    keys = [k for _, k in sources]
    marks = ",".join("?" for _ in keys)
    conn.execute(
        f"DELETE FROM event_decisions WHERE action = 'merge' AND (subject IN ({marks}) OR object IN ({marks}))",
        keys + keys,
    )
    ids = [event_id]
    for _sid, key in sources:
        conn.execute(
            "INSERT OR IGNORE INTO event_decisions (action, subject, object, note, created_at)"
            " VALUES ('split', ?, '', ?, ?)",
            (key, note, _now()),
        )
    for sid, _ in sources[1:]:
        ids.append(_detach(conn, sid, reason=f"analyst split {note}".strip()))
    conn.execute("UPDATE event_sources SET merge_reason = NULL WHERE id = ?", (sources[0][0],))
    return ids


def _detach(conn: sqlite3.Connection, source_id: int, *, reason: str) -> int:
    """Give one source an events row of its own (a copy of its current event's typing)."""
    old = conn.execute("SELECT event_id FROM event_sources WHERE id = ?", (source_id,)).fetchone()[0]
    cur = conn.execute(
        "INSERT INTO events (type, mode, acled_event_type, acled_sub_event_type, place_id, date_start, date_end,"
        " time_precision, fatalities, injured, status, confidence, in_comments)"
        " SELECT type, mode, acled_event_type, acled_sub_event_type, NULL, NULL, NULL, 'unknown', NULL, NULL,"
        " status, confidence, in_comments FROM events WHERE id = ?",
        (old,),
    )
    new = int(cur.lastrowid or 0)
    move_source(conn, source_id, new, reason=None)
    conn.execute("UPDATE event_sources SET merge_reason = ? WHERE id = ?", (reason, source_id))
    return new


def apply_event_decisions(conn: sqlite3.Connection) -> None:
    """Re-apply stored analyst decisions (idempotent): splits first, then merges."""
    by_key = {
        source_key(doc, ts, te): (sid, eid)
        for sid, eid, doc, ts, te in conn.execute(
            "SELECT id, event_id, doc_id, trigger_start, trigger_end FROM event_sources"
        )
    }
    for (key,) in conn.execute("SELECT subject FROM event_decisions WHERE action = 'split'").fetchall():
        if key not in by_key:
            continue
        sid, eid = by_key[key]
        others = conn.execute(
            "SELECT COUNT(*) FROM event_sources WHERE event_id = ? AND id != ?", (eid, sid)
        ).fetchone()[0]
        merged_by_analyst = conn.execute(
            "SELECT 1 FROM event_decisions WHERE action = 'merge' AND (subject = ? OR object = ?)", (key, key)
        ).fetchone()
        if others and not merged_by_analyst:
            by_key[key] = (sid, _detach(conn, sid, reason="analyst split"))
    for subject, obj, note in conn.execute(
        "SELECT subject, object, note FROM event_decisions WHERE action = 'merge' ORDER BY id"
    ).fetchall():
        if subject not in by_key or obj not in by_key:
            continue  # one side not ingested (yet); applies when it arrives
        sid = by_key[subject][0]
        target = conn.execute(
            "SELECT event_id FROM event_sources WHERE id = ?", (by_key[obj][0],)
        ).fetchone()[0]
        current = conn.execute("SELECT event_id FROM event_sources WHERE id = ?", (sid,)).fetchone()[0]
        if current != target:
            move_source(conn, sid, target, reason=f"analyst merge {note}".strip())
