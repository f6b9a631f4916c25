"""Readers: turn files, JSONL lines, feeds and archives into Article records.

The one entry point callers need is :func:`read_paths`; it yields an ``Article`` per document
or an ``InputError`` per input that could not be read, so one bad file never stops the rest.

PLACEHOLDER until the readers land: .txt only, UTF-8 only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsgraph.errors import InputError
from newsgraph.model import Article


@dataclass(frozen=True, slots=True)
class MetadataOverrides:
    """Metadata given on the command line; it wins over what the files say."""

    published: dt.date | None = None
    source: str | None = None
    title: str | None = None


def read_paths(
    paths: Sequence[str | Path],
    *,
    overrides: MetadataOverrides | None = None,
    max_bytes: int = 5_000_000,
) -> Iterator[Article | InputError]:
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield InputError(str(path), "no such file or directory")
            continue
        yield Article(origin=str(path), text=path.read_text(encoding="utf-8"))
