"""How the server answers a lookup: on the event loop, from one snapshot, kept until a commit.

A lookup of one instrument reads SQLite for about a millisecond. Handing it to a worker
thread costs more than that: a hop there and back (and, for a dependency with ``yield``,
two more), each waking a thread and passing the GIL, ~0.4 ms apiece on a 2-core machine,
and the threads then contend for the GIL while SQLite releases and retakes it. So an
answer already kept is sent at once from the loop (``answer``), and a question known to be
quick may be asked on it (``read``); a store over the network (Neo4j) reads on a worker
thread.

A lookup is quick only most of the time: the details of a law cited by every document of
a national graph, or the suggestions for an unknown number, take far longer, and on the
loop they would stall every other request. So a lookup's answer is computed on a worker
thread (one hop, no ``yield`` dependency) and then kept; the answers kept are sent from the
loop.

Answers are also kept, as the JSON bytes sent, until the store changes (``answer``): the key
is the request's path and query, and today's date (an instrument's status is for today
unless ``on`` is given); the store's ``version`` moves at any commit, by this server's
uploads or by an ``ingest`` in another process, and a new version empties the cache. An
answer is filed under the version read *before* its snapshot, so it is never older than
the version it is filed under.

    body = await answer(request, DETAILS, lambda store: details_json(details(store, key)))
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from fastapi import Request, Response
from pydantic import TypeAdapter
from starlette.concurrency import run_in_threadpool

from api.stores import Pool
from graph.store import ReadStore

T = TypeVar("T")
JSON = "application/json"
#: What the cache may hold in all, in bytes of JSON (``VBGRAPH_ANSWER_CACHE``; 0: no cache).
DEFAULT_BUDGET = 32 * 1024 * 1024


class Answers:
    """JSON answers by key, for one store version, least recently used out first.

    >>> answers = Answers(budget=100)
    >>> answers.put("7", ("/health", b""), b"{}")
    >>> answers.get("7", ("/health", b"")), answers.get("8", ("/health", b""))
    (b'{}', None)
    """

    def __init__(self, budget: int = DEFAULT_BUDGET) -> None:
        self.budget = budget
        self._version: str | None = None
        self._kept: OrderedDict[tuple[object, ...], bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, version: str, key: tuple[object, ...]) -> bytes | None:
        with self._lock:
            self._switch(version)
            body = self._kept.get(key)
            if body is not None:
                self._kept.move_to_end(key)
            return body

    def put(self, version: str, key: tuple[object, ...], body: bytes) -> None:
        """Keep ``body``, unless it alone would take more than an eighth of the budget."""
        if len(body) * 8 > self.budget:
            return
        with self._lock:
            self._switch(version)
            old = self._kept.pop(key, None)
            self._size += len(body) - (len(old) if old is not None else 0)
            self._kept[key] = body
            while self._size > self.budget:
                self._size -= len(self._kept.popitem(last=False)[1])

    def _switch(self, version: str) -> None:
        if version != self._version:
            self._kept.clear()
            self._size = 0
            self._version = version


async def read(request: Request, question: Callable[[ReadStore], T]) -> T:
    """The answer to ``question``, asked of one snapshot of the server's store: at once on the
    event loop when the store is local, else on a worker thread."""
    pool: Pool = request.app.state.pool
    if pool.local:
        with pool.quick() as store:
            return question(store)
    return await run_in_threadpool(_ask, pool, question)


async def answer(request: Request, shape: TypeAdapter[T], question: Callable[[ReadStore], T]) -> Response:
    """``read``, as JSON in ``shape``, from the cache when the store has not changed since."""
    pool: Pool = request.app.state.pool
    answers: Answers = request.app.state.answers
    version = pool.version() if pool.local and answers.budget else None
    if version is None:
        return Response(shape.dump_json(await read(request, question)), media_type=JSON)
    key = (request.scope["path"], request.scope["query_string"], date.today())
    body = answers.get(version, key)
    if body is None:  # read on a worker thread: one costly answer must not stall the loop
        body = await run_in_threadpool(_dumped, pool, shape, question)
        answers.put(version, key, body)
    return Response(body, media_type=JSON)


def _dumped(pool: Pool, shape: TypeAdapter[T], question: Callable[[ReadStore], T]) -> bytes:
    with pool.reader() as store:
        return shape.dump_json(question(store))


def _ask(pool: Pool, question: Callable[[ReadStore], T]) -> T:
    with pool.reader() as store:
        return question(store)
