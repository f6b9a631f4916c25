"""Why the merger kept two outlets' reports of one gold event apart: for each missed mention pair of
an event-level merge set (tests/fixtures/merge2), the two reports as the rules see them and the
rule that refused them (a veto, a score under MERGE_POINTS, another event type, or no report).

    PYTHONPATH=$PWD python tools/merge_explain.py tests/fixtures/merge2 [--db /tmp/m2.db] [--reuse]

The knowledge base is built with the real pipeline (as `newsgraph eval merge` does); ``--reuse``
reads an existing ``--db`` instead of building it again. The scorer's rules are not changed here.
"""

from __future__ import annotations

import argparse
import itertools
import sqlite3
from pathlib import Path

from newsgraph.eval.merge import build_kb
from newsgraph.eval.merge_events import GoldMention, load_gold
from newsgraph.kb.merge_rules import MERGE_POINTS, RULES, Report, compare
from newsgraph.kb.reports import load_reports


def _reports(conn: sqlite3.Connection, m: GoldMention, docs: dict[str, tuple[str, str]]) -> list[Report]:
    doc_id, text = docs[m.article]
    at = text.find(m.evidence)
    if at < 0:
        return []
    return load_reports(
        conn,
        "s.doc_id = ? AND ((s.sentence_start <= ? AND s.sentence_end >= ?) OR s.id IN (SELECT source_id"
        " FROM event_evidence WHERE doc_id = ? AND sentence_start <= ? AND sentence_end >= ?))",
        (doc_id, at, at + len(m.evidence), doc_id, at, at + len(m.evidence)),
    )


def _show(conn: sqlite3.Connection, r: Report) -> str:
    etype, bg = conn.execute("SELECT type, background FROM events WHERE id = ?", (r.event_id,)).fetchone()
    place = f"{r.place.name} p{r.place.precision} {r.place.admin1}" if r.place else "-"
    return (
        f"src {r.id} ev {r.event_id} {etype}{' BG' if bg else ''} {r.sub_type} {r.date_start}..{r.date_end}"
        f" @{place} toll {r.fatalities} actors {sorted(r.actor_names.values())} story {r.story}"
    )


def explain(a: Report, b: Report) -> str:
    out = []
    for rule in RULES:
        v = rule(a, b)
        if v.veto:
            return f"VETO {rule.__name__}: {v.reason}"
        out.append(f"{rule.__name__} {v.points:+d}")
    m = compare(a, b)
    assert m is not None
    tag = "merge" if m.points >= MERGE_POINTS and not m.link_only else "below"
    return f"{tag} {m.points} (grounded {m.grounded}, link_only {m.link_only}): " + ", ".join(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", type=Path)
    ap.add_argument("--db", type=Path, default=Path("/tmp/merge_explain.db"))
    ap.add_argument("--reuse", action="store_true")
    args = ap.parse_args()
    if not args.reuse:
        args.db.unlink(missing_ok=True)
        build_kb(args.path, args.db)
    gold = load_gold(args.path)
    conn = sqlite3.connect(args.db)
    docs = {
        Path(origin).name: (doc_id, text)
        for doc_id, origin, text in conn.execute("SELECT id, origin, text FROM documents")
        if origin
    }
    reports = {m: _reports(conn, m, docs) for m in gold.mentions}
    for a, b in itertools.combinations(gold.mentions, 2):
        if a.event != b.event:
            continue
        ra, rb = reports[a], reports[b]
        if {r.event_id for r in ra} & {r.event_id for r in rb}:
            continue
        print(f"MISSED {a.event}: {a.article} ~ {b.article}")
        if not ra or not rb:
            print("   no report covers the evidence of", a.article if not ra else b.article)
        for r in ra + rb:
            print("   " + _show(conn, r))
        for x, y in itertools.product(ra, rb):
            print(f"   {x.id}~{y.id}: {explain(x, y)}")


if __name__ == "__main__":
    main()
