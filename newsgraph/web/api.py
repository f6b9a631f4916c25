"""The JSON API: FastAPI under ``/api``, read-only, OpenAPI at ``/api/openapi.json``.

Every error, ours or the framework's, has one shape::

    {"error": {"code": "not_found", "status": 404, "message": "no actor 99: find actors at ..."}}
"""

# No `from __future__ import annotations`: FastAPI reads the local KB alias at definition time.

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsgraph import __version__
from newsgraph.errors import KnowledgeBaseError, NewsgraphError, NotFoundError
from newsgraph.kb import query as kb_query
from newsgraph.kb.store import KnowledgeBase
from newsgraph.web import queries as q

_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    422: "invalid_parameter",
    500: "server_error",
}

Limit = Annotated[int, Query(ge=0, le=q.MAX_LIMIT, description=f"Page size, at most {q.MAX_LIMIT}.")]
Offset = Annotated[int, Query(ge=0, le=2**31, description="Rows to skip.")]
DateParam = Annotated[dt.date | None, Query(description="ISO date, YYYY-MM-DD.")]


def error_body(status: int, message: str, *, details: Any = None) -> dict[str, Any]:
    error: dict[str, Any] = {
        "code": _CODES.get(status, f"http_{status}"),
        "status": status,
        "message": message,
    }
    if details is not None:
        error["details"] = details
    return {"error": error}


def _error(status: int, message: str, *, details: Any = None) -> JSONResponse:
    return JSONResponse(error_body(status, message, details=details), status_code=status)


def _event_filter(
    date_from: DateParam = None,
    date_to: DateParam = None,
    actor: Annotated[
        str | None, Query(max_length=200, description="Actor id or part of a name/alias.")
    ] = None,
    type: Annotated[str | None, Query(max_length=40, description="PLOVER type, e.g. ASSAULT.")] = None,
    place: Annotated[str | None, Query(max_length=200, description="Place id or part of a name.")] = None,
    status: Annotated[
        str | None, Query(max_length=40, description="confirmed, reported, claimed, ...")
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> q.EventFilter:
    return q.EventFilter(
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        actor=actor or None,
        type=type or None,
        place=place or None,
        status=status or None,
        limit=limit,
        offset=offset,
    )


Filters = Annotated[q.EventFilter, Depends(_event_filter)]


def create_api(db_path: str | Path) -> FastAPI:
    """The API over the knowledge base at ``db_path`` (opened read-only, one connection per request)."""
    path = Path(db_path)
    q.open_readonly(path).close()  # fail now, with a message, rather than on the first request

    def kb_dep() -> Iterator[KnowledgeBase]:
        kb = q.open_readonly(path)
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
        return _error(500, str(exc))

    @api.exception_handler(NewsgraphError)
    async def _ng_error(request: Request, exc: NewsgraphError) -> JSONResponse:
        return _error(400, str(exc))

    @api.exception_handler(Exception)
    async def _server_error(request: Request, exc: Exception) -> JSONResponse:
        return _error(500, f"internal error ({type(exc).__name__}); please report it with the request URL")

    @api.get("/api/stats", tags=["meta"])
    def stats(kb: KB) -> kb_query.Stats:
        """Counts of everything in the knowledge base."""
        return kb_query.stats(kb)

    @api.get("/api/documents", tags=["documents"])
    def documents(kb: KB, limit: Limit = 100, offset: Offset = 0) -> list[kb_query.DocumentSummary]:
        """Documents, newest first."""
        return q.documents(kb, limit=limit, offset=offset)

    @api.get("/api/documents/{doc_id}", tags=["documents"])
    def document(kb: KB, doc_id: Annotated[str, PathParam(max_length=64)]) -> q.DocumentView:
        """One document: raw text, body regions, comments apart, dropped parts, highlight spans, events, claims."""
        return q.document(kb, doc_id)

    @api.get("/api/actors", tags=["actors"])
    def actors(
        kb: KB,
        q_: Annotated[str | None, Query(alias="q", max_length=200)] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> list[q.ActorSummary]:
        """Actors, most mentioned first; ``q`` matches names and aliases."""
        return q.actors(kb, q=q_, limit=limit, offset=offset)

    @api.get("/api/actors/{actor_id}", tags=["actors"])
    def actor(kb: KB, actor_id: Annotated[int, PathParam(ge=0, le=2**62)]) -> q.Dossier:
        """An actor's dossier: aliases, roles, affiliations, whereabouts, events, claims."""
        return q.dossier(kb, actor_id)

    @api.get("/api/events", tags=["events"])
    def events(kb: KB, f: Filters) -> q.EventPage:
        """Events with their place, participants and evidence sentences; filtered and paginated."""
        return q.events(kb, f)

    @api.get("/api/events/{event_id}", tags=["events"])
    def event(kb: KB, event_id: Annotated[int, PathParam(ge=0, le=2**62)]) -> q.EventRecord:
        return q.get_event(kb, event_id)

    @api.get("/api/whereabouts", tags=["events"])
    def whereabouts(
        kb: KB, actor: Annotated[str, Query(min_length=1, max_length=200)], limit: Limit = 100
    ) -> list[q.Whereabout]:
        """Where an actor (id or name) was reported to be: the rule of `newsgraph whereabouts` (visits,
        meetings, deployments with a place; not negated, hypothetical or only in reader comments)."""
        return q.whereabouts(kb, actor, limit=limit)

    @api.get("/api/casualties", tags=["events"])
    def casualties(kb: KB, f: Filters) -> list[q.CasualtyRecord]:
        """Events that report deaths or injuries, with each source's figures."""
        return q.casualties(kb, f)

    @api.get("/api/claims", tags=["claims"])
    def claims(
        kb: KB,
        status: Annotated[str | None, Query(max_length=40)] = None,
        doc_id: Annotated[str | None, Query(max_length=64)] = None,
        q_: Annotated[str | None, Query(alias="q", max_length=200)] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> list[q.ClaimRecord]:
        """Stated figures and facts with status and attribution; ``in_comments`` marks reader comments."""
        return q.claims(kb, status=status, doc_id=doc_id, text=q_, limit=limit, offset=offset)

    @api.get("/api/places", tags=["places"])
    def places(
        kb: KB,
        q_: Annotated[str | None, Query(alias="q", max_length=200)] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> list[dict[str, Any]]:
        """Places with the number of events located there."""
        return [{"place": p, "events": n} for p, n in q.places(kb, q=q_, limit=limit, offset=offset)]

    @api.get("/api/network", tags=["actors"])
    def network(kb: KB, f: Filters) -> q.Network:
        """Actors tied by affiliations and shared events (the event filters apply)."""
        return q.network(kb, f)

    @api.get("/api/search", tags=["documents"])
    def search(
        kb: KB, q_: Annotated[str, Query(alias="q", min_length=1, max_length=200)], limit: Limit = 20
    ) -> list[kb_query.SearchHit]:
        """Full-text search over bodies and comments (plain words, all required)."""
        q_ = q_.replace("\x00", " ")  # SQLite's FTS5 reads a NUL as the end of the query string
        if not kb_query.fts_query(q_):
            raise NotFoundError("nothing to search for: give one or more words")
        return kb_query.search(kb, q_, limit=limit, marks=("«", "»"))

    @api.api_route(
        "/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False
    )
    def unknown(rest: str) -> None:
        raise NotFoundError(f"no API endpoint /api/{rest}: see /api/docs for the list")

    return api
