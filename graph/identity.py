"""Identity resolution: which provisional keys name an instrument already known by number.

Two kinds of provisional keys come out of extraction (``loaders.identity``):

- ``name:…`` for an instrument cited by name only (``Luật Bình đẳng giới``). It resolves to
  the numbered instrument that has that name as an alias: a catalogue alias, the law's own
  title (``Luật`` + ``BÌNH ĐẲNG GIỚI``), or the object of an approving instrument's title
  (28/NQ-CP "ban hành Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2030" names the
  strategy, so the strategy resolves to the resolution that adopted it). Comparison ignores
  diacritics, case, quotes and spacing; a date given with the name must equal the date issued.
- ``synthetic:…`` for a document whose number was blank. It merges with the one numbered
  instrument of the same type, issuer and date (and a compatible title), when a later source
  gives the number.

A name that fits several instruments stays unresolved and the candidates are kept: guessing
would put one instrument's citations on another. The rules are pure functions over merged
instruments, so they give the same links whatever order documents were loaded in.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from graph.model import Instrument
from loaders.lexicon.doc_types import NAMED_INSTRUMENT_HEADS
from loaders.names import name_key
from loaders.text import fold, nfc

NAME_PREFIX = "name:"
SYNTHETIC_PREFIX = "synthetic:"
_APPROVES = re.compile(r"^\s*(?:về\s+việc\s+)?(?:phê\s+duyệt|ban\s+hành)\s+(?P<object>.+)$", re.IGNORECASE)
_HEADS = tuple(fold(h) for h in NAMED_INSTRUMENT_HEADS)
#: Instrument types whose title is the name after the type word (``Luật`` + ``Bình đẳng giới``).
_TITLED_BY_TYPE = ("Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp")


@dataclass(frozen=True)
class Link:
    """``alias`` is the same instrument as ``key``, by ``rule``, because of ``reason``."""

    alias: str
    key: str
    rule: str
    reason: str


@dataclass(frozen=True)
class Unresolved:
    """A provisional key that fits several instruments: the candidates, not a guess."""

    alias: str
    candidates: tuple[str, ...]


def names_of(inst: Instrument) -> dict[str, str]:
    """Every name ``inst`` is known by, folded for comparison → the name as written and why.

    >>> from datetime import date
    >>> i = Instrument("28/NQ-CP", "28/NQ-CP", "Nghị quyết", "Chính phủ", date(2021, 3, 3),
    ...                "ban hành Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2030")
    >>> list(names_of(i))
    ['chien luoc quoc gia ve binh dang gioi giai doan 2021-2030']
    """
    out: dict[str, str] = {}
    for alias in inst.aliases:
        out.setdefault(name_key(alias), f"alias '{alias}'")
    title = nfc(" ".join((inst.title or "").split()))
    if title and inst.type in _TITLED_BY_TYPE and not fold(title).startswith(fold(inst.type)):
        named = f"{inst.type} {title[0]}{title[1:].lower()}" if title.isupper() else f"{inst.type} {title}"
        out.setdefault(name_key(named), f"its title '{named}'")
    m = _APPROVES.match(title)
    if m:
        obj = m.group("object").strip(" .;")
        if fold(obj).lstrip("“\"").startswith(_HEADS):
            out.setdefault(name_key(obj), f"its title '{title}'")
    return out


#: Numbered instruments known by a folded name → (instrument, why it has that name).
NameLookup = Callable[[str], Iterable[tuple[Instrument, str]]]
#: Numbered instruments of a (type, issuer, ISO date) header.
HeaderLookup = Callable[[tuple[str, str, str]], Iterable[Instrument]]


def resolve_identities(instruments: Mapping[str, Instrument]) -> tuple[list[Link], list[Unresolved]]:
    """The identity links among ``instruments`` (merged, keyed by provisional or real key)."""
    numbered = [i for i in instruments.values() if is_numbered(i.key)]
    by_name: dict[str, list[tuple[Instrument, str]]] = defaultdict(list)
    for inst in numbered:
        for folded, why in names_of(inst).items():
            by_name[folded].append((inst, why))
    by_header: dict[tuple[str, str, str], list[Instrument]] = defaultdict(list)
    for inst in numbered:
        if (h := header_of(inst)) is not None:
            by_header[h].append(inst)
    links: list[Link] = []
    unresolved: list[Unresolved] = []
    for inst in sorted(instruments.values(), key=lambda i: i.key):
        found = resolve_one(inst, lambda n: by_name.get(n, ()), lambda h: by_header.get(h, ()))
        if isinstance(found, Link):
            links.append(found)
        elif found is not None:
            unresolved.append(found)
    return links, unresolved


def resolve_one(inst: Instrument, by_name: NameLookup, by_header: HeaderLookup) -> Link | Unresolved | None:
    """What one provisional key is: a link to the one numbered instrument it names, the
    candidates when several fit, or None (numbered keys, and names nothing matches). The
    lookups see the numbered instruments; the full rebuild and the incremental update of the
    store pass different lookups to this one rule."""
    if inst.key.startswith(NAME_PREFIX):
        found = _by_name(inst, by_name)
    elif inst.key.startswith(SYNTHETIC_PREFIX):
        found = _by_header(inst, by_header)
    else:
        return None
    if len(found) == 1:
        key, rule, reason = found[0]
        return Link(inst.key, key, rule, reason)
    if found:
        return Unresolved(inst.key, tuple(sorted({k for k, _, _ in found})))
    return None


def header_of(inst: Instrument) -> tuple[str, str, str] | None:
    """The (type, issuer, date) an instrument with a blank number is matched on."""
    if inst.type and inst.issuer and inst.date_issued:
        return inst.type, inst.issuer, inst.date_issued.isoformat()
    return None


def own_names(inst: Instrument) -> list[str]:
    """The folded names a ``name:`` key looks up (its aliases, else its title)."""
    return list(dict.fromkeys(name_key(a) for a in _own_names(inst)))


def is_numbered(key: str) -> bool:
    return not key.startswith((NAME_PREFIX, SYNTHETIC_PREFIX))


def _by_name(inst: Instrument, by_name: NameLookup) -> list[tuple[str, str, str]]:
    found: dict[str, tuple[str, str, str]] = {}
    for alias in _own_names(inst):
        for candidate, why in by_name(name_key(alias)):
            if inst.date_issued and candidate.date_issued and inst.date_issued != candidate.date_issued:
                continue
            found.setdefault(candidate.key, (candidate.key, "alias", f"'{alias}' is {candidate.key} by {why}"))
    return list(found.values())


def _own_names(inst: Instrument) -> Iterable[str]:
    return dict.fromkeys(inst.aliases or ((inst.title,) if inst.title else ()))


def _by_header(inst: Instrument, by_header: HeaderLookup) -> list[tuple[str, str, str]]:
    header = header_of(inst)
    if header is None:
        return []
    found = []
    for candidate in by_header(header):
        if inst.title and candidate.title and not _compatible(inst.title, candidate.title):
            continue
        reason = (f"same type, issuer and date ({header[0]}, {header[1]}, {header[2]})"
                  f" as {candidate.key}")
        found.append((candidate.key, "number found", reason))
    return found


def _compatible(a: str, b: str) -> bool:
    ka, kb = name_key(a), name_key(b)
    return ka in kb or kb in ka
