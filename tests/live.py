"""``vbgraph serve`` as users run it, for the tests that need a real server process."""

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
from contextlib import contextmanager
from typing import Any

from tests.conftest import ROOT

#: Settings of the developer's shell that would change what a test's server does.
CLEARED = ("VBGRAPH_API_KEY", "VBGRAPH_DB", "VBGRAPH_STORE")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def vbgraph(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """The ``vbgraph`` command in its own process, with this checkout's code."""
    base = {k: v for k, v in os.environ.items() if k not in CLEARED}
    return subprocess.Popen([sys.executable, "-m", "api", *args], cwd=ROOT, env={**base, **(env or {})}, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def get(url: str) -> tuple[int, Any]:
    """Status and JSON body (problems included)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


@contextmanager
def serving(*store: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """``vbgraph serve`` over ``store`` (``--db FILE`` or ``--store URI``) on a free port,
    answering /health; yields its base URL and stops it afterwards."""
    with server_process(*store, env=env) as (url, _):
        yield url


@contextmanager
def server_process(*args: str, env: dict[str, str] | None = None) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``serving``, also yielding the server's process."""
    port = free_port()
    server = vbgraph("serve", *args, "--port", str(port), "--log-level", "warning", env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if get(url + "/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            server.kill()
            raise AssertionError("server did not start: " + (server.stderr.read() if server.stderr else ""))
        yield url, server
    finally:
        server.terminate()
        server.wait(20)
