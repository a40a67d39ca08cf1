"""Unicode rules for Vietnamese text: one place for NFC, whitespace and diacritic folding.

Identifiers keep their diacritics (``55/2009/NĐ-CP``); only search keys are folded
(``nd-cp``), so ``ND-CP`` typed by a user still finds the decree.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
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
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its diacritics, for search keys only.

    >>> fold("Nghị định 55/2009/NĐ-CP")
    'nghi dinh 55/2009/nd-cp'
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.lower()
