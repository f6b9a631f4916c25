"""ACLED-style CSV: ACLED's column names and vocabularies, one row per event.

Where ACLED has a code we map ours onto it (time_precision 1-3, geo_precision 1-3, inter codes
1-8, ISO 3166 numeric codes); where we know nothing we leave the cell empty rather than guess.
Our status (and who says so) goes into ``tags``; ``notes`` carries the evidence sentence, so each
row can be checked against its source.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

import pycountry

from newsgraph.export.records import ActorInfo, ExportEvent, iter_events

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase
    from newsgraph.query.filters import EventFilter

#: ACLED's export columns, in ACLED's order.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip

#: Our time precision -> ACLED's: 1 the day is known, 2 the week (or a few days), 3 the month or
#: coarser.
_TIME_PRECISION = {"day": 1, "week": 2}

#: ACLED's inter codes: 1 state forces, 2 rebel groups, 3 political militias, 4 identity
#: militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other forces.
_INTER_BY_SECTOR = {
    "GOV": 1, "MIL": 1, "POL": 1, "SPY": 1,
    "REB": 2, "INS": 2, "SEP": 2,
    "PRM": 3, "MIL_PRM": 3,
    "ETH": 4, "REL": 4,
    "PRO": 6,
    "CVL": 7, "JRN": 7, "MED": 7, "NGO": 7, "HRI": 7, "EDU": 7, "BUS": 7, "REF": 7,
    "IGO": 8, "UNO": 8,
}  # fmt: skip
_INTER_BY_KIND = {
    "state": 1, "government": 1, "military": 1,
    "armed_group": 2,
    "militia": 3,
    "community": 4,
    "io": 8, "ngo": 7, "media": 7,
}  # fmt: skip

#: ACLED's regions by ISO alpha-2. ACLED's own split (the Middle East includes Turkey and Egypt is
#: in Northern Africa); countries not listed get an empty region rather than a guess.
_REGIONS = {
    "Middle East": "AE BH CY IL IQ IR JO KW LB OM PS QA SA SY TR YE",
    "Northern Africa": "DZ EG LY MA SD SS TN",
    "Western Africa": "BF BJ CI CV GH GM GN GW LR ML MR NE NG SL SN TG",
    "Middle Africa": "AO CD CF CG CM GA GQ ST TD",
    "Eastern Africa": "BI DJ ER ET KE KM MG MU MW MZ RW SC SO TZ UG ZM ZW",
    "Southern Africa": "BW LS NA SZ ZA",
    "South Asia": "AF BD BT IN LK MV NP PK",
    "Southeast Asia": "BN ID KH LA MM MY PH SG TH TL VN",
    "East Asia": "CN HK JP KP KR MN TW",
    "Caucasus and Central Asia": "AM AZ GE KG KZ TJ TM UZ",
    "Europe": "AL AT BA BE BG BY CH CZ DE DK EE ES FI FR GB GR HR HU IE IS IT LT LU LV MD ME MK MT NL NO"
    " PL PT RO RS RU SE SI SK UA XK",
    "North America": "CA US",
    "Central America": "BZ CR GT HN MX NI PA SV",
    "Caribbean": "BS CU DO HT JM TT",
    "South America": "AR BO BR CL CO EC GY PE PY SR UY VE",
    "Oceania": "AU FJ NZ PG SB VU",
}
_REGION_OF = {code: region for region, codes in _REGIONS.items() for code in codes.split()}

_POLITICAL_VIOLENCE = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}


def acled_time_precision(precision: str) -> int:
    return _TIME_PRECISION.get(precision, 3)


def acled_geo_precision(precision: int | None) -> int:
    """Ours has a 4th level (country); ACLED's coarsest is 3 (province or larger)."""
    return min(precision or 3, 3)


def inter_code(actor: ActorInfo | None, *, where: str | None = None) -> int | None:
    """ACLED's inter code for an actor; a state's forces acting outside their own country
    (``where`` is the event's ISO alpha-2) are external forces (8), as ACLED codes them."""
    if actor is None:
        return None
    code = None
    if actor.sector and actor.sector.upper() in _INTER_BY_SECTOR:
        code = _INTER_BY_SECTOR[actor.sector.upper()]
    else:
        code = _INTER_BY_KIND.get(actor.kind or "")
    if code == 1 and where and actor.country and actor.country.upper() != where.upper():
        return 8
    return code


