"""The users' questions on the graph built from the bundled corpus and catalogue, through the
library and through the ``vbgraph`` command as a user runs it.

The library tests run twice: over the real SQLite file, and over a real Neo4j server the same
graph was pushed to (``store`` is parametrised): the same questions, the same answers."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from graph.derive import search_text
from graph.queries import (
    DEPENDENCY_KINDS,
    UnknownInstrument,
    downstream,
    in_force,
    in_force_page,
    instruments,
    instruments_page,
    lineage,
    neighbours,
    status,
    type_issuer_filter,
    upstream,
)
from graph.resolve import resolve
from graph.search import search
from graph.sqlite_store import SqliteStore
from graph.store import ReadStore, details
from graph.view import path, to_networkx
from tests.conftest import ROOT

HAU_GIANG_PLAN = "28/KH-UBND@uy-ban-nhan-dan-tinh-hau-giang@2016-04-11"
NAM_DINH_PLAN = "42/KH-UBND@uy-ban-nhan-dan-tinh-nam-dinh@2021-04-07"


@pytest.fixture(scope="module")
def db(corpus_db: Path) -> Path:
    return corpus_db


@pytest.fixture(params=["sqlite", "neo4j"])
def store(request: pytest.FixtureRequest, db: Path) -> Iterator[ReadStore]:
    if request.param == "sqlite":
        with SqliteStore(db) as sqlite:
            yield sqlite
    else:
        yield request.getfixturevalue("corpus_neo4j")


def test_lineage_of_55_2009_is_125_2021_with_date_and_sources(store: ReadStore) -> None:
    lin = lineage(store, resolve(store, "55/2009").key or "")
    assert lin.instrument.key == "55/2009/NĐ-CP"
    assert [x.key for x in lin.later] == ["125/2021/NĐ-CP"]
    link = lin.later[0]
    assert link.methods == ("catalogue",) and not link.proposal
    assert all("thay thế" in (e.sentence or "") and e.origin for e in link.evidence)
    assert link.instrument is not None and link.instrument.date_in_force == date(2022, 1, 1)
    in_force_sources = [s for s in lin.sources if s.key == "125/2021/NĐ-CP" and s.field == "date_in_force"]
    assert in_force_sources and all(s.origin and s.quote for s in in_force_sources)
    assert lin.current == ("125/2021/NĐ-CP",)
    assert [(a.key, a.via) for a in lin.amendments] == [("76/2026/NĐ-CP", "125/2021/NĐ-CP")]
    assert lin.instrument.date_no_longer_in_force == date(2022, 1, 1)


def test_lineage_backwards_from_125_2021(store: ReadStore) -> None:
    lin = lineage(store, "125/2021/NĐ-CP")
    assert [x.key for x in lin.earlier] == ["55/2009/NĐ-CP"] and lin.later == ()


def test_unknown_instrument_is_an_error(store: ReadStore) -> None:
    with pytest.raises(UnknownInstrument):
        lineage(store, "9999/2030/NĐ-CP")


def test_in_force_on_a_date(store: ReadStore) -> None:
    decrees_2015 = {i.key for i in in_force(store, date(2015, 1, 1), ["Nghị định"])}
    assert {"55/2009/NĐ-CP", "48/2009/NĐ-CP"} <= decrees_2015
    assert "125/2021/NĐ-CP" not in decrees_2015
    decrees_2023 = {i.key for i in in_force(store, date(2023, 1, 1), ["nghi dinh"])}
    assert "125/2021/NĐ-CP" in decrees_2023 and "55/2009/NĐ-CP" not in decrees_2023
    # a decree's entry into force is never assumed from its date issued
    assert "70/2008/NĐ-CP" not in decrees_2015
    stated = in_force(store, date(2023, 1, 1), stated_only=True)
    assert stated and all(i.in_force_basis == "stated" for i in stated)
    law = store.node("73/2006/QH11")
    assert law is not None
    assert status(law, date(2007, 6, 30)) == "not yet in force" and status(law, date(2007, 7, 1)) == "in force"


@pytest.mark.parametrize("on", [date(2015, 1, 1), date(2023, 1, 1)])
def test_a_page_of_what_was_in_force_is_a_slice_of_the_whole_list(store: ReadStore, on: date) -> None:
    """Unfiltered pages come from the store (SQL or Cypher paging), filtered ones from the list."""
    everything = in_force(store, on)
    assert len(everything) > 10
    for offset, limit in ((0, 7), (7, 7), (len(everything) - 3, 10), (len(everything) + 5, 10)):
        assert in_force_page(store, on, offset=offset, limit=limit) == (len(everything),
                                                                          everything[offset:offset + limit])
    decrees = in_force(store, on, ["Nghị định"])
    assert in_force_page(store, on, ["Nghị định"], offset=1, limit=2) == (len(decrees), decrees[1:3])


def test_a_page_of_every_instrument_newest_first_is_a_slice_of_the_whole_list(store: ReadStore) -> None:
    """Unfiltered, the store reads the page in index order (undated instruments last); the
    same as sorting the whole list, which a filter still does."""
    everything = instruments(store)
    assert len(everything) > 100 and any(i.date_issued is None for i in everything)
    for offset, limit in ((0, 7), (7, 30), (len(everything) - 3, 10), (len(everything) + 5, 10)):
        assert instruments_page(store, offset=offset, limit=limit) == (len(everything),
                                                                        everything[offset:offset + limit])
    plans = instruments(store, ["Kế hoạch"])
    assert instruments_page(store, ["Kế hoạch"], offset=1, limit=2) == (len(plans), plans[1:3])


LISTINGS = [  # (types, issuer, year, on, stated only)
    ((), "ủy ban nhân dân", None, date(2023, 1, 1), False),
    (("Kế hoạch", "quyet dinh"), None, None, date(2022, 6, 1), False),
    (("Nghị định",), "chinh phu", None, None, False),
    ((), None, 2021, None, False),
    (("Kế hoạch",), "tỉnh", 2021, date(2022, 1, 1), False),
    ((), None, None, date(2023, 1, 1), True),
    (("Luật",), "quốc hội", None, date(2015, 1, 1), True),
    ((), "xyz", None, None, False),
]


@pytest.mark.parametrize(("types", "issuer", "year", "on", "stated"), LISTINGS)
def test_filtered_lists_read_a_page_at_a_time_are_slices_of_their_definition(
        store: ReadStore, types: tuple[str, ...], issuer: str | None, year: int | None, on: date | None,
        stated: bool) -> None:
    """Filtered listings are read group by group from the store's indexes (SQL) or one
    statement (Cypher) and merged; the same as filtering and sorting every node."""
    kept = type_issuer_filter(types, issuer)
    every = [i for i in store.all_nodes() if kept(i) and (not year or (i.date_issued and i.date_issued.year == year))
             and (not on or status(i, on) == "in force") and (not stated or i.in_force_basis == "stated")]
    newest = sorted(every, key=lambda i: (-(i.date_issued or date.min).toordinal(), i.key))
    if not stated:  # a listing of instruments has no such filter
        assert instruments(store, types, issuer, year, on) == newest
    if on and not year:
        by_start = sorted(every, key=lambda i: (i.date_in_force, i.key))
        assert in_force(store, on, types, issuer, stated) == by_start
    for offset, limit in ((0, 3), (2, 5), (max(0, len(every) - 1), 4), (len(every) + 2, 3)):
        if not stated:
            assert instruments_page(store, types, issuer, year, on, offset, limit) == (
                len(every), newest[offset:offset + limit])
        if on and not year:
            assert in_force_page(store, on, types, issuer, stated, offset, limit) == (
                len(every), by_start[offset:offset + limit])
    if issuer != "xyz":
        assert every


@pytest.mark.parametrize(("types", "issuer"), [(["Nghị định"], None), (["nghi dinh", "Luật"], None),
                                               ([], "chính phủ"), ([], "UY BAN"), (["Kế hoạch"], "tỉnh"),
                                               ([], "nhân  dân"), ([], "xyz")])
def test_filters_narrowed_by_the_store_keep_what_the_filter_keeps(store: ReadStore, types: list[str],
                                                                   issuer: str | None) -> None:
    on = date(2023, 1, 1)
    kept = type_issuer_filter(types, issuer)
    assert in_force(store, on, types, issuer) == [i for i in in_force(store, on) if kept(i)]


def test_entry_into_force_read_from_a_decision_s_own_article(store: ReadStore) -> None:
    decision = store.node("1100/QĐ-UBND@uy-ban-nhan-dan-tinh-tay-ninh@2021-05-21")
    assert decision is not None and decision.in_force_basis == "stated"
    (source,) = [s for s in store.fact_sources(decision.key) if s.field == "date_in_force"]
    assert source.quote == "Quyết định này có hiệu lực kể từ ngày ký." and source.start is not None


def test_upstream_from_a_provincial_plan_to_the_law(store: ReadStore) -> None:
    links = upstream(store, HAU_GIANG_PLAN, depth=3)
    by_key = {x.key: x for x in links}
    assert by_key["1696/QĐ-TTg"].depth == 1 and by_key["1696/QĐ-TTg"].kind in ("implements", "based_on")
    law = by_key["73/2006/QH11"]
    assert law.depth == 2 and law.via == "1696/QĐ-TTg"
    assert all(x.depth <= 1 for x in upstream(store, HAU_GIANG_PLAN, depth=1))
    only_laws = upstream(store, HAU_GIANG_PLAN, depth=3, types=["Luật"])
    assert only_laws and all(x.instrument and x.instrument.type == "Luật" for x in only_laws)


def test_downstream_of_the_2021_2030_strategy(store: ReadStore) -> None:
    strategy = resolve(store, "Chiến lược quốc gia về bình đẳng giới giai đoạn 2021-2030").key
    assert strategy == "28/NQ-CP"
    below = {x.key for x in downstream(store, strategy, depth=1)}
    assert {NAM_DINH_PLAN, "101/QĐ-TTg"} <= below
    implementing = downstream(store, strategy, depth=1, kinds=("implements",))
    assert implementing and all(x.kind == "implements" for x in implementing)
    before_2022 = downstream(store, strategy, depth=1, on=date(2021, 12, 31))
    assert all(x.instrument is None or x.instrument.date_issued is None
               or x.instrument.date_issued <= date(2021, 12, 31) for x in before_2022)
    assert "101/QĐ-TTg" not in {x.key for x in before_2022}


@pytest.mark.parametrize(("name", "key"), [
    ("Luật Bình đẳng giới", "73/2006/QH11"),
    ("luat binh dang gioi", "73/2006/QH11"),
    ("Chương trình quốc gia về bình đẳng giới giai đoạn 2011-2015", "1241/QĐ-TTg"),
    ("Chiến lược quốc gia về bình đẳng giới giai đoạn 2011 - 2020", "2351/QĐ-TTg"),
])
def test_names_resolve_to_their_instrument(store: ReadStore, name: str, key: str) -> None:
    assert resolve(store, name).key == key


def test_name_only_citations_are_merged_into_the_instrument(store: ReadStore, db: Path) -> None:
    assert store.canonical("name:luat-binh-dang-gioi") == "73/2006/QH11"
    incoming = {r.source for r in store.edges("73/2006/QH11", "in")}
    with SqliteStore(db) as stated:  # the relations as the texts stated them, before identity resolution
        raw = {r.source for r in stated.relations(target="name:luat-binh-dang-gioi")}
    assert raw and raw <= incoming
    # a period-less name fits two strategies: it stays a name, not a guess
    assert store.canonical("name:chien-luoc-quoc-gia-ve-binh-dang-gioi") == "name:chien-luoc-quoc-gia-ve-binh-dang-gioi"


def test_search_is_diacritic_insensitive_and_ranked(store: ReadStore) -> None:
    hits = search(store, "55/2009")
    assert hits[0].instrument.key == "55/2009/NĐ-CP"
    plain = [h.instrument.key for h in search(store, "bao luc tren co so gioi")]
    marked = [h.instrument.key for h in search(store, "bạo lực trên cơ sở giới")]
    assert plain == marked and "2232/QĐ-TTg" in plain
    assert all(h.instrument.type == "Kế hoạch" for h in search(store, "bao luc", types=["Kế hoạch"]))
    assert all(h.instrument.date_issued and h.instrument.date_issued.year == 2021
               for h in search(store, "binh dang gioi", year=2021))
    assert search(store, "%_") == []
    whole = search(store, "1/KH", limit=100)  # a number matches as written, not by its parts
    assert whole and all("1/kh" in search_text(h.instrument) for h in whole)
    assert len(whole) < len(search(store, "1 KH", limit=100))
    assert all("100" in h.instrument.key for h in search(store, "100%"))


def test_neighbours_and_path(store: ReadStore) -> None:
    near = neighbours(store, "125/2021/NĐ-CP")
    assert ("55/2009/NĐ-CP", "supersedes", "out") in {(x.key, x.kind, x.direction) for x in near}
    steps = path(store, HAU_GIANG_PLAN, "73/2006/QH11")
    assert [(s.source, s.target) for s in steps] == [(HAU_GIANG_PLAN, "1696/QĐ-TTg"), ("1696/QĐ-TTg", "73/2006/QH11")]
    assert steps[1].relation.kind == "based_on" and steps[1].relation.evidence.sentence
    assert path(store, "73/2006/QH11", "9999/2030/NĐ-CP") == []
    g = to_networkx(store)
    assert g.number_of_nodes() >= store.counts()["instruments"]
    assert g.has_edge("125/2021/NĐ-CP", "55/2009/NĐ-CP", key="supersedes")


def test_the_first_relations_of_an_instrument_and_their_number(store: ReadStore) -> None:
    """``edges(limit=n)`` is the first n of ``edges()``, and ``edge_count`` their number, for
    every instrument both ways, merged names (aliases) and proposals included."""
    keys = [n.key for n in store.all_nodes()]
    assert len(keys) > 100
    for key in keys:
        for direction in ("out", "in"):
            every = store.edges(key, direction)
            assert store.edge_count(key, direction) == len(every), (key, direction)
            for n in (1, 3):
                assert store.edges(key, direction, limit=n) == every[:n], (key, direction, n)
            assert store.edges_of([key, keys[0]], direction, limit=2)[key] == every[:2]


def test_the_details_of_an_instrument_cited_more_than_they_carry(store: ReadStore) -> None:
    """The law is cited by most documents: its details carry the first relations each way and
    the number of all; ``downstream`` at depth 1 still reaches every citing instrument."""
    law = "73/2006/QH11"
    whole = details(store, law)
    cut = details(store, law, limit=3)
    assert whole.relations_shown == whole.relations_total > 12
    assert cut.relations_total == whole.relations_total and 3 <= cut.relations_shown <= 6
    assert {(x.key, x.kind) for x in cut.relations} <= {(x.key, x.kind) for x in whole.relations}
    citing = {x.key for x in whole.relations if x.direction == "in" and x.kind in DEPENDENCY_KINDS}
    assert citing == {x.key for x in downstream(store, law, 1)}


# -- the command, as a user runs it ----------------------------------------------------------


def _vbgraph(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "api", *args, "--db", str(db)], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def test_trace_prints_the_chain_with_date_method_and_source(db: Path) -> None:
    run = _vbgraph(db, "trace", "55/2009")
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "125/2021/NĐ-CP" in out and "in force 01/01/2022" in out
    assert "[catalogue]" in out and "thay thế" in out and "https://" in out
    assert "current: 125/2021/NĐ-CP" in out


def test_trace_json_for_scripts(db: Path) -> None:
    run = _vbgraph(db, "trace", "nd 55/2009", "--format", "json")
    data = json.loads(run.stdout)
    (later,) = data["replaced_by"]
    assert later["id"] == "125/2021/NĐ-CP" and later["instrument"]["date_in_force"] == "2022-01-01"
    assert later["evidence"][0]["method"] == "catalogue" and later["evidence"][0]["origin"]


@pytest.mark.parametrize("args", [
    ("deps", "42/KH-UBND", "--up"),
    ("deps", "28/NQ-CP", "--down", "--depth", "1", "--kind", "implements"),
    ("in-force", "--on", "01/01/2015", "--type", "Nghị định"),
    ("stale",),
    ("search", "bao luc gioi"),
    ("show", "Luật Bình đẳng giới"),
    ("path", "1696/QĐ-TTg", "73/2006/QH11"),
])
def test_every_question_answers_in_table_and_json(db: Path, args: tuple[str, ...]) -> None:
    table = _vbgraph(db, *args)
    assert table.returncode == 0, table.stderr
    assert table.stdout.strip()
    data = json.loads(_vbgraph(db, *args, "--format", "json").stdout)
    assert isinstance(data, dict) and data


def test_ambiguous_and_unknown_input_exit_2_with_candidates(db: Path) -> None:
    run = _vbgraph(db, "trace", "101")
    assert run.returncode == 2 and "ambiguous" in run.stderr
    assert "101/QĐ-TTg" in run.stderr and "101/KH-UBND" in run.stderr
    run = _vbgraph(db, "show", "binh dang gioi 2099")
    assert run.returncode == 2 and "no instrument" in run.stderr


def test_a_missing_store_is_named(tmp_path: Path) -> None:
    run = _vbgraph(tmp_path / "none.db", "trace", "55/2009")
    assert run.returncode == 2 and "none.db" in run.stderr and "vbgraph ingest" in run.stderr
    assert not (tmp_path / "none.db").exists()


def test_what_an_agency_issued_is_the_same_read_whole_or_a_page_at_a_time(store: ReadStore) -> None:
    """A page of a prolific agency is read in date order from the nodes, the whole list from
    the agency's relations (``SqliteStore.issued``): the same instruments in the same order,
    each once, newest first, as many as the agency's count."""
    for agency, count in store.agencies():
        whole = store.issued(agency.name)
        pages = [i for offset in range(0, count + 3, 3) for i in store.issued(agency.name, offset, 3)]
        assert [i.key for i in pages] == [i.key for i in whole] and len(whole) == count, agency.name
        assert [i.date_issued for i in whole if i.date_issued] == sorted(
            (i.date_issued for i in whole if i.date_issued), reverse=True)
