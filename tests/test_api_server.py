"""``vbgraph serve`` as users run it: a real uvicorn server in its own process, on loopback,
answering while ``vbgraph ingest`` writes to the same SQLite file from another process."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CATALOGUE, CORPUS, ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _vbgraph(*args: str, **kwargs: Any) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VBGRAPH_API_KEY", "VBGRAPH_DB")}
    return subprocess.Popen([sys.executable, "-m", "api", *args], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def _get(url: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A server over a store that holds only the catalogue, yet."""
    db = tmp_path / "graph.db"
    assert _vbgraph("ingest", str(CATALOGUE), "--db", str(db)).wait(60) == 0
    port = _free_port()
    server = _vbgraph("serve", "--db", str(db), "--port", str(port), "--log-level", "warning")
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if _get(url + "/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("server did not start: " + (server.stderr.read() if server.stderr else ""))
        yield url, db
    finally:
        server.terminate()
        server.wait(20)


def test_reads_stay_whole_while_an_ingest_writes(served: tuple[str, Path]) -> None:
    url, db = served
    ingest = _vbgraph("ingest", str(CORPUS), "--db", str(db), "--workers", "1")
    seen: list[int] = []
    answers = 0
    while ingest.poll() is None or not seen:
        status, lineage = _get(url + "/lineage?id=55%2F2009")
        assert status == 200, lineage
        assert [x["id"] for x in lineage["replaced_by"]] == ["125/2021/NĐ-CP"]
        status, health = _get(url + "/health")
        assert status == 200
        seen.append(health["counts"]["documents"])
        answers += 2
    assert ingest.returncode == 0, ingest.stderr.read() if ingest.stderr else ""
    assert seen == sorted(seen), "a reader never sees the store go back"
    assert answers >= 4 and len(set(seen)) > 2, seen  # it read between commits, not only before and after
    final = _get(url + "/health")[1]["counts"]
    assert final["documents"] == 32 and final["instruments"] > 100
    status, details = _get(url + "/instruments/" + urllib.request.quote("Luật Bình đẳng giới", safe=""))
    assert status == 200 and details["instrument"]["id"] == "73/2006/QH11"


def test_serve_without_a_store_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.db"
    run = _vbgraph("serve", "--db", str(missing), "--port", str(_free_port()))
    assert run.wait(30) == 2
    assert f"no graph at {missing}" in (run.stderr.read() if run.stderr else "")
    assert not missing.exists()
