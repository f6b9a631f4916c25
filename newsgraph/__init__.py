"""newsgraph: who is where, doing what, to whom, when, and according to whom."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsgraph.model import Extraction

__version__ = "0.1.0"
__all__ = ["Extraction", "Pipeline", "__version__", "open_kb"]

if TYPE_CHECKING:
    from newsgraph.nlp.pipeline import Pipeline


def __getattr__(name: str) -> Any:
    # spaCy takes ~1 s to import: load it only when the pipeline is asked for.
    if name == "Pipeline":
        from newsgraph.nlp.pipeline import Pipeline

        return Pipeline
    if name == "open_kb":
        from newsgraph.kb.store import open_kb

        return open_kb
    raise AttributeError(name)
