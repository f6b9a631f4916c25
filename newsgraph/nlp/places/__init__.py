"""Places: toponyms found in the text and resolved against the offline gazetteer.

The pipeline calls :func:`extract_places`; the modules here are: names (folding and spellings),
gazetteer (the SQLite index, reading), index (building it), recognise (finding toponyms), with
shapes, institutions and landmarks (context that makes a name a place), resolve (choosing the
place, with the document's countries as context), cues (date words, admin words after a name),
containment (containers and lists between names), sites (names the gazetteer lacks, placed at their
town or container) and display (the English name shown for it).
Imported lazily (PEP 562) so that reading, say, the actor dictionary from the knowledge base does not
load spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsgraph.nlp.places.resolve import extract_places

__all__ = ["extract_places"]


def __getattr__(name: str) -> Any:
    if name == "extract_places":
        from newsgraph.nlp.places.resolve import extract_places

        return extract_places
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
