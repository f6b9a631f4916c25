"""Cross-document event merging, and the analyst's merge/split decisions that override it.

Every reported Event is first stored as its own ``events`` row with one ``event_sources`` row
(see :mod:`newsgraph.kb.facts`). Right after a document's events are written, the document joins
a story cluster (:mod:`newsgraph.kb.stories`) and :func:`merge_document_events` looks, for each
of its reports, for the event other documents already reported that it matches best. The rules
(:mod:`newsgraph.kb.merge_rules`) compare the report with **every** source of that event, so a
report joins only an event it agrees with as a whole: no chain of pairwise matches can snowball
reports of other days, towns or tolls into one event. A good enough score merges (the source is
repointed, the reason kept on its row); a weaker one is stored as a "possible same event" link
(``event_links``) that an analyst confirms with ``newsgraph events merge``.

Never merged: background (recalled history, war-wide statistics), events from reader comments,
negated or hypothetical reports (but a past event that a call for an inquiry names), undated ones
(but those naming a weekday), and sources that an analyst split off; a statement
(``events.statement``, a verbal act) joins only another statement. Analyst
decisions are stored by *source key* (``doc_id:trigger_start:trigger_end``), not by row id, so
they survive re-ingesting the same documents and apply again automatically.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable

from newsgraph.errors import KnowledgeBaseError
from newsgraph.kb.event_match import (
    _ambiguous_week,
    best_event,
    fits_another_week,
    only_week,
    weekday_carries,
)
from newsgraph.kb.merge_rules import (
    LINK_POINTS,
    MAX_MERGE_SPAN_DAYS,
    MERGE_POINTS,
    Match,
    Report,
    compare,
)
from newsgraph.kb.reports import PUBLICATION_WINDOW_DAYS, document_headline_end, load_reports, source_key
from newsgraph.kb.stories import assign_story
from newsgraph.model import STATUSES


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


_MERGEABLE = "s.in_comments = 0 AND s.negated = 0 AND s.hypothetical = 0 AND s.background = 0"


#: A past event named inside a call for an inquiry ("called for an independent investigation into
#: the drone strike on a market in Dangila last Sunday"): the request is hypothetical, the event it
#: names is not.
_INQUIRY_INTO = re.compile(
    r"\b(?:investigation|inquiry|probe|accountability|justice)\s+(?:into|over|for|of)\s+the\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _inquired_into(conn: sqlite3.Connection, doc_id: str) -> list[int]:
    """The sources of ``doc_id`` flagged hypothetical only because a call for an inquiry names them:
    dated to a day before the document's own, their trigger the head of "an inquiry into the ..."."""
    rows = conn.execute(
        "SELECT s.id, s.trigger_start, substr(d.text, max(1, s.trigger_start - 79), min(80, s.trigger_start))"
        " FROM event_sources s JOIN documents d ON d.id = s.doc_id WHERE s.doc_id = ? AND s.hypothetical = 1"
        " AND s.negated = 0 AND s.in_comments = 0 AND s.background = 0 AND s.time_precision = 'day'"
        " AND s.date_end < substr(d.published, 1, 10)",
        (doc_id,),
    ).fetchall()
    return [sid for sid, _, before in rows if _INQUIRY_INTO.search(before or "")]


