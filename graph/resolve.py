"""Forgiving lookup of what a user types: ``55/2009``, ``55/2009/ND-CP``, ``nd 55/2009`` and
``Nghị định 55/2009`` all find 55/2009/NĐ-CP; ``Luat binh dang gioi`` finds 73/2006/QH11 by
its name; ambiguous input returns every candidate.

Matching is on folded text (no diacritics, any case), using the type words and codes of
``loaders.lexicon.doc_types`` — the same tables the extractor reads — and the names identity
resolution knows (``graph.identity``). Answers are canonical keys: a key merged into another
instrument resolves to that instrument.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.identity import names_of
from graph.search import search
from graph.store import ReadStore
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


def _code_of(canonical: str) -> str | None:
    return next((fold(code) for code, t in TYPE_CODES.items() if t == canonical), None)


#: Type words (longest first, so ``nghi dinh`` wins over ``nghi``) and the code each means.
_TYPE_WORDS = [(re.compile(rf"(?<![a-z]){re.escape(fold(word))}(?![a-z])"), _code_of(TYPE_WORDS[word]))
               for word in sorted(TYPE_WORDS, key=len, reverse=True)]
_TYPE_CODES = [(re.compile(rf"{re.escape(code)}\b"), code)
               for code in sorted({fold(c) for c in TYPE_CODES}, key=len, reverse=True)]


def _type_code(folded: str) -> str | None:
    """The folded type code named by a type word or code in the input (``nghi dinh`` → ``nd``)."""
    for pattern, code in _TYPE_WORDS:
        if pattern.search(folded):
            return code
    return next((code for pattern, code in _TYPE_CODES if pattern.match(folded)), None)


def resolve(store: ReadStore, query: str) -> Resolution:
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
    found = []
    for key in store.numbered(number):
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


def _by_name(store: ReadStore, query: str) -> tuple[str, ...]:
    """Instruments that have ``query`` as a name: their title, or a name identity resolution
    knows them by (``graph.identity.names_of``: aliases, merged names, law titles, approved
    objects). The folded search column narrows the candidates first."""
    wanted = name_key(query)
    terms = re.findall(r"[a-z0-9]+", fold(query))
    if not wanted or not terms:
        return ()
    found = [inst.key for inst in store.search_candidates(terms)
             if wanted in names_of(inst) or (inst.title and name_key(inst.title) == wanted)]
    numbered = [k for k in found if not k.startswith(("name:", "synthetic:"))]
    return tuple(sorted(numbered or found))


def suggestions(store: ReadStore, query: str, limit: int = 5) -> list[str]:
    """What a user may have meant by an input that resolves to nothing: the best search
    matches of the whole input, else of its leading number alone (``55/2099/NĐ-CP`` offers
    the instruments numbered 55…)."""
    hits = search(store, query, limit=limit)
    m = _INPUT.search(fold(query))
    if not hits and m:
        hits = search(store, m.group("num"), limit=limit)
    return [hit.instrument.key for hit in hits]
