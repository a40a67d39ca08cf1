"""Graph rules end to end on a small fixture graph in a real SQLite file: documents are
extracted from text, ingested, and the derived tables rebuilt, exactly as ``vbgraph ingest``
does.

The documents here are FICTIONAL (numbers 9xx, subject "hồ sơ thử nghiệm") so that no
fact about a real instrument is invented; the real corpus is questioned in test_queries.py.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from graph.catalogue import CatalogueError, catalogue_facts
from graph.ingest import ingest
from graph.queries import lineage, stale_citations
from graph.resolve import resolve
from graph.sqlite_store import SqliteStore

OLD = """CHÍNH PHỦ
Số: 901/2012/NĐ-CP
Hà Nội, ngày 05 tháng 4 năm 2012
NGHỊ ĐỊNH
Quy định xử phạt vi phạm hành chính về quản lý hồ sơ thử nghiệm
Căn cứ Luật Tổ chức Chính phủ ngày 25 tháng 12 năm 2001;
Điều 20. Nghị định này có hiệu lực thi hành từ ngày 01 tháng 6 năm 2012.
"""

NEW = """CHÍNH PHỦ
Số: 902/2019/NĐ-CP
Hà Nội, ngày 10 tháng 12 năm 2019
NGHỊ ĐỊNH
Quy định xử phạt vi phạm hành chính về quản lý hồ sơ thử nghiệm
Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;
Điều 30. Hiệu lực thi hành
Nghị định này có hiệu lực thi hành từ ngày 01 tháng 3 năm 2020 và thay thế Nghị định số 901/2012/NĐ-CP ngày 05 tháng 4 năm 2012 của Chính phủ.
"""

#: A plan whose number was left blank, citing the old decree in 2021: after it ended.
BLANK_PLAN = """ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH
Số:      /KH-UBND
Bình Định, ngày 15 tháng 3 năm 2021
KẾ HOẠCH
Thực hiện công tác thử nghiệm hồ sơ năm 2021
Thực hiện Nghị định số 901/2012/NĐ-CP ngày 05/4/2012 của Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch.
"""

#: A later letter that gives the plan its number.
LETTER = """SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI TỈNH BÌNH ĐỊNH
Số: 977/SLĐTBXH-BĐG
Bình Định, ngày 20 tháng 4 năm 2021
V/v triển khai kế hoạch
Triển khai Kế hoạch số 15/KH-UBND ngày 15/3/2021 của Ủy ban nhân dân tỉnh Bình Định thực hiện công tác thử nghiệm hồ sơ năm 2021, Sở đề nghị các đơn vị thực hiện.
"""

#: Another province's plan with the same number 15/KH-UBND.
OTHER_PROVINCE = """ỦY BAN NHÂN DÂN TỈNH TÂY NINH
Số: 15/KH-UBND
Tây Ninh, ngày 02 tháng 2 năm 2020
KẾ HOẠCH
Thực hiện công tác thử nghiệm hồ sơ năm 2020
Thực hiện Nghị định số 901/2012/NĐ-CP ngày 05/4/2012 của Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch.
"""

#: Two decrees on one subject where no text says that one replaced the other.
QUIET_OLD = """CHÍNH PHỦ
Số: 903/2010/NĐ-CP
Hà Nội, ngày 01 tháng 2 năm 2010
NGHỊ ĐỊNH
Quy định về lưu trữ hồ sơ thử nghiệm điện tử
"""
QUIET_NEW = """CHÍNH PHỦ
Số: 904/2018/NĐ-CP
Hà Nội, ngày 01 tháng 2 năm 2018
NGHỊ ĐỊNH
Quy định về lưu trữ hồ sơ thử nghiệm điện tử
"""
CITES_QUIET_OLD = """BỘ TÀI CHÍNH
Số: 905/BTC-HCSN
Hà Nội, ngày 03 tháng 3 năm 2012
V/v lưu trữ hồ sơ
Thực hiện Nghị định số 903/2010/NĐ-CP ngày 01/02/2010 của Chính phủ, Bộ Tài chính hướng dẫn như sau.
"""
CITES_QUIET_NEW = """BỘ TÀI CHÍNH
Số: 906/BTC-HCSN
Hà Nội, ngày 03 tháng 3 năm 2019
V/v lưu trữ hồ sơ
Thực hiện Nghị định số 904/2018/NĐ-CP ngày 01/02/2018 của Chính phủ, Bộ Tài chính hướng dẫn như sau.
"""

DOCUMENTS = {
    "old.txt": OLD, "new.txt": NEW, "blank_plan.txt": BLANK_PLAN, "letter.txt": LETTER,
    "other_province.txt": OTHER_PROVINCE, "quiet_old.txt": QUIET_OLD, "quiet_new.txt": QUIET_NEW,
    "cites_quiet_old.txt": CITES_QUIET_OLD, "cites_quiet_new.txt": CITES_QUIET_NEW,
}


def _write(folder: Path, docs: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in docs.items():
        p = folder / name
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[SqliteStore, list[Path]]:
    root = tmp_path_factory.mktemp("rules")
    paths = _write(root / "docs", DOCUMENTS)
    store = SqliteStore(root / "graph.db")
    summary = ingest(paths, store, workers=1)
    assert not summary.failed
    return store, paths


def test_the_replacing_decree_s_own_sentence_gives_lineage_and_dates(built: tuple[SqliteStore, list[Path]]) -> None:
    store, _ = built
    lin = lineage(store, "901/2012/NĐ-CP")
    assert [link.key for link in lin.later] == ["902/2019/NĐ-CP"]
    link = lin.later[0]
    assert link.methods == ("text",) and not link.proposal
    assert "thay thế Nghị định số 901/2012/NĐ-CP" in (link.evidence[0].sentence or "")
    new = store.node("902/2019/NĐ-CP")
    assert new is not None and new.date_in_force == date(2020, 3, 1) and new.in_force_basis == "stated"
    old = store.node("901/2012/NĐ-CP")
    assert old is not None and old.date_in_force == date(2012, 6, 1)
    assert old.date_no_longer_in_force == date(2020, 3, 1)
    assert old.end_basis == "replaced by 902/2019/NĐ-CP in force 2020-03-01"
    sources = store.fact_sources("902/2019/NĐ-CP")
    assert [(s.field, s.value) for s in sources] == [("date_in_force", "2020-03-01")]
    assert "có hiệu lực thi hành từ ngày 01 tháng 3 năm 2020" in (sources[0].quote or "")


def test_a_blank_numbered_plan_merges_when_a_later_letter_gives_its_number(
    built: tuple[SqliteStore, list[Path]],
) -> None:
    store, _ = built
    key = "15/KH-UBND@uy-ban-nhan-dan-tinh-binh-dinh@2021-03-15"
    merged = store.members(key)
    assert merged[0] == key
    assert [m for m in merged[1:] if m.startswith("synthetic:uy-ban-nhan-dan-tinh-binh-dinh:2021-03-15")]
    node = store.node(key)
    assert node is not None and "blank_plan" not in "".join(node.documents)  # documents are keys
    # the plan's own citation now hangs on the numbered plan
    assert {r.target for r in store.edges(key, "out", ("implements",))} == {"901/2012/NĐ-CP"}
    rule = store.identity(merged[1])
    assert rule is not None and rule[1] == "number found" and "Kế hoạch" in rule[2]


def test_local_numbers_of_two_provinces_stay_apart(built: tuple[SqliteStore, list[Path]]) -> None:
    store, _ = built
    found = resolve(store, "15/KH-UBND")
    assert found.key is None
    assert sorted(found.candidates) == [
        "15/KH-UBND@uy-ban-nhan-dan-tinh-binh-dinh@2021-03-15",
        "15/KH-UBND@uy-ban-nhan-dan-tinh-tay-ninh@2020-02-02",
    ]


def test_stale_citations_are_documents_dated_after_the_end_that_still_cite(
    built: tuple[SqliteStore, list[Path]],
) -> None:
    store, _ = built
    stale = stale_citations(store)
    assert [(s.document.key, s.cited.key, s.replaced_by) for s in stale] == [
        ("15/KH-UBND@uy-ban-nhan-dan-tinh-binh-dinh@2021-03-15", "901/2012/NĐ-CP", ("902/2019/NĐ-CP",)),
    ]
    # the Tây Ninh plan of 02/02/2020 cited it while it was still in force
    assert stale_citations(store, as_of=date(2020, 12, 31)) == []


def test_supersession_is_proposed_where_texts_are_silent_and_kept_apart(
    built: tuple[SqliteStore, list[Path]],
) -> None:
    store, _ = built
    asserted = store.relations(source="904/2018/NĐ-CP", kinds=("supersedes",))
    assert asserted == []
    lin = lineage(store, "903/2010/NĐ-CP")
    assert [link.key for link in lin.later] == ["904/2018/NĐ-CP"]
    proposal = lin.later[0]
    assert proposal.proposal and proposal.methods == ("inferred",)
    evidence = proposal.evidence[0]
    assert evidence.score is not None and evidence.score >= 0.6
    assert any(r.startswith("citations moved: 1 of 1") for r in evidence.reasons)
    assert any(r.startswith("titles alike") for r in evidence.reasons)
    # a proposal never ends an instrument's force and is left out on request
    old = store.node("903/2010/NĐ-CP")
    assert old is not None and old.date_no_longer_in_force is None
    assert lineage(store, "903/2010/NĐ-CP", proposals=False).later == ()
    # the asserted pair gets no proposal on top of its fact
    assert [r.evidence.method for r in store.edges("901/2012/NĐ-CP", "in", ("supersedes",))] == ["text"]


def _derived_dump(db: Path) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db)
    rows = [*con.execute("SELECT * FROM nodes ORDER BY key"), *con.execute("SELECT * FROM identities ORDER BY alias"),
            *con.execute("SELECT source, target, kind, score, reasons FROM proposals ORDER BY source, target")]
    con.close()
    return rows


def test_derived_graph_does_not_depend_on_load_order_or_repetition(tmp_path: Path) -> None:
    paths = _write(tmp_path / "docs", DOCUMENTS)
    with SqliteStore(tmp_path / "a.db") as a:
        ingest(paths, a, workers=1)
    with SqliteStore(tmp_path / "b.db") as b:
        ingest(list(reversed(paths)), b, workers=1)
        again = ingest(paths, b, workers=1)
    assert again.ingested == 0 and again.unchanged == len(paths)
    assert _derived_dump(tmp_path / "a.db") == _derived_dump(tmp_path / "b.db")


def test_reingesting_a_changed_document_replaces_only_its_facts(tmp_path: Path) -> None:
    paths = _write(tmp_path / "docs", DOCUMENTS)
    with SqliteStore(tmp_path / "g.db") as store:
        ingest(paths, store, workers=1)
        before = store.relations(source="977/SLĐTBXH-BĐG@so-lao-dong-thuong-binh-va-xa-hoi-tinh-binh-dinh@2021-04-20")
        (tmp_path / "docs" / "new.txt").write_text(NEW.replace(" và thay thế Nghị định số 901/2012/NĐ-CP ngày 05"
                                                               " tháng 4 năm 2012 của Chính phủ", ""), encoding="utf-8")
        summary = ingest(paths, store, workers=1)
        assert summary.ingested == 1
        assert lineage(store, "901/2012/NĐ-CP", proposals=False).later == ()
        old = store.node("901/2012/NĐ-CP")
        assert old is not None and old.date_no_longer_in_force is None
        after = store.relations(source="977/SLĐTBXH-BĐG@so-lao-dong-thuong-binh-va-xa-hoi-tinh-binh-dinh@2021-04-20")
        assert after == before


CATALOGUE = """
sources:
  s1:
    {kind: secondary, publisher: Báo thử nghiệm, url: "https://example.invalid/a", quote: "Nghị định 903 hết hiệu lực."}
