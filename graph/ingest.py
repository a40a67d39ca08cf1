"""Ingest documents into a store: extract in parallel, write each document in its own
transaction, list every failure with its reason while the rest load.

Extraction is CPU-bound pure Python, so it runs in worker processes (both cores); the store
has one writer, this process, so writes never contend. A catalogue file (``.yaml``) is
ingested the same way (``graph.catalogue``). After the documents, the derived tables (merged
instruments, identity links, inferred proposals) are rebuilt once, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from graph.catalogue import CatalogueError, catalogue_facts, is_catalogue
from graph.facts import document_facts
from graph.model import DocumentFacts
from graph.sqlite_store import ReplaceResult, SqliteStore
from loaders.extract import extract_path
from loaders.models import Extraction
from loaders.readers import ReaderError


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


Extracted = tuple[Path, DocumentFacts | None, tuple[str, ...], str | None]


def _extract(path: Path) -> Extracted:
    """One file's facts, or the reason it cannot be stored. Runs in a worker: whatever goes
    wrong with one file is that file's failure, never the end of the whole ingest."""
    try:
        if is_catalogue(path):
            return path, catalogue_facts(path), (), None
        ex = _with_text(extract_path(path), path)
        return path, document_facts(ex), ex.warnings, None
    except (ReaderError, CatalogueError) as err:
        return path, None, (), err.reason
    except (RecursionError, MemoryError, ValueError, LookupError, TypeError, ArithmeticError) as err:
        return path, None, (), f"could not be extracted ({type(err).__name__}: {err}); please report this file"


def ingest(
    paths: Iterable[Path],
    store: SqliteStore,
    workers: int = 2,
    on_done: Callable[[Path], None] | None = None,
) -> IngestSummary:
    """Extract and store every document of ``paths``; failures are listed, not raised."""
    summary = IngestSummary()
    items = list(paths)
    if workers > 1 and len(items) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = pool.map(_extract, items, chunksize=4)
            for result in results:
                _store(result, store, summary, on_done)
    else:
        for item in items:
            _store(_extract(item), store, summary, on_done)
    store.rebuild_derived()
    summary.counts = store.counts()
    return summary


def _with_text(ex: Extraction, path: Path) -> Extraction:
    """``ex``, unless its document has no text: then nothing is stored (it would only add an
    untitled, undated node), and the reader's warnings say why (an empty file …)."""
    if not ex.text.strip():
        raise ReaderError(path, "no text to ingest" + (f" ({'; '.join(ex.warnings)})" if ex.warnings else ""))
    return ex


def _store(
    result: Extracted,
    store: SqliteStore,
    summary: IngestSummary,
    on_done: Callable[[Path], None] | None,
) -> None:
    path, facts, warnings, error = result
    if facts is None:
        summary.failed.append((str(path), error or "unknown error"))
    else:
        outcome = store.replace_document(facts)
        summary.unchanged += outcome.unchanged
        summary.ingested += not outcome.unchanged
        summary.warned += [(str(path), w) for w in warnings]
    if on_done:
        on_done(path)


def ingest_file(path: Path, store: SqliteStore, source: str | None = None) -> Ingested:
    """Extract and store one document now (an upload); raises ``ReaderError`` and stores
    nothing when it cannot be read. ``added`` lists the instruments new to the graph."""
    ex = _with_text(extract_path(path, source), path)
    facts = document_facts(ex)
    before = set(store.nodes([store.canonical(i.key) for i in facts.instruments]))
    replaced = store.document(facts.document) is not None
    outcome = store.replace_document(facts)
    if not outcome.unchanged:
        store.rebuild_derived()
    added = tuple(k for k in dict.fromkeys(store.canonical(i.key) for i in facts.instruments)
                  if k not in before and store.node(k) is not None)
    return Ingested(facts, outcome, ex.warnings, added, replaced)
