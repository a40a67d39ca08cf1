"""Load benchmark of the HTTP API: requests/s and latency (p50, p99, max) for the main endpoints.

The server runs as `vbgraph serve` in its own process on loopback (one uvicorn process, as
`make run` starts it, or `--workers N`); this script is the second process that drives it over a few
keep-alive connections, each endpoint for a fixed time, `/health` (the framework's own
cost: no query but two counts) in the same run as the baseline. The client is one asyncio
loop writing ready-made request bytes on raw sockets, so that on a 2-core machine it takes
as little as it can of the CPU it shares with the server (its share is printed).

Two ways to load:
- closed loop (default): each connection sends its next request as soon as the last one
  came back; the rate is whatever the server manages, latency from send to the last byte.
- fixed rate (`--rate 500`): requests are due at even intervals, whatever the server does;
  a request waits for a free connection when all are busy, and its latency counts from the
  moment it was due, not from when it could be sent (no coordinated omission). The achieved
  rate is printed beside the one asked for.

The "(all)" rows go round every instrument of the graph instead of asking one again and
again; `--no-cache` turns the server's cache of answers off (`VBGRAPH_ANSWER_CACHE=0`), so
that each lookup reads the store.

    python benchmarks/api_load.py                    # builds the bundled graph in a temp dir
    python benchmarks/api_load.py --rate 500 --only instrument,lineage,health
    python benchmarks/api_load.py --db .vbgraph/graph.db --seconds 10 --connections 8
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import itertools
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
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
#: Rows that go round every instrument id: ``{}`` is the URL-encoded id.
EVERY_ID = {
    "instrument (all)": "/instruments/{}",
    "lineage (all)": "/instruments/{}/lineage",
}
#: What the performance goal is about, and the baseline: the default rows at a fixed rate.
GOAL = ("instrument", "lineage", "instrument (all)", "lineage (all)", "health")


@dataclass
class Result:
    latencies: list[float]  # seconds
    errors: int
    elapsed: float  # seconds, first due or sent to last answer


class Connection:
    """One keep-alive HTTP/1.1 connection: send a GET, read the status and the whole body."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls(reader, writer)

    async def get(self, request: bytes) -> int:
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length:
            await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        self.writer.close()


def _request(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n".encode("ascii")


async def _closed(port: int, paths: list[str], seconds: float, connections: int) -> Result:
    """Each connection sends its next request as soon as the last one is answered."""
    requests = itertools.cycle([_request(p) for p in paths])
    latencies: list[float] = []
    errors = 0
    start = time.perf_counter()
    stop = start + seconds

    async def worker() -> None:
        nonlocal errors
        conn = await Connection.open(port)
        try:
            while (t0 := time.perf_counter()) < stop:
                status = await conn.get(next(requests))
                latencies.append(time.perf_counter() - t0)
                errors += status != 200
        finally:
            conn.close()

    await asyncio.gather(*(worker() for _ in range(connections)))
    return Result(latencies, errors, time.perf_counter() - start)


async def _fixed_rate(port: int, paths: list[str], seconds: float, connections: int, rate: float) -> Result:
    """Requests due every ``1/rate`` s, latency from when each was due (it may wait for a
    connection: that wait is the server's too)."""
    requests = itertools.cycle([_request(p) for p in paths])
    due: asyncio.Queue[float | None] = asyncio.Queue()
    latencies: list[float] = []
    errors = 0
    conns = [await Connection.open(port) for _ in range(connections)]
    start = time.perf_counter() + 0.01
    count = int(seconds * rate)

    async def schedule() -> None:
        for i in range(count):
            when = start + i / rate
            wait = when - time.perf_counter()
            if wait > 0:
                await asyncio.sleep(wait)
            due.put_nowait(when)
        for _ in conns:
            due.put_nowait(None)

    async def worker(conn: Connection) -> None:
        nonlocal errors
        while (when := await due.get()) is not None:
            status = await conn.get(next(requests))
            latencies.append(time.perf_counter() - when)
            errors += status != 200
        conn.close()

    await asyncio.gather(schedule(), *(worker(c) for c in conns))
    return Result(latencies, errors, time.perf_counter() - start)


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 10) - 1] if len(values) > 1 else values[0]


