"""Score the extractor against hand-made gold labels (``tests/fixtures/gold/*.json``).

Numbered references are compared by normalized id; name-only references by name, diacritics
and spacing folded, allowing a shorter or longer form of the same name; relations on the
references matched; header fields one by one. See ``data/corpus/LABELING.md``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loaders.extract import extract_path
from loaders.models import Extraction
from loaders.names import same_name
from loaders.text import collapse_spaces, fold

HEADER_FIELDS = ("number", "type", "issuer", "date", "title", "signer")


@dataclass
class DocScore:
    """Counts for one document."""

    file: str
    numbered_gold: int = 0
    numbered_found: int = 0
    numbered_hit: int = 0
    names_gold: int = 0
    names_found: int = 0
    names_hit: int = 0
    relation_hit: int = 0
    relation_total: int = 0
    header_hit: int = 0
    header_total: int = 0
    misses: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Totals:
    """Micro-averaged scores over all documents."""

    numbered_precision: float
    numbered_recall: float
    names_recall: float
    names_precision: float
    relation_accuracy: float
    header_accuracy: float


def names_match(gold: str, found: str) -> bool:
    """A gold name matches a found one under the same rule that groups names in a document."""
    return same_name(gold, found)


def _same(field_name: str, gold: Any, found: Any) -> bool:
    if gold is None or found is None:
        return gold is None and found is None
    g, f = fold(collapse_spaces(str(gold))), fold(collapse_spaces(str(found)))
    if field_name == "title":
        return g == f or g in f or f in g
    return g == f


def score_document(gold: dict[str, Any], ex: Extraction) -> DocScore:
    score = DocScore(gold["file"])
    found_json = ex.to_json()
    refs = found_json["references"]
    by_id = {r["id"]: r for r in refs if r["id"]}
    names = [r for r in refs if not r["id"]]
    gold_numbered = [r for r in gold["references"] if r.get("id")]
    gold_names = [r for r in gold["references"] if not r.get("id")]
    score.numbered_gold, score.numbered_found = len(gold_numbered), len(by_id)
    score.names_gold, score.names_found = len(gold_names), len(names)
    gold_ids = {r["id"] for r in gold_numbered}
    for g in gold_numbered:
        hit = by_id.get(g["id"])
        if not hit:
            score.misses.append(f"missed {g['id']}")
            continue
        score.numbered_hit += 1
        _relation(score, g, hit)
    for fid in sorted(set(by_id) - gold_ids):
        score.misses.append(f"extra {fid}")
    used: set[int] = set()
    for g in gold_names:
        match = next((i for i, r in enumerate(names) if i not in used and (
            names_match(g["name"], r["name"]) or names_match(g["name"], r["name_normalized"] or ""))), None)
        if match is None:
            score.misses.append(f"missed name {g['name']!r}")
            continue
        used.add(match)
        score.names_hit += 1
        _relation(score, g, names[match])
    for i, r in enumerate(names):
        if i not in used:
            score.misses.append(f"extra name {r['name']!r}")
    for name in HEADER_FIELDS:
        score.header_total += 1
        if _same(name, gold["document"].get(name), found_json["document"].get(name)):
            score.header_hit += 1
        else:
            score.misses.append(
                f"header {name}: gold {gold['document'].get(name)!r} found {found_json['document'].get(name)!r}")
    return score


def _relation(score: DocScore, gold: dict[str, Any], found: dict[str, Any]) -> None:
    score.relation_total += 1
    if gold["relation"] == found["relation"]:
        score.relation_hit += 1
    else:
        label = gold.get("id") or gold.get("name")
        score.misses.append(f"relation of {label}: gold {gold['relation']} found {found['relation']}")


def load_gold(paths: Iterable[Path]) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    for path in paths:
        docs.extend(json.loads(path.read_text(encoding="utf-8"))["documents"])
    return docs


def evaluate(gold_docs: list[dict[str, Any]], corpus: Path) -> tuple[list[DocScore], Totals]:
    """Extract every gold document from ``corpus`` and score it."""
    scores = [score_document(g, extract_path(corpus / g["file"])) for g in gold_docs]

    def ratio(hit: str, total: str) -> float:
        t = sum(getattr(s, total) for s in scores)
        return sum(getattr(s, hit) for s in scores) / t if t else 1.0

    totals = Totals(
        numbered_precision=ratio("numbered_hit", "numbered_found"),
        numbered_recall=ratio("numbered_hit", "numbered_gold"),
        names_recall=ratio("names_hit", "names_gold"),
        names_precision=ratio("names_hit", "names_found"),
        relation_accuracy=ratio("relation_hit", "relation_total"),
        header_accuracy=ratio("header_hit", "header_total"),
    )
    return scores, totals


def table(scores: list[DocScore], totals: Totals) -> str:
    """The per-document table the quality test prints."""
    lines = [f"{'document':44} {'num P/R':>11} {'names R':>8} {'rel':>6} {'header':>7}"]
    for s in scores:
        p = s.numbered_hit / s.numbered_found if s.numbered_found else 1.0
        r = s.numbered_hit / s.numbered_gold if s.numbered_gold else 1.0
        nr = s.names_hit / s.names_gold if s.names_gold else 1.0
        rel = s.relation_hit / s.relation_total if s.relation_total else 1.0
        lines.append(f"{s.file[:44]:44} {p:5.2f}/{r:4.2f} {nr:8.2f} {rel:6.2f} {s.header_hit}/{s.header_total:<5}")
    lines.append(
        f"{'ALL':44} {totals.numbered_precision:5.2f}/{totals.numbered_recall:4.2f} "
        f"{totals.names_recall:8.2f} {totals.relation_accuracy:6.2f} {totals.header_accuracy:7.2f}")
    return "\n".join(lines)
