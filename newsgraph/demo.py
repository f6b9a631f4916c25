"""`newsgraph demo`: ingest the sample corpus into a fresh knowledge base and gather a short tour.

The corpus is ``newsgraph/data/samples/``, package data shipped inside the wheel (our own articles
in several formats), so the demo runs from an installed wheel in any directory; a tree without it
falls back to the seed articles in ``../shared/seeds`` next to a source checkout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from newsgraph.errors import NewsgraphError
from newsgraph.ingest.run import IngestOptions, ingest_paths
from newsgraph.kb.store import IngestResult, open_kb
from newsgraph.query import documents as q_documents
from newsgraph.query import search as q_search
from newsgraph.query import stats as q_stats
from newsgraph.query.filters import DocumentFilter, SearchFilter

if TYPE_CHECKING:
    from newsgraph.nlp.pipeline import Pipeline

#: Package data (see pyproject's package-data), found the same way in a checkout and a wheel.
SAMPLES = Path(__file__).resolve().parent / "data" / "samples"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

TOUR_DOCS = 5
TOUR_ACTORS = 8


@dataclass(frozen=True, slots=True)
class Tour:
    db_path: Path
    corpus: Path
    ingest: IngestResult
    stats: q_stats.Stats
    documents: tuple[q_documents.DocumentSummary, ...]
    people: tuple[q_stats.ActorCount, ...]
    groups: tuple[q_stats.ActorCount, ...]
    places: tuple[q_stats.ActorCount, ...]  # named places, counted as mentions until geocoding lands
    search_term: str | None
    hits: tuple[q_search.SearchHit, ...]


def sample_corpus() -> Path:
    """The directory the demo ingests; NewsgraphError when neither samples nor seeds exist."""
    for candidate in (SAMPLES, SEEDS):
        if candidate.is_dir() and any(
            p.is_file() and not p.name.startswith(".") for p in candidate.rglob("*")
        ):
            return candidate
    raise NewsgraphError(
        f"no sample corpus found (looked in {SAMPLES} and {SEEDS}): reinstall newsgraph from its wheel or source tree (the wheel ships newsgraph/data/samples)"
    )


def default_demo_db() -> Path:
    """The demo's own database in the user data directory (rebuilt by every demo run)."""
    return Path(platformdirs.user_data_dir("newsgraph", appauthor=False)) / "demo.db"


def remove_db(path: Path) -> None:
    """Delete a database file and its WAL companions."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def build_demo(db_path: Path, *, pipeline: Pipeline, options: IngestOptions | None = None) -> Tour:
    """Ingest the sample corpus into ``db_path`` (which must not exist yet) and collect the tour."""
    corpus = sample_corpus()
    with open_kb(db_path) as kb:
        result = ingest_paths([corpus], kb=kb, pipeline=pipeline, options=options)
        people = tuple(q_stats.top_actors(kb, limit=TOUR_ACTORS, labels=("PERSON",)))
        groups = tuple(q_stats.top_actors(kb, limit=TOUR_ACTORS, labels=("ORG",)))
        places = tuple(q_stats.top_actors(kb, limit=TOUR_ACTORS, labels=("GPE", "LOC", "FAC")))
        term = next((a.name for a in people + groups + places), None)
        hits = q_search.search(kb, SearchFilter(term, limit=3)).items if term else ()
        return Tour(
            db_path=db_path,
            corpus=corpus,
            ingest=result,
            stats=q_stats.stats(kb),
            documents=q_documents.list_documents(kb, DocumentFilter(limit=TOUR_DOCS)).items,
            people=people,
            groups=groups,
            places=places,
            search_term=term,
            hits=hits,
        )
