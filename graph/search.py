"""Search: instruments by number, title or name, ranked over every match.

The ranking, best first:

1. the number: equal to the query, then starting with it, then neither;
2. a name (the title or an alias): equal to the query, then holding it, then neither;
3. numbered before name-only;
4. newer before older (undated last), then by key.

A match holds every word of the query (a number, ``41/KH-UBND`` or ``55/2009``, is one word
here: its parts apart are in half the plans of the country), diacritics and case ignored.

Why tiers, read one after another, rather than a score summed over some candidates: at a
million documents a common phrase or a recurring plan number (``12/KH-UBND``: 4 002 plans)
matches thousands of instruments, and the page must be the best of all of them, not of the
first few thousand read. Each number tier (equal, starting with, neither) is read from a
superset the store finds by an index: the folded key's for numbers, the trigram index of the
text for words. One of at most ``DENSE`` rows (``DENSE_KEYED`` for a number) is read whole
and ranked here; a larger one is read a name tier at a time, each from a narrower superset
(the trigram index of the names: equal to the query, holding it), newest first: the store
reads the newest nodes from its index by date and sorts the rest, so a common tier fills the
page after a few rows and a rare one costs its size. Which tier a row is in is decided here
alone (``tiers``); the stores only find supersets (``Match``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterable
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import date
from itertools import islice
from typing import NamedTuple

from graph.derive import NAMES_MARK, names_part
from graph.model import Instrument
from graph.queries import Store, kept_groups
from loaders.text import fold

#: A number tier's superset of at most this many rows is read whole and ranked at once;
#: past it, each name tier is read newest first.
DENSE = 2000
#: The same for the instruments of one number or of a prefix of numbers: read through the key's
#: index, they are read whole up to more (a plan number recurs in every province every year:
#: 7 548 plans numbered 12/KH-UBND at a million documents), and ranked here in one pass.
DENSE_KEYED = 10_000
#: How far ``count`` counts: the API's ``total`` of a search says "this many or more" there.
COUNTED = 10_000

_WORD = re.compile(r"[a-z0-9]+")
_NUMBER_QUERY = re.compile(r"[a-z0-9]*\d[a-z0-9]*(?:[/-][a-z0-9]+)+")


@dataclass(frozen=True)
class Within:
    """The filters of a search: (type, issuer) groups kept (None: all), year issued, in
    force on a day."""

    groups: tuple[tuple[str | None, str | None], ...] | None = None
    year: int | None = None
    on: date | None = None


@dataclass(frozen=True)
class Match:
    """What a store finds: nodes within the filters whose search text holds every term, and,
    when given, whose folded key is ``number`` (alone or with ``@`` issuer and date), whose
    folded key starts with ``prefix``, whose names hold ``names``."""

    terms: tuple[str, ...]
    within: Within = Within()
    number: str | None = None
    prefix: str | None = None
    names: str | None = None

    def holds(self, search: str) -> bool:
        """Whether a search text is in this superset, the filters apart: how a store without
        indexes for it (Neo4j) decides, and what tests hold SQLite's indexes to."""
        key = search.split(" ", 1)[0]
        return (all(t in search for t in self.terms)
                and (self.number is None or key == self.number or key.startswith(self.number + "@"))
                and (self.prefix is None or key.startswith(self.prefix))
                and (self.names is None or self.names in names_part(search)))


class Row(NamedTuple):
    """What ranking reads of a node: key, number, date issued (ISO), search text."""

    key: str
    number: str | None
    issued: str | None
    search: str


@dataclass(frozen=True)
class Hit:
    instrument: Instrument
    score: float


@dataclass(frozen=True)
class Query:
    """A search's folded text and its words."""

    text: str
    terms: tuple[str, ...]
    #: What the names of a search text hold when one of them is the query: ``| text |``.
    named: str

    @staticmethod
    def of(text: str) -> Query:
        """``|`` is read as a space (the search text keeps it to mark names), and so is any
        character that is not printed (a NUL would end the trigram index's query early)."""
        printed = "".join(c if c.isprintable() and c != "|" else " " for c in text)
        folded = " ".join(fold(printed).split())
        terms = (folded,) if _NUMBER_QUERY.fullmatch(folded) else tuple(_WORD.findall(folded))
        return Query(folded, terms, NAMES_MARK.lstrip() + folded + NAMES_MARK.rstrip())


def tiers(row: Row, query: Query) -> tuple[int, int, int]:
    """(number, name, name-only) tiers of a row: 0 equal, 1 starting with (number) or holding
    (name) the query, 2 neither; 0 numbered, 1 not."""
    text = query.text
    number = fold(row.number) if row.number else ""
    by_number = 0 if number and number == text else 1 if number and number.startswith(text) else 2
    names = names_part(row.search)
    by_name = 0 if query.named in names else 1 if text in names else 2
    return by_number, by_name, 0 if row.number else 1


def score(row: Row, query: Query) -> float:
    """The tiers as one number, for readers of an answer: 100 or 50 for the number, 30 or
    20 for a name, 5 for a number at all."""
    by_number, by_name, unnumbered = tiers(row, query)
    return (100, 50, 0)[by_number] + (30, 20, 0)[by_name] + (0 if unnumbered else 5)


