"""`newsgraph eval time PATH`: time expressions scored on MEANTIME (TIMEX3 with a creation time).

Scoring (the team's convention, see ../shared/data/README.md):

* span P/R/F1: a predicted span matches a gold TIMEX3 when their characters overlap (one-to-one);
* value accuracy: on matched pairs, the share whose value equals the gold value exactly.

Only the annotated part of each article counts (MEANTIME annotates the first sentences: up to the
last sentence that carries any markable). The creation-time TIMEX3 (the dateline, given to the
system as the anchor) is left out of gold and predictions alike. MEANTIME writes a decade as three
digits ("197"); we write "197X", so gold decades are compared in that form.

The baseline is what most pipelines do: spaCy's DATE/TIME entities, valued by dateparser with the
creation time as the relative base, its value formatted from dateparser's period.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.nlp.time.normalise import extract_times

_NO_SPACE_BEFORE = {",", ".", ";", ":", "'s", "’s", "n't", ")", "%", "'", "?", "!"}
_NO_SPACE_AFTER = {"(", "$", "US$", "#"}


@dataclass(frozen=True, slots=True)
class GoldTimex:
    start: int
    end: int
    value: str


@dataclass(frozen=True, slots=True)
class MeantimeDoc:
    name: str
    text: str
    dct: dt.date
    dct_span: tuple[int, int] | None
    annotated_end: int  # character offset where the annotated sentences end
    gold: tuple[GoldTimex, ...]


@dataclass(frozen=True, slots=True)
class Scores:
    system: str
    gold: int
    predicted: int
    matched: int
    value_correct: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.value_correct / self.matched if self.matched else 0.0

    def as_dict(self) -> dict[str, float | int | str]:
        return {
            "system": self.system,
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "span_precision": round(self.precision, 4),
            "span_recall": round(self.recall, 4),
            "span_f1": round(self.f1, 4),
            "value_accuracy": round(self.value_accuracy, 4),
        }


def read_meantime(path: Path) -> Iterator[MeantimeDoc]:
    """MEANTIME documents under ``path`` (the corpus folder, or one of its XML files)."""
    files = [path] if path.is_file() else sorted((path / "intra-doc_annotation").glob("*/*.xml"))
    if not files:
        files = sorted(path.rglob("*.xml"))
    for file in files:
        yield _read_file(file)


def _read_file(file: Path) -> MeantimeDoc:
    root = ET.parse(file).getroot()
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    sentence_of: dict[str, int] = {}
    sentence_end: dict[int, int] = {}
    length = 0
    last_sentence = -1
    previous = ""
    for token in root.iter("token"):
        word = token.text or ""
        sentence = int(token.get("sentence", "0"))
        if last_sentence >= 0 and sentence != last_sentence:
            sep = "\n"
        elif not parts or word in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER:
            sep = ""
        else:
            sep = " "
        parts.append(sep + word)
        length += len(sep)
        t_id = token.get("t_id", "")
        offsets[t_id] = (length, length + len(word))
        sentence_of[t_id] = sentence
        length += len(word)
        sentence_end[sentence] = length
        last_sentence, previous = sentence, word
    text = "".join(parts)
    markables = root.find("Markables")
    annotated = max(
        (
            sentence_of[a.get("t_id", "")]
            for a in (markables.iter("token_anchor") if markables is not None else ())
        ),
        default=0,
    )
    gold: list[GoldTimex] = []
    dct = dt.date(1970, 1, 1)
    dct_span = None
    for timex in root.iter("TIMEX3"):
        ids = [a.get("t_id", "") for a in timex.iter("token_anchor")]
        value = timex.get("value", "")
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = _dct_date(value)
            if ids:
                dct_span = (offsets[ids[0]][0], offsets[ids[-1]][1])
            continue
        if not ids:
            continue
        if re.fullmatch(r"\d{3}", value):
            value += "X"
        gold.append(GoldTimex(offsets[ids[0]][0], offsets[ids[-1]][1], value))
    return MeantimeDoc(file.stem, text, dct, dct_span, sentence_end.get(annotated, length), tuple(gold))


def _dct_date(value: str) -> dt.date:
    """The creation date; one file writes it day-first ("03-02-2009")."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    m = re.match(r"(\d{2})-(\d{2})-(\d{4})", value)
    if m:
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    raise ValueError(f"unreadable MEANTIME creation time {value!r}")


