"""Shared fixtures: the bundled corpus and the gold labels."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from graph.store import StoreSpec

if TYPE_CHECKING:
    from graph.neo4j_store import Neo4jStore
    from graph.neo4j_sync import PushResult

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
GOLD = Path(__file__).resolve().parent / "fixtures" / "gold"
SEEDS = sorted((CORPUS / "seeds").glob("*.txt"))


CATALOGUE = ROOT / "data" / "catalogue.yaml"


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus and catalogue ingested into a real SQLite file, once per run.
    Tests that write copy it first (``writable_db``)."""
    from graph.ingest import ingest
    from graph.sqlite_store import SqliteStore
    from loaders.corpus import iter_documents

    path = tmp_path_factory.mktemp("corpus") / "graph.db"
    with SqliteStore(path) as store:
        summary = ingest([*iter_documents([CORPUS]), CATALOGUE], store, workers=2)
    assert not summary.failed
    return path


@pytest.fixture
def writable_db(corpus_db: Path, tmp_path: Path) -> Path:
    """A private copy of ``corpus_db`` a test may change."""
    import shutil

    copy = tmp_path / "graph.db"
    shutil.copyfile(corpus_db, copy)
    return copy


# -- Neo4j: a real server for the session ---------------------------------------------------

@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreSpec]:
    """A Neo4j Community 5.26 server of the project's own launcher (``tests/neo4j_server.py``),
    started once per run on a free port with a fresh password, stopped at the end. Without
    Java or Maven the tests that need it are skipped, saying so; CI sets
    ``VBGRAPH_REQUIRE_NEO4J=1`` so that there a missing server is a failure, not a skip."""
    from tests.neo4j_server import Unavailable, running

    root = tmp_path_factory.mktemp("neo4j")
    password = secrets.token_urlsafe(18)
    server = running(root / "data", password, log=root / "neo4j.log", graceful=False)
    try:
        uri = server.__enter__()
    except Unavailable as err:
        if os.environ.get("VBGRAPH_REQUIRE_NEO4J"):
            pytest.fail(f"{err} (VBGRAPH_REQUIRE_NEO4J is set)")
        pytest.skip(str(err))
    try:
        yield StoreSpec(uri=uri, user="neo4j", password=password)
    finally:
        server.__exit__(None, None, None)


@pytest.fixture(scope="session")
def push_to_neo4j(neo4j_server: StoreSpec) -> Iterator[Callable[[Path], PushResult]]:
    """Make the server's database hold the graph of a SQLite file (only the difference is
    written). Tests share the one database: each pushes the graph it needs before reading."""
    from graph.neo4j_store import connect
    from graph.neo4j_sync import push
    from graph.sqlite_store import SqliteStore

    driver = connect(neo4j_server)

    def pushed(db: Path) -> PushResult:
        with SqliteStore(db) as store:
            return push(store, driver, neo4j_server.database, str(neo4j_server))

    yield pushed
    driver.close()


@pytest.fixture
def corpus_neo4j(corpus_db: Path, neo4j_server: StoreSpec,
                 push_to_neo4j: Callable[[Path], PushResult]) -> Iterator[Neo4jStore]:
    """The bundled graph in Neo4j, read through ``Neo4jStore``."""
    from graph.neo4j_store import Neo4jStore

    push_to_neo4j(corpus_db)
    with Neo4jStore.connect(neo4j_server) as store:
        yield store
