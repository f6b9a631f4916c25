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


def places_by_text(pipeline, text: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    """The geoparser's PlaceMentions for ``text``, by their surface text (last one wins)."""
    from newsgraph.nlp.places.resolve import extract_places

    return {p.text: p for p in extract_places(pipeline.nlp(text))}


def km_from(place, lat: float, lon: float) -> float:  # type: ignore[no-untyped-def]
    """Distance from a resolved PlaceMention to a point (fails on an unresolved one)."""
    from newsgraph.nlp.places.gazetteer import haversine_km

    assert place.resolved, place
    return haversine_km(float(place.lat or 0), float(place.lon or 0), lat, lon)
