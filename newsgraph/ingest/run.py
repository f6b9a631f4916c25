"""Ingest files into a knowledge base: read -> extract -> store, one bad input never stopping the rest.

This is the plain function behind ``newsgraph ingest``; Python users call it the same way:

>>> with open_kb("news.db") as kb:                                   # doctest: +SKIP
...     result = ingest_paths(["articles/"], kb=kb, pipeline=Pipeline())
>>> result.new, result.duplicate, [str(e) for e in result.failed]    # doctest: +SKIP
(12, 0, ['articles/empty.txt: the file is empty'])
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsgraph.errors import InputError, NewsgraphError
from newsgraph.ingest import MetadataOverrides, UrlList, read_paths
from newsgraph.ingest.clean import clean_text
from newsgraph.kb.store import IngestResult, KnowledgeBase
from newsgraph.model import Article, Extraction

if TYPE_CHECKING:
    from newsgraph.nlp.pipeline import Pipeline


def content_id(body: str) -> str:
    from newsgraph.nlp.pipeline import content_id as pipeline_content_id

    return pipeline_content_id(body)


@dataclass(frozen=True, slots=True)
class IngestOptions:
    overrides: MetadataOverrides | None = None
    max_bytes: int = 5_000_000
    n_process: int = 1
    batch_size: int = 32


def ingest_paths(
    paths: Sequence[str | Path | UrlList],
    *,
    kb: KnowledgeBase,
    pipeline: Pipeline,
    options: IngestOptions | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> IngestResult:
    """Read every input under ``paths``, extract it and store it; returns the counts and failures.

    ``on_progress(origin)`` is called once per input handled (stored, duplicate or failed).
    """
    opts = options or IngestOptions()
    read_errors: list[InputError] = []
    total = ResultTotals()
    # Extract and store in chunks: memory stays flat on big corpora, and each chunk is written
    # before the next one is parsed, so an interrupted run keeps what it finished.
    chunk_size = max(1, opts.batch_size) * max(1, opts.n_process) * 4
    chunk: list[Article] = []
    # Cleaning and hashing each body before extraction costs ~5% of the pipeline; it only pays
    # when something is stored already. In a fresh knowledge base a repeated body is still caught
    # by the store, after extraction.
    resuming = has_documents(kb)
    for item in read_paths(paths, overrides=opts.overrides, max_bytes=opts.max_bytes):
        if isinstance(item, InputError):
            read_errors.append(item)
            if on_progress:
                on_progress(item.origin)
            continue
        known = stored_id(item, kb) if resuming else None
        if known is not None:
            # Re-ingesting a folder should cost seconds, not another pass of the parser.
            total.add(IngestResult(duplicate=1, duplicate_ids=(known,)))
            if on_progress:
                on_progress(item.origin)
            continue
        chunk.append(item)
        if len(chunk) >= chunk_size:
            total.add(_ingest_chunk(chunk, kb=kb, pipeline=pipeline, opts=opts, on_progress=on_progress))
            chunk = []
    if chunk:
        total.add(_ingest_chunk(chunk, kb=kb, pipeline=pipeline, opts=opts, on_progress=on_progress))
    return IngestResult(failed=tuple(read_errors)) + total.result()


class ResultTotals:
    """Adds up IngestResults in linear time (``a + b`` copies the id tuples: quadratic over a big run)."""

    def __init__(self) -> None:
        self.counts = [0, 0, 0, 0]  # new, duplicate, versions, near_duplicates
        self.failed: list[InputError] = []
        self.new_ids: list[str] = []
        self.duplicate_ids: list[str] = []

    def add(self, part: IngestResult) -> None:
        for index, value in enumerate((part.new, part.duplicate, part.versions, part.near_duplicates)):
            self.counts[index] += value
        self.failed.extend(part.failed)
        self.new_ids.extend(part.new_ids)
        self.duplicate_ids.extend(part.duplicate_ids)

    def result(self) -> IngestResult:
        new, duplicate, versions, near = self.counts
        return IngestResult(
            new=new,
            duplicate=duplicate,
            versions=versions,
            near_duplicates=near,
            failed=tuple(self.failed),
            new_ids=tuple(self.new_ids),
            duplicate_ids=tuple(self.duplicate_ids),
        )


def has_documents(kb: KnowledgeBase) -> bool:
    return kb.has_documents()


def stored_id(article: Article, kb: KnowledgeBase) -> str | None:
    """The id of an already stored document with this article's body, if any.

    Computes the id as the pipeline does (clean, then hash the body). Should the two ever
    diverge, this only misses, and the store still recognises the duplicate after extraction.
    """
    if article.text is None:
        return None
    doc_id = content_id(clean_text(article.text).body_text())
    return doc_id if kb.has_document(doc_id) else None


def _ingest_chunk(
    articles: list[Article],
    *,
    kb: KnowledgeBase,
    pipeline: Pipeline,
    opts: IngestOptions,
    on_progress: Callable[[str], None] | None,
) -> IngestResult:
    extraction_errors: list[InputError] = []

    def extracted() -> Iterator[Extraction]:
        for ex in _extract(articles, pipeline=pipeline, opts=opts, errors=extraction_errors):
            if on_progress:
                on_progress(ex.origin or ex.doc_id)
            yield ex

    result = kb.add_many(extracted(), batch_size=opts.batch_size)
    if on_progress:
        for error in extraction_errors:
            on_progress(error.origin)
    return IngestResult(failed=tuple(extraction_errors)) + result


def _extract(
    articles: list[Article], *, pipeline: Pipeline, opts: IngestOptions, errors: list[InputError]
) -> list[Extraction]:
    try:
        return list(pipeline.pipe(articles, n_process=opts.n_process, batch_size=opts.batch_size))
    except Exception:  # noqa: BLE001 - one article broke the batch: find it, keep the others
        pass
    extractions = []
    for article in articles:
        try:
            extractions.append(pipeline.extract_article(article))
        except Exception as exc:  # noqa: BLE001 - reported per input, never fatal to the run
            errors.append(InputError(article.origin, failure_reason(exc)))
    return extractions


def failure_reason(exc: Exception) -> str:
    """What to tell the user about a document the pipeline could not analyse."""
    if isinstance(exc, NewsgraphError):
        return str(exc)  # our errors already say what to do
    return f"could not analyse the text: {exc!r}"


def count_inputs(paths: Sequence[str | Path | UrlList]) -> int | None:
    """How many documents ``paths`` hold, for an ETA; None when it cannot be known cheaply.

    Files count one each and JSONL files one per non-blank line (a byte scan, no parsing);
    WARC archives, feeds and URLs are only known by reading them, so any of those gives None.
    """
    from newsgraph.ingest import HTML_EXTENSIONS, JSONL_EXTENSIONS, KNOWN_EXTENSIONS, TEXT_EXTENSIONS
    from newsgraph.ingest.meta import is_sidecar
    from newsgraph.ingest.warc import is_warc

    simple = TEXT_EXTENSIONS | HTML_EXTENSIONS
    total = 0
    for raw in paths:
        if isinstance(raw, UrlList) or (
            isinstance(raw, str) and raw.lower().startswith(("http://", "https://"))
        ):
            return None
        root = Path(raw)
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            suffix = path.suffix.lower()
            if is_warc(path):
                return None
            if is_sidecar(path) or (root.is_dir() and suffix not in KNOWN_EXTENSIONS):
                continue
            if suffix in JSONL_EXTENSIONS:
                total += _count_lines(path)
            elif suffix in simple or (not root.is_dir() and suffix == ".json"):
                total += 1
            else:
                return None
    return total


def _count_lines(path: Path) -> int:
    count = 0
    try:
        with path.open("rb") as handle:
            for line in handle:
                count += bool(line.strip())
    except OSError:
        return 0
    return count
