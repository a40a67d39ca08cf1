"""Upload latency on a large graph: one new document written with its derived rows, as
``POST /documents`` and ``vbgraph ingest`` of one file do, on a store built by the ingest
benchmark (FICTIONAL generated documents).

    python benchmarks/ingest_scale.py --count 100000 --keep /tmp/g100k
    python benchmarks/upload_latency.py /tmp/g100k/graph.db /tmp/g100k/docs [--count 12] [--seed 1]

Each upload is a generated document of the corpus given a number no document has (9, the
seed's last digit, three digits), so it is new: a provincial plan or decision (it cites the laws every plan cites by
name and a few of the Prime Minister's decisions), a Prime Minister's decision (it joins a
group of tens of thousands whose proposals are weighed again whole), a decree or circular.
The uploads stay in the store (FICTIONAL, numbered apart); run again with another seed.
Prints extraction and store time of each upload (the store's: writing, deriving, committing)
and the median and largest by kind; the baseline in the same run is one node read.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.facts import document_facts  # noqa: E402
from graph.sqlite_store import SqliteStore  # noqa: E402
from loaders.extract import extract_text  # noqa: E402

_NUMBER = re.compile(r"^Số: (\d+)(/\S+)", re.MULTILINE)
KINDS = {"provincial": re.compile(r"/(?:QĐ|KH)-UBND"), "Prime Minister": re.compile(r"/QĐ-TTg"),
         "decree or circular": re.compile(r"/\d{4}/(?:NĐ-CP|TT-)")}


def kind_of(text: str) -> str | None:
    m = _NUMBER.search(text)
    return next((k for k, pattern in KINDS.items() if m and pattern.match(m.group(2))), None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("docs", type=Path, help="the generated corpus the store was built from")
    parser.add_argument("--count", type=int, default=12, help="uploads of each kind")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    files = sorted(args.docs.glob("*.txt"))
    chosen: dict[str, list[str]] = defaultdict(list)
    while min((len(chosen[k]) for k in KINDS), default=0) < args.count:
        text = rng.choice(files).read_text(encoding="utf-8")
        if (kind := kind_of(text)) is not None and len(chosen[kind]) < args.count:
            chosen[kind].append(text)
    timings: dict[str, list[tuple[float, float]]] = defaultdict(list)
    with SqliteStore(args.db) as store:
        started = time.perf_counter()
        for _ in range(200):
            store.node("9876/QĐ-TTg")
        baseline = (time.perf_counter() - started) / 200 * 1000
        order = [(kind, text) for kind, texts in chosen.items() for text in texts]
        rng.shuffle(order)
        for i, (kind, text) in enumerate(order):
            number = f"9{args.seed % 10}{i:03d}"
            text = _NUMBER.sub(lambda m, n=number: f"Số: {n}{m.group(2)}", text, count=1)
            started = time.perf_counter()
            facts = document_facts(extract_text(text, f"upload-{number}.txt"))
            extracted = time.perf_counter()
            [result] = store.replace_documents([facts], derive=True)
            stored = time.perf_counter()
            if result.unchanged or result.refused:
                raise SystemExit(f"upload {number} ({kind}) was not new: {result}")
            timings[kind].append(((extracted - started) * 1000, (stored - extracted) * 1000))
            print(f"{kind:20} {facts.document:60} extract {timings[kind][-1][0]:8.1f} ms  "
                  f"store {timings[kind][-1][1]:9.1f} ms", flush=True)
    print(f"\nbaseline: one node read {baseline:.3f} ms")
    print(f"{'kind':20} {'uploads':>7} {'extract p50':>12} {'store p50':>10} {'store max':>10}  (ms)")
    for kind, values in timings.items():
        print(f"{kind:20} {len(values):7} {statistics.median(e for e, _ in values):12.1f} "
              f"{statistics.median(s for _, s in values):10.1f} {max(s for _, s in values):10.1f}")


if __name__ == "__main__":
    main()
