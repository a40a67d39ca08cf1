"""The embedded store on a real SQLite file: idempotent, per-document, atomic."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from graph import claims
from graph.facts import document_facts
from graph.model import Evidence, Instrument, Relation
from graph.schema import MIGRATIONS
from graph.search import Match
from graph.sqlite_store import SqliteStore
from loaders.extract import extract_path, extract_text
from loaders.text import fold
from tests.conftest import ROOT, SEEDS

LETTER = (
    "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\nSố: 100/LĐTBXH-BĐG\nHà Nội, ngày 2 tháng 3 năm 2023\n"
    "V/v hướng dẫn công tác bình đẳng giới\n\n"
    "Thực hiện Nghị định số {cited} ngày 28/12/2021 của Chính phủ, Bộ đề nghị các địa phương triển khai."
)


def _dump(db: Path) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db)
    rows = [
        *con.execute("SELECT key, source, digest, extraction FROM documents ORDER BY key"),
        *con.execute("SELECT * FROM instrument_claims ORDER BY document, key"),
        *con.execute("SELECT * FROM agency_claims ORDER BY document, name"),
        *con.execute('SELECT document, source, target, kind, method, start, "end", sentence FROM relations '
                     "ORDER BY document, source, target, kind, start"),
    ]
    con.close()
    return rows


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "graph.db"


def test_ingesting_the_same_documents_twice_gives_the_same_store(db: Path) -> None:
    facts = [document_facts(extract_path(p)) for p in SEEDS]
    with SqliteStore(db) as store:
        for f in facts:
            assert not store.replace_document(f).unchanged
    first = _dump(db)
    with SqliteStore(db) as store:
        results = [store.replace_document(f) for f in facts]
    assert all(r.unchanged for r in results)
    assert _dump(db) == first


def test_reingest_replaces_exactly_what_that_document_asserted(db: Path) -> None:
    other = document_facts(extract_path(SEEDS[0]))
    with SqliteStore(db) as store:
        store.replace_document(other)
        store.replace_document(document_facts(extract_text(LETTER.format(cited="55/2009/NĐ-CP"), "l.txt")))
        before_other = store.relations(source=other.document)
        result = store.replace_document(document_facts(extract_text(LETTER.format(cited="125/2021/NĐ-CP"), "l.txt")))
        assert result.removed >= 1 and result.added >= 1
        targets = {r.target for r in store.relations(source="100/LĐTBXH-BĐG")}
        assert "125/2021/NĐ-CP" in targets and "55/2009/NĐ-CP" not in targets
        assert store.relations(source=other.document) == before_other
        # 55/2009 is still known: seed 000 cites it
        assert store.instrument("55/2009/NĐ-CP") is not None


def test_a_failed_write_leaves_the_old_facts(db: Path) -> None:
    good = document_facts(extract_text(LETTER.format(cited="55/2009/NĐ-CP"), "l.txt"))
    with SqliteStore(db) as store:
        store.replace_document(good)
        before = _dump(db)
        broken = replace(
            document_facts(extract_text(LETTER.format(cited="125/2021/NĐ-CP"), "l.txt")),
            relations=(Relation("100/LĐTBXH-BĐG", "x", "cites", Evidence("100/LĐTBXH-BĐG", "guessed")),),
        )
        with pytest.raises(sqlite3.IntegrityError):
            store.replace_document(broken)
    assert _dump(db) == before


#: What undoes the migrations after 11 (a store of an earlier schema, to upgrade).
#: Undoes schema 21: the changes of force of each (type, issuer) group.
UNDO_21 = (" DROP TRIGGER nodes_group_force_added; DROP TRIGGER nodes_group_force_removed;"
           " DROP TRIGGER nodes_group_force_changed; DROP TABLE group_force_days; DROP TABLE group_force_years;")
#: Undoes schema 20: the index of groups without their members' words.
UNDO_20 = UNDO_21 + " DROP INDEX nodes_for_proposals; CREATE INDEX nodes_for_proposals ON nodes(type, issuer);"
#: Undoes schema 19: the search index of one column, as schema 6 made it (the texts keep their
#: marks; the upgrade writes them again).
UNDO_19 = (" DROP TRIGGER nodes_searched; DROP TRIGGER nodes_unsearched; DROP TRIGGER nodes_researched;"
           " DROP TABLE node_search; DROP VIEW node_text; " + MIGRATIONS[5] + ";")
AFTER_11 = (UNDO_20 + UNDO_19
            + " DROP TRIGGER nodes_grouped; DROP TRIGGER nodes_ungrouped; DROP TRIGGER nodes_regrouped;"
             " DROP TABLE node_groups; DROP INDEX nodes_group_in_force; DROP INDEX nodes_group_newest;"
             " DROP TRIGGER stale_added; DROP TRIGGER stale_removed; DROP TABLE stale_days;"
             " DROP INDEX agency_claims_by_name; DROP TABLE agency_index; DROP INDEX relations_issued;"
             " DROP INDEX instrument_claims_by_key; CREATE INDEX instrument_claims_by_key ON instrument_claims(key);"
             " ALTER TABLE nodes DROP COLUMN words; DROP TABLE claim_deciders; DROP TRIGGER relations_uncited;"
             " DROP TABLE citing;")


def test_store_is_versioned_and_in_wal_mode(db: Path) -> None:
    with SqliteStore(db) as store:
        assert store.schema_version == len(MIGRATIONS) == 21
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with SqliteStore(db) as store:  # reopening applies nothing twice
        assert store.schema_version == len(MIGRATIONS)


_UNDO_18 = f"{UNDO_20}{UNDO_19} DROP TRIGGER relations_uncited; DROP TABLE citing;"
_FILLED = ("SELECT * FROM claim_deciders ORDER BY key, document", "SELECT key, words FROM nodes ORDER BY key",
           "SELECT * FROM citing ORDER BY relation", "SELECT key, search FROM nodes ORDER BY key",
           "SELECT rowid FROM node_search WHERE node_search MATCH 'names : \"| luat binh dang gioi |\"'",
           "SELECT rowid FROM node_search WHERE node_search MATCH 'names : \"bao luc\"' ORDER BY rowid",
           "SELECT rowid FROM node_search WHERE node_search MATCH 'head : \"ubnd\"' ORDER BY rowid",
           "SELECT sql FROM sqlite_master WHERE name = 'nodes_for_proposals'",
           "SELECT * FROM group_force_days ORDER BY 1, 2, 3", "SELECT * FROM group_force_years ORDER BY 1, 2, 3")


def _old_search_text(node: Instrument) -> str:
    """A node's search text before schema 19: every part folded in one run, names unmarked."""
    parts = [node.key, node.number or "", node.type or "", node.title or "", node.issuer or "", *node.aliases]
    return fold(" ".join(" ".join(p.split()) for p in parts))


