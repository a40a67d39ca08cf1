"""The networkx view of a stored graph, for the graph algorithms (shortest path, exports).

Nodes are canonical keys (instruments, and agencies reached by ``issued_by``) with their
facts as attributes; every relation is one edge of a ``MultiDiGraph`` keyed by kind, with its
method and evidence, so nothing the store knows is lost in the view.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Protocol

import networkx as nx

from graph.model import Instrument, Relation
from graph.queries import Store


class ViewStore(Store, Protocol):
    """A store that can also list every relation (``SqliteStore``)."""

    def all_edges(self, proposals: bool = True) -> list[Relation]: ...


def to_networkx(store: ViewStore, kinds: tuple[str, ...] = (), proposals: bool = True,
                exclude: tuple[str, ...] = ()) -> nx.MultiDiGraph:
    """The whole graph, or only the relations of ``kinds``, less those of ``exclude``."""
    g = nx.MultiDiGraph()
    for inst in store.all_nodes():
        g.add_node(inst.key, kind="instrument", **_attributes(inst))
    for r in store.all_edges(proposals):
        if (kinds and r.kind not in kinds) or r.kind in exclude:
            continue
        for end in (r.source, r.target):
            if end not in g:
                g.add_node(end, kind="agency" if r.kind == "issued_by" and end == r.target else "instrument")
        g.add_edge(r.source, r.target, key=r.kind, relation=r, method=r.evidence.method)
    return g


def _attributes(inst: Instrument) -> dict[str, object]:
    return {"number": inst.number, "type": inst.type, "issuer": inst.issuer, "title": inst.title,
            "date_issued": inst.date_issued, "date_in_force": inst.date_in_force,
            "date_no_longer_in_force": inst.date_no_longer_in_force}


@dataclass(frozen=True)
class PathStep:
    """One hop of a path: from ``source`` to ``target`` by ``relation`` (stored direction)."""

    source: str
    target: str
    relation: Relation


def path(store: ViewStore, a: str, b: str, kinds: tuple[str, ...] = (), proposals: bool = True) -> list[PathStep]:
    """A shortest chain of relations between ``a`` and ``b``: one that follows the relations'
    direction (``a`` implements … based on … ``b``, or back) when there is one, else one that
    may turn at any node; empty when none. Agencies are not crossed (two instruments are not
    related by sharing an issuer)."""
    g = to_networkx(store, kinds, proposals, exclude=() if kinds else ("issued_by",))
    if a not in g or b not in g:
        return []
    nodes = _shortest(g, a, b) or _shortest(g, b, a)[::-1] or _shortest(g.to_undirected(as_view=True), a, b)
    if not nodes:
        return []
    steps = []
    for x, y in itertools.pairwise(nodes):
        data = g.get_edge_data(x, y) or g.get_edge_data(y, x)
        relation = next(iter(data.values()))["relation"]
        steps.append(PathStep(relation.source, relation.target, relation))
    return steps


def _shortest(g: nx.Graph, a: str, b: str) -> list[str]:
    try:
        return list(nx.shortest_path(g, a, b))
    except nx.NetworkXNoPath:
        return []

