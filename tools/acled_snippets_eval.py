"""Score ACLED sub-event types on a snippet fixture: per-class P/R/F1, confusions, misses.

    python tools/acled_snippets_eval.py [--file tests/fixtures/acled_snippets_blind.tsv] [--wrong]

The prediction is the one tests/test_events_acled_snippets.py scores: the sub-type of the first
current event (not background, negated, hypothetical or in comments) of each snippet.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from newsgraph.eval.snippets import macro_f1, per_class, predict, read_snippets
from newsgraph.nlp.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "tests" / "fixtures" / "acled_snippets_blind.tsv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT)
    parser.add_argument("--wrong", action="store_true", help="list every misclassified snippet")
    args = parser.parse_args()
    pipeline = Pipeline()
    rows = [(text, gold, predict(pipeline, text)) for text, gold in read_snippets(args.file)]
    print(f"{'sub-type':38} {'P':>5} {'R':>5} {'F1':>5}")
    for c in per_class([(g, p) for _, g, p in rows]):
        print(f"{c.name:38} {c.precision:5.2f} {c.recall:5.2f} {c.f1:5.2f}")
    accuracy = sum(g == p for _, g, p in rows) / len(rows)
    print(f"macro-F1 {macro_f1([(g, p) for _, g, p in rows]):.3f}  accuracy {accuracy:.3f}  n={len(rows)}")
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
