"""The HTTP API: every question the CLI answers, over FastAPI (``vbgraph serve``).

Endpoints read through ``graph.queries`` and answer the shapes of ``api.payloads``, the
ones ``vbgraph … --format json`` prints; errors are RFC 9457 problems (``api.problems``).
An instrument is named as users name it — ``55/2009``, ``55/2009/ND-CP``, ``nd 55/2009``,
``Luật Bình đẳng giới`` — either in the path, URL-encoded (``/instruments/55%2F2009%2FN%C4%90-CP``;
a decoded slash works too), or as ``?id=`` (``/lineage?id=55/2009``). Lists are pages
(``offset``, ``limit`` ≤ 500) with the ``total``.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Generic, TypeVar, cast
from urllib.parse import parse_qs, quote

from fastapi import Depends, FastAPI, File, Header, Query, Request, Response, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import PlainTextResponse
from pydantic import PlainValidator, TypeAdapter, WithJsonSchema
from starlette.concurrency import run_in_threadpool
from typing_extensions import TypedDict

from api import problems
from api.answers import DEFAULT_BUDGET, Answers, answer
from api.params import parse_date
from api.payloads import (
    AgencyJSON,
    DetailsJSON,
    DocumentJSON,
    InstrumentJSON,
    LineageJSON,
    LinkJSON,
    RelationJSON,
    StaleJSON,
    agency_json,
    details_json,
    document_json,
    instrument_json,
    lineage_json,
    link_json,
    path_json,
    stale_json,
)
from api.problems import Problem, responses
from api.stores import Pool, open_pool
from api.uploads import DEFAULT_MAX_UPLOAD, BodyLimit, UploadJSON, check_key, label, staged, suffix, upload_json
from graph.ingest import NumberTaken, ingest_file
from graph.model import RELATION_KINDS
from graph.queries import (
    UnknownAgency,
    downstream,
    find_agency,
    in_force_page,
    instruments_page,
    lineage,
    stale_page,
    upstream,
)
from graph.queries import agencies as list_agencies
from graph.resolve import resolve, suggestions
from graph.search import COUNTED, search_page
from graph.sqlite_store import SqliteStore, StoreBusy
from graph.store import ReadStore, StoreSpec, details
from graph.view import path as find_path
from loaders.readers import ReaderError
from ontology.export import MEDIA_TYPES, ExportFormat, export
from ontology.iris import DEFAULT_BASE
from ontology.sparql import GRAPH_FORMATS, RESULT_FORMATS, SparqlError, SparqlRunner, SparqlTimeout
from viz import views
from viz.network import VIS, vis_data

T = TypeVar("T")
MAX_LIMIT = 500
#: Seconds an upload refused because another process writes tells its client to wait (Retry-After).
RETRY_BUSY = 30


@dataclass(frozen=True)
class Settings:
    """How a server runs: its store, its write key (none: read-only), its upload limit."""

    store: StoreSpec
    api_key: str | None = None
    max_upload: int = DEFAULT_MAX_UPLOAD
    readers: int = 8
    base: str = DEFAULT_BASE
    sparql_timeout: float = 10.0
    sparql_rows: int = 10_000
    answer_cache: int = DEFAULT_BUDGET

    @classmethod
    def from_env(cls, store: StoreSpec) -> Settings:
        """``VBGRAPH_API_KEY`` (unset or empty: read-only), ``VBGRAPH_MAX_UPLOAD`` (bytes),
        ``VBGRAPH_BASE_IRI``, ``VBGRAPH_SPARQL_TIMEOUT`` (seconds), ``VBGRAPH_SPARQL_ROWS``,
        ``VBGRAPH_ANSWER_CACHE`` (bytes of answers kept until the store changes; 0: none)."""
        env = os.environ.get
        return cls(store, env("VBGRAPH_API_KEY") or None, int(env("VBGRAPH_MAX_UPLOAD") or DEFAULT_MAX_UPLOAD),
                   base=env("VBGRAPH_BASE_IRI") or DEFAULT_BASE,
                   sparql_timeout=float(env("VBGRAPH_SPARQL_TIMEOUT") or 10.0),
                   sparql_rows=int(env("VBGRAPH_SPARQL_ROWS") or 10_000),
                   answer_cache=int(env("VBGRAPH_ANSWER_CACHE") or DEFAULT_BUDGET))


# -- answer shapes only the API has ------------------------------------------------------------

class Page(TypedDict, Generic[T]):
    """One page of a list: ``items`` from ``offset``, at most ``limit``, of ``total``."""

    total: int
    offset: int
    limit: int
    items: list[T]


class AgencyPage(Page[InstrumentJSON]):
    agency: AgencyJSON


class LinkPage(Page[LinkJSON]):
    id: str
    direction: str
    depth: int


class InForcePage(Page[InstrumentJSON]):
    on: str


PathJSON = TypedDict("PathJSON", {"from": str, "to": str, "steps": list[RelationJSON]})


class GraphJSON(TypedDict):
    """What the explorer draws: vis-network nodes and edges (ids are graph keys), the legend."""

    mode: str
    focus: str | None
    on: str | None
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    legend: dict[str, Any]


class ViewMode(StrEnum):
    neighbourhood = "neighbourhood"
    lineage = "lineage"
    up = "up"
    down = "down"
    all = "all"


class Lang(StrEnum):
    vi = "vi"
    en = "en"


#: The explorer's files, and the vis-network that pyvis ships: served here, never from a CDN.
ASSETS = {"explorer.js": "text/javascript; charset=utf-8", "explorer.css": "text/css; charset=utf-8",
          "vis-network.min.js": "text/javascript; charset=utf-8", "vis-network.css": "text/css; charset=utf-8"}
#: The page runs only its own scripts: even a title that slipped past escaping could not run.
PAGE_HEADERS = {"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
                "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def asset(name: str) -> bytes:
    folder = VIS if name.startswith("vis-network") else files("viz") / "static"
    return (folder / name).read_bytes()


class HealthJSON(TypedDict):
    status: str
    version: str
    store: str
    schema_version: int
    writable: bool
    counts: dict[str, int]


# -- parameters ---------------------------------------------------------------------------

def _day(value: object) -> date:
    if isinstance(value, date):
        return value
    return parse_date(str(value))


#: A day as users write it; the pattern documents both forms (the calendar is checked on parsing).
Day = Annotated[date, PlainValidator(_day), WithJsonSchema(
    {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})$",
     "examples": ["2022-01-01", "01/01/2022"]})]
#: The relation kinds, as the schema's enumeration (``graph.model.RELATION_KINDS``).
RelationKind = StrEnum("RelationKind", {k: k for k in RELATION_KINDS})  # type: ignore[misc]
DAY_HELP = "A day, YYYY-MM-DD or DD/MM/YYYY"
IdText = Annotated[str, PathParam(min_length=1, max_length=300, description="Number or name, URL-encoded")]
IdQuery = Annotated[str, Query(min_length=1, max_length=300, description="Number or name: 55/2009, nd 55/2009, "
                                                                            "Luật Bình đẳng giới")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Depth = Annotated[int, Query(ge=1, le=20, description="Steps to walk")]
Kinds = Annotated[list[RelationKind] | None, Query(alias="kind", description="Relation kinds to follow")]
Types = Annotated[list[str] | None, Query(alias="type", max_length=10, description="Instrument types (Nghị định …)")]
Issuer = Annotated[str | None, Query(max_length=200, description="Issuer contains (diacritics ignored)")]
StatusDay = Annotated[Day | None, Query(description="The day the status is for (default: today)")]
Proposals = Annotated[bool, Query(description="Include relations only an inference rule proposes")]


def _reader(request: Request) -> Iterator[ReadStore]:
    pool: Pool = request.app.state.pool
    with pool.reader() as store:
        yield store


Store = Annotated[ReadStore, Depends(_reader)]


def _kinds(kinds: list[RelationKind] | None) -> tuple[str, ...]:
    return tuple(str(k.value) for k in kinds or ())


def _brief(store: ReadStore, key: str) -> dict[str, Any]:
    node = store.node(key)
    return {"id": key, "number": node.number if node else None, "title": node.title if node else None,
            "href": "/instruments/" + quote(key, safe="")}


def _find(store: ReadStore, query: str) -> str:
    """The one instrument ``query`` means, else a 300 with candidates or a 404 with suggestions."""
    found = resolve(store, query)
    if found.key:
        return found.key
    if found.candidates:
        raise Problem(300, "Ambiguous instrument", f"{query!r} fits {len(found.candidates)} instruments: "
                      "name one by its full id", problems.AMBIGUOUS_INSTRUMENT,
                      candidates=[_brief(store, k) for k in found.candidates])
    near = suggestions(store, query)
    raise Problem(404, "Unknown instrument", f"no instrument {query!r} in the graph", problems.UNKNOWN_INSTRUMENT,
                  suggestions=[_brief(store, k) for k in near])


def _page(items: list[T], offset: int, limit: int) -> Page[T]:
    return {"total": len(items), "offset": offset, "limit": limit, "items": items[offset:offset + limit]}


# -- the answers, each behind a path form and a query form ------------------------------------

def _details(store: ReadStore, query: str, on: date | None = None) -> DetailsJSON:
    return details_json(details(store, _find(store, query)), on)


def _lineage(store: ReadStore, query: str, proposals: bool) -> LineageJSON:
    return lineage_json(lineage(store, _find(store, query), proposals))


#: Serializers of the lookups answered from the cache (``api.answers``).
DETAILS: TypeAdapter[DetailsJSON] = TypeAdapter(DetailsJSON)
LINEAGE: TypeAdapter[LineageJSON] = TypeAdapter(LineageJSON)
HEALTH: TypeAdapter[HealthJSON] = TypeAdapter(HealthJSON)


@dataclass
class WalkParams:
    """The parameters every dependency walk takes (one dependency for the four endpoints)."""

    depth: Depth = 3
    kinds: Kinds = None
    types: Types = None
    on: Annotated[Day | None, Query(description="Leave out later instruments")] = None
    offset: Offset = 0
    limit: Limit = 100


Walk = Annotated[WalkParams, Depends()]


def _walk(store: ReadStore, query: str, up: bool, p: WalkParams) -> LinkPage:
    key = _find(store, query)
    walk = upstream if up else downstream
    links = [link_json(x) for x in walk(store, key, p.depth, _kinds(p.kinds), tuple(p.types or ()), p.on)]
    return {**_page(links, p.offset, p.limit), "id": key, "direction": "up" if up else "down", "depth": p.depth}


def _path(store: ReadStore, source: str, target: str) -> PathJSON:
    a, b = _find(store, source), _find(store, target)
    return {"from": a, "to": b, "steps": path_json(find_path(store, a, b))}


def _sparql(request: Request, query: str) -> Response:
    """Run ``query`` with the format the client accepts; errors as problems."""
    accept = request.headers.get("accept", "")
    wanted = (("csv", "text/csv"), ("turtle", "text/turtle"), ("nt", "application/n-triples"),
              ("jsonld", "application/ld+json"))
    fmt = next((name for name, media in wanted if media in accept), "json")
    runner: SparqlRunner = request.app.state.sparql
    try:
        answer = runner.run(query, fmt)
    except SparqlTimeout as err:
        raise Problem(503, "Query time limit", str(err), problems.QUERY_TIMEOUT) from None
    except SparqlError as err:
        if err.refused:
            raise Problem(403, "Query refused", str(err), problems.READ_ONLY) from None
        raise Problem(400, "Malformed query", str(err), problems.MALFORMED_QUERY) from None
    headers = {"X-Result-Truncated": "true"} if answer.truncated else {}
    return Response(answer.body, media_type=answer.media_type, headers=headers)


def create_app(settings: Settings) -> FastAPI:
    """The application over the store ``settings.store`` names (which must exist)."""
    pool = open_pool(settings.store, settings.readers)
    runner = SparqlRunner(settings.store, settings.base, settings.sparql_timeout, settings.sparql_rows)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()
        runner.close()

    app = FastAPI(
        title="vbgraph",
        version=version("vbgraph"),
        summary="A knowledge graph of Vietnamese legal instruments on gender equality (bình đẳng giới).",
        description=__doc__,
        lifespan=lifespan,
    )
    app.state.pool = pool
    app.state.sparql = runner
    app.state.settings = settings
    app.state.answers = Answers(settings.answer_cache)
    problems.install(app)
    app.add_middleware(BodyLimit, limit=settings.max_upload)
    _routes(app, settings)
    return app


def app_from_env() -> FastAPI:
    """The application of each worker process of ``vbgraph serve --workers N`` (uvicorn starts
    workers from an import string, not from an object): the store named by ``VBGRAPH_STORE``,
    the settings of ``Settings.from_env``."""
    return create_app(Settings.from_env(StoreSpec.parse(os.environ["VBGRAPH_STORE"])))


def _routes(app: FastAPI, settings: Settings) -> None:
    not_found = responses(404, 422)
    one = responses(300, 404, 422)

    def get(path: str, summary: str, errors: dict[int | str, dict[str, Any]] = not_found,
            tags: tuple[str, ...] = ("instruments",), model: Any = None,
            ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """A GET route; ``model`` is the answer's type when the endpoint sends JSON bytes itself."""
        return app.get(path, summary=summary, responses=errors, tags=list(tags),
                       **({"response_model": model} if model else {}))

    @app.get("/", include_in_schema=False)
    def explorer() -> Response:
        return Response(asset("explorer.html"), media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in ASSETS:
            raise Problem(404, "Not found", f"no asset {name!r}", "about:blank")
        return Response(asset(name), media_type=ASSETS[name], headers={"Cache-Control": "public, max-age=3600"})

    @get("/graph", "A view of the graph for the explorer: nodes and relations as vis-network draws them",
         one, ("explorer",))
    def graph_view(
        store: Store,
        id: Annotated[str | None, Query(min_length=1, max_length=300, description="Number or name; none: mode all")]
        = None,
        mode: Annotated[ViewMode, Query(description="What to draw")] = ViewMode.neighbourhood,
        depth: Annotated[int, Query(ge=1, le=5, description="Steps")] = 1,
        kinds: Kinds = None, types: Types = None,
        on: Annotated[Day | None, Query(description="The graph as it stood on this day")] = None,
        lang: Annotated[Lang, Query(description="Labels: vi or en")] = Lang.vi,
    ) -> GraphJSON:
        kinds_ = _kinds(kinds)
        if mode is ViewMode.all or id is None:
            view = views.whole(store, kinds_, tuple(types or ()), on)
        else:
            key = _find(store, id)
            if mode is ViewMode.lineage:
                view = views.lineage(store, key, on)
            elif mode in (ViewMode.up, ViewMode.down):
                view = views.dependencies(store, key, mode is ViewMode.up, depth, kinds_, on)
            else:
                view = views.neighbourhood(store, key, depth, kinds_, on)
        return cast(GraphJSON, vis_data(view, lang.value, on))

    @get("/health", "Is the server up, and what does its store hold", responses(422), ("server",), model=HealthJSON)
    async def health(request: Request) -> Response:
        # kept until the next commit like a lookup: counting a national graph's rows takes long
        return await answer(request, HEALTH, lambda store: {
            "status": "ok", "version": app.version, "store": "neo4j" if settings.store.is_neo4j else "sqlite",
            "schema_version": store.schema_version,
            "writable": settings.api_key is not None and not settings.store.is_neo4j, "counts": store.counts()})

    @get("/instruments", "Search and filter instruments", responses(422))
    def instruments(
        store: Store,
        q: Annotated[str | None, Query(max_length=200, description="Words or a number, diacritics optional")] = None,
        types: Types = None, issuer: Issuer = None,
        year: Annotated[int | None, Query(ge=1900, le=2200, description="Year issued")] = None,
        in_force_on: Annotated[Day | None, Query(description="In force on this day: " + DAY_HELP)] = None,
        offset: Offset = 0, limit: Limit = 20,
    ) -> Page[InstrumentJSON]:
        if q and q.strip():
            filters = (tuple(types or ()), issuer, year, in_force_on)
            shown = max(0, min(limit, COUNTED - offset))  # pages reach the first COUNTED matches
            total, hits = search_page(store, q, *filters, offset=offset, limit=shown)  # total: up to COUNTED
            page = [h.instrument for h in hits]
        else:
            total, page = instruments_page(store, tuple(types or ()), issuer, year, in_force_on, offset, limit)
        return {"total": total, "offset": offset, "limit": limit,
                "items": [j for i in page if (j := instrument_json(i, in_force_on))]}

    @get("/instruments/{id:path}/lineage", "What an instrument replaced and what replaced it", one,
         model=LineageJSON)
    async def lineage_by_path(request: Request, id: IdText, proposals: Proposals = True) -> Response:
        return await answer(request, LINEAGE, lambda store: _lineage(store, id, proposals))

    @get("/instruments/{id:path}/upstream", "What an instrument depends on, up to the law", one)
    def upstream_by_path(store: Store, id: IdText, walk: Walk) -> LinkPage:
        return _walk(store, id, True, walk)

    @get("/instruments/{id:path}/downstream", "What depends on an instrument", one)
    def downstream_by_path(store: Store, id: IdText, walk: Walk) -> LinkPage:
        return _walk(store, id, False, walk)

    @get("/instruments/{id:path}", "One instrument: facts, sources, merged names, relations with evidence", one,
         model=DetailsJSON)
    async def instrument_by_path(request: Request, id: IdText, on: StatusDay = None) -> Response:
        return await answer(request, DETAILS, lambda store: _details(store, id, on))

    @get("/instrument", "One instrument, named in the query", one, model=DetailsJSON)
    async def instrument_by_query(request: Request, id: IdQuery, on: StatusDay = None) -> Response:
        return await answer(request, DETAILS, lambda store: _details(store, id, on))

    @get("/lineage", "Lineage, the instrument named in the query", one, model=LineageJSON)
    async def lineage_by_query(request: Request, id: IdQuery, proposals: Proposals = True) -> Response:
        return await answer(request, LINEAGE, lambda store: _lineage(store, id, proposals))

    @get("/upstream", "Upstream dependencies, the instrument named in the query", one)
    def upstream_by_query(store: Store, id: IdQuery, walk: Walk) -> LinkPage:
        return _walk(store, id, True, walk)

    @get("/downstream", "Downstream dependencies, the instrument named in the query", one)
    def downstream_by_query(store: Store, id: IdQuery, walk: Walk) -> LinkPage:
        return _walk(store, id, False, walk)

    @get("/path", "A shortest chain of relations between two instruments", one)
    def path(store: Store, source: Annotated[str, Query(alias="from", min_length=1, max_length=300)],
             target: Annotated[str, Query(alias="to", min_length=1, max_length=300)]) -> PathJSON:
        return _path(store, source, target)

    @get("/in-force", "Instruments in force on a day", responses(422))
    def in_force_on(store: Store, on: Annotated[Day, Query(description=DAY_HELP)], types: Types = None,
                    issuer: Issuer = None,
                    stated_only: Annotated[bool, Query(description="Only stated entry into force")] = False,
                    offset: Offset = 0, limit: Limit = 100) -> InForcePage:
        total, found = in_force_page(store, on, tuple(types or ()), issuer, stated_only, offset, limit)
        items = [j for i in found if (j := instrument_json(i, on))]
        return {"total": total, "offset": offset, "limit": limit, "items": items, "on": on.isoformat()}

    @get("/stale", "Documents that cite an instrument after it stopped being in force", responses(422))
    def stale(store: Store, as_of: Annotated[Day | None, Query(description="Documents up to this day")] = None,
              offset: Offset = 0, limit: Limit = 100) -> Page[StaleJSON]:
        total, found = stale_page(store, as_of, offset, limit)
        return {"total": total, "offset": offset, "limit": limit, "items": [stale_json(s) for s in found]}

    @get("/agencies", "Agencies, with how many instruments each issued", responses(422), ("agencies",))
    def agencies(store: Store, q: Annotated[str | None, Query(max_length=200)] = None,
                 offset: Offset = 0, limit: Limit = 100) -> Page[AgencyJSON]:
        return _page([agency_json(a) for a in list_agencies(store, q)], offset, limit)

    @get("/agencies/{name:path}", "One agency and what it issued", not_found, ("agencies",))
    def agency(store: Store, name: Annotated[str, PathParam(min_length=1, max_length=300)],
               offset: Offset = 0, limit: Limit = 100) -> AgencyPage:
        try:
            found = find_agency(store, name)
        except UnknownAgency:
            near = [a.agency.name for a in list_agencies(store, name)[:5]]
            raise Problem(404, "Unknown agency", f"no agency {name!r}", problems.UNKNOWN_AGENCY,
                          suggestions=[{"name": n, "href": "/agencies/" + quote(n, safe="")} for n in near]) from None
        issued = [j for i in store.issued(found.agency.name, offset, limit) if (j := instrument_json(i))]
        return {"total": found.issued, "offset": offset, "limit": limit, "items": issued, "agency": agency_json(found)}

    @get("/documents", "Ingested documents", responses(422), ("documents",))
    def documents(store: Store, offset: Offset = 0, limit: Limit = 100) -> Page[DocumentJSON]:
        total, rows = store.documents(offset, limit)
        return {"total": total, "offset": offset, "limit": limit, "items": [document_json(d) for d in rows]}

    @app.get("/documents/{id:path}/text", summary="The text of an ingested document (evidence spans point into it)",
             tags=["documents"], response_class=PlainTextResponse,
             responses={**not_found, 200: {"content": {"text/plain": {"schema": {"type": "string"}}}}})
    def document_text(store: Store, id: Annotated[str, PathParam(min_length=1, max_length=300)]) -> Response:
        text = store.document_text(id) or store.document_text(store.canonical(id))
        if text is None:
            raise Problem(404, "Unknown document", f"no text of an ingested document {id!r}",
                          problems.UNKNOWN_DOCUMENT)
        return PlainTextResponse(text)

    @get("/documents/{id:path}", "One ingested document with its extraction", not_found, ("documents",))
    def document(store: Store, id: Annotated[str, PathParam(min_length=1, max_length=300)]) -> DocumentJSON:
        found = store.document(id) or store.document(store.canonical(id))
        if found is None:
            raise Problem(404, "Unknown document", f"no ingested document {id!r} (GET /documents lists them)",
                          problems.UNKNOWN_DOCUMENT)
        return document_json(found)

    @app.get("/export", summary="The whole graph: Turtle, N-Triples, JSON-LD, GraphML, GEXF or CSV",
             tags=["linked data"], response_class=Response,
             responses={**responses(422), 200: {"description": "The graph in the format asked for", "content": {
                 media.split(";")[0]: {"schema": {}} for media in MEDIA_TYPES.values()}}})
    def export_graph(store: Store, format: Annotated[ExportFormat, Query(description="The format")] = ExportFormat.ttl,
                     ) -> Response:
        data = export(store, format, settings.base)
        name = f"vbgraph.{format.value}"
        return Response(data, media_type=MEDIA_TYPES[format],
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    sparql_doc: dict[int | str, dict[str, Any]] = {"200": {
        "description": "SPARQL results (JSON or CSV) or a graph (Turtle, N-Triples, JSON-LD)",
        "content": {t: {"schema": {}} for t in (*RESULT_FORMATS.values(), *GRAPH_FORMATS.values())}}}

    @app.get("/sparql", summary="SPARQL 1.1 query (read-only, time and result limits)", tags=["linked data"],
             responses={**responses(400, 403, 422, 503), **sparql_doc}, response_class=Response)
    def sparql_get(request: Request,
                   query: Annotated[str, Query(min_length=1, max_length=20_000, description="The query")],
                   ) -> Response:
        return _sparql(request, query)

    @app.post("/sparql", summary="SPARQL 1.1 query by POST (form or application/sparql-query)", tags=["linked data"],
              responses={**responses(400, 403, 413, 415, 422, 503), **sparql_doc}, response_class=Response,
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["query"],
                                                                   "properties": {"query": {"type": "string"}}}},
                  "application/sparql-query": {"schema": {"type": "string"}}}}})
    async def sparql_post(request: Request) -> Response:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await request.body()
        if len(body) > 100_000:
            raise Problem(413, "Query too large", "a query is at most 100000 bytes", problems.TOO_LARGE)
        if kind == "application/sparql-update":
            raise Problem(403, "Read-only endpoint", "updates are refused: this SPARQL endpoint is read-only",
                          problems.READ_ONLY)
        if kind == "application/sparql-query":
            query = body.decode("utf-8", errors="replace")
        elif kind == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8", errors="replace"))
            if "update" in form:
                raise Problem(403, "Read-only endpoint", "updates are refused: this SPARQL endpoint is read-only",
                              problems.READ_ONLY)
            query = (form.get("query") or [""])[0]
        else:
            raise Problem(415, "Unsupported media type", "send application/sparql-query or a form with query=",
                          problems.UNSUPPORTED_DOCUMENT)
        if not query.strip():
            raise Problem(400, "Malformed query", "the query is empty", problems.MALFORMED_QUERY)
        return await run_in_threadpool(_sparql, request, query)

    @app.post("/documents", summary="Upload a document (txt, pdf, docx, html) to ingest", tags=["documents"],
              status_code=201, responses=responses(401, 403, 409, 413, 415, 422, 503))
    def upload(
        request: Request, response: Response,
        file: Annotated[UploadFile, File(description="The document; its name is a label only")],
        x_api_key: Annotated[str | None, Header(description="The server's write key")] = None,
        authorization: Annotated[str | None, Header(description="Bearer <the server's write key>")] = None,
    ) -> UploadJSON:
        bearer = authorization[7:].strip() if authorization and authorization[:7].lower() == "bearer " else None
        if settings.store.path is None:
            raise Problem(403, "Read-only store", "this server answers from Neo4j, which `vbgraph push` writes: "
                          "upload to a server over the SQLite store, then push", problems.READ_ONLY)
        check_key(settings.api_key, x_api_key or bearer)
        name = label(file.filename)
        ext = suffix(name, file.content_type)
        data = file.file.read()
        pool: Pool = request.app.state.pool
        try:
            with staged(data, ext) as folder, pool.write_lock, SqliteStore(settings.store.path) as store:
                try:
                    done = ingest_file(Path(folder) / f"document{ext}", store, source=f"upload:{name}")
                except NumberTaken as err:
                    raise Problem(409, "Number already taken", f"{name}: {err.reason}",
                                  problems.NUMBER_TAKEN) from None
                except ReaderError as err:
                    raise Problem(422, "Unreadable document", f"{name}: {err.reason}",
                                  problems.UNREADABLE_DOCUMENT) from None
                counts = store.counts()
        except StoreBusy as err:
            # another process (an ingest) writes: the client may send the same file again
            raise Problem(503, "Store busy", f"{name}: {err}", problems.STORE_BUSY,
                          headers={"Retry-After": str(RETRY_BUSY)}) from None
        if done.replaced or done.outcome.unchanged:
            response.status_code = 200
        return upload_json(name, done, counts)