@pytest.mark.parametrize("version, undo", [
    (20, UNDO_21),
    (19, UNDO_20),
    (18, UNDO_20 + UNDO_19),
    (17, _UNDO_18),
    (16, f"{_UNDO_18} DROP TABLE claim_deciders;"),
    (15, f"{_UNDO_18} DROP TABLE claim_deciders; ALTER TABLE nodes DROP COLUMN words;"
         " DROP INDEX instrument_claims_by_key; CREATE INDEX instrument_claims_by_key ON instrument_claims(key);"),
])
def test_a_store_upgraded_from_15_to_20_gets_the_rows_it_would_have_had(
        version: int, undo: str, writable_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The title words (16), deciding claims (17), citing dates (18), search texts with their
    index of names (19) and each (type, issuer) group's changes of force (21) are made on
    upgrade as a store written by this version has them (instruments claimed twice keep their
    deciding claims here)."""
    monkeypatch.setattr(claims, "HUB_CLAIMS", 2)
    with SqliteStore(writable_db) as store:
        claims.decide(store.db, None)
        expected = [store.db.execute(sql).fetchall() for sql in _FILLED]
        old = [(_old_search_text(n), n.key) for n in store.all_nodes()]
    assert len(expected[0]) > 20 and any(w for _, w in expected[1]) and len(expected[2]) > 100
    assert all(expected[4:]) and "|" not in "".join(text for text, _ in old)
    con = sqlite3.connect(writable_db)
    con.executescript(f"{undo} PRAGMA user_version = {version};")
    if version < 19:
        con.executemany("UPDATE nodes SET search = ? WHERE key = ?", old)
    con.commit()
    con.close()
    with SqliteStore(writable_db) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert [store.db.execute(sql).fetchall() for sql in _FILLED] == expected
        store.db.execute("INSERT INTO node_search(node_search) VALUES ('integrity-check')")


def test_a_version_1_store_is_migrated_keeping_its_rows(db: Path) -> None:
    con = sqlite3.connect(db)
    con.executescript(MIGRATIONS[0] + ";PRAGMA user_version = 1;")
    con.execute("INSERT INTO documents VALUES ('d', 'd.txt', 'x', '2026-01-01', '{}')")
    con.execute("INSERT INTO relations (document, source, target, kind, method)"
                " VALUES ('d', 'd', 'e', 'cites', 'text')")
    for target in ("f", "g"):  # two relations proved by one sentence
        con.execute("INSERT INTO relations (document, source, target, kind, method, sentence)"
                    " VALUES ('d', 'd', ?, 'based_on', 'text', 'Căn cứ f và g;')", (target,))
    con.commit()
    con.close()
    with SqliteStore(db) as store:
        assert store.schema_version == len(MIGRATIONS) == 21
        assert store.document_keys() == ["d"]
        assert [(r.source, r.target, r.evidence.origin, r.evidence.sentence) for r in store.relations(source="d")] \
            == [("d", "e", None, None), ("d", "f", None, "Căn cứ f và g;"), ("d", "g", None, "Căn cứ f và g;")]
        assert store.db.execute("SELECT count(*) FROM sentences").fetchone()[0] == 1
        assert store.document_text("d") is None  # older documents have no stored text until re-ingested


def test_a_document_s_text_is_stored_with_it_and_its_spans_point_into_it(db: Path) -> None:
    with SqliteStore(db) as store:
        facts = document_facts(extract_path(SEEDS[0]))
        store.replace_document(facts)
        text = store.document_text(facts.document)
        assert text is not None
        spans = [(r.evidence.start, r.evidence.end) for r in facts.relations if r.evidence.start is not None]
        assert spans and all(0 <= a < b <= len(text) for a, b in spans)


def test_relations_keep_their_evidence_and_instruments_merge_claims(db: Path) -> None:
    with SqliteStore(db) as store:
        for p in SEEDS:
            store.replace_document(document_facts(extract_path(p)))
        decree = store.instrument("55/2009/NĐ-CP")
        assert decree is not None
        assert (decree.type, decree.issuer, str(decree.date_issued)) == ("Nghị định", "Chính phủ", "2009-06-10")
        cites = store.relations(target="55/2009/NĐ-CP", kinds=("implements",))
        assert cites and all(r.evidence.method == "text" and r.evidence.sentence for r in cites)
        text = SEEDS[0].read_text(encoding="utf-8")
        r = cites[0]
        assert r.evidence.start is not None and r.evidence.end is not None
        assert "55/2009/NĐ-CP" in text[r.evidence.start:r.evidence.end]
        assert store.relations(source="55/2009/NĐ-CP", kinds=("issued_by",))[0].target == "Chính phủ"
        counts = store.counts()
        assert counts["documents"] == 5 and counts["relations"] > 60


def test_processes_opening_a_new_store_at_once_migrate_it_once(tmp_path: Path) -> None:
    """Each process reads the schema version again under the write lock (a race CI once met:
    two ingests into a new file, "table documents already exists")."""
    opener = ("import sys; from graph.sqlite_store import SqliteStore; "
              "sys.stdin.read(); SqliteStore(sys.argv[1]).close()")
    for attempt in range(4):
        db = tmp_path / f"new-{attempt}.db"
        runs = [subprocess.Popen([sys.executable, "-c", opener, str(db)], cwd=ROOT, stdin=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(4)]
        time.sleep(1.5)  # every process imported and waiting: release them together
        for run in runs:
            assert run.stdin is not None
            run.stdin.close()
        codes = [run.wait(60) for run in runs]
        errors = [run.stderr.read() if run.stderr else "" for run in runs]
        assert codes == [0, 0, 0, 0], errors
        with SqliteStore(db) as store:
            assert store.schema_version == len(MIGRATIONS)


@pytest.mark.parametrize("text", ["55/2009", "nd-cp", "binh dang gioi", "ke hoach", "qh", "28", "a", 'x"y', "%_\\"])
def test_search_candidates_through_the_index_are_those_of_a_full_scan(corpus_db: Path, text: str) -> None:
    with SqliteStore(corpus_db, readonly=True) as store:
        terms = text.split()
        scanned = store.db.execute(
            "SELECT key FROM nodes WHERE " + " AND ".join(["instr(search, ?) > 0"] * len(terms)) + " ORDER BY key",
            terms).fetchall()
        assert [i.key for i in store.search_candidates(terms)] == [r[0] for r in scanned]


def test_in_force_counts_follow_every_write_of_a_node_and_the_upgrade_to_them(db: Path) -> None:
    """``in_force_count`` (schema 9) and each (type, issuer) group's count (schema 21) are kept
    by triggers: inserts, date and group changes and deletes of nodes, including spans ending
    before they begin (never in force), unknown starts and nodes of no type or issuer."""
    from tests.test_derived_tables import check_force_days, check_group_force_days
    spans = [("a", "2031-01-01", None, "QĐ", "X"), ("b", "2031-01-01", "2032-06-01", "QĐ", "X"),
             ("c", "2032-06-01", "2032-06-01", "QĐ", None), ("d", "2033-01-01", "2031-05-05", None, "X"),
             ("e", None, "2034-01-01", "KH", "X"), ("f", "2031-05-05", "2040-01-01", None, None),
             ("g", "2030-02-02", "2035-01-01", "KH", "X")]
    with SqliteStore(db) as store:
        con = store.db
        for key, start, end, kind, issuer in spans:
            con.execute("INSERT INTO nodes (key, date_in_force, date_end, type, issuer, synthetic, local, aliases,"
                        " documents, search) VALUES (?, ?, ?, ?, ?, 0, 0, '[]', '[]', ?)",
                        (key, start, end, kind, issuer, key))
        check_force_days(con)
        check_group_force_days(con)
        _counts_agree(store)
        assert store.in_force_count(date(2031, 6, 1)) == 4 and store.in_force_count(date(2032, 6, 1)) == 3
        assert store._group_in_force_count("QĐ", "X", date(2031, 6, 1)) == 2
        con.execute("UPDATE nodes SET date_end = '2031-03-01' WHERE key = 'a'")
        con.execute("UPDATE nodes SET date_in_force = '2030-01-01', date_end = NULL WHERE key = 'd'")
        con.execute("UPDATE nodes SET date_in_force = '2033-03-03' WHERE key = 'e'")
        con.execute("UPDATE nodes SET issuer = 'Y' WHERE key = 'b'")
        con.execute("UPDATE nodes SET type = NULL WHERE key = 'g'")
        con.execute("DELETE FROM nodes WHERE key = 'f'")
        check_force_days(con)
        check_group_force_days(con)
        _counts_agree(store)
        assert store.in_force_count(date(2031, 6, 1)) == 3
        assert store._group_in_force_count("QĐ", "X", date(2031, 6, 1)) == 0
        assert store._group_in_force_count("QĐ", "Y", date(2031, 6, 1)) == 1
        assert store._group_in_force_count(None, "X", date(2031, 6, 1)) == 2
        # a store of schema 8 is upgraded: the counts are made from the nodes it holds
        con.executescript("DROP TRIGGER nodes_force_added; DROP TRIGGER nodes_force_removed;"
                          " DROP TRIGGER nodes_force_changed; DROP TABLE force_days; DROP TABLE force_years;"
                          " DROP INDEX nodes_for_in_force; CREATE INDEX nodes_for_in_force"
                          " ON nodes(date_in_force, date_end); DROP INDEX nodes_by_folded_key; DROP INDEX nodes_newest;"
                          f"{AFTER_11} DROP TRIGGER relations_unstale; DROP TABLE stale; PRAGMA user_version = 8;")
    with SqliteStore(db) as store:
        assert store.schema_version == 21
        check_force_days(store.db)
        check_group_force_days(store.db)
        _counts_agree(store)
        assert store.in_force_count(date(2031, 6, 1)) == 3


def _counts_agree(store: SqliteStore) -> None:
    """``in_force_count`` (years, then days) equals counting the nodes, on each day of
    2029–2042, and so does each group's count (``_group_in_force_count``) its nodes."""
    groups = store.db.execute("SELECT DISTINCT type, issuer FROM nodes").fetchall()
    day = date(2029, 1, 1)
    while day < date(2043, 1, 1):
        counted = store.db.execute("SELECT count(*) FROM nodes WHERE date_in_force <= ? AND (date_end IS NULL"
                                   " OR date_end > ?)", (day.isoformat(), day.isoformat())).fetchone()[0]
        assert store.in_force_count(day) == counted, day
        for kind, issuer in groups:
            counted = store.db.execute(
                "SELECT count(*) FROM nodes WHERE type IS ? AND issuer IS ? AND date_in_force <= ?"
                " AND (date_end IS NULL OR date_end > ?)", (kind, issuer, day.isoformat(), day.isoformat())).fetchone()
            assert store._group_in_force_count(kind, issuer, day) == counted[0], (kind, issuer, day)
        day += timedelta(days=1)


@pytest.mark.parametrize(("read", "index", "page"), [
    (lambda store: store.in_force_on(date(2040, 1, 1), 0, 100), "nodes_for_in_force", True),
    (lambda store: store.newest(0, 100), "nodes_newest", True),
    (lambda store: list(store.search_rows(Match(("41/kh-ubnd",), number="41/kh-ubnd"))), "nodes_by_folded_key", False),
    (lambda store: store.stale_relations(date(2040, 1, 1), 0, 100), "stale_in_order", True),
])
def test_pages_and_numbers_are_read_through_an_index_without_sorting(
        db: Path, read: Any, index: str, page: bool) -> None:
    """The first page of what is in force, of everything newest first, or of stale citations
    stops after its rows (no sort of every match); a number is looked up (its few rows sorted),
    not scanned for."""
    with SqliteStore(db) as store:
        asked: list[str] = []
        store.db.set_trace_callback(asked.append)
        read(store)
        store.db.set_trace_callback(None)
        (sql,) = [s for s in asked if ("FROM nodes" in s or "FROM stale" in s) and ("ORDER BY" in s or "LIMIT" in s)]
        plan = " ".join(str(r[3]) for r in store.db.execute("EXPLAIN QUERY PLAN " + sql))
    assert index in plan and not (page and "TEMP B-TREE" in plan) and (page or "SCAN" not in plan), plan


@pytest.mark.parametrize(("order", "conditions", "index"), [
    ("in force", {"on": date(2040, 1, 1)}, "nodes_group_in_force"),
    ("in force", {"on": date(2040, 1, 1), "stated_only": True}, "nodes_group_in_force"),
    ("newest", {"year": 2031}, "nodes_group_newest"),
    ("newest", {"on": date(2040, 1, 1)}, "nodes_group_newest"),
])
def test_a_filtered_page_reads_each_group_in_order_from_its_index(
        db: Path, order: str, conditions: dict[str, Any], index: str) -> None:
    """A page of the Prime Minister's decisions, or of one province's plans, stops after its
    rows in each group (no sort of every match), and counts from the index alone, or, for
    what was in force on a day, from each group's changes of force."""
    groups = [("Quyết định", "Thủ tướng Chính phủ"), ("Kế hoạch", "Ủy ban nhân dân tỉnh Lào Cai"), ("Luật", None)]
    with SqliteStore(db) as store:
        asked: list[str] = []
        store.db.set_trace_callback(asked.append)
        store.listed(groups, order, offset=0, limit=10, **conditions)
        store.db.set_trace_callback(None)
        reads = [s for s in asked if "INDEXED BY" in s]
        counted = [s for s in asked if "group_force_days" in s]
        on_day_only = set(conditions) == {"on"}
        assert (len(reads), len(counted)) == ((len(groups), len(groups)) if on_day_only else (2 * len(groups), 0))
        for sql in reads:
            plan = " ".join(str(r[3]) for r in store.db.execute("EXPLAIN QUERY PLAN " + sql))
            assert index in plan and "TEMP B-TREE" not in plan, plan
            assert "COVERING INDEX" in plan or "stated" in sql, plan
        for sql in counted:  # a few dozen years and one year's days, found by their keys
            plan = [str(r[3]) for r in store.db.execute("EXPLAIN QUERY PLAN " + sql) if "group_force" in str(r[3])]
            assert len(plan) == 2 and all("SEARCH" in p and "PRIMARY KEY" in p for p in plan), plan


def test_a_number_that_recurs_everywhere_finds_its_instruments_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """FICTIONAL plans numbered afresh each year in every province: the instruments of the
    number asked for (typed with or without diacritics) come first, however few of the word
    search's matches they are (here a tier is read newest first past 5 rows, to show it on a
    small graph)."""
    from benchmarks.generate_corpus import generate
    from graph import search as searching
    from loaders.text import fold

    generate(tmp_path / "docs", 500, seed=3)
    with SqliteStore(tmp_path / "graph.db") as store:
        store.replace_documents([document_facts(extract_path(p)) for p in sorted((tmp_path / "docs").glob("*.txt"))],
                                derive=True)
        monkeypatch.setattr(searching, "DENSE", 5)
        monkeypatch.setattr(searching, "DENSE_KEYED", 5)
        numbers = [r[0] for r in store.db.execute(
            "SELECT number FROM nodes WHERE number LIKE '%UBND' GROUP BY number HAVING count(*) > 1")]
        assert len(numbers) >= 3
        for bare in {k.split("/")[0].split("-")[0] for k in store.document_keys()} | {"1", "11", "x", ""}:
            like = [k for (k,) in store.db.execute("SELECT key FROM nodes WHERE key LIKE ? OR key LIKE ? ORDER BY key",
                                                   (f"{bare}/%", f"{bare}-%"))]
            assert store.numbered(bare) == like, bare  # as a LIKE over every key, through the index
        for number in numbers:
            expected = {k for (k,) in store.db.execute("SELECT key FROM nodes WHERE number = ?", (number,))}
            for asked in (number, fold(number).upper()):
                hits = searching.search(store, asked, limit=len(expected))
                assert {h.instrument.key for h in hits} == expected, asked


def test_an_instrument_stated_issued_only_under_a_key_merged_into_it_is_listed(db: Path) -> None:
    """``issued`` reads a page from the nodes, checking each under its key and every key merged
    into it: a plan stated issued by its province only under its provisional key (its text had
    no number) is on the page, as on the whole list read from the relations (FICTIONAL rows)."""
    with SqliteStore(db) as store:
        con = store.db
        con.execute("INSERT INTO documents (key, source, digest, ingested_at, extraction) VALUES"
                    " ('d', 'd.txt', 'x', 'now', '')")
        for key, day in (("1/KH-UBND@a@2031-01-02", "2031-01-02"), ("2/KH-UBND@a@2031-05-06", "2031-05-06")):
            con.execute("INSERT INTO nodes (key, type, issuer, date_issued, synthetic, local, aliases, documents,"
                        " search) VALUES (?, 'Kế hoạch', 'Ủy ban nhân dân tỉnh A', ?, 0, 1, '[]', '[]', ?)",
                        (key, day, key))
        con.execute("INSERT INTO identities VALUES ('synthetic:a', '1/KH-UBND@a@2031-01-02', 'header', 'same')")
        for source in ("synthetic:a", "2/KH-UBND@a@2031-05-06"):
            con.execute("INSERT INTO relations (document, source, target, kind, method) VALUES"
                        " ('d', ?, 'Ủy ban nhân dân tỉnh A', 'issued_by', 'text')", (source,))
        con.execute("INSERT INTO agency_index VALUES ('Ủy ban nhân dân tỉnh A', 'province', NULL, '[]', 2)")
        expected = ["2/KH-UBND@a@2031-05-06", "1/KH-UBND@a@2031-01-02"]
        assert [i.key for i in store.issued("Ủy ban nhân dân tỉnh A")] == expected
        assert [i.key for i in store.issued("Ủy ban nhân dân tỉnh A", 0, 10)] == expected
        assert [i.key for i in store.issued("Ủy ban nhân dân tỉnh A", 1, 10)] == expected[1:]


@pytest.mark.parametrize("changed", [None, {"1241/QĐ-TTg"}])
def test_a_group_is_read_from_its_index_alone(writable_db: Path, changed: set[str] | None) -> None:
    """The members of a (type, issuer) group are read as the inference rule needs them (key,
    number, date, title words) from an index, not from the table: the Prime Minister's 80 000
    decisions at a million documents were 4.9 s of scattered reads with a cold page cache."""
    from graph import derived_tables

    with SqliteStore(writable_db) as store:
        asked: list[str] = []
        store.db.set_trace_callback(asked.append)
        derived_tables._repropose(store.db, ("Quyết định", "Thủ tướng Chính phủ"), changed)
        store.db.set_trace_callback(None)
        (sql,) = [s for s in asked if "nodes_for_proposals" in s]
        plan = " ".join(str(r[3]) for r in store.db.execute("EXPLAIN QUERY PLAN " + sql))
    assert "COVERING INDEX nodes_for_proposals" in plan, plan


def _asserted(db: Path) -> list[list[tuple[object, ...]]]:
    """Every asserted row as stored, without row ids and times of writing: a relation with
    the text of its evidence sentence."""
    con = sqlite3.connect(db)
    out = [con.execute(sql).fetchall() for sql in (
        "SELECT key, source, digest, extraction, text FROM documents ORDER BY key",
        "SELECT * FROM instrument_claims ORDER BY document, key",
        'SELECT * FROM fact_sources ORDER BY document, key, field, start, "end"',
        "SELECT * FROM agency_claims ORDER BY document, name",
        "SELECT document, text FROM sentences ORDER BY document, text",
        'SELECT r.document, source, target, kind, method, start, "end", s.text, score, reasons, origin'
        " FROM relations r LEFT JOIN sentences s ON s.id = r.sentence_id"
        ' ORDER BY r.document, source, target, kind, start, "end", s.text')]
    con.close()
    return out


def test_a_bulk_load_stores_the_rows_its_workers_made_as_the_facts_would_be_stored(tmp_path: Path) -> None:
    """A bulk load's workers hand over each document as the rows the store writes
    (``DocumentRows``); the asserted rows are those of writing the documents' facts, evidence
    sentences included, and a yearless number issued again another year is refused by name
    within the load as it is by an upload (FICTIONAL generated documents and decisions)."""
    from benchmarks.generate_corpus import generate
    from graph.ingest import ingest
    from tests.test_reliability import FICTIONAL_DECISION

    folder = tmp_path / "docs"
    generate(folder, 120, seed=11)
    for name, year in (("zz-a-2031.txt", 2031), ("zz-b-2032.txt", 2032)):
        (folder / name).write_text(FICTIONAL_DECISION.format(day=2, year=year, subject=name), encoding="utf-8")
    files = sorted(folder.glob("*.txt")) + SEEDS
    with SqliteStore(tmp_path / "bulk.db") as store:
        summary = ingest(files, store, workers=2, batch=50)
    assert summary.ingested == len(files) - 1 and summary.failed == [(
        str(folder / "zz-b-2032.txt"),
        f"its number 7777/QĐ-TTg is already the key of {folder / 'zz-a-2031.txt'}, issued 2031-03-02, and this one"
        " is issued 2032-03-02: a number without its year recurs each year, and the graph keys it by the number"
        " alone, so this document was not stored (the other is kept)")]
    written = [document_facts(extract_path(f)) for f in files if f.name != "zz-b-2032.txt"]
    with SqliteStore(tmp_path / "facts.db") as store:
        store.replace_documents(written, derive=True)
    bulk, facts = _asserted(tmp_path / "bulk.db"), _asserted(tmp_path / "facts.db")
    assert all(bulk) and any(row[7] for row in bulk[5]) and any(row[3] for row in bulk[2])
    assert bulk == facts
    evidence = sorted(((f.document, r.source, r.target, r.kind, r.evidence.start, r.evidence.sentence)
                       for f in written for r in f.relations), key=repr)
    assert sorted(((*row[:4], row[5], row[7]) for row in bulk[5]), key=repr) == evidence


def test_a_bulk_load_checkpoints_the_log_further_apart_until_it_ends(tmp_path: Path) -> None:
    """While a bulk load writes, the log is written back every ``BULK_CHECKPOINT_PAGES``
    pages; after it, and through an update of a few documents, every SQLite default
    (FICTIONAL generated documents)."""
    from benchmarks.generate_corpus import generate
    from graph.ingest import ingest
    from graph.sqlite_store import BULK_CHECKPOINT_PAGES, DEFAULT_CHECKPOINT_PAGES

    generate(tmp_path / "many", 60, seed=5)
    generate(tmp_path / "few", 3, seed=6)
    with SqliteStore(tmp_path / "g.db") as store:
        def interval() -> int:
            return int(store.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0])

        during: dict[str, set[int]] = {"bulk": set(), "update": set()}
        ingest(sorted((tmp_path / "many").glob("*.txt")), store, workers=1,
               on_done=lambda _: during["bulk"].add(interval()))
        after_bulk = interval()
        ingest(sorted((tmp_path / "few").glob("*.txt")), store, workers=1,
               on_done=lambda _: during["update"].add(interval()))
        assert store.counts()["documents"] == 63
    assert during == {"bulk": {BULK_CHECKPOINT_PAGES}, "update": {DEFAULT_CHECKPOINT_PAGES}}
    assert after_bulk == DEFAULT_CHECKPOINT_PAGES


def test_a_writing_store_lets_sqlite_sort_on_helper_threads(tmp_path: Path) -> None:
    """The indexes a bulk load makes again are sorted with ``SORT_THREADS`` helper threads."""
    from graph.sqlite_store import SORT_THREADS

    with SqliteStore(tmp_path / "g.db") as store:
        assert store.db.execute("PRAGMA threads").fetchone()[0] == SORT_THREADS == 2
