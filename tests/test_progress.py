"""A long text's piece-by-piece progress joins the ingest bar instead of drawing a second one."""

from __future__ import annotations

import io
from typing import Any

import spacy
from rich.console import Console
from rich.progress import Progress

from newsgraph.nlp.chunking import parse_in_chunks, progress_host

TEXT = "\n\n".join(f"Paragraph {i} tells of shelling near the river crossing." for i in range(12))


class RecordingHost:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def add_task(self, description: str, *, total: float | None = None, **fields: Any) -> int:
        self.calls.append(("add", total))
        return 7

    def advance(self, task_id: Any, advance: float = 1) -> None:
        self.calls.append(("advance", task_id))

    def remove_task(self, task_id: Any) -> None:
        self.calls.append(("remove", task_id))


def test_pieces_are_a_task_of_the_display_in_force() -> None:
    nlp = spacy.blank("en")
    host = RecordingHost()
    with progress_host(host):
        pieces = list(parse_in_chunks(nlp, TEXT, limit=120))
    n = len(pieces)
    assert n > 2
    assert host.calls == [("add", n), *[("advance", 7)] * n, ("remove", 7)]
    # Outside the block nothing is lent any more.
    list(parse_in_chunks(nlp, TEXT, limit=120))
    assert len(host.calls) == n + 2


def test_a_rich_progress_takes_the_pieces_as_a_second_line() -> None:
    """With the ingest bar's own columns (a rate field), on a terminal-like console."""
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100)
    nlp = spacy.blank("en")
    with Progress(console=console, transient=False, auto_refresh=False) as progress:
        progress.add_task("ingest", total=1, rate="")
        with progress_host(progress):
            pieces = parse_in_chunks(nlp, TEXT, limit=120)
            next(pieces)
            assert [t.description for t in progress.tasks] == ["ingest", "long text, parsing in pieces"]
            list(pieces)
        assert [t.description for t in progress.tasks] == ["ingest"]
