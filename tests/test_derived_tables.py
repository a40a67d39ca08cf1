"""The derived tables updated document by document (``graph.derived_tables.update``) equal the
ones rebuilt from every claim (``rebuild``), after random sequences of changes: documents
added, changed (a line dropped: a citation, a replacement clause, a date), replaced by
another's text (their own number changes), in random batches.

The documents: the bundled corpus (real) with its catalogue, the FICTIONAL rules fixture of
test_graph_rules (merges of blank-numbered plans, name-only laws, an inferred proposal, a
catalogue fact) and FICTIONAL generated documents (supersession chains, plans of one number
in several provinces, laws cited by name).
"""

from __future__ import annotations

import random
import re
import sqlite3
import threading
from pathlib import Path

import pytest

from benchmarks.generate_corpus import generate
from graph import claims, derive, derived_tables, rows
from graph.catalogue import catalogue_facts
from graph.facts import document_facts
from graph.ingest import ingest
from graph.model import MAX_DOCUMENTS, DocumentFacts
from graph.schema import MIGRATIONS
from graph.sqlite_store import BULK_INDEXES, BY_DOCUMENT, SqliteStore
from loaders.corpus import iter_documents
from loaders.extract import extract_path, extract_text
from tests.conftest import CATALOGUE, CORPUS
from tests.test_graph_rules import CATALOGUE as RULES_CATALOGUE
from tests.test_graph_rules import DOCUMENTS

_TABLES = {
    "nodes": "SELECT * FROM nodes",
    "identities": "SELECT * FROM identities",
    "ambiguities": "SELECT * FROM ambiguities",
    "proposals": "SELECT source, target, kind, score, reasons FROM proposals",
    "name_index": "SELECT * FROM name_index",
    "header_index": "SELECT * FROM header_index",
    "stale": "SELECT * FROM stale",
    "agency_index": "SELECT * FROM agency_index",
    "claim_deciders": "SELECT * FROM claim_deciders",
    "citing": "SELECT * FROM citing",
}


def dump(con: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """The derived rows; the search index checked against them on the way (SQLite raises if
    not), and the in-force counts kept by triggers against counting the nodes."""
    con.execute("INSERT INTO node_search(node_search, rank) VALUES ('integrity-check', 1)")
    check_force_days(con)
    check_group_force_days(con)
    check_node_groups(con)
    check_stale_days(con)
    return {t: sorted(con.execute(sql).fetchall(), key=repr) for t, sql in _TABLES.items()}


def check_force_days(con: sqlite3.Connection) -> None:
    """``force_days`` gives, on every day force began or ended (the count changes on no
    other), the number of nodes in force counted one by one; ``force_years`` sums its days."""
    years = con.execute("SELECT substr(day, 1, 4), sum(delta) FROM force_days GROUP BY 1 HAVING sum(delta) != 0")
    assert dict(years.fetchall()) == dict(con.execute("SELECT year, delta FROM force_years WHERE delta != 0"))
    days = {d for row in con.execute("SELECT date_in_force, date_end FROM nodes") for d in row if d}
    for day in sorted(days | {"0001-01-01"}):
        kept = con.execute("SELECT coalesce(sum(delta), 0) FROM force_days WHERE day <= ?", (day,)).fetchone()[0]
        counted = con.execute("SELECT count(*) FROM nodes WHERE date_in_force <= ? AND"
                              " (date_end IS NULL OR date_end > ?)", (day, day)).fetchone()[0]
        assert kept == counted, day


def check_group_force_days(con: sqlite3.Connection) -> None:
    """``group_force_days`` gives, for each (type, issuer) group on every day force began or
    ended, the number of the group's nodes in force counted one by one; ``group_force_years``
    sums its days."""
    years = con.execute("SELECT type, issuer, substr(day, 1, 4), sum(delta) FROM group_force_days"
                        " GROUP BY 1, 2, 3 HAVING sum(delta) != 0 ORDER BY 1, 2, 3").fetchall()
    assert years == con.execute("SELECT type, issuer, year, delta FROM group_force_years WHERE delta != 0"
                                " ORDER BY 1, 2, 3").fetchall()
    nodes = con.execute("SELECT coalesce(type, ''), coalesce(issuer, ''), date_in_force, date_end"
                        " FROM nodes").fetchall()
    kept: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for kind, issuer, day, delta in con.execute("SELECT * FROM group_force_days ORDER BY 1, 2, 3"):
        kept.setdefault((kind, issuer), []).append((day, delta))
    for group in {(k, i) for k, i, _, _ in nodes} | set(kept):
        spans = [(a, b) for k, i, a, b in nodes if (k, i) == group and a]
        for day in sorted({d for span in spans for d in span if d} | {"0001-01-01"}):
            counted = sum(1 for a, b in spans if a <= day and (b is None or b > day))
            assert sum(d for at, d in kept.get(group, []) if at <= day) == counted, (group, day)


def check_node_groups(con: sqlite3.Connection) -> None:
    """``node_groups`` (kept by triggers) counts the nodes of each (type, issuer) as counting does."""
    kept = con.execute("SELECT type, issuer, nodes FROM node_groups WHERE nodes != 0 ORDER BY 1, 2").fetchall()
    assert kept == con.execute("SELECT coalesce(type, ''), coalesce(issuer, ''), count(*) FROM nodes"
                               " GROUP BY 1, 2 ORDER BY 1, 2").fetchall()


def check_stale_days(con: sqlite3.Connection) -> None:
    """``stale_days`` (kept by triggers) counts the stale citations of each citing day."""
    kept = con.execute("SELECT day, citations FROM stale_days WHERE citations != 0 ORDER BY 1").fetchall()
    assert kept == con.execute("SELECT dated, count(*) FROM stale GROUP BY 1 ORDER BY 1").fetchall()


def rebuilt(store: SqliteStore) -> dict[str, list[tuple[object, ...]]]:
    """The derived tables rebuilt from scratch, on a copy of the store."""
    copy = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)  # rebuild uses it from a thread
    store.db.backup(copy)
    copy.execute("BEGIN")
    derived_tables.rebuild(copy)
    copy.execute("COMMIT")
    return dump(copy)


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str]]:
    """(source, text) of every document the changes are drawn from."""
    root = tmp_path_factory.mktemp("pool")
    generate(root / "generated", 60, seed=7)
    out = [(str(p), extract_path(p).text) for p in iter_documents([CORPUS])]
    out += [(f"rules/{name}", text) for name, text in DOCUMENTS.items()]
    out += [(str(p), p.read_text(encoding="utf-8")) for p in sorted((root / "generated").glob("*.txt"))]
    return out


