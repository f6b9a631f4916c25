"""RSS and Atom feeds: one Article per entry, with its link, title and date (feedparser).

An entry's full content (``content:encoded``, Atom ``content``) is used when the feed carries it,
else its summary. Both are usually HTML fragments, not whole pages, so they are turned into text
here (block elements become paragraphs) rather than by trafilatura, which looks for a page layout
and drops short fragments.
"""

from __future__ import annotations

import datetime as dt
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsgraph.errors import InputError
from newsgraph.ingest.meta import clean_str
from newsgraph.model import Article

__all__ = ["FEED_SUFFIXES", "looks_like_feed", "parse_feed"]

FEED_SUFFIXES = frozenset({".rss", ".atom"})

_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "article"}
)
_SNIFF_BYTES = 2048


def looks_like_feed(head: bytes) -> bool:
    """True when the start of an XML document is an RSS, RDF or Atom feed."""
    sample = head[:_SNIFF_BYTES].lower()
    return b"<rss" in sample or b"<feed" in sample or b"<rdf:rdf" in sample


def parse_feed(
    data: bytes, origin: str, *, content_location: str | None = None
) -> Iterator[Article | InputError]:
    """Articles from the entries of one feed document (file contents or an HTTP response body)."""
    import feedparser

    parsed: Any = feedparser.parse(data, response_headers={"content-location": content_location or ""})
    if parsed.bozo and not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        yield InputError(origin, f"not a readable RSS or Atom feed ({reason}); check the file or URL")
        return
    feed_title = clean_str(parsed.feed.get("title"))
    if not parsed.entries:
        yield InputError(origin, "the feed has no entries")
        return
    for index, entry in enumerate(parsed.entries, start=1):
        link = clean_str(entry.get("link"))
        entry_origin = f"{origin}#{link or index}"
        text = _entry_text(entry)
        if not text:
            yield InputError(entry_origin, "feed entry has neither content nor a summary; nothing to read")
            continue
        published = _entry_date(entry)
        yield Article(
            origin=entry_origin,
            text=text,
            url=link,
            title=clean_str(entry.get("title")),
            source=feed_title,
            published=published,
            published_source="feed" if published is not None else "unknown",
        )


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        with warnings.catch_warnings():
            # feedparser warns when it falls back from published to updated; we ask for both anyway
            # (under warnings-as-errors the warning aborted the feed; found by tests/test_fuzz.py).
            warnings.simplefilter("ignore", DeprecationWarning)
            value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return None


def _entry_text(entry: Any) -> str:
    candidates: list[tuple[str, str]] = []
    for content in entry.get("content") or ():
        candidates.append((str(content.get("value") or ""), str(content.get("type") or "")))
    summary = entry.get("summary_detail") or {}
    if entry.get("summary"):
        candidates.append((str(entry.get("summary")), str(summary.get("type") or "text/html")))
    # The longest candidate: some feeds put a teaser in content and the article in summary.
    best = ""
    for value, kind in candidates:
        text = fragment_text(value) if "html" in kind else value.strip()
        if len(text) > len(best):
            best = text
    return best


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment, one paragraph per block element."""
    import lxml.html
    from lxml import etree

    if not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return html.strip()
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n\n" + (element.tail or "")
    lines = [" ".join(line.split()) for line in root.text_content().split("\n\n")]
    return "\n\n".join(line for line in lines if line)


def read_feed_file(path: Path, *, max_bytes: int) -> Iterator[Article | InputError]:
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield InputError(origin, f"feed is {size:,} bytes, over the limit of {max_bytes:,}")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(origin, f"cannot read file ({exc.strerror or exc})")
        return
    yield from parse_feed(data, origin)
