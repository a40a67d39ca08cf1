"""Inferred supersession: proposals where neither text nor catalogue says what replaced what.

A newer instrument probably replaced an older one when they are of the same type and issuer,
the newer was issued later, their subjects are alike (title similarity, with words common to
every title in the graph weighing little), and citations moved: documents dated before the
newer one cite the older, documents dated after cite the newer. Instruments whose titles name
different periods (``giai đoạn 2011 - 2015`` / ``2016 - 2020``) are successive programmes,
not replacements, and are never proposed. Each older instrument gets at most one proposal,
the earliest newer one that qualifies, so proposals form chains like asserted lineage does.

Proposals are kept apart from asserted facts (the ``proposals`` table, method ``inferred``)
with their score and reasons, and are shown as proposals everywhere.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from graph import queries
from graph.model import Instrument
from loaders.text import fold

KIND = "supersedes"
THRESHOLD = 0.6
#: Titles with fewer content words than this say too little about a subject to compare
#: (``quy định chức năng`` cut short by a line break).
MIN_TOKENS = 3
TITLE_WEIGHT = 0.6
#: Titles less alike than this are never proposed, whatever the citations say.
MIN_SIMILARITY = 0.4
#: Asserted relations that already settle the pair: no proposal is made over them.
SETTLED = frozenset({"supersedes", "repeals", "amends"})
CITING = frozenset(queries.CITING)
#: Words that name no subject: function words, "quy định", and the words of a period.
_STOP = frozenset({
    "ve", "viec", "cua", "va", "cac", "trong", "linh", "vuc", "quy", "dinh", "mot", "so",
    "nam", "giai", "doan", "den", "tam", "nhin",
})
_YEAR = re.compile(r"(?:19|20)\d{2}")
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Proposal:
    """``newer`` probably supersedes ``older``: the score (0–1) and the reasons."""

    newer: str
    older: str
    score: float
    reasons: tuple[str, ...]


def _tokens(title: str) -> set[str]:
    return _content(fold(title))


def _content(folded: str) -> set[str]:
    return {t for t in _TOKEN.findall(folded) if t not in _STOP and not _YEAR.fullmatch(t)}


def _years(title: str) -> tuple[str, ...]:
    return tuple(_YEAR.findall(fold(title)))


def words(title: str | None) -> str | None:
    """A title's words as the rule compares them, as the store keeps them beside each node
    (``nodes.words``): its content words, ``|``, the years it names. Folding and splitting
    the 80 000 titles of the Prime Minister's decisions for each upload citing one took
    seconds at a million documents; splitting this takes a tenth of that."""
    if not title:
        return None
    folded = fold(title)
    return " ".join(sorted(_content(folded))) + "|" + " ".join(_YEAR.findall(folded))


def _counted(stored: str) -> int:
    """How many words ``words`` stored (each once), without splitting them: deciding the
    members of a group of 80 000 should not parse their words before ``Group`` does."""
    tokens = stored.partition("|")[0]
    return tokens.count(" ") + 1 if tokens else 0


def _parsed(stored: str) -> tuple[set[str], tuple[str, ...]]:
    tokens, _, years = stored.partition("|")
    return set(tokens.split()), tuple(years.split())


@dataclass(frozen=True)
class Context:
    """What the rule reads besides the titles: the dates of the documents citing each
    instrument (in date order: a pair's shift is counted by bisection, not by reading the
    thousands of citations of a decision cited everywhere once per candidate), the pairs
    already settled by an asserted relation, the instruments already replaced. The store's
    incremental update passes lazy ones (read as the rule asks)."""

    citers: Mapping[str, list[date]]
    settled: Container[frozenset[str]]
    replaced: Container[str]


def context(nodes: Mapping[str, Instrument], edges: Iterable[tuple[str, str, str]]) -> Context:
    """The rule's context from canonical ``nodes`` and asserted ``edges`` (source, target, kind)."""
    settled: set[frozenset[str]] = set()
    replaced: set[str] = set()
    citers: dict[str, list[date]] = defaultdict(list)
    for source, target, kind in edges:
        if kind in SETTLED:
            settled.add(frozenset((source, target)))
            if kind in ("supersedes", "repeals"):
                replaced.add(target)
        elif kind in CITING and source in nodes and nodes[source].date_issued:
            citers[target].append(nodes[source].date_issued)  # type: ignore[arg-type]
    return Context({k: sorted(v) for k, v in citers.items()}, settled, replaced)


def group_of(node: Instrument, stored: str | None = None) -> tuple[str, str] | None:
    """The (type, issuer) group the rule compares ``node`` within, or None when it cannot
    be compared (no number, title, date, type or issuer, or a title too short). ``stored``:
    the title's ``words``, when the store has them (a node has words when it has a title: the
    store's reader of a group reads them alone)."""
    if stored:
        counted = _counted(stored)
    elif node.title:
        counted = len(_tokens(node.title))
    else:
        return None
    if node.number and node.date_issued and node.type and node.issuer and counted >= MIN_TOKENS:
        return node.type, node.issuer
    return None


