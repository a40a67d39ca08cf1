"""``vbgraph push``: copy the graph from the SQLite store to Neo4j, writing only what changed.

Every node and relationship vbgraph writes carries ``vbhash``, a digest of its properties.
A push computes the digests of the local graph, reads the remote ones, and then, in **one
write transaction**, deletes what is gone, and ``UNWIND … MERGE``s, in batches, what is new or
different: a failed push leaves the previous one whole. Neo4j isolates reads as read
committed, so one read statement sees the previous push or this one, but a reader's later
statements may see this one where its earlier ones saw the previous; the counts are recorded
on one node for that reason. The fingerprint of the whole graph is kept
on the ``(:VbgraphSync)`` node; a push whose fingerprint matches writes nothing at all.

Relationships are identified by ``sid``, a digest of the statement (ends, kind, document,
span, sentence, origin): the same statement keeps its relationship from push to push.

vbgraph owns the labels and relationship types of ``graph.neo4j_store``; nodes of other
labels and relationships without ``sid`` in the same database are left alone.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, LiteralString, TypeVar

import neo4j
from neo4j.exceptions import Neo4jError

from graph.model import ISSUED_BY
from graph.neo4j_store import (
    MODEL_VERSION,
    PROPOSED,
    REL_TYPES,
    agency_properties,
    fact_properties,
    instrument_properties,
    rel_type,
    relation_properties,
)
from graph.sqlite_store import SqliteStore
from graph.store import StoreError

#: The node labels vbgraph writes, and the property that identifies a node of each.
LABELS: dict[LiteralString, LiteralString] = {
    "Instrument": "key", "Agency": "name", "Document": "key", "Alias": "name", "FactSource": "id"}
SYNC_ID = "vbgraph"
T = TypeVar("T")
BATCH = 1000


@dataclass(frozen=True)
class Node:
    label: LiteralString
    id: str
    props: dict[str, Any]
    digest: str


@dataclass(frozen=True)
class Link:
    type: LiteralString
    sid: str
    source: str
    target: str
    target_label: LiteralString
    props: dict[str, Any]
    digest: str


@dataclass(frozen=True)
class LocalGraph:
    """The local graph as Neo4j will hold it, each item with its digest."""

    nodes: dict[tuple[str, str], Node]
    links: dict[str, Link]
    fingerprint: str


@dataclass(frozen=True)
class PushResult:
    """What one push did, by label or relationship type: created, updated, deleted."""

    target: str
    fingerprint: str
    unchanged: bool
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def writes(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values()) + sum(self.deleted.values())


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=_plain)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _plain(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not a property value: {value!r}")


def _content_ids(label: LiteralString, items: Iterable[tuple[str, dict[str, Any]]]) -> list[Node]:
    """Nodes identified by a digest of their content (facts' sources have no key of their own);
    a repeat of the same content gets ``#2``, ``#3``."""
    seen: Counter[str] = Counter()
    out = []
    for base, props in items:
        seen[base] += 1
        ident = base if seen[base] == 1 else f"{base}#{seen[base]}"
        props = {**props, "id": ident}
        out.append(Node(label, ident, props, _digest(props)))
    return out


def local_graph(store: SqliteStore) -> LocalGraph:
    """Read the whole local graph in one snapshot and shape it as Neo4j holds it."""
    with store.snapshot():
        instruments = store.all_nodes()
        search = store.search_texts()
        agencies = [a for a, _ in store.agencies()]
        statements = store.statements(proposals=True)
        facts = store.fact_rows()
        aliases = store.aliases()
        _, documents = store.documents()
    nodes: list[Node] = []
    for inst in instruments:
        props = instrument_properties(inst, search.get(inst.key, ""))
        nodes.append(Node("Instrument", inst.key, props, _digest(props)))
    for a in agencies:
        props = agency_properties(a)
        nodes.append(Node("Agency", a.name, props, _digest(props)))
    for d in documents:
        props = {"key": d.key, "source": d.source, "digest": d.digest, "ingested_at": d.ingested_at,
                 "relations": d.relations}
        nodes.append(Node("Document", d.key, props, _digest(props)))  # the extraction follows the digest
    for alias, key, rule, reason, candidates in aliases:
        props = {"name": alias, "key": key, "rule": rule, "reason": reason, "candidates": list(candidates) or None}
        nodes.append(Node("Alias", alias, props, _digest(props)))
    nodes += _content_ids("FactSource", (
        (_digest([f.key, f.field, f.value, f.document, f.origin, f.quote, f.start, f.end]), fact_properties(f, seq))
        for seq, f in facts))
    by_key = {(n.label, n.id): n for n in nodes}
    links: dict[str, Link] = {}
    seen: Counter[str] = Counter()
    for seq, r in statements:
        target_label: LiteralString = "Agency" if r.kind == ISSUED_BY else "Instrument"
        for label, ident in (("Instrument", r.source), (target_label, r.target)):
            if (label, ident) not in by_key:  # an end the graph has no facts for: a stub
                props = {"name" if label == "Agency" else "key": ident, "stub": True}
                by_key[(label, ident)] = Node(label, ident, props, _digest(props))
        props = relation_properties(r, seq)
        base = _digest({k: v for k, v in props.items() if k != "seq"} | {"source": r.source, "target": r.target})
        seen[base] += 1
        sid = base if seen[base] == 1 else f"{base}#{seen[base]}"
        props["sid"] = sid
        links[sid] = Link(rel_type(r), sid, r.source, r.target, target_label, props, _digest(props))
    lines = [f"{label}\t{ident}\t{n.digest}" for (label, ident), n in by_key.items()]
    lines += [f"{sid}\t{link.digest}" for sid, link in links.items()]
    fingerprint = _digest([MODEL_VERSION, *sorted(lines)])
    return LocalGraph(by_key, links, fingerprint)


def ensure_schema(driver: neo4j.Driver, database: str | None) -> None:
    """Uniqueness constraints on every identifying property, and the indexes the reads use.
    Idempotent (``IF NOT EXISTS``); schema changes cannot share a transaction with writes."""
    statements: list[LiteralString] = []
    for label, prop in LABELS.items():
        statements.append(f"CREATE CONSTRAINT vbgraph_{label.lower()}_{prop} IF NOT EXISTS "
                          f"FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE")
    for rel in (*REL_TYPES.values(), PROPOSED):
        statements.append(f"CREATE CONSTRAINT vbgraph_{rel.lower()}_sid IF NOT EXISTS "
                          f"FOR ()-[r:{rel}]-() REQUIRE r.sid IS UNIQUE")
    statements += [
        "CREATE CONSTRAINT vbgraph_sync_id IF NOT EXISTS FOR (n:VbgraphSync) REQUIRE n.id IS UNIQUE",
        "CREATE INDEX vbgraph_fact_key IF NOT EXISTS FOR (f:FactSource) ON (f.key)",
        "CREATE INDEX vbgraph_alias_key IF NOT EXISTS FOR (a:Alias) ON (a.key)",
        "CREATE INDEX vbgraph_in_force IF NOT EXISTS FOR (n:Instrument) ON (n.date_in_force)",
    ]
    for statement in statements:
        driver.execute_query(statement, database_=database)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)


