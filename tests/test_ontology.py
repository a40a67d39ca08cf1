"""Linked data: the vocabulary, stable IRIs, RDF exports and their round trip, SHACL, SPARQL,
GraphML/GEXF/CSV — on the graph built from the bundled corpus and catalogue (real SQLite),
and on the fictional fixture graph of test_graph_rules for inferred proposals."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import quote

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from api.server import Settings, create_app
from graph.ingest import ingest
from graph.queries import lineage
from graph.sqlite_store import SqliteStore
from graph.store import StoreSpec
from loaders.corpus import iter_documents
from loaders.identity import slug
from loaders.lexicon.doc_types import TYPE_CODES, TYPE_WORDS
from ontology.export import ExportFormat, export
from ontology.iris import ELI, VB, VBT, instrument_iri
from ontology.rdf import to_rdf, vocabulary
from ontology.sparql import SparqlError, SparqlRunner, SparqlTimeout, check
from ontology.validate import validate
from tests.conftest import CATALOGUE, CORPUS, ROOT
from tests.test_graph_rules import QUIET_NEW, QUIET_OLD

DAY = date(2026, 1, 1)
LINEAGE_55 = """SELECT ?key WHERE {
  ?later (vb:supersedes|eli:repeals)+ ?old . ?old vb:key "55/2009/NĐ-CP" . ?later vb:key ?key }"""


@pytest.fixture(scope="module")
def store(corpus_db: Path) -> Iterator[SqliteStore]:
    with SqliteStore(corpus_db, readonly=True) as s:
        yield s


@pytest.fixture(scope="module")
def rdf(store: SqliteStore) -> Graph:
    return to_rdf(store, on=DAY)


# -- the vocabulary ------------------------------------------------------------------------------

def test_every_term_has_a_vietnamese_and_an_english_label() -> None:
    v = vocabulary()
    terms = {s for s in v.subjects() if isinstance(s, URIRef) and str(s).startswith("https://vbgraph.example/ns")}
    terms |= {s for s in v.subjects() if isinstance(s, URIRef) and str(s).startswith(str(ELI))}
    assert len(terms) > 60
    for term in terms:
        labels = list(v.objects(term, RDFS.label)) + list(v.objects(term, SKOS.prefLabel))
        languages = {label.language for label in labels if isinstance(label, Literal)}
        assert {"vi", "en"} <= languages, term


def test_every_document_type_is_a_concept(rdf: Graph) -> None:
    v = vocabulary()
    concepts = set(v.subjects(SKOS.inScheme, VB.DocumentTypes))
    known = {VBT[slug(t)] for t in {*TYPE_CODES.values(), *TYPE_WORDS.values()}}
    used = set(rdf.objects(None, ELI.type_document))
    assert known <= concepts and used <= concepts


def test_own_relations_align_with_eli(rdf: Graph) -> None:
    v = vocabulary()
    assert (VB.supersedes, RDFS.subPropertyOf, ELI.repeals) in v
    assert (VB.implements, RDFS.subPropertyOf, ELI.cites) in v


# -- IRIs and the RDF --------------------------------------------------------------------------------

def test_iris_follow_eli_paths_and_keep_the_exact_number(rdf: Graph) -> None:
    iri = URIRef("https://vbgraph.example/eli/nghi-dinh/2009/55/nd-cp")
    assert (iri, ELI.id_local, Literal("55/2009/NĐ-CP")) in rdf
    assert (iri, ELI.first_date_entry_in_force, Literal(date(2009, 8, 1))) in rdf
    assert (iri, ELI.in_force, ELI["InForce-notInForce"]) in rdf
    assert (instrument_iri("125/2021/NĐ-CP"), VB.supersedes, iri) in rdf
    assert instrument_iri("55/2009/NĐ-CP", "https://data.example.vn/") == URIRef(
        "https://data.example.vn/eli/nghi-dinh/2009/55/nd-cp")


def test_the_rdf_does_not_depend_on_load_order(rdf: Graph, tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "reversed.db") as other:
        ingest([CATALOGUE, *reversed(list(iter_documents([CORPUS])))], other, workers=1)
        assert isomorphic(to_rdf(other, on=DAY), rdf)


def test_evidence_and_method_survive_export(rdf: Graph) -> None:
    statements = set(rdf.subjects(RDF.type, VB.RelationStatement))
    assert len(statements) > 300
    replaced = [s for s in statements if (s, RDF.predicate, VB.supersedes) in rdf
                and (s, RDF.object, instrument_iri("55/2009/NĐ-CP")) in rdf]
    assert len(replaced) == 4
    for s in replaced:
        assert rdf.value(s, VB.method) == Literal("catalogue")
        assert "thay thế" in str(rdf.value(s, VB.sentence)) and "http" in str(rdf.value(s, VB.origin))
    texts = [s for s in statements if rdf.value(s, VB.method) == Literal("text") and rdf.value(s, VB.sentence)]
    assert texts and all(rdf.value(s, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")) for s in texts)


@pytest.mark.parametrize("fmt", [ExportFormat.ttl, ExportFormat.nt, ExportFormat.jsonld])
def test_round_trip_gives_an_isomorphic_graph(store: SqliteStore, rdf: Graph, fmt: ExportFormat) -> None:
    data = export(store, fmt, on=DAY)
    parsed = Graph().parse(data=data, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt.value])
    assert isomorphic(parsed, rdf)


def test_the_export_conforms_to_the_shapes(rdf: Graph) -> None:
    report = validate(rdf)
    assert report.conforms, report.text


def test_the_shapes_reject_a_broken_graph(rdf: Graph) -> None:
    broken = Graph()
    for triple in rdf:
        broken.add(triple)
    decree = instrument_iri("55/2009/NĐ-CP")
    broken.remove((decree, VB.key, None))
    broken.add((decree, ELI.date_no_longer_in_force, Literal(date(2001, 1, 1))))
    lost = next(s for s in broken.subjects(VB.method, Literal("text")))
    broken.remove((lost, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None))
    report = validate(broken)
    assert not report.conforms
    assert "exactly one graph key" in report.text
    assert "enters into force before it stops" in report.text
    assert "carries its proof" in report.text


def test_a_proposal_is_a_statement_never_a_fact(tmp_path: Path) -> None:
    docs = []
    for name, text in (("old.txt", QUIET_OLD), ("new.txt", QUIET_NEW)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        docs.append(tmp_path / name)
    with SqliteStore(tmp_path / "g.db") as fixture:
        ingest(docs, fixture, workers=1)
        g = to_rdf(fixture, on=DAY)
    new, old = instrument_iri("904/2018/NĐ-CP"), instrument_iri("903/2010/NĐ-CP")
    assert (new, VB.supersedes, old) not in g
    (s,) = g.subjects(RDF.predicate, VB.supersedes)
    assert g.value(s, VB.proposal) == Literal(True) and float(g.value(s, VB.score)) >= 0.6
    assert validate(g).conforms


# -- SPARQL --------------------------------------------------------------------------------------

def test_lineage_by_a_sparql_property_path_equals_the_lineage_function(store: SqliteStore, corpus_db: Path) -> None:
    runner = SparqlRunner(StoreSpec(path=corpus_db))
    try:
        answer = runner.run(LINEAGE_55, "csv")
    finally:
        runner.close()
    rows = list(csv.reader(io.StringIO(answer.body.decode("utf-8"))))
    by_sparql = sorted(r[0] for r in rows[1:])
    by_function = sorted(link.key for link in lineage(store, "55/2009/NĐ-CP", proposals=False).later)
    assert by_sparql == by_function == ["125/2021/NĐ-CP"]


@pytest.mark.parametrize(("query", "refused"), [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", True),
    ("DELETE WHERE { ?s ?p ?o }", True),
    ("LOAD <http://example.org/x.ttl>", True),
    ("SELECT * FROM <http://example.org/x> WHERE { ?s ?p ?o }", True),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", True),
    ("SELEC * WHERE { ?s ?p ?o }", False),
])
def test_only_read_queries_of_the_own_graph_run(query: str, refused: bool) -> None:
    with pytest.raises(SparqlError) as caught:
        check(query)
    assert caught.value.refused is refused


def test_queries_stop_at_the_time_and_row_limits(corpus_db: Path) -> None:
    runner = SparqlRunner(StoreSpec(path=corpus_db), timeout=1.0, max_rows=5)
    try:
        with pytest.raises(SparqlTimeout):
            runner.run("SELECT (count(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
        # a fresh worker answers; it loads the graph first, which on two busy cores (the
        # suite beside a benchmark) took over the 1 s limit, so the limit is raised for it
        runner.timeout = 60.0
        answer = runner.run("SELECT ?s WHERE { ?s a eli:LegalResource }")
        assert answer.rows == 5 and answer.truncated
    finally:
        runner.close()


# -- GraphML, GEXF, CSV ------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", [ExportFormat.graphml, ExportFormat.gexf])
def test_graphml_and_gexf_read_back(store: SqliteStore, fmt: ExportFormat) -> None:
    reader = nx.read_graphml if fmt is ExportFormat.graphml else nx.read_gexf
    g = reader(io.BytesIO(export(store, fmt, on=DAY)))
    counts = store.counts()
    assert g.number_of_edges() == counts["relations"] + counts["proposals"]
    assert g.nodes["55/2009/NĐ-CP"]["label"] == "55/2009/NĐ-CP"
    assert g.nodes["55/2009/NĐ-CP"]["date_in_force"] == "2009-08-01"
    kinds = {d["kind"] for _a, _b, d in g.edges(data=True)}
    assert {"supersedes", "based_on", "implements", "issued_by"} <= kinds


def test_csv_has_a_row_per_relation_statement(store: SqliteStore) -> None:
    rows = list(csv.DictReader(io.StringIO(export(store, ExportFormat.csv).decode("utf-8"))))
    assert len(rows) == store.counts()["relations"]
    row = next(r for r in rows if r["kind"] == "supersedes" and r["target"] == "55/2009/NĐ-CP")
    assert row["method"] == "catalogue" and "thay thế" in row["sentence"]


# -- CLI and API -----------------------------------------------------------------------------------

def _vbgraph(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "api", *args], capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_cli_export_validate_sparql(corpus_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.jsonld"
    assert _vbgraph("export", "--format", "jsonld", "--out", str(out), "--db", str(corpus_db)).returncode == 0
    assert len(Graph().parse(out, format="json-ld")) > 4000
    assert not list(tmp_path.glob("*.part"))
    checked = _vbgraph("validate", "--db", str(corpus_db))
    assert checked.returncode == 0 and "conforms" in checked.stdout
    run = _vbgraph("sparql", LINEAGE_55, "--db", str(corpus_db))
    assert run.returncode == 0 and run.stdout.split() == ["key", "125/2021/NĐ-CP"]
    refused = _vbgraph("sparql", "DELETE WHERE { ?s ?p ?o }", "--db", str(corpus_db))
    assert refused.returncode == 2 and "read-only" in refused.stderr


def test_api_export_and_sparql_protocol(corpus_db: Path) -> None:
    with TestClient(create_app(Settings(StoreSpec(path=corpus_db), sparql_timeout=2.0))) as api:
        ttl = api.get("/export", params={"format": "ttl"})
        assert ttl.headers["content-type"].startswith("text/turtle")
        assert len(Graph().parse(data=ttl.text, format="turtle")) > 4000
        got = api.get("/sparql", params={"query": LINEAGE_55})
        assert got.headers["content-type"] == "application/sparql-results+json"
        assert [b["key"]["value"] for b in got.json()["results"]["bindings"]] == ["125/2021/NĐ-CP"]
        posted = api.post("/sparql", content=LINEAGE_55.encode(), headers={
            "content-type": "application/sparql-query", "accept": "text/csv"})
        assert posted.text.split() == ["key", "125/2021/NĐ-CP"]
        form = api.post("/sparql", data={"query": "ASK { ?s vb:key \"125/2021/NĐ-CP\" }"})
        assert form.json() == {"head": {}, "boolean": True}
        assert api.post("/sparql", data={"update": "DELETE WHERE { ?s ?p ?o }"}).status_code == 403
        assert api.get("/sparql", params={"query": "DELETE WHERE { ?s ?p ?o }"}).json()["type"].endswith("read-only")
        assert api.get("/sparql", params={"query": "SELECT nonsense"}).status_code == 400
        slow = api.get("/sparql", params={"query": "SELECT (count(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
        assert slow.status_code == 503 and slow.json()["type"].endswith("query-timeout")
        iri = quote("55/2009/NĐ-CP", safe="")
        assert api.get(f"/instruments/{iri}").status_code == 200  # the app still answers after a stopped query