def _split_keys(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT subject FROM event_decisions WHERE action = 'split'")}


def _event_members(conn: sqlite3.Connection, event_ids: Iterable[int]) -> dict[int, list[Report]]:
    ids = sorted(set(event_ids))
    out: dict[int, list[Report]] = defaultdict(list)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for r in load_reports(conn, f"s.event_id IN ({','.join('?' for _ in chunk)})", tuple(chunk)):
            out[r.event_id].append(r)
    return out


def _promote_links(conn: sqlite3.Connection, event_id: int, split: set[str]) -> int:
    """Reports linked to ``event_id`` as "possible same event" that its new source now makes a
    merge (order of arrival should not matter: a report that came before the one that tipped the
    balance is looked at again). Compared with the event as a whole, as any new report."""
    linked = [
        r[0]
        for r in conn.execute(
            "SELECT l.source_id FROM event_links l JOIN event_sources o ON o.id = l.other_source_id"
            " JOIN event_sources s ON s.id = l.source_id WHERE o.event_id = ? AND s.event_id != ?"
            " UNION SELECT l.other_source_id FROM event_links l JOIN event_sources o ON o.id = l.source_id"
            " JOIN event_sources s ON s.id = l.other_source_id WHERE o.event_id = ? AND s.event_id != ?",
            (event_id, event_id, event_id, event_id),
        )
    ]
    promoted = 0
    for report in (
        load_reports(conn, f"s.id IN ({','.join('?' for _ in linked)})", tuple(linked)) if linked else []
    ):
        if report.key in split:
            continue
        members = _event_members(conn, [event_id])
        best = best_event(report, members, split)
        if best is not None and best[1].points >= MERGE_POINTS and not best[1].link_only:
            etype = conn.execute("SELECT type FROM events WHERE id = ?", (event_id,)).fetchone()[0]
            reason = (
                f"same type {etype}; score {best[1].points} (confirmed by a later report): {best[1].reason}"
            )
            move_source(conn, report.id, event_id, reason=reason)
            promoted += 1
    return promoted


def merge_document_events(conn: sqlite3.Connection, doc_id: str) -> int:
    """Merge the events that ``doc_id`` just added into events other documents reported.

    Returns how many of its sources joined an existing event; weaker matches become candidate
    links. Runs inside the caller's transaction.
    """
    assign_story(conn, doc_id)
    split = _split_keys(conn)
    merged = 0
    head_end = document_headline_end(conn, doc_id)
    restated: set[int] = set()  # headline events a body report has joined already
    named = _inquired_into(conn, doc_id)
    marks = ",".join("?" for _ in named)
    where = f"s.doc_id = ? AND ({_MERGEABLE}" + (f" OR s.id IN ({marks}))" if named else ")")
    for new in load_reports(conn, where, (doc_id, *named)):
        if new.key in split:
            continue
        if new.date_start is None or new.date_end is None:
            if new.weekday is None:
                continue  # an undated report cannot be shown to be the same event as another
        elif (new.date_end - new.date_start).days + 1 > MAX_MERGE_SPAN_DAYS:
            continue
        etype, statement = conn.execute(
            "SELECT type, statement FROM events WHERE id = ?", (new.event_id,)
        ).fetchone()
        event_ids = _candidate_events(conn, new, doc_id, etype, statement=statement)
        members = _event_members(conn, event_ids)
        best = best_event(new, members, split)
        if best is not None and (
            (new.date_start is None and _ambiguous_week(new, members, split))
            or (
                new.date_start is not None
                and _another_week(conn, new, members[best[0]], etype, statement, split)
            )
        ):
            best = (best[0], Match(best[1].points, best[1].reason, True, best[1].grounded), best[2])
        elif best is not None and new.date_start is None and only_week(new, best[0], members, split):
            week = best[1]
            reason = week.reason + "; the only week that fits"
            best = (best[0], Match(week.points + 1, reason, week.link_only, week.grounded), best[2])
        restates = ""
        if (
            (best is None or best[1].points < MERGE_POINTS)
            and head_end is not None
            and new.sentence_start >= head_end
        ):
            # The lead restating the headline ("Gunmen kill 12 in attack on Nigerian village" /
            # "Gunmen killed at least 12 people..."): one event, both sentences its sources.
            # Within one text only the first body report that names the same participants
            # restates the headline: later reports of the same type are other events.
            headline = load_reports(
                conn,
                "s.doc_id = ? AND s.sentence_start < ? AND "
                + _MERGEABLE
                + " AND s.event_id IN (SELECT id FROM events WHERE type = ? AND statement = ?)",
                (doc_id, head_end, etype, statement),
            )
            for old in headline:
                if old.key in split or old.event_id == new.event_id or old.event_id in restated:
                    continue
                m = compare(new, old)
                if m is None or not (new.actor_ids & old.actor_ids or new.words & old.words):
                    continue
                if best is None or best[1].points < MERGE_POINTS:
                    best, restates = (
                        (old.event_id, Match(MERGE_POINTS, m.reason, False), old),
                        ("the headline's event, restated; "),
                    )
                    restated.add(old.event_id)
                    break
        if best is None:
            continue
        event_id, match, member = best
        if match.points >= MERGE_POINTS and not match.link_only:
            reason = f"{restates}same type {etype}; score {match.points}: {match.reason}"
            move_source(conn, new.id, event_id, reason=reason)
            merged += 1 + _promote_links(conn, event_id, split)
        elif match.points >= LINK_POINTS:
            conn.execute(
                "INSERT OR REPLACE INTO event_links (source_id, other_source_id, score, reason) VALUES (?,?,?,?)",
                (new.id, member.id, match.points, f"possible same event ({etype}); {match.reason}"),
            )
    apply_event_decisions(conn)
    return merged


#: Undated reports that name a weekday, and dated candidates for them, read per report at most
#: (the most recent first): a weekday has no week, so the window is the last ones the KB holds.
MAX_WEEKDAY_CANDIDATES = 200


def _another_week(
    conn: sqlite3.Connection, new: Report, members: list[Report], etype: str, statement: int, split: set[str]
) -> bool:
    """Whether an event that holds only weekday-only reports ("on Saturday" in an undated article)
    fits another week too: one of them agrees (no veto, some place or participant agreement) with a
    dated event of another day than ``new``'s; or the match needs the weekday's point to merge at
    all (then any week of that weekday would have done as well). Then no date fixes the event's week, and the dated
    ``new`` (a raid at the same camp three weeks on) can only be linked to it, never merged."""
    if any(m.date_start is not None for m in members):
        return False
    if weekday_carries(new, members, split):
        return True
    return any(
        fits_another_week(
            new,
            member,
            _event_members(conn, _candidate_events(conn, member, member.doc_id, etype, statement=statement)),
            split,
        )
        for member in members
    )


def _candidate_events(
    conn: sqlite3.Connection, new: Report, doc_id: str, etype: str, *, statement: int = 0
) -> list[int]:
    """Events of ``etype`` other documents reported whose sources can pass the date rule with ``new``
    (statements with statements only: ``statement`` is the new report's flag)."""
    # A place in a province vetoes nearly every candidate placed in another province (towns
    # apart, "not in"); kept are the same place name (the gazetteer's twins). Lost are the rare
    # pairs across a provincial border that the sentence or "near" rules would accept: the
    # price of a candidate list that stays short while the knowledge base grows.
    where_sql = ""
    where_args: tuple[str, ...] = ()
    if new.place is not None and new.place.precision <= 3 and new.place.admin1 and not new.place_doubtful:
        where_sql = (
            " AND (p.id IS NULL OR p.precision >= 4 OR p.admin1 IS NULL OR p.admin1 = ? OR p.name = ?)"
        )
        where_args = (new.place.admin1, new.place.name)
    joins = (
        " CROSS JOIN events e ON e.id = s.event_id"
        " LEFT JOIN place_mentions pm ON pm.id = s.place_mention_id LEFT JOIN places p ON p.id = pm.place_id"
    )
    common = (
        " AND s.doc_id != ? AND e.type = ? AND e.statement = ? AND e.in_comments = 0 AND e.background = 0 AND "
        + _MERGEABLE
    )
    if new.date_start is None or new.date_end is None:
        # A weekday-only report: day-precise sources of that weekday, the most recent first.
        rows = conn.execute(
            "SELECT s.event_id, s.date_start, s.date_end FROM event_sources s"
            + joins
            + " WHERE s.date_start IS NOT NULL"
            " AND julianday(COALESCE(s.date_end, s.date_start)) - julianday(s.date_start) <= 1"
            + common
            + where_sql
            + " ORDER BY s.date_start DESC LIMIT ?",
            (doc_id, etype, statement, *where_args, MAX_WEEKDAY_CANDIDATES),
        ).fetchall()
        return sorted(
            {
                eid
                for eid, ds, de in rows
                if new.weekday
                in {dt.date.fromisoformat(ds).isoweekday(), dt.date.fromisoformat(de or ds).isoweekday()}
            }
        )
    # Sources whose dates can pass the date rule, in a window bounded on both sides: a source
    # wider than MAX_MERGE_SPAN_DAYS never merges, and a publication-dated one reaches
    # PUBLICATION_WINDOW_DAYS back from its stored date, so the window is exact.
    lo = new.date_start - dt.timedelta(days=MAX_MERGE_SPAN_DAYS)
    hi = new.date_end + dt.timedelta(days=PUBLICATION_WINDOW_DAYS)
    # The sources come first, from the date index (CROSS JOIN keeps SQLite from starting
    # at every event of the type instead: that plan read the whole type per report). A
    # candidate must end no earlier than the day before the new report starts (overlap, or
    # the overnight rule): exact for every date rule.
    earliest_end = new.date_start - dt.timedelta(days=1)
    event_ids = {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT s.event_id FROM event_sources s INDEXED BY event_sources_dates"
            + joins
            + " WHERE s.date_start BETWEEN ? AND ? AND COALESCE(s.date_end, s.date_start) >= ?"
            + common
            + where_sql,
            (lo.isoformat(), hi.isoformat(), earliest_end.isoformat(), doc_id, etype, statement, *where_args),
        )
    }
    # Undated sources of documents without a date line, whose weekday the date rule checks.
    event_ids.update(
        r[0]
        for r in conn.execute(
            "SELECT s.event_id FROM event_sources s" + joins + " JOIN documents d ON d.id = s.doc_id"
            " WHERE s.date_start IS NULL AND d.published IS NULL"
            + common
            + where_sql
            + " ORDER BY s.id DESC LIMIT ?",
            (doc_id, etype, statement, *where_args, MAX_WEEKDAY_CANDIDATES),
        )
    )
    return sorted(event_ids)


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