instruments:
  - number: 903/2010/NĐ-CP
    date_no_longer_in_force: 2018-03-01
    sources: {date_no_longer_in_force: [s1]}
relations:
  - {source: 904/2018/NĐ-CP, kind: supersedes, target: 903/2010/NĐ-CP, sources: [s1]}
"""


def test_a_catalogue_fact_settles_a_proposal_and_carries_its_source(tmp_path: Path) -> None:
    paths = _write(tmp_path / "docs", DOCUMENTS)
    cat = tmp_path / "cat.yaml"
    cat.write_text(CATALOGUE, encoding="utf-8")
    with SqliteStore(tmp_path / "g.db") as store:
        ingest([*paths, cat], store, workers=1)
        lin = lineage(store, "903/2010/NĐ-CP")
        assert [(x.key, x.methods) for x in lin.later] == [("904/2018/NĐ-CP", ("catalogue",))]
        evidence = lin.later[0].evidence[0]
        assert evidence.sentence == "Nghị định 903 hết hiệu lực."
        assert "https://example.invalid/a" in (evidence.origin or "")
        old = store.node("903/2010/NĐ-CP")
        assert old is not None and old.date_no_longer_in_force == date(2018, 3, 1) and old.end_basis == "stated"


@pytest.mark.parametrize(("text", "message"), [
    ("instruments:\n  - number: 903/2010/NĐ-CP\n    date_in_force: 2010-03-01\n",
     "903/2010/NĐ-CP): date_in_force has no source"),
    ("relations:\n  - {source: 904/2018/NĐ-CP, kind: supersedes, target: 903/2010/NĐ-CP}\n", "no source given"),
    ("relations:\n  - {source: 904/2018/NĐ-CP, kind: supersedes, target: 903/2010/NĐ-CP, sources: [nope]}\n",
     "unknown source nope"),
    ("instruments:\n  - number: not a number\n", "is not one document number"),
    ("sources:\n  s1: {kind: rumour, publisher: x, url: y, quote: z}\n", "kind must be one of"),
    ("instruments: [\n", "cannot read the catalogue"),
])
def test_a_bad_catalogue_is_refused_naming_file_and_entry(tmp_path: Path, text: str, message: str) -> None:
    cat = tmp_path / "bad.yaml"
    cat.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as err:
        catalogue_facts(cat)
    assert message in str(err.value) and str(cat) in str(err.value)


def test_a_bad_catalogue_loses_nothing_already_stored(tmp_path: Path) -> None:
    paths = _write(tmp_path / "docs", DOCUMENTS)
    good = tmp_path / "cat.yaml"
    good.write_text(CATALOGUE, encoding="utf-8")
    with SqliteStore(tmp_path / "g.db") as store:
        ingest([*paths, good], store, workers=1)
        before = _derived_dump(tmp_path / "g.db")
        good.write_text(CATALOGUE.replace("sources: [s1]}", "}"), encoding="utf-8")
        summary = ingest([good], store, workers=1)
        assert summary.failed and "no source given" in summary.failed[0][1]
        assert _derived_dump(tmp_path / "g.db") == before


AMBIGUOUS_CATALOGUE = """
sources:
  s1: {kind: secondary, publisher: Báo thử nghiệm, url: "https://example.invalid/b", quote: "Hai quyết định cùng tên."}
