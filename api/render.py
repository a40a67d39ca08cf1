"""Readable tables for the terminal: what ``vbgraph extract`` prints without ``--format json``."""

from __future__ import annotations

from loaders.models import Extraction


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
