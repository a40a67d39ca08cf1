"""Readable tables for the terminal: what ``vbgraph`` prints without ``--format json``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from graph.model import Evidence, FactSource, Instrument
from graph.queries import Lineage, Link, StaleCitation
from graph.view import PathStep
from loaders.models import Extraction

if TYPE_CHECKING:  # the Neo4j driver is imported only by the commands that use it
    from graph.neo4j_sync import PushResult


def _cell(value: object, width: int) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def extraction_table(ex: Extraction) -> str:
    """One document: its header line, then one row per reference.

    The relation and the first quoted sentence tell a legal officer why each row is there.
    """
    doc = ex.document
    head = [
        f"{ex.source}",
        f"  document: {doc.number or '(no number)'}  {doc.type or ''}  {doc.issuer or ''}  "
        f"{doc.date or doc.date_partial or ''}".rstrip(),
    ]
    if doc.title:
        head.append(f"  title:    {_cell(doc.title, 100)}")
    if doc.synthetic_id:
        head.append(f"  id:       {doc.id} (synthetic)")
    rows = [f"  {'reference':42} {'type':18} {'relation':11} {'date':10} {'issuer':34} n"]
    for ref in ex.references:
        label = ref.id or ref.name
        rows.append(
            f"  {_cell(label, 42):42} {_cell(ref.type, 18):18} {ref.relation:11} "
            f"{_cell(ref.date, 10):10} {_cell(ref.issuer, 34):34} {len(ref.mentions)}"
        )
    tail = [f"  warning: {w}" for w in ex.warnings]
    return "\n".join(head + rows + tail)


def summary_line(done: int, failed: int, references: int) -> str:
    return f"{done} documents extracted, {failed} failed, {references} references"


def push_line(done: PushResult, counts: dict[str, int], source: Path) -> str:
    """``vbgraph push``'s report: what the target holds now and what this push wrote."""
    held = (f"{counts['instruments']} instruments, {counts['agencies']} agencies, {counts['relations']} relations, "
            f"{counts['documents']} documents")
    if done.unchanged:
        return f"{done.target} already holds {source} ({held}): nothing written, in {done.seconds:.2f} s"

    def by(counter: Counter[str]) -> str:
        return ", ".join(f"{n} {label}" for label, n in sorted(counter.items())) or "none"

    return (f"pushed {source} to {done.target} ({held}) in {done.seconds:.2f} s: created {by(done.created)}; "
            f"updated {by(done.updated)}; deleted {by(done.deleted)}")


# -- graph answers ------------------------------------------------------------------------


def _d(value: date | None) -> str:
    """Dates as Vietnamese readers write them: 15/02/2022."""
    return value.strftime("%d/%m/%Y") if value else "?"


def instrument_line(inst: Instrument | None, key: str = "") -> str:
    """One instrument on one line: number, type, issuer, dates of issue and force."""
    if inst is None:
        return key
    parts = [inst.key, inst.type or "", inst.issuer or "", f"issued {_d(inst.date_issued)}"]
    if inst.date_in_force:
        force = f"in force {_d(inst.date_in_force)}"
        if inst.in_force_basis and inst.in_force_basis != "stated":
            force += " (assumed: date issued)"
        if inst.date_no_longer_in_force:
            force += f" until {_d(inst.date_no_longer_in_force)}"
        parts.append(force)
    return "  ".join(p for p in parts if p)


def _evidence_lines(evidence: Iterable[Evidence], indent: str, limit: int = 4) -> list[str]:
    lines = []
    items = list(evidence)
    for e in items[:limit]:
        if e.proposal:
            lines.append(f"{indent}PROPOSAL (inferred, score {e.score:.2f}): " + "; ".join(e.reasons))
            continue
        where = e.origin if e.method == "catalogue" else f"{e.document}" + (f" @{e.start}" if e.start else "")
        quote = f"“{_cell(e.sentence, 160)}”" if e.sentence else "(no sentence)"
        lines.append(f"{indent}[{e.method}] {quote} — {where}")
    if len(items) > limit:
        lines.append(f"{indent}… {len(items) - limit} more")
    return lines


def _sources_lines(sources: Iterable[FactSource], key: str, indent: str) -> list[str]:
    return [f"{indent}{s.field} {s.value}: “{_cell(s.quote, 120)}” — {s.origin or s.document}"
            for s in sources if s.key == key and s.field in ("date_in_force", "date_no_longer_in_force")]


