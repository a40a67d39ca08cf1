"""Derived facts: the merged instruments (nodes), identity links and inferred proposals,
computed from what the documents asserted.

Pure functions: ``derive`` takes every instrument claim and every asserted relation and
returns what the store writes into its derived tables. Running it twice on the same claims
gives the same rows, whatever the order the documents were ingested in.

Field precedence when claims disagree: the instrument's own document first (its header is
the best witness of its own number, date and title), then the catalogue, then documents that
cite it, by document key — never by ingest order, so the result does not depend on it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from graph.identity import Link, Unresolved, resolve_identities
from graph.inference import Proposal, propose_supersessions
from graph.model import MAX_DOCUMENTS, Instrument
from loaders.text import fold

ENDING = ("supersedes", "repeals")
#: Normative instruments take effect on a date of their own, by law at least 45 days after
#: signing (Luật Ban hành văn bản quy phạm pháp luật), so their date issued says nothing about
#: their entry into force: without a stated date it stays unknown. Other instruments (plans,
#: decisions, letters) usually take effect on signing; that is assumed and marked as assumed.
DELAYED_TYPES = frozenset({"Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh", "Nghị định", "Thông tư",
                           "Thông tư liên tịch"})


@dataclass(frozen=True)
class Claim:
    """One document's claim about one instrument (a row of ``instrument_claims``)."""

    document: str
    instrument: Instrument
    catalogue: bool


@dataclass(frozen=True)
class Derived:
    """Everything the store rebuilds after an ingest."""

    raw: dict[str, Instrument]
    nodes: dict[str, Instrument]
    links: list[Link]
    unresolved: list[Unresolved]
    proposals: list[Proposal]


#: Where a node's names begin in its search text, and what parts them.
NAMES_MARK = " | "


def search_text(node: Instrument) -> str:
    """The folded text a node is searched by: key, number, type and issuer, then each name
    (the title, the aliases) between marks: ``55/2009/nd-cp 55/2009/nd-cp nghi dinh chinh phu
    | quy dinh cac bien phap ... |``. The key comes first (the store's index by folded key
    reads it there), and the marks let search tell a name equal to the query (``| query |``)
    or holding it from the words of the whole text (``graph.search``); a ``|`` in any part is
    read as a space, so the marks are the only ones."""
    def folded(part: str) -> str:
        return " ".join(fold(part).replace("|", " ").split())

    head = " ".join(folded(p) for p in (node.key, node.number or "", node.type or "", node.issuer or ""))
    names = [n for n in dict.fromkeys(folded(n) for n in (node.title or "", *node.aliases)) if n]
    return head + (NAMES_MARK + NAMES_MARK.join(names) + NAMES_MARK.rstrip() if names else "")


def names_part(search: str) -> str:
    """The names of a search text, each between marks (``" | a | b |"``; ``""`` without any).
    The store's trigram index holds the same part (``graph.schema.NAMES_OF``)."""
    at = search.find(NAMES_MARK)
    return search[at:] if at >= 0 else ""


def merge(key: str, claims: list[Claim]) -> Instrument:
    """One instrument from its claims, by the precedence in the module docstring."""
    ranked = sorted(enumerate(claims), key=lambda ic: (ic[1].document != key, not ic[1].catalogue,
                                                         ic[1].document, ic[0]))
    ordered = [c.instrument for _, c in ranked]

    def first(name: str) -> object:
        return next((getattr(i, name) for i in ordered if getattr(i, name) not in (None, "")), None)

    aliases = tuple(dict.fromkeys(a for i in ordered for a in i.aliases))
    documents = tuple(dict.fromkeys(c.document for _, c in ranked))
    return Instrument(
        key, first("number"), first("type"), first("issuer"), first("date_issued"),  # type: ignore[arg-type]
        first("title"), ordered[0].synthetic, ordered[0].local,  # type: ignore[arg-type]
        date_in_force=first("date_in_force"), date_no_longer_in_force=first("date_no_longer_in_force"),  # type: ignore[arg-type]
        status=first("status"), aliases=aliases, documents=documents[:MAX_DOCUMENTS],  # type: ignore[arg-type]
        documents_total=len(documents))


def derive(claims: Iterable[Claim], edges: Iterable[tuple[str, str, str]]) -> Derived:
    """Nodes, links and proposals from all claims and all asserted (source, target, kind) edges."""
    by_key: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_key[claim.instrument.key].append(claim)
    raw = {key: merge(key, cs) for key, cs in by_key.items()}
    return derive_merged(raw, lambda keys: {k: by_key[k] for k in keys}, edges)


