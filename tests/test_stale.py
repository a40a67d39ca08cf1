"""Stale citations read a page at a time from the ``stale`` table (schema 11) equal the
definition computed from every node and relation: a document dated on or after the day an
instrument ended that still cites it (``cites``, ``based_on``, ``implements``), in order of
citing date, citing key, cited key and store order.

The graph: 600 FICTIONAL generated documents (supersession chains; plans of later years that
still cite the replaced decrees), written as an upload writes them (derived rows updated
document batch by batch) — the table is kept by ``graph.derived_tables.update``, and
``test_derived_tables`` checks it against a rebuild after random changes.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from benchmarks.generate_corpus import generate
from graph.facts import document_facts
from graph.queries import CITING, stale_citations, stale_page
from graph.sqlite_store import SqliteStore
from loaders.extract import extract_path
from tests.test_store import AFTER_11


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stale")
    generate(root / "docs", 600, seed=11)
    facts = [document_facts(extract_path(p)) for p in sorted((root / "docs").glob("*.txt"))]
    with SqliteStore(root / "graph.db") as store:
        for i in range(0, len(facts), 50):
            store.replace_documents(facts[i:i + 50], derive=True)
    return root / "graph.db"


def _defined(store: SqliteStore, as_of: date | None) -> list[tuple[str, str, str, int | None]]:
    """The definition, from the whole graph: (citing, cited, kind, span start) in order."""
    nodes = {n.key: n for n in store.all_nodes()}
    out = []
    for r in store.all_edges(proposals=False):  # in store order: the last tie-break
        doc, old = nodes.get(r.source), nodes.get(r.target)
        if r.kind not in CITING or doc is None or old is None or old.date_no_longer_in_force is None:
            continue
        if doc.date_issued is None or doc.date_issued < old.date_no_longer_in_force:
            continue
        if as_of and doc.date_issued > as_of:
            continue
        out.append((doc.date_issued, doc.key, old.key, r.kind, r.evidence.start))
    return [x[1:] for x in sorted(out, key=lambda x: x[:3])]


def _found(items: list) -> list[tuple[str, str, str, int | None]]:  # type: ignore[type-arg]
    return [(s.document.key, s.cited.key, s.relation.kind, s.relation.evidence.start) for s in items]


@pytest.mark.parametrize("as_of", [None, date(2027, 6, 30), date(2000, 1, 1)])
def test_stale_citations_equal_their_definition_page_by_page(store_path: Path, as_of: date | None) -> None:
    with SqliteStore(store_path, readonly=True) as store:
        expected = _defined(store, as_of)
        assert _found(stale_citations(store, as_of)) == expected
        pages, offset = [], 0
        while True:
            total, page = stale_page(store, as_of, offset, 37)
            assert total == len(expected)
            if not page:
                break
            pages += page
            offset += len(page)
        assert _found(pages) == expected
    if as_of is None:  # the generated graph has them: the comparison is not of two empty lists
        assert len(expected) > 100 and len({x[1] for x in expected}) > 5
    for s in pages:
        assert s.document.date_issued and s.ended == s.cited.date_no_longer_in_force <= s.document.date_issued
        assert s.relation.evidence.sentence and s.cited.key in {s.relation.target}


def test_a_store_of_schema_10_gets_its_stale_citations_on_opening(store_path: Path, tmp_path: Path) -> None:
    """The upgrade fills the table (and the agency index of schema 14) from the rows the store
    holds (no rebuild of the other derived rows: minutes on a national graph), and keeps it up
    to date after."""
    copy = tmp_path / "old.db"
    with sqlite3.connect(store_path) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    with SqliteStore(store_path, readonly=True) as store:
        agencies = store.agencies()
    with sqlite3.connect(copy) as con:
        before = con.execute("SELECT * FROM stale ORDER BY relation").fetchall()
        words = con.execute("SELECT key, words FROM nodes ORDER BY key").fetchall()
        con.executescript(f"{AFTER_11} DROP TRIGGER relations_unstale; DROP TABLE stale; PRAGMA user_version = 10;")
    with SqliteStore(copy) as store:
        assert store.schema_version == 21
        assert store.db.execute("SELECT * FROM stale ORDER BY relation").fetchall() == before
        assert store.db.execute("SELECT key, words FROM nodes ORDER BY key").fetchall() == words  # stored anew
        assert sum(w is not None for _, w in words) > 500
        assert store.agencies() == agencies and sum(n for _, n in agencies) > 500  # the agency index, made anew
        # the file of the latest stale citation is ingested again without its citations
        (doc,) = store.db.execute("SELECT r.document FROM stale s JOIN relations r ON r.id = s.relation"
                                  " ORDER BY s.dated DESC, s.relation LIMIT 1").fetchone()
        facts = document_facts(extract_path(Path(store.document(doc).source)))  # type: ignore[union-attr]
        store.replace_document(replace(facts, relations=(), digest="changed"), derive=True)
        after = _found(stale_citations(store))
        assert after == _defined(store, None) and 0 < len(after) < len(before)
        assert doc not in {x[0] for x in after}
