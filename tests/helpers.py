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


# --- the read side as lists (the query functions return a Page; most tests look at all items) ----


def events_of(kb, flt=None, **fields) -> list:  # type: ignore[no-untyped-def, type-arg]
    """Every event ``newsgraph events`` lists for ``flt`` (an EventFilter, or its fields)."""
    from newsgraph.query.events import list_events
    from newsgraph.query.filters import EventFilter

    return list(list_events(kb, flt or EventFilter(**fields)).items)


def whereabouts_of(kb, actor: str) -> list:  # type: ignore[no-untyped-def, type-arg]
    from newsgraph.query.filters import WhereaboutsFilter
    from newsgraph.query.whereabouts import whereabouts

    return list(whereabouts(kb, WhereaboutsFilter(actor)).items)


def casualties_of(kb, **fields) -> list:  # type: ignore[no-untyped-def, type-arg]
    from newsgraph.query.casualties import casualties
    from newsgraph.query.filters import CasualtyFilter

    return list(casualties(kb, CasualtyFilter(**fields)).items)


def claims_of(kb, **fields) -> list:  # type: ignore[no-untyped-def, type-arg]
    from newsgraph.query.claims import list_claims
    from newsgraph.query.filters import ClaimFilter

    return list(list_claims(kb, ClaimFilter(**fields)).items)


def actors_of(kb, query=None, *, ids=None, **fields) -> list:  # type: ignore[no-untyped-def, type-arg]
    from newsgraph.query.actors import list_actors
    from newsgraph.query.filters import ActorFilter

    scope = None if ids is None else frozenset(ids)
    return list(list_actors(kb, ActorFilter(query=query, ids=scope, **fields)).items)


def places_of(kb, **fields) -> list:  # type: ignore[no-untyped-def, type-arg]
    from newsgraph.query.filters import PlaceFilter
    from newsgraph.query.places import list_places

    return list(list_places(kb, PlaceFilter(**fields)).items)


def dossier_of(kb, actor: str, **fields):  # type: ignore[no-untyped-def]
    from newsgraph.query.dossier import actor_dossier
    from newsgraph.query.filters import DossierFilter

    return actor_dossier(kb, DossierFilter(actor, **fields))


def search_of(kb, text: str, **fields) -> list:  # type: ignore[no-untyped-def, type-arg]
    from newsgraph.query.filters import SearchFilter
    from newsgraph.query.search import search

    return list(search(kb, SearchFilter(text, **fields)).items)


def documents_of(kb, **fields) -> list:  # type: ignore[no-untyped-def, type-arg]
    from newsgraph.query.documents import list_documents
    from newsgraph.query.filters import DocumentFilter

    return list(list_documents(kb, DocumentFilter(**fields)).items)
