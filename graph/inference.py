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

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from graph.model import Instrument
from loaders.text import fold

KIND = "supersedes"
THRESHOLD = 0.6
#: Titles with fewer content words than this say too little about a subject to compare
#: (``quy định chức năng`` cut short by a line break).
MIN_TOKENS = 3
TITLE_WEIGHT = 0.6
#: Asserted relations that already settle the pair: no proposal is made over them.
SETTLED = frozenset({"supersedes", "repeals", "amends"})
CITING = frozenset({"cites", "based_on", "implements"})
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
    return {t for t in _TOKEN.findall(fold(title)) if t not in _STOP and not _YEAR.fullmatch(t)}


def _years(title: str) -> tuple[str, ...]:
    return tuple(_YEAR.findall(fold(title)))


def propose_supersessions(
    nodes: Mapping[str, Instrument],
    edges: Iterable[tuple[str, str, str]],
) -> list[Proposal]:
    """Proposals over canonical ``nodes`` and asserted ``edges`` (source, target, kind)."""
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
    titled = [n for n in nodes.values() if n.number and n.title and n.date_issued and n.type and n.issuer
              and len(_tokens(n.title)) >= MIN_TOKENS]
    tokens = {n.key: _tokens(n.title or "") for n in titled}
    years = {n.key: _years(n.title or "") for n in titled}  # once per title, not once per pair
    df = Counter(t for toks in tokens.values() for t in toks)
    idf = {t: math.log(1 + len(titled) / c) for t, c in df.items()}
    groups: dict[tuple[str, str], list[Instrument]] = defaultdict(list)
    for n in titled:
        groups[(n.type or "", n.issuer or "")].append(n)
    out = []
    for members in groups.values():
        members.sort(key=lambda n: (n.date_issued, n.key))
        for i, older in enumerate(members):
            if older.key in replaced:
                continue
            for newer in members[i + 1:]:
                proposal = _judge(older, newer, tokens, years, idf, citers, settled)
                if proposal:
                    out.append(proposal)
                    break
    return sorted(out, key=lambda p: (-p.score, p.newer, p.older))


def _judge(
    older: Instrument, newer: Instrument, tokens: Mapping[str, set[str]], years: Mapping[str, tuple[str, ...]],
    idf: Mapping[str, float], citers: Mapping[str, list[date]], settled: set[frozenset[str]],
) -> Proposal | None:
    assert older.date_issued and newer.date_issued
    if newer.date_issued <= older.date_issued or frozenset((older.key, newer.key)) in settled:
        return None
    years_old, years_new = years[older.key], years[newer.key]
    if years_old and years_new and years_old != years_new:
        return None
    a, b = tokens[older.key], tokens[newer.key]
    union = sum(idf[t] for t in a | b)
    similarity = sum(idf[t] for t in a & b) / union if union else 0.0
    if similarity < 0.4:
        return None
    cited_old, cited_new = citers.get(older.key, []), citers.get(newer.key, [])
    before = sum(d < newer.date_issued for d in cited_old)
    after = sum(d >= newer.date_issued for d in cited_new)
    reasons = [
        f"same type ({newer.type}) and issuer ({newer.issuer})",
        f"issued later: {newer.date_issued.isoformat()} after {older.date_issued.isoformat()}",
        f"titles alike: {similarity:.2f}",
    ]
    if cited_old and cited_new:
        shift = (before + after) / (len(cited_old) + len(cited_new))
        reasons.append(
            f"citations moved: {before} of {len(cited_old)} citing {older.key} are dated before "
            f"{newer.date_issued.isoformat()}, {after} of {len(cited_new)} citing {newer.key} after")
    else:
        shift = 0.5
        reasons.append("no citations of both to compare")
    score = round(TITLE_WEIGHT * similarity + (1 - TITLE_WEIGHT) * shift, 3)
    if score < THRESHOLD:
        return None
    return Proposal(newer.key, older.key, score, tuple(reasons))
