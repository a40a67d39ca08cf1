"""Unicode rules for Vietnamese text: one place for NFC, whitespace and diacritic folding.

Identifiers keep their diacritics (``55/2009/NĐ-CP``); only search keys are folded
(``nd-cp``), so ``ND-CP`` typed by a user still finds the decree.
"""

from __future__ import annotations

import re
import unicodedata

_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the only form stored or compared.

    >>> nfc("Nghi\u0323 đi\u0323nh") == "Nghị định"
    True
    """
    return unicodedata.normalize("NFC", text)


def collapse_spaces(text: str) -> str:
    """Collapse every run of white space (line breaks included) into one space and strip.

    >>> collapse_spaces(" Luật Bình\\n đẳng  giới ")
    'Luật Bình đẳng giới'
    """
    return " ".join(text.split())  # ``str.split`` splits on exactly what ``\s`` matches


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its diacritics, for search keys only.

    Text in the Latin and Vietnamese ranges is folded with one ``str.translate`` (its
    letters decompose each on its own); anything else takes the general path.

    >>> fold("Nghị định 55/2009/NĐ-CP")
    'nghi dinh 55/2009/nd-cp'
    """
    if text.isascii():
        return text.lower()
    if _FOLD_RANGES.fullmatch(text):
        return text.translate(_FOLD_TABLE).lower()
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.lower()


def _strip_marks(ch: str) -> str:
    decomposed = unicodedata.normalize("NFD", ch.translate(_FOLD_EXTRA))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def _fold_table(ranges: list[tuple[int, int]]) -> dict[int, str]:
    """``_strip_marks`` of each character in ``ranges``, for the ones it changes.

    Folding a string character by character equals folding it whole (NFD, then dropping
    marks) when NFD reorders nothing but marks that are dropped anyway: every character
    these ranges decompose into that has a combining class is a mark (Mn).
    """
    table = {}
    for lo, hi in ranges:
        for ch in map(chr, range(lo, hi + 1)):
            decomposed = unicodedata.normalize("NFD", ch)
            if any(unicodedata.combining(c) and unicodedata.category(c) != "Mn" for c in decomposed):
                raise ValueError(f"U+{ord(ch):04X} decomposes into a combining character that is no mark")
            folded = _strip_marks(ch)
            if folded != ch:
                table[ord(ch)] = folded
    return table


#: ASCII, Latin-1 and Latin Extended-A/B, combining diacritics, Latin Extended Additional (the
#: Vietnamese letters), general punctuation.
_RANGES = [(0x0, 0x24F), (0x300, 0x36F), (0x1E00, 0x1EFF), (0x2000, 0x206F)]
_FOLD_RANGES = re.compile("[" + "".join(rf"\u{lo:04x}-\u{hi:04x}" for lo, hi in _RANGES) + "]*")
_FOLD_TABLE = _fold_table(_RANGES)
