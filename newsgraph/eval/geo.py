"""Geoparsing evaluation on GeoWebNews (GWN.xml) and GeoVirus (GeoVirus.xml).

Scores, for newsgraph and for a population-only baseline (same toponyms, each resolved to its
most populous exact-name candidate):

* span detection P/R/F1: exact character spans, against every gold toponym with coordinates;
* accuracy within 161 km on *literal* toponyms (GWN types Literal and Literal_Modifier; every
  GeoVirus location): a gold toponym counts as right when a predicted place overlaps its span and
  lies within 161 km; a miss or an unresolved place counts as wrong;
* median error (km) over the literal toponyms that were found and resolved.
"""

from __future__ import annotations

import json
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from newsgraph.model import PlaceMention
from newsgraph.nlp.places.gazetteer import haversine_km

LITERAL_TYPES = frozenset({"Literal", "Literal_Modifier"})
# GeoWebNews' wider literal family (its paper also counts mixed literal/metonymic uses, coerced
# non-toponyms and literal names inside longer names): reported beside, never instead of, the above.
BROAD_LITERAL_TYPES = LITERAL_TYPES | {"Mixed", "Coercion", "Embedded_Literal"}
ACCURACY_KM = 161.0


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float
    lon: float
    literal: bool
    broad_literal: bool = False


@dataclass(frozen=True, slots=True)
class GoldArticle:
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass
class GeoScores:
    """Counts and figures for one system."""

    system: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    literal: int = 0
    correct: int = 0
    errors_km: list[float] = field(default_factory=list)
    broad: int = 0
    broad_correct: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy_161(self) -> float:
        return self.correct / self.literal if self.literal else 0.0

    @property
    def accuracy_found(self) -> float:
        """Accuracy@161 over the literal toponyms that were found and resolved (resolution alone)."""
        return self.correct / len(self.errors_km) if self.errors_km else 0.0

    @property
    def median_error_km(self) -> float | None:
        return statistics.median(self.errors_km) if self.errors_km else None

    def summary(self) -> dict[str, Any]:
        return {
            "system": self.system, "span_p": round(self.precision, 4), "span_r": round(self.recall, 4),
            "span_f1": round(self.f1, 4), "acc_161": round(self.accuracy_161, 4),
            "acc_161_found": round(self.accuracy_found, 4), "literal": self.literal,
            "median_error_km": None if self.median_error_km is None else round(self.median_error_km, 1),
            "acc_161_broad": round(self.broad_correct / self.broad, 4) if self.broad else 0.0,
            "broad_literal": self.broad,
        }  # fmt: skip


def _float(el: ET.Element, *tags: str) -> float | None:
    for tag in tags:
        value = el.findtext(tag)
        if value:
            return float(value)
    return None


def _realign(text: str, start: int, end: int, name: str | None) -> tuple[int, int]:
    """GeoVirus offsets are off by one or two characters; move the span onto the gold name."""
    if not name or text[start:end] == name:
        return start, end
    for shift in (-1, 1, -2, 2, -3, 3):
        if text[start + shift : start + shift + len(name)] == name:
            return start + shift, start + shift + len(name)
    return start, end


def read_gold(path: Path) -> Iterator[GoldArticle]:
    """Articles of a GWN.xml or GeoVirus.xml file (the format is detected from the elements)."""
    root = ET.parse(path).getroot()
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        tops: list[GoldToponym] = []
        for el in list(art.iter("toponym")) + list(art.iter("location")):
            lat, lon = _float(el, "latitude", "lat"), _float(el, "longitude", "lon")
            if lat is None or lon is None:
                continue
            start, end = int(el.findtext("start") or 0), int(el.findtext("end") or 0)
            start, end = _realign(text, start, end, el.findtext("name") or el.findtext("extractedName"))
            kind = el.findtext("type")
            tops.append(
                GoldToponym(start, end, text[start:end], lat, lon, kind is None or kind in LITERAL_TYPES,
                            kind is None or kind in BROAD_LITERAL_TYPES)
            )  # fmt: skip
        yield GoldArticle(text, tuple(tops))


