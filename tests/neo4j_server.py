"""A real Neo4j server for the tests (and ``make neo4j``), from the project's own launcher.

No Neo4j server comes from PyPI, Debian or npm; Maven Central has Neo4j Community 5.26 (LTS).
``build()`` compiles ``tools/neo4j-launcher`` with Maven (fetching Neo4j the first time, then
from ``~/.m2``), ``running()`` starts it on 127.0.0.1 and a free port, waits until Bolt
answers, and stops it. Where Java or Maven is missing, ``Unavailable`` says so; the tests that
need the server are then skipped with that message.

    python -m tests.neo4j_server build                 # what `make test` runs first
    python -m tests.neo4j_server run --port 7687       # a server to try vbgraph push against
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAUNCHER = ROOT / "tools" / "neo4j-launcher"
JAR = LAUNCHER / "target" / "neo4j-launcher-1.0.jar"
CLASSPATH = LAUNCHER / "target" / "classpath.txt"
READY = "vbgraph-neo4j ready "
START_TIMEOUT = 180.0


class Unavailable(RuntimeError):
    """No Neo4j can be run here, and why."""


def build() -> str:
    """The launcher's class path, built with Maven when its sources are newer than the build."""
    java, mvn = shutil.which("java"), shutil.which("mvn")
    if not java or not mvn:
        missing = " and ".join(name for name, found in (("Java 17", java), ("Maven", mvn)) if not found)
        raise Unavailable(f"Neo4j tests skipped: {missing} not found (install openjdk-17-jdk-headless and maven)")
    sources = [LAUNCHER / "pom.xml", *LAUNCHER.glob("src/**/*.java")]
    if not (JAR.exists() and CLASSPATH.exists()
            and min(JAR.stat().st_mtime, CLASSPATH.stat().st_mtime) >= max(s.stat().st_mtime for s in sources)):
        done = subprocess.run([mvn, "-q", "-B", "-f", str(LAUNCHER / "pom.xml"), "package"],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise Unavailable(f"Neo4j launcher did not build (mvn exit {done.returncode}):\n"
                              f"{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return f"{JAR}{os.pathsep}{CLASSPATH.read_text().strip()}"


@contextmanager
def running(data: Path, password: str | None, port: int = 0, log: Path | None = None,
            graceful: bool = True, heap: str = "1g") -> Iterator[str]:
    """A Neo4j server with its data under ``data``; yields its ``bolt://`` URI. The server
    watches its standard input: when this process ends, however it ends, the server stops.
    ``graceful=False`` kills it at the end instead of letting it checkpoint (about 10 s): for
    data thrown away anyway. ``heap``: the JVM's maximum heap; Neo4j lets one transaction use
    70 % of it, and a push is one transaction (a 10 000-document graph needs more than 1g)."""
    classpath = build()
    env = {**os.environ, "NEO4J_PASSWORD": password or ""}
    err = open(log or data.parent / "neo4j.log", "ab")  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen(
        ["java", "-Xms256m", f"-Xmx{heap}", "-cp", classpath, "vbgraph.neo4j.Launcher", "--data", str(data),
         "--port", str(port)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, env=env)
    try:
        uri = _ready(proc)
        yield uri
    finally:
        assert proc.stdin is not None
        if not graceful:
            proc.kill()
        proc.stdin.close()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        err.close()


def _ready(proc: subprocess.Popen[bytes]) -> str:
    """The URI the launcher prints when Bolt accepts connections."""
    found: list[str] = []

    def read() -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace").strip()
            if line.startswith(READY):
                found.append(line[len(READY):])
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(START_TIMEOUT)
    if not found:
        proc.kill()
        raise Unavailable(f"Neo4j did not start within {START_TIMEOUT:g} s (exit {proc.poll()}); see its log")
    return found[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("build", "run"))
    parser.add_argument("--port", type=int, default=7687)
    parser.add_argument("--data", type=Path, default=ROOT / ".vbgraph" / "neo4j")
    args = parser.parse_args()
    try:
        if args.command == "build":
            build()
            print(f"Neo4j launcher ready ({LAUNCHER.relative_to(ROOT)})")
            return
        args.data.mkdir(parents=True, exist_ok=True)
        password = os.environ.get("NEO4J_PASSWORD")
        # Ctrl-C or a plain kill stops the server cleanly (also when started in the background,
        # where SIGINT arrives ignored)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        with running(args.data, password, args.port, args.data.parent / "neo4j.log") as uri:
            auth = "user neo4j, password from NEO4J_PASSWORD" if password else "no authentication"
            print(f"Neo4j {uri} ({auth}), data in {args.data}; Ctrl-C stops it", flush=True)
            threading.Event().wait()
    except Unavailable as err:
        print(err, file=sys.stderr)
        sys.exit(0 if args.command == "build" else 2)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
