"""JSONL reader: one article per line, ``{"text": ...}`` or ``{"html": ...}`` plus optional metadata.

Each line stands alone: a bad line becomes an ``InputError`` with origin ``path:LINENO`` and the
reader goes on with the next one. Lines are read with a size cap so one runaway line cannot fill
memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from newsgraph.errors import InputError
from newsgraph.ingest.html import NoArticleError, extract_html
from newsgraph.ingest.meta import metadata_from_mapping
from newsgraph.model import Article

_CHUNK = 1 << 20


def read_jsonl(path: Path, *, max_bytes: int) -> Iterator[Article | InputError]:
    """Articles (or errors) from every non-blank line of ``path``, in file order."""
    with path.open("rb") as handle:
        lineno = 0
        while True:
            raw, too_long = _read_line(handle, max_bytes)
            if raw is None:
                return
            lineno += 1
            origin = f"{path}:{lineno}"
            if too_long:
                yield InputError(
                    origin,
                    f"line is over the limit of {max_bytes} bytes per document; "
                    "split it or raise NEWSGRAPH_MAX_DOC_BYTES",
                )
                continue
            if not raw.strip():
                continue
            yield parse_line(raw, origin)


def _read_line(handle: IO[bytes], max_bytes: int) -> tuple[bytes | None, bool]:
    """The next line (without reading more than ``max_bytes`` of it into memory)."""
    line = handle.readline(max_bytes + 1)
    if not line:
        return None, False
    if len(line) <= max_bytes or line.endswith(b"\n"):
        return line, False
    # Over the limit: skip to the end of this line without keeping it.
    while True:
        rest = handle.readline(_CHUNK)
        if not rest or rest.endswith(b"\n"):
            return b"", True


def _without_surrogates(value: Any) -> Any:
    """``value`` with lone UTF-16 surrogates (JSON ``"\\ud800"`` escapes) replaced by U+FFFD.

    JSON allows them but they are not text: SQLite and every UTF-8 writer refuse them, which
    used to fail the whole article at storage time (found by tests/test_fuzz.py).
    """
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_surrogates(v) for v in value]
    return value


def parse_line(raw: bytes, origin: str) -> Article | InputError:
    """One JSONL line -> Article, or an InputError saying what is wrong with it."""
    try:
        data: Any = _without_surrogates(json.loads(raw.decode("utf-8-sig", errors="replace")))
    except json.JSONDecodeError as exc:
        return InputError(
            origin, f"not valid JSON ({exc.msg} at column {exc.colno}); each line must be one object"
        )
    except RecursionError:
        # Thousands of nested brackets exhaust the parser's stack (found by tests/test_fuzz.py).
        return InputError(origin, "JSON nested too deeply to read; each line must be one flat article object")
    if not isinstance(data, dict):
        return InputError(origin, f"expected a JSON object per line, got {type(data).__name__}")
    text = data.get("text")
    html = data.get("html")
    has_text = isinstance(text, str) and bool(text.strip())
    has_html = isinstance(html, str) and bool(html.strip())
    if not has_text and not has_html:
        return InputError(origin, 'no article text: each line needs a non-empty "text" or "html" field')
    meta = metadata_from_mapping(data)
    published = meta.published
    published_source = "jsonl" if published is not None else "unknown"
    title, url, source = meta.title, meta.url, meta.source
    body = text.replace("\x00", "") if has_text and isinstance(text, str) else None
    if not has_text and isinstance(html, str):
        try:
            extract = extract_html(html, url=url)
        except NoArticleError as exc:
            return InputError(origin, str(exc))
        body = extract.page_text()
        title = title or extract.title
        url = url or extract.url
        source = source or extract.sitename
        if published is None and extract.published is not None:
            published, published_source = extract.published, "html"
    return Article(
        origin=origin,
        text=body,
        html=html if has_html and isinstance(html, str) else None,
        id=meta.id,
        url=url,
        title=title,
        source=source,
        published=published,
        published_source=published_source,
    )