def derive_merged(raw: dict[str, Instrument], claims_of: Callable[[list[str]], Mapping[str, list[Claim]]],
                  edges: Iterable[tuple[str, str, str]]) -> Derived:
    """``derive`` from every key's claims merged (``raw``, keys in the order first claimed),
    asking ``claims_of`` for the claims, in the order stored, of the keys an identity link
    joins (the others are their own node, as merged): a store can merge key by key without
    holding every claim (six million at a million documents)."""
    resolved = resolve_nodes(raw, claims_of, edges)
    return resolved.derived(propose_supersessions(resolved.nodes, resolved.asserted))


@dataclass(frozen=True)
class Resolved:
    """``derive`` but for the proposals, which are computed from ``nodes`` and ``asserted``
    (the edges, both ends canonical) alone: a store can write the rest while they are."""

    raw: dict[str, Instrument]
    nodes: dict[str, Instrument]
    links: list[Link]
    unresolved: list[Unresolved]
    asserted: list[tuple[str, str, str]]

    def derived(self, proposals: list[Proposal]) -> Derived:
        return Derived(self.raw, self.nodes, self.links, self.unresolved, proposals)


def resolve_nodes(raw: dict[str, Instrument], claims_of: Callable[[list[str]], Mapping[str, list[Claim]]],
                  edges: Iterable[tuple[str, str, str]]) -> Resolved:
    """The nodes, identity links and canonical edges of ``derive_merged``: everything it
    derives but the proposals."""
    links, unresolved = resolve_identities(raw)
    canonical = {link.alias: link.key for link in links}
    absorbing = set(canonical.values())
    joined = claims_of(sorted({k for k in raw if canonical.get(k, k) in absorbing}))
    grouped: dict[str, list[Claim]] = defaultdict(list)
    for key in raw:  # each group's claims by key in the order first claimed
        if (target := canonical.get(key, key)) in absorbing:
            grouped[target].extend(joined[key])
    nodes: dict[str, Instrument] = {}
    for key in raw:  # in the order each node's first key was first claimed
        target = canonical.get(key, key)
        if target not in nodes:
            nodes[target] = merge_group(target, grouped[target]) if target in absorbing else raw[key]
    asserted = [(canonical.get(s, s), canonical.get(t, t), k) for s, t, k in edges]
    return Resolved(raw, _in_force(nodes, asserted), links, unresolved, asserted)


def merge_group(key: str, claims: list[Claim]) -> Instrument:
    """The canonical instrument's own claims lead; claims made under an alias fill the gaps.

    ``claims``: those under ``key`` and under every key linked to it, grouped by key in the
    order each key was first claimed, each key's in the order they were stored."""
    own = [c for c in claims if c.instrument.key == key]
    others = [replace(c, instrument=replace(c.instrument, key=key, synthetic=own[0].instrument.synthetic,
                                             local=own[0].instrument.local)) for c in claims
              if c.instrument.key != key] if own else []
    merged = merge(key, own + others if own else claims)
    alias_names = tuple(dict.fromkeys(
        a for c in claims if c.instrument.key != key for a in (*c.instrument.aliases, c.instrument.title or "") if a))
    return replace(merged, aliases=tuple(dict.fromkeys((*merged.aliases, *alias_names))))


def _in_force(nodes: Mapping[str, Instrument], edges: list[tuple[str, str, str]]) -> dict[str, Instrument]:
    enders: dict[str, list[str]] = defaultdict(list)
    for source, target, kind in edges:
        if kind in ENDING and source != target:
            enders[target].append(source)
    return {key: in_force(node, [(s, start_of(nodes.get(s))) for s in sorted(enders.get(key, []))])
            for key, node in nodes.items()}


def in_force(node: Instrument, enders: list[tuple[str, date | None]]) -> Instrument:
    """``node`` with its start and end of force, each with its basis. ``enders``: the
    instruments that supersede or repeal it, by key, with the day each took effect."""
    start, start_basis = node.date_in_force, "stated"
    if start is None and node.date_issued and node.type not in DELAYED_TYPES:
        start, start_basis = node.date_issued, "assumed: date issued (no entry into force known)"
    elif start is None:
        start_basis = "unknown"
    end, end_basis = node.date_no_longer_in_force, "stated" if node.date_no_longer_in_force else None
    if end is None:
        dated = [(d, s) for s, d in enders if d]
        if dated:
            end, by = min(dated)
            end_basis = f"replaced by {by} in force {end.isoformat()}"
        elif enders:
            end_basis = f"replaced by {enders[0][0]} (date unknown)"
    return replace(node, date_in_force=start, in_force_basis=start_basis,
                   date_no_longer_in_force=end, end_basis=end_basis)


def start_of(node: Instrument | None) -> date | None:
    """The day an instrument took effect, as far as its claims tell (before ``in_force``)."""
    if node is None:
        return None
    return node.date_in_force or node.date_issued
