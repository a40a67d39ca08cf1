"""The graph in Neo4j: the same reads as the SQLite store, in Cypher, over the official driver.

What ``vbgraph push`` (``graph.neo4j_sync``) writes, and users query with Cypher:

- ``(:Instrument {key, number, type, issuer, title, date_issued, date_in_force,
  date_no_longer_in_force, in_force_basis, end_basis, status, aliases, documents, search})``
  — the merged, canonical instruments; dates are Cypher ``date`` values.
- ``(:Agency {name, level, parent, abbreviations})``.
- ``(a)-[:IMPLEMENTS|BASED_ON|CITES|SUPERSEDES|REPEALS|AMENDS]->(b)`` and
  ``(a)-[:ISSUED_BY]->(:Agency)``: one relationship per statement, carrying ``document``,
  ``method`` (``text`` or ``catalogue``), ``sentence``, ``span_start``/``span_end``,
  ``origin`` and ``reasons``. Several documents stating the same thing give several
  relationships, each with its own evidence.
- ``(a)-[:PROPOSED {kind: 'supersedes', score, reasons}]->(b)``: what an inference rule
  proposes. Never a ``SUPERSEDES``: a Cypher walk over ``SUPERSEDES`` follows stated facts only.
- ``(:Document)`` (what was ingested, with its extraction), ``(:Alias)`` (keys merged into an
  instrument, and ambiguous ones), ``(:FactSource)`` (where each date came from) and one
  ``(:VbgraphSync)`` (model version and fingerprint of the last push).

Every statement takes user input only as parameters; relationship types are written into
Cypher only from ``graph.model.RELATION_KINDS``. A node a relation points to that the graph
has no facts for is a stub (``stub: true``), left out of every answer, as SQLite leaves it out.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, LiteralString, cast

import neo4j
from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError, ServiceUnavailable

from graph.model import RELATION_KINDS, Agency, Evidence, FactSource, Instrument, Relation, StoredDocument
from graph.search import Match, newest_first
from graph.search import Row as SearchRow
from graph.store import StoreError, StoreSpec

#: The shape of what ``vbgraph push`` writes; a reader refuses a database pushed with another.
MODEL_VERSION = 1
#: Relationship type of each relation kind (the only names ever put into Cypher text).
REL_TYPES: dict[str, LiteralString] = {
    "implements": "IMPLEMENTS", "based_on": "BASED_ON", "cites": "CITES", "supersedes": "SUPERSEDES",
    "repeals": "REPEALS", "amends": "AMENDS", "issued_by": "ISSUED_BY"}
PROPOSED: LiteralString = "PROPOSED"
KINDS_OF = {t: k for k, t in REL_TYPES.items()}
assert set(REL_TYPES) == set(RELATION_KINDS)


def connect(spec: StoreSpec) -> neo4j.Driver:
    """A driver for ``spec``, checked by one query against its database; ``StoreError``
    naming the server and what to do when it cannot be reached or refuses the credentials."""
    assert spec.uri is not None
    auth = (spec.user, spec.password) if spec.password else None
    try:
        driver = neo4j.GraphDatabase.driver(  # notifications off: "property does not exist yet" is not news
            spec.uri, auth=auth, user_agent="vbgraph", connection_timeout=15,
            notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF)
    except (DriverError, ValueError) as err:
        raise StoreError(f"cannot use Neo4j URI {spec.uri}: {err}") from None
    try:  # a session, not execute_query: a server that is down is reported now, not after 30 s of retries
        with driver.session(database=spec.database) as session:
            session.run("RETURN 1").consume()
    except AuthError:
        driver.close()
        raise StoreError(f"Neo4j at {spec} refused user {spec.user!r}: set NEO4J_USER and NEO4J_PASSWORD") from None
    except ServiceUnavailable as err:
        driver.close()
        raise StoreError(f"cannot reach Neo4j at {spec}: {err}") from None
    except Neo4jError as err:
        driver.close()
        raise StoreError(f"Neo4j at {spec}: {err.message or err}") from None
    return driver


class Neo4jStore:
    """The read side: ``Neo4jStore.connect(spec)``, or ``Neo4jStore(driver, database)`` over a
    driver shared by many readers (the HTTP server's). Inside ``snapshot()`` every read runs in
    one read transaction; outside, each read is its own."""

    def __init__(self, driver: neo4j.Driver, database: str | None = None, *, owns_driver: bool = False) -> None:
        self.driver = driver
        self.database = database
        self._owns_driver = owns_driver
        self._tx: neo4j.Transaction | None = None

    @classmethod
    def connect(cls, spec: StoreSpec) -> Neo4jStore:
        """Connect and check that a vbgraph graph of this model was pushed there."""
        store = cls(connect(spec), spec.database, owns_driver=True)
        found = store._sync()
        if found is None:
            store.close()
            raise StoreError(f"nothing pushed to Neo4j at {spec} yet: run `vbgraph push --neo4j {spec.uri}`")
        if found.get("model") != MODEL_VERSION:
            store.close()
            raise StoreError(f"Neo4j at {spec} holds a vbgraph graph of model {found.get('model')}, this vbgraph "
                             f"reads {MODEL_VERSION}: push again (`vbgraph push --neo4j {spec.uri}`)")
        return store

    def close(self) -> None:
        if self._owns_driver:
            self.driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def snapshot(self) -> Iterator[Neo4jStore]:
        """Every read inside runs in one read transaction. Neo4j isolates reads as *read
        committed*, not as snapshots: a push committing meanwhile may be seen by a later read of
        the transaction and not by an earlier one (SQLite's WAL snapshots do not allow that)."""
        if self._tx is not None:
            yield self
            return
        with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session, \
                session.begin_transaction() as tx:
            self._tx = tx
            try:
                yield self
            finally:
                self._tx = None

    def _rows(self, query: LiteralString, **params: Any) -> list[neo4j.Record]:
        try:
            if self._tx is not None:
                return list(self._tx.run(query, params))
            return list(self.driver.execute_query(query, params, database_=self.database,
                                                  routing_=neo4j.RoutingControl.READ).records)
        except ServiceUnavailable as err:
            raise StoreError(f"lost Neo4j at {self.driver}: {err}") from None

    def _sync(self) -> dict[str, Any] | None:
        try:
            rows = self._rows("MATCH (s:VbgraphSync {id: 'vbgraph'}) RETURN properties(s) AS s")
        except ClientError as err:
            raise StoreError(f"Neo4j: {err.message or err}") from None
        return dict(rows[0]["s"]) if rows else None

    @property
    def schema_version(self) -> int:
        """The model version of what was pushed (``MODEL_VERSION``)."""
        found = self._sync()
        return int(found["model"]) if found else 0

    def data_version(self) -> str:
        """The fingerprint of the last push: caches of answers key on it."""
        found = self._sync()
        return str(found.get("fingerprint")) if found else ""

    # -- instruments ------------------------------------------------------------------------

    def node(self, key: str) -> Instrument | None:
        rows = self._rows("MATCH (n:Instrument {key: $key}) WHERE n.stub IS NULL RETURN properties(n) AS n", key=key)
        return instrument(rows[0]["n"]) if rows else None

    def nodes(self, keys: list[str]) -> dict[str, Instrument]:
        rows = self._rows("UNWIND $keys AS key MATCH (n:Instrument {key: key}) WHERE n.stub IS NULL"
                          " RETURN properties(n) AS n", keys=list(dict.fromkeys(keys)))
        return {(i := instrument(r["n"])).key: i for r in rows}

    def all_nodes(self) -> list[Instrument]:
        rows = self._rows("MATCH (n:Instrument) WHERE n.stub IS NULL RETURN properties(n) AS n")
        return sorted((instrument(r["n"]) for r in rows), key=lambda i: i.key)

    def newest(self, offset: int = 0, limit: int | None = 20) -> tuple[int, list[Instrument]]:
        """``graph.sqlite_store.SqliteStore.newest`` (Cypher sorts nulls first when descending)."""
        rows = self._rows("MATCH (n:Instrument) WHERE n.stub IS NULL RETURN properties(n) AS n ORDER BY"
                          " n.date_issued IS NULL, n.date_issued DESC, n.key SKIP $offset LIMIT $limit",
                          offset=offset, limit=_limit(limit))
        return self.counts()["instruments"], [instrument(r["n"]) for r in rows]

    def in_force_on(self, on: date, offset: int = 0, limit: int | None = None) -> list[Instrument]:
        rows = self._rows(
            "MATCH (n:Instrument) WHERE " + _IN_FORCE + " RETURN properties(n) AS n"
            " ORDER BY n.date_in_force, n.key SKIP $offset LIMIT $limit", on=on, offset=offset, limit=_limit(limit))
        return [instrument(r["n"]) for r in rows]

    def groups(self) -> list[tuple[str | None, str | None, int]]:
        """``graph.sqlite_store.SqliteStore.groups``."""
        rows = self._rows("MATCH (n:Instrument) WHERE n.stub IS NULL"
                          " RETURN n.type AS type, n.issuer AS issuer, count(*) AS c")
        return sorted(((r["type"], r["issuer"], int(r["c"])) for r in rows),
                      key=lambda g: (g[0] or "", g[1] or ""))

    def listed(self, groups: list[tuple[str | None, str | None]] | None, order: str, *, on: date | None = None,
               stated_only: bool = False, year: int | None = None, offset: int = 0,
               limit: int | None = None) -> tuple[int, list[Instrument]]:
        """``graph.sqlite_store.SqliteStore.listed``: one statement for the count, one for the page."""
        match: LiteralString = (
            "MATCH (n:Instrument) WHERE n.stub IS NULL"
            " AND ($groups IS NULL OR [coalesce(n.type, ''), coalesce(n.issuer, '')] IN $groups)"
            " AND ($on IS NULL OR (n.date_in_force <= $on"
            " AND (n.date_no_longer_in_force IS NULL OR n.date_no_longer_in_force > $on)))"
            " AND (NOT $stated OR n.in_force_basis = 'stated')"
            " AND ($year IS NULL OR n.date_issued.year = $year) ")
        by: LiteralString = "n.date_in_force, n.key" if order == "in force" \
            else "n.date_issued IS NULL, n.date_issued DESC, n.key"
        params = {"groups": None if groups is None else [[t or "", i or ""] for t, i in groups],
                  "on": on, "stated": stated_only, "year": year}
        total = int(self._rows(match + "RETURN count(n) AS c", **params)[0]["c"])
        rows = self._rows(match + "RETURN properties(n) AS n ORDER BY " + by + " SKIP $offset LIMIT $limit",
                          offset=offset, limit=_limit(limit), **params)
        return total, [instrument(r["n"]) for r in rows]

    def in_force_count(self, on: date) -> int:
        return int(self._rows("MATCH (n:Instrument) WHERE " + _IN_FORCE + " RETURN count(n) AS c", on=on)[0]["c"])

    def stale_relations(self, as_of: date | None = None, offset: int = 0,
                        limit: int | None = None) -> tuple[int, list[Relation]]:
        """``graph.sqlite_store.SqliteStore.stale_relations``: the citing relations into ended
        instruments from documents dated on or after the end (``r.seq`` is the store order)."""
        match: LiteralString = (
            "MATCH (c:Instrument) WHERE c.stub IS NULL AND c.date_no_longer_in_force IS NOT NULL"
            " MATCH (d:Instrument)-[r:CITES|BASED_ON|IMPLEMENTS]->(c) WHERE d.stub IS NULL AND r.sid IS NOT NULL"
            " AND d.date_issued >= c.date_no_longer_in_force AND d.date_issued <= $as_of ")
        as_of = as_of or date.max
        total = int(self._rows(match + "RETURN count(r) AS c", as_of=as_of)[0]["c"])
        rows = self._rows(match + "RETURN d.key AS source, c.key AS target, type(r) AS type, properties(r) AS r"
                          " ORDER BY d.date_issued, d.key, c.key, r.seq SKIP $offset LIMIT $limit",
                          as_of=as_of, offset=offset, limit=_limit(limit))
        return total, [relation(r["source"], r["target"], r["type"], r["r"]) for r in rows]

    def search_candidates(self, terms: list[str], limit: int = 2000) -> list[Instrument]:
        """Nodes whose folded search text holds every term (ranking is the caller's)."""
        rows = self._rows("MATCH (n:Instrument) WHERE n.stub IS NULL AND all(t IN $terms WHERE n.search CONTAINS t)"
                          " RETURN properties(n) AS n ORDER BY n.key LIMIT $limit", terms=terms, limit=limit)
        return [instrument(r["n"]) for r in rows]

    def search_count(self, match: Match, cap: int) -> int:
        """``graph.sqlite_store.SqliteStore.search_count``."""
        return min(cap, sum(1 for _ in self.search_rows(match)))

    def search_rows(self, match: Match, newest: bool = False, limit: int | None = None) -> Generator[SearchRow]:
        """``graph.sqlite_store.SqliteStore.search_rows``: the words and filters in Cypher, the
        key and names by ``Match.holds`` (no index here for them)."""
        within = match.within
        rows = self._rows(
            "MATCH (n:Instrument) WHERE n.stub IS NULL AND all(t IN $terms WHERE n.search CONTAINS t)"
            " AND ($groups IS NULL OR [coalesce(n.type, ''), coalesce(n.issuer, '')] IN $groups)"
            " AND ($on IS NULL OR (n.date_in_force <= $on"
            " AND (n.date_no_longer_in_force IS NULL OR n.date_no_longer_in_force > $on)))"
            " AND ($year IS NULL OR n.date_issued.year = $year)"
            " RETURN n.key AS key, n.number AS number, toString(n.date_issued) AS issued, n.search AS search",
            terms=list(match.terms), on=within.on, year=within.year,
            groups=None if within.groups is None else [[t or "", i or ""] for t, i in within.groups])
        found = [SearchRow(r["key"], r["number"], r["issued"], r["search"]) for r in rows if match.holds(r["search"])]
        yield from (newest_first(found) if newest else found)[:limit]

    def numbered(self, number: str) -> list[str]:
        """Keys of instruments numbered ``number`` (``graph.sqlite_store.SqliteStore.numbered``)."""
        low = number.lower()
        rows = self._rows("MATCH (n:Instrument) WHERE n.stub IS NULL AND (toLower(n.key) STARTS WITH $a"
                          " OR toLower(n.key) STARTS WITH $b) RETURN n.key AS key", a=low + "/", b=low + "-")
        return sorted(str(r["key"]) for r in rows)

    # -- relations --------------------------------------------------------------------------

    def edges(self, key: str, direction: str, kinds: tuple[str, ...] = (), proposals: bool = True,
              limit: int | None = None) -> list[Relation]:
        """Relations out of (``out``) or into (``in``) ``key``, stated ones first in the
        store's order, then proposals when asked for; the first ``limit`` of them."""
        return self.edges_of([key], direction, kinds, proposals, limit)[key]

    def edges_of(self, keys: list[str], direction: str, kinds: tuple[str, ...] = (),
                 proposals: bool = True, limit: int | None = None) -> dict[str, list[Relation]]:
        """``edges`` of several keys in one statement (a walk asks for a whole level at once)."""
        if limit is not None and len(keys) > 1:
            return {k: self.edges(k, direction, kinds, proposals, limit) for k in keys}
        out: dict[str, list[Relation]] = {k: [] for k in keys}
        ends: LiteralString = "n.key AS source, coalesce(m.key, m.name) AS target" if direction == "out" \
            else "coalesce(m.key, m.name) AS source, n.key AS target"
        rows = self._rows(
            self._edge_match(direction) + " RETURN key, " + ends + ", type(r) AS type, properties(r) AS r"
            " ORDER BY r.seq" + ("" if limit is None else " LIMIT $limit"),
            keys=list(out), limit=limit, **self._edge_filter(kinds, proposals))
        for r in rows:
            out[r["key"]].append(relation(r["source"], r["target"], r["type"], r["r"]))
        return out

    def edge_count(self, key: str, direction: str, kinds: tuple[str, ...] = (), proposals: bool = True) -> int:
        rows = self._rows(self._edge_match(direction) + " RETURN count(r) AS c", keys=[key],
                          **self._edge_filter(kinds, proposals))
        return int(rows[0]["c"])

    @staticmethod
    def _edge_match(direction: str) -> LiteralString:
        match: LiteralString = "UNWIND $keys AS key MATCH (n:Instrument {key: key})-[r]->(m) " if direction == "out" \
            else "UNWIND $keys AS key MATCH (m)-[r]->(n:Instrument {key: key}) "
        return match + ("WHERE r.sid IS NOT NULL AND (type(r) IN $types OR ($proposals AND type(r) = 'PROPOSED'"
                        " AND r.kind IN $kinds))")

    @staticmethod
    def _edge_filter(kinds: tuple[str, ...], proposals: bool) -> dict[str, object]:
        wanted = list(kinds or RELATION_KINDS)
        return {"types": [REL_TYPES[k] for k in wanted if k in REL_TYPES], "kinds": wanted, "proposals": proposals}

    def reachable(self, key: str, direction: str, kinds: tuple[str, ...], proposals: bool = True) -> set[str]:
        """Every key a walk from ``key`` along ``kinds`` reaches, ``key`` included: a level per
        statement (a variable-length Cypher pattern enumerates paths, which a web of
        proposals multiplies)."""
        seen, level = {key}, [key]
        while level:
            edges = self.edges_of(level, direction, kinds, proposals)
            level = sorted({r.target if direction == "out" else r.source for rs in edges.values() for r in rs} - seen)
            seen.update(level)
        return seen

    def all_edges(self, proposals: bool = True) -> list[Relation]:
        rows = self._rows("MATCH (a)-[r]->(b) WHERE r.sid IS NOT NULL AND ($proposals OR type(r) <> 'PROPOSED')"
                          " RETURN a.key AS source, coalesce(b.key, b.name) AS target, type(r) AS type,"
                          " properties(r) AS r ORDER BY r.seq", proposals=proposals)
        return [relation(r["source"], r["target"], r["type"], r["r"]) for r in rows]

    # -- sources, identities, agencies, documents -------------------------------------------

    def fact_sources(self, key: str) -> list[FactSource]:
        return self.fact_sources_of([key])[key]

    def fact_sources_of(self, keys: list[str]) -> dict[str, list[FactSource]]:
        out: dict[str, list[FactSource]] = {k: [] for k in keys}
        rows = self._rows("UNWIND $keys AS key MATCH (f:FactSource {key: key}) RETURN key, properties(f) AS f"
                          " ORDER BY f.seq", keys=list(out))
        for r in rows:
            out[r["key"]].append(fact_source(r["f"]))
        return out

    def all_fact_sources(self) -> list[FactSource]:
        rows = self._rows("MATCH (f:FactSource) RETURN properties(f) AS f ORDER BY f.seq")
        return [fact_source(r["f"]) for r in rows]

    def canonical(self, key: str) -> str:
        found = self.identity(key)
        return found[0] if found else key

    def identity(self, alias: str) -> tuple[str, str, str] | None:
        rows = self._rows("MATCH (a:Alias {name: $alias}) WHERE a.key IS NOT NULL RETURN a.key AS key, a.rule AS rule,"
                          " a.reason AS reason", alias=alias)
        return (rows[0]["key"], rows[0]["rule"], rows[0]["reason"]) if rows else None

    def members(self, key: str) -> list[str]:
        rows = self._rows("MATCH (a:Alias {key: $key}) RETURN a.name AS name", key=key)
        return [key, *sorted(str(r["name"]) for r in rows)]

    def ambiguity(self, alias: str) -> tuple[str, ...]:
        rows = self._rows("MATCH (a:Alias {name: $alias}) RETURN a.candidates AS c", alias=alias)
        return tuple(rows[0]["c"] or ()) if rows else ()

    def agencies(self) -> list[tuple[Agency, int]]:
        """Every agency by name, with how many instruments it issued."""
        rows = self._rows("MATCH (a:Agency) WHERE a.stub IS NULL OPTIONAL MATCH (i:Instrument)-[:ISSUED_BY]->(a)"
                          " RETURN properties(a) AS a, count(DISTINCT i) AS issued")
        return sorted(((agency(r["a"]), int(r["issued"])) for r in rows), key=lambda x: x[0].name)

    def issued(self, agency: str, offset: int = 0, limit: int | None = None) -> list[Instrument]:
        """``graph.sqlite_store.SqliteStore.issued``."""
        rows = self._rows("MATCH (n:Instrument)-[:ISSUED_BY]->(:Agency {name: $name}) WHERE n.stub IS NULL"
                          " WITH DISTINCT n RETURN properties(n) AS n"
                          " ORDER BY n.date_issued IS NULL, n.date_issued DESC, n.key SKIP $offset LIMIT $limit",
                          name=agency, offset=offset, limit=_limit(limit))
        return [instrument(r["n"]) for r in rows]

    def counts(self) -> dict[str, int]:
        """What the last push recorded (one node: never half of a push under way), else counted."""
        names = ("documents", "instruments", "agencies", "relations", "merged", "proposals")
        recorded = self._rows("MATCH (s:VbgraphSync) RETURN properties(s) AS s")
        if recorded and all(f"count_{k}" in recorded[0]["s"] for k in names):
            return {k: int(recorded[0]["s"][f"count_{k}"]) for k in names}
        row = self._rows(
            "CALL () { MATCH (d:Document) RETURN count(d) AS documents }"
            " CALL () { MATCH (n:Instrument) WHERE n.stub IS NULL RETURN count(n) AS instruments }"
            " CALL () { MATCH (a:Agency) WHERE a.stub IS NULL RETURN count(a) AS agencies }"
            " CALL () { MATCH ()-[r]->() WHERE r.sid IS NOT NULL AND type(r) <> 'PROPOSED'"
            "           RETURN count(r) AS relations }"
            " CALL () { MATCH (a:Alias) WHERE a.key IS NOT NULL RETURN count(a) AS merged }"
            " CALL () { MATCH ()-[r:PROPOSED]->() RETURN count(r) AS proposals }"
            " RETURN documents, instruments, agencies, relations, merged, proposals")[0]
        return {k: int(row[k]) for k in ("documents", "instruments", "agencies", "relations", "merged", "proposals")}

    def documents(self, offset: int = 0, limit: int | None = None) -> tuple[int, list[StoredDocument]]:
        total = int(self._rows("MATCH (d:Document) RETURN count(d) AS n")[0]["n"])
        rows = self._rows("MATCH (d:Document) RETURN d.key AS key, d.source AS source, d.digest AS digest,"
                          " d.ingested_at AS ingested_at, d.relations AS relations ORDER BY d.key SKIP $offset"
                          " LIMIT $limit", offset=offset, limit=total if limit is None else limit)
        return total, [StoredDocument(r["key"], r["source"], r["digest"], r["ingested_at"], int(r["relations"]))
                       for r in rows]

    def document_text(self, key: str) -> str | None:
        rows = self._rows("MATCH (d:Document {key: $key}) RETURN d.text AS text", key=key)
        return str(rows[0]["text"]) if rows and rows[0]["text"] is not None else None

    def document(self, key: str) -> StoredDocument | None:
        rows = self._rows("MATCH (d:Document {key: $key}) RETURN properties(d) AS d", key=key)
        if not rows:
            return None
        d = rows[0]["d"]
        return StoredDocument(d["key"], d["source"], d["digest"], d["ingested_at"], int(d["relations"]),
                              d.get("extraction"))


# -- the mapping between domain objects and properties (both directions, one place) --------

def _limit(limit: int | None) -> int:
    """A ``LIMIT`` for Cypher, which has no "all"."""
    return limit if limit is not None else 2**62


def _day(value: Any) -> date | None:
    return cast(date, value.to_native()) if value is not None else None


def instrument(p: dict[str, Any]) -> Instrument:
    return Instrument(p["key"], p.get("number"), p.get("type"), p.get("issuer"), _day(p.get("date_issued")),
                      p.get("title"), bool(p.get("synthetic")), bool(p.get("local")), _day(p.get("date_in_force")),
                      _day(p.get("date_no_longer_in_force")), p.get("status"), tuple(p.get("aliases") or ()),
                      p.get("in_force_basis"), p.get("end_basis"), tuple(p.get("documents") or ()),
                      int(p.get("documents_total") or 0))


def instrument_properties(i: Instrument, search: str) -> dict[str, Any]:
    """Every property an instrument node has (``None`` removes one a push set before)."""
    return {"key": i.key, "number": i.number, "type": i.type, "issuer": i.issuer, "title": i.title,
            "date_issued": i.date_issued, "date_in_force": i.date_in_force,
            "date_no_longer_in_force": i.date_no_longer_in_force, "in_force_basis": i.in_force_basis,
            "end_basis": i.end_basis, "status": i.status, "synthetic": i.synthetic, "local": i.local,
            "aliases": list(i.aliases), "documents": list(i.documents), "documents_total": i.documents_total,
            "search": search, "stub": None}


def agency(p: dict[str, Any]) -> Agency:
    return Agency(p["name"], p.get("level"), p.get("parent"), tuple(p.get("abbreviations") or ()))


def agency_properties(a: Agency) -> dict[str, Any]:
    return {"name": a.name, "level": a.level, "parent": a.parent, "abbreviations": list(a.abbreviations),
            "stub": None}


def relation(source: str, target: str, rel_type: str, p: dict[str, Any]) -> Relation:
    kind = p["kind"] if rel_type == PROPOSED else KINDS_OF[rel_type]
    return Relation(source, target, kind, Evidence(p["document"], p["method"], p.get("span_start"), p.get("span_end"),
                                                   p.get("sentence"), p.get("score"), tuple(p.get("reasons") or ()),
                                                   p.get("origin")))


def relation_properties(r: Relation, seq: int) -> dict[str, Any]:
    e = r.evidence
    return {"kind": r.kind, "seq": seq, "document": e.document, "method": e.method, "span_start": e.start,
            "span_end": e.end, "sentence": e.sentence, "score": e.score, "reasons": list(e.reasons),
            "origin": e.origin, "proposal": e.proposal}


def rel_type(r: Relation) -> LiteralString:
    """The relationship type a relation is written as: its kind's, or ``PROPOSED``."""
    return PROPOSED if r.evidence.proposal else REL_TYPES[r.kind]


def fact_source(p: dict[str, Any]) -> FactSource:
    return FactSource(p["key"], p["field"], p["value"], p["document"], p.get("origin"), p.get("quote"),
                      p.get("span_start"), p.get("span_end"))


def fact_properties(f: FactSource, seq: int) -> dict[str, Any]:
    return {"key": f.key, "field": f.field, "value": f.value, "document": f.document, "origin": f.origin,
            "quote": f.quote, "span_start": f.start, "span_end": f.end, "seq": seq}


_IN_FORCE: LiteralString = ("n.stub IS NULL AND n.date_in_force <= $on"
                            " AND (n.date_no_longer_in_force IS NULL OR n.date_no_longer_in_force > $on)")