def _facts(source: str, text: str) -> DocumentFacts:
    return document_facts(extract_text(text, source))


_DATE = re.compile(r"(?:ngày\s+)?(\d{1,2})(?:/| tháng )(\d{1,2})(?:/| năm )(\d{4})")


def _changed(rng: random.Random, source: str, text: str, pool: list[tuple[str, str]]) -> DocumentFacts:
    """``source`` with its text as it is, a line short, one date moved (its own or a cited
    instrument's: when things took effect, who cited whom before or after), its number
    blanked, or another document's text."""
    roll = rng.random()
    if roll < 0.3:
        lines = text.split("\n")
        if len(lines) > 6:
            del lines[rng.randrange(5, len(lines))]
        text = "\n".join(lines)
    elif roll < 0.6 and (dates := list(_DATE.finditer(text))):
        m = rng.choice(dates)
        moved = f"{rng.randint(1, 28)}/{m.group(2)}/{int(m.group(3)) + rng.choice((-1, 0, 1))}"
        text = text[:m.start()] + "ngày " + moved + text[m.end():]
    elif roll < 0.7:
        text = re.sub(r"Số:\s*\S+", "Số:      ", text, count=1)
    elif roll < 0.8:
        text = rng.choice(pool)[1]
    return _facts(source, text)