def _cpu(pid: int) -> float:
    """CPU seconds process ``pid`` and its live children (``--workers``) have used (Linux; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") + sum(_cpu(int(c)) for c in children)


def _rows(port: int, only: list[str] | None) -> dict[str, list[str]]:
    """The endpoints to drive: name → paths to go round."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/instruments?limit=500")
    ids = [quote(i["id"], safe="") for i in json.loads(conn.getresponse().read())["items"]]
    conn.close()
    rows = {name: [path] for name, path in ENDPOINTS.items()}
    rows.update({name: [pattern.format(i) for i in ids] for name, pattern in EVERY_ID.items()})
    names = only or list(rows)
    unknown = [n for n in names if n not in rows]
    if unknown:
        raise SystemExit(f"unknown endpoint(s) {unknown}; choose from {list(rows)}")
    return {n: rows[n] for n in names}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="a built store (default: build the bundled graph)")
    parser.add_argument("--seconds", type=float, default=3.0, help="per endpoint")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--rate", type=float, help="fixed rate, requests/s (default: closed loop)")
    parser.add_argument("--only", help="comma-separated endpoint names (default: all closed loop; "
                                       f"with --rate: {', '.join(GOAL)})")
    parser.add_argument("--no-cache", action="store_true", help="serve with the cache of answers off")
    parser.add_argument("--workers", type=int, default=1, help="server processes (vbgraph serve --workers)")
    args = parser.parse_args()
    only = args.only.split(",") if args.only else (list(GOAL) if args.rate else None)

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "graph.db"
            subprocess.run([sys.executable, "-m", "api", "ingest", "data/corpus", "data/catalogue.yaml",
                            "--db", str(db)], cwd=ROOT, check=True, capture_output=True)
        port = _free_port()
        env = {k: v for k, v in os.environ.items() if k != "VBGRAPH_API_KEY"}
        if args.no_cache:
            env["VBGRAPH_ANSWER_CACHE"] = "0"
        server = subprocess.Popen([sys.executable, "-m", "api", "serve", "--db", str(db), "--port", str(port),
                                   "--log-level", "warning", "--workers", str(args.workers)], cwd=ROOT, env=env,
                                  stderr=subprocess.DEVNULL)
        try:
            _wait(port)
            conn = http.client.HTTPConnection("127.0.0.1", port)
            conn.request("GET", "/health")
            counts = json.loads(conn.getresponse().read())["counts"]
            conn.close()
            mode = f"fixed rate {args.rate:g} req/s" if args.rate else "closed loop"
            print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
                  f"server: {args.workers} uvicorn process(es), cache of answers {'off' if args.no_cache else 'on'}; "
                  f"client: this process, {args.connections} keep-alive connections, {mode}, "
                  f"{args.seconds:g} s per endpoint")
            print(f"graph: {counts['instruments']} instruments, {counts['relations']} relations ({db})")
            print(f"{'endpoint':<22}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}{'errors':>7}"
                  f"{'server CPU ms/req':>19}{'client CPU':>11}")
            for name, paths in _rows(port, only).items():
                asyncio.run(_closed(port, paths, 0.5, args.connections))  # warm up
                cpu, mine = _cpu(server.pid), time.process_time()
                if args.rate:
                    result = asyncio.run(_fixed_rate(port, paths, args.seconds, args.connections, args.rate))
                else:
                    result = asyncio.run(_closed(port, paths, args.seconds, args.connections))
                cpu, mine = _cpu(server.pid) - cpu, time.process_time() - mine
                lat, n = result.latencies, len(result.latencies)
                print(f"{name:<22}{n:>9}{n / result.elapsed:>8.0f}{_percentile(lat, 50) * 1e3:>8.1f}"
                      f"{_percentile(lat, 99) * 1e3:>8.1f}{max(lat) * 1e3:>8.1f}{result.errors:>7}"
                      f"{cpu / n * 1e3:>19.2f}{mine / result.elapsed:>10.0%}")
        finally:
            server.terminate()
            server.wait(20)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
