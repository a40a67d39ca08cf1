"""Forgiving lookup on a store built from the seed letters (a real SQLite file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.facts import document_facts
from graph.resolve import resolve
from graph.sqlite_store import SqliteStore
from loaders.extract import extract_path
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> SqliteStore:
    db: Path = tmp_path_factory.mktemp("g") / "graph.db"
    s = SqliteStore(db)
    for p in SEEDS:
        s.replace_document(document_facts(extract_path(p)))
    s.rebuild_derived()
    return s


@pytest.mark.parametrize("query", ["55/2009", "55/2009/ND-CP", "nd 55/2009", "Nghị định 55/2009",
                                   "55/2009/NĐ-CP", "  nghi dinh 55 / 2009 "])
def test_forgiving_forms_find_decree_55_2009(store: SqliteStore, query: str) -> None:
    assert resolve(store, query).key == "55/2009/NĐ-CP"


def test_ascii_letter_number_finds_the_molisa_letter(store: SqliteStore) -> None:
    assert resolve(store, "1275/LDTBXH-BDG").key == "1275/LĐTBXH-BĐG"


def test_ambiguous_input_lists_the_candidates(store: SqliteStore) -> None:
    # seed 004 cites 101/QĐ-TTg (a decision) and 101/KH-UBND (a Tuyên Quang plan)
    result = resolve(store, "101")
    assert result.key is None
    assert "101/QĐ-TTg" in result.candidates
    assert any(c.startswith("101/KH-UBND@") for c in result.candidates)
    assert resolve(store, "quyết định 101").key == "101/QĐ-TTg"


def test_unknown_input_finds_nothing(store: SqliteStore) -> None:
    assert resolve(store, "9999/2030/NĐ-CP").candidates == ()
    assert resolve(store, "không có số").candidates == ()
