"""The pipeline: clean a text, run spaCy over its body and comments, collect the records.

``Pipeline.extract`` is a pure function of one document (no I/O, no shared mutable state), so
the same call runs in a loop, in worker processes, or on a Dask cluster.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.ingest.clean import clean_text
from newsgraph.model import (
    Affiliation,
    Article,
    Claim,
    Document,
    Event,
    Extraction,
    Mention,
    PlaceMention,
    Role,
    TextSpan,
    TimeMention,
)
from newsgraph.nlp.actors.ruler import add_actor_components
from newsgraph.nlp.chunking import CHUNK_CHARS, parse_in_chunks, shift
from newsgraph.nlp.components import region_components
from newsgraph.nlp.docview import doc_text
from newsgraph.nlp.segment import add_line_breaks, trimmed_range
from newsgraph.nlp.spacy_model import load_model
from newsgraph.nlp.time.dateline import header_date

_WS = re.compile(r"\s+")


def normalise_for_hash(text: str) -> str:
    """Unicode NFC, whitespace collapsed: the same article under another file name hashes alike."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_id(body: str) -> str:
    """Document id: the first 16 hex digits of the SHA-256 of the normalised body."""
    return hashlib.sha256(normalise_for_hash(body).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class _Meta:
    published: dt.date | None = None
    published_source: str = "unknown"
    title: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str | None = None


class Pipeline:
    """Loads the spaCy model once and turns texts into :class:`Extraction` records.

    >>> nlp = Pipeline()                                    # doctest: +SKIP
    >>> ex = nlp.extract("Soleimani was seen in Hama.", published=dt.date(2017, 4, 1))  # doctest: +SKIP
    >>> [m.text for m in ex.mentions]                       # doctest: +SKIP
    ['Soleimani', 'Hama']
    """

    def __init__(self, model: str = "", *, nlp: Language | None = None) -> None:
        self.nlp = nlp if nlp is not None else load_model(model)
        add_line_breaks(self.nlp)
        add_actor_components(self.nlp)
        # The extractors are spaCy components (newsgraph.nlp.components), run here over each
        # parsed region rather than added to self.nlp: callers that parse with pipeline.nlp
        # (the eval scripts) would otherwise pay for places and events on every text.
        self._components = region_components()
        self.model_name = f"{self.nlp.meta.get('name', '?')}-{self.nlp.meta.get('version', '?')}"

    # -- one document ----------------------------------------------------------------------

    def extract(
        self,
        text: str,
        *,
        published: dt.date | str | None = None,
        title: str | None = None,
        url: str | None = None,
        source: str | None = None,
        published_source: str | None = None,
        origin: str | None = None,
    ) -> Extraction:
        """Clean ``text`` and extract its records. Offsets point into ``text``.

        ``published`` is a date, or an ISO date string ("2024-05-10"). It wins over the text:
        only without it is the date stated in the article's header used (a dateline, a
        "Published:" line; see :mod:`newsgraph.nlp.time.dateline`), with ``published_source``
        "dateline"; relative expressions then anchor on that date."""
        published = _as_date(published)
        meta = _Meta(
            published=published,
            published_source=published_source or ("cli" if published else "unknown"),
            title=title,
            url=url,
            source=source,
            origin=origin,
        )
        document = clean_text(text)
        body_doc, comment_doc = self._parse(document)
        return self._collect(document, body_doc, comment_doc, meta)

    def extract_article(self, article: Article) -> Extraction:
        return self.extract(
            article.text or "",
            published=article.published,
            title=article.title,
            url=article.url,
            source=article.source,
            published_source=article.published_source,
            origin=article.origin,
        )

    # -- many documents --------------------------------------------------------------------

    def pipe(
        self,
        items: Iterable[Article | str],
        *,
        n_process: int = 1,
        batch_size: int = 32,
    ) -> Iterator[Extraction]:
        """Extract many documents, in input order. ``n_process > 1`` forks worker processes."""
        if n_process > 1:
            yield from self._pipe_processes(items, n_process=n_process, batch_size=batch_size)
            return
        batch: list[Article] = []
        for item in items:
            batch.append(item if isinstance(item, Article) else Article(origin="<text>", text=item))
            if len(batch) >= batch_size:
                yield from self._extract_batch(batch)
                batch = []
        if batch:
            yield from self._extract_batch(batch)

    def _extract_batch(self, articles: list[Article]) -> Iterator[Extraction]:
        documents = [clean_text(a.text or "") for a in articles]
        bodies = [d.masked(d.body) for d in documents]  # once each: masking walks the whole text
        # Texts over the model's limit go in pieces, one at a time, outside the batch.
        # (one test, on the body, here and in the loop below, so the parsed Docs stay paired)
        short = (b for b in bodies if not self._too_long(b))
        short_docs = self.nlp.pipe(short)
        for article, document, body in zip(articles, documents, bodies, strict=True):
            body_doc = self._parse_text(body) if self._too_long(body) else [(0, next(short_docs))]
            comment_doc = self._parse_text(document.masked(document.comments)) if document.comments else None
            meta = _Meta(
                published=article.published,
                published_source=article.published_source,
                title=article.title,
                url=article.url,
                source=article.source,
                origin=article.origin,
            )
            yield self._collect(document, body_doc, comment_doc, meta)

    def _pipe_processes(
        self, items: Iterable[Article | str], *, n_process: int, batch_size: int
    ) -> Iterator[Extraction]:
        articles = (
            item if isinstance(item, Article) else Article(origin="<text>", text=item) for item in items
        )
        ctx = multiprocessing.get_context("fork")
        global _WORKER_PIPELINE
        _WORKER_PIPELINE = self  # inherited by forked workers: the model is loaded once
        try:
            with ctx.Pool(n_process) as pool:
                # Whole batches per task, so that a worker runs spaCy's batched nlp.pipe over them
                # as the single-process path does, not one nlp() call per document.
                for extractions in pool.imap(
                    _worker_extract_batch, _batched(articles, max(1, batch_size // 4))
                ):
                    yield from extractions
        finally:
            _WORKER_PIPELINE = None

    # -- internals -------------------------------------------------------------------------

    def _too_long(self, text: str) -> bool:
        return len(text) > self.nlp.max_length

    def _parse_text(self, text: str) -> _Parsed:
        """(offset, Doc) pieces of one region: one piece unless the text is over the model's limit."""
        if not self._too_long(text):
            return [(0, self.nlp(text))]
        return list(parse_in_chunks(self.nlp, text, limit=min(CHUNK_CHARS, self.nlp.max_length)))

    def _parse(self, document: Document) -> tuple[_Parsed, _Parsed | None]:
        body_doc = self._parse_text(document.masked(document.body))
        comment_doc = self._parse_text(document.masked(document.comments)) if document.comments else None
        return body_doc, comment_doc

    def _collect(
        self, document: Document, body_doc: _Parsed, comment_doc: _Parsed | None, meta: _Meta
    ) -> Extraction:
        if meta.published is None:  # metadata wins; else the date the header states
            stated = header_date(document.text)
            if stated is not None:
                meta = replace(meta, published=stated.date, published_source="dateline")
        parts = [self._extract_pieces(body_doc, published=meta.published, in_comments=False)]
        if comment_doc is not None:
            parts.append(self._extract_pieces(comment_doc, published=meta.published, in_comments=True))
        sentences = [sentence for offset, doc in body_doc for sentence in _sentence_spans(doc, offset)]
        return Extraction(
            doc_id=content_id(document.body_text()),
            document=document,
            title=meta.title,
            url=meta.url,
            source=meta.source,
            published=meta.published,
            published_source=meta.published_source,
            origin=meta.origin,
            mentions=tuple(m for p in parts for m in p.mentions),
            places=tuple(m for p in parts for m in p.places),
            times=tuple(m for p in parts for m in p.times),
            events=tuple(m for p in parts for m in p.events if not m.statement),
            statements=tuple(m for p in parts for m in p.events if m.statement),
            claims=tuple(m for p in parts for m in p.claims),
            roles=tuple(m for p in parts for m in p.roles),
            affiliations=tuple(m for p in parts for m in p.affiliations),
            sentences=tuple(sentences),
        )

    def _extract_pieces(self, pieces: _Parsed, *, published: dt.date | None, in_comments: bool) -> _Region:
        """The records of one region, offsets in the whole text however many pieces it was parsed in."""
        found = [self._extract_region(doc, published=published, in_comments=in_comments) for _, doc in pieces]
        if len(found) == 1 and pieces[0][0] == 0:
            return found[0]
        return _Region(
            **{
                f: [
                    shift(r, offset)
                    for (offset, _), region in zip(pieces, found, strict=True)
                    for r in getattr(region, f)
                ]
                for f in _Region.__dataclass_fields__
            }
        )

    def _extract_region(self, doc: Doc, *, published: dt.date | None, in_comments: bool) -> _Region:
        """Run the extraction components over one parsed region, in their order (actors first)."""
        doc._.published = published
        doc._.in_comments = in_comments
        for component in self._components:
            component(doc)
        actors = doc._.actors
        return _Region(
            mentions=list(actors.mentions),
            places=list(doc._.places),
            times=list(doc._.times),
            events=list(doc._.events),
            claims=list(doc._.claims),
            roles=list(actors.roles),
            affiliations=list(actors.affiliations),
        )


#: A region parsed as (offset of the piece in the text, Doc) pairs; one pair for most texts.
_Parsed = list[tuple[int, Doc]]


@dataclass(frozen=True, slots=True)
class _Region:
    """What one region of a document (body or comments) yielded."""

    mentions: list[Mention]
    places: list[PlaceMention]
    times: list[TimeMention]
    events: list[Event]
    claims: list[Claim]
    roles: list[Role]
    affiliations: list[Affiliation]


def _sentence_spans(doc: Doc, offset: int) -> Iterator[TextSpan]:
    """The non-blank sentences of ``doc`` as trimmed character ranges, shifted by ``offset``."""
    text = doc_text(doc)  # once per Doc: a Span's text is rebuilt from its tokens on every read
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        if text[start:end].strip():
            yield shift(trimmed_range(text[start:end], start, end), offset)


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(f"published={value!r} is not a date: pass a datetime.date or 'YYYY-MM-DD'") from None


_WORKER_PIPELINE: Pipeline | None = None


def _worker_extract(article: Article) -> Extraction:
    assert _WORKER_PIPELINE is not None, "worker started without a pipeline"
    return _WORKER_PIPELINE.extract_article(article)


def _worker_extract_batch(articles: list[Article]) -> list[Extraction]:
    assert _WORKER_PIPELINE is not None, "worker started without a pipeline"
    return list(_WORKER_PIPELINE._extract_batch(articles))


def _batched(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
