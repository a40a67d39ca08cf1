"""The extractor scored against hand-made gold labels (data/corpus/LABELING.md).

Thresholds from the extraction issue: numbered references recall >= 0.97 and precision
>= 0.95, name-only recall >= 0.90, relation accuracy >= 0.90; header fields >= 0.90.
The per-document table is printed (run ``pytest -s tests/test_quality.py`` to see it).
"""

from __future__ import annotations

import pytest

from loaders.evaluate import Totals, evaluate, load_gold, table
from tests.conftest import CORPUS, GOLD


@pytest.fixture(scope="module")
def totals() -> Totals:
    docs = load_gold(sorted(GOLD.glob("*.json")))
    assert len(docs) >= 20, "the quality test needs the seeds and the bundled documents"
    scores, result = evaluate(docs, CORPUS)
    print("\n" + table(scores, result))
    for s in scores:
        for miss in s.misses:
            print(f"  {s.file}: {miss}")
    return result


def test_numbered_references_recall_at_least_097(totals: Totals) -> None:
    assert totals.numbered_recall >= 0.97


def test_numbered_references_precision_at_least_095(totals: Totals) -> None:
    assert totals.numbered_precision >= 0.95


def test_name_only_references_recall_at_least_090(totals: Totals) -> None:
    assert totals.names_recall >= 0.90


def test_relation_accuracy_at_least_090(totals: Totals) -> None:
    assert totals.relation_accuracy >= 0.90


def test_header_fields_accuracy_at_least_090(totals: Totals) -> None:
    assert totals.header_accuracy >= 0.90
