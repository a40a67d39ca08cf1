"""Shared fixtures: the bundled corpus and the gold labels."""

from __future__ import annotations

from pathlib import Path

import pytest

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
