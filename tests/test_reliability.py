"""Nothing silently lost or altered: bad inputs, a killed ingest, two ingests at once.

Everything runs ``vbgraph ingest`` as users run it, in its own process, over a real SQLite
file holding the bundled corpus; memory is capped (RLIMIT_AS) and time bounded, so a file
that made the reader blow up would fail the test rather than the machine.
"""

from __future__ import annotations

import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from graph.sqlite_store import SqliteStore
from tests.bad_inputs import write_bad_inputs
from tests.conftest import CORPUS, ROOT
from tests.test_derived_tables import dump as derived_dump
from tests.test_derived_tables import rebuilt as rebuilt_dump

MEMORY_CAP = 3 << 30


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _ingest(db: Path, *paths: Path, workers: int = 2, batch: int = 200) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "api", "ingest", *map(str, paths), "--db", str(db), "--workers",
                             str(workers), "--batch", str(batch)], cwd=ROOT, text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, preexec_fn=_capped)


def _documents(db: Path) -> dict[str, tuple[str, str, str]]:
    """key → (source, digest, ingested_at) of every stored document."""
    with sqlite3.connect(db) as con:
        return {k: (s, d, t) for k, s, d, t in con.execute("SELECT key, source, digest, ingested_at FROM documents")}


def _statements(db: Path) -> dict[str, frozenset[tuple[object, ...]]]:
    """document → every relation it asserts (source, target, kind, span, sentence)."""
    out: dict[str, set[tuple[object, ...]]] = {}
    with sqlite3.connect(db) as con:
        for row in con.execute('SELECT document, source, target, kind, start, "end", sentence FROM relations'):
            out.setdefault(row[0], set()).add(row[1:])
    return {k: frozenset(v) for k, v in out.items()}


def _intact(db: Path) -> None:
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []


