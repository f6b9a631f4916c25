"""Live pages and feed URLs over HTTP(S) (httpx), politely: a named User-Agent, timeouts, a size cap.

A URL that serves a feed (RSS/Atom content type, or XML that looks like one) yields its entries;
anything else is read as an HTML page. Every failure (DNS, refused connection, timeout, HTTP
error status, a body over the size cap) is an ``InputError`` naming the URL, never an exception
that stops the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from newsgraph import __version__
from newsgraph.errors import InputError
from newsgraph.ingest.feeds import looks_like_feed, parse_feed
from newsgraph.ingest.html import NoArticleError, extract_html
from newsgraph.model import Article

if TYPE_CHECKING:
    import httpx

__all__ = ["USER_AGENT", "FetchOptions", "is_url", "read_url_list", "read_urls"]

#: Site operators can find out who we are and block us by name.
USER_AGENT = f"newsgraph/{__version__} (news research reader; +https://pypi.org/project/newsgraph/)"

_FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)
_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class FetchOptions:
    timeout_s: float = 20.0
    max_bytes: int = 5_000_000
    user_agent: str = USER_AGENT


def is_url(value: str) -> bool:
    lowered = value.lower()
    return lowered.startswith(("http://", "https://"))


def read_urls(
    urls: Iterator[str] | list[str], *, options: FetchOptions | None = None
) -> Iterator[Article | InputError]:
    """Articles from each URL in turn, over one connection pool."""
    import httpx

    opts = options or FetchOptions()
    with httpx.Client(
        timeout=httpx.Timeout(opts.timeout_s),
        follow_redirects=True,
        headers={
            "User-Agent": opts.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9",
        },
    ) as client:
        for url in urls:
            yield from _read_one(client, url, opts)


def read_url_list(path: Path, *, options: FetchOptions | None = None) -> Iterator[Article | InputError]:
    """URLs from a text file, one per line (blank lines and ``#`` comments ignored), read lazily."""
    try:
        handle = path.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        yield InputError(str(path), f"cannot read the URL list ({exc.strerror or exc})")
        return
    with handle:
        urls = _list_lines(path, handle)
        yield from read_urls(urls, options=options)


def _list_lines(path: Path, handle: TextIO) -> Iterator[str]:
    for lineno, raw in enumerate(handle, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        yield line if is_url(line) else f"invalid:{path}:{lineno}:{line}"


def _read_one(client: httpx.Client, url: str, opts: FetchOptions) -> Iterator[Article | InputError]:
    import httpx

    if url.startswith("invalid:"):
        _, where, lineno, line = url.split(":", 3)
        yield InputError(f"{where}:{lineno}", f"not an http(s) URL: {line!r}")
        return
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                yield InputError(
                    url, f"the server answered HTTP {response.status_code} {response.reason_phrase}"
                )
                return
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > opts.max_bytes:
                yield InputError(url, _too_big(int(declared), opts.max_bytes))
                return
            body = bytearray()
            for chunk in response.iter_bytes(_CHUNK):
                body.extend(chunk)
                if len(body) > opts.max_bytes:
                    yield InputError(url, _too_big(len(body), opts.max_bytes, at_least=True))
                    return
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            final_url = str(response.url)
            encoding = response.encoding or "utf-8"
    except httpx.TimeoutException:
        yield InputError(
            url, f"timed out after {opts.timeout_s:g} s; the site may be slow or down, retry later"
        )
        return
    except httpx.HTTPError as exc:
        yield InputError(
            url, f"could not fetch it ({type(exc).__name__}: {exc}); check the URL and the network"
        )
        return
    data = bytes(body)
    if content_type in _FEED_TYPES or (content_type.endswith("xml") and looks_like_feed(data)):
        yield from parse_feed(data, url, content_location=final_url)
        return
    try:
        html = data.decode(encoding, errors="replace")
    except LookupError:
        html = data.decode("utf-8", errors="replace")
    try:
        extract = extract_html(html, url=final_url)
    except NoArticleError as exc:
        yield InputError(url, str(exc))
        return
    yield Article(
        origin=url,
        text=extract.page_text(),
        url=extract.url or final_url,
        title=extract.title,
        source=extract.sitename,
        published=extract.published,
        published_source="html" if extract.published is not None else "unknown",
    )


def _too_big(size: int, limit: int, *, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return (
        f"response is {more}{size:,} bytes, over the limit of {limit:,} per document; "
        "raise NEWSGRAPH_MAX_DOC_BYTES to fetch it"
    )
