"""The graph as RDF: ELI for what ELI has terms for, ``vb:`` for the rest (``vocabulary.ttl``).

Every instrument is an ``eli:LegalResource`` under its stable IRI (``ontology.iris``); every
agency an ``eli:Agent``. Every asserted relation is a direct triple (``eli:based_on``,
``vb:implements`` …) *and* one ``vb:RelationStatement`` per statement of it, reified
(``rdf:subject``/``rdf:predicate``/``rdf:object``) with its method, the document it was
derived from (PROV-O), the sentence, span, origin — so nothing the store knows is lost in
export. Inferred proposals exist only as statements (``vb:proposal true``), never as direct
triples: an RDF consumer cannot mistake a proposal for a fact. Where a date came from is a
``vb:FactStatement`` with its quote.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from graph.model import Agency, FactSource, Instrument, Relation
from graph.queries import status
from loaders.identity import slug
from ontology.iris import DEFAULT_BASE, ELI, PROV, VB, VBL, VBT, agency_iri, document_iri, instrument_iri, statement_iri

VOCABULARY = Path(__file__).with_name("vocabulary.ttl")
SHAPES = Path(__file__).with_name("shapes.ttl")
CONTEXT = Path(__file__).with_name("context.jsonld")

#: The predicate of each relation kind.
PREDICATES: dict[str, URIRef] = {
    "implements": VB.implements,
    "based_on": ELI.based_on,
    "cites": ELI.cites,
    "supersedes": VB.supersedes,
    "repeals": ELI.repeals,
    "amends": ELI.amends,
    "issued_by": ELI.passed_by,
}
_STATUS = {"in force": ELI["InForce-inForce"], "no longer in force": ELI["InForce-notInForce"],
           "not yet in force": ELI["InForce-notInForce"]}


class RdfStore(Protocol):
    """What the export reads from a store (``SqliteStore``)."""

    def all_nodes(self) -> list[Instrument]: ...
    def all_edges(self, proposals: bool = True) -> list[Relation]: ...
    def agencies(self) -> list[tuple[Agency, int]]: ...
    def all_fact_sources(self) -> list[FactSource]: ...


class IriClash(ValueError):
    """Two keys would share one IRI: the export refuses rather than merge them silently."""


def bind(g: Graph) -> Graph:
    for prefix, ns in (("eli", ELI), ("vb", VB), ("vbt", VBT), ("vbl", VBL), ("prov", PROV), ("skos", SKOS)):
        g.bind(prefix, ns)
    return g


def to_rdf(store: RdfStore, base: str = DEFAULT_BASE, on: date | None = None) -> Graph:
    """The whole graph as RDF; ``eli:in_force`` is the status on ``on`` (default today)."""
    day = on or date.today()
    g = bind(Graph())
    seen: dict[URIRef, str] = {}
    for inst in store.all_nodes():
        iri = instrument_iri(inst.key, base)
        if seen.setdefault(iri, inst.key) != inst.key:
            raise IriClash(f"{inst.key!r} and {seen[iri]!r} would both be {iri}")
        _instrument(g, iri, inst, day)
    for agency, _issued in store.agencies():
        _agency(g, agency, base)
    for r in store.all_edges(proposals=True):
        _relation(g, r, base)
    for f in store.all_fact_sources():
        _fact(g, f, base)
    return g


def _instrument(g: Graph, iri: URIRef, inst: Instrument, day: date) -> None:
    g.add((iri, RDF.type, ELI.LegalResource))
    g.add((iri, VB.key, Literal(inst.key)))
    if inst.number:
        g.add((iri, ELI.id_local, Literal(inst.number)))
    if inst.title:
        g.add((iri, ELI.title, Literal(" ".join(inst.title.split()), lang="vi")))
    if inst.type:
        g.add((iri, ELI.type_document, VBT[slug(inst.type)]))
    for prop, value in ((ELI.date_document, inst.date_issued), (ELI.first_date_entry_in_force, inst.date_in_force),
                        (ELI.date_no_longer_in_force, inst.date_no_longer_in_force)):
        if value:
            g.add((iri, prop, Literal(value, datatype=XSD.date)))
    if inst.in_force_basis:
        g.add((iri, VB.inForceBasis, Literal(inst.in_force_basis)))
    if inst.end_basis:
        g.add((iri, VB.endBasis, Literal(inst.end_basis)))
    force = _STATUS.get(status(inst, day))
    if force is not None:
        g.add((iri, ELI.in_force, force))
        g.add((iri, VB.statusDate, Literal(day, datatype=XSD.date)))
    for alias in inst.aliases:
        g.add((iri, VB.alias, Literal(alias, lang="vi")))
    if inst.synthetic:
        g.add((iri, VB.synthetic, Literal(True)))
    if inst.local:
        g.add((iri, VB.local, Literal(True)))


def _agency(g: Graph, agency: Agency, base: str) -> None:
    iri = agency_iri(agency.name, base)
    g.add((iri, RDF.type, VB.Agency))
    g.add((iri, RDF.type, ELI.Agent))
    g.add((iri, SKOS.prefLabel, Literal(agency.name, lang="vi")))
    for form in agency.abbreviations:
        if form != agency.name:
            g.add((iri, SKOS.altLabel, Literal(form, lang="vi")))
    if agency.level:
        g.add((iri, VB.level, VBL[agency.level]))
    if agency.parent:
        g.add((iri, VB.parent, agency_iri(agency.parent, base)))


def _end(key: str, kind: str, base: str, target: bool) -> URIRef:
    return agency_iri(key, base) if target and kind == "issued_by" else instrument_iri(key, base)


def _relation(g: Graph, r: Relation, base: str) -> None:
    subject, obj = _end(r.source, r.kind, base, False), _end(r.target, r.kind, base, True)
    predicate = PREDICATES[r.kind]
    e = r.evidence
    if not e.proposal:
        g.add((subject, predicate, obj))
    s = statement_iri("statement", r.source, r.target, r.kind, e.document, e.method, e.start, e.end, e.origin,
                      base=base)
    g.add((s, RDF.type, VB.RelationStatement))
    g.add((s, RDF.subject, subject))
    g.add((s, RDF.predicate, predicate))
    g.add((s, RDF.object, obj))
    g.add((s, VB.method, Literal(e.method)))
    g.add((s, VB.proposal, Literal(e.proposal)))
    if e.document:
        g.add((s, PROV.wasDerivedFrom, document_iri(e.document, base)))
    if e.sentence:
        g.add((s, VB.sentence, Literal(e.sentence, lang="vi")))
    if e.start is not None and e.end is not None:
        g.add((s, VB.spanStart, Literal(e.start)))
        g.add((s, VB.spanEnd, Literal(e.end)))
    if e.origin:
        g.add((s, VB.origin, Literal(e.origin)))
    if e.score is not None:
        g.add((s, VB.score, Literal(Decimal(str(round(e.score, 4))))))
    for reason in e.reasons:
        g.add((s, VB.reason, Literal(reason)))


def _fact(g: Graph, f: FactSource, base: str) -> None:
    s = statement_iri("fact", f.key, f.field, f.value, f.document, f.origin, f.start, base=base)
    g.add((s, RDF.type, VB.FactStatement))
    g.add((s, VB.about, instrument_iri(f.key, base)))
    g.add((s, VB.field, Literal(f.field)))
    g.add((s, VB.value, Literal(f.value)))
    g.add((s, PROV.wasDerivedFrom, document_iri(f.document, base)))
    if f.origin:
        g.add((s, VB.origin, Literal(f.origin)))
    if f.quote:
        g.add((s, VB.quote, Literal(f.quote, lang="vi")))


def vocabulary() -> Graph:
    """The vocabulary (``vocabulary.ttl``) as a graph."""
    return bind(Graph()).parse(VOCABULARY, format="turtle")


__all__ = ["CONTEXT", "PREDICATES", "RDFS", "SHAPES", "VOCABULARY", "IriClash", "RdfStore", "to_rdf", "vocabulary"]
