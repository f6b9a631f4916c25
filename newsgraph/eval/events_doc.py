"""Score document-level events on conflict-docs-dev (``newsgraph eval events-doc [PATH]``).

Each article runs through the real :class:`~newsgraph.nlp.pipeline.Pipeline` with no metadata
(as a scraper hands it over); ``--with-dates`` passes the gold ``document_date`` as the published
date instead, so both figures can be reported. Alignment and figures live in
:mod:`newsgraph.eval._events_doc_align` (see its docstring for the convention). The dev set has
three parts, each a folder with ``articles/`` and ``gold.json``: the root, ``part-b/``, ``part-c/``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from newsgraph.eval._events_doc_align import SLOTS, ArticleScore, KindOf, confusion, score_article, summarise

DEFAULT_PATH = Path("..") / "shared" / "data" / "conflict-docs-dev"


@dataclass(frozen=True, slots=True)
class GoldArticle:
    part: str
    file: str
    text: str
    gold: dict[str, Any]


def iter_gold(path: Path) -> Iterator[GoldArticle]:
    """Every article of every part under ``path`` (a folder holding gold.json and articles/)."""
    parts = [("a", path)] + [(d.name.removeprefix("part-"), d) for d in sorted(path.glob("part-*"))]
    for part, folder in parts:
        gold_file = folder / "gold.json"
        if not gold_file.is_file():
            continue
        for record in json.loads(gold_file.read_text(encoding="utf-8"))["articles"]:
            text = (folder / "articles" / record["file"]).read_text(encoding="utf-8")
            yield GoldArticle(part, record["file"], text, record)


def dictionary_kinds() -> KindOf:
    from newsgraph.nlp.actors.dictionary import load_dictionary

    dictionary = load_dictionary()

    def kind_of(key: str | None) -> tuple[str | None, str | None]:
        entry = dictionary.get(key)
        return (entry.kind, entry.sector) if entry is not None else (None, None)

    return kind_of


def run(
    path: Path, *, pipeline: Any, with_dates: bool = False, limit: int | None = None
) -> list[ArticleScore]:
    kind_of = dictionary_kinds()
    scores = []
    for n, article in enumerate(iter_gold(path)):
        if limit is not None and n >= limit:
            break
        date = article.gold.get("document_date") if with_dates else None
        published = dt.date.fromisoformat(date) if date else None
        extraction = pipeline.extract(article.text, published=published)
        scores.append(
            score_article(
                article.file,
                article.part,
                article.text,
                article.gold,
                extraction.events,
                kind_of,
                statements=extraction.statements,
            )
        )
    return scores


def report(scores: list[ArticleScore]) -> dict[str, Any]:
    parts = sorted({s.part for s in scores})
    return {
        "overall": summarise(scores),
        "by_part": {p: summarise([s for s in scores if s.part == p]) for p in parts},
        "sub_type_confusion": confusion(scores),
        "articles": [asdict(s) for s in scores],
    }


_COLUMNS = ("precision", "recall", "duplicates_per_matched", "false_background", *SLOTS)
_HEADS = ("prec", "rec", "dup", "bgFP", "sub", "type", "day", "place", "toll", "noTol", "actor")


def _row(name: str, fig: dict[str, Any]) -> str:
    def cell(c: str) -> str:
        if fig.get(f"{c}_n") == 0:
            return "    -"  # nothing to score (e.g. no gold toll in this article)
        return f"{fig[c]:5d}" if isinstance(fig[c], int) else f"{fig[c]:5.2f}"

    cells = [cell(c) for c in _COLUMNS]
    counts = f"{fig['matched']:3d}/{fig['gold_events']:3d} gold, {fig['system_events']:3d} sys, {fig['statements']:3d} stmt"
    return f"{name:<40} " + " ".join(cells) + f"  {counts}"


def print_table(result: dict[str, Any], *, per_article: bool, with_dates: bool) -> None:
    print(f"conflict-docs-dev document-level events ({'gold dates' if with_dates else 'no metadata'})")
    print(f"{'':<40} " + " ".join(f"{h:>5}" for h in _HEADS))
    if per_article:
        for s in result["articles"]:
            print(_row(s["file"][:40], summarise([ArticleScore(**s)])))
    for part, fig in result["by_part"].items():
        print(_row(f"part {part}", fig))
    print(_row("all", result["overall"]))
    print("sub-type confusion (gold -> system), wrong pairs:")
    for pair, count in result["sub_type_confusion"].items():
        gold, _, system = pair.partition(" -> ")
        if gold != system:
            print(f"  {count:3d}  {pair}")


def main(
    path: Path | None = None,
    *,
    limit: int | None = None,
    as_json: bool = False,
    with_dates: bool = False,
    per_article: bool = False,
) -> int:
    """Score the dev set; exit code 0 when scored, 2 when the data is missing."""
    from newsgraph.nlp.pipeline import Pipeline

    path = path if path is not None else DEFAULT_PATH
    if not (path / "gold.json").is_file():
        print(
            f"{path}/gold.json not found: pass the conflict-docs-dev folder (../shared/data/conflict-docs-dev)"
        )
        return 2
    scores = run(path, pipeline=Pipeline(), with_dates=with_dates, limit=limit)
    result = report(scores)
    if as_json:
        if not per_article:
            result.pop("articles")
        print(json.dumps(result, indent=2))
    else:
        print_table(result, per_article=per_article, with_dates=with_dates)
    return 0
