"""Read-only SPARQL over the graph, with a time limit and a result limit.

Queries run in a worker process that holds the graph as RDF (``ontology.rdf``), rebuilt when
the store has changed since the last query (its ``data_version``: SQLite's counter of commits, the
fingerprint of the last push for Neo4j). The worker is the
time limit: a query that has not answered in ``timeout`` seconds has its process killed and
a fresh one takes its place, so no query can hold the server. Before a query reaches the
worker it is parsed here, and refused with a clear error when it is an update (``INSERT``,
``DELETE``, ``LOAD`` …), reads other datasets (``FROM``), or calls out (``SERVICE``): the
endpoint never writes and never fetches.

Common prefixes (``eli:``, ``vb:``, ``vbt:``, ``prov:``, ``skos:``, ``rdf:``, ``rdfs:``,
``xsd:``) are predeclared.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from rdflib import RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql.algebra import translateQuery, traverse
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from graph.store import StoreSpec, open_store
from ontology.iris import DEFAULT_BASE, ELI, PROV, VB, VBL, VBT

PREFIXES = {"eli": ELI, "vb": VB, "vbt": VBT, "vbl": VBL, "prov": PROV, "skos": SKOS, "rdf": RDF, "rdfs": RDFS,
            "xsd": XSD}
RESULT_FORMATS = {"json": "application/sparql-results+json", "csv": "text/csv; charset=utf-8"}
GRAPH_FORMATS = {"turtle": "text/turtle; charset=utf-8", "nt": "application/n-triples",
                 "jsonld": "application/ld+json"}


class SparqlError(ValueError):
    """The query cannot be run: malformed, or refused (an update, FROM, SERVICE)."""

    def __init__(self, message: str, refused: bool = False) -> None:
        super().__init__(message)
        self.refused = refused


class SparqlTimeout(RuntimeError):
    """The query ran past the time limit and was stopped."""


@dataclass(frozen=True)
class SparqlAnswer:
    """A query's answer, serialised: ``rows`` returned, ``truncated`` at the result limit."""

    body: bytes
    media_type: str
    form: str
    rows: int
    truncated: bool


def check(query: str) -> str:
    """The query form (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``) of a query this
    endpoint will run; ``SparqlError`` otherwise."""
    try:
        parsed = parseQuery(query)
    except Exception as err:  # the parser raises pyparsing's exceptions, and others on odd input
        if _is_update(query):
            raise SparqlError("updates are refused: this SPARQL endpoint is read-only", refused=True) from None
        raise SparqlError(f"malformed query: {err}") from None
    body = parsed[1]
    if isinstance(body.get("datasetClause", None), list):
        raise SparqlError("FROM and FROM NAMED are refused: the endpoint queries only vbgraph's own graph",
                          refused=True)
    algebra = translateQuery(parsed, initNs=PREFIXES).algebra
    services: list[str] = []

    def visit(node: Any) -> None:
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            services.append(str(node.get("term")))

    traverse(algebra, visitPre=visit)
    if services:
        raise SparqlError("SERVICE is refused: the endpoint never calls other servers", refused=True)
    return str(body.name).replace("Query", "").upper()


def _is_update(query: str) -> bool:
    try:
        parseUpdate(query)
    except Exception:  # not an update either
        return False
    return True


