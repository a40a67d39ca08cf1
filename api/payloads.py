"""JSON shapes of query answers, shared by ``vbgraph … --format json`` and the HTTP API.

Each shape is a ``TypedDict``: mypy checks every payload built here, and FastAPI publishes
the same types as the OpenAPI schema of the answers (``/docs``), so the CLI, the API and
its documentation cannot drift apart. Dates are ISO 8601; every relation carries its
evidence with its method, and proposals say ``"proposal": true``.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, NotRequired

from typing_extensions import TypedDict  # pydantic reads typing.TypedDict only from Python 3.12

from graph.model import Agency, Evidence, FactSource, Instrument, Relation, StoredDocument
from graph.queries import AgencySummary, Lineage, Link, StaleCitation, status
from graph.search import Hit
from graph.store import Details
from graph.view import PathStep


class InstrumentJSON(TypedDict):
    """An instrument with its dates, where each date came from, and its status on a day."""

    id: str
    number: str | None
    type: str | None
    issuer: str | None
    title: str | None
    date_issued: str | None
    date_in_force: str | None
    in_force_basis: str | None
    date_no_longer_in_force: str | None
    end_basis: str | None
    status: str
    status_on: str
    synthetic: bool
    local: bool
    aliases: list[str]
    documents: list[str]
    documents_total: int


class EvidenceJSON(TypedDict):
    """Why the graph holds a relation: the document and sentence (text), the curated source
    (catalogue, with ``origin``), or the rule's score and reasons (inferred: a proposal)."""

    method: str
    proposal: bool
    document: NotRequired[str]
    sentence: NotRequired[str]
    span: NotRequired[list[int]]
    origin: NotRequired[str]
    score: NotRequired[float]
    reasons: NotRequired[list[str]]


class RelationJSON(TypedDict):
    source: str
    target: str
    kind: str
    evidence: list[EvidenceJSON]


class LinkJSON(TypedDict):
    """One step of a walk: ``id`` reached from ``via`` by ``kind`` at ``depth``."""

    id: str
    kind: str
    via: str
    direction: str
    depth: int
    proposal: bool
    methods: list[str]
    instrument: InstrumentJSON | None
    evidence: list[EvidenceJSON]


class SourceJSON(TypedDict):
    """Where one fact about an instrument comes from, with the words that state it."""

    id: str
    field: str
    value: str
    document: str
    origin: str | None
    quote: str | None


class LineageJSON(TypedDict):
    instrument: InstrumentJSON | None
    replaced: list[LinkJSON]
    replaced_by: list[LinkJSON]
    amended_by: list[LinkJSON]
    current: list[str]
    sources: list[SourceJSON]


class StaleJSON(TypedDict):
    document: InstrumentJSON | None
    cites: InstrumentJSON | None
    ended: str
    end_basis: str | None
    replaced_by: list[str]
    relation: RelationJSON


class HitJSON(TypedDict):
    score: float
    instrument: InstrumentJSON | None


class MergedJSON(TypedDict):
    id: str
    reason: str


class DetailsJSON(TypedDict):
    """One instrument: facts, their sources, names merged into it, its relations: the first
    500 each way, grouped by the other end and kind; ``relations_total`` counts every statement
    (``relations_shown`` those the groups hold). ``/downstream?depth=1`` pages through all."""

    instrument: InstrumentJSON | None
    sources: list[SourceJSON]
    merged: list[MergedJSON]
    may_be: list[str]
    relations: list[LinkJSON]
    relations_shown: int
    relations_total: int


class AgencyJSON(TypedDict):
    name: str
    level: str | None
    parent: str | None
    abbreviations: list[str]
    issued: int


