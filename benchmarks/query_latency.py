"""Query latency on a large graph: p50 / p99 of each question over random instruments, from
SQLite and (with ``--neo4j``) from Neo4j holding the same graph.

Build the graph first with the ingest benchmark (FICTIONAL generated documents):

    python benchmarks/ingest_scale.py --count 100000 --keep /tmp/g100k
    python benchmarks/query_latency.py /tmp/g100k/graph.db [--runs 2000] [--neo4j] [--preload] [--only WORDS]

Each question is asked about instruments drawn at random (seeded) from those it is about:
lineage of replaced or replacing instruments, whether one instrument was in force on a date,
the instruments in force on a date for one issuer, the details an instrument lookup
answers (and those of the most-cited instrument: every relation, thousands), dependencies
three steps up from a document and three steps down from a cited one, every stale citation
of the graph (as ``/stale`` reads it before paging), search by number and by words (a random
run of two to four words of a random title; with the count of matches, as the API answers). Each run is
one read transaction (``snapshot``), as the HTTP server asks. The baseline in the same run is
a primary-key read of one node.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.queries import (  # noqa: E402
    agencies,
    downstream,
    in_force,
    in_force_page,
    instruments_page,
    lineage,
    stale_citations,
    stale_page,
    status,
    upstream,
)
from graph.search import search, search_page  # noqa: E402
from graph.sqlite_store import SqliteStore  # noqa: E402
from graph.store import ReadStore, details  # noqa: E402

Question = Callable[[ReadStore], object]


def questions(db: Path, runs: int, seed: int) -> dict[str, list[Question]]:
    """``runs`` questions of each kind about instruments drawn from the graph in ``db``."""
    rng = random.Random(seed)
    con = sqlite3.connect(db)

    def sample(sql: str) -> list[tuple[str, ...]]:
        rows = con.execute(sql).fetchall()
        return [rng.choice(rows) for _ in range(runs)]

    replaced = sample("SELECT DISTINCT target FROM relations WHERE kind = 'supersedes'")
    documents = sample("SELECT DISTINCT source FROM relations WHERE kind != 'issued_by'")
    cited = sample("SELECT DISTINCT target FROM relations WHERE kind IN ('implements', 'based_on', 'cites')")
    issuers = sample("SELECT DISTINCT issuer FROM nodes WHERE issuer IS NOT NULL")
    types = sample("SELECT DISTINCT type FROM nodes WHERE type IS NOT NULL")
    issuing = sample("SELECT name FROM agency_index WHERE issued > 0")
    numbers = sample("SELECT number FROM nodes WHERE number IS NOT NULL")
    titles = [t[0].split() for t in sample("SELECT title FROM nodes WHERE title IS NOT NULL")]
    phrases = [" ".join(t[(at := rng.randrange(len(t))):at + rng.randint(2, 4)]) for t in titles]
    days = [date(rng.randint(2031, 2099), rng.randint(1, 12), rng.randint(1, 28)) for _ in range(runs)]
    hub = con.execute("SELECT key FROM nodes ORDER BY documents_total DESC, key LIMIT 1").fetchone()[0]
    con.close()

    def in_force_of(key: str, on: date) -> Question:
        def ask(s: ReadStore) -> object:
            node = s.node(key)
            return node and status(node, on)
        return ask

    return {
        "node by key (baseline)": [lambda s, k=k[0]: s.node(k) for k in documents],
        "details (one instrument, as /instruments/{id})": [lambda s, k=k[0]: details(s, k) for k in documents],
        "details of the most-cited instrument": [lambda s: details(s, hub)] * min(runs, 20),
        "lineage": [lambda s, k=k[0]: lineage(s, k) for k in replaced],
        "lineage, stated only (no proposals)": [lambda s, k=k[0]: lineage(s, k, proposals=False) for k in replaced],
        "in force? (one instrument, a date)": [in_force_of(k[0], d) for k, d in zip(documents, days, strict=True)],
        "in force on a date, one issuer, whole list (30 runs)": [
            lambda s, i=i[0], d=d: in_force(s, d, issuer=i) for i, d in zip(issuers, days, strict=True)][:30],
        "in force on a date, one issuer, first page (as /in-force)": [
            lambda s, i=i[0], d=d: in_force_page(s, d, issuer=i, limit=100)
            for i, d in zip(issuers, days, strict=True)],
        "in force on a date, first page": [lambda s, d=d: in_force_page(s, d, limit=100) for d in days],
        "instruments of a type and year, first page (as /instruments)": [
            lambda s, t=t[0], d=d: instruments_page(s, (t,), year=d.year, limit=20)
            for t, d in zip(types, days, strict=True)],
        "upstream depth 3": [lambda s, k=k[0]: upstream(s, k, 3) for k in documents],
        "downstream depth 3": [lambda s, k=k[0]: downstream(s, k, 3) for k in cited],
        "stale citations, first page (as /stale)": [lambda s, d=d: stale_page(s, d, 0, 100) for d in days],
        "stale citations, whole list (5 runs)": [lambda s: stale_citations(s)] * min(runs, 5),
        "agencies (as /agencies)": [lambda s: agencies(s)] * runs,
        "what one agency issued, first page (as /agencies/{name})": [
            lambda s, a=a[0]: s.issued(a, 0, 100) for a in issuing],
        "search by number": [lambda s, n=n[0]: search(s, n) for n in numbers],
        "search by number, page and count (as /instruments?q=)": [
            lambda s, n=n[0]: search_page(s, n) for n in numbers],
        "search by words of a title": [lambda s, p=p: search(s, p) for p in phrases],
        "search by words of a title, page and count": [lambda s, p=p: search_page(s, p) for p in phrases],
        "search 'ke hoach binh dang gioi'": [lambda s: search(s, "ke hoach binh dang gioi")] * runs,
    }


def preload(db: Path) -> int:
    """Read the store's file (and its write-ahead log) once, into the operating system's page
    cache: the bytes read."""
    size = 0
    for path in (db, db.with_name(db.name + "-wal")):
        if path.exists():
            with path.open("rb") as f:
                while chunk := f.read(1 << 24):
                    size += len(chunk)
    return size


def timings(store: ReadStore, asks: list[Question]) -> tuple[float, float, float]:
    """p50, p99 and max in milliseconds, each question in one read transaction."""
    took = []
    for ask in asks:
        started = time.perf_counter()
        with store.snapshot() as s:
            ask(s)
        took.append((time.perf_counter() - started) * 1000)
    took.sort()
    return statistics.median(took), took[min(len(took) - 1, int(len(took) * 0.99))], took[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--neo4j", action="store_true", help="also push the graph into a local Neo4j and ask it")
    parser.add_argument("--preload", action="store_true",
                        help="read the store file once first, so that it is in the page cache as a server's that has"
                             " run a while (when memory holds it)")
    parser.add_argument("--only", action="append", default=[], metavar="WORDS",
                        help="ask only the questions whose name holds WORDS (repeatable)")
    args = parser.parse_args()
    if args.preload:
        print(f"preloaded {preload(args.db) / 1e9:.1f} GB of the store's files")
    asks = {name: qs for name, qs in questions(args.db, args.runs, args.seed).items()
            if not args.only or any(words in name for words in args.only)}
    with SqliteStore(args.db, readonly=True) as store:
        counts = store.counts()
        print(f"graph: {counts['documents']} documents, {counts['instruments']} instruments, "
              f"{counts['relations']} relations, {counts['proposals']} proposals; {args.runs} runs each")
        for qs in asks.values():  # warm the page cache once, as a running server has it
            timings(store, qs[:50])
        sqlite_rows = {name: timings(store, qs) for name, qs in asks.items()}
    neo_rows: dict[str, tuple[float, float, float]] = {}
    if args.neo4j:
        neo_rows = _neo4j(args.db, asks)
    print(f"{'question':48} {'SQLite p50':>10} {'p99':>8} {'max':>8}" + (
        f" {'Neo4j p50':>10} {'p99':>8} {'max':>8}" if neo_rows else ""))
    for name, (p50, p99, top) in sqlite_rows.items():
        line = f"{name:48} {p50:10.2f} {p99:8.2f} {top:8.1f}"
        if name in neo_rows:
            n50, n99, ntop = neo_rows[name]
            line += f" {n50:10.2f} {n99:8.2f} {ntop:8.1f}"
        print(line)


def _neo4j(db: Path, asks: dict[str, list[Question]]) -> dict[str, tuple[float, float, float]]:
    """Push the graph into the project's Neo4j (tests/neo4j_server.py) and time the same questions."""
    from graph.neo4j_store import Neo4jStore, connect
    from graph.neo4j_sync import push
    from graph.store import StoreSpec
    from tests.neo4j_server import running

    with tempfile.TemporaryDirectory() as tmp, \
            running(Path(tmp) / "neo4j", "benchmark-password", log=Path(tmp) / "neo4j.log", graceful=False,
                    heap="8g") as uri:
        spec = StoreSpec(uri=uri, password="benchmark-password")
        driver = connect(spec)
        started = time.perf_counter()
        with SqliteStore(db) as local:
            done = push(local, driver, None, uri)
        print(f"Neo4j: pushed {done.writes} writes in {time.perf_counter() - started:.0f} s")
        driver.close()
        with Neo4jStore.connect(spec) as neo:
            for qs in asks.values():
                timings(neo, qs[:20])
            return {name: timings(neo, qs) for name, qs in asks.items()}


if __name__ == "__main__":
    main()