class SparqlRunner:
    """Runs checked queries in a worker process over the store ``spec`` names; one at a time."""

    def __init__(self, spec: StoreSpec, base: str = DEFAULT_BASE, timeout: float = 10.0,
                 max_rows: int = 10_000) -> None:
        self.spec, self.base, self.timeout, self.max_rows = spec, base, timeout, max_rows
        self._lock = threading.Lock()
        self._worker: Any = None
        self._conn: Connection | None = None

    def run(self, query: str, fmt: str = "json") -> SparqlAnswer:
        form = check(query)
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        if graph_form and fmt not in GRAPH_FORMATS:
            fmt = "turtle"
        if not graph_form and fmt not in RESULT_FORMATS:
            fmt = "json"
        with self._lock:
            conn = self._start()
            conn.send((query, fmt))
            if not conn.poll(self.timeout):
                self._stop()
                raise SparqlTimeout(f"the query ran past the time limit of {self.timeout:g} s and was stopped")
            try:
                status, *payload = conn.recv()
            except (EOFError, OSError):
                self._stop()
                raise SparqlError("the query worker stopped before answering (out of memory?)") from None
        if status != "ok":
            raise SparqlError(str(payload[0]))
        body, media_type, rows, truncated = payload
        return SparqlAnswer(body, media_type, form, rows, truncated)

    def _start(self) -> Connection:
        if self._worker is None or not self._worker.is_alive():
            context = multiprocessing.get_context("spawn")  # no threads or locks inherited from a server
            parent, child = context.Pipe()
            self._worker = context.Process(target=_serve, args=(child, self.spec, self.base, self.max_rows),
                                           daemon=True, name="vbgraph-sparql")
            self._worker.start()
            child.close()
            self._conn = parent
        assert self._conn is not None
        return self._conn

    def _stop(self) -> None:
        if self._worker is not None:
            self._worker.kill()
            self._worker.join(5)
        self._worker = self._conn = None

    def close(self) -> None:
        with self._lock:
            self._stop()


def _serve(conn: Connection, spec: StoreSpec, base: str, max_rows: int) -> None:
    """The worker: answer queries from ``conn`` over the RDF of the store, kept current."""
    from ontology.rdf import bind, to_rdf

    store = open_store(spec)
    graph: Graph | None = None
    version = None
    while True:
        try:
            query, fmt = conn.recv()
        except EOFError:
            return
        try:
            now = store.data_version()
            if graph is None or now != version:
                with store.snapshot():
                    graph = to_rdf(store, base)
                version = now
            result = graph.query(query, initNs=PREFIXES)
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                out = bind(Graph())
                assert result.graph is not None
                for n, triple in enumerate(result.graph):
                    if n >= max_rows:
                        break
                    out.add(triple)
                truncated = len(result.graph) > max_rows
                body = out.serialize(format={"turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
                conn.send(("ok", body.encode("utf-8"), GRAPH_FORMATS[fmt], len(out), truncated))
            elif result.type == "ASK":
                answer = {"head": {}, "boolean": bool(result.askAnswer)}
                body = json.dumps(answer) if fmt == "json" else f"boolean\n{str(result.askAnswer).lower()}\n"
                conn.send(("ok", body.encode("utf-8"), RESULT_FORMATS[fmt], 1, False))
            else:
                names = [str(v) for v in result.vars or ()]
                rows = []
                for row in result:
                    rows.append(row)
                    if len(rows) > max_rows:
                        break
                truncated = len(rows) > max_rows
                rows = rows[:max_rows]
                data = _json(names, rows) if fmt == "json" else _csv(names, rows)
                conn.send(("ok", data, RESULT_FORMATS[fmt], len(rows), truncated))
        except Exception as err:  # a query error is the caller's answer, not the worker's end
            conn.send(("error", f"the query failed: {err}"))


def _term(value: Any) -> dict[str, str]:
    if isinstance(value, URIRef):
        return {"type": "uri", "value": str(value)}
    if isinstance(value, BNode):
        return {"type": "bnode", "value": str(value)}
    out = {"type": "literal", "value": str(value)}
    if isinstance(value, Literal):
        if value.language:
            out["xml:lang"] = value.language
        elif value.datatype:
            out["datatype"] = str(value.datatype)
    return out


def _json(names: list[str], rows: list[Any]) -> bytes:
    """SPARQL 1.1 Query Results JSON."""
    bindings = [{name: _term(value) for name, value in zip(names, row, strict=True) if value is not None}
                for row in rows]
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False).encode("utf-8")


def _csv(names: list[str], rows: list[Any]) -> bytes:
    """SPARQL 1.1 Query Results CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if value is None else str(value) for value in row])
    return out.getvalue().encode("utf-8")
