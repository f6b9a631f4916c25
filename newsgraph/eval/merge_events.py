"""Score cross-document event merging at event level: which KB event each outlet's report of an
incident ends up in, and what that merged event says.

The set is a folder with ``articles/`` (plain text, no metadata) and an event-level
``gold.json`` (see tests/fixtures/merge2/README.md)::

    {"articles": {"e01_b.txt": {
        "events": [{"event": "e01", "evidence": "killed by the Syrian army's shelling of Atarib",
                    "sub_event_type": "Shelling/artillery/missile attack", "date": "2025-02-11",
                    "place": {"name": "Atarib", "lat": 36.1386, "lon": 36.8303},
                    "fatalities": [5, 9], "toll": 7}],
        "background": ["a week after a bombardment of the town killed seven people"]}}}

Everything is ingested through the real pipeline into a fresh knowledge base. Each gold
*mention* (an article's report of a gold event) is mapped to the KB events a default list shows
(not negated) that have a source in that document whose sentence, or one of its further evidence
sentences, contains the gold evidence string (where several events share that sentence, those
whose trigger lies inside the evidence: a roundup sentence that tells two incidents). Then:

- **mention-pair recall**: of the pairs of outlets' reports of one gold event, the share whose
  KB events overlap;
- **false links**: of the mention pairs whose KB events overlap, the share that report different
  gold events (a roundup's two incidents count too);
- **fragmentation**: distinct KB events per gold event over its documents, averaged over the
  gold events two or more outlets report (1.0 is perfect);
- on the **merged event** (the KB event holding most of the gold event's mentions): ACLED
  sub-type, day, place within 25 km, and toll inside the range the outlets give;
- **background**: recalled history or statistics that became a shown event, and those of them
  that joined another document's event.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newsgraph.errors import NewsgraphError

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase
    from newsgraph.query.records import EventRecord

DEFAULT_PATH = None
# ACLED codes a place's coordinates to the town; a report "near Aleppo" of a town 25 km out is
# still right at that precision, one 40 km away is another place.
PLACE_KM = 25.0


@dataclass(frozen=True, slots=True)
class GoldMention:
    """One article's report of one gold event."""

    article: str
    event: str
    evidence: str
    sub_event_type: str
    date: str
    lat: float
    lon: float
    fatalities: tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldSet:
    mentions: tuple[GoldMention, ...]
    background: tuple[tuple[str, str], ...]  # (article, substring)


@dataclass(frozen=True, slots=True)
class KbEvent:
    """The parts of a KB event the scorer reads: its sources' text spans per article file name."""

    id: int
    spans: dict[str, tuple[tuple[int, int], ...]]
    sub_event_type: str | None
    date_start: str | None
    date_end: str | None
    lat: float | None
    lon: float | None
    fatalities: int | None
    # Its sources' trigger offsets per article file name: where one sentence reports two events
    # (a roundup's "15 were killed in the shelling of the camp, and three died in a drone strike
    # in Nyala"), the event whose trigger lies inside a mention's evidence is the one it names.
    triggers: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MergeEventsScore:
    mentions: int
    mapped: int  # mentions with at least one KB event
    gold_events: int
    gold_pairs: int
    found_pairs: int
    linked_pairs: int
    false_links: int
    fragmentation: float  # mean distinct KB events per gold event reported by 2+ outlets
    attributes: dict[str, tuple[int, int]]  # name -> (right, scored)
    background: int
    background_shown: int
    background_joined: int
    examples: tuple[str, ...]

    @property
    def pair_recall(self) -> float:
        return self.found_pairs / self.gold_pairs if self.gold_pairs else 1.0

    @property
    def false_link_rate(self) -> float:
        return self.false_links / self.linked_pairs if self.linked_pairs else 0.0

    def share(self, name: str) -> float:
        right, scored = self.attributes[name]
        return right / scored if scored else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "mentions": self.mentions,
            "mapped": self.mapped,
            "gold_events": self.gold_events,
            "gold_pairs": self.gold_pairs,
            "found_pairs": self.found_pairs,
            "pair_recall": round(self.pair_recall, 3),
            "linked_pairs": self.linked_pairs,
            "false_links": self.false_links,
            "false_link_rate": round(self.false_link_rate, 3),
            "fragmentation": round(self.fragmentation, 3),
            **{f"{k}_right": list(v) for k, v in self.attributes.items()},
            **{k: round(self.share(k), 3) for k in self.attributes},
            "background": self.background,
            "background_shown": self.background_shown,
            "background_joined": self.background_joined,
            "examples": list(self.examples),
        }


