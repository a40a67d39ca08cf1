"""The server's connections to its store: read-only, pooled, one snapshot per request.

FastAPI answers plain ``def`` endpoints on a pool of threads, and may enter a dependency on
one thread and run the endpoint on another; so connections are not tied to threads but lent
out whole, one request at a time. Each request reads inside one snapshot
(``ReadStore.snapshot``): over SQLite, an ``vbgraph ingest`` or an upload committing meanwhile
is either wholly visible or not at all, never half. Over Neo4j each request is one read
transaction, which Neo4j isolates as read committed: a ``vbgraph push`` committing during a
request may be visible to its later reads only (``/health``'s counts are read from one node
and are always whole).

- SQLite (``SqlitePool``): read-only connections to one file, each request in a WAL read
  transaction. Writes (uploads) open their own writing connection and are serialised by
  ``write_lock`` in this process and by SQLite's ``BEGIN IMMEDIATE`` across processes.
  A lookup reads in about a millisecond, less than the two thread hops that a worker would
  cost, so the server answers lookups on its event loop (``local``, ``quick``); and
  ``version`` tells a cache of answers when anything was committed since.
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
    #: Reads are local and quick (a file, not a network): worth answering without a thread hop.
    local: bool

    def reader(self) -> AbstractContextManager[ReadStore]: ...
    def quick(self) -> AbstractContextManager[ReadStore]: ...
    def version(self) -> str | None: ...
    def close(self) -> None: ...


class SqlitePool:
    """Read-only ``SqliteStore`` connections to one file, opened on demand, reused."""

    local = True

    def __init__(self, path: Path, size: int = 8) -> None:
        self.spec = StoreSpec(path=path)
        self.path = path
        # Opened at start, so that a missing or old file fails now, naming it, not at the first
        # request; kept to watch for commits: its ``data_version`` moves whenever any other
        # connection, in this process or another, commits.
        self._watch = SqliteStore(path, readonly=True)
        self._watch_lock = threading.Lock()
        self._idle: queue.LifoQueue[SqliteStore] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(size)
        self.write_lock = threading.Lock()

    @contextmanager
    def reader(self) -> Iterator[ReadStore]:
        """A connection inside a read transaction, for the length of one request."""
        with self._slots, self._lend() as store:
            yield store

    def quick(self) -> AbstractContextManager[ReadStore]:
        """A reader for a question answered at once on the event loop, with no ``await``
        between start and end. It never waits for a slot: waiting would stall the loop that
        threaded readers need to give their slots back. Such readers run one at a time, so
        they add at most one connection to the pool's ``size``."""
        return self._lend()

    @contextmanager
    def _lend(self) -> Iterator[SqliteStore]:
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

    def version(self) -> str:
        """Changes whenever the file has had a commit since the last call (SQLite's
        ``data_version`` of a connection that never writes). Read it before a snapshot: an
        answer filed under it is then never older than it."""
        with self._watch_lock:
            return self._watch.data_version()

    def close(self) -> None:
        self._watch.close()
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


class Neo4jPool:
    """Readers over one Neo4j driver; the server's store when it serves from Neo4j. Reads wait
    on the network, so the server makes them on worker threads (``local`` is false)."""

    local = False

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

    def quick(self) -> AbstractContextManager[ReadStore]:
        return self.reader()

    def version(self) -> None:
        """None: answers from Neo4j are not cached (a push may land on a server this process
        cannot watch cheaply)."""
        return None

    def close(self) -> None:
        self._store.close()


def open_pool(spec: StoreSpec, size: int = 8) -> Pool:
    if spec.is_neo4j:
        return Neo4jPool(spec)
    assert spec.path is not None
    return SqlitePool(spec.path, size)
