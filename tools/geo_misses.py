"""List the GeoWebNews / GeoVirus gold toponyms the system does not find, grouped by cause.

Run: PYTHONPATH=$PWD .venv/bin/python tools/geo_misses.py [GWN.xml] [--limit N] [--show K] [--fp]

Causes, for a gold span that no predicted place matches exactly:

* ``boundary``: a predicted place overlaps it, with other boundaries;
* ``gate``: the model tagged it GPE/LOC/FAC (overlapping), and recognition dropped it;
* ``other-label:X``: the model tagged an overlapping entity with label X (PERSON, ORG...);
* ``no-entity``: nothing in the model's entities overlaps it.

Parsed documents are cached as a spaCy DocBin under /tmp (keyed by file, size and model), so
repeated runs only redo recognition and resolution. ``--fp`` lists false positives instead.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter, defaultdict
from pathlib import Path

from spacy.tokens import Doc, DocBin

from newsgraph.eval.geo import GeoScores, read_gold, score_article
from newsgraph.nlp.places.gazetteer import get_gazetteer
from newsgraph.nlp.places.resolve import extract_places
from newsgraph.nlp.spacy_model import load_model

PLACE_LABELS = ("GPE", "LOC", "FAC")
DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "geowebnews" / "GWN.xml"


def parsed_docs(path: Path, texts: list[str]) -> list[Doc]:
    """The texts parsed by the default model, from a DocBin cache when one matches."""
    nlp = load_model()
    key = hashlib.sha1(
        f"{path.resolve()}|{path.stat().st_size}|{len(texts)}|{nlp.meta['name']}".encode()
    ).hexdigest()
    cache = Path("/tmp") / f"geo_docs_{key[:12]}.spacy"
    if cache.is_file():
        return list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    docs = list(nlp.pipe(texts))
    DocBin(store_user_data=True, docs=docs).to_disk(cache)
    return docs


def _sentence(doc: Doc, start: int, end: int) -> str:
    span = doc.char_span(start, end, alignment_mode="expand")
    sent = span.sent.text if span is not None else doc.text[max(0, start - 80) : end + 80]
    return " ".join(sent.split())[:220]


def _cause(doc: Doc, start: int, end: int, predicted: list) -> tuple[str, str]:  # type: ignore[type-arg]
    over = [p for p in predicted if p.start < end and start < p.end]
    if over:
        return "boundary", f"predicted {over[0].text!r}"
    ents = [e for e in doc.ents if e.start_char < end and start < e.end_char]
    if not ents:
        return "no-entity", ""
    ent = next((e for e in ents if e.label_ in PLACE_LABELS), ents[0])
    label = "gate" if ent.label_ in PLACE_LABELS else f"other-label:{ent.label_}"
    return label, f"{ent.label_} {ent.text!r}"


def gold_types(path: Path) -> list[dict[tuple[int, int], str]]:
    """Per article, the gold toponyms' GWN types by span (GeoVirus has none: "")."""
    import xml.etree.ElementTree as ET

    out = []
    for art in ET.parse(path).getroot().iter("article"):
        types = {}
        for el in list(art.iter("toponym")) + list(art.iter("location")):
            span = (int(el.findtext("start") or 0), int(el.findtext("end") or 0))
            types[span] = el.findtext("type") or ""
        out.append(types)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--show", type=int, default=15, help="examples listed per cause")
    ap.add_argument("--fp", action="store_true", help="list false positives instead of misses")
    ap.add_argument("--cause", default="", help="list only this cause (prefix)")
    ap.add_argument("--by-type", action="store_true", help="group misses by GWN type as well")
    args = ap.parse_args()
    articles = list(read_gold(args.path))[: args.limit]
    docs = parsed_docs(args.path, [a.text for a in articles])
    types = gold_types(args.path)
    gaz = get_gazetteer()
    scores = GeoScores("newsgraph")
    groups: dict[str, list[str]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for n, (article, doc) in enumerate(zip(articles, docs, strict=True)):
        predicted = extract_places(doc, gazetteer=gaz)
        score_article(article, predicted, scores)
        gold = {(t.start, t.end) for t in article.toponyms}
        if args.fp:
            for p in predicted:
                if (p.start, p.end) not in gold:
                    cause = "overlaps-gold" if any(p.start < e and s < p.end for s, e in gold) else "no-gold"
                    counts[cause] += 1
                    groups[cause].append(
                        f"[{n}] {p.text!r} ({p.reason[:60]}) | {_sentence(doc, p.start, p.end)}"
                    )
            continue
        found = {(p.start, p.end) for p in predicted}
        for t in article.toponyms:
            if (t.start, t.end) in found:
                continue
            cause, what = _cause(doc, t.start, t.end, predicted)
            kind = types[n].get((t.start, t.end), "")
            what = f"{kind} {what}"
            if args.by_type:
                cause = f"{cause}/{kind}"
            counts[cause] += 1
            groups[cause].append(f"[{n}] {t.text!r} {what} | {_sentence(doc, t.start, t.end)}")
    s = scores.summary()
    print(f"span P {s['span_p']} R {s['span_r']} F1 {s['span_f1']} acc@161 {s['acc_161']}  (tp {scores.tp} "
          f"fp {scores.fp} fn {scores.fn})")  # fmt: skip
    for cause, k in counts.most_common():
        print(f"{cause:24} {k}")
    for cause, _ in counts.most_common():
        if args.cause and not cause.startswith(args.cause):
            continue
        print(f"\n== {cause} ({counts[cause]})")
        for line in groups[cause][: args.show]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
