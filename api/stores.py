"""The server's connections to its store: read-only, pooled, one snapshot per request.

FastAPI answers plain ``def`` endpoints on a pool of threads, and may enter a dependency on
one thread and run the endpoint on another; so connections are not tied to threads but lent
out whole, one request at a time. Each request reads inside one snapshot
(``ReadStore.snapshot``): an ``vbgraph ingest``, an upload or a ``vbgraph push`` committing
meanwhile is either wholly visible or not at all, never half.

- SQLite (``SqlitePool``): read-only connections to one file, each request in a WAL read
  transaction. Writes (uploads) open their own writing connection and are serialised by
  ``write_lock`` in this process and by SQLite's ``BEGIN IMMEDIATE`` across processes.
- Neo4j (``Neo4jPool``): one driver (its own connection pool) shared by every request, each
  request in one read transaction. Neo4j is written only by ``vbgraph push``.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Protocol

from graph.sqlite_store import SqliteStore
from graph.store import ReadStore, StoreSpec


class Pool(Protocol):
    """Where a request gets its store from."""

    spec: StoreSpec
    write_lock: threading.Lock

    def reader(self) -> AbstractContextManager[ReadStore]: ...
    def close(self) -> None: ...


class SqlitePool:
    """Read-only ``SqliteStore`` connections to one file, opened on demand, reused."""

    def __init__(self, path: Path, size: int = 8) -> None:
        self.spec = StoreSpec(path=path)
        self.path = path
        SqliteStore(path, readonly=True).close()  # fail at start, naming the file, not at the first request
        self._idle: queue.LifoQueue[SqliteStore] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(size)
        self.write_lock = threading.Lock()

    @contextmanager
    def reader(self) -> Iterator[ReadStore]:
        """A connection inside a read transaction, for the length of one request."""
        with self._slots:
            try:
                store = self._idle.get_nowait()
            except queue.Empty:
                store = SqliteStore(self.path, readonly=True)
            try:
                with store.snapshot():
                    yield store
            finally:
                if store.db.in_transaction:
                    store.close()  # a connection in an unknown state is not reused
                else:
                    self._idle.put(store)

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


class Neo4jPool:
    """Readers over one Neo4j driver; the server's store when it serves from Neo4j."""

    def __init__(self, spec: StoreSpec) -> None:
        from graph.neo4j_store import Neo4jStore

        self.spec = spec
        self._store = Neo4jStore.connect(spec)  # fails at start, naming the server, when nothing can be read
        self.write_lock = threading.Lock()

    @contextmanager
    def reader(self) -> Iterator[ReadStore]:
        from graph.neo4j_store import Neo4jStore

        store = Neo4jStore(self._store.driver, self.spec.database)
        with store.snapshot():
            yield store

    def close(self) -> None:
        self._store.close()


def open_pool(spec: StoreSpec, size: int = 8) -> Pool:
    if spec.is_neo4j:
        return Neo4jPool(spec)
    assert spec.path is not None
    return SqlitePool(spec.path, size)
