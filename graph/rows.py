"""Rows of the SQLite store as the domain reads them, and back: the column lists of claims
and nodes, their decoders, and the small codecs every table shares (ISO days, JSON lists,
``IN (…)`` chunks). One place, so that the derived tables, the deciding claims and the store
read a row the same way."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from typing import TypeVar

from graph.derive import Claim
from graph.model import Instrument

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
