"""What every export format reads: events with their documents, places and actors, fetched once.

The formats differ only in how they spell things; this module gathers the facts they share
(provenance of each report, the place's GeoNames id and precision, an actor's kind, sector and
country) so that each writer is a small mapping. Records are produced one event at a time, so a
writer can stream to its output without holding the whole knowledge base.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsgraph.query import exports as rows
from newsgraph.query.actors import alias_counts
from newsgraph.query.events import event_ids, get_event
from newsgraph.query.filters import EventFilter
from newsgraph.query.records import EventRecord, ParticipantRef

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase

#: Our status -> a 0-100 confidence (STIX ``confidence``). Chosen to keep the status order of
#: model.STATUSES and to sit near the Admiralty-style bands analysts read ("denied" is low, not 0:
#: a denial is still a report that something was said to happen).
STATUS_CONFIDENCE = {
    "confirmed": 90,
    "reported": 70,
    "claimed": 50,
    "alleged": 40,
    "unverified": 30,
    "denied": 10,
}

#: Place precision (1 town .. 4 country) -> radius in metres that the point stands for. A town's
#: built-up area is a few km across; "near X" or a district ~10 km; a province ~100 km; a country's
#: point is its centroid, good to a few hundred km. Rough by nature: it tells a map how big a circle
#: to draw, not a measured error.
UNCERTAINTY_M = {1: 5_000, 2: 15_000, 3: 100_000, 4: 500_000}


def confidence(status: str) -> int:
    return STATUS_CONFIDENCE.get(status, 50)


def uncertainty_m(precision: int | None) -> int:
    return UNCERTAINTY_M.get(precision or 4, UNCERTAINTY_M[4])


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """A source document's citation: what a reader needs to find the original."""

    id: str
    url: str | None
    title: str | None
    publication: str | None
    published: str | None
    ingested_at: str


@dataclass(frozen=True, slots=True)
class PlaceInfo:
    id: int
    name: str
    lat: float
    lon: float
    country_code: str | None
    admin1: str | None
    geonames_id: int | None
    feature: str | None
    precision: int | None


@dataclass(frozen=True, slots=True)
class ActorInfo:
    """An actor row with what the dictionary knows about it (sector and country, when it has it)."""

    id: int
    name: str
    kind: str | None
    label: str | None
    sector: str | None
    country: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Report:
    """One document's report of an event: its citation, evidence sentence and own status."""

    document: DocumentRef
    sentence: str
    status: str
    attributed_to: str | None


def citation(report: Report) -> dict[str, Any]:
    """Where one report of an event comes from, as the GeoJSON and PLOVER exports cite it."""
    doc = report.document
    return {
        "url": doc.url,
        "title": doc.title,
        "publication": doc.publication,
        "published": doc.published,
        "doc_id": doc.id,
        "sentence": report.sentence,
        "status": report.status,
    }


@dataclass(frozen=True, slots=True)
class ExportEvent:
    event: EventRecord
    place: PlaceInfo | None
    reports: tuple[Report, ...]
    actors: tuple[ActorInfo | None, ...]  # parallel to event.actors (None: an unnamed participant)
    targets: tuple[ActorInfo | None, ...]
    injured: int | None = None

    @property
    def evidence(self) -> str:
        return self.reports[0].sentence if self.reports else ""


class ExportContext:
    """Cached look-ups for one export run (documents, places, actors are shared by many events)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._docs: dict[str, DocumentRef] = {}
        self._actors: dict[int, ActorInfo] = {}
        self._dictionary_keys: dict[int, list[str]] | None = None

    def document(self, doc_id: str) -> DocumentRef:
        if doc_id not in self._docs:
            self._docs[doc_id] = DocumentRef(*rows.document_row(self.kb, doc_id))
        return self._docs[doc_id]

    def place(self, place_id: int | None) -> PlaceInfo | None:
        if place_id is None:
            return None
        row = rows.place_row(self.kb, place_id)
        return PlaceInfo(*row) if row else None

    def actor(self, actor_id: int) -> ActorInfo:
        if actor_id not in self._actors:
            self._actors[actor_id] = self._load_actor(actor_id)
        return self._actors[actor_id]

    def _load_actor(self, actor_id: int) -> ActorInfo:
        from newsgraph.nlp.actors.dictionary import load_dictionary

        name, kind, label, keys = rows.actor_row(self.kb, actor_id)
        dictionary = load_dictionary()
        entry = next((e for e in map(dictionary.get, keys) if e is not None), None)
        aliases = [a.alias for a in alias_counts(self.kb, actor_id)]
        if entry is not None:
            aliases += list(entry.aliases)
        unique = tuple(dict.fromkeys(a for a in aliases if a and a != name))
        return ActorInfo(
            id=actor_id,
            name=name,
            kind=kind or (entry.kind if entry else None),
            label=label,
            sector=entry.sector if entry else None,
            country=entry.country if entry else None,
            aliases=unique,
        )

    def participant(self, ref: ParticipantRef) -> ActorInfo | None:
        return self.actor(ref.id) if ref.id is not None else None

    def export_event(self, event: EventRecord) -> ExportEvent:
        return ExportEvent(
            event=event,
            place=self.place(event.place.id if event.place is not None else None),
            reports=tuple(
                Report(self.document(s.document), s.sentence, s.status, s.attributed_to)
                for s in event.sources
            ),
            actors=tuple(self.participant(p) for p in event.actors),
            targets=tuple(self.participant(p) for p in event.targets),
            injured=event.injured,
        )

    def all_actor_ids(self) -> list[int]:
        return rows.all_actor_ids(self.kb)


def iter_events(kb: KnowledgeBase, flt: EventFilter | None = None) -> Iterator[ExportEvent]:
    """Events as ``newsgraph events`` lists them (same filters), with everything exports need."""
    ctx = ExportContext(kb)
    yield from iter_events_in(ctx, flt)


def iter_events_in(ctx: ExportContext, flt: EventFilter | None = None) -> Iterator[ExportEvent]:
    # Walk the ids and build each record as it is written, so memory stays flat however many
    # events there are (list_events would build them all first).
    for event_id in event_ids(ctx.kb, dataclasses.replace(flt, limit=None, offset=0) if flt else None):
        yield ctx.export_event(get_event(ctx.kb, event_id))


def export_timestamp(kb: KnowledgeBase) -> dt.datetime:
    """When the knowledge base last changed (its newest document): a stable 'created' for exports,
    so that exporting the same knowledge base twice gives the same bytes."""
    last = rows.last_ingested(kb)
    if last:
        return dt.datetime.fromisoformat(last).astimezone(dt.timezone.utc)
    return dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