def headline_toll(figures: list[tuple[str, int]]) -> int | None:
    """The event's toll from its sources' (status, figure) pairs: ACLED's rule, the most reliable
    conservative figure. The sources with the most certain status count ("confirmed" over
    "reported" over "claimed"...), and among them the lowest figure; never a sum over sources,
    and never above what any one source states.

    Decided (merge3, 2026-12-04) against taking the latest or highest figure when outlets differ:
    a misread figure is as likely high as low (a "10 people, among them four children" read as
    14), the highest would let one outlet's claim ("30 killed" against security sources' 15) set
    the event, and the ACLED codebook codes the conservative figure. Every source keeps its own
    figure (``event_sources.fatalities``), so a rising toll stays visible per report."""
    if not figures:
        return None
    rank = min(STATUSES.index(st) if st in STATUSES else len(STATUSES) for st, _ in figures)
    return min(f for st, f in figures if (STATUSES.index(st) if st in STATUSES else len(STATUSES)) == rank)


def refresh_event(conn: sqlite3.Connection, event_id: int) -> None:
    """Recompute an event's summary from its sources: the most precise place and date, the headline
    toll (:func:`headline_toll`; each source keeps its own figure), the most certain status any
    non-negated source gives, and background only when every source is."""
    rows = conn.execute(
        "SELECT s.status, s.fatalities, s.injured, s.date_start, s.date_end, s.time_precision, s.negated,"
        " p.id, p.precision, s.confidence, s.background FROM event_sources s"
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
    fatalities = headline_toll([(r[0], r[1]) for r in affirmed if r[1] is not None])
    injured = headline_toll([(r[0], r[2]) for r in affirmed if r[2] is not None])
    dated = min(rows, key=lambda r: (r[3] is None, _PRECISION_ORDER.get(r[5], 9)))
    placed = [r for r in rows if r[7] is not None]
    place_id = min(placed, key=lambda r: r[8] or 9)[7] if placed else None
    conn.execute(
        "UPDATE events SET status = ?, fatalities = ?, injured = ?, date_start = ?, date_end = ?,"
        " time_precision = ?, place_id = COALESCE(?, place_id), confidence = ?, background = ? WHERE id = ?",
        (
            status,
            fatalities,
            injured,
            dated[3],
            dated[4],
            dated[5],
            place_id,
            max(r[9] for r in rows),
            min(r[10] for r in rows),
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
        " time_precision, fatalities, injured, status, confidence, in_comments, background, statement)"
        " SELECT type, mode, acled_event_type, acled_sub_event_type, NULL, NULL, NULL, 'unknown', NULL, NULL,"
        " status, confidence, in_comments, background, statement FROM events WHERE id = ?",
        (old,),
    )
    new = int(cur.lastrowid or 0)
    move_source(conn, source_id, new, reason=None)
    conn.execute("UPDATE event_sources SET merge_reason = ? WHERE id = ?", (reason, source_id))
    return new


def apply_event_decisions(conn: sqlite3.Connection) -> None:
    """Re-apply stored analyst decisions (idempotent): splits first, then merges."""
    # Only the sources that decisions name are looked up (by document, through its index): this
    # runs after every document, so reading every source here made ingest quadratic.
    keys = {k for row in conn.execute("SELECT subject, object FROM event_decisions") for k in row if k}
    by_key: dict[str, tuple[int, int]] = {}
    for key in keys:
        doc, _, span = key.partition(":")
        start, _, end = span.partition(":")
        if not (start.isdigit() and end.isdigit()):
            continue
        row = conn.execute(
            "SELECT id, event_id FROM event_sources WHERE doc_id = ? AND trigger_start = ? AND trigger_end = ?",
            (doc, int(start), int(end)),
        ).fetchone()
        if row is not None:
            by_key[key] = (row[0], row[1])
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
