"""Forgiving lookup of what a user types: ``55/2009``, ``55/2009/ND-CP``, ``nd 55/2009`` and
``Nghị định 55/2009`` all find 55/2009/NĐ-CP; ambiguous input returns every candidate.

Matching is on folded text (no diacritics, any case), using the type words and codes of
``loaders.lexicon.doc_types`` — the same tables the extractor reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.sqlite_store import SqliteStore
from loaders.lexicon.doc_types import TYPE_CODES, TYPE_WORDS
from loaders.text import fold

_INPUT = re.compile(
    r"(?P<num>\d{1,5}[a-z]?)(?:\s*/\s*(?P<year>(?:19|20)\d{2}))?(?:\s*[/-]\s*(?P<symbol>[a-z][a-z0-9&/-]*))?"
)


@dataclass(frozen=True)
class Resolution:
    """The keys an input may mean: one when it is unambiguous, several to choose from, none."""

    query: str
    candidates: tuple[str, ...]

    @property
    def key(self) -> str | None:
        return self.candidates[0] if len(self.candidates) == 1 else None


def _type_code(folded: str) -> str | None:
    """The folded type code named by a type word or code in the input (``nghi dinh`` → ``nd``)."""
    words = sorted(TYPE_WORDS, key=len, reverse=True)
    for word in words:
        if re.search(rf"(?<![a-z]){re.escape(fold(word))}(?![a-z])", folded):
            canonical = TYPE_WORDS[word]
            return next((fold(code) for code, t in TYPE_CODES.items() if t == canonical), None)
    codes = sorted((fold(c) for c in TYPE_CODES), key=len, reverse=True)
    return next((c for c in codes if re.match(rf"{re.escape(c)}\b", folded)), None)


def resolve(store: SqliteStore, query: str) -> Resolution:
    """The instrument keys ``query`` may mean, exact key first."""
    if store.instrument(query.strip()) is not None:
        return Resolution(query, (query.strip(),))
    folded = fold(" ".join(query.split()))
    m = _INPUT.search(folded)
    if not m:
        return Resolution(query, ())
    number, year, symbol = m.group("num"), m.group("year"), m.group("symbol")
    code = _type_code(folded[: m.start()] + " " + folded[m.end():]) if not symbol else None
    rows = store.db.execute(
        "SELECT DISTINCT key FROM instrument_claims WHERE key LIKE ? OR key LIKE ? ORDER BY key",
        (f"{number}/%", f"{number}-%")).fetchall()
    found = []
    for (key,) in rows:
        parts = fold(key.split("@")[0]).split("/")
        if year and (len(parts) < 3 or parts[1] != year):
            continue
        tail = parts[-1]
        if symbol and fold(symbol).replace("/", "-") not in {tail, "/".join(parts[1:]), "-".join(parts[1:])}:
            continue
        if code and not tail.startswith(code + "-"):
            continue
        found.append(key)
    return Resolution(query, tuple(found))
