"""Long texts in paragraph-aligned pieces, and records shifted back to offsets in the whole text.

spaCy refuses a text longer than ``nlp.max_length`` (1,000,000 characters by default) because the
parser and NER need about 1 GB of temporary memory per 100,000 characters. A long report or a
transcript is split at blank lines (else line breaks, else spaces) into pieces of at most
``CHUNK_CHARS``; each piece is parsed alone and every ``start``/``end`` in its records moves by the
piece's offset, so ``text[start:end]`` still reads the mention in the original text.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["CHUNK_CHARS", "parse_in_chunks", "progress_host", "shift", "split_paragraphs"]

#: Piece size for texts over the model's limit. A tenth of spaCy's default max_length keeps the
#: parser's temporary memory near 1 GB by spaCy's own estimate; measured in bench/RESULTS.md
#: ("Long documents"): the 3 MB ingest's peak memory.
CHUNK_CHARS = 100_000

#: Where a piece may end, best first: after a blank line, a line break, any whitespace.
_BREAKS = ("\n\n", "\n", " ")

T = TypeVar("T")


def split_paragraphs(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """``[start, end)`` pieces covering ``text``, each at most ``limit`` characters.

    A piece ends after the last paragraph break before the limit; only a paragraph longer than
    the limit is cut at a line break or a space (a text with no whitespace at all: at the limit).

    >>> split_paragraphs("aa\\n\\nbb\\n\\ncc", limit=6)
    [(0, 4), (4, 8), (8, 10)]
    """
    if limit < 1:
        raise ValueError(f"limit={limit}: a piece needs at least one character")
    pieces: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        for mark in _BREAKS:
            cut = text.rfind(mark, start + 1, end)
            if cut > start:
                end = cut + len(mark)
                break
        pieces.append((start, end))
        start = end
    if start < len(text) or not pieces:
        pieces.append((start, len(text)))
    return pieces


def parse_in_chunks(nlp: Language, text: str, *, limit: int = CHUNK_CHARS) -> Iterator[tuple[int, Doc]]:
    """(offset, parsed piece) for each piece of ``text``, with a progress bar on a terminal."""
    pieces = split_paragraphs(text, limit)
    # One piece at a time: nlp.pipe's default batch (1,000 texts) sent all of a long text's
    # pieces through the model together, holding every piece's activations at once (a 3 MB text:
    # 30 pieces, 8.3 GB peak; bench/long_text.py).
    docs = nlp.pipe((text[a:b] for a, b in pieces), batch_size=1)
    with _progress(len(pieces)) as advance:
        for (start, _), doc in zip(pieces, docs, strict=True):
            yield start, doc
            advance()


def shift(record: T, delta: int) -> T:
    """``record`` with every ``start``/``end`` offset in it (nested records too) moved by ``delta``.

    Offsets are the fields named ``start`` and ``end`` (the model's convention, see model.py);
    dates such as ``start_date`` are untouched.
    """
    if delta == 0:
        return record
    return _shift(record, delta)


def _shift(value: Any, delta: int) -> Any:
    if isinstance(value, tuple):
        return tuple(_shift(v, delta) for v in value)
    if isinstance(value, list):
        return [_shift(v, delta) for v in value]
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(value):
        old = getattr(value, f.name)
        if f.name in ("start", "end") and isinstance(old, int):
            changes[f.name] = old + delta
        elif isinstance(old, tuple | list) or (dataclasses.is_dataclass(old) and not isinstance(old, type)):
            new = _shift(old, delta)
            if new is not old:
                changes[f.name] = new
    return dataclasses.replace(value, **changes) if changes else value


class ProgressHost(Protocol):
    """A progress display already on the terminal (rich's ``Progress`` is one)."""

    def add_task(self, description: str, *, total: float | None = ..., **fields: Any) -> Any: ...
    def advance(self, task_id: Any, advance: float = ...) -> None: ...
    def remove_task(self, task_id: Any) -> None: ...


# Two rich live displays on one terminal overdraw each other (each rewrites "its" last lines), so
# a front end that shows its own bar (`newsgraph ingest`) lends it here while it runs: a long
# text's pieces are then a second line of that display instead of a second display.
_host: ContextVar[ProgressHost | None] = ContextVar("newsgraph_progress_host", default=None)


@contextmanager
def progress_host(host: ProgressHost) -> Iterator[None]:
    """Within this block, long-text progress is a task of ``host`` rather than a bar of its own."""
    token = _host.set(host)
    try:
        yield
    finally:
        _host.reset(token)


class _progress:
    """A rich progress bar over ``total`` pieces, shown only on an interactive stderr (or as a task
    of the :func:`progress_host` in force)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self._bar: Any = None
        self._task: Any = None
        self._host: ProgressHost | None = None

    def __enter__(self) -> Callable[[], None]:
        host = _host.get()
        if self.total > 1 and host is not None:
            self._host = host
            # Fields the host's columns may name (the ingest bar shows a rate).
            self._task = host.add_task("long text, parsing in pieces", total=self.total, rate="")
        elif self.total > 1 and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("long text, parsing in pieces", total=self.total)
        return self._advance

    def _advance(self) -> None:
        if self._host is not None:
            self._host.advance(self._task)
        elif self._bar is not None:
            self._bar.advance(self._task)

    def __exit__(self, *exc: object) -> None:
        if self._host is not None:
            self._host.remove_task(self._task)
        elif self._bar is not None:
            self._bar.stop()
