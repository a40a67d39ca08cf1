"""Vietnamese syllable structure: is a letter string a well-formed written syllable?

Why a rule-based check and not only a word list: the repair step (``loaders.repair``)
must tell a fragment left by PDF damage (``t`` of ``t nh``, ``ngu`` + ``n`` of ``ngu n``)
from a real but rare syllable, and must filter the foreign words out of the frequency
lists the lexicon is built from. Orthography is regular enough to decide that by rule:

    syllable = onset? + rhyme, rhyme = (medial) nucleus (coda), plus at most one tone mark

with the spelling constraints of the modern orthography (``k``/``gh``/``ngh`` before front
vowels, ``c``/``g``/``ng`` elsewhere, ``qu`` always with a rounded glide, stop codas
``p t c ch`` only with the sắc or nặng tone, ``yê`` without an onset, ``iê`` after one).
The check is a little permissive (it accepts some unused but pronounceable syllables);
the lexicon's frequencies, not this module, decide which syllables are *known*.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

#: Combining marks of the five written tones (huyền, sắc, ngã, hỏi, nặng).
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"

#: The 12 vowel letters and the consonant letters of the alphabet (with ``đ``).
BASE_VOWELS = "aăâeêioôơuưy"
CONSONANTS = "bcdđghklmnpqrstvx"

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"

_ONSETS = (
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
)  # fmt: skip

_RHYMES = frozenset((
    "a", "ai", "ao", "au", "ay", "am", "an", "ang", "anh", "ap", "at", "ac", "ach",
    "ăm", "ăn", "ăng", "ăp", "ăt", "ăc",
    "âu", "ây", "âm", "ân", "âng", "âp", "ât", "âc",
    "e", "eo", "em", "en", "eng", "ep", "et", "ec",
    "ê", "êu", "êm", "ên", "ênh", "êp", "êt", "êch",
    "i", "ia", "iu", "im", "in", "inh", "ip", "it", "ich",
    "iêu", "iêm", "iên", "iêng", "iêp", "iêt", "iêc",
    "yêu", "yêm", "yên", "yêt",
    "o", "oi", "om", "on", "ong", "op", "ot", "oc", "oong", "ooc",
    "ô", "ôi", "ôm", "ôn", "ông", "ôp", "ôt", "ôc",
    "ơ", "ơi", "ơm", "ơn", "ơp", "ơt",
    "u", "ua", "ui", "um", "un", "ung", "up", "ut", "uc",
    "uôi", "uôm", "uôn", "uông", "uôt", "uôc",
    "ư", "ưa", "ưi", "ưu", "ưng", "ưt", "ưc", "ưm", "ưn",
    "ươi", "ươu", "ươm", "ươn", "ương", "ươp", "ươt", "ươc",
    "y",
    "oa", "oai", "oay", "oan", "oang", "oanh", "oat", "oac", "oach", "oam", "oap",
    "oăn", "oăng", "oăt", "oăc", "oăm",
    "oe", "oeo", "oen", "oet", "oem",
    "uân", "uâng", "uât", "uây",
    "uê", "uênh", "uêch", "uên", "uêt",
    "uy", "uya", "uyu", "uynh", "uyt", "uych", "uyên", "uyêt", "uyn",
    "uơ",
))  # fmt: skip

_STOP_CODAS = ("p", "t", "c", "ch")
_FRONT = ("i", "e", "ê", "y")


def split_tone(syllable: str) -> tuple[str, str]:
    """Split a lower-case NFC syllable into (toneless base, tone mark or ``""``).

    Returns ``("", "")`` when more than one tone mark is present, so that such
    strings can never be valid.
    """
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [ch for ch in decomposed if ch in TONE_MARKS]
    if len(tones) > 1:
        return "", ""
    base = "".join(ch for ch in decomposed if ch not in TONE_MARKS)
    return unicodedata.normalize("NFC", base), (tones[0] if tones else "")


def _rhyme_ok(onset: str, rhyme: str) -> bool:
    """Whether ``rhyme`` may follow ``onset`` (both toneless, lower case)."""
    if onset == "qu":
        # ``qu`` carries the rounded glide: ``qua`` ~ ``hoa``, ``quân`` ~ ``huân``.
        if not rhyme or (rhyme[0] in "uưoô" and not rhyme.startswith("ôc")):
            return False
        return ("u" + rhyme) in _RHYMES or ("o" + rhyme) in _RHYMES
    if onset == "gi":
        # The ``i`` of ``gi`` may merge with the rhyme's own ``i`` (``giếng`` = gi + iêng).
        return rhyme in _RHYMES or ("i" + rhyme) in _RHYMES
    if rhyme not in _RHYMES:
        return False
    if rhyme.startswith("yê"):
        return onset == ""
    if rhyme.startswith("iê") and onset == "":
        return False
    first = rhyme[0]
    if onset in ("k", "gh", "ngh"):
        return first in _FRONT
    if onset in ("c", "ng"):
        return first not in _FRONT
    if onset == "g":
        # ``gì``, ``gìn`` are ``gi`` + ``i``; ``ge`` / ``gê`` are not Vietnamese.
        return first not in ("e", "ê", "y")
    return True


@lru_cache(maxsize=65536)
def is_valid_syllable(word: str) -> bool:
    """Whether ``word`` (any case, NFC) is a well-formed Vietnamese written syllable.

    >>> [is_valid_syllable(w) for w in ("tính", "Đồng", "nguồn", "xuất", "quốc", "giếng")]
    [True, True, True, True, True, True]
    >>> [is_valid_syllable(w) for w in ("t", "nh", "ngu n", "ph", "đng", "cá́")]
    [False, False, False, False, False, False]
    """
    lower = word.lower()
    if not lower or not lower.isalpha():
        return False
    base, tone = split_tone(lower)
    if not base:
        return False
    for onset in (*_ONSETS, ""):
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset) :]
        if onset == "gi" and rhyme == "":
            ok = True  # ``gì``: the ``i`` of ``gi`` is the nucleus
        elif not rhyme:
            continue
        else:
            ok = _rhyme_ok(onset, rhyme)
        # Stop-final syllables carry sắc or nặng, never another tone or none.
        if ok and (not rhyme.endswith(_STOP_CODAS) or tone in ("\u0301", "\u0323")):
            return True
    return False


def _all_letters() -> tuple[str, ...]:
    """Every lower-case letter of the alphabet, vowels in all six tones."""
    letters = list(CONSONANTS)
    for vowel in BASE_VOWELS:
        letters.append(vowel)
        letters.extend(unicodedata.normalize("NFC", vowel + mark) for mark in TONE_MARKS)
    return tuple(letters)


#: The 17 consonant letters and 12 vowels × 6 tones: what a lost character may have been.
LETTERS: tuple[str, ...] = _all_letters()


@dataclass(frozen=True)
class Lexicon:
    """Syllable counts and bigram counts (``"a b"`` keys), lower case NFC."""

    syllables: dict[str, int]
    bigrams: dict[str, int]
    _fills: dict[tuple[str, str, bool], tuple[str, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def fills(self, left: str, right: str, bare: bool) -> tuple[str, ...]:
        """Letters ``x`` (lower case) with ``left + x + right`` a known valid syllable.

        ``bare`` admits the empty letter too. Cached: the same fragments recur.
        """
        key = (left.lower(), right.lower(), bare)
        found = self._fills.get(key)
        if found is None:
            a, b = key[0], key[1]
            found = tuple(
                x for x in (("", *LETTERS) if bare else LETTERS)
                if (a + x + b) in self.syllables and is_valid_syllable(a + x + b)
            )  # fmt: skip
            self._fills[key] = found
        return found

    def bigram(self, first: str | None, second: str | None) -> int:
        if first is None or second is None:
            return 0
        return self.bigrams.get(f"{first} {second}", 0)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read the committed tables once (built by ``loaders/lexicon/build_syllables.py``)."""
    syllables: dict[str, int] = {}
    for line in (LEXICON_DIR / "syllables.tsv").read_text(encoding="utf-8").splitlines():
        word, count = line.split("\t")
        syllables[word] = int(count)
    bigrams: dict[str, int] = {}
    for line in (LEXICON_DIR / "bigrams.tsv").read_text(encoding="utf-8").splitlines():
        first, second, count = line.split("\t")
        bigrams[f"{first} {second}"] = int(count)
    return Lexicon(syllables, bigrams)
