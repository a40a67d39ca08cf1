"""Ingest documents into a store: extract in parallel, write in batches, list every failure
with its reason while the rest load.

Extraction is CPU-bound pure Python, so it runs in worker processes (both cores); the store
has one writer, this process, so writes never contend. Files go to the workers a few at a
time and at most ``IN_FLIGHT`` tasks are out at once, so memory stays bounded however many
files there are. Extracted documents are written ``BATCH`` at a time, one transaction each.
A catalogue file (``.yaml``) is ingested the same way (``graph.catalogue``).

The derived tables (merged instruments, identity links, inferred proposals) follow in one
of two ways with the same result (``graph.derived_tables``): a few documents into a large
graph update, in each batch's transaction, what those documents reach; a bulk load rebuilds
them once at the end (the store notes that they are behind until then, so a bulk load
killed before its end is finished by the next write: ``SqliteStore.derived_behind``). A bulk
load also writes without the indexes of claims and relations by instrument, made again at
its end (``SqliteStore.drop_indexes_for_bulk``; at the next opening if it was killed), and
its workers hand over each document as the rows the store writes (``graph.rows.DocumentRows``),
so that this process, the one writer, only inserts.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from graph.catalogue import CatalogueError, catalogue_facts, is_catalogue
from graph.facts import document_facts
from graph.model import DocumentFacts
from graph.rows import DocumentRows, document_rows
from graph.sqlite_store import ReplaceResult, SqliteStore
from loaders.extract import extract_path
from loaders.models import Extraction
from loaders.readers import ReaderError


class NumberTaken(ReaderError):
    """A document read well whose key is another stored document's (``SqliteStore._number_taken``)."""


@dataclass(frozen=True)
class Ingested:
    """One document stored: what it asserts, what changed, what the extractor warned of;
    ``replaced`` when the graph held an earlier version of the document."""

    facts: DocumentFacts
    outcome: ReplaceResult
    warnings: tuple[str, ...]
    added: tuple[str, ...]
    replaced: bool


@dataclass
class IngestSummary:
    """What an ingest did, for the summary line and the exit status."""

    ingested: int = 0
    unchanged: int = 0
    warned: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def warnings(self) -> int:
        return len(self.warned)


Extracted = tuple[Path, DocumentFacts | DocumentRows | None, tuple[str, ...], str | None]


def _extract(path: Path, as_rows: bool = False) -> Extracted:
    """One file's facts (``as_rows``: as the rows the store writes, for a bulk load), or the
    reason it cannot be stored. Runs in a worker: whatever goes wrong with one file is that
    file's failure, never the end of the whole ingest."""
    try:
        warnings: tuple[str, ...] = ()
        if is_catalogue(path):
            facts = catalogue_facts(path)
        else:
            ex = _with_text(extract_path(path), path)
            facts, warnings = document_facts(ex), ex.warnings
        return path, document_rows(facts) if as_rows else facts, warnings, None
    except (ReaderError, CatalogueError) as err:
        return path, None, (), err.reason
    except (RecursionError, MemoryError, ValueError, LookupError, TypeError, ArithmeticError) as err:
        return path, None, (), f"could not be extracted ({type(err).__name__}: {err}); please report this file"


#: Documents written per transaction.
BATCH = 200
#: Files per task sent to a worker, and tasks out at once per worker: enough that the workers
#: keep extracting while this process writes a batch (at 4, they waited on most batches).
PER_TASK = 8
IN_FLIGHT = 32
#: A change of fewer documents than this share of the graph updates the derived tables
#: incrementally; more rebuilds them (a bulk load is cheaper to derive in one pass).
INCREMENTAL_SHARE = 0.05


def ingest(
    paths: Iterable[Path],
    store: SqliteStore,
    workers: int = 2,
    on_done: Callable[[Path], None] | None = None,
    batch: int = BATCH,
) -> IngestSummary:
    """Extract and store every document of ``paths``, ``batch`` per transaction; failures are
    listed, not raised."""
    summary = IngestSummary()
    items = list(paths)
    stored = store.counts()["documents"]
    incremental = len(items) < max(50, INCREMENTAL_SHARE * stored)
    if not incremental:
        store.drop_indexes_for_bulk()
    pending: list[DocumentFacts | DocumentRows] = []
    for result in _extracted(items, workers, as_rows=not incremental):
        path, facts, warnings, error = result
        if facts is None:
            summary.failed.append((str(path), error or "unknown error"))
        else:
            summary.warned += [(str(path), w) for w in warnings]
            pending.append(facts)
        if len(pending) >= batch:
            _write(pending, store, summary, incremental)
        if on_done:
            on_done(path)
    _write(pending, store, summary, incremental)
    if store.derived_behind():  # this bulk load's, or one killed before it rebuilt them
        store.rebuild_derived()  # which makes the dropped indexes again beside its reading
    else:
        store.restore_indexes()
    summary.counts = store.counts()
    return summary


def _extracted(items: list[Path], workers: int, as_rows: bool) -> Iterator[Extracted]:
    """Each file's extraction, in the order given; in ``workers`` processes when more than one."""
    if workers <= 1 or len(items) <= 1:
        yield from (_extract(p, as_rows) for p in items)
        return
    tasks = [items[i:i + PER_TASK] for i in range(0, len(items), PER_TASK)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque[Future[list[Extracted]]] = deque()
        for task in tasks:
            pending.append(pool.submit(_extract_all, task, as_rows))
            if len(pending) >= workers * IN_FLIGHT:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _extract_all(paths: list[Path], as_rows: bool) -> list[Extracted]:
    return [_extract(p, as_rows) for p in paths]


def _write(batch: list[DocumentFacts | DocumentRows], store: SqliteStore, summary: IngestSummary,
           incremental: bool) -> None:
    """Write ``batch`` (one transaction) and empty it: facts, updating the derived rows they
    reach, in an incremental ingest; rows made by the workers in a bulk load."""
    if not batch:
        return
    if incremental:
        outcomes = store.replace_documents([f for f in batch if isinstance(f, DocumentFacts)], derive=True)
    else:
        outcomes = store.write_rows([r for r in batch if isinstance(r, DocumentRows)])
    for facts, outcome in zip(batch, outcomes, strict=True):
        if outcome.refused:
            summary.failed.append((facts.source, outcome.refused))
            continue
        summary.unchanged += outcome.unchanged
        summary.ingested += not outcome.unchanged
    batch.clear()


def _with_text(ex: Extraction, path: Path) -> Extraction:
    """``ex``, unless its document has no text: then nothing is stored (it would only add an
    untitled, undated node), and the reader's warnings say why (an empty file …)."""
    if not ex.text.strip():
        raise ReaderError(path, "no text to ingest" + (f" ({'; '.join(ex.warnings)})" if ex.warnings else ""))
    return ex


def ingest_file(path: Path, store: SqliteStore, source: str | None = None) -> Ingested:
    """Extract and store one document now (an upload); raises ``ReaderError`` and stores
    nothing when it cannot be read (``NumberTaken`` when its key is another document's).
    ``added`` lists the instruments new to the graph."""
    ex = _with_text(extract_path(path, source), path)
    facts = document_facts(ex)
    before = set(store.nodes([store.canonical(i.key) for i in facts.instruments]))
    replaced = store.document(facts.document) is not None
    outcome = store.replace_document(facts, derive=True)
    if outcome.refused:
        raise NumberTaken(path, outcome.refused)
    added = tuple(k for k in dict.fromkeys(store.canonical(i.key) for i in facts.instruments)
                  if k not in before and store.node(k) is not None)
    return Ingested(facts, outcome, ex.warnings, added, replaced)
