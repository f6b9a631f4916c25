"""Small helpers shared by test modules (import as ``from helpers import ...``)."""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")


def actor_key(text: str) -> str:
    """A plain normalised key for hand-made Mention records (the pipeline keys actors through
    the actor dictionary; these tests only need equal texts to get equal keys)."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.replace("’", "'").lower()
    folded = re.sub(r"^(the)\s+", "", folded)
    folded = re.sub(r"'s$", "", folded)
    return _WS.sub(" ", re.sub(r"[^\w' -]", " ", folded)).strip()
