"""Assemble references: each number or name found becomes a mention with its type, date,
issuer, title and relation; mentions of one instrument are grouped into one ``Reference``.

Why here and not in the scanner: the same number reads differently in context — its type
word (``Quyết định số``), its date (``ngày 10/6/2009``), its issuer (``của Bộ Tài chính``,
or ``của UBND tỉnh`` meaning the citing document's province) and the title after it, whose
cue words describe the cited instrument rather than the citing document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from loaders.agencies import match_agency_at
from loaders.dates import date_after
from loaders.identity import instrument_key
from loaders.lexicon.doc_types import GENERIC_TYPE_WORDS, TYPE_WORDS
from loaders.lexicon.issuers import CENTRAL_ISSUERS, LOCAL_ISSUERS
from loaders.lexicon.provinces import province_unit
from loaders.numbers import NumberToken

_OF = re.compile(r"\s*,?\s*(?:của|do)\s+(?:(?:Bộ\s+trưởng|Thủ\s+trưởng|Chủ\s+nhiệm|Thống\s+đốc)\s+)?")
_TITLE_END = re.compile(r"[;,]|\.(?=\s|$)|\n[ \t]*[-+•]\s|\(")


@lru_cache(maxsize=1)
def _type_word() -> re.Pattern[str]:
    words = sorted(TYPE_WORDS, key=len, reverse=True)
    alt = "|".join(r"\s+".join(re.escape(w) for w in word.split()) for word in words)
    return re.compile(rf"(?<!\w)(?P<word>{alt})(?:\s+số)?\s*[:.]?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class NumberedMention:
    """A numbered reference in context (offsets in the scan view)."""

    start: int
    end: int
    token: NumberToken
    type: str | None
    issuer: str | None
    date: date | None
    date_problem: str | None
    title: str | None
    clause_end: int

    @property
    def key(self) -> str:
        return instrument_key(self.token.id, self.issuer, self.date, self.token.local)


def read_numbered(
    view: str, token: NumberToken, next_start: int | None, province: str | None
) -> NumberedMention:
    """Read a number's type word, date, issuer and title from the text around it."""
    before = view[max(0, token.start - 40):token.start]
    tw = _type_word().search(before)
    start = token.start - (len(before) - tw.start()) if tw else token.start
    word = _canonical_type(tw.group("word")) if tw else None
    doc_type = word if word and word not in GENERIC_TYPE_WORDS else token.code_type
    if word in GENERIC_TYPE_WORDS and token.code_type in (None, "Công văn"):
        doc_type = "Công văn"
    found = date_after(view, token.end)
    pos = found.end if found else token.end
    issuer = None
    of = _OF.match(view, pos)
    if of:
        agency = match_agency_at(view, of.end(), province)
        if agency:
            issuer, pos = agency.name, agency.end
    issuer = issuer or symbol_issuer(token, province)
    limit = next_start if next_start is not None else len(view)
    stop = _TITLE_END.search(view, pos, limit)
    clause_end = stop.start() if stop else limit
    title = " ".join(view[pos:clause_end].split()) or None
    if title and (len(title) < 4 or title in ("và", "hoặc")):
        title = None
    return NumberedMention(start, token.end, token, doc_type, issuer,
                           found.value if found else None, found.problem if found else None,
                           title, clause_end)


def symbol_issuer(token: NumberToken, province: str | None) -> str | None:
    """The issuer read from the symbol alone (``TT-BTC`` → Bộ Tài chính)."""
    names = []
    for code in token.issuer_codes:
        if code in CENTRAL_ISSUERS:
            names.append(CENTRAL_ISSUERS[code])
        elif code in LOCAL_ISSUERS and province:
            names.append(LOCAL_ISSUERS[code].format(province=province_unit(province)))
    return "; ".join(dict.fromkeys(names)) or None


@lru_cache(maxsize=256)
def _canonical_type(word: str) -> str | None:
    folded = " ".join(word.split()).lower()
    for key, value in TYPE_WORDS.items():
        if key.lower() == folded:
            return value
    return None