instruments:
  - number: 908/QĐ-TTg
    aliases: [Đề án thử nghiệm hồ sơ điện tử giai đoạn 2019-2025]
    sources: {aliases: [s1]}
  - number: 909/QĐ-BTC
    aliases: [Đề án thử nghiệm hồ sơ điện tử giai đoạn 2019 - 2025]
    sources: {aliases: [s1]}
"""
CITES_BY_NAME = """BỘ TÀI CHÍNH
Số: 907/BTC-HCSN
Hà Nội, ngày 03 tháng 3 năm 2019
V/v lưu trữ hồ sơ
Thực hiện Đề án thử nghiệm hồ sơ điện tử giai đoạn 2019-2025, Bộ Tài chính hướng dẫn như sau.
"""


def test_a_name_that_fits_two_instruments_stays_a_name_with_its_candidates(tmp_path: Path) -> None:
    cat = tmp_path / "cat.yaml"
    cat.write_text(AMBIGUOUS_CATALOGUE, encoding="utf-8")
    (letter,) = _write(tmp_path / "docs", {"letter.txt": CITES_BY_NAME})
    with SqliteStore(tmp_path / "g.db") as store:
        ingest([cat, letter], store, workers=1)
        name = "name:de-an-thu-nghiem-ho-so-dien-tu-giai-doan-2019-2025"
        assert store.canonical(name) == name
        assert store.ambiguity(name) == ("908/QĐ-TTg", "909/QĐ-BTC")
        assert resolve(store, "de an thu nghiem ho so dien tu giai doan 2019-2025").candidates == (
            "908/QĐ-TTg", "909/QĐ-BTC")
