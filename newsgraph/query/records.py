"""The records every read question returns, and ``as_json``, the one JSON shape the CLI's ``--json``
and the API print (the API wraps a list in a :class:`Page`). Offsets (``sentence_start``,
``trigger_start``...) are character offsets into the document's raw text, for highlighting.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a question's answer: ``total`` matches in all, ``items`` from ``offset`` on.
    ``limit`` None means the page holds every match from ``offset``."""

    total: int
    limit: int | None
    offset: int
    items: tuple[T, ...]


@dataclass(frozen=True, slots=True)
class ParticipantRef:
    """A known actor (id, name) or an unnamed description, with rank and unit where stated."""

    id: int | None = None
    name: str | None = None
    description: str | None = None
    rank: str | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceRef:
    name: str
    lat: float
    lon: float
    country_code: str | None
    admin1: str | None
    precision: int | None  # 1 town .. 4 country (ACLED geo_precision, extended)
    id: int | None = None
    feature: str | None = None


@dataclass(frozen=True, slots=True)
class SourceRef:
    """One document's report: its own status, attribution, figures and evidence sentence, with the
    offsets of the sentence and of the trigger word in the document's raw text."""

    document: str
    sentence: str
    status: str
    attributed_to: str | None = None
    fatalities: int | None = None
    merge_reason: str | None = None
    in_comments: bool = False
    title: str | None = None
    sentence_start: int = 0
    sentence_end: int = 0
    trigger_start: int = 0
    trigger_end: int = 0
    trigger_text: str = ""
    # The further sentences of this document about the event (within-document coreference merged
    # their mentions into this report): (start, end, text), in text order.
    evidence: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class EventRecord:
    id: int
    type: str
    mode: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    actors: tuple[ParticipantRef, ...]
    targets: tuple[ParticipantRef, ...]
    place: PlaceRef | None
    date_start: str | None
    date_end: str | None
    time_precision: str
    fatalities: int | None
    status: str
    attributed_to: str | None
    in_comments: bool
    sources: tuple[SourceRef, ...]
    negated: bool = False
    hypothetical: bool = False
    injured: int | None = None
    confidence: float | None = None
    # History or a statistic recalled, not reported now (left out of default lists and tolls).
    background: bool = False
    # A verbal act ACLED does not code ("accused", "called for"): left out of default lists.
    statement: bool = False
    # The lowest and highest toll the sources give (``fatalities`` is the headline figure: the
    # lowest of the most reliable sources, never a sum); None when no source gives one.
    fatalities_range: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class EventLink:
    """A "possible same event": a report the merger found like an event but not enough to merge.
    ``newsgraph events merge EVENT OTHER`` confirms it."""

    event: int
    other_event: int
    score: float
    reason: str
    document: str
    other_document: str


@dataclass(frozen=True, slots=True)
class EventRef:
    id: int
    type: str
    mode: str | None


@dataclass(frozen=True, slots=True)
class Whereabout:
    place: PlaceRef
    date_start: str | None
    date_end: str | None
    time_precision: str
    status: str
    event: EventRef
    sources: tuple[SourceRef, ...]
    role: str = "actor"  # the matched actor's role in the event (actor, or target of a meeting)


@dataclass(frozen=True, slots=True)
class Casualty:
    victims: tuple[ParticipantRef, ...]
    fatalities: int | None
    place: PlaceRef | None
    date_start: str | None
    date_end: str | None
    status: str
    attributed_to: str | None
    sources: tuple[SourceRef, ...]
    event: EventRef | None = None
    injured: int | None = None


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    id: int
    subject: str
    value: str
    date: str | None
    attributed_to: str | None
    status: str
    in_comments: bool
    document: str
    sentence: str
    sentence_start: int = 0
    sentence_end: int = 0


def as_json(record: Any) -> Any:
    """A JSON-ready value; participants show only the keys that apply ({id, name} or {description})."""
    if isinstance(record, ParticipantRef):
        base: dict[str, Any] = (
            {"id": record.id, "name": record.name}
            if record.id is not None
            else {"description": record.description}
        )
        if record.rank:
            base["rank"] = record.rank
        if record.unit:
            base["unit"] = record.unit
        return base
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: as_json(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, list | tuple):
        return [as_json(r) for r in record]
    if isinstance(record, frozenset | set):
        return sorted(as_json(r) for r in record)
    return record


def page_json(page: Page[Any]) -> dict[str, Any]:
    """The API's answer for a page: the CLI's ``--json`` list under ``items``, with the total."""
    return {"total": page.total, "limit": page.limit, "offset": page.offset, "items": as_json(page.items)}


def paged(items: list[T], limit: int | None, offset: int) -> Page[T]:
    """A page cut from the complete list (for questions that must see every match to count them)."""
    offset = max(0, offset)
    end = None if limit is None else offset + max(0, limit)
    return Page(len(items), limit, offset, tuple(items[offset:end]))
