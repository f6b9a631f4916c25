"""The read side: the only code that reads the knowledge base with SQL, one module per question.

Every function takes a knowledge base handle (read-only in the web layer: :func:`open_readonly`)
and one filter dataclass from :mod:`newsgraph.query.filters`, and returns frozen records; lists
come as a :class:`~newsgraph.query.records.Page` with the total. The CLI, the API, the UI, the
HTML brief and every export call these, so one question has one answer.

>>> with open_kb("news.db") as kb:                                          # doctest: +SKIP
...     page = list_events(kb, EventFilter(type="ASSAULT", limit=10))
...     page.total, [e.id for e in page.items]

Modules: documents, search, stats, actors, dossier, events, whereabouts, casualties, claims,
places, network (and match: which actors a name means; exports: row lookups the exports need).
"""

from newsgraph.query.filters import (
    ActorFilter,
    CasualtyFilter,
    ClaimFilter,
    DocumentFilter,
    DossierFilter,
    EventFilter,
    NetworkFilter,
    PlaceFilter,
    SearchFilter,
    WhereaboutsFilter,
)
from newsgraph.query.handle import MAX_LIMIT, open_readonly
from newsgraph.query.records import Page, as_json, page_json

__all__ = [
    "MAX_LIMIT",
    "ActorFilter",
    "CasualtyFilter",
    "ClaimFilter",
    "DocumentFilter",
    "DossierFilter",
    "EventFilter",
    "NetworkFilter",
    "Page",
    "PlaceFilter",
    "SearchFilter",
    "WhereaboutsFilter",
    "as_json",
    "open_readonly",
    "page_json",
]
