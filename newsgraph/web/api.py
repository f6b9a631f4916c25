"""The JSON API: FastAPI under ``/api``, read-only, OpenAPI at ``/api/openapi.json``.

Every error, ours or the framework's, has one shape::

    {"error": {"code": "not_found", "status": 404, "message": "no actor 99: find actors at ..."}}
"""

# No `from __future__ import annotations`: FastAPI reads the local KB alias at definition time.

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsgraph import __version__
from newsgraph.errors import KnowledgeBaseError, NewsgraphError, NotFoundError
from newsgraph.kb.store import KnowledgeBase
from newsgraph.query import actors as q_actors
from newsgraph.query import casualties as q_casualties
from newsgraph.query import claims as q_claims
from newsgraph.query import documents as q_documents
from newsgraph.query import dossier as q_dossier
from newsgraph.query import events as q_events
from newsgraph.query import network as q_network
from newsgraph.query import places as q_places
from newsgraph.query import search as q_search
from newsgraph.query import stats as q_stats
from newsgraph.query import whereabouts as q_whereabouts
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
from newsgraph.query.records import as_json, page_json

_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    422: "invalid_parameter",
    500: "server_error",
}

Limit = Annotated[int, Query(ge=0, le=MAX_LIMIT, description=f"Page size, at most {MAX_LIMIT}.")]
Offset = Annotated[int, Query(ge=0, le=2**31, description="Rows to skip.")]
DateParam = Annotated[dt.date | None, Query(description="ISO date, YYYY-MM-DD.")]


# SQLite virtual-machine steps one request may spend. A page of events on a million-event knowledge base
# with a selective filter needs a few million; a leading-wildcard name match over every row, many more.
DEFAULT_QUERY_BUDGET = 200_000_000