def push(store: SqliteStore, driver: neo4j.Driver, database: str | None = None, target: str = "",
         batch: int = BATCH) -> PushResult:
    """Make the Neo4j database hold exactly the local graph, writing only the difference."""
    started = time.perf_counter()
    local = local_graph(store)
    ensure_schema(driver, database)
    try:
        with driver.session(database=database) as session:
            found = session.execute_read(_fingerprint)
            if found == local.fingerprint:
                return PushResult(target, local.fingerprint, True, seconds=time.perf_counter() - started)
            result = session.execute_write(_apply, store, local, target, batch)
    except Neo4jError as err:  # the transaction rolled back: the previous push stands
        raise StoreError(f"push to {target or 'Neo4j'} failed and wrote nothing: {err.message or err}") from None
    return PushResult(result.target, result.fingerprint, False, result.created, result.updated, result.deleted,
                      time.perf_counter() - started)


def _fingerprint(tx: neo4j.ManagedTransaction) -> str | None:
    row = tx.run("MATCH (s:VbgraphSync {id: $id}) WHERE s.model = $model RETURN s.fingerprint AS f",
                 id=SYNC_ID, model=MODEL_VERSION).single()
    return None if row is None else str(row["f"])


def _apply(tx: neo4j.ManagedTransaction, store: SqliteStore, local: LocalGraph, target: str,
           batch: int) -> PushResult:
    """The whole difference, in the one transaction the driver retries as a unit."""
    created: Counter[str] = Counter()
    updated: Counter[str] = Counter()
    deleted: Counter[str] = Counter()
    remote_nodes: dict[tuple[str, str], str] = {}
    for label, prop in LABELS.items():
        for row in tx.run(f"MATCH (n:{label}) RETURN n.{prop} AS id, n.vbhash AS h"):
            remote_nodes[(label, row["id"])] = row["h"]
    remote_links = {row["sid"]: (row["type"], row["h"]) for row in tx.run(
        "MATCH ()-[r]->() WHERE r.sid IS NOT NULL RETURN r.sid AS sid, type(r) AS type, r.vbhash AS h")}

    gone_links: dict[LiteralString, list[str]] = defaultdict(list)
    for sid, (rel, _) in remote_links.items():
        if sid not in local.links and rel in (*REL_TYPES.values(), PROPOSED):
            gone_links[rel].append(sid)
    for rel, sids in gone_links.items():
        for chunk in _chunks(sids, batch):
            tx.run(f"UNWIND $sids AS sid MATCH ()-[r:{rel} {{sid: sid}}]->() DELETE r", sids=chunk).consume()
        deleted[rel] += len(sids)
    gone_nodes: dict[LiteralString, list[str]] = defaultdict(list)
    for label, ident in remote_nodes:
        if (label, ident) not in local.nodes:
            gone_nodes[_label(label)].append(ident)
    for label, idents in gone_nodes.items():
        prop = LABELS[label]
        for chunk in _chunks(idents, batch):
            tx.run(f"UNWIND $ids AS id MATCH (n:{label} {{{prop}: id}}) DETACH DELETE n", ids=chunk).consume()
        deleted[label] += len(idents)

    changed: dict[LiteralString, list[Node]] = defaultdict(list)
    for key, node in local.nodes.items():
        if remote_nodes.get(key) != node.digest:
            changed[node.label].append(node)
            (updated if key in remote_nodes else created)[node.label] += 1
    for label, nodes in changed.items():
        prop = LABELS[label]
        for node_rows in _chunks(nodes, batch):
            rows = [{"id": n.id, "props": _with_extraction(store, n), "h": n.digest} for n in node_rows]
            tx.run(f"UNWIND $rows AS row MERGE (n:{label} {{{prop}: row.id}}) SET n += row.props, n.vbhash = row.h",
                   rows=rows).consume()

    links: dict[tuple[LiteralString, LiteralString], list[Link]] = defaultdict(list)
    for sid, link in local.links.items():
        if remote_links.get(sid, (None, None))[1] != link.digest:
            links[(link.type, link.target_label)].append(link)
            (updated if sid in remote_links else created)[link.type] += 1
    for (rel, target_label), items in links.items():
        prop = LABELS[target_label]
        for link_rows in _chunks(items, batch):
            rows = [{"sid": x.sid, "source": x.source, "target": x.target, "props": x.props, "h": x.digest}
                    for x in link_rows]
            tx.run(f"UNWIND $rows AS row MATCH (a:Instrument {{key: row.source}}) "
                   f"MATCH (b:{target_label} {{{prop}: row.target}}) "
                   f"MERGE (a)-[r:{rel} {{sid: row.sid}}]->(b) SET r += row.props, r.vbhash = row.h",
                   rows=rows).consume()
    # the counts go on one node, written with everything else: a reader sees this push's or the
    # last one's, where counting the graph itself during a push could see half of each
    # (Neo4j reads are read-committed, not snapshots)
    tx.run("MERGE (s:VbgraphSync {id: $id}) SET s.model = $model, s.fingerprint = $fingerprint, s.pushed_at = $at,"
           " s.source = $source, s += $counts", id=SYNC_ID, model=MODEL_VERSION, fingerprint=local.fingerprint,
           at=datetime.now(UTC).isoformat(timespec="seconds"), source=str(store.path),
           counts={f"count_{k}": v for k, v in store.counts().items()}).consume()
    return PushResult(target, local.fingerprint, False, created, updated, deleted)


def _with_extraction(store: SqliteStore, node: Node) -> dict[str, Any]:
    """A document's properties with its extraction and text, read only when the document is
    written (the digest stands for both)."""
    if node.label != "Document":
        return node.props
    found = store.document(node.id)
    if found is None or found.digest != node.props["digest"]:
        raise StoreError(f"{store.path} changed during the push (document {node.id}): push again")
    return node.props | {"extraction": found.extraction, "text": store.document_text(node.id)}


def _label(name: str) -> LiteralString:
    for label in LABELS:
        if label == name:
            return label
    raise ValueError(name)


def _chunks(items: list[T], size: int) -> Iterable[list[T]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]

