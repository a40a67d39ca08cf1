"""How Vietnamese a decoded text looks, to choose among the 8-bit encodings.

Why: the same bytes decode without error as Windows-1258, TCVN3 and VNI, so the reader
decodes a sample each way and keeps the one whose words are Vietnamese syllables. The
right one gives ``của``, ``được``; a wrong one gives symbols (``c¸c``) or impossible
syllables (``vieọt``). Plain ASCII words read the same every way and are not counted.
Syllable shape comes from ``loaders.syllable``, frequencies from the shared lexicon
``loaders/lexicon/syllables.tsv``: nothing about Vietnamese spelling is restated here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from loaders.syllable import is_valid_syllable
from loaders.text import nfc

SYLLABLE_COUNTS = Path(__file__).resolve().parent.parent / "lexicon" / "syllables.tsv"
#: How many of the most frequent syllables with a diacritic count as strong evidence.
FREQUENT_COUNT = 500
FREQUENT_WEIGHT = 3
_WORD = re.compile(r"[^\W\d_]+")
#: Non-ASCII punctuation that Vietnamese texts in any encoding commonly hold.
_PUNCTUATION = frozenset("\u00a0“”‘’–—…«»°•·§€")


@dataclass(frozen=True)
class Score:
    """Evidence for and against a decoding; ``ratio`` is in [-1, 1], 1 meaning all for.

    >>> score_vietnamese("Luật Bình đẳng giới").ratio
    1.0
    """

    good: int
    bad: int

    @property
    def ratio(self) -> float:
        total = self.good + self.bad
        return (self.good - self.bad) / total if total else 0.0


@lru_cache(maxsize=1)
def frequent_syllables() -> frozenset[str]:
    """The ``FREQUENT_COUNT`` most frequent syllables of the lexicon that are not ASCII."""
    counted: list[tuple[int, str]] = []
    for line in SYLLABLE_COUNTS.read_text(encoding="utf-8").splitlines():
        syllable, _, count = line.partition("\t")
        if not syllable.isascii() and count.isdigit():
            counted.append((int(count), syllable))
    counted.sort(reverse=True)
    return frozenset(syllable for _, syllable in counted[:FREQUENT_COUNT])


def score_vietnamese(text: str) -> Score:
    """Count the words of ``text`` (after NFC) that look Vietnamese and those that do not.

    A frequent syllable counts ``FREQUENT_WEIGHT`` times, any other well-formed syllable
    with a diacritic once; a non-ASCII word that is no syllable, a stray combining mark or
    an odd symbol count against.

    >>> score_vietnamese("Vieät Nam")
    Score(good=0, bad=1)
    """
    text = nfc(text)
    frequent = frequent_syllables()
    good = bad = 0
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isascii():
            continue
        if word.lower() in frequent:
            good += FREQUENT_WEIGHT
        elif is_valid_syllable(word):
            good += 1
        else:
            bad += 1
    for ch in text:
        if ch.isascii() or ch.isalpha() or ch.isspace() or ch in _PUNCTUATION:
            continue
        bad += 1
    return Score(good, bad)