def is_event_level(path: Path) -> bool:
    """Whether ``path``/gold.json lists events per article (this scorer) or one event per article."""
    gold_file = path / "gold.json"
    if not gold_file.is_file():
        return False
    rows = json.loads(gold_file.read_text(encoding="utf-8")).get("articles", {})
    return bool(rows) and all(isinstance(r, dict) and "events" in r for r in rows.values())


def load_gold(path: Path) -> GoldSet:
    if not is_event_level(path) or not (path / "articles").is_dir():
        raise NewsgraphError(
            f"{path} is not an event-level merge set: it needs articles/ and a gold.json whose"
            " articles each list their events (see tests/fixtures/merge2/README.md)"
        )
    rows = json.loads((path / "gold.json").read_text(encoding="utf-8"))["articles"]
    mentions = tuple(
        GoldMention(
            article=name,
            event=str(e["event"]),
            evidence=e["evidence"],
            sub_event_type=e["sub_event_type"],
            date=e["date"],
            lat=float(e["place"]["lat"]),
            lon=float(e["place"]["lon"]),
            fatalities=(int(e["fatalities"][0]), int(e["fatalities"][1])),
        )
        for name, row in sorted(rows.items())
        for e in row["events"]
    )
    background = tuple((name, s) for name, row in sorted(rows.items()) for s in row.get("background", ()))
    return GoldSet(mentions, background)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def _covering(events: Sequence[KbEvent], article: str, start: int, end: int) -> set[int]:
    return {e.id for e in events for s, t in e.spans.get(article, ()) if s <= start and end <= t}


def _mentioned(events: Sequence[KbEvent], article: str, start: int, end: int) -> set[int]:
    """The events a mention's evidence names: those covering its sentence, narrowed, when several
    do, to those whose trigger lies inside the evidence (one sentence, two events)."""
    hits = _covering(events, article, start, end)
    if len(hits) < 2:
        return hits
    inside = {
        e.id
        for e in events
        if e.id in hits and any(start <= s and t <= end for s, t in e.triggers.get(article, ()))
    }
    return inside or hits


def _locate(texts: dict[str, str], article: str, needle: str) -> tuple[int, int] | None:
    at = texts.get(article, "").find(needle)
    return (at, at + len(needle)) if at >= 0 else None


def _attributes(gold: GoldMention, event: KbEvent) -> dict[str, bool]:
    low, high = gold.fatalities
    toll = event.fatalities if event.fatalities is not None else 0
    return {
        "sub_type": event.sub_event_type == gold.sub_event_type,
        "day": event.date_start == gold.date and event.date_end in (None, gold.date),
        "place": event.lat is not None
        and event.lon is not None
        and km(event.lat, event.lon, gold.lat, gold.lon) <= PLACE_KM,
        "toll": low <= toll <= high,
    }


def score_events(
    gold: GoldSet, texts: dict[str, str], shown: Sequence[KbEvent], *, hidden: Sequence[KbEvent] = ()
) -> MergeEventsScore:
    """Score the KB events a default list shows (``shown``) against ``gold``; ``texts`` are the
    documents' stored texts by article file name (the offsets the spans refer to). ``hidden`` are
    the events the list leaves out (background, comments), read only for the examples."""
    examples: list[str] = []
    mapped: dict[GoldMention, set[int]] = {}
    for m in gold.mentions:
        span = _locate(texts, m.article, m.evidence)
        if span is None:
            examples.append(f"{m.article}: evidence not in the stored text: {m.evidence!r}")
            mapped[m] = set()
            continue
        mapped[m] = _mentioned(shown, m.article, *span)
        if not mapped[m]:
            why = " (only a hidden event)" if _covering(hidden, m.article, *span) else ""
            examples.append(f"{m.article}: no shown event for {m.event} {m.evidence!r}{why}")
    gold_pairs = found = linked = false = 0
    for a, b in itertools.combinations(gold.mentions, 2):
        same = a.event == b.event
        share = bool(mapped[a] & mapped[b])
        gold_pairs += same
        found += same and share
        linked += share
        if share and not same:
            false += 1
            examples.append(f"false link {a.article} {a.event} ~ {b.article} {b.event}")
        elif same and not share and mapped[a] and mapped[b]:
            examples.append(f"missed {a.event}: {a.article} ~ {b.article}")
    by_event: dict[str, list[GoldMention]] = defaultdict(list)
    for m in gold.mentions:
        by_event[m.event].append(m)
    events = {e.id: e for e in shown}
    fragments: list[int] = []
    attributes: dict[str, list[int]] = {k: [0, 0] for k in ("sub_type", "day", "place", "toll")}
    for name, ms in sorted(by_event.items()):
        counts = Counter(i for m in ms for i in mapped[m])
        if not counts:
            continue
        if len(ms) > 1:
            fragments.append(len(counts))
        merged = events[min(counts, key=lambda i: (-counts[i], i))]
        for key, right in _attributes(ms[0], merged).items():
            attributes[key][0] += right
            attributes[key][1] += 1
            if not right:
                examples.append(f"{name} {key} wrong on event {merged.id}: {_show(merged)}")
    shown_bg = joined_bg = 0
    for article, needle in gold.background:
        span = _locate(texts, article, needle)
        hits = _covering(shown, article, *span) if span else set()
        shown_bg += bool(hits)
        joined = any(set(events[i].spans) - {article} for i in hits)
        joined_bg += joined
        if hits:
            examples.append(f"background shown{' and joined' if joined else ''}: {article} {needle!r}")
    return MergeEventsScore(
        mentions=len(gold.mentions),
        mapped=sum(1 for v in mapped.values() if v),
        gold_events=len(by_event),
        gold_pairs=gold_pairs,
        found_pairs=found,
        linked_pairs=linked,
        false_links=false,
        fragmentation=sum(fragments) / len(fragments) if fragments else 0.0,
        attributes={k: (v[0], v[1]) for k, v in attributes.items()},
        background=len(gold.background),
        background_shown=shown_bg,
        background_joined=joined_bg,
        examples=tuple(examples),
    )