@dataclass
class _Budget:
    """Counts one request's SQLite steps; the progress handler interrupts the statement past the limit."""

    limit: int
    spent: int = 0

    @property
    def every(self) -> int:
        # How often SQLite calls the handler: rarely enough to cost little, often enough to be exact-ish.
        return max(1, min(10_000, self.limit // 10))

    @property
    def exhausted(self) -> bool:
        return self.spent >= self.limit

    def tick(self) -> int:
        self.spent += self.every
        return 1 if self.exhausted else 0  # non-zero makes SQLite abort the statement ("interrupted")


def _too_expensive(request: Request, budget: _Budget) -> JSONResponse:
    return _error(
        400,
        f"query too expensive: {request.url.path} ran past its budget of {budget.limit:,} database steps;"
        " narrow it (date_from/date_to, type, a full actor or place name or id, a smaller limit) and retry",
        code="query_too_expensive",
    )


def _budget_spent(request: Request) -> _Budget | None:
    budget = getattr(request.state, "query_budget", None)
    return budget if isinstance(budget, _Budget) and budget.exhausted else None


def _links(**targets: tuple[str, dict[str, str]]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI links on the 200 response: ``name=(operationId, {parameter: runtime expression})``.

    They say which value of a response feeds which other operation (and let schemathesis chain calls)."""
    links = {
        name: {"operationId": op, "parameters": params, "description": f"Follow to {op}."}
        for name, (op, params) in targets.items()
    }
    return {200: {"description": "Successful Response", "links": links}}


def error_body(status: int, message: str, *, details: Any = None, code: str | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {
        "code": code or _CODES.get(status, f"http_{status}"),
        "status": status,
        "message": message,
    }
    if details is not None:
        error["details"] = details
    return {"error": error}


def _error(status: int, message: str, *, details: Any = None, code: str | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, message, details=details, code=code), status_code=status)


Comments = Annotated[
    bool, Query(description="Also answer with what reader comments say (flagged in_comments).")
]
Background = Annotated[
    bool,
    Query(description="Also answer with history and statistics the articles recall (flagged background)."),
]
Statements = Annotated[
    bool,
    Query(
        description="Also answer with verbal acts ACLED does not code, e.g. accusations (flagged statement)."
    ),
]


def _event_filter(
    date_from: DateParam = None,
    date_to: DateParam = None,
    actor: Annotated[
        str | None, Query(max_length=200, description="Actor id, name or alias (any case).")
    ] = None,
    type: Annotated[str | None, Query(max_length=40, description="PLOVER type, e.g. ASSAULT.")] = None,
    place: Annotated[str | None, Query(max_length=200, description="Place id or name.")] = None,
    status: Annotated[
        str | None, Query(max_length=40, description="confirmed, reported, claimed, ...")
    ] = None,
    include_comments: Comments = False,
    include_background: Background = False,
    include_statements: Statements = False,
    limit: Limit = 100,
    offset: Offset = 0,
) -> EventFilter:
    """The same filter ``newsgraph events`` builds from its options (``date_from``/``date_to`` are
    its ``--since``/``--until``)."""
    return EventFilter(
        since=date_from,
        until=date_to,
        actor=actor or None,
        type=type or None,
        place=place or None,
        status=status or None,
        include_comments=include_comments,
        include_background=include_background,
        include_statements=include_statements,
        limit=limit,
        offset=offset,
    )


Filters = Annotated[EventFilter, Depends(_event_filter)]


def create_api(db_path: str | Path, *, query_budget: int = DEFAULT_QUERY_BUDGET) -> FastAPI:
    """The API over the knowledge base at ``db_path`` (opened read-only, one connection per request).

    ``query_budget`` caps the SQLite steps one request may spend; past it the request gets a 400
    ``query_too_expensive`` error rather than holding a worker."""
    path = Path(db_path)
    open_readonly(path).close()  # fail now, with a message, rather than on the first request

    def kb_dep(request: Request) -> Iterator[KnowledgeBase]:
        kb = open_readonly(path)
        budget = _Budget(query_budget)
        request.state.query_budget = budget
        kb.conn.set_progress_handler(budget.tick, budget.every)
        try:
            yield kb
        finally:
            kb.close()

    KB = Annotated[KnowledgeBase, Depends(kb_dep)]

    api = FastAPI(
        title="newsgraph",
        version=__version__,
        description="Read-only access to a newsgraph knowledge base: who, where, when, and according to whom.",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )

    @api.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail))

    @api.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"where": ".".join(str(p) for p in e.get("loc", ())), "problem": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        summary = "; ".join(f"{d['where']}: {d['problem']}" for d in details)
        return _error(422, f"invalid request ({summary}): see /api/docs for the parameters", details=details)

    @api.exception_handler(NotFoundError)
    async def _not_found(request: Request, exc: NotFoundError) -> JSONResponse:
        return _error(404, str(exc))

    @api.exception_handler(KnowledgeBaseError)
    async def _kb_error(request: Request, exc: KnowledgeBaseError) -> JSONResponse:
        budget = _budget_spent(request)  # a query layer may wrap the interruption in its own error
        return _too_expensive(request, budget) if budget else _error(500, str(exc))

    @api.exception_handler(sqlite3.OperationalError)
    async def _interrupted(request: Request, exc: sqlite3.OperationalError) -> JSONResponse:
        budget = _budget_spent(request)
        if budget:
            return _too_expensive(request, budget)
        return _error(500, f"database error ({exc}); please report it with the request URL")

    @api.exception_handler(NewsgraphError)
    async def _ng_error(request: Request, exc: NewsgraphError) -> JSONResponse:
        return _error(400, str(exc))

    @api.exception_handler(Exception)
    async def _server_error(request: Request, exc: Exception) -> JSONResponse:
        budget = _budget_spent(request)
        if budget:
            return _too_expensive(request, budget)
        return _error(500, f"internal error ({type(exc).__name__}); please report it with the request URL")

    # Every answer is the records ``newsgraph.query`` returns, in the JSON of the CLI's --json
    # (``as_json``); a list comes as {"total", "limit", "offset", "items"}, the items being what
    # the CLI prints for the same filters.
    Json = dict[str, Any]

    @api.get("/api/stats", tags=["meta"], operation_id="getStats")
    def stats(kb: KB) -> Json:
        """Counts of everything in the knowledge base (`newsgraph stats --json`)."""
        return as_json(q_stats.stats(kb))

    @api.get(
        "/api/documents",
        tags=["documents"],
        operation_id="listDocuments",
        responses=_links(
            document=("getDocument", {"doc_id": "$response.body#/items/0/id"}),
            claims=("listClaims", {"doc_id": "$response.body#/items/0/id"}),
        ),
    )
    def documents(kb: KB, limit: Limit = 100, offset: Offset = 0) -> Json:
        """Documents, newest first (`newsgraph docs --json`)."""
        return page_json(q_documents.list_documents(kb, DocumentFilter(limit=limit, offset=offset)))

    @api.get(
        "/api/documents/{doc_id}",
        tags=["documents"],
        operation_id="getDocument",
        responses=_links(event=("getEvent", {"event_id": "$response.body#/events/0/id"})),
    )
    def document(kb: KB, doc_id: Annotated[str, PathParam(max_length=64)]) -> Json:
        """One document: raw text, body regions, comments apart, dropped parts, highlight spans, events, claims."""
        return as_json(q_documents.document_view(kb, doc_id))

    @api.get(
        "/api/actors",
        tags=["actors"],
        operation_id="listActors",
        responses=_links(
            dossier=("getActor", {"actor_id": "$response.body#/items/0/id"}),
            whereabouts=("getWhereabouts", {"actor": "$response.body#/items/0/id"}),
        ),
    )
    def actors(
        kb: KB,
        q_: Annotated[str | None, Query(alias="q", max_length=200)] = None,
        kind: Annotated[str | None, Query(max_length=40)] = None,
        include_comments: Comments = False,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Json:
        """Actors, most mentioned first; ``q`` matches part of a name or alias (`newsgraph actors --json`)."""
        flt = ActorFilter(
            query=q_ or None, kind=kind or None, include_comments=include_comments, limit=limit, offset=offset
        )
        return page_json(q_actors.list_actors(kb, flt))

    @api.get(
        "/api/actors/{actor_id}",
        tags=["actors"],
        operation_id="getActor",
        responses=_links(
            event=("getEvent", {"event_id": "$response.body#/events/0/id"}),
            events=("listEvents", {"actor": "$request.path.actor_id"}),
            whereabouts=("getWhereabouts", {"actor": "$request.path.actor_id"}),
        ),
    )
    def actor(kb: KB, actor_id: Annotated[int, PathParam(ge=0, le=2**62)]) -> Json:
        """An actor's dossier (`newsgraph actor ID --json`): aliases, roles, affiliations, mentions,
        events, whereabouts, with its claims added."""
        d = q_dossier.actor_dossier(kb, DossierFilter(str(actor_id)))
        claims = q_claims.list_claims(
            kb, ClaimFilter(actor=str(d.id), include_comments=True, limit=MAX_LIMIT)
        )
        return {**as_json(d), "claims": as_json(claims.items)}

    @api.get(
        "/api/events",
        tags=["events"],
        operation_id="listEvents",
        responses=_links(
            event=("getEvent", {"event_id": "$response.body#/items/0/id"}),
            document=("getDocument", {"doc_id": "$response.body#/items/0/sources/0/document"}),
        ),
    )
    def events(kb: KB, f: Filters) -> Json:
        """Events with their place, participants and sources (`newsgraph events --json`); paginated."""
        return page_json(q_events.list_events(kb, f))

    @api.get(
        "/api/events/{event_id}",
        tags=["events"],
        operation_id="getEvent",
        responses=_links(document=("getDocument", {"doc_id": "$response.body#/sources/0/document"})),
    )
    def event(kb: KB, event_id: Annotated[int, PathParam(ge=0, le=2**62)]) -> Json:
        return as_json(q_events.get_event(kb, event_id))

    @api.get(
        "/api/whereabouts",
        tags=["events"],
        operation_id="getWhereabouts",
        responses=_links(
            event=("getEvent", {"event_id": "$response.body#/items/0/event/id"}),
            document=("getDocument", {"doc_id": "$response.body#/items/0/sources/0/document"}),
        ),
    )
    def whereabouts(
        kb: KB,
        actor: Annotated[str, Query(min_length=1, max_length=200)],
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Json:
        """Where an actor (id, name or alias) was reported to be (`newsgraph whereabouts ACTOR --json`):
        visits, meetings, deployments with a place; not negated, hypothetical or only in reader comments."""
        return page_json(q_whereabouts.whereabouts(kb, WhereaboutsFilter(actor, limit=limit, offset=offset)))

    @api.get(
        "/api/casualties",
        tags=["events"],
        operation_id="listCasualties",
        responses=_links(event=("getEvent", {"event_id": "$response.body#/items/0/event/id"})),
    )
    def casualties(
        kb: KB,
        affiliation: Annotated[
            str | None, Query(max_length=200, description="Only victims of this actor or its parts.")
        ] = None,
        include_comments: Comments = False,
        include_background: Annotated[
            bool | None,
            Query(
                description="Recalled history: left out of the plain list, kept for one affiliation by default."
            ),
        ] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Json:
        """Who was reported killed (`newsgraph casualties --json`), with each source."""
        flt = CasualtyFilter(
            affiliation=affiliation or None,
            include_comments=include_comments,
            include_background=include_background,
            limit=limit,
            offset=offset,
        )
        return page_json(q_casualties.casualties(kb, flt))

    @api.get(
        "/api/claims",
        tags=["claims"],
        operation_id="listClaims",
        responses=_links(document=("getDocument", {"doc_id": "$response.body#/items/0/document"})),
    )
    def claims(
        kb: KB,
        actor: Annotated[
            str | None, Query(max_length=200, description="Claims about this actor or its parts.")
        ] = None,
        status: Annotated[str | None, Query(max_length=40)] = None,
        doc_id: Annotated[str | None, Query(max_length=64)] = None,
        q_: Annotated[str | None, Query(alias="q", max_length=200)] = None,
        include_comments: Comments = False,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Json:
        """Stated figures and facts with status and attribution (`newsgraph claims --json`)."""
        flt = ClaimFilter(
            actor=actor or None,
            status=status or None,
            doc_id=doc_id or None,
            text=q_ or None,
            include_comments=include_comments,
            limit=limit,
            offset=offset,
        )
        return page_json(q_claims.list_claims(kb, flt))

    @api.get(
        "/api/places",
        tags=["places"],
        operation_id="listPlaces",
        responses=_links(events=("listEvents", {"place": "$response.body#/items/0/id"})),
    )
    def places(
        kb: KB,
        q_: Annotated[str | None, Query(alias="q", max_length=200)] = None,
        include_comments: Comments = False,
        unresolved: Annotated[bool, Query(description="Also list names no gazetteer entry matched.")] = False,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Json:
        """Places, most mentioned first, with their events (`newsgraph places --json`)."""
        flt = PlaceFilter(
            q=q_ or None, include_comments=include_comments, unresolved=unresolved, limit=limit, offset=offset
        )
        return page_json(q_places.list_places(kb, flt))

    @api.get("/api/network", tags=["actors"], operation_id="getNetwork")
    def network(
        kb: KB,
        f: Filters,
        max_nodes: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = 150,
        max_edges: Annotated[int, Query(ge=0, le=20_000)] = 2000,
    ) -> Json:
        """The strongest actors and their heaviest ties through shared events and affiliations (the
        event filters apply; ``limit``/``offset`` do not)."""
        events = dataclasses.replace(f, limit=None, offset=0)
        return as_json(q_network.network(kb, NetworkFilter(events, max_nodes, max_edges)))

    @api.get(
        "/api/search",
        tags=["documents"],
        operation_id="search",
        responses=_links(document=("getDocument", {"doc_id": "$response.body#/items/0/doc_id"})),
    )
    def search(
        kb: KB,
        q_: Annotated[str, Query(alias="q", min_length=1, max_length=200)],
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> Json:
        """Full-text search over bodies and comments (plain words, all required)."""
        flt = SearchFilter(q_.replace("\x00", " "), marks=("«", "»"), limit=limit, offset=offset)
        return page_json(q_search.search(kb, flt))

    @api.api_route(
        "/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False
    )
    def unknown(rest: str) -> None:
        raise NotFoundError(f"no API endpoint /api/{rest}: see /api/docs for the list")

    return api