@pytest.mark.parametrize("seed", range(8))
def test_updating_the_derived_tables_equals_rebuilding_them(
    seed: int, texts: list[tuple[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if seed % 2:  # most instruments keep their deciding claims (a few documents claim each)
        monkeypatch.setattr(claims, "HUB_CLAIMS", 2)
    rng = random.Random(seed)
    pool = rng.sample(texts, 45)
    with SqliteStore(tmp_path / "graph.db") as store:
        catalogues = [tmp_path / "catalogue.yaml"]
        catalogues[0].write_text(RULES_CATALOGUE, encoding="utf-8")
        if rng.random() < 0.5:
            catalogues.append(CATALOGUE)
        checked = 0
        for step in range(20):
            batch = [_changed(rng, *rng.choice(pool), pool) for _ in range(rng.randint(1, 6))]
            if step in (3, 9):
                batch.append(catalogue_facts(catalogues[step // 9 % len(catalogues)]))
            store.replace_documents(batch, derive=True)
            if step % 4 == 3:
                assert dump(store.db) == rebuilt(store), f"seed {seed}, step {step}"
                checked += 1
        assert checked == 5 and store.counts()["instruments"] > 50


@pytest.mark.parametrize("seed", range(4))
def test_a_rebuild_merging_key_by_key_derives_what_every_claim_at_once_does(
        seed: int, texts: list[tuple[str, str]], tmp_path: Path) -> None:
    """A rebuild reads the claims key by key and merges each (``_merged_claims``), and asks
    again only for the claims of the keys an identity link joins (``_claims_by_key``); it
    derives what ``derive`` derives from every claim in the order stored: the same merged
    keys in the same order, nodes, links and proposals. The documents are written in a
    random order, then some changed, so that the order stored is not the order of keys (the
    order of the keys first claimed shows in the nodes), and the Law on Gender Equality,
    cited by name in several spellings, is joined to its number."""
    rng = random.Random(100 + seed)
    shuffled = rng.sample(texts, len(texts))
    with SqliteStore(tmp_path / "graph.db") as store:
        store.replace_documents([_facts(*t) for t in shuffled] + [catalogue_facts(CATALOGUE)])
        store.replace_documents([_changed(rng, *rng.choice(texts), texts) for _ in range(20)])
        db = store.db
        every = [rows.claim_row(r) for r in db.execute(
            f"SELECT {rows.CLAIM_COLUMNS} FROM instrument_claims ORDER BY rowid")]
        edges = db.execute("SELECT source, target, kind FROM relations WHERE kind != 'issued_by'").fetchall()
        whole = derive.derive(every, edges)
        joined: list[list[str]] = []

        def claims_of(keys: list[str]) -> dict[str, list[derive.Claim]]:
            joined.append(keys)
            return derived_tables._claims_by_key(db, keys)

        streamed = derive.derive_merged(derived_tables._merged_claims(db), claims_of, edges)
        spellings = db.execute("SELECT count(DISTINCT aliases) FROM instrument_claims WHERE key = ?",
                               ("name:luat-binh-dang-gioi",)).fetchone()[0]
    assert list(streamed.raw.items()) == list(whole.raw.items())
    assert list(streamed.nodes.items()) == list(whole.nodes.items())
    assert (streamed.links, streamed.unresolved, streamed.proposals) == (whole.links, whole.unresolved,
                                                                         whole.proposals)
    assert len(joined) == 1 and "name:luat-binh-dang-gioi" in joined[0] and spellings > 1


def test_a_version_3_store_is_upgraded_with_its_facts_and_derived_rows(tmp_path: Path) -> None:
    """A store written by the version before this issue's migrations (3: sentences inline, no
    derived indexes, no search index) opens with every asserted row kept, its sentences moved,
    and derived rows equal to those of a store built now."""
    now = tmp_path / "now.db"
    with SqliteStore(now) as store:
        store.replace_documents([_facts(f"rules/{n}", t) for n, t in DOCUMENTS.items()], derive=True)
        expected = dump(store.db), store.relations()
    old = tmp_path / "old.db"
    con = sqlite3.connect(old, isolation_level=None)
    for script in MIGRATIONS[:3]:
        con.executescript(script)
    con.execute("PRAGMA user_version = 3")
    con.execute("ATTACH ? AS now", (str(now),))
    con.execute("INSERT INTO documents SELECT key, source, digest, ingested_at, extraction, text FROM now.documents")
    for table in ("instrument_claims", "agency_claims", "fact_sources"):
        con.execute(f"INSERT INTO {table} SELECT * FROM now.{table}")
    con.execute('INSERT INTO relations (id, document, source, target, kind, method, start, "end", sentence, score,'
                " reasons, origin) SELECT r.id, r.document, source, target, kind, method, start, \"end\", s.text,"
                " score, reasons, origin FROM now.relations r LEFT JOIN now.sentences s ON s.id = r.sentence_id")
    con.close()
    with SqliteStore(old) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert (dump(store.db), store.relations()) == expected


ENDED_BY_CATALOGUE = """
sources:
  s1: {kind: secondary, publisher: Báo thử nghiệm, url: "https://example.invalid/b", quote: "9902 thay thế 9901."}
relations:
  - {source: 9902/2044/NĐ-CP, kind: supersedes, target: 9901/2040/NĐ-CP, sources: [s1]}
"""
CITES_9902 = """BỘ TÀI CHÍNH
Số: 9903/BTC-HCSN
Hà Nội, ngày 03 tháng 3 năm 2045
V/v lưu trữ hồ sơ
Thực hiện Nghị định số 9902/2044/NĐ-CP ngày {day}/4/2044 của Chính phủ, Bộ Tài chính hướng dẫn như sau.
"""


def test_an_end_of_force_moves_when_another_document_dates_the_replacing_instrument(tmp_path: Path) -> None:
    """The catalogue says 9902 replaced 9901 (FICTIONAL); only a letter citing 9902 dates it.
    A new version of the letter moves 9901's end, though the letter never names 9901."""
    catalogue = tmp_path / "catalogue.yaml"
    catalogue.write_text(ENDED_BY_CATALOGUE, encoding="utf-8")
    with SqliteStore(tmp_path / "graph.db") as store:
        store.replace_documents([catalogue_facts(catalogue)], derive=True)
        ends = []
        for day in ("05", "20"):
            store.replace_documents([_facts("letter.txt", CITES_9902.format(day=day))], derive=True)
            node = store.node("9901/2040/NĐ-CP")
            assert node is not None
            ends.append(node.date_no_longer_in_force)
            assert dump(store.db) == rebuilt(store)
    assert [d.isoformat() if d else None for d in ends] == ["2044-04-05", "2044-04-20"]


#: The fixture's letter citing 903, with its date line gone.
UNDATED_CITER = DOCUMENTS["cites_quiet_old.txt"].replace("Hà Nội, ngày 03 tháng 3 năm 2012\n", "")
DATES_THE_CITER = """BỘ TÀI CHÍNH
Số: 907/BTC-HCSN
Hà Nội, ngày 03 tháng 3 năm 2020
V/v lưu trữ hồ sơ
Thực hiện Công văn số 905/BTC-HCSN ngày 03/3/{year} của Bộ Tài chính, các đơn vị báo cáo.
"""


def test_a_proposal_is_weighed_again_when_another_document_dates_a_citer(tmp_path: Path) -> None:
    """904 probably replaced 903 (FICTIONAL, test_graph_rules): whether 905 cited 903 before or
    after 904 appeared weighs in, and only a later letter gives 905 its date."""
    docs = [("quiet_old.txt", DOCUMENTS["quiet_old.txt"]), ("quiet_new.txt", DOCUMENTS["quiet_new.txt"]),
            ("cites_quiet_new.txt", DOCUMENTS["cites_quiet_new.txt"]), ("undated.txt", UNDATED_CITER)]
    with SqliteStore(tmp_path / "graph.db") as store:
        store.replace_documents([_facts(*d) for d in docs], derive=True)
        reasons = []
        for year in ("2012", "2019"):
            store.replace_documents([_facts("dates.txt", DATES_THE_CITER.format(year=year))], derive=True)
            reasons.append(store.db.execute(
                "SELECT reasons FROM proposals WHERE target = '903/2010/NĐ-CP'").fetchone())
            assert dump(store.db) == rebuilt(store)
    assert reasons[0] != reasons[1] and "1 of 1 citing 903/2010/NĐ-CP are dated before" in str(reasons[0])


def _every_claim(db: sqlite3.Connection, keys: list[str]) -> list[derive.Claim]:
    marks = ", ".join("?" * len(keys))
    return [rows.claim_row(r) for r in db.execute(
        f"SELECT {rows.CLAIM_COLUMNS} FROM instrument_claims WHERE key IN ({marks}) ORDER BY rowid", keys)]


@pytest.mark.parametrize("seed", range(30))
def test_merging_the_deciding_claims_equals_merging_every_claim(
        seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``claims_of`` reads, of many claims alike, only those that can decide the merge: the
    instruments merged from them (one key, and a key with its aliases) equal those merged from
    every claim. FICTIONAL claims (one a document and key, as the store keeps them) drawn from
    small pools, so that most repeat one another and their first by rank, their first stored
    and their first by document differ. In odd seeds the keys keep their deciding claims
    (``claim_deciders``), chosen from all, then kept up to date as documents are replaced and
    added (``decide``)."""
    hubs = bool(seed % 2)
    if hubs:
        monkeypatch.setattr(claims, "HUB_CLAIMS", 1)
    rng = random.Random(seed)
    keys = ["9001/2040/NĐ-CP", "name:luat-thu-nghiem", "synthetic:thu-nghiem", "name:luat-thu"]
    documents = [*keys[:1], "catalogue:a", "catalogue:b", *(f"{rng.randrange(10**6):06d}.txt" for _ in range(40))]

    def pick(*values: object) -> object:
        return rng.choice((None, "", *values))

    with SqliteStore(tmp_path / "graph.db") as store:
        db = store.db
        db.executemany("INSERT INTO documents (key, source, digest, ingested_at, extraction, text)"
                       " VALUES (?, ?, '', '', x'', '')", [(d, d) for d in documents])
        shapes = [(pick("9001/2040/NĐ-CP"), pick("Luật", "Nghị định"), pick("Quốc hội", "Chính phủ"),
                   pick("2040-01-02", "2040-03-04"), pick("Thử nghiệm", "Thử"), rng.randint(0, 1), rng.randint(0, 1),
                   rng.choice(("[]", '["Luật Thử nghiệm"]', '["Luật Thử"]')), pick("2040-05-06"),
                   pick("2049-01-01"), pick("hết hiệu lực")) for _ in range(rng.randint(1, 5))]

        def claim(among: list[str]) -> None:
            db.execute(
                f"INSERT OR IGNORE INTO instrument_claims ({rows.CLAIM_COLUMNS}) VALUES"
                " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (rng.choice(among), rng.choice(keys), *rng.choice(shapes)))

        for _ in range(rng.randint(1, 150)):
            claim(documents)
        if hubs:
            claims.decide(db, None)
            assert db.execute("SELECT count(*) FROM claim_deciders").fetchone()[0] > 0
            # some documents replaced (their claims gone, others in their place), some added
            deciding = sorted({r[0] for r in db.execute("SELECT document FROM claim_deciders")})
            replaced = set(rng.sample(deciding, min(len(deciding), rng.randint(0, 3))) + rng.sample(documents, 2))
            added = [f"{rng.randrange(10**6):06d}-new.txt" for _ in range(rng.randint(0, 5))]
            db.executemany("DELETE FROM instrument_claims WHERE document = ?", [(d,) for d in replaced])
            db.executemany("INSERT INTO documents (key, source, digest, ingested_at, extraction, text)"
                           " VALUES (?, ?, '', '', x'', '')", [(d, d) for d in added])
            for _ in range(rng.randint(0, 40) if replaced or added else 0):
                claim([*replaced, *added])
            claims.decide(db, keys, replaced | set(added), replaced)
            kept = db.execute("SELECT * FROM claim_deciders ORDER BY key, document").fetchall()
            claims.decide(db, None)
            assert kept == db.execute("SELECT * FROM claim_deciders ORDER BY key, document").fetchall()
        for alias in keys[1:]:
            if rng.random() < 0.6:
                db.execute("INSERT INTO identities (alias, key, rule, reason) VALUES (?, ?, 'alias', 'test')",
                           (alias, keys[0]))
        for key in keys:
            every = _every_claim(db, [key])
            expected = derive.merge(key, every) if every else None
            assert derived_tables.raw_instrument(db, key) == expected, key
        members = [keys[0], *(r[0] for r in db.execute("SELECT alias FROM identities ORDER BY rowid"))]
        every = _every_claim(db, members)
        by_key: dict[str, list[derive.Claim]] = {}
        for c in every:
            by_key.setdefault(c.instrument.key, []).append(c)
        expected = (derive.merge_group(keys[0], [c for cs in by_key.values() for c in cs])
                    if keys[0] in by_key else None)
        assert derived_tables._Merged(db).get(keys[0]) == expected


_DECREE = """CHÍNH PHỦ
Số: {number}
Hà Nội, ngày 01 tháng 2 năm {year}
NGHỊ ĐỊNH
Quy định về lưu trữ hồ sơ thử nghiệm {words}
"""
_LETTER = """BỘ TÀI CHÍNH
Số: {number}/BTC-HCSN
Hà Nội, ngày 03 tháng 3 năm {year}
V/v hồ sơ
Thực hiện Nghị định số {cited} ngày 01/02/{cited_year} của Chính phủ, Bộ Tài chính hướng dẫn như sau.
"""


def test_a_letter_citing_the_newer_decree_gives_the_older_its_proposal(tmp_path: Path) -> None:
    """9911 (2040) and 9912 (2042), FICTIONAL, titles alike enough to be proposed only when
    citations moved: 9911 is cited in 2041; a new letter of 2043 citing 9912 makes the
    proposal 9912 → 9911, though the letter never names 9911 and 9911's group (the
    Government's decrees) gained no member: the update proposes again for the older members
    reaching what the letter cites (``graph.inference.Group.reaching``), not for one group whole."""
    decrees = [_facts("old.txt", _DECREE.format(number="9911/2040/NĐ-CP", year=2040, words="điện tử")),
               _facts("new.txt", _DECREE.format(number="9912/2042/NĐ-CP", year=2042, words="giấy tờ")),
               _facts("cites_old.txt", _LETTER.format(number=9913, year=2041, cited="9911/2040/NĐ-CP",
                                                      cited_year=2040))]
    with SqliteStore(tmp_path / "graph.db") as store:
        store.replace_documents(decrees, derive=True)
        assert store.db.execute("SELECT count(*) FROM proposals").fetchone()[0] == 0
        store.replace_documents([_facts("cites_new.txt", _LETTER.format(
            number=9914, year=2043, cited="9912/2042/NĐ-CP", cited_year=2042))], derive=True)
        assert store.db.execute("SELECT source, target, score FROM proposals").fetchall() == [
            ("9912/2042/NĐ-CP", "9911/2040/NĐ-CP", 0.665)]
        assert dump(store.db) == rebuilt(store)


NAMED_LAW = """
sources:
  s1: {{kind: secondary, publisher: Báo thử nghiệm, url: "https://example.invalid/c", quote: "9002 thay thế 9001."}}
instruments:
  - number: {number}
    date_issued: {issued}
    aliases: [Luật Thử nghiệm hồ sơ]
    sources: {{date_issued: [s1], aliases: [s1]}}
  - number: 9002/2045/QH15
    date_issued: 2045-06-01
    date_in_force: 2046-01-01
    sources: {{date_issued: [s1], date_in_force: [s1]}}
relations:
  - {{source: 9002/2045/QH15, kind: supersedes, target: 9001/2040/QH15, sources: [s1]}}
"""
CITES_BY_NAME = """BỘ TÀI CHÍNH
Số: 9904/BTC-HCSN
Hà Nội, ngày 03 tháng 3 năm 2047
V/v hồ sơ
Căn cứ Luật Thử nghiệm hồ sơ, Bộ Tài chính hướng dẫn như sau.
"""


def test_a_name_resolved_anew_moves_its_stale_citations(tmp_path: Path) -> None:
    """A letter of 2047 cites "Luật Thử nghiệm hồ sơ" by name (FICTIONAL): the name is 9001's,
    which 9002 replaced in 2046, so the citation is stale. A second catalogue gives 9003 the
    same name: the name is now ambiguous, the citation is of no known instrument and no longer
    stale, though neither the letter nor 9001 changed (step 6, keys resolved anew)."""
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    first.write_text(NAMED_LAW.format(number="9001/2040/QH15", issued="2040-06-01"), encoding="utf-8")
    second.write_text(NAMED_LAW.format(number="9003/2041/QH15", issued="2041-06-01"), encoding="utf-8")
    with SqliteStore(tmp_path / "graph.db") as store:
        store.replace_documents([catalogue_facts(first), _facts("letter.txt", CITES_BY_NAME)], derive=True)
        assert store.db.execute("SELECT cited FROM stale").fetchall() == [("9001/2040/QH15",)]
        assert dump(store.db) == rebuilt(store)
        store.replace_documents([catalogue_facts(second)], derive=True)
        assert store.db.execute("SELECT count(*) FROM ambiguities").fetchone()[0] == 1
        assert store.db.execute("SELECT cited FROM stale").fetchall() == []
        assert dump(store.db) == rebuilt(store)


_DECISION = """BỘ TÀI CHÍNH
Số: {number}
Hà Nội, ngày 03 tháng 3 năm 2047
QUYẾT ĐỊNH
Về việc thử nghiệm lưu trữ hồ sơ {words}
"""


def test_an_instrument_unmerged_by_a_later_document_counts_again_for_its_issuer(tmp_path: Path) -> None:
    """A copy of a decision of the Ministry of Finance without its number (FICTIONAL, 2047) is
    taken for 9905, the one decision of the Ministry that day: the Ministry issued one
    instrument. A second decision of that day and title, 9906, makes the copy ambiguous: the
    copy is its own instrument again, and the Ministry issued three, though the new document
    says nothing of the copy (step 7, the issuers of keys resolved anew)."""
    with SqliteStore(tmp_path / "graph.db") as store:
        store.replace_documents([_facts("9905.txt", _DECISION.format(number="9905/QĐ-BTC", words="điện tử")),
                                 _facts("copy.txt", _DECISION.format(number="", words="điện tử"))], derive=True)
        issued = "SELECT issued FROM agency_index WHERE name = 'Bộ Tài chính'"
        assert store.db.execute("SELECT count(*) FROM identities WHERE key = '9905/QĐ-BTC'").fetchone()[0] == 1
        assert store.db.execute(issued).fetchone() == (1,)
        store.replace_documents([_facts("9906.txt", _DECISION.format(number="9906/QĐ-BTC", words="điện tử"))],
                                derive=True)
        assert store.db.execute("SELECT count(*) FROM identities WHERE key = '9905/QĐ-BTC'").fetchone()[0] == 0
        assert store.db.execute(issued).fetchone() == (3,)
        assert dump(store.db) == rebuilt(store)


def test_a_bulk_load_cut_short_is_derived_by_the_next_write(tmp_path: Path) -> None:
    """Documents written without their derived rows (a bulk load killed before its rebuild):
    the store says so, and the next write of any kind brings every derived row up to date."""
    docs = _write_rules(tmp_path / "docs")
    with SqliteStore(tmp_path / "graph.db") as store:
        store.replace_documents([document_facts(extract_path(p)) for p in docs[:-1]], derive=False)
        assert store.derived_behind() and store.counts()["instruments"] == 0
        store.replace_documents([document_facts(extract_path(docs[-1]))], derive=True)  # an upload
        assert not store.derived_behind() and dump(store.db) == rebuilt(store)
        assert store.counts()["instruments"] >= 10

    with SqliteStore(tmp_path / "again.db") as store:
        store.replace_documents([document_facts(extract_path(p)) for p in docs], derive=False)
        summary = ingest(docs, store, workers=1)  # the same files: nothing to write, but behind
        assert summary.unchanged == len(docs) and not store.derived_behind()
        assert dump(store.db) == rebuilt(store) and store.counts()["instruments"] >= 10


def _indexes(db: sqlite3.Connection) -> list[tuple[str, str]]:
    return db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                      " ORDER BY name").fetchall()


def test_a_bulk_load_writes_without_the_indexes_by_instrument_and_makes_them_again(
        texts: list[tuple[str, str]], tmp_path: Path) -> None:
    """While a bulk load writes, the indexes of claims and relations by instrument are gone
    (``BULK_INDEXES``); at its end they are back as they were, and the graph is the one an
    incremental load builds. Killed in between, the next opening for writing makes them again."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for i, (_, text) in enumerate(texts[:80]):
        (folder / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    files = sorted(folder.iterdir())
    seen: list[set[str]] = []
    with SqliteStore(tmp_path / "bulk.db") as store:
        expected = _indexes(store.db)
        assert set(BULK_INDEXES) <= {name for name, _ in expected}
        ingest(files, store, workers=1, batch=20,
               on_done=lambda _: seen.append({name for name, _ in _indexes(store.db)}))
        assert all(not (names & set(BULK_INDEXES)) for names in seen[:60])
        assert _indexes(store.db) == expected
        assert store.db.execute("SELECT count(*) FROM state").fetchone()[0] == 0
        bulk = dump(store.db)
    with SqliteStore(tmp_path / "one_by_one.db") as store:
        store.replace_documents([document_facts(extract_path(f)) for f in files], derive=True)
        assert dump(store.db) == bulk

    with SqliteStore(tmp_path / "killed.db") as store:
        store.drop_indexes_for_bulk()
        store.replace_documents([document_facts(extract_path(f)) for f in files[:30]], derive=False)
        assert not set(BULK_INDEXES) & {name for name, _ in _indexes(store.db)}
    with SqliteStore(tmp_path / "killed.db", readonly=True) as store:  # a reader does not write
        assert store.instrument(store.document_keys()[0]) is not None
    with SqliteStore(tmp_path / "killed.db") as store:
        assert _indexes(store.db) == expected and store.derived_behind()
        store.replace_documents([document_facts(extract_path(f)) for f in files[30:]], derive=True)
        assert dump(store.db) == bulk


def _write_rules(folder: Path) -> list[Path]:
    folder.mkdir()
    for name, text in DOCUMENTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(folder.iterdir())


def test_an_instrument_cited_everywhere_carries_its_first_documents_and_their_number(
        texts: list[tuple[str, str]], tmp_path: Path) -> None:
    """A law cited by every plan of a national graph would otherwise carry every plan's name
    into each answer that mentions it (FICTIONAL generated documents cite laws by name)."""
    generated = [(s, t) for s, t in texts if "generated" in s]
    with SqliteStore(tmp_path / "graph.db") as store:
        store.replace_documents([_facts(s, t) for s, t in generated], derive=True)
        hub = max(store.all_nodes(), key=lambda n: n.documents_total)
        claiming = store.db.execute("SELECT count(DISTINCT document) FROM instrument_claims WHERE key = ?",
                                    (hub.key,)).fetchone()[0]
        assert hub.documents_total == claiming > MAX_DOCUMENTS
        assert len(hub.documents) == MAX_DOCUMENTS == len(set(hub.documents))
        # its own document first, if it has one, then the citing ones by document key
        assert list(hub.documents) == sorted(hub.documents, key=lambda d: (d != hub.key, d))


def test_a_bulk_load_makes_its_indexes_again_in_a_thread_beside_the_reading_and_fails_whole(
        texts: list[tuple[str, str]], tmp_path: Path) -> None:
    """The rebuild at a bulk load's end makes the dropped indexes (but the claims' index by
    instrument, made first) in a thread, while a second connection reads the claims; the
    nodes' indexes are made in a thread too. When one of the thread's statements fails, the
    whole rebuild is rolled back: the documents stay, the derived rows stay behind, and the
    indexes still to be made are still noted."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for i, (_, text) in enumerate(texts[:60]):
        (folder / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    files = sorted(folder.iterdir())
    with SqliteStore(tmp_path / "bulk.db") as store:
        main = threading.get_ident()
        traced: list[tuple[bool, str]] = []
        store.db.set_trace_callback(lambda sql: traced.append((threading.get_ident() == main, sql)))
        ingest(files, store, workers=1, batch=10)
        store.db.set_trace_callback(None)
        made = {sql.split(" ON ")[0].removeprefix("CREATE INDEX "): here for here, sql in traced
                if sql.startswith("CREATE INDEX")}
        assert made["instrument_claims_by_key"] is True
        assert all(made[name] is False for name in BULK_INDEXES if name != "instrument_claims_by_key")
        assert made["nodes_by_number"] is False and made["nodes_group_in_force"] is False
        assert not any("FROM instrument_claims ORDER BY key" in sql for _, sql in traced)  # read by the other
        assert dump(store.db) == rebuilt(store)

    with SqliteStore(tmp_path / "failing.db") as store:
        store.drop_indexes_for_bulk()
        store.replace_documents([document_facts(extract_path(f)) for f in files], derive=False)
        store.db.execute("INSERT INTO state (name, value) VALUES ('dropped index zz_broken',"
                         " 'CREATE INDEX zz_broken ON no_such_table(x)')")
        noted = store.db.execute("SELECT name FROM state ORDER BY name").fetchall()
        with pytest.raises(sqlite3.OperationalError, match="no_such_table"):
            store.rebuild_derived()
        assert store.db.execute("SELECT name FROM state ORDER BY name").fetchall() == [
            r for r in noted if r[0] != "dropped index instrument_claims_by_key"]  # made first, committed
        assert store.derived_behind() and store.counts()["documents"] == len(files)
        assert store.counts()["instruments"] == 0
        store.db.execute("DELETE FROM state WHERE name = 'dropped index zz_broken'")
        store.rebuild_derived()
        assert dump(store.db) == rebuilt(store) and store.counts()["instruments"] > 0


def _asserted(con: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """The asserted rows of every document, without row ids (evidence sentences by text)."""
    queries = {
        "documents": "SELECT key, source, digest FROM documents",
        "claims": f"SELECT {rows.CLAIM_COLUMNS} FROM instrument_claims",
        "relations": 'SELECT r.document, source, target, kind, method, start, "end", s.text FROM relations r'
                     " LEFT JOIN sentences s ON s.id = r.sentence_id",
        "sentences": "SELECT document, text FROM sentences",
        "fact_sources": "SELECT * FROM fact_sources",
        "agency_claims": "SELECT * FROM agency_claims",
    }
    return {t: sorted(con.execute(sql).fetchall(), key=repr) for t, sql in queries.items()}


def test_a_bulk_load_drops_the_indexes_by_document_until_it_replaces_a_stored_document(
        texts: list[tuple[str, str]], tmp_path: Path) -> None:
    """A bulk load writes new documents without the indexes by document (``BY_DOCUMENT``);
    the first stored document it replaces has them made again first, so that the old
    version's rows, deleted by them, go: the store is the one replacing one by one makes."""
    assert len(texts) >= 90
    cite = "\n\nCăn cứ Nghị định số 55/2009/NĐ-CP ngày 10/6/2009 của Chính phủ.\n"
    first = [(f"a{i:03d}.txt", text) for i, (_, text) in enumerate(texts[:50])]
    second = [(f"b{i:03d}.txt", text) for i, (_, text) in enumerate(texts[50:90])]
    second += [(f"c{i:03d}.txt", text + cite) for i, (_, text) in enumerate(texts[10:20])]  # new versions
    folders = []
    for name, files in (("first", first), ("second", second)):
        folder = tmp_path / name
        folder.mkdir()
        for file, text in files:
            (folder / file).write_text(text, encoding="utf-8")
        folders.append(sorted(folder.iterdir()))
    seen: list[set[str]] = []
    with SqliteStore(tmp_path / "bulk.db") as store:
        ingest(folders[0], store, workers=1, batch=10)
        by_document = {name for name, _ in _indexes(store.db)} & set(BY_DOCUMENT)
        assert by_document == set(BY_DOCUMENT)
        summary = ingest(folders[1], store, workers=1, batch=10,
                         on_done=lambda _: seen.append({name for name, _ in _indexes(store.db)} & by_document))
        assert summary.ingested == len(second) and not summary.failed
        assert seen[5] == set() and seen[35] == set()  # new documents written without them
        assert seen[-1] == by_document  # made again once the first new version was written
        assert {name for name, _ in _indexes(store.db)} >= by_document
        assert store.db.execute("SELECT count(*) FROM state").fetchone()[0] == 0
        bulk, bulk_rows = dump(store.db), _asserted(store.db)
    with SqliteStore(tmp_path / "one_by_one.db") as store:
        for files in folders:
            store.replace_documents([document_facts(extract_path(f)) for f in files], derive=True)
        assert dump(store.db) == bulk and _asserted(store.db) == bulk_rows
        assert store.db.execute("SELECT count(*) FROM relations WHERE target = '55/2009/NĐ-CP'").fetchone()[0] >= 10
