"""Golden-file tests: the full extraction of each seed and the header of every bundled document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from loaders.extract import extract_path
from tests.conftest import CORPUS, SEEDS
from tests.golden import check_golden

GOLDEN = Path(__file__).resolve().parent / "fixtures" / "golden"


def _summary(path: Path) -> dict[str, Any]:
    data = extract_path(path).to_json()
    data["source"] = str(path.relative_to(CORPUS))  # golden files must not depend on the checkout
    for ref in data["references"]:
        for mention in ref["mentions"]:
            mention.pop("sentence")  # long; the quality test checks evidence
    return data


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seed_extraction_matches_golden_file(seed: Path) -> None:
    check_golden(GOLDEN / "extract" / f"{seed.stem}.json", _summary(seed))


def test_headers_of_all_bundled_documents_match_golden_file() -> None:
    headers = {
        str(p.relative_to(CORPUS)): extract_path(p).to_json()["document"]
        for p in sorted(CORPUS.rglob("*.txt"))
    }
    check_golden(GOLDEN / "headers.json", headers)
