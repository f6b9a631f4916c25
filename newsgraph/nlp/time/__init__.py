"""Times: time expressions normalised against the document date, with their precision.

The pipeline calls :func:`extract_times`; the modules here are: calendar (month and weekday names, Norm), rules (the regular expressions), normalise (spaCy DATE spans + rules -> TimeMention).
Imported lazily (PEP 562) so that reading, say, the actor dictionary from the knowledge base does not
load spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsgraph.nlp.time.normalise import extract_times

__all__ = ["extract_times"]


def __getattr__(name: str) -> Any:
    if name == "extract_times":
        from newsgraph.nlp.time.normalise import extract_times

        return extract_times
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
