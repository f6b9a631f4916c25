"""WARC reader: HTML pages from the HTTP response records of a ``.warc`` or ``.warc.gz`` file.

Archives such as CC-NEWS hold tens of thousands of pages per file and are many GB in total, so
the file is streamed record by record (fastwarc) and only one page is in memory at a time.
Request, metadata and warcinfo records are passed over; responses that are not HTML (images,
PDFs, redirects, errors) are skipped and counted in :class:`WarcCounts`.

>>> counts = WarcCounts()
>>> for item in read_warc(Path("CC-NEWS-2024.warc.gz"), max_bytes=5_000_000, counts=counts):  # doctest: +SKIP
...     print(item.url, item.published, item.published_source)
https://example.org/news/1 2024-03-02 html
>>> counts.html, counts.skipped_not_html                                                     # doctest: +SKIP
(812, 153)
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsgraph.errors import InputError
from newsgraph.ingest.html import NoArticleError, extract_html
from newsgraph.model import Article

__all__ = ["WARC_SUFFIXES", "WarcCounts", "is_warc", "read_warc"]

WARC_SUFFIXES = (".warc", ".warc.gz")

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

log = logging.getLogger(__name__)


@dataclass(slots=True)
class WarcCounts:
    """What one pass over WARC files saw (mutable on purpose: the reader fills it as it streams)."""

    records: int = 0
    responses: int = 0
    html: int = 0
    skipped_not_html: int = 0
    skipped_status: int = 0
    skipped_too_big: int = 0


def is_warc(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(WARC_SUFFIXES)


def read_warc(
    path: Path, *, max_bytes: int, counts: WarcCounts | None = None
) -> Iterator[Article | InputError]:
    """One Article per HTML response record of ``path``; bad records become InputErrors.

    The page's own publication date (from its HTML metadata) is used when it has one; otherwise
    the capture date in ``WARC-Date`` stands in, marked ``published_source="warc"``: a page cannot
    have been published after it was crawled, and news is usually crawled within days.
    """
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    seen = counts if counts is not None else WarcCounts()
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputError(str(path), f"cannot read file ({exc.strerror or exc})")
        return
    with handle:
        try:
            records = ArchiveIterator(handle, parse_http=True, stream_detect=True)
            for record in records:
                seen.records += 1
                if record.record_type != WarcRecordType.response:
                    continue
                seen.responses += 1
                item = _record_article(path, record, max_bytes=max_bytes, counts=seen)
                if item is not None:
                    yield item
        except OSError as exc:
            # A truncated download or a file that is not a WARC at all; what was read so far stands.
            yield InputError(str(path), f"not a readable WARC file, or truncated ({exc}); re-download it")
            return
    if seen.records == 0:
        yield InputError(str(path), "no WARC records found: is this a WARC file?")
    log.info(
        "%s: %d HTML pages, %d non-HTML responses skipped, %d error statuses skipped",
        path,
        seen.html,
        seen.skipped_not_html,
        seen.skipped_status,
    )


def _record_article(
    path: Path, record: object, *, max_bytes: int, counts: WarcCounts
) -> Article | InputError | None:
    uri = _header(record, "WARC-Target-URI")
    origin = f"{path}#{uri or _header(record, 'WARC-Record-ID') or counts.records}"
    if not getattr(record, "is_http", False):
        counts.skipped_not_html += 1
        return None
    status = _http_status(record)
    if status is not None and not 200 <= status < 300:
        counts.skipped_status += 1
        return None
    content_type = (getattr(record, "http_content_type", None) or "").split(";")[0].strip().lower()
    if content_type not in _HTML_TYPES:
        counts.skipped_not_html += 1
        return None
    length = int(getattr(record, "content_length", 0) or 0)
    if length > max_bytes:
        counts.skipped_too_big += 1
        return InputError(
            origin,
            f"record is {length:,} bytes, over the limit of {max_bytes:,} per document; "
            "raise NEWSGRAPH_MAX_DOC_BYTES to keep it",
        )
    payload: bytes = record.reader.read(max_bytes + 1)  # type: ignore[attr-defined]
    html = _decode(payload, getattr(record, "http_charset", None))
    counts.html += 1
    try:
        extract = extract_html(html, url=uri)
    except NoArticleError as exc:
        return InputError(origin, str(exc))
    captured = getattr(record, "record_date", None)
    published = extract.published
    published_source = "html"
    if published is None and captured is not None:
        published, published_source = captured.date(), "warc"
    return Article(
        origin=origin,
        text=extract.page_text(),
        # The raw page is not kept: nothing downstream reads it, and on a cluster it would double
        # what travels to the workers.
        url=uri or extract.url,
        title=extract.title,
        source=extract.sitename,
        published=published,
        published_source=published_source if published is not None else "unknown",
    )


def _header(record: object, name: str) -> str | None:
    headers = getattr(record, "headers", None)
    value = headers.get(name) if headers is not None else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _http_status(record: object) -> int | None:
    http_headers = getattr(record, "http_headers", None)
    code = getattr(http_headers, "status_code", None)
    return int(code) if isinstance(code, int) else None


def _decode(payload: bytes, charset: str | None) -> str:
    if charset:
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError, ValueError):
            pass  # an unknown or malformed charset ("utf-8\x00" is a ValueError): guess below
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(payload).best()
        return str(best) if best is not None else payload.decode("utf-8", errors="replace")
