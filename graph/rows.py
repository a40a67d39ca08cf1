"""Rows of the SQLite store as the domain reads them, and back: the column lists of claims
and nodes, their decoders, one document's rows as written (``DocumentRows``), and the small
codecs every table shares (ISO days, JSON lists, packed extractions, ``IN (…)`` chunks). One
place, so that the derived tables, the deciding claims and the store read and write a row
the same way."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TypeVar

from graph.derive import Claim
from graph.model import DocumentFacts, Instrument

CLAIM_COLUMNS = ("document, key, number, type, issuer, date_issued, title, synthetic, local, aliases,"
                 " date_in_force, date_no_longer_in_force, status")
NODE_COLUMNS = ("key, number, type, issuer, date_issued, date_in_force, in_force_basis, date_end, end_basis,"
                " status, title, synthetic, local, aliases, documents, documents_total")
T = TypeVar("T")


def claim_row(r: tuple[object, ...]) -> Claim:
    """A row of ``CLAIM_COLUMNS`` as a claim (the catalogue's documents are ``catalogue:…``)."""
    return Claim(str(r[0]), claim_instrument(r[1:]), str(r[0]).startswith("catalogue:"))


def claim_instrument(r: tuple[object, ...]) -> Instrument:
    key, number, kind, issuer, issued, title, synthetic, local, aliases, in_force_on, ended, status = r
    return Instrument(str(key), number, kind, issuer, day(issued), title, bool(synthetic),  # type: ignore[arg-type]
                      bool(local), day(in_force_on), day(ended), status,  # type: ignore[arg-type]
                      strings(aliases))


def node_row(r: tuple[object, ...]) -> Instrument:
    (key, number, kind, issuer, issued, in_force_on, in_basis, ended, end_basis, status, title, synthetic, local,
     aliases, documents, total) = r
    return Instrument(str(key), number, kind, issuer, day(issued), title, bool(synthetic),  # type: ignore[arg-type]
                      bool(local), day(in_force_on), day(ended), status,  # type: ignore[arg-type]
                      strings(aliases), in_basis, end_basis,  # type: ignore[arg-type]
                      strings(documents), int(total or 0))  # type: ignore[call-overload]


def strings(stored: object) -> tuple[str, ...]:
    """A list column as read (``json_list``); most are empty, read without the decoder."""
    return () if stored == "[]" else _decoded(str(stored))


@lru_cache(maxsize=4096)
def _decoded(stored: str) -> tuple[str, ...]:
    """Decoded once for many rows: every claim of a law cited by name carries its name."""
    return tuple(json.loads(stored))


def chunks(items: list[T], size: int = 500) -> Iterator[list[T]]:
    """Lists short enough for one ``IN (…)`` (SQLite allows 32766 parameters; kept well under)."""
    for i in range(0, len(items), size):
        yield items[i:i + size]


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def day(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def json_list(values: tuple[str, ...]) -> str:
    """A list column as stored (most are empty: no encoder call for those)."""
    return json.dumps(list(values), ensure_ascii=False) if values else "[]"


@lru_cache(maxsize=1 << 16)
def iso_day(iso_date: str) -> date:
    """A day from its ISO form, once each (2.3 million citations carry 25 000 days)."""
    return date.fromisoformat(iso_date)


def packed(extraction: str) -> bytes:
    """An extraction as stored: zlib-compressed JSON (a fifth of its size; it is read only
    when one document is shown, never by a query)."""
    return zlib.compress(extraction.encode(), 1)


def unpacked(stored: object) -> str:
    """An extraction as written by ``packed``, or as text by a store before it."""
    return zlib.decompress(stored).decode() if isinstance(stored, bytes) else str(stored)


Values = tuple[str | int | float | None, ...]


@dataclass(frozen=True)
class DocumentRows:
    """One document's asserted rows as the store writes them (``document_rows``): the values
    of each table's columns, without the document's key (the store adds it). A bulk load's
    workers make them (``graph.ingest``), so the one writing process only inserts: unpickling
    the document's facts and building these took it about a third of its time a document.
    ``issued`` is the date of the document's own instrument (``SqliteStore._number_taken``);
    a relation names its evidence sentence by its place in ``sentences`` (each stored once)."""

    document: str
    source: str
    digest: str
    issued: str | None
    extraction: bytes
    text: str | None
    claims: tuple[Values, ...]
    fact_sources: tuple[Values, ...]
    agencies: tuple[Values, ...]
    sentences: tuple[str, ...]
    relations: tuple[Values, ...]


def document_rows(facts: DocumentFacts) -> DocumentRows:
    """The rows ``facts`` is stored as."""
    sentences = tuple(dict.fromkeys(r.evidence.sentence for r in facts.relations if r.evidence.sentence is not None))
    at = {text: i for i, text in enumerate(sentences)}
    return DocumentRows(
        facts.document, facts.source, facts.digest,
        next((iso(i.date_issued) for i in facts.instruments if i.key == facts.document), None),
        packed(facts.extraction_json), facts.text,
        tuple((i.key, i.number, i.type, i.issuer, iso(i.date_issued), i.title, int(i.synthetic), int(i.local),
               json_list(i.aliases), iso(i.date_in_force), iso(i.date_no_longer_in_force), i.status)
              for i in facts.instruments),
        tuple((f.key, f.field, f.value, f.origin, f.quote, f.start, f.end) for f in facts.fact_sources),
        tuple((a.name, a.level, a.parent, json_list(a.abbreviations)) for a in facts.agencies),
        sentences,
        tuple((r.source, r.target, r.kind, r.evidence.method, r.evidence.start, r.evidence.end,
               at.get(r.evidence.sentence) if r.evidence.sentence is not None else None, r.evidence.score,
               json_list(r.evidence.reasons), r.evidence.origin)
              for r in facts.relations))
