"""How many current events put their place outside the article's countries, and events per article.

    PYTHONPATH=$PWD python tools/event_place_countries.py ../shared/data/conflict-docs-dev [tests/fixtures/conflict-docs-blind ...]

For each events-doc set: the real pipeline (no metadata) on every article; of its events that are
not background, negated, hypothetical or in comments, the share whose place resolves to a country
none of the article's gold events is in (the held-out 804-article figure was 17%, target 5%), the
share placed only at country level, and the share with no resolved place. A set that is blind must
be read in aggregate only (no per-article output here).
"""

from __future__ import annotations

import sys
from pathlib import Path

from newsgraph.eval.events_doc import iter_gold
from newsgraph.nlp.pipeline import Pipeline


def main(paths: list[str]) -> None:
    pipeline = Pipeline()
    for path in paths:
        total = outside = country_only = unplaced = articles = 0
        for gold in iter_gold(Path(path)):
            articles += 1
            countries = {e["location"]["country"] for e in gold.gold["events"] if e.get("location")}
            for e in pipeline.extract(gold.text).events:
                if e.background or e.negated or e.hypothetical or e.in_comments:
                    continue
                total += 1
                if e.place is None or e.place.country_code is None:
                    unplaced += 1
                    continue
                outside += e.place.country_code not in countries
                country_only += e.place.precision == 4
        n = max(total, 1)
        print(
            f"{path}: articles {articles}, events {total} ({total / max(articles, 1):.2f} per article), "
            f"outside the article's countries {outside / n:.3f}, country only {country_only / n:.3f}, "
            f"no place {unplaced / n:.3f}"
        )


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
