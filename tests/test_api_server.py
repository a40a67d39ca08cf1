"""``vbgraph serve`` as users run it: a real uvicorn server in its own process, on loopback,
answering while ``vbgraph ingest`` writes to the same SQLite file from another process."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CATALOGUE, CORPUS
from tests.live import free_port, get, server_process, serving, vbgraph


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A server over a store that holds only the catalogue, yet."""
    db = tmp_path / "graph.db"
    assert vbgraph("ingest", str(CATALOGUE), "--db", str(db)).wait(60) == 0
    with serving("--db", str(db)) as url:
        yield url, db


def test_reads_stay_whole_while_an_ingest_writes(served: tuple[str, Path]) -> None:
    url, db = served
    ingest = vbgraph("ingest", str(CORPUS), "--db", str(db), "--workers", "1", "--batch", "2")  # commits to see between
    seen: list[int] = []
    answers = 0
    while ingest.poll() is None or not seen:
        status, lineage = get(url + "/lineage?id=55%2F2009")
        assert status == 200, lineage
        assert [x["id"] for x in lineage["replaced_by"]] == ["125/2021/NĐ-CP"]
        status, health = get(url + "/health")
        assert status == 200
        seen.append(health["counts"]["documents"])
        answers += 2
    assert ingest.returncode == 0, ingest.stderr.read() if ingest.stderr else ""
    assert seen == sorted(seen), "a reader never sees the store go back"
    assert answers >= 4 and len(set(seen)) > 2, seen  # it read between commits, not only before and after
    final = get(url + "/health")[1]["counts"]
    assert final["documents"] == 32 and final["instruments"] > 100
    status, details = get(url + "/instruments/" + urllib.request.quote("Luật Bình đẳng giới", safe=""))
    assert status == 200 and details["instrument"]["id"] == "73/2006/QH11"


def test_serve_without_a_store_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.db"
    run = vbgraph("serve", "--db", str(missing), "--port", str(free_port()))
    assert run.wait(30) == 2
    assert f"no graph at {missing}" in (run.stderr.read() if run.stderr else "")
    assert not missing.exists()


def test_several_server_processes_answer_and_all_see_each_commit(tmp_path: Path) -> None:
    """``vbgraph serve --workers 2``: two processes share the port; after another process
    commits, every answer (whichever process gives it, whatever it cached) is the new graph."""
    db = tmp_path / "graph.db"
    assert vbgraph("ingest", str(CATALOGUE), "--db", str(db)).wait(60) == 0
    with server_process("--db", str(db), "--workers", "2") as (url, server):
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        alive = [c for c in children if "spawn_main" in Path(f"/proc/{c}/cmdline").read_text()]
        assert len(alive) == 2, children
        before = {get(url + "/health")[1]["counts"]["documents"] for _ in range(20)}
        assert before == {1}
        assert vbgraph("ingest", str(CORPUS), "--db", str(db), "--workers", "1").wait(300) == 0
        after = [get(url + "/health")[1]["counts"]["documents"] for _ in range(40)]
        assert set(after) == {32}, after
        lineages = [get(url + "/lineage?id=55%2F2009") for _ in range(10)]
        assert all(s == 200 and [x["id"] for x in b["replaced_by"]] == ["125/2021/NĐ-CP"] for s, b in lineages)


def test_the_server_processes_answer_without_waiting_for_delayed_acks() -> None:
    """``--workers N`` listens on ``tcp_listener``: the connections it accepts have Nagle's
    algorithm off, as one process's do (uvicorn's own listener left it on: ~40 ms a request)."""
    import asyncio
    import socket

    import uvicorn

    from api.cli import tcp_listener

    async def accepted_nodelay(listener: socket.socket) -> int:
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Report(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                sock = transport.get_extra_info("socket")
                seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await asyncio.get_running_loop().create_server(Report, sock=listener)
        _, writer = await asyncio.open_connection(*listener.getsockname()[:2])
        found = await asyncio.wait_for(seen, 10)
        writer.close()
        server.close()
        return found

    config = uvicorn.Config("api.server:app_from_env", factory=True, host="127.0.0.1", port=free_port(), workers=2)
    assert asyncio.run(accepted_nodelay(tcp_listener(config))) == 1
    assert asyncio.run(accepted_nodelay(config.bind_socket())) == 0  # uvicorn's listener, as it binds it


def test_the_server_runs_on_the_compiled_http_parser_and_event_loop() -> None:
    """``vbgraph serve`` asks uvicorn for httptools and uvloop by name (installed with the
    project): with h11 and asyncio each request cost a third to a half more server CPU."""
    import uvicorn

    from api.cli import SERVER

    async def app(scope: object, receive: object, send: object) -> None: ...

    config = uvicorn.Config(app, **SERVER)  # type: ignore[arg-type]
    config.load()
    assert config.http_protocol_class.__name__ == "HttpToolsProtocol"
    factory = config.get_loop_factory()
    assert factory is not None
    loop = factory()
    try:
        assert type(loop).__module__.startswith("uvloop")
    finally:
        loop.close()
