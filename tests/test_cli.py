"""The ``vbgraph extract`` command, run as a user runs it: a real process on real files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEEDS


def _vbgraph(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "api", *args], capture_output=True, text=True, timeout=120)


def test_extract_json_follows_the_contract(tmp_path: Path) -> None:
    shutil.copy(SEEDS[3], tmp_path / "letter.txt")
    run = _vbgraph("extract", str(tmp_path), "--format", "json")
    assert run.returncode == 0, run.stderr
    (doc,) = json.loads(run.stdout)
    assert set(doc) >= {"source", "document", "references", "agencies", "warnings"}
    header_fields = {"id", "number", "synthetic_id", "type", "issuer", "place", "date", "title", "signer"}
    assert set(doc["document"]) >= header_fields
    assert doc["document"]["number"] == "418/LĐTBXH-BĐG"
    ref = doc["references"][0]
    assert set(ref) >= {"id", "type", "name", "issuer", "date", "relation", "mentions"}
    assert set(ref["mentions"][0]) >= {"start", "end", "text", "sentence", "in_footnote"}


def test_a_bad_file_is_named_and_the_others_still_load(tmp_path: Path) -> None:
    shutil.copy(SEEDS[0], tmp_path / "a.txt")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4 truncated")
    run = _vbgraph("extract", str(tmp_path), "--format", "json")
    assert run.returncode == 1
    assert "b.pdf" in run.stderr
    docs = json.loads(run.stdout)
    assert [Path(d["source"]).name for d in docs] == ["a.txt"]


def test_table_output_lists_references_and_summary(tmp_path: Path) -> None:
    shutil.copy(SEEDS[0], tmp_path / "a.txt")
    run = _vbgraph("extract", str(tmp_path / "a.txt"))
    assert run.returncode == 0, run.stderr
    assert "55/2009/NĐ-CP" in run.stdout and "implements" in run.stdout
    assert "1 documents extracted, 0 failed" in run.stdout


def test_ingest_lists_failures_stores_the_rest_and_is_idempotent(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEEDS[0], docs / "a.txt")
    shutil.copy(SEEDS[3], docs / "b.txt")
    (docs / "c.pdf").write_bytes(b"%PDF-1.4 truncated")
    db = tmp_path / "graph.db"
    first = _vbgraph("ingest", str(docs), "--db", str(db))
    assert first.returncode == 1
    assert "c.pdf" in first.stderr
    assert "2 documents ingested, 0 unchanged, 1 failed" in first.stdout
    (docs / "c.pdf").unlink()
    again = _vbgraph("ingest", str(docs), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert "0 documents ingested, 2 unchanged, 0 failed" in again.stdout
    assert "store: 2 documents" in again.stdout


def test_ingest_while_another_process_writes_says_so_and_keeps_the_store(tmp_path: Path) -> None:
    import sqlite3

    shutil.copy(SEEDS[0], tmp_path / "a.txt")
    shutil.copy(SEEDS[3], tmp_path / "b.txt")
    db = tmp_path / "graph.db"
    assert _vbgraph("ingest", str(tmp_path / "a.txt"), "--db", str(db)).returncode == 0
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer, holding the lock past --wait
    try:
        busy = _vbgraph("ingest", str(tmp_path / "b.txt"), "--db", str(db), "--wait", "0.5")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert busy.returncode == 1
    assert f"error: {db}: another process has been writing to the store for over 0.5 s" in busy.stderr
    assert "Traceback" not in busy.stderr
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    again = _vbgraph("ingest", str(tmp_path), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert "1 documents ingested, 1 unchanged, 0 failed" in again.stdout


def test_ingest_db_defaults_to_the_environment_variable(tmp_path: Path) -> None:
    import os

    shutil.copy(SEEDS[0], tmp_path / "a.txt")
    env = {**os.environ, "VBGRAPH_DB": str(tmp_path / "env.db")}
    run = subprocess.run([sys.executable, "-m", "api", "ingest", str(tmp_path / "a.txt")],
                         capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "env.db").exists()
