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

from newsgraph.errors import DocumentTooLongError
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
    TimeMention,
)
from newsgraph.nlp.actors import extract_actors
from newsgraph.nlp.actors.ruler import add_actor_components
from newsgraph.nlp.claims import extract_claims
from newsgraph.nlp.events import extract_events
from newsgraph.nlp.places import extract_places
from newsgraph.nlp.segment import add_line_breaks, trimmed_span
from newsgraph.nlp.spacy_model import load_model
from newsgraph.nlp.time import extract_times
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
        for document in documents:
            self._check_length(document)
        body_docs = self.nlp.pipe(d.masked(d.body) for d in documents)
        for article, document, body_doc in zip(articles, documents, body_docs, strict=True):
            comment_doc = self.nlp(document.masked(document.comments)) if document.comments else None
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

    def _check_length(self, document: Document) -> None:
        if len(document.text) > self.nlp.max_length:
            raise DocumentTooLongError(
                f"the text has {len(document.text):,} characters, more than the {self.nlp.max_length:,} "
                "the spaCy model takes in one piece: split it into its articles (one article per file "
                "or JSONL line)"
            )

    def _parse(self, document: Document) -> tuple[Doc, Doc | None]:
        self._check_length(document)
        body_doc = self.nlp(document.masked(document.body))
        comment_doc = self.nlp(document.masked(document.comments)) if document.comments else None
        return body_doc, comment_doc

    def _collect(self, document: Document, body_doc: Doc, comment_doc: Doc | None, meta: _Meta) -> Extraction:
        if meta.published is None:  # metadata wins; else the date the header states
            stated = header_date(document.text)
            if stated is not None:
                meta = replace(meta, published=stated.date, published_source="dateline")
        body = _extract_region(body_doc, published=meta.published, in_comments=False)
        parts = [body]
        if comment_doc is not None:
            parts.append(_extract_region(comment_doc, published=meta.published, in_comments=True))
        sentences = [trimmed_span(s) for s in body_doc.sents if s.text.strip()]
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
            events=tuple(m for p in parts for m in p.events),
            claims=tuple(m for p in parts for m in p.claims),
            roles=tuple(m for p in parts for m in p.roles),
            affiliations=tuple(m for p in parts for m in p.affiliations),
            sentences=tuple(sentences),
        )


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


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(f"published={value!r} is not a date: pass a datetime.date or 'YYYY-MM-DD'") from None


def _extract_region(doc: Doc, *, published: dt.date | None, in_comments: bool) -> _Region:
    """Run every extractor over one parsed region, in dependency order."""
    actors = extract_actors(doc, in_comments=in_comments)
    places = _drop_actor_places(extract_places(doc, in_comments=in_comments), actors.mentions)
    mentions = _drop_place_actors(actors.mentions, places)
    kept = {m.actor_key for m in mentions}
    dropped = {m.actor_key for m in actors.mentions} - kept
    roles = [r for r in actors.roles if r.person_key not in dropped and r.org_key not in dropped]
    affiliations = [
        a for a in actors.affiliations if a.subject_key not in dropped and a.object_key not in dropped
    ]
    times = extract_times(doc, published=published, in_comments=in_comments)
    events = extract_events(
        doc, mentions=mentions, places=places, times=times, published=published, in_comments=in_comments
    )
    claims = extract_claims(doc, mentions=mentions, times=times, published=published, in_comments=in_comments)
    return _Region(
        mentions=mentions,
        places=places,
        times=times,
        events=events,
        claims=claims,
        roles=roles,
        affiliations=affiliations,
    )


#: Actor kinds whose names are never places, whatever the model tagged them.
_NON_PLACE_LABELS = frozenset({"PERSON", "ORG", "NORP"})


def _drop_actor_places(places: list[PlaceMention], mentions: list[Mention]) -> list[PlaceMention]:
    """Unresolved "places" that the actor component labelled a person, group or people are not places.

    The model tags "IRGC" and "Soleimani" as GPE; the place finder keeps them as unresolved
    toponyms, but once the actor dictionary has relabelled the span, it is an actor.
    """
    actor_spans = [(m.start, m.end) for m in mentions if m.label in _NON_PLACE_LABELS]
    return [p for p in places if p.resolved or not any(s < p.end and p.start < e for s, e in actor_spans)]


#: Actor keys the model's label made up (no dictionary entry): "person:gao", "org:kyaukme".
_GUESSED_KEYS = ("person:", "org:", "norp:", "gpe:")


def _drop_place_actors(mentions: list[Mention], places: list[PlaceMention]) -> list[Mention]:
    """Mentions the model tagged PERSON/ORG that the geoparser resolved as places are places.

    "Gao", "Ansongo" and "Kiryat Shmona" tagged PERSON became person actors with dossiers of
    their own; the place finder only relabels such a span on evidence (a gazetteer name plus a
    locative cue or a list of places), so its decision wins. Dictionary actors stay ("Damascus
    said" is the government).
    """
    spans = {(p.start, p.end) for p in places if p.resolved}
    if not spans:
        return mentions
    return [
        m
        for m in mentions
        if not (m.actor_key and m.actor_key.startswith(_GUESSED_KEYS) and (m.start, m.end) in spans)
    ]


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
