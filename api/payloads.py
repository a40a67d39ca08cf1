"""JSON shapes of query answers, shared by ``vbgraph … --format json`` and the HTTP API.

Dates are ISO 8601; every relation carries its evidence with its method, and proposals say
``"proposal": true``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.model import Evidence, FactSource, Instrument, Relation
from graph.queries import Hit, Lineage, Link, StaleCitation, status
from graph.view import PathStep


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def instrument_json(inst: Instrument | None, on: date | None = None) -> dict[str, Any] | None:
    if inst is None:
        return None
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
        "status": status(inst, on or date.today()),
        "status_on": (on or date.today()).isoformat(),
        "synthetic": inst.synthetic,
        "local": inst.local,
        "aliases": list(inst.aliases),
        "documents": list(inst.documents),
    }


def evidence_json(e: Evidence) -> dict[str, Any]:
    out: dict[str, Any] = {"method": e.method, "proposal": e.proposal}
    if e.document:
        out["document"] = e.document
    if e.sentence is not None:
        out["sentence"] = e.sentence
    if e.start is not None:
        out["span"] = [e.start, e.end]
    if e.origin:
        out["origin"] = e.origin
    if e.score is not None:
        out["score"] = e.score
    if e.reasons:
        out["reasons"] = list(e.reasons)
    return out


def relation_json(r: Relation) -> dict[str, Any]:
    return {"source": r.source, "target": r.target, "kind": r.kind, "evidence": [evidence_json(r.evidence)]}


def link_json(link: Link) -> dict[str, Any]:
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


def source_json(s: FactSource) -> dict[str, Any]:
    return {"id": s.key, "field": s.field, "value": s.value, "document": s.document, "origin": s.origin,
            "quote": s.quote}


def lineage_json(lin: Lineage) -> dict[str, Any]:
    return {
        "instrument": instrument_json(lin.instrument),
        "replaced": [link_json(x) for x in lin.earlier],
        "replaced_by": [link_json(x) for x in lin.later],
        "amended_by": [link_json(x) for x in lin.amendments],
        "current": list(lin.current),
        "sources": [source_json(s) for s in lin.sources],
    }


def stale_json(s: StaleCitation) -> dict[str, Any]:
    return {
        "document": instrument_json(s.document),
        "cites": instrument_json(s.cited),
        "ended": s.ended.isoformat(),
        "end_basis": s.end_basis,
        "replaced_by": list(s.replaced_by),
        "relation": relation_json(s.relation),
    }


def hit_json(h: Hit) -> dict[str, Any]:
    return {"score": h.score, "instrument": instrument_json(h.instrument)}


def path_json(steps: list[PathStep]) -> list[dict[str, Any]]:
    return [relation_json(s.relation) for s in steps]
