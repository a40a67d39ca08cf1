"""Shared fixtures: the bundled corpus and the gold labels."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
GOLD = Path(__file__).resolve().parent / "fixtures" / "gold"
SEEDS = sorted((CORPUS / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS
