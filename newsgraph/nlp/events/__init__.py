"""Events: triggers, arguments, numbers, certainty and place of each reported event (PLOVER + ACLED).

The pipeline calls :func:`extract_events`; the modules here are: lexicon (trigger words), triggers (finding them), arguments (actors and targets), numbers (tolls), certainty (claim status), places (where it happened), extract.
Imported lazily (PEP 562) so that reading, say, the actor dictionary from the knowledge base does not
load spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsgraph.nlp.events.extract import extract_events

__all__ = ["extract_events"]


def __getattr__(name: str) -> Any:
    if name == "extract_events":
        from newsgraph.nlp.events.extract import extract_events

        return extract_events
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
