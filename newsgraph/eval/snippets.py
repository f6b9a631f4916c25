"""ACLED sub-event types on one-line snippets: reading a fixture, the prediction, per-class figures.

A fixture is a TSV of ``text<TAB>gold sub-type`` lines (``#`` starts a comment). The prediction for
a snippet is the sub-type of its first current event (not background, negated, hypothetical or in
reader comments). Used by ``tests/test_events_acled_snippets.py`` and ``tools/acled_snippets_eval.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from newsgraph.model import Extraction


class _Extracts(Protocol):
    def extract(self, text: str) -> Extraction: ...


@dataclass(frozen=True, slots=True)
class ClassScore:
    name: str
    precision: float
    recall: float
    f1: float


def read_snippets(path: Path) -> list[tuple[str, str]]:
    """The fixture's (text, gold sub-type) rows."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            text, gold = line.split("\t")
            rows.append((text, gold))
    return rows


def predict(pipeline: _Extracts, text: str) -> str | None:
    """The sub-type of the snippet's first current event, None when it has none."""
    events = [
        e
        for e in pipeline.extract(text).events
        if not (e.background or e.negated or e.hypothetical or e.in_comments)
    ]
    first = min(events, key=lambda e: e.trigger.start, default=None)
    return first.acled_sub_event_type if first is not None else None


def per_class(pairs: Sequence[tuple[str, str | None]]) -> list[ClassScore]:
    """Precision, recall and F1 of every gold class, in name order, from (gold, predicted) pairs."""
    scores = []
    for c in sorted({gold for gold, _ in pairs}):
        tp = sum(g == c and p == c for g, p in pairs)
        fp = sum(g != c and p == c for g, p in pairs)
        fn = sum(g == c and p != c for g, p in pairs)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(ClassScore(c, precision, recall, 2 * tp / (2 * tp + fp + fn) if tp else 0.0))
    return scores


def macro_f1(pairs: Sequence[tuple[str, str | None]]) -> float:
    """Unweighted mean of per-class F1 over the gold classes."""
    scores = per_class(pairs)
    return sum(s.f1 for s in scores) / len(scores)