def propose_supersessions(
    nodes: Mapping[str, Instrument],
    edges: Iterable[tuple[str, str, str]],
    stored: Mapping[str, str | None] | None = None,
) -> list[Proposal]:
    """Proposals over canonical ``nodes`` and asserted ``edges`` (source, target, kind).
    ``stored``: each node's title ``words`` by key, when the caller has them (a rebuild
    makes them once for the nodes' rows and for this)."""
    ctx = context(nodes, edges)
    groups: dict[tuple[str, str], list[Instrument]] = defaultdict(list)
    for n in nodes.values():
        if (g := group_of(n, stored[n.key] if stored is not None else None)) is not None:
            groups[g].append(n)
    out = [p for members in groups.values() for p in Group(members, stored).propose(ctx)]
    return sorted(out, key=lambda p: (-p.score, p.newer, p.older))


class Group:
    """One (type, issuer) group as the rule sees it before any citation: its members in date
    order, their words and the words' weights.

    Word weights (idf) are counted within the group: what every plan of one provincial
    committee says (``kế hoạch``, ``thực hiện``) tells its plans apart least. A group is the
    unit of work: changing one instrument changes the proposals of its group only, and when
    the members, their titles and dates stay as they were, only the proposals of the older
    members that reach a changed one (``reaching``).

    Each older member is compared with the later members in date order and gets the first
    that qualifies. Only members sharing a *prefix* word with it can qualify: its words sorted
    rarest first, the prefix is the shortest run whose remaining weight falls below
    ``MIN_SIMILARITY`` of the whole, and a pair sharing none of those words has a weighted
    Jaccard similarity below ``MIN_SIMILARITY`` (which ``judge`` requires). So large groups
    cost about one comparison per likely pair instead of one per pair, with the same answer.
    """

    def __init__(self, members: list[Instrument], stored: Mapping[str, str | None] | None = None) -> None:
        """``stored``: the members' ``words`` by key, when the store has them (a member has a
        title, so words)."""
        self.members = sorted(members, key=lambda n: (n.date_issued, n.key))
        self.place = {n.key: i for i, n in enumerate(self.members)}
        if stored is not None:
            parsed = {n.key: _parsed(stored[n.key] or "") for n in self.members}
            self.tokens = {k: t for k, (t, _) in parsed.items()}
            self.years = {k: y for k, (_, y) in parsed.items()}
        else:
            self.tokens = {n.key: _tokens(n.title or "") for n in self.members}
            self.years = {n.key: _years(n.title or "") for n in self.members}  # once per title, not per pair
        self.df = Counter(t for toks in self.tokens.values() for t in toks)
        self.idf = {t: math.log(1 + len(self.members) / c) for t, c in self.df.items()}
        self.weight = {k: sum(self.idf[t] for t in toks) for k, toks in self.tokens.items()}
        # postings[word][years]: the members (by place in date order) whose title has the word
        # and names those years; titles naming other years than the older's are never proposed.
        self.postings: dict[str, dict[tuple[str, ...], list[int]]] = defaultdict(lambda: defaultdict(list))
        for i, n in enumerate(self.members):
            for t in self.tokens[n.key]:
                self.postings[t][self.years[n.key]].append(i)
        self._prefixes: dict[str, frozenset[str]] = {}

    def prefix(self, key: str) -> frozenset[str]:
        if key not in self._prefixes:
            self._prefixes[key] = frozenset(_prefix(self.tokens[key], self.idf, self.df))
        return self._prefixes[key]

    def _wanted(self, key: str, by_years: Mapping[tuple[str, ...], list[int]]) -> Iterable[tuple[str, ...]]:
        """The year lists a later title may name to be compared with ``key``'s."""
        return dict.fromkeys([self.years[key], ()]) if self.years[key] else list(by_years)

    def candidates(self, i: int) -> Iterator[int]:
        """The later members that may qualify for the ``i``-th (by place), earliest first."""
        key = self.members[i].key
        lists = []
        for t in self.prefix(key):
            by_years = self.postings[t]
            for y in self._wanted(key, by_years):
                places = by_years.get(y, [])
                lists.append(places[bisect.bisect_right(places, i):])
        return _distinct(heapq.merge(*lists))

    def propose(self, ctx: Context, olders: Iterable[str] | None = None) -> list[Proposal]:
        """The proposals whose older instrument is one of ``olders`` (every member: None)."""
        places = range(len(self.members)) if olders is None else sorted(
            self.place[k] for k in set(olders) if k in self.place)
        out = []
        for i in places:
            if self.members[i].key not in ctx.replaced and (found := self._first(i, ctx)):
                out.append(found)
        return out

    def _first(self, i: int, ctx: Context, only: Container[str] = (), before: int | None = None) -> Proposal | None:
        """The ``i``-th member's proposal: the first candidate that qualifies (of ``only``,
        placed before ``before``, when given)."""
        older = self.members[i]
        for j in self.candidates(i):
            if before is not None and j >= before:
                break
            if (before is None or self.members[j].key in only) and (
                    found := self.judge(older, self.members[j], ctx)):
                return found
        return None

    def repropose(self, ctx: Context, changed: Iterable[str],
                  current: Mapping[str, str]) -> tuple[set[str], list[Proposal]]:
        """After the citations, settled pairs or replacement of ``changed`` moved, the group
        itself (members, titles, dates) as it was: the older members whose proposal may differ
        from ``current`` (older → newer: the proposals before), and their proposals now.

        Of an older member outside ``changed`` whose proposal (if any) is outside it too,
        every verdict against a member outside ``changed`` stands: only the changed candidates
        placed before its proposal are judged, and it keeps its proposal unless one of them
        qualifies. A plan citing three of the Prime Minister's decisions judges the 10 000
        older decisions reaching them against those three, not against all their candidates."""
        changed = {k for k in changed if k in self.place}
        moved: set[str] = set()
        out = []
        for key in sorted(self.reaching(changed), key=self.place.__getitem__):
            i, newer = self.place[key], current.get(key)
            if key in ctx.replaced:
                if newer is not None:
                    moved.add(key)
            elif key in changed or newer in changed or (newer is not None and newer not in self.place):
                moved.add(key)
                if found := self._first(i, ctx):
                    out.append(found)
            elif found := self._first(i, ctx, changed, self.place[newer] if newer is not None else len(self.members)):
                moved.add(key)
                out.append(found)
        return moved, out

    def judge(self, older: Instrument, newer: Instrument, ctx: Context) -> Proposal | None:
        """Whether ``newer`` probably replaced ``older``: the proposal, or None."""
        assert older.date_issued and newer.date_issued
        if newer.date_issued <= older.date_issued:
            return None
        years_old, years_new = self.years[older.key], self.years[newer.key]
        if years_old and years_new and years_old != years_new:
            return None
        a, b = self.tokens[older.key], self.tokens[newer.key]
        shared = sum(self.idf[t] for t in a & b)
        # the union weighs at least the heavier title: a pair sharing too little is out at once
        if shared < (MIN_SIMILARITY - 1e-9) * max(self.weight[older.key], self.weight[newer.key]):
            return None
        union = sum(self.idf[t] for t in a | b)
        similarity = shared / union if union else 0.0
        if similarity < MIN_SIMILARITY or frozenset((older.key, newer.key)) in ctx.settled:
            return None
        cited_old, cited_new = ctx.citers.get(older.key, []), ctx.citers.get(newer.key, [])
        before = bisect.bisect_left(cited_old, newer.date_issued)
        after = len(cited_new) - bisect.bisect_left(cited_new, newer.date_issued)
        shift = (before + after) / (len(cited_old) + len(cited_new)) if cited_old and cited_new else 0.5
        score = round(TITLE_WEIGHT * similarity + (1 - TITLE_WEIGHT) * shift, 3)
        if score < THRESHOLD:
            return None
        reasons = [
            f"same type ({newer.type}) and issuer ({newer.issuer})",
            f"issued later: {newer.date_issued.isoformat()} after {older.date_issued.isoformat()}",
            f"titles alike: {similarity:.2f}",
            f"citations moved: {before} of {len(cited_old)} citing {older.key} are dated before "
            f"{newer.date_issued.isoformat()}, {after} of {len(cited_new)} citing {newer.key} after"
            if cited_old and cited_new else "no citations of both to compare",
        ]
        return Proposal(newer.key, older.key, score, tuple(reasons))

    def reaching(self, keys: Iterable[str]) -> set[str]:
        """The members among ``keys`` and the older members that have one of them as a
        candidate: the only proposals a change of their citations or settled pairs can move
        while the group itself (members, titles, dates) stays as it was."""
        out = set()
        for key in keys:
            if key not in self.place:
                continue
            out.add(key)
            j, years = self.place[key], self.years[key]
            for t in self.tokens[key]:
                for y, places in self.postings[t].items():
                    if y and years and y != years:
                        continue
                    for i in places[:bisect.bisect_left(places, j)]:
                        older = self.members[i].key
                        if older not in out and t in self.prefix(older):
                            out.add(older)
        return out


def _distinct(ordered: Iterable[int]) -> Iterator[int]:
    last = -1
    for j in ordered:
        if j != last:
            yield j
            last = j


def _prefix(words: set[str], idf: Mapping[str, float], df: Mapping[str, int]) -> list[str]:
    """The words of a title that any title alike enough must share at least one of (rarest
    first; a hair under the threshold, so rounding never drops a qualifying pair)."""
    ordered = sorted(words, key=lambda t: (df[t], t))
    total = sum(idf[t] for t in ordered)
    rest, out = total, []
    for t in ordered:
        if rest < (MIN_SIMILARITY - 1e-9) * total:
            break
        out.append(t)
        rest -= idf[t]
    return out