def search(store: Store, text: str, types: Iterable[str] = (), issuer: str | None = None,
           year: int | None = None, on: date | None = None, offset: int = 0, limit: int = 20) -> list[Hit]:
    """The instruments matching ``text``, best first (the module's ranking), from ``offset``."""
    return search_page(store, text, types, issuer, year, on, offset, limit, counted=False)[1]


def search_page(store: Store, text: str, types: Iterable[str] = (), issuer: str | None = None,
                year: int | None = None, on: date | None = None, offset: int = 0, limit: int = 20,
                counted: bool = True) -> tuple[int, list[Hit]]:
    """How many instruments match (``count``, up to ``COUNTED``; 0 when not ``counted``) and
    the page of them from ``offset``. When the ranking read every match whole on its way
    (a phrase of a few hundred matches), they are counted from that read: counting them again
    would read the trigram index again (70 ms for ``kế hoạch bình đẳng giới`` at a million
    documents)."""
    if (asked := _asked(store, text, types, issuer, year, on)) is None:
        return 0, []
    query, within = asked
    read_whole: list[int] = []
    with closing(ranked(store, query, within, read_whole)) as rows:
        page = list(islice(rows, offset, offset + limit))
    found = store.nodes([r.key for r in page])
    if not counted:
        total = 0
    elif read_whole:
        total = min(read_whole[0], COUNTED)
    else:
        total = store.search_count(Match(query.terms, within), COUNTED)
    return total, [Hit(found[r.key], score(r, query)) for r in page]


def count(store: Store, text: str, types: Iterable[str] = (), issuer: str | None = None,
          year: int | None = None, on: date | None = None, cap: int = COUNTED) -> int:
    """How many instruments match ``text`` within the filters, counted up to ``cap``."""
    if (asked := _asked(store, text, types, issuer, year, on)) is None:
        return 0
    query, within = asked
    return store.search_count(Match(query.terms, within), cap)


def ranked(store: Store, query: Query, within: Within, read_whole: list[int] | None = None) -> Generator[Row]:
    """Every match, best first, read a tier at a time as far as the caller reads. When the
    last number tier, whose superset is every match, is read whole, how many rows it held is
    appended to ``read_whole``."""
    bases = [Match(query.terms, within)]
    if " " not in query.text and store.search_count(Match(query.terms, within, prefix=query.text), 1):
        bases = [Match(query.terms, within, number=query.text), Match(query.terms, within, prefix=query.text), *bases]
    for by_number, base in zip((0, 1, 2)[-len(bases):], bases, strict=True):
        yield from _group(store, base, by_number, query, read_whole if by_number == 2 else None)


def _group(store: Store, base: Match, by_number: int, query: Query,
           read_whole: list[int] | None = None) -> Generator[Row]:
    """The rows of one number tier, by name tier: from its superset read whole when small
    (one read for the three; its size appended to ``read_whole``), else from each name tier's
    own superset (a name equal to the query, holding it, any)."""
    whole = DENSE if base.number is None and base.prefix is None else DENSE_KEYED
    with closing(store.search_rows(base, limit=whole + 1)) as found:
        rows = list(found)
    if len(rows) <= whole:
        if read_whole is not None:
            read_whole.append(len(rows))
        ranks = {r.key: tiers(r, query) for r in rows}
        yield from _ordered([r for r in rows if ranks[r.key][0] == by_number], lambda r: ranks[r.key][1:])
        return
    for by_name, names in ((0, query.named), (1, query.text), (2, None)):
        yield from _tier(store, replace(base, names=names), (by_number, by_name), query)


def _tier(store: Store, match: Match, tier: tuple[int, int], query: Query) -> Generator[Row]:
    """The rows of one (number, name) tier, numbered first, newest first, by key: its superset
    read newest first (the store reads the newest from the index by date and sorts the rest),
    the numbered rows passed on as they come and the name-only ones after."""
    later = []
    with closing(store.search_rows(match, newest=True)) as newest:
        for row in newest:
            by_number, by_name, unnumbered = tiers(row, query)
            if (by_number, by_name) != tier:
                continue
            if unnumbered:
                later.append(row)
            else:
                yield row
    yield from later


def newest_first(rows: list[Row]) -> list[Row]:
    """``rows`` newest first (undated last), by key within a day, in place: the order a store
    hands rows over in when asked ``newest``."""
    rows.sort(key=lambda r: r.key)
    rows.sort(key=lambda r: r.issued or "", reverse=True)  # stable in reverse too; "" last
    return rows


def _ordered(rows: list[Row], first: Callable[[Row], tuple[int, ...]]) -> list[Row]:
    """``rows`` by ``first``, then newest first, then by key (stable sorts)."""
    newest_first(rows).sort(key=first)
    return rows


def _asked(store: Store, text: str, types: Iterable[str], issuer: str | None, year: int | None,
           on: date | None) -> tuple[Query, Within] | None:
    """The query and its filters; None when nothing can match (no word, no group kept)."""
    query = Query.of(text)
    within = _within(store, types, issuer, year, on)
    return None if not query.terms or within.groups == () else (query, within)


def _within(store: Store, types: Iterable[str], issuer: str | None, year: int | None,
            on: date | None) -> Within:
    groups = kept_groups(store, tuple(types), issuer)
    return Within(None if groups is None else tuple(groups), year, on)
