"""Errors of the HTTP API in one JSON shape: RFC 9457 problem details.

Every error a client can meet — an unknown or ambiguous instrument, a bad parameter, an
upload too large or unreadable, a write without a valid key, an unknown route, a server
fault — answers ``application/problem+json`` with ``type``, ``title``, ``status``,
``detail`` and ``instance``, plus members that help the caller go on: ``suggestions`` for an
unknown instrument, ``candidates`` for an ambiguous one, ``errors`` for bad parameters.
Nothing of the server's internals (paths, tracebacks) is ever in the body.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from typing_extensions import TypedDict

MEDIA_TYPE = "application/problem+json"
#: Problem types: a URN per kind of problem, stable for clients to switch on.
UNKNOWN_INSTRUMENT = "urn:vbgraph:problem:unknown-instrument"
AMBIGUOUS_INSTRUMENT = "urn:vbgraph:problem:ambiguous-instrument"
UNKNOWN_AGENCY = "urn:vbgraph:problem:unknown-agency"
UNKNOWN_DOCUMENT = "urn:vbgraph:problem:unknown-document"
INVALID_PARAMETERS = "urn:vbgraph:problem:invalid-parameters"
TOO_LARGE = "urn:vbgraph:problem:too-large"
UNSUPPORTED_DOCUMENT = "urn:vbgraph:problem:unsupported-document"
UNREADABLE_DOCUMENT = "urn:vbgraph:problem:unreadable-document"
NUMBER_TAKEN = "urn:vbgraph:problem:number-taken"
READ_ONLY = "urn:vbgraph:problem:read-only"
UNAUTHORIZED = "urn:vbgraph:problem:unauthorized"
FORBIDDEN = "urn:vbgraph:problem:forbidden"
MALFORMED_QUERY = "urn:vbgraph:problem:malformed-query"
QUERY_TIMEOUT = "urn:vbgraph:problem:query-timeout"
STORE_BUSY = "urn:vbgraph:problem:store-busy"

log = logging.getLogger("vbgraph.api")


class ProblemJSON(TypedDict, total=False):
    """RFC 9457 problem details, with vbgraph's extension members."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    suggestions: list[dict[str, Any]]
    candidates: list[dict[str, Any]]
    errors: list[dict[str, Any]]


class Problem(Exception):
    """Raise to answer with a problem: ``Problem(404, "Unknown instrument", detail, type_=…)``."""

    def __init__(self, status: int, title: str, detail: str, type_: str = "about:blank",
                 headers: dict[str, str] | None = None, **extensions: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.type = type_
        self.headers = headers
        self.extensions = extensions


def problem_response(request: Request, problem: Problem) -> JSONResponse:
    body: dict[str, Any] = {"type": problem.type, "title": problem.title, "status": problem.status,
                            "detail": problem.detail, "instance": request.url.path, **problem.extensions}
    return JSONResponse(body, status_code=problem.status, media_type=MEDIA_TYPE, headers=problem.headers)


def install(app: FastAPI) -> None:
    """Route every error of ``app`` through ``problem_response``."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"where": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "")}
                  for e in exc.errors()]
        detail = "; ".join(f"{e['where']}: {e['message']}" for e in errors) or "invalid request"
        return problem_response(request, Problem(422, "Invalid parameters", detail, INVALID_PARAMETERS,
                                                 errors=errors))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        title = {404: "Not found", 405: "Method not allowed", 413: "Upload too large"}.get(exc.status_code,
                                                                                          "HTTP error")
        detail = str(exc.detail) if exc.detail else title
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no such endpoint: {request.url.path} (see /docs)"
        kind = TOO_LARGE if exc.status_code == 413 else "about:blank"
        return problem_response(request, Problem(exc.status_code, title, detail, kind,
                                                 headers=dict(exc.headers) if exc.headers else None))

    @app.exception_handler(Exception)
    async def _fault(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return problem_response(request, Problem(500, "Internal error",
                                                 "the server could not answer; the error is in its log"))


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the problems an endpoint can answer with."""
    titles = {300: "Ambiguous: several instruments fit (see candidates)", 400: "Malformed query",
              503: "Query stopped at the time limit", 401: "No API key",
              403: "Read-only server or wrong API key", 404: "Not found (see suggestions)",
              409: "Its number is another stored document's (a number without its year, another day)",
              413: "Too large", 415: "Unsupported document type", 422: "Invalid parameters or unreadable document"}
    return {s: {"description": titles[s], "model": ProblemJSON,
                "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemJSON"}}}}
            for s in statuses}