def test_every_bad_input_is_named_with_its_problem_and_nothing_else_changes(
        writable_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    expected = write_bad_inputs(folder)
    before = _documents(writable_db)
    run = _ingest(writable_db, folder)
    _, err = run.communicate(timeout=600)
    assert run.returncode == 1, err  # some files failed: the exit status says so
    for name, expect in expected.items():
        path = folder / name
        if expect.outcome == "error":
            assert f"error: {path}: " in err and expect.words in err.split(f"error: {path}: ")[1].split("\n")[0], name
        elif expect.outcome == "warning":
            assert any(expect.words in line for line in err.splitlines() if line.startswith(f"warning: {path}: ")), \
                (name, err)
    after = _documents(writable_db)
    assert {k: v for k, v in after.items() if k in before} == before  # the corpus is exactly as it was
    stored = {source for source, _, _ in after.values()}
    for name, expect in expected.items():
        assert (str(folder / name) in stored) == (expect.outcome != "error"), name
    refs = _statements(writable_db)[next(k for k, v in after.items() if v[0].endswith("ten-thousand-references.txt"))]
    assert len(refs) >= 10_000
    _intact(writable_db)

    again = _ingest(writable_db, folder)  # idempotent: the same files change nothing
    out2, _ = again.communicate(timeout=600)
    assert again.returncode == 1 and _documents(writable_db) == after
    assert "0 documents ingested, 6 unchanged, 7 failed" in out2, out2


def _variants(folder: Path, count: int) -> list[Path]:
    """``count`` corpus documents, each changed the way a corrected re-issue is: one more
    citation in its text, its identity (header) the same."""
    folder.mkdir()
    sources = sorted(p for p in CORPUS.rglob("*.txt") if "seeds" not in p.parts)[:count]
    for source in sources:
        text = source.read_text(encoding="utf-8")
        (folder / source.name).write_text(
            text + "\nCăn cứ Nghị định số 125/2021/NĐ-CP ngày 28/12/2021 của Chính phủ;\n", encoding="utf-8")
    return sources


def test_a_killed_ingest_leaves_every_document_whole(writable_db: Path, tmp_path: Path) -> None:
    """SIGKILL at random points of a re-ingest: the store opens, passes SQLite's integrity
    check, and each document holds exactly its old statements or exactly its new ones. One
    document per transaction here (``--batch 1``), so that a kill can fall between two."""
    changed = tmp_path / "v2"
    sources = _variants(changed, 12)
    old = _statements(writable_db)
    finished = tmp_path / "finished.db"
    shutil.copyfile(writable_db, finished)
    assert _ingest(finished, changed, workers=1).wait(300) == 0
    new = _statements(finished)
    keys = {k for k, v in _documents(finished).items() if Path(v[0]).name in {s.name for s in sources}}
    assert len(keys) == len(sources) and all(old[k] != new[k] for k in keys)

    new_digests = {k: v[1] for k, v in _documents(finished).items() if k in keys}
    started = time.perf_counter()
    assert _ingest(tmp_path / "timing.db", changed, workers=1).wait(300) == 0
    full = time.perf_counter() - started
    rng = random.Random(7)
    seen_partial = False
    for attempt in range(8):
        db = tmp_path / f"killed-{attempt}.db"
        shutil.copyfile(writable_db, db)
        run = _ingest(db, changed, workers=1, batch=1)
        if attempt < 5:  # as soon as a random number of documents are rewritten
            _wait_until_rewritten(db, new_digests, rng.randint(1, len(keys) - 1), run)
        else:  # at a random moment of the whole run (start-up and the derived tables included)
            time.sleep(rng.uniform(0, full))
        run.send_signal(signal.SIGKILL)
        run.wait(30)
        _intact(db)
        with SqliteStore(db) as store:  # the derived rows are those of the committed documents
            assert derived_dump(store.db) == rebuilt_dump(store)
        now = _statements(db)
        states = {k: "old" if now.get(k) == old[k] else "new" if now.get(k) == new[k] else "MIXED" for k in keys}
        assert "MIXED" not in states.values(), states
        seen_partial |= len(set(states.values())) == 2
        assert _ingest(db, changed, workers=1).wait(300) == 0  # and a second run finishes the job
        assert _statements(db) == new
    assert seen_partial, "no kill landed in the middle of the re-ingest: the test proved nothing"


def _wait_until_rewritten(db: Path, digests: dict[str, str], count: int, run: subprocess.Popen[str]) -> None:
    """Poll (a reader beside the writer, as WAL allows) until ``count`` documents carry their
    new digest."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
        while run.poll() is None:
            rows = con.execute("SELECT key, digest FROM documents").fetchall()
            if sum(digests.get(k) == d for k, d in rows) >= count:
                return
            time.sleep(0.002)


def test_two_ingests_at_once_are_serialised(tmp_path: Path) -> None:
    files = sorted(p for p in CORPUS.rglob("*.txt"))
    first, second = tmp_path / "a", tmp_path / "b"
    for folder, part in ((first, files[::2]), (second, files[1::2])):
        folder.mkdir()
        for f in part:
            shutil.copyfile(f, folder / f.name)
    db = tmp_path / "graph.db"
    runs = [_ingest(db, first, workers=1), _ingest(db, second, workers=1)]
    results = [r.communicate(timeout=300) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], results
    assert len(_documents(db)) == len(files)
    _intact(db)
    alone = tmp_path / "alone.db"
    assert _ingest(alone, first, second).wait(300) == 0
    assert _statements(db) == _statements(alone)



FICTIONAL_DECISION = """THỦ TƯỚNG CHÍNH PHỦ
Số: 7777/QĐ-TTg
Hà Nội, ngày {day} tháng 3 năm {year}
QUYẾT ĐỊNH
Phê duyệt đề án thử nghiệm {subject}
Căn cứ Luật Bình đẳng giới ngày 29 tháng 11 năm 2006;
"""


def test_a_yearless_number_issued_again_another_year_is_refused_not_written_over(
        writable_db: Path, tmp_path: Path) -> None:
    """The Prime Minister numbers decisions afresh each year, so ``7777/QĐ-TTg`` (FICTIONAL)
    of 2031 and of 2032 are two instruments; the graph keys such a number by itself, so the
    second is refused by name and the first stays whole, not silently replaced."""
    folder = tmp_path / "decisions"
    folder.mkdir()
    (folder / "a-2031.txt").write_text(FICTIONAL_DECISION.format(day=2, year=2031, subject="một"), encoding="utf-8")
    (folder / "b-2032.txt").write_text(FICTIONAL_DECISION.format(day=2, year=2032, subject="hai"), encoding="utf-8")
    before = _documents(writable_db)
    run = _ingest(writable_db, folder)
    out, err = run.communicate(timeout=600)
    assert run.returncode == 1, err
    assert f"error: {folder / 'b-2032.txt'}: its number 7777/QĐ-TTg is already the key of {folder / 'a-2031.txt'}, " \
           "issued 2031-03-02, and this one is issued 2032-03-02" in err, err
    assert "1 documents ingested, 0 unchanged, 1 failed" in out, out
    after = _documents(writable_db)
    assert after["7777/QĐ-TTg"][0] == str(folder / "a-2031.txt")
    assert {k: v for k, v in after.items() if k != "7777/QĐ-TTg"} == before
    with sqlite3.connect(writable_db) as con:
        assert con.execute("SELECT date_issued FROM nodes WHERE key = '7777/QĐ-TTg'").fetchone() == ("2031-03-02",)

    (folder / "b-2032.txt").unlink()  # a corrected copy of the same decision, the same day, from another file
    (folder / "c-2031.txt").write_text(FICTIONAL_DECISION.format(day=2, year=2031, subject="một (bản sửa)"),
                                       encoding="utf-8")
    (folder / "a-2031.txt").unlink()
    again = _ingest(writable_db, folder)
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0 and "1 documents ingested" in out, err
    assert _documents(writable_db)["7777/QĐ-TTg"][0] == str(folder / "c-2031.txt")
    _intact(writable_db)
