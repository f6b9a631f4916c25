"""``newsgraph eval ner PATH``: CoNLL-2003 entity-level P/R/F1, raw spaCy model vs newsgraph.

Both systems are scored in one run on the same tokens: each CoNLL document is parsed once by the
raw model, then a copy goes through newsgraph's actor component, so the only difference between
the two rows is our code. Scoring is conlleval's: exact span and type; spaCy PERSON -> PER,
ORG -> ORG, GPE/LOC/FAC -> LOC; MISC (NORP and the rest) is not scored.

>>> main(Path("../shared/data/conll2003-dev/eng.testa"), limit=50, as_json=False)  # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.errors import NewsgraphError

TYPES = ("PER", "ORG", "LOC")
SPACY_TO_CONLL = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}

Entity = tuple[int, int, str]  # token start, token end (exclusive), type


@dataclass(frozen=True, slots=True)
class ConllDoc:
    words: tuple[str, ...]
    gold: frozenset[Entity]


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    tp: int
    predicted: int
    gold: int


@dataclass(frozen=True)
class NerReport:
    """Per-type and micro scores for each system ("spacy" and "newsgraph")."""

    documents: int
    tokens: int
    systems: dict[str, dict[str, Scores]] = field(default_factory=dict)

    def f1(self, system: str, type_: str = "micro") -> float:
        return self.systems[system][type_].f1


def read_conll(path: Path) -> Iterator[ConllDoc]:
    """Documents of a CoNLL-2003 file (IOB1 or IOB2 tags in the last column)."""
    words: list[str] = []
    tags: list[str] = []

    def flush() -> Iterator[ConllDoc]:
        if words:
            yield ConllDoc(tuple(words), frozenset(_spans(tags)))
        words.clear()
        tags.clear()

    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if not parts:
                if words and words[-1] != "\n":
                    words.append("\n")  # the sentence break, as a whitespace token the model sees
                    tags.append("O")
                continue
            if parts[0] == "-DOCSTART-":
                yield from flush()
                continue
            words.append(parts[0])
            tags.append(parts[-1])
    yield from flush()


def _spans(tags: list[str]) -> Iterator[Entity]:
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, type_ = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and type_ != kind)
        if kind and (tag == "O" or begins):
            if kind in TYPES:
                yield (start, i, kind)
            kind = ""
        if tag != "O" and (begins or not kind):
            start, kind = i, type_


def predicted(doc: Doc) -> frozenset[Entity]:
    out = set()
    for ent in doc.ents:
        type_ = SPACY_TO_CONLL.get(ent.label_)
        if type_ and ent.text.strip():
            out.add((ent.start, ent.end, type_))
    return frozenset(out)


def score(pairs: Iterable[tuple[frozenset[Entity], frozenset[Entity]]]) -> dict[str, Scores]:
    """conlleval-style scores from (gold, predicted) entity sets."""
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for gold, pred in pairs:
        for _, _, t in gold:
            n_gold[t] += 1
        for _, _, t in pred:
            n_pred[t] += 1
        for _, _, t in gold & pred:
            tp[t] += 1
    out = {t: _prf(tp[t], n_pred[t], n_gold[t]) for t in TYPES}
    out["micro"] = _prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return out


def _prf(tp: int, pred: int, gold: int) -> Scores:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Scores(round(p, 4), round(r, 4), round(f, 4), tp, pred, gold)


def evaluate(path: Path, *, limit: int | None = None, nlp: Language | None = None) -> NerReport:
    """Score the raw model and newsgraph on the first ``limit`` documents of ``path``."""
    from newsgraph.nlp.actors.ruler import ActorRecognizer
    from newsgraph.nlp.spacy_model import load_model

    path = _resolve(path)
    base = nlp or load_model()
    if "newsgraph_actors" in base.pipe_names:
        raise NewsgraphError("pass the raw model to evaluate(): newsgraph's components are added here")
    recogniser = ActorRecognizer(base)
    docs = list(read_conll(path))[: limit if limit else None]
    spacy_docs = base.pipe((Doc(base.vocab, words=list(d.words)) for d in docs), batch_size=16)
    raw_pairs, ours_pairs = [], []
    for conll, parsed in zip(docs, spacy_docs, strict=True):
        raw_pairs.append((conll.gold, predicted(parsed)))
        ours_pairs.append((conll.gold, predicted(recogniser(parsed.copy()))))
    return NerReport(
        documents=len(docs),
        tokens=sum(len(d.words) for d in docs),
        systems={"spacy": score(raw_pairs), "newsgraph": score(ours_pairs)},
    )


def _resolve(path: Path) -> Path:
    if path.is_dir():
        for name in ("eng.testa", "conll2003-dev/eng.testa"):
            if (path / name).is_file():
                return path / name
    if not path.is_file():
        raise NewsgraphError(
            f"no CoNLL-2003 file at {path}: pass the eng.testa file or the folder that holds it "
            "(../shared/data/conll2003-dev)"
        )
    return path


def main(path: Path, *, limit: int | None, as_json: bool) -> int:
    """Print the report (a table, or JSON with ``as_json``); exit code 0, or 2 when nothing was read."""
    try:
        report = evaluate(path, limit=limit)
    except NewsgraphError as exc:
        print(f"error: {exc}")
        return 2
    if report.documents == 0:
        print(f"error: no documents in {path}")
        return 2
    if as_json:
        data = {
            "documents": report.documents,
            "tokens": report.tokens,
            "systems": {s: {t: asdict(v) for t, v in rows.items()} for s, rows in report.systems.items()},
        }
        print(json.dumps(data, indent=2))
        return 0
    print(f"CoNLL-2003 {path.name}: {report.documents} documents, {report.tokens} tokens")
    print(f"{'system':<10} {'type':<6} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6} {'pred':>6}")
    for system, rows in report.systems.items():
        for type_, s in rows.items():
            print(
                f"{system:<10} {type_:<6} {s.precision:7.4f} {s.recall:7.4f} {s.f1:7.4f} {s.gold:6d} {s.predicted:6d}"
            )
    return 0
