"""Ingest throughput at scale, beside its baseline: N generated documents (FICTIONAL,
``benchmarks/generate_corpus.py``) through ``graph.ingest`` on both cores, against a bare read
plus one regex pass over the same files.

    python benchmarks/ingest_scale.py --count 2000 [--seed 1] [--keep DIR]

Prints documents/s, MB/s, the ratio to the bare pass, peak memory (this process and its
workers) and the store's size.
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.generate_corpus import generate  # noqa: E402
from graph.ingest import ingest  # noqa: E402
from graph.sqlite_store import SqliteStore  # noqa: E402

_NUMBER = re.compile(r"\d{1,5}/(?:\d{4}/)?[A-ZĐ][A-ZĐa-z-]+")


def bare(files: list[Path]) -> tuple[float, int]:
    """Seconds to read every file and run one regex over it; the bytes read."""
    started, size = time.perf_counter(), 0
    for f in files:
        text = f.read_text(encoding="utf-8")
        size += len(text.encode())
        sum(1 for _ in _NUMBER.finditer(text))
    return time.perf_counter() - started, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="generate here and keep the files and the store")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: ingest the documents generated there before (into a new store)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        docs = root / "docs"
        if args.reuse and docs.is_dir():
            print(f"reusing the documents in {docs} (generated before with --count {args.count} --seed {args.seed})")
        else:
            started = time.perf_counter()
            written = generate(docs, args.count, args.seed)
            print(f"generated {len(written)} documents in {time.perf_counter() - started:.1f} s")
        files = sorted(docs.glob("*.txt"))
        bare_s, size = bare(files)
        db = root / "graph.db"
        if db.exists():
            raise SystemExit(f"{db} exists: remove it first (the benchmark ingests into a new store)")
        started = time.perf_counter()
        handed: list[float] = []  # when the last file was extracted and handed to the writer

        def done(_: Path) -> None:
            handed[:] = [time.perf_counter() - started]

        with SqliteStore(db) as store:
            summary = ingest(files, store, workers=args.workers, on_done=done)
        took = time.perf_counter() - started
        peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        mb = size / 1e6
        print(f"bare read + one regex pass: {bare_s:8.2f} s  {mb / bare_s:8.2f} MB/s")
        print(f"ingest ({args.workers} workers):       {took:8.2f} s  {mb / took:8.2f} MB/s  "
              f"{len(files) / took:8.1f} documents/s  ratio {took / bare_s:.0f}x")
        if handed:
            print(f"  every file extracted and handed to the writer at {handed[0]:.1f} s; the last batch,"
                  f" the indexes and the derivation took {took - handed[0]:.1f} s after")
        print(f"{summary.ingested} ingested, {len(summary.failed)} failed; {summary.counts}")
        print(f"peak memory {peak:.0f} MiB (largest of this process and one worker); "
              f"store {db.stat().st_size / 1e6:.1f} MB for {mb:.1f} MB of text")


if __name__ == "__main__":
    main()
