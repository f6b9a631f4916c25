"""newsgraph's extractors as spaCy pipeline components, with their results on ``Doc._``.

Registered through the ``spacy_factories`` entry points in pyproject.toml, so a spaCy user needs no
``import newsgraph``::

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("newsgraph_actors", after="ner")   # dictionary actors into doc.ents
    nlp.add_pipe("newsgraph_places")
    nlp.add_pipe("newsgraph_times")
    nlp.add_pipe("newsgraph_events")
    doc = nlp("Two soldiers were killed in an air strike on Hama on Monday.")
    doc._.events[0].type, doc._.places[0].name          # ('ASSAULT', 'Ḩamāh')

Each component reads what the earlier ones wrote and computes whatever is missing itself, in the
pipeline's order (actors, places, times, events, claims), so any subset works. ``Pipeline`` runs
these same component objects over each parsed region; that is the one definition of the order.
Set ``doc._.published`` (a date) before running them to anchor relative dates ("on Monday"), and
``doc._.in_comments`` for reader comments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.model import Affiliation, Mention, PlaceMention, Role, TimeMention
from newsgraph.nlp.actors import extract_actors
from newsgraph.nlp.claims import extract_claims
from newsgraph.nlp.events import extract_events
from newsgraph.nlp.places import extract_places
from newsgraph.nlp.time import extract_times

__all__ = [
    "ActorMentions",
    "ClaimFinder",
    "EventFinder",
    "PlaceFinder",
    "TimeFinder",
    "Actors",
    "register_extensions",
    "region_components",
]

#: Doc attributes the components write (None until the component that owns it has run) and read.
_EXTENSIONS: dict[str, object] = {
    "actors": None,  # Actors
    "places": None,  # list[PlaceMention]
    "times": None,  # list[TimeMention]
    "events": None,  # list[Event]
    "claims": None,  # list[Claim]
    "published": None,  # datetime.date: the document date relative dates are anchored on
    "in_comments": False,  # the text is reader comments (records are flagged, never facts)
}


def register_extensions() -> None:
    """Register the ``Doc._`` attributes once (called by every factory and by ``Pipeline``)."""
    for name, default in _EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


@dataclass(frozen=True, slots=True)
class Actors:
    """``doc._.actors``: entity mentions (actors keyed), roles and affiliations of one text."""

    mentions: tuple[Mention, ...] = ()
    roles: tuple[Role, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()


def _published(doc: Doc) -> dt.date | None:
    value = doc._.published
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])  # an ISO string set by hand


def _actors(doc: Doc) -> Actors:
    if doc._.actors is None:
        ActorMentions()(doc)
    actors: Actors = doc._.actors
    return actors


def _places(doc: Doc) -> list[PlaceMention]:
    if doc._.places is None:
        PlaceFinder()(doc)
    places: list[PlaceMention] = doc._.places
    return places


def _times(doc: Doc) -> list[TimeMention]:
    if doc._.times is None:
        TimeFinder()(doc)
    times: list[TimeMention] = doc._.times
    return times


class ActorMentions:
    """Writes ``doc._.actors`` from ``doc.ents`` (best after ``newsgraph_actors`` has tagged them)."""

    def __call__(self, doc: Doc) -> Doc:
        found = extract_actors(doc, in_comments=doc._.in_comments)
        doc._.actors = Actors(tuple(found.mentions), tuple(found.roles), tuple(found.affiliations))
        return doc


class PlaceFinder:
    """Writes ``doc._.places``; settles spans that both the actors and the places claimed."""

    def __call__(self, doc: Doc) -> Doc:
        actors = _actors(doc)
        places = _drop_actor_places(extract_places(doc, in_comments=doc._.in_comments), actors.mentions)
        mentions = _drop_place_actors(list(actors.mentions), places)
        kept = {m.actor_key for m in mentions}
        dropped = {m.actor_key for m in actors.mentions} - kept
        doc._.actors = Actors(
            mentions=tuple(mentions),
            roles=tuple(r for r in actors.roles if r.person_key not in dropped and r.org_key not in dropped),
            affiliations=tuple(
                a for a in actors.affiliations if a.subject_key not in dropped and a.object_key not in dropped
            ),
        )
        doc._.places = places
        return doc


class TimeFinder:
    """Writes ``doc._.times``, anchored on ``doc._.published``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.times = extract_times(doc, published=_published(doc), in_comments=doc._.in_comments)
        return doc


