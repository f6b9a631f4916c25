"""Reports as the merge rules see them: one event source read from the knowledge base.

:func:`load_reports` turns ``event_sources`` rows (with their place, participants, sentence and
the document's headline places) into :class:`~newsgraph.kb.merge_rules.Report` records, in a
fixed number of queries per call however many sources it reads: the merger
(:mod:`newsgraph.kb.events`) loads hundreds of candidates per new report on a large knowledge base.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable

from newsgraph.kb.merge_rules import Place, Report, names_as_province
from newsgraph.kb.stopwords import FUNCTION_WORDS
from newsgraph.kb.stories import headline_end

#: How far back from the publication date an undated event may have happened (news is recent).
PUBLICATION_WINDOW_DAYS = 7

#: Words that say nothing about who took part ("forces", "the", numbers are dropped separately).
_FILLER = FUNCTION_WORDS | frozenset(
    [
        "some",
        "several",
        "many",
        "few",
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


def source_key(doc_id: str, trigger_start: int, trigger_end: int) -> str:
    """The stable name of one document's report of an event (what decisions are stored by)."""
    return f"{doc_id}:{trigger_start}:{trigger_end}"


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _words(texts: Iterable[str]) -> frozenset[str]:
    out = set()
    for text in texts:
        for w in re.findall(r"[A-Za-z][\w-]+", text.lower()):
            if w not in _FILLER and len(w) > 2:
                out.add(w.rstrip("s") if len(w) > 4 else w)
    return frozenset(out)


_SOURCE_SQL = """
SELECT s.id, s.event_id, s.doc_id, s.trigger_start, s.trigger_end, s.date_start, s.date_end,
       s.time_precision, p.id, p.name, p.lat, p.lon, p.country_code, p.admin1, p.precision,
       s.sentence_start, s.acled_sub_event_type, s.fatalities, st.story_id, s.sentence_end,
       substr(d.text, s.sentence_start + 1, s.sentence_end - s.sentence_start)
FROM event_sources s
JOIN documents d ON d.id = s.doc_id
LEFT JOIN place_mentions pm ON pm.id = s.place_mention_id
LEFT JOIN places p ON p.id = pm.place_id
LEFT JOIN document_stories st ON st.doc_id = s.doc_id
"""


_WEEKDAY = re.compile(r"XXXX-WXX-([1-7])")
#: "the day before", "two days earlier": a count of days back from the weekday it follows.
_DAYS_EARLIER = re.compile(r"P([1-6])D-EARLIER")


def _weekday(mentions: list[tuple[int, int, str]], sentence: tuple[int, int], trigger: int) -> int | None:
    """The weekday an undated report names: in its sentence the first weekday after the trigger
    ("killed on Monday, ... said on Tuesday"), else the last before it; "the day before" counts
    back from the weekday it follows ("mourning on Tuesday after the killing ... the day before",
    "mourning on Thursday for the soldiers killed ... two days earlier");
    a sentence with none takes the document's weekday when it names only one."""
    lo, hi = sentence
    days: list[tuple[int, int]] = []  # (position, weekday) in text order
    last: int | None = None
    for start, _end, value in sorted(mentions):
        found = _WEEKDAY.fullmatch(value)
        if found:
            last = int(found[1])
        elif (back := _DAYS_EARLIER.fullmatch(value)) and last is not None:
            last = (last - 1 - int(back[1])) % 7 + 1
        else:
            continue
        days.append((start, last))
    inside = [(at, d) for at, d in days if lo <= at < hi]
    after = [d for at, d in inside if at >= trigger]
    before = [d for at, d in inside if at < trigger]
    if after or before:
        return after[0] if after else before[-1]
    named = {int(m[1]) for _, _, v in mentions if (m := _WEEKDAY.fullmatch(v))}
    return named.pop() if len(named) == 1 else None


