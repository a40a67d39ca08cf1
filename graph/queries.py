"""The questions users ask, as plain functions over a store.

Every answer carries its proof: each link names its relation, its method (``text``,
``catalogue``, ``inferred``) and its evidence; proposals are flagged as proposals. The
functions walk the graph through the store's indexed reads (``edges``, ``node``), so they
never load the whole graph; ``path`` uses the networkx view (``graph.view``).

- ``lineage``: what an instrument replaced and what replaced it, to the ends of the chain.
- ``in_force``: instruments in force on a date.
- ``upstream`` / ``downstream``: dependency closure by relation kind, type and date.
- ``stale_citations``: documents dated after an instrument ended that still cite it.
- ``path``, ``neighbours``, ``search``.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol

from graph.model import Agency, Evidence, FactSource, Instrument, Relation
from loaders.text import fold

if TYPE_CHECKING:  # graph.search asks the store through this protocol
    from graph.search import Match, Row

#: Relations that end an instrument's force: the lineage chain follows these.
REPLACING = ("supersedes", "repeals")
AMENDING = ("amends",)
#: Dependency kinds walked by ``upstream``/``downstream`` unless the caller names others.
DEPENDENCY_KINDS = ("implements", "based_on", "cites", "amends")
#: Relations by which a document treats an instrument as current law.
CITING = ("cites", "based_on", "implements")


class Store(Protocol):
    """What the queries need from a store (``SqliteStore``; the Neo4j store later)."""

    def node(self, key: str) -> Instrument | None: ...
    def nodes(self, keys: list[str]) -> dict[str, Instrument]: ...
    def edges(self, key: str, direction: str, kinds: tuple[str, ...] = (),
              proposals: bool = True, limit: int | None = None) -> list[Relation]: ...
    def edges_of(self, keys: list[str], direction: str, kinds: tuple[str, ...] = (),
                 proposals: bool = True, limit: int | None = None) -> dict[str, list[Relation]]: ...
    def edge_count(self, key: str, direction: str, kinds: tuple[str, ...] = (), proposals: bool = True) -> int: ...
    def in_force_on(self, on: date, offset: int = 0, limit: int | None = None) -> list[Instrument]: ...
    def groups(self) -> list[tuple[str | None, str | None, int]]: ...
    def listed(self, groups: list[tuple[str | None, str | None]] | None, order: str, *, on: date | None = None,
               stated_only: bool = False, year: int | None = None, offset: int = 0,
               limit: int | None = None) -> tuple[int, list[Instrument]]: ...
    def in_force_count(self, on: date) -> int: ...
    def stale_relations(self, as_of: date | None = None, offset: int = 0,
                        limit: int | None = None) -> tuple[int, list[Relation]]: ...
    def search_candidates(self, terms: list[str], limit: int = 2000) -> list[Instrument]: ...
    def search_rows(self, match: Match, newest: bool = False, limit: int | None = None) -> Generator[Row]: ...
    def search_count(self, match: Match, cap: int) -> int: ...
    def reachable(self, key: str, direction: str, kinds: tuple[str, ...], proposals: bool = True) -> set[str]: ...
    def fact_sources(self, key: str) -> list[FactSource]: ...
    def fact_sources_of(self, keys: list[str]) -> dict[str, list[FactSource]]: ...
    def all_nodes(self) -> list[Instrument]: ...
    def newest(self, offset: int = 0, limit: int | None = 20) -> tuple[int, list[Instrument]]: ...
    def agencies(self) -> list[tuple[Agency, int]]: ...
    def issued(self, agency: str, offset: int = 0, limit: int | None = None) -> list[Instrument]: ...


class UnknownInstrument(LookupError):
    """No instrument under this key."""


class UnknownAgency(LookupError):
    """No agency by this name."""


@dataclass(frozen=True)
class Link:
    """One step of an answer: ``key`` reached from ``via`` by ``kind`` at ``depth``.

    ``direction`` is ``out`` when ``via`` → ``key`` is the stored direction (``via``
    implements ``key``), ``in`` when ``key`` → ``via``. ``evidence`` holds every statement of
    the relation (several documents may state it); ``proposal`` is true when only an inference
    rule proposes it.
    """

    key: str
    instrument: Instrument | None
    kind: str
    via: str
    direction: str
    depth: int
    evidence: tuple[Evidence, ...]

    @property
    def proposal(self) -> bool:
        return all(e.proposal for e in self.evidence)

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.method for e in self.evidence))


@dataclass(frozen=True)
class Lineage:
    """An instrument's chain: ``earlier`` (what it replaced, and what those replaced, …),
    ``later`` (what replaced it, …), and ``amendments`` of any instrument on the chain."""

    instrument: Instrument
    earlier: tuple[Link, ...]
    later: tuple[Link, ...]
    amendments: tuple[Link, ...]
    sources: tuple[FactSource, ...]

    @property
    def current(self) -> tuple[str, ...]:
        """The ends of the chain: instruments on it that nothing replaced."""
        replaced = {link.via for link in self.later}
        ends = [link.key for link in self.later if link.key not in replaced]
        return tuple(dict.fromkeys(ends)) or (self.instrument.key,)


@dataclass(frozen=True)
class StaleCitation:
    """``document`` (dated ``dated``) cites ``cited`` after it ended on ``ended``."""

    document: Instrument
    cited: Instrument
    ended: date
    end_basis: str | None
    replaced_by: tuple[str, ...]
    relation: Relation


@dataclass(frozen=True)
class AgencySummary:
    """An agency and how many instruments in the graph it issued."""

    agency: Agency
    issued: int


def status(inst: Instrument, on: date) -> str:
    """``in force``, ``not yet in force``, ``no longer in force`` or ``unknown`` on ``on``."""
    if inst.date_in_force is None:
        return "unknown"
    if on < inst.date_in_force:
        return "not yet in force"
    if inst.date_no_longer_in_force and on >= inst.date_no_longer_in_force:
        return "no longer in force"
    return "in force"


def type_issuer_filter(types: Iterable[str], issuer: str | None) -> Callable[[Instrument], bool]:
    """The type and issuer filters every list answer takes: types by folded name, issuer by
    folded substring (``ubnd``-style abbreviations are not expanded)."""
    kept = _group_filter(types, issuer)
    return lambda inst: kept(inst.type, inst.issuer)


def _group_filter(types: Iterable[str], issuer: str | None) -> Callable[[str | None, str | None], bool]:
    """``type_issuer_filter`` on a (type, issuer) pair: what a listing decides its groups by."""
    wanted = {fold(t) for t in types}
    who = fold(issuer) if issuer else None

    def kept(kind: str | None, by: str | None) -> bool:
        if wanted and fold(kind or "") not in wanted:
            return False
        return not (who and who not in fold(by or ""))

    return kept


def kept_groups(store: Store, types: tuple[str, ...], issuer: str | None) -> list[tuple[str | None, str | None]] | None:
    """The (type, issuer) groups the filters keep (None: no filter, every node)."""
    if not types and not issuer:
        return None
    kept = _group_filter(types, issuer)
    return [(kind, by) for kind, by, _ in store.groups() if kept(kind, by)]


def _require(store: Store, key: str) -> Instrument:
    node = store.node(key)
    if node is None:
        raise UnknownInstrument(key)
    return node


def _grouped(relations: Iterable[Relation], direction: str) -> dict[tuple[str, str], list[Evidence]]:
    """Evidence grouped by (other end, kind), in first-seen order."""
    out: dict[tuple[str, str], list[Evidence]] = {}
    for r in relations:
        other = r.target if direction == "out" else r.source
        out.setdefault((other, r.kind), []).append(r.evidence)
    return out


def _walk(store: Store, start: str, direction: str, kinds: tuple[str, ...], depth: int | None,
          proposals: bool = True) -> list[Link]:
    """Breadth-first walk from ``start``; every reached key once, at its smallest depth, via
    the first relation (in the store's order) that reached it. One read per level; a walk to
    the ends (``depth`` None) reads what it will reach first, then all its relations at once
    (a chain of hundreds of steps would otherwise be hundreds of reads)."""
    seen = {start}
    level, d = [start], 0
    found: list[tuple[str, str, str, int, tuple[Evidence, ...]]] = []
    known = {} if depth is not None else store.edges_of(
        sorted(store.reachable(start, direction, kinds, proposals)), direction, kinds, proposals)
    while level and (depth is None or d < depth):
        missing = [k for k in level if k not in known]
        edges = {**{k: known[k] for k in level if k in known},
                 **(store.edges_of(missing, direction, kinds, proposals) if missing else {})}
        reached = []
        for key in level:
            for (other, kind), evidence in _grouped(edges[key], direction).items():
                if other in seen:
                    continue
                seen.add(other)
                found.append((other, kind, key, d + 1, tuple(evidence)))
                reached.append(other)
        level, d = reached, d + 1
    nodes = store.nodes([f[0] for f in found])
    return [Link(k, nodes.get(k), kind, via, direction, d, ev) for k, kind, via, d, ev in found]


def lineage(store: Store, key: str, proposals: bool = True) -> Lineage:
    """What ``key`` replaced and what replaced it, to the ends of the chain, with evidence.

    ``X supersedes Y`` is stored X → Y, so "later" walks incoming replacing relations and
    "earlier" walks outgoing ones.
    """
    inst = _require(store, key)
    later = _walk(store, key, "in", REPLACING, None, proposals)
    earlier = _walk(store, key, "out", REPLACING, None, proposals)
    chain = [key, *(link.key for link in later), *(link.key for link in earlier)]
    amending = store.edges_of(chain, "in", AMENDING, proposals)
    grouped = [(member, _grouped(amending[member], "in")) for member in chain]
    nodes = store.nodes([other for _, g in grouped for other, _kind in g])
    amendments = [Link(other, nodes.get(other), kind, member, "in", 1, tuple(evidence))
                  for member, g in grouped for (other, kind), evidence in g.items()]
    by_member = store.fact_sources_of(list(dict.fromkeys(chain)))
    sources = tuple(s for member in chain for s in by_member[member])
    return Lineage(inst, tuple(earlier), tuple(later), tuple(amendments), sources)


def in_force(store: Store, on: date, types: Iterable[str] = (), issuer: str | None = None,
             stated_only: bool = False) -> list[Instrument]:
    """Instruments in force on ``on``, by start and key; by type and issuer (folded
    substring); with ``stated_only`` only those whose entry into force is stated by a text or
    the catalogue (not assumed from the date issued)."""
    return in_force_page(store, on, types, issuer, stated_only, 0, None)[1]


def in_force_page(store: Store, on: date, types: Iterable[str] = (), issuer: str | None = None,
                  stated_only: bool = False, offset: int = 0,
                  limit: int | None = 100) -> tuple[int, list[Instrument]]:
    """One page of ``in_force`` and how many there are in all, read a page at a time by the
    store (on a national graph most instruments are in force on most days, and one issuer's
    are tens of thousands: the whole list is never built for one page)."""
    types = tuple(types)
    if types or issuer or stated_only:
        return store.listed(kept_groups(store, types, issuer), "in force", on=on, stated_only=stated_only,
                            offset=offset, limit=limit)
    return store.in_force_count(on), store.in_force_on(on, offset, limit)


def _dependencies(store: Store, key: str, direction: str, depth: int, kinds: tuple[str, ...],
                  types: Iterable[str], on: date | None) -> list[Link]:
    _require(store, key)
    links = _walk(store, key, direction, kinds or DEPENDENCY_KINDS, depth)
    kept = type_issuer_filter(types, None)
    out = []
    for link in links:
        inst = link.instrument
        if types and (inst is None or not kept(inst)):
            continue
        if on and inst and inst.date_issued and inst.date_issued > on:
            continue
        out.append(link)
    return out


def upstream(store: Store, key: str, depth: int = 3, kinds: tuple[str, ...] = (),
             types: Iterable[str] = (), on: date | None = None) -> list[Link]:
    """What ``key`` depends on (implements, is based on, cites …), up to ``depth`` steps:
    from a provincial plan up to the programme, the strategy and the law."""
    return _dependencies(store, key, "out", depth, kinds, types, on)


def downstream(store: Store, key: str, depth: int = 3, kinds: tuple[str, ...] = (),
               types: Iterable[str] = (), on: date | None = None) -> list[Link]:
    """What depends on ``key``, down to ``depth`` steps (documents issued after ``on`` left out)."""
    return _dependencies(store, key, "in", depth, kinds, types, on)


def stale_citations(store: Store, as_of: date | None = None) -> list[StaleCitation]:
    """Documents dated on or after the day an instrument stopped being in force that still cite
    it as current law (``cites``, ``based_on``, ``implements``; a document that replaces or
    amends it states that by another relation), by citing date, citing document and cited
    instrument. ``as_of`` leaves out documents dated after it."""
    return stale_page(store, as_of)[1]


def stale_page(store: Store, as_of: date | None = None, offset: int = 0,
               limit: int | None = None) -> tuple[int, list[StaleCitation]]:
    """How many ``stale_citations`` there are, and one page of them: the store reads the page
    in order (a national graph holds hundreds of thousands)."""
    total, relations = store.stale_relations(as_of, offset, limit)
    nodes = store.nodes(list({k for r in relations for k in (r.source, r.target)}))
    cited = list(dict.fromkeys(r.target for r in relations))
    replacing = store.edges_of(cited, "in", REPLACING, proposals=False)
    out = []
    for r in relations:
        doc, old = nodes[r.source], nodes[r.target]
        assert old.date_no_longer_in_force is not None
        replaced_by = tuple(dict.fromkeys(x.source for x in replacing[old.key]))
        out.append(StaleCitation(doc, old, old.date_no_longer_in_force, old.end_basis, replaced_by, r))
    return total, out


def neighbours(store: Store, key: str, kinds: tuple[str, ...] = (), limit: int | None = None) -> list[Link]:
    """Every instrument or agency one step from ``key``, either way, with evidence; with
    ``limit``, from the first ``limit`` relations each way (``edge_count`` tells how many)."""
    _require(store, key)
    out = []
    for direction in ("out", "in"):
        grouped = _grouped(store.edges(key, direction, kinds, limit=limit), direction)
        nodes = store.nodes([k for k, _ in grouped])
        out += [Link(k, nodes.get(k), kind, key, direction, 1, tuple(ev)) for (k, kind), ev in grouped.items()]
    return out


def instruments(store: Store, types: Iterable[str] = (), issuer: str | None = None, year: int | None = None,
                on: date | None = None) -> list[Instrument]:
    """Every instrument under the filters (in force ``on`` a day, issued in ``year``), newest
    first (undated last), by key within a day: the list a search without words gives."""
    return instruments_page(store, types, issuer, year, on, 0, None)[1]


def instruments_page(store: Store, types: Iterable[str] = (), issuer: str | None = None, year: int | None = None,
                     on: date | None = None, offset: int = 0,
                     limit: int | None = 20) -> tuple[int, list[Instrument]]:
    """One page of ``instruments`` and how many there are, read a page at a time by the store
    (a national graph's every instrument is never built for one page)."""
    types = tuple(types)
    if types or issuer or year or on:
        return store.listed(kept_groups(store, types, issuer), "newest", on=on, year=year, offset=offset, limit=limit)
    return store.newest(offset, limit)


def agencies(store: Store, text: str | None = None) -> list[AgencySummary]:
    """Agencies whose name or abbreviation contains ``text`` (diacritics and case ignored),
    the most prolific first."""
    wanted = fold(" ".join(text.split())) if text else ""
    out = [AgencySummary(a, n) for a, n in store.agencies()
           if not wanted or any(wanted in fold(x) for x in (a.name, *a.abbreviations))]
    return sorted(out, key=lambda s: (-s.issued, s.agency.name))


def find_agency(store: Store, name: str) -> AgencySummary:
    """The agency ``name`` means: its exact name, else the one whose folded name or
    abbreviation equals it (``bo lao dong - thuong binh va xa hoi``, ``BLĐTBXH``)."""
    every = agencies(store)
    wanted = fold(" ".join(name.split()))
    for test in (lambda s: s.agency.name == name,
                 lambda s: wanted in {fold(x) for x in (s.agency.name, *s.agency.abbreviations)}):
        found = [s for s in every if test(s)]
        if len(found) == 1:
            return found[0]
    raise UnknownAgency(name)