class EventFinder:
    """Writes ``doc._.events`` from the triggers, with the actors, places and times found so far."""

    def __call__(self, doc: Doc) -> Doc:
        places = _places(doc)  # first: placing may drop actor mentions
        doc._.events = extract_events(
            doc,
            mentions=_actors(doc).mentions,
            places=places,
            times=_times(doc),
            published=_published(doc),
            in_comments=doc._.in_comments,
        )
        return doc


class ClaimFinder:
    """Writes ``doc._.claims``: stated figures and facts that are not events."""

    def __call__(self, doc: Doc) -> Doc:
        _places(doc)  # the actor mentions claims see are those left after placing
        doc._.claims = extract_claims(
            doc,
            mentions=_actors(doc).mentions,
            times=_times(doc),
            published=_published(doc),
            in_comments=doc._.in_comments,
        )
        return doc


def region_components() -> tuple[ActorMentions, PlaceFinder, TimeFinder, EventFinder, ClaimFinder]:
    """The components ``Pipeline`` runs over each parsed region, in order."""
    register_extensions()
    return ActorMentions(), PlaceFinder(), TimeFinder(), EventFinder(), ClaimFinder()


# -- factories (names in pyproject's spacy_factories entry points) -------------------------------


@Language.factory("newsgraph_actor_mentions", assigns=["doc._.actors"], requires=["doc.ents"])
def make_actor_mentions(nlp: Language, name: str) -> ActorMentions:
    register_extensions()
    return ActorMentions()


@Language.factory("newsgraph_places", assigns=["doc._.places", "doc._.actors"], requires=["doc.ents"])
def make_places(nlp: Language, name: str) -> PlaceFinder:
    register_extensions()
    return PlaceFinder()


@Language.factory("newsgraph_times", assigns=["doc._.times"], requires=["doc.ents"])
def make_times(nlp: Language, name: str) -> TimeFinder:
    register_extensions()
    return TimeFinder()


@Language.factory(
    "newsgraph_events",
    assigns=["doc._.events", "doc._.places", "doc._.times", "doc._.actors"],
    requires=["doc.ents", "token.dep"],
)
def make_events(nlp: Language, name: str) -> EventFinder:
    register_extensions()
    return EventFinder()


@Language.factory("newsgraph_claims", assigns=["doc._.claims"], requires=["doc.ents", "token.dep"])
def make_claims(nlp: Language, name: str) -> ClaimFinder:
    register_extensions()
    return ClaimFinder()


# -- settling spans claimed both as actors and as places -----------------------------------------

#: Actor kinds whose names are never places, whatever the model tagged them.
_NON_PLACE_LABELS = frozenset({"PERSON", "ORG", "NORP"})


def _drop_actor_places(places: list[PlaceMention], mentions: tuple[Mention, ...]) -> list[PlaceMention]:
    """Unresolved "places" that the actor component labelled a person, group or people are not places.

    The model tags "IRGC" and "Soleimani" as GPE; the place finder keeps them as unresolved
    toponyms, but once the actor dictionary has relabelled the span, it is an actor.
    """
    actor_spans = [(m.start, m.end) for m in mentions if m.label in _NON_PLACE_LABELS]
    # A group the actor dictionary knows is no place even where a gazetteer has its name ("talks
    # with Hamas officials": Hamm, Germany); its spellings are curated, a town's namesakes are not.
    known = {
        (m.start, m.end)
        for m in mentions
        if m.label in _NON_PLACE_LABELS
        and m.canonical
        and m.actor_key
        and not m.actor_key.startswith(_GUESSED_KEYS)
    }
    return [
        p
        for p in places
        if (p.start, p.end) not in known
        and (p.resolved or not any(s < p.end and p.start < e for s, e in actor_spans))
    ]


#: Actor keys the model's label made up (no dictionary entry): "person:gao", "org:kyaukme".
_GUESSED_KEYS = ("person:", "org:", "norp:", "gpe:")


def _drop_place_actors(mentions: list[Mention], places: list[PlaceMention]) -> list[Mention]:
    """Mentions the model tagged PERSON/ORG that the geoparser resolved as places are places.

    "Gao", "Ansongo" and "Kiryat Shmona" tagged PERSON became person actors with dossiers of
    their own; the place finder only relabels such a span on evidence (a gazetteer name plus a
    locative cue or a list of places), so its decision wins. Dictionary actors stay ("Damascus
    said" is the government).
    """
    spans = {(p.start, p.end) for p in places if p.resolved}
    if not spans:
        return mentions
    return [
        m
        for m in mentions
        if not (m.actor_key and m.actor_key.startswith(_GUESSED_KEYS) and (m.start, m.end) in spans)
    ]
