"""STIX 2.1 bundle, made with the OASIS ``stix2`` library, for threat-intelligence platforms.

Mapping (only standard properties, so the bundle parses with ``allow_custom=False``):

* actors -> ``threat-actor`` (states' forces, armed groups, militias: they carry ``aliases``) or
  ``identity`` (people, parties, media, NGOs, international organisations; STIX gives identities no
  aliases, so they go into the description);
* places -> ``location`` with ``precision`` in metres (see records.UNCERTAINTY_M);
* affiliations -> ``relationship`` (member-of, part-of, commands, allied-with, fights, backed-by);
* events -> ``report`` (object_refs: actors, targets, place) and, where an event puts an actor
  somewhere (a visit, a meeting, a deployment: the rule of ``query.whereabouts.puts_there``), a
  ``sighting`` of the actor at the location;
* each report/sighting/relationship has ``confidence`` 0-100 from our status and
  ``external_references`` to its source documents (URL, title, evidence sentence).

Object ids are UUIDv5 of what they stand for, and ``created`` is when the knowledge base last
changed, so the same knowledge base always exports to the same bundle.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

import stix2

from newsgraph.export.records import (
    ActorInfo,
    ExportContext,
    ExportEvent,
    PlaceInfo,
    Report,
    confidence,
    export_timestamp,
    iter_events_in,
    uncertainty_m,
)
from newsgraph.query.exports import affiliation_evidence
from newsgraph.query.whereabouts import counts_as_whereabouts, puts_there

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase
    from newsgraph.query.filters import EventFilter

#: Our namespace for deterministic STIX ids (a fixed random UUID; never change it).
_NAMESPACE = uuid.UUID("5b7d3c52-8f0e-4c1e-9a57-2f6d1c0b9e41")

#: Actor kinds that STIX calls threat actors: organised forces that use violence.
_THREAT_KINDS = {"state", "government", "military", "armed_group", "militia"}
_NATION_STATE_KINDS = {"state", "government", "military"}
#: Identity classes for the rest (STIX identity-class vocabulary).
_IDENTITY_CLASS = {"person": "individual", "community": "group"}


def _stix_id(kind: str, *parts: object) -> str:
    return f"{kind}--{uuid.uuid5(_NAMESPACE, ':'.join(map(str, parts)))}"


def _timestamp(day: str | None) -> dt.datetime | None:
    if not day:
        return None
    try:
        return dt.datetime.combine(dt.date.fromisoformat(day[:10]), dt.time(), tzinfo=dt.timezone.utc)
    except ValueError:
        return None


def _references(reports: Iterable[Report]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for r in reports:
        ref = {"source_name": r.document.publication or r.document.title or "newsgraph document"}
        if r.document.url:
            ref["url"] = r.document.url
        ref["external_id"] = r.document.id
        title = f"{r.document.title}: " if r.document.title else ""
        ref["description"] = f"{title}{r.sentence}" if r.sentence else title.rstrip(": ")
        if ref not in out:
            out.append(ref)
    return out


class _BundleWriter:
    def __init__(self, kb: KnowledgeBase, out: TextIO) -> None:
        self.out = out
        self.created = export_timestamp(kb)
        self.common: dict[str, Any] = {"created": self.created, "modified": self.created}
        self.written: set[str] = set()
        self.count = 0

    def write(self, obj: Any) -> None:
        self.out.write((",\n" if self.count else "") + obj.serialize(sort_keys=True))
        self.count += 1
        self.written.add(obj.id)

    def actor(self, info: ActorInfo) -> str:
        if info.kind in _THREAT_KINDS:
            oid = _stix_id("threat-actor", "actor", info.id, info.name)
            if oid not in self.written:
                extra: dict[str, Any] = {"aliases": list(info.aliases)} if info.aliases else {}
                if info.kind in _NATION_STATE_KINDS:
                    extra["threat_actor_types"] = ["nation-state"]
                self.write(
                    stix2.ThreatActor(
                        id=oid, name=info.name, description=_describe(info), **extra, **self.common
                    )
                )
            return oid
        oid = _stix_id("identity", "actor", info.id, info.name)
        if oid not in self.written:
            self.write(
                stix2.Identity(
                    id=oid,
                    name=info.name,
                    identity_class=_IDENTITY_CLASS.get(
                        info.kind or "", "organization" if info.kind else "unknown"
                    ),
                    description=_describe(info),
                    **self.common,
                )
            )
        return oid

    def location(self, place: PlaceInfo) -> str:
        oid = _stix_id("location", "place", place.id, place.name)
        if oid not in self.written:
            extra: dict[str, Any] = {}
            if place.country_code:
                extra["country"] = place.country_code
            if place.admin1:
                extra["administrative_area"] = place.admin1
            self.write(
                stix2.Location(
                    id=oid,
                    name=place.name,
                    latitude=place.lat,
                    longitude=place.lon,
                    precision=float(uncertainty_m(place.precision)),
                    **extra,
                    **self.common,
                )
            )
        return oid

    def event(self, ev: ExportEvent) -> None:
        e = ev.event
        doers = [self.actor(a) for a in ev.actors if a is not None]
        done_to = [self.actor(t) for t in ev.targets if t is not None]
        where = self.location(ev.place) if ev.place is not None else None
        refs = list(dict.fromkeys([*doers, *done_to, *([where] if where else [])]))
        published = (
            _timestamp(min((r.document.published for r in ev.reports if r.document.published), default=None))
            or _timestamp(e.date_start)
            or self.created
        )
        names = ", ".join(r.name or r.description or "" for r in e.actors) or "someone"
        targets = ", ".join(r.name or r.description or "" for r in e.targets)
        title = f"{e.type}{'/' + e.mode if e.mode else ''}: {names}" + (f" -> {targets}" if targets else "")
        if ev.place:
            title += f" at {ev.place.name}"
        if e.date_start:
            title += f" on {e.date_start}" + (
                f"..{e.date_end}" if e.date_end not in (None, e.date_start) else ""
            )
        labels = [f"status:{e.status}", f"plover:{e.type}"]
        if e.acled_event_type:
            labels.append(f"acled:{e.acled_event_type}")
        if e.in_comments:
            labels.append("source:reader-comments")
        report_id = _stix_id("report", "event", e.id, *(r.document.id for r in ev.reports))
        self.write(
            stix2.Report(
                id=report_id,
                name=title,
                description=ev.evidence + (f" (according to {e.attributed_to})" if e.attributed_to else ""),
                published=published,
                report_types=["threat-report"],
                object_refs=refs or [self._placeholder_identity()],
                confidence=confidence(e.status),
                labels=labels,
                external_references=_references(ev.reports),
                **self.common,
            )
        )
        # A sighting wherever ``newsgraph whereabouts`` would place the participant (one rule).
        if where is not None and counts_as_whereabouts(e):
            present = doers if puts_there(e.type, e.mode, "actor") else []
            if puts_there(e.type, e.mode, "target"):
                present = present + done_to
            for who in dict.fromkeys(present):
                extra: dict[str, Any] = {}
                first = _timestamp(e.date_start)
                if first is not None:
                    extra["first_seen"] = first
                    extra["last_seen"] = _timestamp(e.date_end) or first
                self.write(
                    stix2.Sighting(
                        id=_stix_id("sighting", "event", e.id, who),
                        sighting_of_ref=who,
                        where_sighted_refs=[where],
                        confidence=confidence(e.status),
                        description=ev.evidence,
                        external_references=_references(ev.reports),
                        **extra,
                        **self.common,
                    )
                )

    def _placeholder_identity(self) -> str:
        """A report must reference something; an event with neither named actors nor a place
        references this 'unknown actor' identity."""
        oid = _stix_id("identity", "unknown-actor")
        if oid not in self.written:
            self.write(stix2.Identity(id=oid, name="unknown actor", identity_class="unknown", **self.common))
        return oid

    def affiliations(self, ctx: ExportContext, actor_ids: set[int] | None, *, include_comments: bool) -> None:
        rows = affiliation_evidence(ctx.kb)
        grouped: dict[tuple[int, int, str], list[Report]] = {}
        for subj, obj, relation, doc, evidence, in_comments in rows:
            if subj == obj or (in_comments and not include_comments):
                continue
            if actor_ids is not None and subj not in actor_ids and obj not in actor_ids:
                continue
            report = Report(ctx.document(doc), " ".join(evidence.split()), "reported", None)
            grouped.setdefault((subj, obj, relation), []).append(report)
        for (subj, obj, relation), reports in grouped.items():
            source, target = self.actor(ctx.actor(subj)), self.actor(ctx.actor(obj))
            dates = sorted(d for r in reports if (d := r.document.published))
            extra: dict[str, Any] = {}
            if dates:
                extra["start_time"] = _timestamp(dates[0])
                if dates[-1] != dates[0]:
                    extra["stop_time"] = _timestamp(dates[-1])
            self.write(
                stix2.Relationship(
                    id=_stix_id("relationship", subj, relation, obj),
                    relationship_type=relation.replace("_", "-"),
                    source_ref=source,
                    target_ref=target,
                    confidence=confidence("reported"),
                    description=reports[0].sentence,
                    external_references=_references(reports),
                    **extra,
                    **self.common,
                )
            )


def _describe(info: ActorInfo) -> str:
    parts = [f"kind: {info.kind or 'unknown'}"]
    if info.sector:
        parts.append(f"sector: {info.sector}")
    if info.country:
        parts.append(f"country: {info.country}")
    if info.aliases:
        parts.append("also known as: " + ", ".join(info.aliases))
    return "; ".join(parts)


def write_stix(kb: KnowledgeBase, out: TextIO, flt: EventFilter | None = None) -> int:
    """Stream a STIX 2.1 bundle to ``out``; returns the number of STIX objects written."""
    from newsgraph.query.filters import EventFilter

    flt = flt or EventFilter()
    ctx = ExportContext(kb)
    writer = _BundleWriter(kb, out)
    bundle_id = _stix_id("bundle", "newsgraph", writer.created.isoformat(), json.dumps(_filter_key(flt)))
    out.write(f'{{"type": "bundle", "id": "{bundle_id}", "objects": [\n')
    seen: set[int] = set()
    for ev in iter_events_in(ctx, flt):
        writer.event(ev)
        seen.update(a.id for a in (*ev.actors, *ev.targets) if a is not None)
    unfiltered = flt == EventFilter(include_comments=flt.include_comments)
    writer.affiliations(ctx, None if unfiltered else seen, include_comments=flt.include_comments)
    out.write("\n]}\n")
    return writer.count


#: The filter fields that choose which events a bundle holds, in a fixed order: the bundle id is
#: derived from them, so adding a field to EventFilter (paging, background) keeps old ids stable.
_KEY_FIELDS = ("actor", "type", "place", "since", "until", "status", "include_comments")


def _filter_key(flt: EventFilter) -> list[str]:
    keys = [str(getattr(flt, name)) for name in _KEY_FIELDS]
    if flt.include_background:
        keys.append("include_background")
    if flt.include_statements:
        keys.append("include_statements")
    return keys