class DocumentJSON(TypedDict):
    """An ingested document; ``extraction`` (the extractor's full result) on its own page."""

    id: str
    source: str
    digest: str
    ingested_at: str
    relations: int
    extraction: NotRequired[dict[str, Any]]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def instrument_json(inst: Instrument | None, on: date | None = None) -> InstrumentJSON | None:
    if inst is None:
        return None
    day = on or date.today()
    return {
        "id": inst.key,
        "number": inst.number,
        "type": inst.type,
        "issuer": inst.issuer,
        "title": inst.title,
        "date_issued": _iso(inst.date_issued),
        "date_in_force": _iso(inst.date_in_force),
        "in_force_basis": inst.in_force_basis,
        "date_no_longer_in_force": _iso(inst.date_no_longer_in_force),
        "end_basis": inst.end_basis,
        "status": status(inst, day),
        "status_on": day.isoformat(),
        "synthetic": inst.synthetic,
        "local": inst.local,
        "aliases": list(inst.aliases),
        "documents": list(inst.documents),
        "documents_total": inst.documents_total,
    }


def evidence_json(e: Evidence) -> EvidenceJSON:
    out: EvidenceJSON = {"method": e.method, "proposal": e.proposal}
    if e.document:
        out["document"] = e.document
    if e.sentence is not None:
        out["sentence"] = e.sentence
    if e.start is not None and e.end is not None:
        out["span"] = [e.start, e.end]
    if e.origin:
        out["origin"] = e.origin
    if e.score is not None:
        out["score"] = e.score
    if e.reasons:
        out["reasons"] = list(e.reasons)
    return out


def relation_json(r: Relation) -> RelationJSON:
    return {"source": r.source, "target": r.target, "kind": r.kind, "evidence": [evidence_json(r.evidence)]}


def link_json(link: Link) -> LinkJSON:
    return {
        "id": link.key,
        "kind": link.kind,
        "via": link.via,
        "direction": link.direction,
        "depth": link.depth,
        "proposal": link.proposal,
        "methods": list(link.methods),
        "instrument": instrument_json(link.instrument),
        "evidence": [evidence_json(e) for e in link.evidence],
    }


def source_json(s: FactSource) -> SourceJSON:
    return {"id": s.key, "field": s.field, "value": s.value, "document": s.document, "origin": s.origin,
            "quote": s.quote}


def lineage_json(lin: Lineage) -> LineageJSON:
    return {
        "instrument": instrument_json(lin.instrument),
        "replaced": [link_json(x) for x in lin.earlier],
        "replaced_by": [link_json(x) for x in lin.later],
        "amended_by": [link_json(x) for x in lin.amendments],
        "current": list(lin.current),
        "sources": [source_json(s) for s in lin.sources],
    }


def stale_json(s: StaleCitation) -> StaleJSON:
    return {
        "document": instrument_json(s.document),
        "cites": instrument_json(s.cited),
        "ended": s.ended.isoformat(),
        "end_basis": s.end_basis,
        "replaced_by": list(s.replaced_by),
        "relation": relation_json(s.relation),
    }


def hit_json(h: Hit) -> HitJSON:
    return {"score": h.score, "instrument": instrument_json(h.instrument)}


def path_json(steps: list[PathStep]) -> list[RelationJSON]:
    return [relation_json(s.relation) for s in steps]


def details_json(d: Details, on: date | None = None) -> DetailsJSON:
    return {"instrument": instrument_json(d.instrument, on), "sources": [source_json(s) for s in d.sources],
            "merged": [{"id": a, "reason": r} for a, r in d.merged], "may_be": list(d.may_be),
            "relations": [link_json(n) for n in d.relations], "relations_shown": d.relations_shown,
            "relations_total": d.relations_total}


def agency_json(a: Agency | AgencySummary) -> AgencyJSON:
    agency, issued = (a.agency, a.issued) if isinstance(a, AgencySummary) else (a, 0)
    return {"name": agency.name, "level": agency.level, "parent": agency.parent,
            "abbreviations": list(agency.abbreviations), "issued": issued}


def document_json(d: StoredDocument) -> DocumentJSON:
    out: DocumentJSON = {"id": d.key, "source": d.source, "digest": d.digest, "ingested_at": d.ingested_at,
                         "relations": d.relations}
    if d.extraction is not None:
        out["extraction"] = json.loads(d.extraction)
    return out