def _country(code: str | None) -> tuple[str, str, str]:
    """(ISO numeric, name, alpha-3) for an alpha-2 code; empty strings when unknown."""
    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    if country is None:
        return "", "", ""
    return str(int(country.numeric)), getattr(country, "common_name", None) or country.name, country.alpha_3


def _disorder(event_type: str | None) -> str:
    if event_type in _POLITICAL_VIOLENCE:
        return "Political violence"
    if event_type == "Protests":
        return "Demonstrations"
    if event_type == "Strategic developments":
        return "Strategic developments"
    return ""


def _names(refs: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(r for r in refs if r))


def _party(ev: ExportEvent, *, targets: bool) -> tuple[str, str, int | None]:
    """(main actor, associated actors "; "-joined, inter code of the main actor)."""
    refs = ev.event.targets if targets else ev.event.actors
    infos = ev.targets if targets else ev.actors
    names = _names(r.name or r.description or "" for r in refs)
    if not names:
        return "", "", None
    main = next((i for i, r in zip(infos, refs, strict=True) if (r.name or r.description) == names[0]), None)
    where = ev.place.country_code if ev.place else None
    return names[0], "; ".join(names[1:]), inter_code(main, where=where)


def acled_row(ev: ExportEvent) -> dict[str, str]:
    e = ev.event
    iso, country, alpha3 = _country(ev.place.country_code if ev.place else None)
    actor1, assoc1, inter1 = _party(ev, targets=False)
    actor2, assoc2, inter2 = _party(ev, targets=True)
    # ACLED writes the lower code first, and a lone actor's code followed by 0 ("60": protesters).
    codes = sorted(c for c in (inter1, inter2) if c is not None) if inter1 is not None else []
    interaction = "".join(map(str, codes)) + ("0" if len(codes) == 1 else "")
    civilian = e.acled_event_type == "Violence against civilians" or inter2 == 7
    tags = [f"status: {e.status}"]
    if e.fatalities_range and e.fatalities_range[0] != e.fatalities_range[1]:
        # ACLED codes the most conservative credible figure and says that reports differ
        low, high = e.fatalities_range
        tags.append(f"fatalities reported: {low}-{high}")
    if e.attributed_to:
        tags.append(f"according to: {e.attributed_to}")
    if e.in_comments:
        tags.append("from reader comments")
    newest = max((r.document.ingested_at for r in ev.reports), default="")
    sources = _names(r.document.publication or r.document.title or r.document.url or "" for r in ev.reports)
    place = ev.place
    return {
        "event_id_cnty": f"{alpha3 or 'XXX'}{e.id}",
        "event_date": e.date_start or "",
        "year": e.date_start[:4] if e.date_start else "",
        "time_precision": str(acled_time_precision(e.time_precision)),
        "disorder_type": _disorder(e.acled_event_type),
        "event_type": e.acled_event_type or "",
        "sub_event_type": e.acled_sub_event_type or "",
        "actor1": actor1,
        "assoc_actor_1": assoc1,
        "inter1": "" if inter1 is None else str(inter1),
        "actor2": actor2,
        "assoc_actor_2": assoc2,
        "inter2": "" if inter2 is None else str(inter2),
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if civilian else "",
        "iso": iso,
        "region": _REGION_OF.get((place.country_code or "").upper(), "") if place else "",
        "country": country,
        "admin1": (place.admin1 or "") if place else "",
        "admin2": "",
        "admin3": "",
        "location": place.name if place else "",
        "latitude": f"{place.lat:.4f}" if place else "",
        "longitude": f"{place.lon:.4f}" if place else "",
        "geo_precision": str(acled_geo_precision(place.precision)) if place else "",
        "source": "; ".join(sources),
        "source_scale": "",
        "notes": ev.evidence,
        "fatalities": str(e.fatalities or 0),
        "tags": "; ".join(tags),
        "timestamp": str(int(dt.datetime.fromisoformat(newest).timestamp())) if newest else "",
    }


def write_acled_csv(kb: KnowledgeBase, out: TextIO, flt: EventFilter | None = None) -> int:
    """Write the events as ACLED-style CSV to ``out`` (open it with ``newline=""``); returns rows."""
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for ev in iter_events(kb, flt):
        writer.writerow(acled_row(ev))
        n += 1
    return n
