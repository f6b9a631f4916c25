"""The `newsgraph` command: parse, call a plain function, format, set the exit code.

Exit codes: 0 all good; 1 some inputs failed (the rest were processed); 2 bad usage, or nothing
could be processed. Each topic's commands live in their own module and register on the shared
``app``; importing them here is what adds them to the command.
"""

from __future__ import annotations

import sys

from newsgraph.cli import actors, demo_eval, events, export, ingest, places, reading, web  # noqa: F401  (registers commands)
from newsgraph.cli.common import app, cached_pipeline, remember_pipeline

__all__ = ["app", "cached_pipeline", "main", "remember_pipeline"]


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
