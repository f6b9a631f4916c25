"""Score cross-document event merging on a set of articles whose gold says which report one event.

The set is a folder with ``articles/`` (plain-text files, no metadata, as in a held-out crawl)
and ``gold.json``::

    {"articles": {"kharkiv_a.txt": {"event": "kharkiv", "max_toll": 5}, ...}}

Articles with the same ``event`` report one event; ``max_toll`` is the largest death toll the
article gives for an event it reports now (null when it gives none, or only war-wide statistics).
Everything is ingested through the real pipeline into a fresh SQLite knowledge base, then:

- **pair recall**: of the pairs of articles that report one event, the share that end up sharing
  an event in the KB (an event with sources in both);
- **false links**: of the article pairs that share an event, the share whose gold events differ;
- **tolls over**: events whose toll exceeds the largest ``max_toll`` of the articles they come
  from (a sum over sources, or a war-wide statistic become an event toll), and whether any event
  toll exceeds the largest toll any article in the set reports.

Only the events a default list shows count (not background, not from comments, not negated).
A set whose gold lists each article's events (tests/fixtures/merge2) is scored at event level
by :mod:`newsgraph.eval.merge_events` instead.
"""

from __future__ import annotations

import itertools
import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from newsgraph.errors import NewsgraphError
from newsgraph.query.handle import open_readonly

T = TypeVar("T")

if TYPE_CHECKING:
    from collections.abc import Callable

    from newsgraph.kb.store import KnowledgeBase

DEFAULT_PATH = None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    name: str
    event: str
    max_toll: int | None


@dataclass(frozen=True, slots=True)
class MergeScore:
    articles: int
    gold_pairs: int
    found_pairs: int  # gold pairs that share an event
    linked_pairs: int  # article pairs that share an event
    false_links: int  # linked pairs whose gold events differ
    events_over_toll: int  # events whose toll exceeds every toll their own articles give
    max_event_toll: int | None
    max_article_toll: int | None
    examples: tuple[str, ...]  # a few false links and misses, for reading

    @property
    def pair_recall(self) -> float:
        return self.found_pairs / self.gold_pairs if self.gold_pairs else 1.0

    @property
    def false_link_rate(self) -> float:
        return self.false_links / self.linked_pairs if self.linked_pairs else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "articles": self.articles,
            "gold_pairs": self.gold_pairs,
            "found_pairs": self.found_pairs,
            "pair_recall": round(self.pair_recall, 3),
            "linked_pairs": self.linked_pairs,
            "false_links": self.false_links,
            "false_link_rate": round(self.false_link_rate, 3),
            "events_over_toll": self.events_over_toll,
            "max_event_toll": self.max_event_toll,
            "max_article_toll": self.max_article_toll,
            "examples": list(self.examples),
        }


def load_gold(path: Path) -> list[GoldArticle]:
    gold_file = path / "gold.json"
    if not gold_file.is_file() or not (path / "articles").is_dir():
        raise NewsgraphError(
            f"{path} is not a merge set: it needs gold.json and an articles/ folder (see tests/fixtures/merge)"
        )
    data = json.loads(gold_file.read_text(encoding="utf-8"))
    return [
        GoldArticle(name, str(row["event"]), row.get("max_toll"))
        for name, row in sorted(data["articles"].items())
    ]


def shown_events(kb: KnowledgeBase) -> dict[int, tuple[set[str], int | None]]:
    """The events a default list shows (``query.events.list_events``), less those every source
    denies: id -> (file names of its sources' documents, toll)."""
    from newsgraph.query.documents import list_documents
    from newsgraph.query.events import list_events

    origin = {d.id: Path(d.origin).name for d in list_documents(kb).items if d.origin}
    return {
        e.id: ({origin[s.document] for s in e.sources if s.document in origin}, e.fatalities)
        for e in list_events(kb).items
        if not e.negated
    }


def score_kb(kb: KnowledgeBase, gold: list[GoldArticle]) -> MergeScore:
    by_name = {g.name: g for g in gold}
    events = shown_events(kb)
    linked: dict[tuple[str, str], int] = {}
    over = 0
    examples: list[str] = []
    for event_id, (names, toll) in sorted(events.items()):
        known = sorted(n for n in names if n in by_name)
        for a, b in itertools.combinations(known, 2):
            linked.setdefault((a, b), event_id)
        stated = [t for t in (by_name[n].max_toll for n in known) if t is not None]
        if toll is not None and toll > max(stated, default=0):
            over += 1
            examples.append(
                f"event {event_id} toll {toll} > {max(stated, default=0)} stated by {', '.join(known)}"
            )
    groups: dict[str, list[str]] = defaultdict(list)
    for g in gold:
        groups[g.event].append(g.name)
    gold_pairs = {p for names in groups.values() for p in itertools.combinations(sorted(names), 2)}
    false = [(p, e) for p, e in linked.items() if by_name[p[0]].event != by_name[p[1]].event]
    examples += [f"false link {a} ~ {b} (event {e})" for (a, b), e in false[:8]]
    examples += [f"missed {a} ~ {b}" for a, b in sorted(gold_pairs - set(linked))[:8]]
    tolls = [t for _, t in events.values() if t is not None]
    article_tolls = [g.max_toll for g in gold if g.max_toll is not None]
    return MergeScore(
        articles=len(gold),
        gold_pairs=len(gold_pairs),
        found_pairs=len(gold_pairs & set(linked)),
        linked_pairs=len(linked),
        false_links=len(false),
        events_over_toll=over,
        max_event_toll=max(tolls, default=None),
        max_article_toll=max(article_tolls, default=None),
        examples=tuple(examples),
    )


def build_kb(path: Path, db: Path) -> None:
    """Ingest ``path``/articles into a new knowledge base at ``db`` (the real pipeline and store)."""
    from newsgraph.ingest.run import ingest_paths
    from newsgraph.kb.store import open_kb
    from newsgraph.nlp.pipeline import Pipeline

    with open_kb(db) as kb:
        ingest_paths([path / "articles"], kb=kb, pipeline=Pipeline())


def score_built_kb(path: Path, db: Path | None, score: Callable[[KnowledgeBase], T]) -> T:
    """Build the set's KB with the real pipeline (at ``db``, or in a temporary file) and score it."""
    with tempfile.TemporaryDirectory() as tmp:
        target = db or Path(tmp) / "merge.db"
        build_kb(path, target)
        with open_readonly(target) as kb:
            return score(kb)


def evaluate(path: Path, *, db: Path | None = None) -> MergeScore:
    gold = load_gold(path)
    return score_built_kb(path, db, lambda kb: score_kb(kb, gold))


def main(path: Path, *, limit: int | None = None, as_json: bool = False) -> int:
    if limit is not None:
        raise NewsgraphError("eval merge scores the whole set: --limit would cut stories apart")
    from newsgraph.eval import merge_events

    if merge_events.is_event_level(Path(path)):  # gold that lists each article's events
        return merge_events.main(Path(path), as_json=as_json)
    score = evaluate(Path(path))
    if as_json:
        print(json.dumps(score.as_dict(), indent=2))
        return 0
    print(
        f"articles {score.articles}  pair recall {score.pair_recall:.3f} ({score.found_pairs}/{score.gold_pairs})"
        f"  false links {score.false_link_rate:.3f} ({score.false_links}/{score.linked_pairs})"
        f"  events over their articles' toll {score.events_over_toll}"
        f"  max event toll {score.max_event_toll} (largest article toll {score.max_article_toll})"
    )
    for line in score.examples:
        print("  " + line)
    return 0
