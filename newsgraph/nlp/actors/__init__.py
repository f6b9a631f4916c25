"""Actors: people, armed groups, states and units, with their titles, roles and affiliations.

The pipeline calls :func:`extract_actors`; the modules here are: dictionary (the curated actor list), ruler (spaCy component tagging dictionary names), titles, relations (roles and affiliations), extract.
Imported lazily (PEP 562) so that reading, say, the actor dictionary from the knowledge base does not
load spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsgraph.nlp.actors.extract import extract_actors

__all__ = ["extract_actors"]


def __getattr__(name: str) -> Any:
    if name == "extract_actors":
        from newsgraph.nlp.actors.extract import extract_actors

        return extract_actors
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
