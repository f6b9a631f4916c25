"""Cross-document event merging at scale: seconds spent merging as the knowledge base grows.

Run from the repository root::

    .venv/bin/python bench/merge_scale.py                  # 1000 5000 20000 documents
    .venv/bin/python bench/merge_scale.py --docs 1000 5000 --span-days 730

Synthetic extractions (no spaCy): each document reports 3 events, drawn from a pool of real-
looking events (a type, a day within ``--span-days``, one of 400 places in 20 provinces, one or
two of 60 actors, a toll); each pool event is reported by 1-4 documents, the way wire copy is
rewritten by several outlets, so the merger has real work. Every row stores all documents into a
fresh knowledge base with ``KnowledgeBase.add_many``; "merge s" is the time inside the merge step
(``newsgraph.kb.facts.merge_document_events``), "store s" the whole add. Near-linear means the
merge seconds per 1000 documents stay flat as N grows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

from machine import cpu_model  # bench/machine.py (this folder is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsgraph.model import (  # noqa: E402
    Document,
    Event,
    Extraction,
    Participant,
    PlaceMention,
    TextSpan,
    TimeMention,
)

TYPES = ("ASSAULT", "ASSAULT", "ASSAULT", "COERCE", "PROTEST", "MOBILIZE")
SUBTYPES = {
    "ASSAULT": ("Air/drone strike", "Armed clash", "Remote explosive/landmine/IED", "Attack"),
    "COERCE": ("Abduction/forced disappearance", "Arrests"),
    "PROTEST": ("Peaceful protest", "Protest with intervention"),
    "MOBILIZE": ("Non-violent transfer of territory",),
}


def pool(n_events: int, span_days: int, rng: random.Random) -> list[dict[str, object]]:
    start = dt.date(2024, 1, 1)
    places = [
        (f"Town{i}", 30 + (i % 20) * 0.9 + rng.random() * 0.5, 35 + (i // 20) * 0.7, f"P{i % 20}")
        for i in range(400)
    ]
    out = []
    for _ in range(n_events):
        etype = rng.choice(TYPES)
        name, lat, lon, adm = rng.choice(places)
        out.append(
            {
                "type": etype,
                "sub": rng.choice(SUBTYPES[etype]),
                "day": start + dt.timedelta(days=rng.randrange(span_days)),
                "place": (name, lat, lon, adm),
                "actors": rng.sample(range(60), rng.choice((1, 1, 2))),
                "toll": rng.choice((None, 1, 2, 3, 5, 8, 12)),
            }
        )
    return out


def extraction(doc: int, events: list[dict[str, object]], rng: random.Random) -> Extraction:
    parts: list[str] = [f"Report {doc} from outlet {doc % 97}."]
    recs: list[Event] = []
    places: list[PlaceMention] = []
    times: list[TimeMention] = []
    for ev in events:
        name, lat, lon, adm = ev["place"]  # type: ignore[misc]
        day: dt.date = ev["day"]  # type: ignore[assignment]
        s0 = sum(len(p) + 1 for p in parts)
        actor_names = [f"Group{a}" for a in ev["actors"]]  # type: ignore[attr-defined]
        sent = f"{' and '.join(actor_names)} attacked {name} on {day.isoformat()} killing {ev['toll'] or 0} (ref {doc}-{s0})."
        parts.append(sent)
        trig = s0 + sent.index("attacked")
        pm = PlaceMention(
            s0 + sent.index(name),
            s0 + sent.index(name) + len(name),
            name,
            name,
            lat,
            lon,
            "XX",
            adm,
            None,
            "city",
            1,
        )
        tm_start = s0 + sent.index(day.isoformat())
        tm = TimeMention(tm_start, tm_start + 10, day.isoformat(), day.isoformat(), day, day, "day")
        places.append(pm)
        times.append(tm)
        actors = tuple(
            Participant(n, s0 + sent.index(n), s0 + sent.index(n) + len(n), actor_key=n.lower())
            for n in actor_names
        )
        recs.append(
            Event(
                type=str(ev["type"]),
                mode=None,
                trigger=TextSpan(trig, trig + 8),
                trigger_text="attacked",
                sentence=TextSpan(s0, s0 + len(sent)),
                actors=actors,
                place=pm,
                time=tm,
                date_start=day,
                date_end=day,
                time_precision="day",
                fatalities=ev["toll"] if rng.random() < 0.8 else None,  # type: ignore[arg-type]
                acled_sub_event_type=str(ev["sub"]),
            )
        )
    text = "\n".join(parts)
    return Extraction(
        doc_id=f"bench{doc:08d}",
        document=Document(text=text, body=(TextSpan(0, len(text)),)),
        origin=f"bench/{doc}.txt",
        places=tuple(places),
        times=tuple(times),
        events=tuple(recs),
    )


def run(n_docs: int, span_days: int, seed: int) -> tuple[float, float]:
    import newsgraph.kb.facts as facts
    from newsgraph.kb.store import open_kb

    rng = random.Random(seed)
    # Each pool event is reported by 1-4 documents on average 2.2: n_docs * 3 / 2.2 pool events.
    events = pool(max(1, int(n_docs * 3 / 2.2)), span_days, rng)
    reports = [ev for ev in events for _ in range(rng.choice((1, 1, 2, 3, 4)))]
    rng.shuffle(reports)
    docs = [
        extraction(i, reports[i * 3 : i * 3 + 3], rng) for i in range(n_docs) if reports[i * 3 : i * 3 + 3]
    ]
    merge_s = 0.0
    real = facts.merge_document_events

    def timed(conn, doc_id):  # type: ignore[no-untyped-def]
        nonlocal merge_s
        t = time.perf_counter()
        try:
            return real(conn, doc_id)
        finally:
            merge_s += time.perf_counter() - t

    facts.merge_document_events = timed  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory() as tmp, open_kb(Path(tmp) / "kb.db") as kb:
            t0 = time.perf_counter()
            kb.add_many(docs, batch_size=200)
            store_s = time.perf_counter() - t0
    finally:
        facts.merge_document_events = real  # type: ignore[assignment]
    return merge_s, store_s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, nargs="+", default=[1000, 5000, 20000])
    ap.add_argument("--span-days", type=int, default=730, help="the days the events are spread over")
    ap.add_argument(
        "--docs-per-day",
        type=float,
        default=None,
        help="spread N documents over N / this many days instead (a fixed news density, as a growing archive)",
    )
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    print(
        f"# {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {cpu_model()}, Python {platform.python_version()}"
    )
    spread = f"{args.docs_per_day:g} documents a day" if args.docs_per_day else f"{args.span_days} days"
    print(f"# events spread over {spread}, 3 events per document")
    print("| documents | days | merge s | merge s per 1k docs | store s (all) |")
    print("|---:|---:|---:|---:|---:|")
    for n in args.docs:
        days = max(1, round(n / args.docs_per_day)) if args.docs_per_day else args.span_days
        merge_s, store_s = run(n, days, args.seed)
        print(f"| {n} | {days} | {merge_s:.1f} | {merge_s / n * 1000:.2f} | {store_s:.1f} |", flush=True)


if __name__ == "__main__":
    main()
