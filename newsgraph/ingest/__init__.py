"""Readers: turn files, JSONL lines and folders into Article records.

The one entry point callers need is :func:`read_paths`; it yields an ``Article`` per document
or an ``InputError`` per input that could not be read, so one bad file never stops the rest.

>>> for item in read_paths(["story.txt"]):  # doctest: +SKIP
...     print(item.origin, item.published, item.published_source)
story.txt 2015-10-08 sidecar
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsgraph.errors import InputError
from newsgraph.ingest.feeds import FEED_SUFFIXES, looks_like_feed, read_feed_file
from newsgraph.ingest.html import NoArticleError, extract_html
from newsgraph.ingest.jsonl import parse_line, read_jsonl
from newsgraph.ingest.meta import FileMetadata, is_sidecar, read_sidecar
from newsgraph.ingest.text import decode_file_bytes
from newsgraph.ingest.url import FetchOptions, is_url, read_url_list, read_urls
from newsgraph.ingest.warc import is_warc, read_warc
from newsgraph.model import Article

__all__ = ["KNOWN_EXTENSIONS", "MetadataOverrides", "UrlList", "read_paths"]

TEXT_EXTENSIONS = frozenset({".txt"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
JSONL_EXTENSIONS = frozenset({".jsonl"})
XML_EXTENSIONS = frozenset({".xml"})
URL_LIST_EXTENSIONS = frozenset({".urls"})
KNOWN_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | JSONL_EXTENSIONS | FEED_SUFFIXES | XML_EXTENSIONS


@dataclass(frozen=True, slots=True)
class MetadataOverrides:
    """Metadata given on the command line; it wins over what the files say."""

    published: dt.date | None = None
    source: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class UrlList:
    """A text file of URLs, one per line, to fetch (``newsgraph ingest --url-list FILE``)."""

    path: Path


def read_paths(
    paths: Sequence[str | Path | UrlList],
    *,
    overrides: MetadataOverrides | None = None,
    max_bytes: int = 5_000_000,
) -> Iterator[Article | InputError]:
    """Articles from files and folders, in the order given (folders recursively, sorted).

    Folders contribute only ``.txt``, ``.html``, ``.htm``, ``.jsonl``, ``.warc``, ``.warc.gz``,
    ``.rss``, ``.atom`` files and ``.xml`` files that are feeds; a file named explicitly is read as
    plain text unless its extension says otherwise (``.json`` is one object with ``text`` or
    ``html``, like one JSONL line; ``.urls`` a URL list). A folder with none of those is an error.
    An ``http(s)://`` string is fetched (a page or a feed). ``NAME.meta.json`` sidecars are
    metadata, never articles. Every problem is yielded as an ``InputError`` naming the input and
    the reason; reading continues with the next input.
    """
    for raw in paths:
        if isinstance(raw, UrlList):
            yield from _apply_all(
                read_url_list(raw.path, options=FetchOptions(max_bytes=max_bytes)), overrides
            )
            continue
        if isinstance(raw, str) and is_url(raw):
            yield from _apply_all(read_urls([raw], options=FetchOptions(max_bytes=max_bytes)), overrides)
            continue
        path = Path(raw)
        if is_sidecar(path):
            continue
        if path.is_dir():
            yield from _read_dir(path, overrides=overrides, max_bytes=max_bytes)
        elif path.is_symlink() and not path.exists():
            yield InputError(str(path), "broken symbolic link: its target does not exist")
        elif not path.exists():
            yield InputError(str(path), "no such file or directory; check the path")
        else:
            yield from _read_file(path, overrides=overrides, max_bytes=max_bytes)


def _read_dir(
    root: Path, *, overrides: MetadataOverrides | None, max_bytes: int
) -> Iterator[Article | InputError]:
    errors: list[InputError] = []

    def on_error(exc: OSError) -> None:
        errors.append(InputError(str(exc.filename or root), f"cannot list folder ({exc.strerror or exc})"))

    found: list[Path] = []
    # followlinks=False: a symlink loop must not make ingest run forever.
    for folder, dirnames, filenames in os.walk(root, onerror=on_error):
        dirnames.sort()
        for name in filenames:
            candidate = Path(folder) / name
            if (candidate.suffix.lower() in KNOWN_EXTENSIONS or is_warc(candidate)) and not is_sidecar(
                candidate
            ):
                if candidate.suffix.lower() in XML_EXTENSIONS and not _is_feed_file(candidate):
                    continue  # sitemaps and other XML in a news folder are not articles
                found.append(candidate)
    yield from errors
    if not found and not errors:
        yield InputError(
            str(root),
            "no .txt, .html, .htm, .jsonl, .warc(.gz) or feed files in this folder (or its subfolders)",
        )
    for path in sorted(found, key=lambda p: p.relative_to(root).parts):
        if path.is_symlink() and not path.exists():
            yield InputError(str(path), "broken symbolic link: its target does not exist")
            continue
        yield from _read_file(path, overrides=overrides, max_bytes=max_bytes)


def _read_file(
    path: Path, *, overrides: MetadataOverrides | None, max_bytes: int
) -> Iterator[Article | InputError]:
    origin = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        yield InputError(origin, f"cannot read file ({exc.strerror or exc})")
        return
    if not stat.S_ISREG(info.st_mode):
        yield InputError(origin, "not a regular file (a device, pipe or socket); pass files or folders")
        return
    if info.st_size == 0:
        yield InputError(origin, "empty file: nothing to ingest")
        return
    suffix = path.suffix.lower()
    if is_warc(path):
        # Streamed record by record; the size limit applies to each page, not to the archive.
        yield from _apply_all(read_warc(path, max_bytes=max_bytes), overrides)
        return
    if suffix in FEED_SUFFIXES or (suffix in XML_EXTENSIONS and _is_feed_file(path)):
        # A feed holds many entries, so it may be larger than one document.
        yield from _apply_all(read_feed_file(path, max_bytes=max_bytes * FEED_SIZE_FACTOR), overrides)
        return
    if suffix in URL_LIST_EXTENSIONS:
        yield from _apply_all(read_url_list(path, options=FetchOptions(max_bytes=max_bytes)), overrides)
        return
    if suffix in JSONL_EXTENSIONS:
        # The size limit is per document, i.e. per line: a JSONL file may hold many articles.
        try:
            for item in read_jsonl(path, max_bytes=max_bytes):
                yield _apply_overrides(item, overrides) if isinstance(item, Article) else item
        except OSError as exc:
            yield InputError(origin, f"cannot read file ({exc.strerror or exc})")
        return
    if info.st_size > max_bytes:
        yield InputError(origin, _too_big(info.st_size, max_bytes))
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(origin, f"cannot read file ({exc.strerror or exc}); check its permissions")
        return
    if suffix == ".json":
        # A single JSON object named on the command line is one JSONL line in its own file.
        yield _apply_overrides(parse_line(data, origin), overrides)
        return
    decoded = decode_file_bytes(path, data)
    if isinstance(decoded, InputError):
        yield decoded
        return
    if not decoded.strip():
        yield InputError(origin, "empty file: only whitespace, nothing to ingest")
        return
    sidecar = read_sidecar(path)
    meta = FileMetadata()
    if isinstance(sidecar, InputError):
        yield sidecar
    elif sidecar is not None:
        meta = sidecar
    if suffix in HTML_EXTENSIONS:
        html_article = _html_article(origin, decoded)
        if isinstance(html_article, Article):
            html_article = _apply_sidecar(html_article, meta)
        yield _apply_overrides(html_article, overrides)
        return
    article = Article(
        origin=origin,
        text=decoded,
        id=meta.id,
        url=meta.url,
        title=meta.title,
        source=meta.source,
        published=meta.published,
        published_source="sidecar" if meta.published is not None else "unknown",
    )
    yield _apply_overrides(article, overrides)


#: A feed file may be this many times the per-document size limit (it holds many entries).
FEED_SIZE_FACTOR = 20


def _is_feed_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return looks_like_feed(handle.read(2048))
    except OSError:
        return False


def _apply_all(
    items: Iterator[Article | InputError], overrides: MetadataOverrides | None
) -> Iterator[Article | InputError]:
    for item in items:
        yield _apply_overrides(item, overrides)


def _apply_sidecar(article: Article, meta: FileMetadata) -> Article:
    """A sidecar next to an HTML page corrects what the page's own metadata says."""
    return dataclasses.replace(
        article,
        id=meta.id or article.id,
        url=meta.url or article.url,
        title=meta.title or article.title,
        source=meta.source or article.source,
        published=meta.published or article.published,
        published_source="sidecar" if meta.published is not None else article.published_source,
    )


def _too_big(size: int, max_bytes: int) -> str:
    return (
        f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes per document; "
        "split it or raise the limit with NEWSGRAPH_MAX_DOC_BYTES"
    )


def _html_article(origin: str, html: str) -> Article | InputError:
    try:
        extract = extract_html(html)
    except NoArticleError as exc:
        return InputError(origin, str(exc))
    return Article(
        origin=origin,
        text=extract.page_text(),
        html=html,
        url=extract.url,
        title=extract.title,
        source=extract.sitename,
        published=extract.published,
        published_source="html" if extract.published is not None else "unknown",
    )


def _apply_overrides(item: Article | InputError, overrides: MetadataOverrides | None) -> Article | InputError:
    if overrides is None or isinstance(item, InputError):
        return item
    changes: dict[str, object] = {}
    if overrides.published is not None:
        changes["published"] = overrides.published
        changes["published_source"] = "cli"
    if overrides.source is not None:
        changes["source"] = overrides.source
    if overrides.title is not None:
        changes["title"] = overrides.title
    return dataclasses.replace(item, **changes) if changes else item  # type: ignore[arg-type]
