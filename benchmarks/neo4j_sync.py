"""How long ``vbgraph push`` takes, and how fast the same questions are from Neo4j and SQLite.

Starts the project's Neo4j (``tests/neo4j_server.py``; Java and Maven needed), builds the
bundled graph into a temporary SQLite file, and measures:

- a full push into an empty database, a push that finds nothing changed, a push after one
  new document, and a push after that document changed;
- the median time of each question, in-process, over each store (50 runs each, each in one
  snapshot: one read transaction, as the HTTP server asks);
- with ``--synthetic N``: a full and a no-op push of a FICTIONAL graph of N instruments
  (each citing three earlier ones), for throughput at a larger size.

    python benchmarks/neo4j_sync.py [--synthetic 5000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.ingest import ingest, ingest_file  # noqa: E402
from graph.model import DocumentFacts, Evidence, Instrument, Relation  # noqa: E402
from graph.neo4j_store import Neo4jStore, connect  # noqa: E402
from graph.neo4j_sync import PushResult, push  # noqa: E402
from graph.queries import downstream, in_force, lineage, stale_citations, upstream  # noqa: E402
from graph.search import search  # noqa: E402
from graph.sqlite_store import SqliteStore  # noqa: E402
from graph.store import ReadStore, StoreSpec  # noqa: E402
from graph.view import path  # noqa: E402
from loaders.corpus import iter_documents  # noqa: E402
from tests.neo4j_server import running  # noqa: E402
from tests.test_api import STALE_PLAN  # noqa: E402  (the FICTIONAL 2023 plan of the tests)

PLAN = "28/KH-UBND@uy-ban-nhan-dan-tinh-hau-giang@2016-04-11"

QUESTIONS: dict[str, Callable[[ReadStore], object]] = {
    "lineage 55/2009": lambda s: lineage(s, "55/2009/NĐ-CP"),
    "in force 2022-01-01": lambda s: in_force(s, date(2022, 1, 1)),
    "upstream plan, depth 3": lambda s: upstream(s, PLAN, 3),
    "downstream 28/NQ-CP, depth 3": lambda s: downstream(s, "28/NQ-CP", 3),
    "stale citations": stale_citations,
    "search 'binh dang gioi'": lambda s: search(s, "binh dang gioi"),
    "path plan → law": lambda s: path(s, PLAN, "73/2006/QH11"),
}


def _timed(label: str, do: Callable[[], PushResult]) -> dict[str, object]:
    done = do()
    row = {"push": label, "seconds": round(done.seconds, 3), "writes": done.writes, "unchanged": done.unchanged}
    print(json.dumps(row, ensure_ascii=False))
    return row


def _median_ms(store: ReadStore, ask: Callable[[ReadStore], object], runs: int = 50) -> float:
    """Median of ``runs``, each in its own snapshot as the HTTP server reads, after 10 to warm up."""
    times = []
    for n in range(10 + runs):
        t = time.perf_counter()
        with store.snapshot():
            ask(store)
        if n >= 10:
            times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def _synthetic(db: Path, n: int) -> None:
    """N FICTIONAL decrees numbered 1..N/2099/NĐ-CP, each citing three earlier ones."""
    with SqliteStore(db) as store:
        for i in range(1, n + 1):
            key = f"{i}/2099/NĐ-CP"
            inst = Instrument(key, key, "Nghị định", "Chính phủ", date(2099, 1, 1), f"Nghị định thử nghiệm số {i}")
            cited = [f"{j}/2099/NĐ-CP" for j in (i - 1, i // 2, i // 3) if j >= 1]
            relations = tuple(Relation(key, c, "cites", Evidence(key, "text", 0, 10, f"Căn cứ Nghị định số {c}"))
                              for c in dict.fromkeys(cited))
            stubs = tuple(Instrument(c, c, "Nghị định", "Chính phủ", None, None) for c in dict.fromkeys(cited))
            store.replace_document(DocumentFacts(key, f"synthetic:{i}", f"d{i}", (inst, *stubs), (), relations, "{}"))
        store.rebuild_derived()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synthetic", type=int, default=0, help="also push a fictional graph of N instruments")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        db = root / "graph.db"
        with SqliteStore(db) as store:
            ingest([*iter_documents([ROOT / "data" / "corpus"]), ROOT / "data" / "catalogue.yaml"], store, workers=2)
        with running(root / "neo4j", "benchmark-password", log=root / "neo4j.log", graceful=False) as uri:
            spec = StoreSpec(uri=uri, password="benchmark-password")
            driver = connect(spec)

            def pushed(path: Path = db) -> PushResult:
                with SqliteStore(path) as local:
                    return push(local, driver, None, uri)

            _timed("full, empty database", pushed)
            _timed("nothing changed", pushed)
            plan = root / "plan.txt"
            plan.write_text(STALE_PLAN, encoding="utf-8")
            with SqliteStore(db) as store:
                ingest_file(plan, store, source="benchmark:plan.txt")
            _timed("one new document", pushed)
            plan.write_text(STALE_PLAN.replace("55/2009/NĐ-CP ngày 10/6/2009", "125/2021/NĐ-CP ngày 28/12/2021"),
                            encoding="utf-8")
            with SqliteStore(db) as store:
                ingest_file(plan, store, source="benchmark:plan.txt")
            _timed("that document changed", pushed)

            print(f"{'question':32} {'SQLite ms':>10} {'Neo4j ms':>10}")
            with SqliteStore(db, readonly=True) as sqlite, Neo4jStore.connect(spec) as neo:
                for name, ask in QUESTIONS.items():
                    assert ask(sqlite) == ask(neo), name
                    print(f"{name:32} {_median_ms(sqlite, ask):10.2f} {_median_ms(neo, ask):10.2f}")

            if args.synthetic:
                big = root / "synthetic.db"
                t = time.perf_counter()
                _synthetic(big, args.synthetic)
                print(f"synthetic graph of {args.synthetic} instruments built in {time.perf_counter() - t:.1f} s")
                with SqliteStore(big) as local:
                    counts = local.counts()
                row = _timed(f"synthetic {args.synthetic}, full", lambda: pushed(big))
                print(f"  {counts['instruments']} instruments, {counts['relations']} relations: "
                      f"{int(row['writes']) / float(row['seconds']):.0f} writes/s")  # type: ignore[call-overload]
                _timed(f"synthetic {args.synthetic}, nothing changed", lambda: pushed(big))
            driver.close()


if __name__ == "__main__":
    main()