def load_reports(conn: sqlite3.Connection, where: str, args: tuple[object, ...]) -> list[Report]:
    rows = conn.execute(_SOURCE_SQL + " WHERE " + where, args).fetchall()
    if not rows:
        return []
    # One query for every participant of these sources (not one per source: candidates number
    # in the hundreds on a large knowledge base).
    ids = [r[0] for r in rows]
    parts: dict[int, list[tuple[str, int | None, str, str, str, str | None]]] = defaultdict(list)
    countries: dict[int, dict[int, str]] = defaultdict(dict)
    sentence_places: dict[int, set[int]] = defaultdict(set)
    evidence: dict[int, list[str]] = defaultdict(list)
    undated_docs = sorted({r[2] for r in rows if r[5] is None})
    weekday_mentions: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for i in range(0, len(undated_docs), 500):
        chunk_docs = undated_docs[i : i + 500]
        for doc, start, end, value in conn.execute(
            'SELECT doc_id, start, "end", value FROM time_mentions WHERE in_comments = 0 AND doc_id IN ('
            + ",".join("?" for _ in chunk_docs)
            + ") AND (value LIKE 'XXXX-WXX-_' OR value LIKE 'P_D-EARLIER')",
            chunk_docs,
        ):
            weekday_mentions[doc].append((start, end, value))
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" for _ in chunk)
        for sid, role, actor, text, desc, unit, name, country in conn.execute(
            "SELECT ep.source_id, ep.role, ep.actor_id, ep.text, ep.description, ep.unit, a.name, a.country"
            f" FROM event_participants ep LEFT JOIN actors a ON a.id = ep.actor_id WHERE ep.source_id IN ({marks})",
            chunk,
        ):
            parts[sid].append((role, actor, text, desc or "", unit or "", name))
            if actor is not None and country:
                countries[sid][actor] = country
        for sid, place in conn.execute(
            "SELECT s.id, pm.place_id FROM event_sources s JOIN place_mentions pm ON pm.doc_id = s.doc_id"
            ' AND pm.start >= s.sentence_start AND pm."end" <= s.sentence_end AND pm.place_id IS NOT NULL'
            f" WHERE s.id IN ({marks})",
            chunk,
        ):
            sentence_places[sid].add(place)
        for sid, text in conn.execute(
            "SELECT v.source_id, substr(d.text, v.sentence_start + 1, v.sentence_end - v.sentence_start)"
            f" FROM event_evidence v JOIN documents d ON d.id = v.doc_id WHERE v.source_id IN ({marks})",
            chunk,
        ):
            evidence[sid].append(text or "")
    headline_places = _headline_places(conn, sorted({r[2] for r in rows if r[10] is None}))
    doc_places = _document_places(conn, sorted({r[2] for r in rows if r[10] is not None}))
    out = []
    for (
        sid,
        eid,
        doc,
        ts,
        te,
        ds,
        de,
        prec,
        pid,
        pname,
        lat,
        lon,
        cc,
        adm,
        pprec,
        sent,
        sub,
        tol,
        story,
        sent_end,
        sentence,
    ) in rows:
        start, end = _date(ds), _date(de)
        if prec == "publication-date" and end is not None:
            start = end - dt.timedelta(days=PUBLICATION_WINDOW_DAYS)
        mine = parts.get(sid, [])
        out.append(
            Report(
                id=sid,
                event_id=eid,
                doc_id=doc,
                key=source_key(doc, ts, te),
                date_start=start,
                date_end=end or start,
                place=Place(pid, pname, lat, lon, cc, adm, pprec or 1) if lat is not None else None,
                actor_ids=frozenset(a for _, a, *_ in mine if a is not None),
                named_actor_ids=frozenset(a for r, a, *_ in mine if a is not None and r == "actor"),
                actor_names={a: n for _, a, *_, n in mine if a is not None and n},
                words=_words(t for _, _, text, desc, unit, _ in mine for t in (text, desc, unit)),
                sub_type=sub,
                fatalities=tol,
                story=story,
                sentence_start=sent,
                sentence_places=frozenset(sentence_places.get(sid, ())),
                actor_countries=countries.get(sid, {}),
                weekday=_weekday(weekday_mentions.get(doc, []), (sent, sent_end), ts)
                if start is None
                else None,
                text=" ".join([sentence or "", *evidence.get(sid, ())]),
                headline_places=headline_places.get(doc, ()) if lat is None else (),
                place_doubtful=lat is not None
                and _doubtful(pid, cc, doc_places.get(doc, ()))
                and names_as_province(sentence or "", Place(pid, pname, lat, lon, cc, adm, pprec or 1)),
            )
        )
    return out


def _headline_places(conn: sqlite3.Connection, docs: list[str]) -> dict[str, tuple[Place, ...]]:
    """The resolved places each document's headline names (for its reports that name none)."""
    out: dict[str, tuple[Place, ...]] = {}
    for doc in docs:
        end = document_headline_end(conn, doc)
        if end is None:
            continue
        rows = conn.execute(
            "SELECT DISTINCT p.id, p.name, p.lat, p.lon, p.country_code, p.admin1, p.precision FROM place_mentions pm"
            " JOIN places p ON p.id = pm.place_id WHERE pm.doc_id = ? AND pm.start < ? AND pm.in_comments = 0",
            (doc, end),
        ).fetchall()
        out[doc] = tuple(Place(i, n, la, lo, cc, adm, pr or 1) for i, n, la, lo, cc, adm, pr in rows)
    return out


def _document_places(conn: sqlite3.Connection, docs: list[str]) -> dict[str, list[tuple[int, str | None]]]:
    """The (place id, country code) of every resolved place each document names."""
    out: dict[str, list[tuple[int, str | None]]] = defaultdict(list)
    for i in range(0, len(docs), 500):
        chunk = docs[i : i + 500]
        for doc, pid, cc in conn.execute(
            "SELECT DISTINCT pm.doc_id, p.id, p.country_code FROM place_mentions pm JOIN places p ON p.id = pm.place_id"
            f" WHERE pm.in_comments = 0 AND pm.doc_id IN ({','.join('?' for _ in chunk)})",
            chunk,
        ):
            out[doc].append((pid, cc))
    return out


def _doubtful(place_id: int, country: str | None, doc_places: Iterable[tuple[int, str | None]]) -> bool:
    """Whether a report's place lies in a country its document names nowhere else, while the
    document's other places all lie in one other country (a namesake abroad, when its sentence
    calls it a province: see :func:`~newsgraph.kb.merge_rules.names_as_province`)."""
    others = {cc for pid, cc in doc_places if pid != place_id and cc}
    return country is not None and len(others) == 1 and country not in others


def document_headline_end(conn: sqlite3.Connection, doc_id: str) -> int | None:
    row = conn.execute("SELECT text, body_spans FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return None if row is None else headline_end(row[0], json.loads(row[1] or "[]"))
