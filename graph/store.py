"""Which store to read, and what every store answers.

A store is named as users name it: a SQLite file (``.vbgraph/graph.db``) or a Neo4j URI
(``bolt://localhost:7687``, ``neo4j://host``, ``neo4j+s://xxxx.databases.neo4j.io`` for
Aura), with ``?database=name`` when it is not the server's default. Credentials come from
``NEO4J_USER`` / ``NEO4J_PASSWORD``, never from the URI, so they stay out of shell history and
process lists.

``ReadStore`` is the whole read surface the CLI, the HTTP API and the exports use; both
``graph.sqlite_store.SqliteStore`` and ``graph.neo4j_store.Neo4jStore`` implement it, and the
question functions (``graph.queries``) need only the part named ``Store`` there.
"""

from __future__ import annotations

import os
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, urlsplit

from graph.model import FactSource, Instrument, Relation, StoredDocument
from graph.queries import Link, Store, UnknownInstrument, neighbours

#: URI schemes the Neo4j driver speaks (routing, direct; +s: TLS; +ssc: TLS, self-signed).
NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")


class StoreError(RuntimeError):
    """The store cannot be opened as asked: the message names it and says what to do."""


@dataclass(frozen=True)
class StoreSpec:
    """A store named by the user: ``path`` for SQLite, else ``uri`` (+ ``database``) for Neo4j.

    ``StoreSpec.parse("bolt://127.0.0.1:7687?database=vbgraph")`` → Neo4j at that address,
    database ``vbgraph``; ``StoreSpec.parse("graph.db")`` → that SQLite file. The password is
    kept out of ``repr`` (specs appear in logs and error messages).
    """

    path: Path | None = None
    uri: str | None = None
    database: str | None = None
    user: str = "neo4j"
    password: str | None = field(default=None, repr=False)

    @classmethod
    def parse(cls, text: str, database: str | None = None) -> StoreSpec:
        parts = urlsplit(text)
        if parts.scheme.lower() not in NEO4J_SCHEMES:
            if "://" in text:
                raise StoreError(f"unknown store {text!r}: give a SQLite file or a Neo4j URI "
                                 f"({', '.join(s + '://' for s in NEO4J_SCHEMES)})")
            return cls(path=Path(text))
        if parts.username or parts.password:
            raise StoreError(f"put the Neo4j user and password in NEO4J_USER / NEO4J_PASSWORD, not in the URI "
                             f"{parts.scheme}://{parts.hostname}")
        named = next(iter(parse_qs(parts.query).get("database") or []), None)
        uri = f"{parts.scheme.lower()}://{parts.netloc}"
        return cls(uri=uri, database=database or named or os.environ.get("NEO4J_DATABASE") or None,
                   user=os.environ.get("NEO4J_USER") or "neo4j", password=os.environ.get("NEO4J_PASSWORD") or None)

    @property
    def is_neo4j(self) -> bool:
        return self.uri is not None

    def __str__(self) -> str:
        if self.uri:
            return self.uri + (f" (database {self.database})" if self.database else "")
        return str(self.path)


class ReadStore(Store, Protocol):
    """Everything the CLI, the API and the exports read (``SqliteStore``, ``Neo4jStore``)."""

    def all_edges(self, proposals: bool = True) -> list[Relation]: ...
    def all_fact_sources(self) -> list[FactSource]: ...
    def canonical(self, key: str) -> str: ...
    def identity(self, alias: str) -> tuple[str, str, str] | None: ...
    def members(self, key: str) -> list[str]: ...
    def ambiguity(self, alias: str) -> tuple[str, ...]: ...
    def numbered(self, number: str) -> list[str]: ...
    def counts(self) -> dict[str, int]: ...
    def documents(self, offset: int = 0, limit: int | None = None) -> tuple[int, list[StoredDocument]]: ...
    def document(self, key: str) -> StoredDocument | None: ...
    def document_text(self, key: str) -> str | None: ...
    def data_version(self) -> str: ...
    @property
    def schema_version(self) -> int: ...
    def snapshot(self) -> AbstractContextManager[ReadStore]: ...
    def close(self) -> None: ...
    def __enter__(self) -> ReadStore: ...
    def __exit__(self, *exc: object) -> None: ...


#: Relations each way that an instrument's details carry: a law that every plan of the country
#: cites has hundreds of thousands; its details carry the first ones and the number of all
#: (``downstream`` at depth 1 pages through them all).
MAX_RELATIONS = 500


@dataclass(frozen=True)
class Details:
    """Everything known of one instrument: facts and where they come from, keys merged into
    it (with the reason), the instruments an unresolved name may be, its relations (the
    first ``MAX_RELATIONS`` each way) and ``relations_total``, how many there are in all."""

    instrument: Instrument
    sources: list[FactSource]
    merged: list[tuple[str, str]]
    may_be: tuple[str, ...]
    relations: list[Link]
    relations_total: int

    @property
    def relations_shown(self) -> int:
        """How many of the relations ``relations`` holds (a link groups the statements of one pair)."""
        return sum(len(link.evidence) for link in self.relations)


def details(store: ReadStore, key: str, limit: int | None = None) -> Details:
    """The details of the instrument under canonical ``key`` (``vbgraph show``, GET /instruments/{id});
    ``limit`` relations each way (``MAX_RELATIONS`` unless given)."""
    inst = store.node(key)
    if inst is None:
        raise UnknownInstrument(key)
    merged = [(alias, found[2]) for alias in store.members(key)[1:] if (found := store.identity(alias))]
    each_way = MAX_RELATIONS if limit is None else limit
    total = store.edge_count(key, "out") + store.edge_count(key, "in")
    return Details(inst, store.fact_sources(key), merged, store.ambiguity(key),
                   neighbours(store, key, limit=each_way), total)


def open_store(spec: StoreSpec) -> ReadStore:
    """The store ``spec`` names, for reading; ``StoreError`` naming it when it cannot be read
    (no file, an old schema, Neo4j unreachable, refused credentials, nothing pushed yet)."""
    if spec.is_neo4j:
        from graph.neo4j_store import Neo4jStore  # the driver is loaded only for Neo4j

        return Neo4jStore.connect(spec)
    from graph.sqlite_store import SqliteStore

    assert spec.path is not None
    return SqliteStore(spec.path, readonly=True)

