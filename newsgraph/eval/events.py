"""Score event typing and event location on the team's dev sets.

- PLOVER GSR (``plover-gsr/PLOVER_GSR_CAMEO.txt``): one gold PLOVER type per sentence; our
  prediction is the type of the event whose trigger sits highest in the parse tree ("NONE" when
  we find no event). Old labels are mapped to the current manual: DEMAND->REQUEST,
  DISAPPROVE->ACCUSE, FIGHT->ASSAULT (FIGHT was folded into ASSAULT); INVESTIGATE and
  DOCUMENT have no current type and are left out. Figure: macro-F1 over the gold types.
- event-location dev (``event-location-dev/labeled_text_dev.jsonl``): for each VERB span, the
  location :func:`choose_event_location` picks among spaCy's GPE/LOC/FAC entities; right when it
  overlaps a gold LOCATION span, or when both are none. Token indices are used (the file's char
  offsets are sometimes off): the Doc is built from the given tokens.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.model import Mention, PlaceMention
from newsgraph.nlp.events.extract import extract_events
from newsgraph.nlp.events.places import choose_event_location

GSR_FILE = Path("plover-gsr") / "PLOVER_GSR_CAMEO.txt"
LOCATION_FILE = Path("event-location-dev") / "labeled_text_dev.jsonl"
LABEL_MAP = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT"}
LEFT_OUT = frozenset({"INVESTIGATE", "DOCUMENT"})
_ACTOR_LABELS = ("PERSON", "ORG", "NORP", "GPE")
_PLACE_LABELS = ("GPE", "LOC", "FAC")


@dataclass(frozen=True, slots=True)
class TypeScores:
    n: int
    macro_f1: float
    accuracy: float
    per_type: dict[str, tuple[float, float, float, int]]  # precision, recall, f1, support


def _doc_records(doc: Doc) -> tuple[list[Mention], list[PlaceMention]]:
    mentions = [
        Mention(
            e.start_char, e.end_char, e.text, e.label_, e.text.lower() if e.label_ in _ACTOR_LABELS else None
        )
        for e in doc.ents
    ]
    places = [
        PlaceMention(e.start_char, e.end_char, e.text, name=e.text)
        for e in doc.ents
        if e.label_ in _PLACE_LABELS
    ]
    return mentions, places


def predict_type(nlp: Language, text: str) -> str:
    """The PLOVER type of the sentence's main event, or NONE."""
    doc = nlp(text)
    mentions, places = _doc_records(doc)
    events = extract_events(doc, mentions=mentions, places=places, times=[], published=None)
    if not events:
        return "NONE"

    def depth(ev_start: int, ev_end: int) -> int:
        span = doc.char_span(ev_start, ev_end, alignment_mode="expand")
        tok = span.root if span is not None else doc[0]
        return len(list(tok.ancestors))

    best = min(events, key=lambda e: (depth(e.trigger.start, e.trigger.end), e.trigger.start))
    return best.type


def gsr_items(path: Path) -> Iterator[tuple[str, str]]:
    for record in json.loads(path.read_text(encoding="utf-8")):
        label = LABEL_MAP.get(record.get("event", ""), record.get("event", ""))
        if label in LEFT_OUT or not record.get("text"):
            continue
        yield record["text"].strip("{} "), label


def score_types(pairs: list[tuple[str, str]]) -> TypeScores:
    gold_types = sorted({g for g, _ in pairs})
    per: dict[str, tuple[float, float, float, int]] = {}
    for t in gold_types:
        tp = sum(1 for g, p in pairs if g == t and p == t)
        fp = sum(1 for g, p in pairs if g != t and p == t)
        fn = sum(1 for g, p in pairs if g == t and p != t)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[t] = (prec, rec, f1, tp + fn)
    macro = sum(v[2] for v in per.values()) / len(per) if per else 0.0
    acc = sum(1 for g, p in pairs if g == p) / len(pairs) if pairs else 0.0
    return TypeScores(len(pairs), macro, acc, per)


def eval_gsr(nlp: Language, path: Path, *, limit: int | None = None) -> TypeScores:
    items = list(gsr_items(path))
    if limit is not None:
        items = items[:: max(1, len(items) // limit)][:limit]
    return score_types([(gold, predict_type(nlp, text)) for text, gold in items])


def _location_doc(nlp: Language, record: dict[str, Any]) -> Doc:
    tokens = record["tokens"]
    words = [t["text"] for t in tokens]
    spaces = [i + 1 < len(tokens) and tokens[i + 1]["start"] > t["end"] for i, t in enumerate(tokens)]
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def eval_location(nlp: Language, path: Path, *, limit: int | None = None, sentence: bool = False) -> float:
    """Accuracy of the chosen event location (overlap with a gold span, or both none)."""
    right = total = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            spans = record.get("spans") or []
            verbs = [s for s in spans if s["label"] == "VERB"]
            if not verbs or not record.get("tokens"):
                continue
            doc = _location_doc(nlp, record)
            verb = verbs[0]
            chosen = choose_event_location(
                doc, doc[verb["token_start"] : verb["token_end"] + 1], sentence=sentence
            )
            gold = [(s["token_start"], s["token_end"] + 1) for s in spans if s["label"] == "LOCATION"]
            if chosen is None:
                right += not gold
            else:
                right += any(chosen.start < end and start < chosen.end for start, end in gold)
            total += 1
            if limit is not None and total >= limit:
                break
    return right / total if total else 0.0


def main(path: Path, *, limit: int | None, as_json: bool) -> int:
    """Run both evaluations on the dev sets under ``path`` (the shared data folder).

    Returns an exit code: 0 when scored, 2 when the data is missing.
    """
    from newsgraph.nlp.spacy_model import load_model

    gsr, loc = path / GSR_FILE, path / LOCATION_FILE
    missing = [str(p) for p in (gsr, loc) if not p.is_file()]
    if missing:
        print(
            f"missing dev data: {', '.join(missing)}; pass the folder that holds plover-gsr/ and event-location-dev/"
        )
        return 2
    nlp = load_model()
    types = eval_gsr(nlp, gsr, limit=limit)
    location = eval_location(nlp, loc, limit=limit)
    result = {
        "plover_gsr": {
            "n": types.n,
            "macro_f1": round(types.macro_f1, 4),
            "accuracy": round(types.accuracy, 4),
            "per_type": {
                k: {
                    "precision": round(v[0], 3),
                    "recall": round(v[1], 3),
                    "f1": round(v[2], 3),
                    "support": v[3],
                }
                for k, v in types.per_type.items()
            },
        },
        "event_location": {"accuracy": round(location, 4), "limit": limit},
    }
    if as_json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"PLOVER GSR: n={types.n} macro-F1={types.macro_f1:.3f} accuracy={types.accuracy:.3f}")
    print(f"{'type':<11} {'P':>6} {'R':>6} {'F1':>6} {'n':>4}")
    for name, (p, r, f, n) in sorted(types.per_type.items()):
        print(f"{name:<11} {p:6.3f} {r:6.3f} {f:6.3f} {n:4d}")
    print(f"event location accuracy: {location:.3f}" + (f" (first {limit})" if limit else ""))
    return 0
