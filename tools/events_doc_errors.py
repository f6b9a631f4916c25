"""List the events-doc scorer's errors on conflict-docs-dev, one line per system event left over.

    python tools/events_doc_errors.py [--path SET] [--part a|b|c] [--kind dup|bg|other] [--with-dates]
    python tools/events_doc_errors.py --slot actor1 [--part a|b|c] [--all]
    python tools/events_doc_errors.py --slot toll [--part a|b|c]

With ``--slot toll`` it lists instead the matched events whose toll is wrong: the gold toll, the
system's toll (``-`` for None), the article, the trigger, the event's sentence and the gold
evidence (a gold toll of ``-`` is a no-toll miss: the system invented a figure).

For every system event that is not flagged (background / negated / hypothetical) and not matched to
a gold event, prints its kind (``dup``: its sentence holds a matched gold event's evidence; ``bg``:
its sentence holds only background / not-event evidence, with the gold note; ``other``: neither),
the article, the PLOVER type and ACLED sub-type, the trigger and the sentence. A development aid:
it reads the same alignment as ``newsgraph eval events-doc`` (newsgraph.eval._events_doc_align).

With ``--slot actor1`` it lists instead every matched event whose actor1 the scorer counts wrong
(``--all``: right ones too, marked ``ok``): gold actor1 and its kind, the system's first actor and
its kind, the trigger and the sentence.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections import Counter
from pathlib import Path

from newsgraph.eval._events_doc_align import (
    _overlaps,
    actor_right,
    align,
    evidence_spans,
    gold_actor_kind,
    is_flagged,
    system_actor_kind,
)
from newsgraph.eval.events_doc import DEFAULT_PATH, dictionary_kinds, iter_gold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part")
    parser.add_argument("--kind", choices=("dup", "bg", "other"))
    parser.add_argument("--with-dates", action="store_true")
    parser.add_argument("--slot", choices=("actor1", "toll"))
    parser.add_argument("--all", action="store_true")
    parser.add_argument(
        "--path", type=Path, default=DEFAULT_PATH, help="the set folder (gold.json, articles/)"
    )
    args = parser.parse_args()
    kind_of = dictionary_kinds()
    from newsgraph.nlp.pipeline import Pipeline

    pipeline = Pipeline()
    counts: Counter[str] = Counter()
    for article in iter_gold(args.path):
        if args.part and article.part != args.part:
            continue
        date = article.gold.get("document_date") if args.with_dates else None
        events = pipeline.extract(
            article.text, published=dt.date.fromisoformat(date) if date else None
        ).events
        text = article.text
        gold_spans = [evidence_spans(text, g.get("evidence", [])) for g in article.gold.get("events", [])]
        pairs = align(events, gold_spans)
        if args.slot == "toll":
            counts.update(_toll_misses(article, events, pairs))
            continue
        if args.slot:
            for i, g in sorted(pairs.items(), key=lambda p: events[p[0]].trigger.start):
                ev, gold_actor = events[i], article.gold["events"][g].get("actor1")
                right = actor_right(ev, gold_actor, kind_of)
                counts["ok" if right else "miss"] += 1
                if right and not args.all:
                    continue
                first = ev.actors[0] if ev.actors else None
                system = f"{first.text} [{system_actor_kind(first, kind_of)}]" if first else "-"
                body = " ".join(text[ev.sentence.start : ev.sentence.end].split())
                print(
                    f"{'ok' if right else 'miss':4} {article.file[:24]:24} gold={gold_actor} "
                    f"[{gold_actor_kind(gold_actor)}] sys={system} [{ev.trigger_text}] {body[:200]}"
                )
            continue
        matched = [s for g in sorted(set(pairs.values())) for s in gold_spans[g]]
        every = [s for spans in gold_spans for s in spans]
        others = [
            (s, f"{key}: {item.get('what', '')}")
            for key in ("background", "not_events")
            for item in article.gold.get(key, [])
            for s in evidence_spans(text, item.get("evidence", []))
        ]
        for i, ev in enumerate(events):
            if ev.in_comments or is_flagged(ev) or i in pairs:
                continue
            sentence = (ev.sentence.start, ev.sentence.end)
            note = ""
            if _overlaps(sentence, matched):
                kind = "dup"
            elif _overlaps(sentence, [s for s, _ in others]) and not _overlaps(sentence, every):
                kind = "bg"
                note = next(w for s, w in others if _overlaps(sentence, [s]))
            else:
                kind = "other"
            counts[kind] += 1
            if args.kind and kind != args.kind:
                continue
            body = " ".join(text[ev.sentence.start : ev.sentence.end].split())
            print(
                f"{kind:5} {article.file[:28]:28} {ev.type:10} {ev.acled_sub_event_type or '-':28} "
                f"[{ev.trigger_text}] {body[:220]}" + (f"  <<{note}>>" if note else "")
            )
    print(dict(counts))


def _toll_misses(article: object, events: list, pairs: dict[int, int]) -> Counter[str]:
    """Print the matched events whose toll is wrong; count right / wrong / invented."""
    text = article.text  # type: ignore[attr-defined]
    gold_events = article.gold.get("events", [])  # type: ignore[attr-defined]
    counts: Counter[str] = Counter()
    for i, g in sorted(pairs.items(), key=lambda p: p[1]):
        ev, gold = events[i], gold_events[g]
        want, got = gold.get("fatalities"), ev.fatalities
        if want is None:
            kind = "no_toll_ok" if not got else "invented"
        else:
            kind = "right" if got == want else "wrong"
        counts[kind] += 1
        if kind in ("right", "no_toll_ok"):
            continue
        body = " ".join(text[ev.sentence.start : ev.sentence.end].split())
        evidence = " | ".join(" ".join(str(e).split())[:160] for e in gold.get("evidence", []))
        print(
            f"gold {'-' if want is None else want:>4} sys {'-' if got is None else got:>4} "
            f"{article.file[:28]:28} [{ev.trigger_text}] {ev.acled_sub_event_type or '-'}, injured "
            f"{'-' if ev.injured is None else ev.injured}: {body[:200]}\n      gold: {evidence[:400]}"  # type: ignore[attr-defined]
        )
    return counts


if __name__ == "__main__":
    main()
