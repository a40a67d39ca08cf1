"""Check an exported graph against the SHACL shapes (``shapes.ttl``) with pyshacl."""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate as shacl_validate
from rdflib import Graph

from ontology.rdf import SHAPES


@dataclass(frozen=True)
class Report:
    """Whether the graph conforms, and the validator's report in words."""

    conforms: bool
    text: str


def validate(data: Graph) -> Report:
    """Validate ``data`` against the shapes (no inference: the export states what it means)."""
    shapes = Graph().parse(SHAPES, format="turtle")
    conforms, _graph, text = shacl_validate(data, shacl_graph=shapes, inference="none", advanced=True)
    return Report(bool(conforms), str(text))
