"""The embedded store: one SQLite file, WAL mode, one transaction per batch of documents.

``replace_documents`` deletes what each document asserted before and writes what it asserts
now, for a batch of documents in one ``BEGIN IMMEDIATE`` transaction, with the derived rows
they reach brought up to date in the same transaction (``graph.derived_tables``): a reader
sees the old facts or the new ones, never a mix, and a failure leaves the old ones. The same
input twice changes nothing.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from graph import claims, derived_tables
from graph.derive import Derived
from graph.model import Agency, DocumentFacts, Evidence, FactSource, Instrument, Relation, StoredDocument
from graph.rows import NODE_COLUMNS as _NODE_COLUMNS
from graph.rows import DocumentRows, chunks, document_rows, unpacked
from graph.rows import node_row as _node
from graph.schema import (
    DECIDE_AFTER,
    FOLDED_KEY,
    MIGRATIONS,
    NAMES_OF,
    REBUILD_AFTER,
    REINDEX_AGENCIES_AFTER,
    RESEARCH_AFTER,
    STORE_WORDS_AFTER,
    statements,
)
from graph.search import Match
from graph.search import Row as SearchRow
from graph.store import StoreError
from loaders.text import fold

DEFAULT_DB = Path(".vbgraph") / "graph.db"
#: How many of the newest nodes a search reads from the index by date before it sorts the
#: rest of a tier (``SqliteStore.search_rows``).
NEWEST_WINDOW = 1024
#: Proposals come after every asserted relation in the store's order (``statements``).
PROPOSAL_SEQ = 1 << 40
#: Page cache of a writing connection: index pages of a large graph stay in memory while a bulk
#: load inserts into them at random places (SQLite's default is 2 MiB).
WRITE_CACHE_KIB = 256 * 1024
#: Indexes a bulk load drops and makes again at its end (``SqliteStore.drop_indexes_for_bulk``).
#: The claims' index by instrument, which a rebuild's merging reads by.
CLAIMS_BY_KEY = "instrument_claims_by_key"
#: The indexes by document it drops too: replacing a stored document deletes by them, so they
#: are made again first when it replaces one (``SqliteStore._replace``).
BY_DOCUMENT = ("relations_by_document", "sentences_by_document", "fact_sources_by_document")
BULK_INDEXES = (CLAIMS_BY_KEY, "relations_for_downstream", "relations_for_upstream", "relations_issued",
                "fact_sources_by_key", "agency_claims_by_name", *BY_DOCUMENT)
_DROPPED = "dropped index "
#: Pages the write-ahead log may grow to between checkpoints during a bulk load (256 MiB;
#: SQLite's default is 1 000, 4 MiB). Each commit appends every page it changed, and each
#: checkpoint writes every page in the log back into the file: with checkpoints further apart
#: a page changed by many batches is written back once. 50 000 documents wrote 3.32 GB with
#: the default and 2.51 GB with this, in the same run (``benchmarks/ingest_scale.py``).
BULK_CHECKPOINT_PAGES = 65536
DEFAULT_CHECKPOINT_PAGES = 1000
#: Helper threads SQLite may start to sort for one statement, which a bulk load's indexes use
#: (SQLite's default is none). The tail of a million-document store took 487.3 s with them and
#: 528.6 s without, one run each; 50 000 documents: 16.3 and 16.5 s against 18.1 and 17.0 s.
SORT_THREADS = 2
#: The log's file is cut back to this after a checkpoint (bytes), so that a bulk load does
#: not leave a 256 MiB file beside the store.
WAL_SIZE_LIMIT = 64 * 1024 * 1024
#: How long a writer waits for another process's write transaction (seconds) before it gives up
#: with ``StoreBusy``: an upload at a million documents holds the lock for up to a minute.
BUSY_SECONDS = 30.0
#: The order proposals are listed in: strongest first (the same however they were computed).
_PROPOSAL_ORDER = "score DESC, source, target"


class StoreBusy(StoreError):
    """Another process held the store's write lock for longer than a writer waits; nothing
    was written by the writer that gave up."""


@dataclass(frozen=True)
class ReplaceResult:
    """What one ingest changed: relations removed and added; unchanged when the digest matched;
    ``refused`` (why) when the document was not stored (``number_taken``)."""

    document: str
    unchanged: bool
    removed: int
    added: int
    refused: str | None = None


class SqliteStore:
    """The graph in a SQLite file. Open with ``SqliteStore(path)``; close with ``close()``.

    ``readonly=True`` is how the HTTP server reads: the file must exist with the current
    schema (no migration, no creation), the connection refuses every write
    (``PRAGMA query_only``), and it may be handed from thread to thread (one user at a time:
    ``api.stores.StorePool``). ``snapshot()`` gives a reader one consistent view while an
    ingest commits beside it.
    """

    def __init__(self, path: Path | str, *, readonly: bool = False, busy_seconds: float | None = None) -> None:
        """``busy_seconds``: how long a write waits for another writer (``BUSY_SECONDS``)."""
        self.path = Path(path)
        self.busy_seconds = BUSY_SECONDS if busy_seconds is None else busy_seconds
        if readonly:
            if not self.path.is_file():
                raise StoreError(f"no graph at {self.path}")
            self.db = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
            if self.schema_version != len(MIGRATIONS):
                version = self.schema_version
                self.db.close()
                raise StoreError(f"{self.path} has schema version {version}, this vbgraph reads "
                                 f"{len(MIGRATIONS)}: open it once for writing (`vbgraph ingest`) to upgrade")
            self.db.execute("PRAGMA query_only = ON")
            return
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # one thread at a time, but not always this one: a rebuild makes indexes in a thread
        # beside its Python (``graph.beside``)
        self.db = sqlite3.connect(str(path), timeout=self.busy_seconds, isolation_level=None, check_same_thread=False)
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            self._wal()
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KIB}")
            self.db.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}")
            self.db.execute(f"PRAGMA threads = {SORT_THREADS}")
            self.restore_indexes()
            self._migrate()
        except BaseException:
            self.db.close()
            raise

    def _wal(self) -> None:
        """WAL mode (it stays with the file). Switching needs the file to itself, and SQLite
        answers "locked" at once rather than waiting: another process opening the new file at
        the same moment is waited for here."""
        for attempt in range(300):
            try:
                if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self.db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or attempt == 299:
                    raise
                time.sleep(0.1)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One write transaction (``BEGIN IMMEDIATE``): committed at the block's end, rolled
        back whatever interrupts it (a failed commit too). ``StoreBusy`` when another process
        keeps the write lock past ``busy_seconds``."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) and "busy" not in str(err):
                raise
            raise StoreBusy(f"{self.path}: another process has been writing to the store for over "
                            f"{self.busy_seconds:g} s; nothing was written, try again when it is done") from None
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    @contextmanager
    def snapshot(self) -> Iterator[SqliteStore]:
        """Every read inside sees the store as one commit left it (a WAL read transaction)."""
        self.db.execute("BEGIN")
        try:
            yield self
        finally:
            self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        """Apply the migrations the file lacks, and rebuild the derived tables when one of them
        asks for it, all in one transaction: a crash leaves the old version whole. The version
        is read again under the write lock: two processes opening a new file at once must not
        both create its tables."""
        if self.schema_version >= len(MIGRATIONS):
            return
        with self._writing():
            start = self.schema_version
            for script in MIGRATIONS[start:]:
                for statement in statements(script):
                    self.db.execute(statement)
            applied = set(range(start + 1, len(MIGRATIONS) + 1))
            if start and REBUILD_AFTER & applied:
                derived_tables.rebuild(self.db)
            else:
                if start and REINDEX_AGENCIES_AFTER & applied:
                    derived_tables.index_agencies(self.db, None)
                if start and STORE_WORDS_AFTER & applied:
                    derived_tables.store_words(self.db)
                if start and DECIDE_AFTER & applied:
                    claims.decide(self.db, None)
                if start and RESEARCH_AFTER & applied:
                    derived_tables.research(self.db)
            self.db.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")

    def replace_document(self, facts: DocumentFacts, derive: bool = False) -> ReplaceResult:
        """Replace everything ``facts.document`` asserted, atomically (``replace_documents``)."""
        return self.replace_documents([facts], derive)[0]

    def replace_documents(self, batch: Sequence[DocumentFacts], derive: bool = False) -> list[ReplaceResult]:
        """Replace everything each document of ``batch`` asserted, in one transaction. With
        ``derive``, the derived rows the changed documents reach are updated in the same
        transaction; without, the caller rebuilds them (``rebuild_derived``) after a bulk load.
        A document listed twice: the last version wins."""
        return self._replace([(document_rows(f), f if derive else None) for f in batch], derive)

    def write_rows(self, batch: Sequence[DocumentRows]) -> list[ReplaceResult]:
        """``replace_documents`` without ``derive``, of documents already made into rows (a
        bulk load's workers make them: ``graph.ingest``)."""
        return self._replace([(rows, None) for rows in batch], False)

    def _replace(self, batch: list[tuple[DocumentRows, DocumentFacts | None]], derive: bool) -> list[ReplaceResult]:
        results = []
        with self._writing():
            keys: set[str] = set()
            agencies: set[str] = set()
            fresh: dict[str, DocumentFacts] = {}
            replaced: set[str] = set()
            for rows, facts in batch:
                row = self.db.execute("SELECT digest FROM documents WHERE key = ?", (rows.document,)).fetchone()
                if row and row[0] == rows.digest:
                    results.append(ReplaceResult(rows.document, True, 0, 0))
                    continue
                if row and (taken := self._number_taken(rows)):
                    results.append(ReplaceResult(rows.document, False, 0, 0, taken))
                    continue
                if row:  # deleted by document, as is what it asserted: by the indexes a bulk load drops
                    for name in BY_DOCUMENT:
                        self._recreate_dropped(f"{_DROPPED}{name}")
                removed = self.db.execute(
                    "SELECT count(*) FROM relations WHERE document = ?", (rows.document,)).fetchone()[0] if row else 0
                if derive and facts is not None:
                    keys |= {r[0] for r in self.db.execute(
                        "SELECT key FROM instrument_claims WHERE document = ?", (facts.document,))}
                    keys |= {i.key for i in facts.instruments}
                    if row is None:  # a new document only adds: its agencies are updated by difference
                        fresh[facts.document] = facts
                    else:
                        fresh.pop(facts.document, None)
                        replaced.add(facts.document)
                        agencies |= {r[0] for r in self.db.execute(
                            "SELECT name FROM agency_claims WHERE document = ? UNION SELECT target FROM relations"
                            " WHERE document = ? AND kind = 'issued_by'", (facts.document, facts.document))}
                        agencies |= {a.name for a in facts.agencies}
                        agencies |= {r.target for r in facts.relations if r.kind == "issued_by"}
                self.db.execute("DELETE FROM documents WHERE key = ?", (rows.document,))
                self._write(rows)
                results.append(ReplaceResult(rows.document, False, int(removed), len(rows.relations)))
            if keys and self.derived_behind():
                self._recreate_dropped()
                derived_tables.rebuild(self.db)
                self.db.execute("DELETE FROM state WHERE name = 'derived'")
            elif keys:
                derived_tables.update(self.db, keys, agencies, list(fresh.values()), replaced)
            elif not derive and not all(r.unchanged for r in results):
                self.db.execute("INSERT OR REPLACE INTO state (name, value) VALUES ('derived', 'behind')")
        return results

    def _number_taken(self, rows: DocumentRows) -> str | None:
        """Why ``facts`` may not replace the stored document of its key, if it may not: another
        file, issued on another day, is another instrument. A central number without its year
        (``1/QĐ-TTg``, ``912/LĐTBXH-BĐG``) recurs every year, and the graph keys it by the
        number alone (``loaders.identity``), so the second decision of a number would silently
        take the place of the first; it is refused instead, and the first is kept whole. The
        same file again, or a new version of it dated the same, replaces as before."""
        stored = self.db.execute(
            "SELECT d.source, c.date_issued FROM documents d LEFT JOIN instrument_claims c"
            " ON c.document = d.key AND c.key = d.key WHERE d.key = ?", (rows.document,)).fetchone()
        if stored is None or stored[0] == rows.source or not stored[1] or rows.issued is None \
                or stored[1] == rows.issued:
            return None
        return (f"its number {rows.document} is already the key of {stored[0]}, issued {stored[1]}, and this "
                f"one is issued {rows.issued}: a number without its year recurs each year, and the graph "
                "keys it by the number alone, so this document was not stored (the other is kept)")

    def derived_behind(self) -> bool:
        """Whether documents were written without their derived rows (a bulk load not finished):
        then the next write rebuilds them (``graph.ingest`` too)."""
        return self.db.execute("SELECT 1 FROM state WHERE name = 'derived'").fetchone() is not None

    def _write(self, rows: DocumentRows) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        key = rows.document
        self.db.execute(
            "INSERT INTO documents (key, source, digest, ingested_at, extraction, text) VALUES (?, ?, ?, ?, ?, ?)",
            (key, rows.source, rows.digest, now, rows.extraction, rows.text))
        self.db.executemany(
            "INSERT INTO instrument_claims (document, key, number, type, issuer, date_issued, title,"
            " synthetic, local, aliases, date_in_force, date_no_longer_in_force, status)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [(key, *r) for r in rows.claims])
        self.db.executemany(
            'INSERT INTO fact_sources (document, key, field, value, origin, quote, start, "end")'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [(key, *r) for r in rows.fact_sources])
        self.db.executemany(
            "INSERT INTO agency_claims (document, name, level, parent, abbreviations) VALUES (?, ?, ?, ?, ?)",
            [(key, *r) for r in rows.agencies])
        # a preamble sentence citing six instruments is stored once
        ids = [self.db.execute("INSERT INTO sentences (document, text) VALUES (?, ?)", (key, text)).lastrowid
               for text in rows.sentences]
        self.db.executemany(
            'INSERT INTO relations (document, source, target, kind, method, start, "end", sentence_id, score, reasons,'
            " origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(key, *r[:6], None if r[6] is None else ids[r[6]], *r[7:])  # type: ignore[index]
             for r in rows.relations])

    def document_keys(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT key FROM documents ORDER BY key")]

    def documents(self, offset: int = 0, limit: int | None = None) -> tuple[int, list[StoredDocument]]:
        """The ingested documents by key (without their extraction): the total and one page."""
        total = int(self.db.execute("SELECT count(*) FROM documents").fetchone()[0])
        rows = self.db.execute(
            f"SELECT {_DOCUMENT_COLUMNS}, NULL FROM documents d ORDER BY key LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset))
        return total, [_document(r) for r in rows]

    def document(self, key: str) -> StoredDocument | None:
        """One ingested document with the extraction it was stored from."""
        row = self.db.execute(
            f"SELECT {_DOCUMENT_COLUMNS}, extraction FROM documents d WHERE key = ?", (key,)).fetchone()
        return _document(row) if row else None

    def document_text(self, key: str) -> str | None:
        """The text of an ingested document, which its evidence spans point into."""
        row = self.db.execute("SELECT text FROM documents WHERE key = ?", (key,)).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    def instrument(self, key: str) -> Instrument | None:
        """The instrument under exactly ``key`` as its claims state it (before identity
        resolution; ``node`` gives the merged, canonical one). Same precedence as ``derive``."""
        return derived_tables.raw_instrument(self.db, key)

    def agency(self, name: str) -> Agency | None:
        """The agency ``name``, its claims merged (``agency_index``, schema 14)."""
        row = self.db.execute("SELECT level, parent, abbreviations FROM agency_index WHERE name = ?",
                              (name,)).fetchone()
        return Agency(name, row[0], row[1], tuple(json.loads(row[2]))) if row else None

    def agencies(self) -> list[tuple[Agency, int]]:
        """Every agency by name, with how many instruments it issued (canonical, counted once)."""
        return [(Agency(r[0], r[1], r[2], tuple(json.loads(r[3]))), int(r[4])) for r in self.db.execute(
            "SELECT name, level, parent, abbreviations, issued FROM agency_index ORDER BY name")]

    def issued(self, agency: str, offset: int = 0, limit: int | None = None) -> list[Instrument]:
        """The instruments ``agency`` issued, newest first (undated last, by key within a day),
        from ``offset``, ``limit`` of them. An agency that issued a large part of the graph (the
        Prime Minister: every twelfth instrument) is read in date order, each node checked, up
        to the page's end; another's few instruments are gathered from its relations and
        sorted (``relations_issued``, schema 15)."""
        row = self.db.execute("SELECT issued FROM agency_index WHERE name = ?", (agency,)).fetchone()
        share = (row[0] if row else 0) / max(1, self.counts_of_nodes())
        if limit is not None and share and (offset + limit) / share < 50_000:
            sql = (f"SELECT n.key FROM nodes n INDEXED BY nodes_newest WHERE {_ISSUED_BY} ORDER BY n.date_issued DESC,"
                   " n.key LIMIT :limit OFFSET :offset")
        else:
            sql = ("SELECT n.key FROM nodes n WHERE n.key IN (SELECT coalesce(i.key, r.source) FROM relations r"
                   " INDEXED BY relations_issued LEFT JOIN identities i ON i.alias = r.source"
                   " WHERE r.target = :agency AND r.kind = 'issued_by')"
                   " ORDER BY n.date_issued DESC, n.key LIMIT :limit OFFSET :offset")
        keys = [r[0] for r in self.db.execute(
            sql, {"agency": agency, "limit": -1 if limit is None else limit, "offset": offset})]
        found = self.nodes(keys)
        return [found[k] for k in keys]

    def counts_of_nodes(self) -> int:
        """How many nodes there are (``node_groups``: not counted one by one)."""
        return int(self.db.execute("SELECT coalesce(sum(nodes), 0) FROM node_groups").fetchone()[0])

    def relations(self, *, source: str | None = None, target: str | None = None,
                  kinds: tuple[str, ...] = ()) -> list[Relation]:
        """Relations by source and/or target, optionally of some kinds, in a stable order."""
        where, args = [], []
        if source is not None:
            where.append("source = ?")
            args.append(source)
        if target is not None:
            where.append("target = ?")
            args.append(target)
        if kinds:
            where.append(f"kind IN ({', '.join('?' * len(kinds))})")
            args.extend(kinds)
        sql = ('SELECT source, target, kind, r.document, method, start, "end", coalesce(sentence, st.text), score,'
               f" reasons, origin FROM relations r {_SENTENCE_JOIN}")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY r.id"
        return [Relation(r[0], r[1], r[2], Evidence(r[3], r[4], r[5], r[6], r[7], r[8], tuple(json.loads(r[9])),
                                                    r[10]))
                for r in self.db.execute(sql, args)]

    def counts(self) -> dict[str, int]:
        """Documents, instruments (after identity resolution), agencies, relations, proposals."""
        q = {
            "documents": "SELECT count(*) FROM documents",
            "instruments": "SELECT coalesce(sum(nodes), 0) FROM node_groups",
            "agencies": "SELECT count(*) FROM agency_index",
            "relations": "SELECT count(*) FROM relations",
            "merged": "SELECT count(*) FROM identities",
            "proposals": "SELECT count(*) FROM proposals",
        }
        return {k: int(self.db.execute(sql).fetchone()[0]) for k, sql in q.items()}

    # -- bulk loads -------------------------------------------------------------------------

    def drop_indexes_for_bulk(self) -> None:
        """Drop the indexes of asserted rows by instrument, agency and relation end
        (``BULK_INDEXES``) for a bulk load, noting each in ``state`` to be made again
        (``restore_indexes``: at the load's end, or at the next opening for writing if it was
        killed). Each document's rows land at random places in them: at a million documents
        that cost the writer most of its time, and sorting each once at the end costs little.
        The indexes by document go too (``BY_DOCUMENT``; a bulk load writes each document's rows
        in the order of its files, not of the documents' keys), and are made again as soon as
        the load replaces a stored document, which is deleted by them. The unique keys of
        claims and agency claims by document stay: they are constraints. Until the load ends
        (``restore_indexes`` or ``rebuild_derived``) this connection checkpoints the log every
        ``BULK_CHECKPOINT_PAGES`` pages."""
        self.db.execute(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")
        with self._writing():
            for name, sql in self.db.execute(
                    f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN"
                    f" ({', '.join('?' * len(BULK_INDEXES))})", BULK_INDEXES).fetchall():
                self.db.execute("INSERT INTO state (name, value) VALUES (?, ?)", (f"{_DROPPED}{name}", sql))
                self.db.execute(f"DROP INDEX {name}")

    def restore_indexes(self) -> None:
        """Make again the indexes a bulk load dropped (``drop_indexes_for_bulk``), if any."""
        try:
            dropped = self.db.execute("SELECT name, value FROM state WHERE name LIKE ?", (f"{_DROPPED}%",)).fetchall()
        except sqlite3.OperationalError:  # a new file, or one from before the state table
            return
        if dropped:
            with self._writing():
                self._recreate_dropped()
        self._checkpoint_as_usual()

    def _checkpoint_as_usual(self) -> None:
        """Back to SQLite's checkpoint interval after a bulk load, with the log written back
        now, as far as readers allow (its file is cut back to ``WAL_SIZE_LIMIT`` when SQLite
        next starts it over)."""
        if self.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] != DEFAULT_CHECKPOINT_PAGES:
            self.db.execute(f"PRAGMA wal_autocheckpoint = {DEFAULT_CHECKPOINT_PAGES}")
            self.db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()

    def _recreate_dropped(self, only: str | None = None) -> None:
        """``restore_indexes`` within the caller's transaction (``only``: that index's row)."""
        chosen = ("name = ?", only) if only else ("name LIKE ?", f"{_DROPPED}%")
        for name, sql in self.db.execute(f"SELECT name, value FROM state WHERE {chosen[0]}", (chosen[1],)).fetchall():
            self.db.execute(sql)
            self.db.execute("DELETE FROM state WHERE name = ?", (name,))

    # -- derived tables -------------------------------------------------------------------

    def rebuild_derived(self) -> Derived:
        """Recompute nodes, identity links and proposals from the asserted rows, atomically.

        The indexes a bulk load dropped are made again in the same transaction, in a thread
        beside the derivation's reading and merging (``derived_tables.rebuild``), which reads
        through a second connection: all but the claims' index by instrument, which that
        reading goes by, made first (at 100 000 documents, 1.3 s of the 5.8 s the indexes take)."""
        self._restore_first(CLAIMS_BY_KEY)
        with self._writing(), self._reading() as reads:
            derived = derived_tables.rebuild(self.db, reads, self._recreate_dropped)
            self.db.execute("DELETE FROM state WHERE name = 'derived'")
        self._checkpoint_as_usual()
        return derived

    def _restore_first(self, name: str) -> None:
        """The dropped index ``name`` made again (and committed) before the others."""
        dropped = f"{_DROPPED}{name}"
        if self.db.execute("SELECT 1 FROM state WHERE name = ?", (dropped,)).fetchone() is None:
            return
        with self._writing():
            self._recreate_dropped(dropped)

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection | None]:
        """A second connection to this file in a read transaction, begun now: inside the
        caller's write transaction, it reads what this connection did before writing. None for
        a store in memory (no second connection sees it)."""
        if str(self.path) == ":memory:":
            yield None
            return
        reads = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        try:
            reads.execute("BEGIN")
            reads.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot is taken at a first read
            yield reads
        finally:
            reads.close()

    # -- reads for the queries (graph.queries) ------------------------------------------

    def node(self, key: str) -> Instrument | None:
        """The merged instrument under its canonical ``key`` (after identity resolution)."""
        row = self.db.execute(f"SELECT {_NODE_COLUMNS} FROM nodes WHERE key = ?", (key,)).fetchone()
        return _node(row) if row else None

    def nodes(self, keys: list[str]) -> dict[str, Instrument]:
        out: dict[str, Instrument] = {}
        for chunk in chunks(keys):
            marks = ", ".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT {_NODE_COLUMNS} FROM nodes WHERE key IN ({marks})", chunk):
                out[row[0]] = _node(row)
        return out

    def all_nodes(self) -> list[Instrument]:
        return [_node(r) for r in self.db.execute(f"SELECT {_NODE_COLUMNS} FROM nodes ORDER BY key")]

    def newest(self, offset: int = 0, limit: int | None = 20) -> tuple[int, list[Instrument]]:
        """How many nodes there are, and one page of them newest first (undated last), by key
        within a day: read in the order of an index, however many there are."""
        rows = self.db.execute(f"SELECT {_NODE_COLUMNS} FROM nodes ORDER BY date_issued DESC, key LIMIT ? OFFSET ?",
                               (-1 if limit is None else limit, offset))
        return self.counts_of_nodes(), [_node(r) for r in rows]

    def canonical(self, key: str) -> str:
        row = self.db.execute("SELECT key FROM identities WHERE alias = ?", (key,)).fetchone()
        return str(row[0]) if row else key

    def identity(self, alias: str) -> tuple[str, str, str] | None:
        """(key, rule, reason) when ``alias`` was merged into another instrument."""
        row = self.db.execute("SELECT key, rule, reason FROM identities WHERE alias = ?", (alias,)).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def members(self, key: str) -> list[str]:
        """``key`` and every provisional key merged into it."""
        return [key, *(r[0] for r in self.db.execute(
            "SELECT alias FROM identities WHERE key = ? ORDER BY alias", (key,)))]

    def aliases(self) -> list[tuple[str, str | None, str | None, str | None, tuple[str, ...]]]:
        """Every key merged into another (alias, key, rule, reason, ()) and every ambiguous
        one (alias, None, None, None, candidates), by alias: what a sync copies."""
        rows = self.db.execute("SELECT alias, key, rule, reason FROM identities")
        out: dict[str, tuple[str, str | None, str | None, str | None, tuple[str, ...]]] = {
            r[0]: (r[0], r[1], r[2], r[3], ()) for r in rows}
        for alias, candidates in self.db.execute("SELECT alias, candidates FROM ambiguities"):
            known = out.get(alias, (alias, None, None, None, ()))
            out[alias] = (*known[:4], tuple(json.loads(candidates)))
        return [out[a] for a in sorted(out)]

    def search_texts(self) -> dict[str, str]:
        """Each node's folded search text (names, numbers, aliases; ``graph.derive``)."""
        return {str(k): str(t) for k, t in self.db.execute("SELECT key, search FROM nodes")}

    def ambiguity(self, alias: str) -> tuple[str, ...]:
        row = self.db.execute("SELECT candidates FROM ambiguities WHERE alias = ?", (alias,)).fetchone()
        return tuple(json.loads(row[0])) if row else ()

    def edges(self, key: str, direction: str, kinds: tuple[str, ...] = (),
              proposals: bool = True, limit: int | None = None) -> list[Relation]:
        """Relations out of (``out``) or into (``in``) ``key``, both ends canonical, asserted
        first, then proposals (method ``inferred``) when asked for; the first ``limit`` of them."""
        return self.edges_of([key], direction, kinds, proposals, limit)[key]

    def edges_of(self, keys: list[str], direction: str, kinds: tuple[str, ...] = (),
                 proposals: bool = True, limit: int | None = None) -> dict[str, list[Relation]]:
        """``edges`` of several keys in a few statements (a breadth-first walk asks for a whole
        level at once): each key's relations in the store's order, the first ``limit`` of each."""
        if limit is not None and len(keys) > 1:
            return {k: self.edges(k, direction, kinds, proposals, limit) for k in keys}
        out: dict[str, list[Relation]] = {k: [] for k in keys}
        owner = self._owners(out)
        end = "source" if direction == "out" else "target"
        kind_filter = f" AND r.kind IN ({', '.join('?' * len(kinds))})" if kinds else ""
        rows: list[tuple[object, ...]] = []
        for chunk in chunks(list(owner)):
            where = f"r.{end} IN ({', '.join('?' * len(chunk))}){kind_filter}"
            if limit is not None:  # the first ids from the index alone, then only those rows joined
                where = f"r.id IN (SELECT r.id FROM relations r WHERE {where} ORDER BY r.id LIMIT {int(limit)})"
            rows += self.db.execute(
                f"{_CANONICAL_RELATIONS.replace(' FROM relations', f', r.id, r.{end} FROM relations')}"
                f" WHERE {where}", [*chunk, *kinds]).fetchall()
        for r in sorted(rows, key=lambda r: int(r[11]))[:limit]:  # type: ignore[call-overload]
            out[owner[str(r[12])]].append(_relation(r))
        left = None if limit is None else limit - sum(len(v) for v in out.values())
        if proposals and (not kinds or "supersedes" in kinds) and (left is None or left > 0):
            for chunk in chunks(list(out)):
                for r in self.db.execute(
                        f"SELECT source, target, kind, score, reasons FROM proposals"
                        f" WHERE {end} IN ({', '.join('?' * len(chunk))}) ORDER BY {_PROPOSAL_ORDER}"
                        + ("" if left is None else f" LIMIT {int(left)}"), chunk):
                    out[str(r[0] if direction == "out" else r[1])].append(_proposal(r))
        return out

    def edge_count(self, key: str, direction: str, kinds: tuple[str, ...] = (), proposals: bool = True) -> int:
        """How many relations ``edges`` has for ``key`` without a limit, counted in the index."""
        owners = list(self._owners({key: []}))
        end = "source" if direction == "out" else "target"
        kind_filter = f" AND kind IN ({', '.join('?' * len(kinds))})" if kinds else ""
        total = sum(int(self.db.execute(
            f"SELECT count(*) FROM relations WHERE {end} IN ({', '.join('?' * len(chunk))}){kind_filter}",
            [*chunk, *kinds]).fetchone()[0]) for chunk in chunks(owners))
        if proposals and (not kinds or "supersedes" in kinds):
            total += int(self.db.execute(f"SELECT count(*) FROM proposals WHERE {end} = ?", (key,)).fetchone()[0])
        return total

    def _owners(self, keys: Iterable[str]) -> dict[str, str]:
        """Every raw end of a relation that stands for one of ``keys``: the key, and the
        provisional keys merged into it."""
        owner = {k: k for k in keys}
        for chunk in chunks(list(owner)):
            for alias, key in self.db.execute(
                    f"SELECT alias, key FROM identities WHERE key IN ({', '.join('?' * len(chunk))})", chunk):
                owner.setdefault(alias, key)
        return owner

    def reachable(self, key: str, direction: str, kinds: tuple[str, ...], proposals: bool = True) -> set[str]:
        """Every key a walk from ``key`` along ``kinds`` (``edges_of``'s relations, both ends
        canonical) reaches, ``key`` included, in one recursive statement: a chain of a few
        hundred proposals is then read in a handful of statements, not three per step."""
        end, other = ("source", "target") if direction == "out" else ("target", "source")
        kinds_in = ", ".join("?" * len(kinds))
        steps = [
            f"SELECT coalesce(oi.key, r.{other}) FROM reach JOIN relations r ON r.{end} = reach.k"
            f" AND r.kind IN ({kinds_in}) LEFT JOIN identities oi ON oi.alias = r.{other}",
            f"SELECT coalesce(oi.key, r.{other}) FROM reach JOIN identities ei ON ei.key = reach.k"
            f" JOIN relations r ON r.{end} = ei.alias AND r.kind IN ({kinds_in})"
            f" LEFT JOIN identities oi ON oi.alias = r.{other}",
        ]
        args: list[object] = [key, *kinds, *kinds]
        if proposals and "supersedes" in kinds:
            steps.append(f"SELECT p.{other} FROM reach JOIN proposals p ON p.{end} = reach.k")
        rows = self.db.execute(f"WITH RECURSIVE reach(k) AS (SELECT ? UNION {' UNION '.join(steps)})"
                               " SELECT k FROM reach", args)
        return {str(r[0]) for r in rows}

    def all_edges(self, proposals: bool = True) -> list[Relation]:
        """Every relation, canonical ends (for the networkx view and exports)."""
        return [r for _, r in self.statements(proposals)]

    def statements(self, proposals: bool = True) -> list[tuple[int, Relation]]:
        """Every relation with its place in the store's order (asserted by row id, then
        proposals after ``PROPOSAL_SEQ`` in their listing order): a number that stays put when
        other documents change, so a sync to another store rewrites only what changed
        (``graph.neo4j_sync``; a new proposal renumbers the weaker ones after it)."""
        out = [(int(r[11]), _relation(r)) for r in self.db.execute(
            f"{_CANONICAL_RELATIONS.replace(' FROM relations', ', r.id FROM relations')} ORDER BY r.id")]
        if proposals:
            out += [(PROPOSAL_SEQ + i, _proposal(r)) for i, r in enumerate(self.db.execute(
                f"SELECT source, target, kind, score, reasons FROM proposals ORDER BY {_PROPOSAL_ORDER}"))]
        return out

    def in_force_on(self, on: date, offset: int = 0, limit: int | None = None) -> list[Instrument]:
        """Nodes whose force began on or before ``on`` and had not ended by it, by start and key."""
        rows = self.db.execute(
            f"SELECT {_NODE_COLUMNS} FROM nodes WHERE {_IN_FORCE} ORDER BY date_in_force, key LIMIT ? OFFSET ?",
            (on.isoformat(), on.isoformat(), -1 if limit is None else limit, offset))
        return [_node(r) for r in rows]

    def groups(self) -> list[tuple[str | None, str | None, int]]:
        """Every (type, issuer) of the nodes and how many nodes have it (``node_groups``,
        schema 12): what a type or issuer filter is decided on."""
        return [(t or None, i or None, int(n)) for t, i, n in self.db.execute(
            "SELECT type, issuer, nodes FROM node_groups WHERE nodes > 0 ORDER BY type, issuer")]

    def listed(self, groups: list[tuple[str | None, str | None]] | None, order: str, *, on: date | None = None,
               stated_only: bool = False, year: int | None = None, offset: int = 0,
               limit: int | None = None) -> tuple[int, list[Instrument]]:
        """How many nodes of ``groups`` (every node: None) pass the conditions, and one page of
        them in ``order``: ``LIST_ORDERS`` (``in force``: by start and key; ``newest``: newest
        first, undated last, by key). Conditions: in force ``on`` a day, ``stated_only`` (entry
        into force stated, not assumed), issued in ``year``. Each group is read in order from
        its index (``nodes_group_in_force``, ``nodes_group_newest``) up to the page's end and the
        groups merged; the count of those in force on a day is each group's sum of its changes
        of force (``_group_in_force_count``), any other count reads the index entries, not the
        nodes."""
        where, args = [], []
        if on is not None:
            where.append(_IN_FORCE)
            args += [on.isoformat(), on.isoformat()]
        if stated_only:
            where.append("in_force_basis = 'stated'")
        if year is not None:
            where.append("date_issued >= ? AND date_issued < ?")
            args += [f"{year:04d}-01-01", f"{year + 1:04d}-01-01"]
        columns, ordered, index, by = _LIST_ORDERS[order]
        end = None if limit is None else offset + limit
        if groups is None:
            cond = " AND ".join(where) or "1"
            if where == [_IN_FORCE]:
                total = self.in_force_count(on)  # type: ignore[arg-type]
            else:
                total = int(self.db.execute(f"SELECT count(*) FROM nodes WHERE {cond}", args).fetchone()[0])
            keys = [r[1] for r in self.db.execute(f"SELECT {columns} FROM nodes WHERE {cond} ORDER BY {ordered}"
                                                  " LIMIT ? OFFSET ?", [*args, -1 if limit is None else limit, offset])]
        else:
            cond = " AND ".join(["issuer IS ? AND type IS ?", *where])
            total, runs = 0, []
            for kind, issuer in groups:
                given = [issuer, kind, *args]
                if where == [_IN_FORCE]:
                    total += self._group_in_force_count(kind, issuer, on)  # type: ignore[arg-type]
                else:
                    total += int(self.db.execute(f"SELECT count(*) FROM nodes INDEXED BY {index} WHERE {cond}",
                                                 given).fetchone()[0])
                runs.append(self.db.execute(f"SELECT {columns} FROM nodes INDEXED BY {index} WHERE {cond}"
                                            f" ORDER BY {ordered} LIMIT ?", [*given, -1 if end is None else end]))
            keys = [r[1] for r in islice(heapq.merge(*runs, key=by), offset, end)]
        found = self.nodes(keys)
        return total, [found[k] for k in keys]

    def in_force_count(self, on: date) -> int:
        """How many nodes ``in_force_on`` lists: the changes of force of the years before
        ``on`` and of its year's days up to it (``force_years``, ``force_days``; schema 9)."""
        year = on.isoformat()[:4]
        return int(self.db.execute(
            "SELECT (SELECT coalesce(sum(delta), 0) FROM force_years WHERE year < ?)"
            " + (SELECT coalesce(sum(delta), 0) FROM force_days WHERE day >= ? AND day <= ?)",
            (year, f"{year}-01-01", on.isoformat())).fetchone()[0])

    def _group_in_force_count(self, kind: str | None, issuer: str | None, on: date) -> int:
        """``in_force_count`` of one (type, issuer) group (``group_force_years``,
        ``group_force_days``; schema 21): a sum of at most a few dozen years and one year's
        days, where counting read the group's index up to ``on`` (63 000 entries for the Prime
        Minister's decisions)."""
        year, group = on.isoformat()[:4], (kind or "", issuer or "")
        return int(self.db.execute(
            "SELECT (SELECT coalesce(sum(delta), 0) FROM group_force_years WHERE type = ? AND issuer = ? AND year < ?)"
            " + (SELECT coalesce(sum(delta), 0) FROM group_force_days WHERE type = ? AND issuer = ?"
            " AND day >= ? AND day <= ?)",
            (*group, year, *group, f"{year}-01-01", on.isoformat())).fetchone()[0])

    def stale_relations(self, as_of: date | None = None, offset: int = 0,
                        limit: int | None = None) -> tuple[int, list[Relation]]:
        """How many stale citations there are (citing documents dated up to ``as_of``), and the
        relations of one page of them, by citing date, citing key, cited key and store order:
        read from the ``stale`` table (schema 11) in the order of its index, counted by day
        (``stale_days``, schema 13)."""
        day = (as_of or date.max).isoformat()
        total = int(self.db.execute("SELECT coalesce(sum(citations), 0) FROM stale_days WHERE day <= ?",
                                    (day,)).fetchone()[0])
        joined = _CANONICAL_RELATIONS.replace(" FROM relations r",
                                              " FROM stale s JOIN relations r ON r.id = s.relation")
        rows = self.db.execute(
            f"{joined} WHERE s.dated <= ? ORDER BY s.dated, s.document, s.cited, s.relation LIMIT ? OFFSET ?",
            (day, -1 if limit is None else limit, offset))
        return total, [_relation(r) for r in rows]

    def search_candidates(self, terms: list[str], limit: int = 2000) -> list[Instrument]:
        """Nodes whose folded search text holds every term (ranking is the caller's)."""
        where, args = self._holding(tuple(terms))
        rows = self.db.execute(f"SELECT {_NODE_COLUMNS} FROM nodes WHERE {where} ORDER BY key LIMIT ?",
                               [*args, limit])
        return [_node(r) for r in rows]

    def search_count(self, match: Match, cap: int) -> int:
        """How many nodes ``match`` finds, counted up to ``cap`` (the index stops there)."""
        found, args = self._matching(match, newest=False)
        return int(self.db.execute(f"SELECT count(*) FROM (SELECT 1 {found} LIMIT ?)", [*args, cap]).fetchone()[0])

    def search_rows(self, match: Match, newest: bool = False, limit: int | None = None) -> Generator[SearchRow]:
        """The rows ``match`` finds (the first ``limit``): in no order, through the narrowest
        index (the trigram index of names, the key's, the trigram index of the text), or
        ``newest`` first by date and key, read as far as the caller reads (close the iterator
        when done).

        Newest first, the ``NEWEST_WINDOW`` newest nodes are read from the index by date and
        the matches among them passed on; past them the other matches are found as in no
        order and sorted. A walk down the index by date alone reads every node newer than the
        page's last match: a phrase of titles dated 2045 (``thử nghiệm năm 2045``) is read
        past 800 000 newer nodes of a million (1 s); sorting every match of a phrase in half
        the titles (``kế hoạch``) would cost as much."""
        if not newest:
            yield from self._search_rows(*self._matching(match, False), limit)
            return
        edge = self.db.execute("SELECT date_issued, key FROM nodes INDEXED BY nodes_newest"
                               " ORDER BY date_issued DESC, key LIMIT 1 OFFSET ?", (NEWEST_WINDOW - 1,)).fetchone()
        found, args = self._matching(match, True)
        if edge is None:  # the window holds every node
            yield from self._search_rows(found + " ORDER BY date_issued DESC, key", args, limit)
            return
        day, key = edge
        if day is None:
            within, after, bounds = "(date_issued IS NOT NULL OR key <= ?)", "(date_issued IS NULL AND key > ?)", [key]
        else:
            within = "date_issued >= ? AND (date_issued > ? OR key <= ?)"
            after, bounds = "(date_issued < ? OR (date_issued = ? AND key > ?) OR date_issued IS NULL)", [day, day, key]
        window = list(self._search_rows(f"{found} AND {within} ORDER BY date_issued DESC, key",
                                        [*args, *bounds], limit))
        yield from window
        if limit is not None and len(window) >= limit:
            return
        found, args = self._matching(match, False)  # "+": sorted, not read in the index's order
        yield from self._search_rows(f"{found} AND {after} ORDER BY +date_issued DESC, key", [*args, *bounds],
                                     None if limit is None else limit - len(window))

    def _search_rows(self, found: str, args: list[object], limit: int | None) -> Generator[SearchRow]:
        cursor = self.db.execute(f"SELECT key, number, date_issued, search {found} LIMIT ?",
                                 [*args, -1 if limit is None else limit])
        try:
            while rows := cursor.fetchmany(256):
                yield from (SearchRow(*r) for r in rows)
        finally:
            cursor.close()

    def _matching(self, match: Match, newest: bool) -> tuple[str, list[object]]:
        """``FROM … WHERE …`` of the nodes ``match`` finds. Every condition is decided on the
        row (``LIKE``, the folded key, the names part); the trigram index, joined first when
        neither the key nor the order picks the index, only narrows."""
        where, args = self._holding_text(match.terms)
        if match.number is not None:
            where.append(f"({FOLDED_KEY} = ? OR ({FOLDED_KEY} > ? AND {FOLDED_KEY} < ?))")
            args += [match.number, match.number + "@", match.number + "A"]  # "A" follows "@"
        if match.prefix is not None:
            where.append(f"{FOLDED_KEY} >= ? AND {FOLDED_KEY} < ?")
            args += [match.prefix, match.prefix + "\U0010ffff"]
        if match.names is not None:
            where.append(f"instr({NAMES_OF.format(s='search')}, ?) > 0")
            args.append(match.names)
        keyed = match.number is not None or match.prefix is not None
        within = match.within
        if within.groups is not None:
            where.append("(" + (" OR ".join(["(type IS ? AND issuer IS ?)"] * len(within.groups)) or "0") + ")")
            args += [v for group in within.groups for v in group]
        if within.year is not None:
            where.append("date_issued >= ? AND date_issued < ?")
            args += [f"{within.year:04d}-01-01", f"{within.year + 1:04d}-01-01"]
        if within.on is not None:
            where.append(_IN_FORCE)
            args += [within.on.isoformat()] * 2
        # the names' phrase alone when it can be looked up: it is the narrowest (a name equal
        # to the query, or holding it), and a prefix's range may be wide (``1/``); not within
        # one number, whose range is at most every province's every year (4 002 rows of
        # 12/KH-UBND at a million documents), while the index reads every row holding the
        # number's trigrams in any column (most plans hold ``kh-ubnd``)
        if match.names and len(match.names) >= 3 and match.number is None:
            phrases = [f"names : {_phrase(match.names)}"]
        else:
            phrases = [] if keyed else [_phrase(t) for t in match.terms if len(t) >= 3]
        condition = " AND ".join(where) or "1"
        if newest:
            return f"FROM nodes INDEXED BY nodes_newest WHERE {condition}", args
        if phrases:
            return (f"FROM node_search JOIN nodes ON nodes.rowid = node_search.rowid"
                    f" WHERE node_search MATCH ? AND {condition}", [" AND ".join(phrases), *args])
        return f"FROM nodes WHERE {condition}", args

    @staticmethod
    def _holding_text(terms: tuple[str, ...]) -> tuple[list[str], list[object]]:
        """``LIKE`` conditions that the search text holds every term."""
        return (["search LIKE ? ESCAPE '\\'"] * len(terms),
                ["%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for t in terms])

    @classmethod
    def _holding(cls, terms: tuple[str, ...]) -> tuple[str, list[object]]:
        """The condition that a node's search text holds every term. Terms of three characters
        or more are looked up in the trigram index (``node_search``); the ``LIKE`` decides, so
        the index only narrows, never changes, the answer."""
        where, args = cls._holding_text(terms)
        indexed = [_phrase(t) for t in terms if len(t) >= 3]
        if indexed:
            where.append("rowid IN (SELECT rowid FROM node_search WHERE node_search MATCH ?)")
            args.append(" AND ".join(indexed))
        return " AND ".join(where) or "1", args

    def all_fact_sources(self) -> list[FactSource]:
        """Every fact's source, under the canonical key of its instrument (for exports)."""
        return [f for _, f in self.fact_rows()]

    def fact_rows(self) -> list[tuple[int, FactSource]]:
        """Every fact's source with its row id (its place in the store's order)."""
        rows = self.db.execute(
            'SELECT f.rowid, coalesce(i.key, f.key), field, value, document, origin, quote, start, "end"'
            " FROM fact_sources f LEFT JOIN identities i ON i.alias = f.key ORDER BY f.rowid")
        return [(int(r[0]), FactSource(*r[1:])) for r in rows]

    def numbered(self, number: str) -> list[str]:
        """Keys of instruments numbered ``number`` (``55`` → 55/2009/NĐ-CP, 55/2021/QĐ-UBND@…;
        ``11`` → 11-NQ/TW), by key; the letters of the number in any case."""
        low, folded = number.lower(), fold(number)
        rows = self.db.execute(  # through the folded-key index ("0" follows "/", "." follows "-")
            f"SELECT key FROM nodes WHERE ({FOLDED_KEY} >= ? AND {FOLDED_KEY} < ?)"
            f" OR ({FOLDED_KEY} >= ? AND {FOLDED_KEY} < ?) ORDER BY key",
            (folded + "/", folded + "0", folded + "-", folded + "."))
        return [str(r[0]) for r in rows if str(r[0]).lower().startswith((low + "/", low + "-"))]

    def data_version(self) -> str:
        """Changes when another connection commits (caches of answers key on it)."""
        return str(self.db.execute("PRAGMA data_version").fetchone()[0])

    def fact_sources(self, key: str) -> list[FactSource]:
        return self.fact_sources_of([key])[key]

    def fact_sources_of(self, keys: list[str]) -> dict[str, list[FactSource]]:
        """Each key's fact sources, its merged keys' included, under the key, in stored order."""
        out: dict[str, list[FactSource]] = {k: [] for k in keys}
        owner = self._owners(out)
        rows: list[tuple[object, ...]] = []
        for chunk in chunks(list(owner)):
            rows += self.db.execute(
                'SELECT key, field, value, document, origin, quote, start, "end", rowid FROM fact_sources'
                f" WHERE key IN ({', '.join('?' * len(chunk))})", chunk).fetchall()
        for r in sorted(rows, key=lambda r: int(r[8])):  # type: ignore[call-overload]
            key = owner[str(r[0])]
            out[key].append(FactSource(key, r[1], r[2], r[3], r[4], r[5], r[6], r[7]))  # type: ignore[arg-type]
        return out



_IN_FORCE = "date_in_force <= ? AND (date_end IS NULL OR date_end > ?)"
#: The node ``n`` is stated to be issued by ``:agency``, under its key or a key merged into it
#: (two lookups in the index each: an ``OR`` in one would read every relation into the agency).
_ISSUED_BY = ("(EXISTS (SELECT 1 FROM relations r INDEXED BY relations_issued WHERE r.target = :agency"
              " AND r.kind = 'issued_by' AND r.source = n.key) OR EXISTS (SELECT 1 FROM identities a"
              " CROSS JOIN relations r INDEXED BY relations_issued WHERE a.key = n.key AND r.target = :agency"
              " AND r.kind = 'issued_by' AND r.source = a.alias))")  # CROSS: from the node's few aliases


def _phrase(text: str) -> str:
    """``text`` as one phrase of a trigram query: it matches where the text holds it."""
    return '"' + text.replace('"', '""') + '"'


def _newest_first(row: tuple[str | None, str]) -> tuple[int, int, str]:
    return (0, -date.fromisoformat(row[0]).toordinal(), row[1]) if row[0] else (1, 0, row[1])


#: The orders of a listing (``SqliteStore.listed``): the columns it is sorted by (the second is
#: the key), the order, the index that holds a group's nodes in that order, the order in Python.
_LIST_ORDERS: dict[str, tuple[str, str, str, Callable[[tuple[str | None, str]], Any]]] = {
    "in force": ("date_in_force, key", "date_in_force, key", "nodes_group_in_force", lambda r: r),
    "newest": ("date_issued, key", "date_issued DESC, key", "nodes_group_newest", _newest_first),
}
#: A relation's sentence: stored once per document (``sentences``), or inline by a store before it.
_SENTENCE_JOIN = "LEFT JOIN sentences st ON st.id = r.sentence_id"
#: Relations with both ends mapped to their canonical keys (identity links applied).
_CANONICAL_RELATIONS = (
    "SELECT coalesce(si.key, r.source), coalesce(ti.key, r.target), r.kind, r.document, r.method, r.start,"
    ' r."end", coalesce(r.sentence, st.text), r.score, r.reasons, r.origin FROM relations r'
    " LEFT JOIN identities si ON si.alias = r.source LEFT JOIN identities ti ON ti.alias = r.target"
    f" {_SENTENCE_JOIN}")


def _relation(r: tuple[object, ...]) -> Relation:
    return Relation(str(r[0]), str(r[1]), str(r[2]),
                    Evidence(str(r[3]), str(r[4]), r[5], r[6], r[7], r[8],  # type: ignore[arg-type]
                             tuple(json.loads(str(r[9]))), r[10]))  # type: ignore[arg-type]


def _proposal(r: tuple[object, ...]) -> Relation:
    """A row of ``proposals`` as a relation whose evidence is the rule's score and reasons."""
    return Relation(str(r[0]), str(r[1]), str(r[2]),
                    Evidence("", "inferred", score=float(r[3]), reasons=tuple(json.loads(str(r[4])))))  # type: ignore[arg-type]


_DOCUMENT_COLUMNS = ("key, source, digest, ingested_at,"
                     " (SELECT count(*) FROM relations r WHERE r.document = d.key AND r.kind != 'issued_by')")


def _document(r: tuple[object, ...]) -> StoredDocument:
    key, source, digest, ingested, relations, extraction = r
    return StoredDocument(str(key), str(source), str(digest), str(ingested), int(relations),  # type: ignore[call-overload]
                          None if extraction is None else unpacked(extraction))


