"""Extraction throughput beside a bare read plus one regex pass over the same files.

Usage: ``python benchmarks/extract_throughput.py [PATH ...] [--rounds N]`` (default: the
bundled corpus, 5 rounds). Both timings are taken in the same run on the same files; the
ratio says how much slower full extraction is than the cheapest pass that still touches
every character. Prints MB/s for each and the ratio.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.corpus import iter_documents  # noqa: E402
from loaders.extract import extract_path  # noqa: E402

#: The baseline's one regex: a bare number-like token, the cheapest candidate scan.
BASELINE = re.compile(r"\d+/[\w/-]+")


def _bare(paths: list[Path]) -> int:
    hits = 0
    for path in paths:
        text = path.read_bytes().decode("utf-8", errors="replace")
        hits += sum(1 for _ in BASELINE.finditer(text))
    return hits


def _full(paths: list[Path]) -> int:
    return sum(len(extract_path(p).references) for p in paths)


def _best(fn: object, paths: list[Path], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        fn(paths)  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "data" / "corpus"])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    paths = list(iter_documents(args.paths))
    size = sum(p.stat().st_size for p in paths)
    mb = size / 1e6
    _full(paths)  # warm caches (compiled patterns, lexicons)
    bare = _best(_bare, paths, args.rounds)
    full = _best(_full, paths, args.rounds)
    print(f"files: {len(paths)}  size: {size / 1024:.1f} KiB  rounds: {args.rounds} (best of)")
    print(f"bare read + one regex pass: {bare * 1000:8.2f} ms  {mb / bare:8.2f} MB/s")
    print(f"full extraction:            {full * 1000:8.2f} ms  {mb / full:8.2f} MB/s")
    print(f"ratio full / bare: {full / bare:.1f}x")


if __name__ == "__main__":
    main()
