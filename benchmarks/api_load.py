"""Load benchmark of the HTTP API: requests/s and p50/p99 latency for the main endpoints.

The server runs as `vbgraph serve` in its own process on loopback (one uvicorn process, as
`make run` starts it); this script is the second process that drives it, with a few
keep-alive connections on threads, each endpoint for a fixed time (closed loop: a request
goes out as soon as the previous one on its connection came back). Latency is measured per
request, from send to the last byte of the body.

    python benchmarks/api_load.py                    # builds the bundled graph in a temp dir
    python benchmarks/api_load.py --db .vbgraph/graph.db --seconds 10 --connections 8
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent

ENDPOINTS = {
    "instrument": "/instruments/" + quote("55/2009/NĐ-CP", safe=""),
    "lineage": "/lineage?id=" + quote("55/2009"),
    "search": "/instruments?q=" + quote("bạo lực giới"),
    "in force": "/in-force?on=2022-06-01",
    "upstream d3": "/instruments/" + quote("28/KH-UBND", safe="") + "/upstream?depth=3",
    "downstream d3": "/downstream?id=" + quote("73/2006/QH11") + "&depth=3",
    "stale": "/stale",
    "health": "/health",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _drive(port: int, path: str, seconds: float, connections: int) -> tuple[list[float], int]:
    """Hammer ``path`` from ``connections`` threads for ``seconds``: latencies (s) and errors."""
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections
    stop = time.perf_counter() + seconds

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            latencies[i].append(time.perf_counter() - t0)
            if response.status != 200:
                errors[i] += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [x for per in latencies for x in per], sum(errors)


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 10) - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="a built store (default: build the bundled graph)")
    parser.add_argument("--seconds", type=float, default=5.0, help="per endpoint")
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "graph.db"
            subprocess.run([sys.executable, "-m", "api", "ingest", "data/corpus", "data/catalogue.yaml",
                            "--db", str(db)], cwd=ROOT, check=True, capture_output=True)
        port = _free_port()
        env = {k: v for k, v in os.environ.items() if k != "VBGRAPH_API_KEY"}
        server = subprocess.Popen([sys.executable, "-m", "api", "serve", "--db", str(db), "--port", str(port),
                                   "--log-level", "warning"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
        try:
            _wait(port)
            conn = http.client.HTTPConnection("127.0.0.1", port)
            conn.request("GET", "/health")
            counts = json.loads(conn.getresponse().read())["counts"]
            conn.close()
            print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
                  f"server: one uvicorn process; client: this process, {args.connections} keep-alive connections, "
                  f"{args.seconds:g} s per endpoint")
            print(f"graph: {counts['instruments']} instruments, {counts['relations']} relations ({db})")
            print(f"{'endpoint':<15}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
            for name, path in ENDPOINTS.items():
                _drive(port, path, 0.5, args.connections)  # warm up
                latencies, errors = _drive(port, path, args.seconds, args.connections)
                rate = len(latencies) / args.seconds
                print(f"{name:<15}{len(latencies):>9}{rate:>9.0f}{_percentile(latencies, 50) * 1e3:>9.1f}"
                      f"{_percentile(latencies, 99) * 1e3:>9.1f}{errors:>8}")
        finally:
            server.terminate()
            server.wait(20)


def _wait(port: int) -> None:
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


if __name__ == "__main__":
    main()
