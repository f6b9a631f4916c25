"""Score ACLED sub-event types on a snippet fixture: per-class P/R/F1, confusions, misses.

    python tools/acled_snippets_eval.py [--file tests/fixtures/acled_snippets_blind.tsv] [--wrong]

The prediction is the one tests/test_events_acled_snippets.py scores: the sub-type of the first
current event (not background, negated, hypothetical or in comments) of each snippet.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from newsgraph.nlp.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "tests" / "fixtures" / "acled_snippets_blind.tsv"


def read_snippets(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            text, gold = line.split("\t")
            rows.append((text, gold))
    return rows


def predict(pipeline: Pipeline, text: str) -> str | None:
    events = [
        e
        for e in pipeline.extract(text).events
        if not (e.background or e.negated or e.hypothetical or e.in_comments)
    ]
    first = min(events, key=lambda e: e.trigger.start, default=None)
    return first.acled_sub_event_type if first is not None else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT)
    parser.add_argument("--wrong", action="store_true", help="list every misclassified snippet")
    args = parser.parse_args()
    pipeline = Pipeline()
    rows = [(text, gold, predict(pipeline, text)) for text, gold in read_snippets(args.file)]
    classes = sorted({gold for _, gold, _ in rows})
    f1s = []
    print(f"{'sub-type':38} {'P':>5} {'R':>5} {'F1':>5}")
    for c in classes:
        tp = sum(g == c and p == c for _, g, p in rows)
        fp = sum(g != c and p == c for _, g, p in rows)
        fn = sum(g == c and p != c for _, g, p in rows)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        f1s.append(f1)
        print(f"{c:38} {prec:5.2f} {rec:5.2f} {f1:5.2f}")
    accuracy = sum(g == p for _, g, p in rows) / len(rows)
    print(f"macro-F1 {sum(f1s) / len(f1s):.3f}  accuracy {accuracy:.3f}  n={len(rows)}")
    confusions = Counter((g, p) for _, g, p in rows if g != p)
    print("confusions (gold -> predicted):")
    for (g, p), n in confusions.most_common():
        print(f"  {n:2d}  {g} -> {p}")
    if args.wrong:
        for text, g, p in rows:
            if g != p:
                print(f"[{g} -> {p}] {text}")


if __name__ == "__main__":
    main()