def score_article(gold: GoldArticle, predicted: list[PlaceMention], scores: GeoScores) -> None:
    gold_spans = {(t.start, t.end) for t in gold.toponyms}
    pred_spans = {(p.start, p.end) for p in predicted}
    scores.tp += len(gold_spans & pred_spans)
    scores.fp += len(pred_spans - gold_spans)
    scores.fn += len(gold_spans - pred_spans)
    for t in gold.toponyms:
        if not t.broad_literal and not t.literal:
            continue
        hit = next((p for p in predicted if p.start < t.end and t.start < p.end and p.resolved), None)
        km = None if hit is None else haversine_km(t.lat, t.lon, float(hit.lat or 0.0), float(hit.lon or 0.0))
        if t.broad_literal:
            scores.broad += 1
            scores.broad_correct += km is not None and km <= ACCURACY_KM
        if not t.literal:
            continue
        scores.literal += 1
        if km is None:
            continue  # a miss, or an unresolved place: wrong
        scores.errors_km.append(km)
        scores.correct += km <= ACCURACY_KM


def evaluate(
    path: Path, *, nlp: Callable[[str], Any], limit: int | None = None
) -> tuple[GeoScores, GeoScores]:
    """Run newsgraph and the population baseline over the first ``limit`` articles of ``path``."""
    from newsgraph.nlp.places.gazetteer import get_gazetteer
    from newsgraph.nlp.places.resolve import extract_places, population_baseline

    gaz = get_gazetteer()
    ours, base = GeoScores("newsgraph"), GeoScores("population-only baseline")
    for i, article in enumerate(read_gold(path)):
        if limit is not None and i >= limit:
            break
        doc = nlp(article.text)
        score_article(article, extract_places(doc, gazetteer=gaz), ours)
        score_article(article, population_baseline(doc, gazetteer=gaz), base)
    return ours, base


def main(path: Path, *, limit: int | None = None, as_json: bool = False) -> int:
    """``newsgraph eval geo PATH``: print both systems' figures; exit 2 when PATH is unusable."""
    if path.is_dir():
        found = sorted(path.rglob("GWN.xml")) + sorted(path.rglob("GeoVirus.xml"))
        if not found:
            print(f"no GWN.xml or GeoVirus.xml under {path}: pass the file of a GeoWebNews or GeoVirus set")
            return 2
        path = found[0]
    if not path.is_file():
        print(f"{path} not found: pass GWN.xml (GeoWebNews) or GeoVirus.xml")
        return 2
    from newsgraph.nlp.spacy_model import load_model

    try:
        ours, base = evaluate(path, nlp=load_model(), limit=limit)
    except ET.ParseError as exc:
        print(f"{path} is not a GeoWebNews/GeoVirus XML file ({exc})")
        return 2
    rows = [ours.summary(), base.summary()]
    if as_json:
        print(json.dumps({"file": str(path), "limit": limit, "systems": rows}, indent=2))
        return 0
    print(
        f"{path.name}: {rows[0]['literal']} literal toponyms{f' (first {limit} articles)' if limit else ''}"
    )
    print(
        f"{'system':28} {'span P':>7} {'span R':>7} {'span F1':>7} {'acc@161':>8} {'found acc':>9} "
        f"{'median km':>10} {'broad acc':>9}"
    )
    for r in rows:
        med = "-" if r["median_error_km"] is None else f"{r['median_error_km']:.1f}"
        print(
            f"{r['system']:28} {r['span_p']:7.3f} {r['span_r']:7.3f} {r['span_f1']:7.3f} {r['acc_161']:8.3f} "
            f"{r['acc_161_found']:9.3f} {med:>10} {r['acc_161_broad']:9.3f}"
        )
    print(
        f"broad acc: accuracy@161 over {rows[0]['broad_literal']} toponyms of types {sorted(BROAD_LITERAL_TYPES)}"
    )
    return 0


__all__ = [
    "GeoScores",
    "GoldArticle",
    "GoldToponym",
    "evaluate",
    "main",
    "read_gold",
    "score_article",
    "asdict",
]
