"""The server's connections to the store: read-only, pooled, one snapshot per request.

FastAPI answers plain ``def`` endpoints on a pool of threads, and may enter a dependency on
one thread and run the endpoint on another; so connections are not tied to threads but lent
out whole, one request at a time. Each request reads inside one WAL read transaction
(``SqliteStore.snapshot``): an ``vbgraph ingest`` or an upload committing meanwhile is
either wholly visible or not at all, never half. Writes (uploads) open their own writing
connection and are serialised by ``write_lock`` in this process and by SQLite's
``BEGIN IMMEDIATE`` across processes.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.sqlite_store import SqliteStore


class StorePool:
    """Read-only ``SqliteStore`` connections to one file, opened on demand, reused."""

    def __init__(self, path: Path, size: int = 8) -> None:
        self.path = path
        SqliteStore(path, readonly=True).close()  # fail at start, naming the file, not at the first request
        self._idle: queue.LifoQueue[SqliteStore] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(size)
        self.write_lock = threading.Lock()

    @contextmanager
    def reader(self) -> Iterator[SqliteStore]:
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