def _show(e: KbEvent) -> str:
    return f"{e.sub_event_type} {e.date_start}..{e.date_end} ({e.lat}, {e.lon}) toll {e.fatalities}"


def kb_event(record: EventRecord, origin: dict[str, str]) -> KbEvent:
    """A query record as the scorer reads it: each source's sentence and evidence spans, by the
    article file its document came from."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    triggers: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s in record.sources:
        if s.document in origin:
            triggers[origin[s.document]].append((s.trigger_start, s.trigger_end))
            spans[origin[s.document]].append((s.sentence_start, s.sentence_end))
            spans[origin[s.document]].extend((a, b) for a, b, _ in s.evidence)
    place = record.place
    return KbEvent(
        id=record.id,
        spans={k: tuple(v) for k, v in spans.items()},
        sub_event_type=record.acled_sub_event_type,
        date_start=record.date_start,
        date_end=record.date_end,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        fatalities=record.fatalities,
        triggers={k: tuple(v) for k, v in triggers.items()},
    )


def score_kb(kb: KnowledgeBase, gold: GoldSet) -> MergeEventsScore:
    from newsgraph.query.documents import get_document, list_documents
    from newsgraph.query.events import list_events
    from newsgraph.query.filters import EventFilter

    origin = {d.id: Path(d.origin).name for d in list_documents(kb).items if d.origin}
    texts = {name: get_document(kb, doc_id).text for doc_id, name in origin.items()}
    everything = list_events(kb, EventFilter(include_background=True, include_comments=True)).items
    shown_ids = {e.id for e in list_events(kb).items if not e.negated}
    shown = [kb_event(e, origin) for e in everything if e.id in shown_ids]
    hidden = [kb_event(e, origin) for e in everything if e.id not in shown_ids]
    return score_events(gold, texts, shown, hidden=hidden)


def evaluate(path: Path, *, db: Path | None = None) -> MergeEventsScore:
    from newsgraph.eval.merge import score_built_kb

    gold = load_gold(path)
    return score_built_kb(path, db, lambda kb: score_kb(kb, gold))


def main(path: Path, *, as_json: bool = False) -> int:
    """Print the scores (eval.merge.main checks the options and sends event-level sets here)."""
    score = evaluate(Path(path))
    if as_json:
        print(json.dumps(score.as_dict(), indent=2))
        return 0
    attrs = "  ".join(f"{k} {score.share(k):.3f} ({r}/{n})" for k, (r, n) in score.attributes.items())
    print(
        f"mentions {score.mentions} (mapped {score.mapped})  gold events {score.gold_events}"
        f"  pair recall {score.pair_recall:.3f} ({score.found_pairs}/{score.gold_pairs})"
        f"  false links {score.false_link_rate:.3f} ({score.false_links}/{score.linked_pairs})"
        f"  fragmentation {score.fragmentation:.2f}\n"
        f"merged event: {attrs}\n"
        f"background {score.background}: shown {score.background_shown}, joined {score.background_joined}"
    )
    for line in score.examples:
        print("  " + line)
    return 0
