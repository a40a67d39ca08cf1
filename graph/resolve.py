"""Forgiving lookup of what a user types: ``55/2009``, ``55/2009/ND-CP``, ``nd 55/2009`` and
``Nghị định 55/2009`` all find 55/2009/NĐ-CP; ``Luat binh dang gioi`` finds 73/2006/QH11 by
its name; ambiguous input returns every candidate.

Matching is on folded text (no diacritics, any case), using the type words and codes of
``loaders.lexicon.doc_types`` — the same tables the extractor reads — and the names identity
resolution knows (``graph.identity``). Answers are canonical keys: a key merged into another
instrument resolves to that instrument.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from graph.sqlite_store import SqliteStore
from loaders.lexicon.doc_types import TYPE_CODES, TYPE_WORDS
from loaders.names import name_key
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
    """The canonical instrument keys ``query`` may mean: an exact key, a number, a name."""
    exact = store.canonical(query.strip())
    if store.node(exact) is not None:
        return Resolution(query, (exact,))
    folded = fold(" ".join(query.split()))
    m = _INPUT.search(folded)
    if not m or (not m.group("year") and not m.group("symbol") and _is_name(folded, m)):
        return Resolution(query, _by_name(store, query))
    number, year, symbol = m.group("num"), m.group("year"), m.group("symbol")
    code = _type_code(folded[: m.start()] + " " + folded[m.end():]) if not symbol else None
    rows = store.db.execute(
        "SELECT key FROM nodes WHERE key LIKE ? OR key LIKE ? ORDER BY key",
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


def _is_name(folded: str, m: re.Match[str]) -> bool:
    """A bare number inside words (``giai đoạn 2021 - 2030``) is part of a name, not a number."""
    words = re.findall(r"[a-z]+", folded[: m.start()] + " " + folded[m.end():])
    return len(words) > 2


def _by_name(store: SqliteStore, query: str) -> tuple[str, ...]:
    """Instruments that have ``query`` as a name (title, alias, or a name merged into them)."""
    wanted = name_key(query)
    if not wanted:
        return ()
    found = []
    for row in store.db.execute("SELECT key, title, type, aliases FROM nodes"):
        key, title, kind, aliases = row
        names = [*json.loads(aliases), title or ""]
        if kind and title:
            names.append(f"{kind} {title}")
        if any(name_key(n) == wanted for n in names if n):
            found.append(key)
    numbered = [k for k in found if not k.startswith(("name:", "synthetic:"))]
    return tuple(sorted(numbered or found))
