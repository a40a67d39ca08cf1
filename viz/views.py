"""What a picture shows: the nodes and relations of one view of the graph, as the queries
answer them (``graph.queries``). Drawing is ``viz.network``'s.

- ``neighbourhood``: everything within ``depth`` steps of an instrument, either direction;
- ``lineage``: what an instrument replaced and what replaced it, with amendments;
- ``dependencies``: up to the law (``up``) or down to the plans;
- ``whole``: the whole graph under type and relation filters.

Each takes ``on``, a day: instruments not yet issued on it are left out with their relations,
and the drawing shows each one's status on that day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from graph.model import INSTRUMENT_RELATIONS, ISSUED_BY, Evidence, Instrument, Relation
from graph.queries import Link, Store, downstream, type_issuer_filter, upstream
from graph.queries import lineage as lineage_of
from graph.store import ReadStore


@dataclass(frozen=True)
class ViewNode:
    """An instrument (``instrument`` set), an agency, or a key the graph has no facts for."""

    key: str
    instrument: Instrument | None
    agency: bool = False


@dataclass(frozen=True)
class ViewEdge:
    """One drawn line: every statement of ``kind`` from ``source`` to ``target``."""

    source: str
    target: str
    kind: str
    evidence: tuple[Evidence, ...]

    @property
    def proposal(self) -> bool:
        return all(e.proposal for e in self.evidence)


@dataclass(frozen=True)
class View:
    """A picture's content: ``focus`` is the instrument it is about (none for the whole graph)."""

    mode: str
    focus: str | None
    nodes: tuple[ViewNode, ...]
    edges: tuple[ViewEdge, ...]
    on: date | None = None


def _edges(relations: Iterable[Relation]) -> list[ViewEdge]:
    """Statements merged per (source, target, kind, proposal or not), in first-seen order."""
    merged: dict[tuple[str, str, str, bool], list[Evidence]] = {}
    for r in relations:
        merged.setdefault((r.source, r.target, r.kind, r.evidence.proposal), []).append(r.evidence)
    return [ViewEdge(s, t, k, tuple(ev)) for (s, t, k, _), ev in merged.items()]


def _assemble(store: Store, mode: str, focus: str | None, keys: Iterable[str], relations: Iterable[Relation],
              on: date | None, agencies: Iterable[str] = ()) -> View:
    """Nodes for ``keys`` (agencies for ``agencies``), less what was not yet issued ``on``,
    and the relations between what is left."""
    wanted = list(dict.fromkeys(keys))
    found = store.nodes(wanted)
    names = set(agencies)
    nodes = [ViewNode(k, found.get(k), k in names and k not in found) for k in wanted]
    if on:
        nodes = [n for n in nodes if not (n.instrument and n.instrument.date_issued and n.instrument.date_issued > on)]
    kept = {n.key for n in nodes}
    edges = [e for e in _edges(relations) if e.source in kept and e.target in kept]
    return View(mode, focus, tuple(nodes), tuple(edges), on)


def neighbourhood(store: Store, key: str, depth: int = 1, kinds: tuple[str, ...] = (),
                  on: date | None = None) -> View:
    """Everything within ``depth`` steps of ``key``, following relations either way."""
    kinds = kinds or INSTRUMENT_RELATIONS
    seen, level, relations = [key], [key], []
    known = {key}  # ``seen`` keeps the order, ``known`` answers "seen already?" at once
    agencies: list[str] = []
    for _ in range(depth):
        reached: list[str] = []
        for direction in ("out", "in"):
            for found in store.edges_of(level, direction, kinds).values():
                for r in found:
                    other = r.target if direction == "out" else r.source
                    relations.append(r)
                    if r.kind == ISSUED_BY:
                        agencies.append(r.target)
                    if other not in known:
                        known.add(other)
                        seen.append(other)
                        if r.kind != ISSUED_BY:
                            reached.append(other)
        level = reached
        if not level:
            break
    return _assemble(store, "neighbourhood", key, seen, relations, on, agencies)


def _link_relations(links: Iterable[Link]) -> list[Relation]:
    """The stored relations behind answer links (``X supersedes Y`` stays X → Y)."""
    out = []
    for link in links:
        source, target = (link.via, link.key) if link.direction == "out" else (link.key, link.via)
        out += [Relation(source, target, link.kind, e) for e in link.evidence]
    return out


def lineage(store: Store, key: str, on: date | None = None) -> View:
    """The chain of replacements through ``key``, and the amendments on it."""
    found = lineage_of(store, key)
    links = [*found.earlier, *found.later, *found.amendments]
    return _assemble(store, "lineage", key, [key, *(x.key for x in links)], _link_relations(links), on)


def dependencies(store: Store, key: str, up: bool = True, depth: int = 3, kinds: tuple[str, ...] = (),
                 on: date | None = None) -> View:
    """What ``key`` depends on (``up``), or what depends on it, to ``depth`` steps."""
    links = (upstream if up else downstream)(store, key, depth, kinds, on=on)
    return _assemble(store, "up" if up else "down", key, [key, *(x.key for x in links)], _link_relations(links), on)


def whole(store: ReadStore, kinds: tuple[str, ...] = (), types: tuple[str, ...] = (),
          on: date | None = None) -> View:
    """Every instrument of ``types`` and every relation of ``kinds`` between them."""
    kinds = kinds or INSTRUMENT_RELATIONS
    kept = type_issuer_filter(types, None)
    keys = [n.key for n in store.all_nodes() if kept(n)]
    relations = [r for r in store.all_edges() if r.kind in kinds]
    return _assemble(store, "all", None, keys, relations, on)
