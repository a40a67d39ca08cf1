"""The graph in the formats other tools read: RDF (Turtle, N-Triples, JSON-LD with the
bundled context), GraphML and GEXF (Gephi, yEd), and CSV (one row per relation statement).

RDF comes from ``ontology.rdf``; GraphML, GEXF and CSV from one flat view of the store
(``flat_graph``) whose attributes are plain strings and numbers, as those formats need.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from enum import StrEnum
from typing import Any

import networkx as nx

from graph.model import ISSUED_BY
from graph.queries import status
from ontology.iris import DEFAULT_BASE, agency_iri, instrument_iri
from ontology.rdf import CONTEXT, RdfStore, to_rdf


class ExportFormat(StrEnum):
    ttl = "ttl"
    nt = "nt"
    jsonld = "jsonld"
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"


MEDIA_TYPES = {
    ExportFormat.ttl: "text/turtle; charset=utf-8",
    ExportFormat.nt: "application/n-triples",
    ExportFormat.jsonld: "application/ld+json",
    ExportFormat.graphml: "application/graphml+xml",
    ExportFormat.gexf: "application/gexf+xml",
    ExportFormat.csv: "text/csv; charset=utf-8",
}

CSV_COLUMNS = ("source", "source_number", "source_type", "kind", "target", "target_number", "target_type",
               "method", "proposal", "document", "sentence", "origin", "score", "reasons")


def context() -> dict[str, Any]:
    """The JSON-LD context (``ontology/context.jsonld``)."""
    loaded: dict[str, Any] = json.loads(CONTEXT.read_text(encoding="utf-8"))
    return loaded


def export(store: RdfStore, fmt: ExportFormat, base: str = DEFAULT_BASE, on: date | None = None) -> bytes:
    """The whole graph in ``fmt``, as bytes (UTF-8 for the text formats)."""
    if fmt in (ExportFormat.ttl, ExportFormat.nt, ExportFormat.jsonld):
        g = to_rdf(store, base, on)
        if fmt is ExportFormat.jsonld:
            return g.serialize(format="json-ld", context=context()["@context"], auto_compact=True).encode("utf-8")
        return g.serialize(format="turtle" if fmt is ExportFormat.ttl else "nt").encode("utf-8")
    if fmt is ExportFormat.csv:
        return _csv(store)
    out = io.BytesIO()
    flat = flat_graph(store, base, on)
    if fmt is ExportFormat.graphml:
        nx.write_graphml(flat, out)
    else:
        nx.write_gexf(flat, out)
    return out.getvalue()


def flat_graph(store: RdfStore, base: str = DEFAULT_BASE, on: date | None = None) -> nx.MultiDiGraph:
    """Instruments and agencies as nodes, one edge per relation statement, every attribute a
    string, number or boolean; ``label`` is the instrument's own number (or its title)."""
    day = on or date.today()
    g = nx.MultiDiGraph()
    for inst in store.all_nodes():
        g.add_node(inst.key, **_clean({
            "label": inst.number or inst.title or inst.key, "kind": "instrument",
            "iri": str(instrument_iri(inst.key, base)),
            "number": inst.number, "type": inst.type, "issuer": inst.issuer, "title": inst.title,
            "date_issued": _iso(inst.date_issued), "date_in_force": _iso(inst.date_in_force),
            "date_no_longer_in_force": _iso(inst.date_no_longer_in_force), "status": status(inst, day),
        }))
    for agency, issued in store.agencies():
        g.add_node(agency.name, **_clean({"label": agency.name, "kind": "agency",
                                          "iri": str(agency_iri(agency.name, base)), "level": agency.level,
                                          "issued": issued}))
    for i, r in enumerate(store.all_edges(proposals=True)):
        for end in (r.source, r.target):
            if end not in g:
                g.add_node(end, label=end, kind="agency" if r.kind == ISSUED_BY and end == r.target else "instrument")
        e = r.evidence
        g.add_edge(r.source, r.target, key=i, **_clean({
            "kind": r.kind, "method": e.method, "proposal": e.proposal, "document": e.document or None,
            "sentence": e.sentence, "origin": e.origin, "score": e.score, "reasons": "; ".join(e.reasons) or None,
        }))
    return g


def _csv(store: RdfStore) -> bytes:
    nodes = {n.key: n for n in store.all_nodes()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in store.all_edges(proposals=True):
        e, a, b = r.evidence, nodes.get(r.source), nodes.get(r.target)
        writer.writerow([r.source, a.number if a else "", a.type if a else "", r.kind, r.target,
                         b.number if b else "", (b.type if b else "") or "", e.method, str(e.proposal).lower(),
                         e.document, e.sentence or "", e.origin or "", "" if e.score is None else e.score,
                         "; ".join(e.reasons)])
    return out.getvalue().encode("utf-8")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _clean(attributes: dict[str, Any]) -> dict[str, Any]:
    """GraphML and GEXF take no null values: leave them out."""
    return {k: v for k, v in attributes.items() if v is not None}
