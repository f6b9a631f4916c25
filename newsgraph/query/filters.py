"""The filters of every read question: one dataclass per question, built alike by CLI options, API
parameters, UI controls and export options, so the same filter gives the same answer everywhere.

Defaults are the same everywhere too: reader-comment facts are left out unless asked for
(``include_comments``), and ``limit=None`` means every match (the CLI); the API passes its page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Events: ``actor`` is an actor id or a name/alias (any case); ``place`` a place id or a name.

    ``include_background`` is for history an article recalls (an ``events.background`` column, not
    in every schema): such events are left out by default, like comments; without the column it
    does nothing. ``include_statements`` likewise for verbal acts ACLED does not code ("accused",
    "called for": ``events.statement``, migration 24), which PLOVER analysts may want.
    """

    actor: str | None = None
    type: str | None = None
    place: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    status: str | None = None
    include_comments: bool = False
    include_background: bool = False
    include_statements: bool = False
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True, slots=True)
class WhereaboutsFilter:
    actor: str
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True, slots=True)
class CasualtyFilter:
    """``affiliation`` keeps victims who are that actor or part of it (e.g. IRGC).

    ``include_background``: None (the default) leaves recalled history out of the plain list (where
    it would count old deaths again in every article that recalls them) and keeps it in a list of
    one affiliation's casualties (that actor's record: "a general killed in 2015" stays his death).
    """

    affiliation: str | None = None
    include_comments: bool = False
    include_background: bool | None = None
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """``actor``: claims about it or its parts; ``text``: part of the subject, source or sentence."""

    actor: str | None = None
    status: str | None = None
    doc_id: str | None = None
    text: str | None = None
    include_comments: bool = False
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True, slots=True)
class PlaceFilter:
    """``unresolved`` adds the names no gazetteer matched, after every place."""

    q: str | None = None
    include_comments: bool = False
    unresolved: bool = False
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True, slots=True)
class ActorFilter:
    """``query`` matches part of a name or alias (any case); ``ids`` restricts to those actors."""

    query: str | None = None
    kind: str | None = None
    include_comments: bool = False
    ids: frozenset[int] | None = None
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True, slots=True)
class DossierFilter:
    """``actor``: an id, a name, an alias or a resolution key."""

    actor: str
    include_comments: bool = True


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True, slots=True)
class SearchFilter:
    """``raw`` passes ``text`` as FTS5 syntax; ``marks`` wrap the matched words in snippets."""

    text: str
    raw: bool = False
    marks: tuple[str, str] = ("[", "]")
    limit: int | None = 20
    offset: int = 0


@dataclass(frozen=True, slots=True)
class NetworkFilter:
    """Actors tied by shared (filtered) events and affiliations; the strongest ``max_nodes`` actors
    and, among them, the heaviest ``max_edges`` ties."""

    events: EventFilter = field(default_factory=EventFilter)
    max_nodes: int = 150
    max_edges: int = 2000
