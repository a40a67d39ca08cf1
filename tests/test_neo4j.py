"""Neo4j: ``vbgraph push`` to a real Neo4j Community 5.26 server, and the same answers read back.

The server is the project's launcher (``tests/neo4j_server.py``), one per run. The library
and API suites run their reading tests over both stores (``tests/test_queries.py``,
``tests/test_api.py``); here every question is asked of every instrument in both stores and
the answers compared whole, on the bundled corpus and on the fictional rules fixture (merged
keys, stubs, inferred proposals). The uploaded documents here are FICTIONAL (numbers 95x).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.server import Settings, create_app
from graph.ingest import ingest, ingest_file
from graph.neo4j_store import Neo4jStore, connect
from graph.neo4j_sync import PushResult
from graph.queries import (
    downstream,
    in_force,
    lineage,
    neighbours,
    stale_citations,
    stale_page,
    upstream,
)
from graph.resolve import resolve
from graph.search import search
from graph.sqlite_store import SqliteStore
from graph.store import ReadStore, StoreError, StoreSpec
from graph.view import path
from tests.conftest import ROOT
from tests.live import get, serving
from tests.test_api import STALE_PLAN
from tests.test_graph_rules import DOCUMENTS, _write

Push = Callable[[Path], PushResult]
DAYS = [date(2006, 12, 31), date(2009, 8, 1), date(2015, 1, 1), date(2021, 12, 31), date(2022, 1, 1), date(2026, 5, 1)]
WORDS = ["binh dang gioi", "55/2009", "bạo lực trên cơ sở giới", "ke hoach", "UBND", "2021-2030", "quyết định 1241"]
INPUTS = ["55/2009", "nd 55/2009", "Luật Bình đẳng giới", "125/2021/ND-CP", "15/KH-UBND", "1241", "nothing 9999"]


def _answers(store: ReadStore) -> dict[tuple[str, ...], Any]:
    """Every question users ask, asked of every instrument, in one snapshot."""
    out: dict[tuple[str, ...], Any] = {}
    with store.snapshot():
        keys = [n.key for n in store.all_nodes()]
        out[("nodes",)] = store.all_nodes()
        out[("edges",)] = store.all_edges()
        out[("facts",)] = store.all_fact_sources()
        out[("agencies",)] = store.agencies()
        out[("counts",)] = store.counts()
        out[("documents",)] = store.documents()
        out[("stale",)] = stale_citations(store)
        out[("stale", "2022")] = stale_citations(store, date(2022, 12, 31))
        out[("stale", "pages")] = [stale_page(store, None, offset, 1) for offset in range(3)]
        for day in DAYS:
            out[("in force", day.isoformat())] = in_force(store, day)
        for words in WORDS:
            out[("search", words)] = search(store, words, limit=50)
        for text in INPUTS:
            out[("resolve", text)] = resolve(store, text)
        for key in keys:
            out[("lineage", key)] = lineage(store, key)
            out[("up", key)] = upstream(store, key, depth=10)
            out[("down", key)] = downstream(store, key, depth=10)
            out[("near", key)] = neighbours(store, key)
            out[("facts", key)] = (store.fact_sources(key), store.members(key), store.ambiguity(key))
        for a, b in zip(keys[::7], keys[3::7], strict=False):
            out[("path", a, b)] = path(store, a, b)
        for agency, _ in store.agencies():
            out[("issued", agency.name)] = store.issued(agency.name)
        for d in store.documents()[1]:
            out[("document", d.key)] = store.document(d.key)
    return out


def _assert_same(sqlite: ReadStore, neo: ReadStore) -> int:
    want, got = _answers(sqlite), _answers(neo)
    assert want.keys() == got.keys()
    differ = [k for k in want if want[k] != got[k]]
    assert not differ, f"{len(differ)} answers differ, first {differ[0]}:\n{want[differ[0]]}\n{got[differ[0]]}"
    return len(want)


def test_every_question_on_the_corpus_answers_the_same_from_neo4j(corpus_db: Path, corpus_neo4j: Neo4jStore) -> None:
    with SqliteStore(corpus_db, readonly=True) as sqlite:
        asked = _assert_same(sqlite, corpus_neo4j)
    assert asked > 600
    later = lineage(corpus_neo4j, "55/2009/NĐ-CP").later
    assert [x.key for x in later] == ["125/2021/NĐ-CP"] and later[0].instrument is not None
    assert later[0].instrument.date_in_force == date(2022, 1, 1)
    assert all("thay thế" in (e.sentence or "") for e in later[0].evidence)


@pytest.fixture
def rules_db(tmp_path: Path) -> Path:
    """The fictional graph of the rules tests: merged keys, two provinces' same number, an
    inferred supersession proposal, a stale citation."""
    db = tmp_path / "rules.db"
    with SqliteStore(db) as store:
        assert not ingest(_write(tmp_path / "docs", DOCUMENTS), store, workers=1).failed
    return db


def test_merges_stubs_and_proposals_answer_the_same(rules_db: Path, neo4j_server: StoreSpec, push_to_neo4j: Push,
                                                    ) -> None:
    push_to_neo4j(rules_db)
    with SqliteStore(rules_db, readonly=True) as sqlite, Neo4jStore.connect(neo4j_server) as neo:
        _assert_same(sqlite, neo)
        counts = neo.counts()
        assert counts["proposals"] >= 1 and counts["merged"] >= 1
        proposed = [r for r in neo.edges("904/2018/NĐ-CP", "out") if r.evidence.proposal]
        assert [(r.kind, r.target) for r in proposed] == [("supersedes", "903/2010/NĐ-CP")]
        assert [r for r in neo.edges("904/2018/NĐ-CP", "out", proposals=False) if r.evidence.proposal] == []
        assert stale_citations(neo) and stale_citations(neo) == stale_citations(sqlite)
    # a proposal is never a SUPERSEDES: Cypher over SUPERSEDES follows stated facts only
    rows = _cypher(neo4j_server, "MATCH (:Instrument {key: $new})-[r]->(:Instrument {key: $old})"
                                 " RETURN type(r) AS t, r.kind AS kind, r.method AS method",
                   new="904/2018/NĐ-CP", old="903/2010/NĐ-CP")
    assert rows == [{"t": "PROPOSED", "kind": "supersedes", "method": "inferred"}]


def _cypher(spec: StoreSpec, query: str, **params: Any) -> list[dict[str, Any]]:
    with connect(spec) as driver:
        return [r.data() for r in driver.execute_query(query, params, database_=spec.database).records]


def test_a_second_push_writes_nothing_and_a_change_writes_only_itself(
        writable_db: Path, tmp_path: Path, neo4j_server: StoreSpec, push_to_neo4j: Push) -> None:
    push_to_neo4j(writable_db)
    again = push_to_neo4j(writable_db)
    assert again.unchanged and again.writes == 0

    plan = tmp_path / "plan.txt"
    plan.write_text(STALE_PLAN, encoding="utf-8")
    with SqliteStore(writable_db) as store:
        ingest_file(plan, store, source="test:plan.txt")
    added = push_to_neo4j(writable_db)
    assert not added.unchanged and sum(added.deleted.values()) == 0
    assert added.created["Document"] == 1 and added.created["Instrument"] == 1
    assert added.created["BASED_ON"] == 1 and added.created["ISSUED_BY"] == 2  # the plan's, and 55/2009's as it says
    assert added.writes < 12, added  # a full push of this graph writes ~600 items
    with SqliteStore(writable_db, readonly=True) as sqlite, Neo4jStore.connect(neo4j_server) as neo:
        assert [s.document.key for s in stale_citations(neo)] == [s.document.key for s in stale_citations(sqlite)]
        assert len(stale_citations(neo)) == 1

    plan.write_text(STALE_PLAN.replace("Căn cứ Nghị định số 55/2009/NĐ-CP ngày 10/6/2009",
                                       "Căn cứ Nghị định số 125/2021/NĐ-CP ngày 28/12/2021"), encoding="utf-8")
    with SqliteStore(writable_db) as store:
        ingest_file(plan, store, source="test:plan.txt")
    changed = push_to_neo4j(writable_db)
    assert changed.deleted["BASED_ON"] == 1 and changed.created["BASED_ON"] == 1
    assert changed.updated["Document"] == 1 and changed.created["Document"] == 0
    with SqliteStore(writable_db, readonly=True) as sqlite, Neo4jStore.connect(neo4j_server) as neo:
        _assert_same(sqlite, neo)
        assert stale_citations(neo) == []


def test_a_failed_push_leaves_the_previous_graph_whole(
        writable_db: Path, tmp_path: Path, neo4j_server: StoreSpec, push_to_neo4j: Push) -> None:
    push_to_neo4j(writable_db)
    before = _cypher(neo4j_server, "MATCH (s:VbgraphSync) RETURN s.fingerprint AS f")
    # a rule of the database's owner that the next push breaks half-way through its writes
    _cypher(neo4j_server, "CREATE CONSTRAINT test_one_source IF NOT EXISTS FOR (d:Document) REQUIRE d.source IS UNIQUE")
    try:
        plan = tmp_path / "plan.txt"
        plan.write_text(STALE_PLAN, encoding="utf-8")
        with SqliteStore(writable_db) as store:
            taken = store.documents()[1][0].source
            ingest_file(plan, store, source=taken)
        with pytest.raises(StoreError, match=r"failed and wrote nothing: .*already exists with label `Document`"):
            push_to_neo4j(writable_db)
        assert _cypher(neo4j_server, "MATCH (s:VbgraphSync) RETURN s.fingerprint AS f") == before
        assert _cypher(neo4j_server, "MATCH (n:Instrument) WHERE n.key STARTS WITH '951/' RETURN n.key AS k") == []
        with Neo4jStore.connect(neo4j_server) as neo:
            assert neo.counts()["documents"] == 32
    finally:
        _cypher(neo4j_server, "DROP CONSTRAINT test_one_source IF EXISTS")


def test_user_input_reaches_cypher_only_as_parameters(corpus_neo4j: Neo4jStore) -> None:
    before = corpus_neo4j.counts()
    for evil in ["55/2009/NĐ-CP' OR 1=1 //", "x'}) MATCH (n) DETACH DELETE n //", '" RETURN 1 //', "$key", "`x`"]:
        assert corpus_neo4j.node(evil) is None
        assert corpus_neo4j.edges(evil, "in") == [] and corpus_neo4j.edges(evil, "out", ("cites",)) == []
        assert corpus_neo4j.members(evil) == [evil] and corpus_neo4j.canonical(evil) == evil
        assert corpus_neo4j.issued(evil) == [] and corpus_neo4j.document(evil) is None
        assert corpus_neo4j.numbered(evil) == [] and corpus_neo4j.fact_sources(evil) == []
        search(corpus_neo4j, evil)
        resolve(corpus_neo4j, evil)
    assert corpus_neo4j.counts() == before


def test_push_sets_up_constraints_and_indexes(corpus_neo4j: Neo4jStore, neo4j_server: StoreSpec) -> None:
    names = {r["name"] for r in _cypher(neo4j_server, "SHOW CONSTRAINTS YIELD name RETURN name")}
    assert {"vbgraph_instrument_key", "vbgraph_agency_name", "vbgraph_supersedes_sid", "vbgraph_proposed_sid"} <= names
    indexes = {r["name"] for r in _cypher(neo4j_server, "SHOW INDEXES YIELD name RETURN name")}
    assert {"vbgraph_fact_key", "vbgraph_in_force"} <= indexes


def _vbgraph(*args: str, password: str | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEO4J_PASSWORD": password or "", "NEO4J_USER": "neo4j"}
    return subprocess.run([sys.executable, "-m", "api", *args], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=300)


def test_cli_push_then_questions_from_neo4j(corpus_db: Path, neo4j_server: StoreSpec) -> None:
    uri = neo4j_server.uri or ""
    first = _vbgraph("push", "--neo4j", uri, "--db", str(corpus_db), password=neo4j_server.password)
    assert first.returncode == 0, first.stderr
    assert "127 instruments" in first.stdout or "instruments" in first.stdout
    again = _vbgraph("push", "--neo4j", uri, "--db", str(corpus_db), password=neo4j_server.password)
    assert again.returncode == 0 and "nothing written" in again.stdout, again.stdout
    trace = _vbgraph("trace", "55/2009", "--store", uri, password=neo4j_server.password)
    assert trace.returncode == 0, trace.stderr
    assert "125/2021/NĐ-CP" in trace.stdout and "01/01/2022" in trace.stdout
    refused = _vbgraph("trace", "55/2009", "--store", uri, password="wrong password")
    assert refused.returncode == 2 and "refused user 'neo4j'" in refused.stderr and "NEO4J_PASSWORD" in refused.stderr
    nobody = _vbgraph("push", "--neo4j", "bolt://127.0.0.1:9", "--db", str(corpus_db), password=None)
    assert nobody.returncode == 2 and "cannot reach Neo4j at bolt://127.0.0.1:9" in nobody.stderr


def test_a_uri_with_credentials_or_an_unknown_scheme_is_refused() -> None:
    with pytest.raises(StoreError, match="NEO4J_USER / NEO4J_PASSWORD"):
        StoreSpec.parse("bolt://neo4j:secret@localhost:7687")
    with pytest.raises(StoreError, match="unknown store"):
        StoreSpec.parse("postgres://localhost/db")
    spec = StoreSpec.parse("neo4j+s://abcd.databases.neo4j.io?database=vbgraph")
    assert spec.uri == "neo4j+s://abcd.databases.neo4j.io" and spec.database == "vbgraph"
    assert "secret" not in repr(StoreSpec(uri="bolt://x", password="secret"))


def test_nothing_pushed_yet_is_named(neo4j_server: StoreSpec, push_to_neo4j: Push, corpus_db: Path) -> None:
    _cypher(neo4j_server, "MATCH (s:VbgraphSync) SET s.model = -1")
    try:
        with pytest.raises(StoreError, match="model -1"):
            Neo4jStore.connect(neo4j_server)
    finally:
        _cypher(neo4j_server, "MATCH (s:VbgraphSync) SET s.model = 1")
    push_to_neo4j(corpus_db)


@pytest.fixture
def neo4j_api(corpus_neo4j: Neo4jStore, neo4j_server: StoreSpec) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(neo4j_server, sparql_timeout=20.0))) as client:
        yield client


def test_the_api_serves_from_neo4j_sparql_included(neo4j_api: TestClient) -> None:
    health = neo4j_api.get("/health").json()
    assert health["store"] == "neo4j" and health["writable"] is False and health["counts"]["documents"] == 32
    later = neo4j_api.get("/lineage", params={"id": "55/2009"}).json()["replaced_by"]
    assert [x["id"] for x in later] == ["125/2021/NĐ-CP"]
    answer = neo4j_api.get("/sparql", params={"query": 'SELECT ?k WHERE { ?x (vb:supersedes|eli:repeals)+ ?old . '
                                                       '?old vb:key "55/2009/NĐ-CP" . ?x vb:key ?k }'})
    assert answer.status_code == 200, answer.text
    assert [b["k"]["value"] for b in answer.json()["results"]["bindings"]] == ["125/2021/NĐ-CP"]


def _post(url: str) -> tuple[int, Any]:
    """A multipart upload of one small file, as a browser form sends it."""
    boundary = "vbgraph-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plan.txt\"\r\n"
            f"Content-Type: text/plain\r\n\r\n{STALE_PLAN}\r\n--{boundary}--\r\n").encode()
    request = urllib.request.Request(url, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


# -- the README's Cypher, run as written ----------------------------------------------------

def _readme_cypher() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```cypher\n(.*?)```", text, flags=re.S)


def test_readme_cypher_lineage_and_strategy(corpus_neo4j: Neo4jStore, neo4j_server: StoreSpec) -> None:
    queries = _readme_cypher()
    assert len(queries) == 3
    chain = _cypher(neo4j_server, queries[0])
    assert [(r["replaced_by"], r["in_force_from"].to_native()) for r in chain] == [("125/2021/NĐ-CP", date(2022, 1, 1))]
    assert all("thay thế" in s for s in chain[0]["evidence"])
    implementing = {r["instrument"] for r in _cypher(neo4j_server, queries[1])}
    expected = {x.key for x in downstream(corpus_neo4j, "28/NQ-CP", depth=1, kinds=("implements",))}
    assert implementing == expected and implementing


def test_readme_cypher_stale_citations_match_the_query_function(
        writable_db: Path, tmp_path: Path, neo4j_server: StoreSpec, push_to_neo4j: Push) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(STALE_PLAN, encoding="utf-8")
    with SqliteStore(writable_db) as store:
        ingest_file(plan, store, source="test:plan.txt")
        expected = [(s.document.key, s.cited.key, list(s.replaced_by)) for s in stale_citations(store)]
    push_to_neo4j(writable_db)
    rows = _cypher(neo4j_server, _readme_cypher()[2])
    assert [(r["document"], r["cites"], r["replaced_by"]) for r in rows] == expected
    assert expected and "Căn cứ Nghị định số 55/2009/NĐ-CP" in rows[0]["evidence"]


def test_vbgraph_serve_from_neo4j_reads_whole_pushes_only(
        corpus_db: Path, writable_db: Path, tmp_path: Path, neo4j_server: StoreSpec, push_to_neo4j: Push) -> None:
    """A real ``vbgraph serve --store bolt://…`` process; pushes alternate between two graphs
    (32 and 33 documents) meanwhile: every answer is one whole graph or the other."""
    plan = tmp_path / "plan.txt"
    plan.write_text(STALE_PLAN, encoding="utf-8")
    with SqliteStore(writable_db) as store:
        ingest_file(plan, store, source="test:plan.txt")
        bigger = store.counts()
    with SqliteStore(corpus_db) as store:
        smaller = store.counts()
    push_to_neo4j(corpus_db)
    pushes = threading.Thread(target=lambda: [push_to_neo4j(db) for db in [writable_db, corpus_db] * 3])
    with serving("--store", neo4j_server.uri or "", env={"NEO4J_PASSWORD": neo4j_server.password or ""}) as url:
        pushes.start()
        seen = set()
        while pushes.is_alive() or not seen:
            status, health = get(url + "/health")
            assert status == 200 and health["store"] == "neo4j"
            counts = health["counts"]
            assert counts in (bigger, smaller), counts  # never half of a push
            seen.add(counts["documents"])
            status, lineage = get(url + "/lineage?id=55%2F2009")
            assert status == 200 and [x["id"] for x in lineage["replaced_by"]] == ["125/2021/NĐ-CP"]
        pushes.join()
        assert seen == {bigger["documents"], smaller["documents"]}  # reads did fall between pushes
        status, refused = _post(url + "/documents")
        assert status == 403 and "vbgraph push" in refused["detail"]


def test_without_java_or_maven_the_neo4j_tests_say_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from tests.neo4j_server import Unavailable, build

    monkeypatch.setenv("PATH", str(tmp_path))  # a machine with neither
    with pytest.raises(Unavailable, match="Neo4j tests skipped: Java 17 and Maven not found"):
        build()