Predict = Callable[[Doc, dt.date], list[tuple[int, int, str]]]


def predict_newsgraph(doc: Doc, dct: dt.date) -> list[tuple[int, int, str]]:
    return [(t.start, t.end, t.value) for t in extract_times(doc, published=dct)]


def predict_dateparser(doc: Doc, dct: dt.date) -> list[tuple[int, int, str]]:
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en"],
        settings={"PREFER_DATES_FROM": "past", "RELATIVE_BASE": dt.datetime(dct.year, dct.month, dct.day)},
    )
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        data = parser.get_date_data(ent.text)
        value = ""
        if data.date_obj is not None:
            d = data.date_obj.date()
            period = data.period or "day"
            if period == "year":
                value = f"{d.year:04d}"
            elif period == "month":
                value = f"{d.year:04d}-{d.month:02d}"
            elif period == "week":
                value = f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}"
            else:
                value = d.isoformat()
        out.append((ent.start_char, ent.end_char, value))
    return out


def score(docs: list[MeantimeDoc], parsed: list[Doc], predict: Predict, name: str) -> Scores:
    gold_n = predicted_n = matched = correct = 0
    for mdoc, doc in zip(docs, parsed, strict=True):
        predictions = [
            p
            for p in predict(doc, mdoc.dct)
            if p[0] < mdoc.annotated_end
            and not (mdoc.dct_span and p[0] < mdoc.dct_span[1] and mdoc.dct_span[0] < p[1])
        ]
        gold_n += len(mdoc.gold)
        predicted_n += len(predictions)
        used: set[int] = set()
        for g in mdoc.gold:
            for i, (s, e, value) in enumerate(predictions):
                if i not in used and s < g.end and g.start < e:
                    used.add(i)
                    matched += 1
                    correct += value == g.value
                    break
    return Scores(name, gold_n, predicted_n, matched, correct)


def evaluate(path: Path, *, nlp: Language, limit: int | None = None) -> list[Scores]:
    """Score newsgraph and the dateparser-only baseline on the same documents and parses."""
    docs = list(read_meantime(path))[:limit]
    parsed = list(nlp.pipe(d.text for d in docs))
    return [
        score(docs, parsed, predict_newsgraph, "newsgraph"),
        score(docs, parsed, predict_dateparser, "spacy+dateparser"),
    ]


def main(path: Path, *, limit: int | None, as_json: bool) -> int:
    """Print the scores; exit code 2 when ``path`` holds no MEANTIME documents."""
    from newsgraph.nlp.spacy_model import load_model

    if not any(read_meantime(path)):
        print(f"no MEANTIME XML files under {path}: pass the meantime-en folder (../shared/data/meantime-en)")
        return 2
    results = evaluate(path, nlp=load_model(), limit=limit)
    if as_json:
        print(json.dumps([r.as_dict() for r in results], indent=2))
        return 0
    print(f"{'system':<18} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6} {'value acc':>9}")
    for r in results:
        print(
            f"{r.system:<18} {r.gold:>5} {r.predicted:>5} {r.precision:>6.3f} {r.recall:>6.3f} "
            f"{r.f1:>6.3f} {r.value_accuracy:>9.3f}"
        )
    return 0


if __name__ == "__main__":  # pragma: no cover - manual runs: python -m newsgraph.eval.time PATH
    import sys

    raise SystemExit(main(Path(sys.argv[1]), limit=None, as_json="--json" in sys.argv))