def lineage_text(lin: Lineage) -> str:
    """The chain, oldest first, each link with its method and quoted evidence."""
    key = lin.instrument.key
    out = [instrument_line(lin.instrument)]
    if lin.instrument.title:
        out.append(f"  {_cell(lin.instrument.title, 110)}")
    out += _sources_lines(lin.sources, key, "  source: ")
    for title, links, arrow in (("replaced", lin.earlier, "←"), ("replaced by", lin.later, "→")):
        if not links:
            continue
        out.append(f"{title}:")
        for link in links:
            mark = " [PROPOSAL]" if link.proposal else ""
            newer, older = (link.key, link.via) if link.direction == "in" else (link.via, link.key)
            out.append(f"  {arrow} {instrument_line(link.instrument, link.key)}{mark}")
            out.append(f"      {newer} {link.kind} {older}")
            out += _sources_lines(lin.sources, link.key, "      source: ")
            out += _evidence_lines(link.evidence, "      ")
    if lin.amendments:
        out.append("amended by:")
        for link in lin.amendments:
            out.append(f"  ± {instrument_line(link.instrument, link.key)} amends {link.via}")
            out += _evidence_lines(link.evidence, "      ")
    if not lin.earlier and not lin.later:
        out.append("no replacement known (neither the texts, the catalogue nor a rule says one)")
    out.append("current: " + ", ".join(lin.current))
    return "\n".join(out)


def links_table(links: list[Link], header: str) -> str:
    out = [header]
    for link in links:
        mark = " [PROPOSAL]" if link.proposal else ""
        arrow = "→" if link.direction == "out" else "←"
        out.append(f"  {'  ' * (link.depth - 1)}{arrow} {link.kind:11} {instrument_line(link.instrument, link.key)}"
                   f"  [{', '.join(link.methods)}]{mark}")
        out += _evidence_lines(link.evidence[:1], "  " + "  " * link.depth + "    ", 1)
    if not links:
        out.append("  (none)")
    return "\n".join(out)


def instruments_table(items: list[Instrument], header: str) -> str:
    out = [header]
    for inst in items:
        out.append(f"  {instrument_line(inst)}")
        if inst.title:
            out.append(f"      {_cell(inst.title, 100)}")
    if not items:
        out.append("  (none)")
    return "\n".join(out)


def stale_table(items: list[StaleCitation], total: int | None = None, offset: int = 0) -> str:
    total = len(items) if total is None else total
    shown = f" (shown: {offset + 1}–{offset + len(items)})" if items and len(items) < total else ""
    out = [f"{total} citations of instruments no longer in force{shown}"]
    for s in items:
        by = f", replaced by {', '.join(s.replaced_by)}" if s.replaced_by else ""
        out.append(f"  {s.document.key} ({_d(s.document.date_issued)}) {s.relation.kind} {s.cited.key}"
                   f" — ended {_d(s.ended)}{by}")
        out += _evidence_lines([s.relation.evidence], "      ", 1)
    return "\n".join(out)


def show_text(inst: Instrument, neighbours: list[Link], sources: list[FactSource],
              merged: list[tuple[str, str]], shown: int | None = None, total: int | None = None) -> str:
    out = [instrument_line(inst)]
    if inst.title:
        out.append(f"  title:     {inst.title}")
    if inst.in_force_basis:
        out.append(f"  in force:  {_d(inst.date_in_force)} ({inst.in_force_basis})")
    if inst.end_basis:
        out.append(f"  ended:     {_d(inst.date_no_longer_in_force)} ({inst.end_basis})")
    for alias in inst.aliases[:6]:
        out.append(f"  alias:     {alias}")
    for alias, reason in merged:
        out.append(f"  merged:    {alias} — {reason}")
    for s in sources:
        out.append(f"  source:    {s.field} {s.value}: “{_cell(s.quote, 100)}” — {s.origin or s.document}")
    more = inst.documents_total - len(inst.documents)
    out.append(f"  documents: {', '.join(inst.documents)}" + (f" … and {more} more" if more > 0 else ""))
    out.append(links_table([n for n in neighbours if n.direction == "out"], "outgoing:"))
    out.append(links_table([n for n in neighbours if n.direction == "in"], "incoming:"))
    if shown is not None and total is not None and total > shown:
        out.append(f"  … the first {shown} of {total} relations"
                   " (what depends on it, all of it: vbgraph deps ID --down --depth 1)")
    return "\n".join(out)


def path_text(steps: list[PathStep], a: str, b: str) -> str:
    if not steps:
        return f"no path between {a} and {b}"
    out = [f"{len(steps)} steps from {a} to {b}"]
    for s in steps:
        out.append(f"  {s.source} {s.relation.kind} {s.target}")
        out += _evidence_lines([s.relation.evidence], "      ", 1)
    return "\n".join(out)
