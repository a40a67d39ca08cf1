"""The scanner for document numbers (số hiệu): find them in messy text, normalize them.

A number is ``NUMBER/YEAR/SYMBOL`` (``55/2009/NĐ-CP``), ``NUMBER/SYMBOL`` (``1241/QĐ-TTg``)
or the Party form ``NUMBER-TYPE/ORG`` (``11-NQ/TW``). Sources break them: line breaks after a
hyphen (``TTLT-\\nBTC``), a slash for a hyphen (``101/QĐ/TTg``), spaces inside a code
(``LĐT BXH``). The normalized id joins the symbol's parts with hyphens and keeps diacritics;
the source form is kept beside it, with a warning when the two differ beyond white space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from loaders.lexicon.doc_types import LETTER_TYPE, TYPE_CODES
from loaders.lexicon.issuers import CENTRAL_ISSUERS, LOCAL_ISSUERS

_UPPER = "A-ZĐÂĂÊÔƠƯ"
# One part of a symbol: upper-case letters (with '&' as in LĐ-TB&XH), an optional lower-case
# 'g'/'r' ending (TTg, TTr), optional digits (QH11); never the start of an ordinary word.
_CHUNK = rf"(?:QyĐ|[{_UPPER}][{_UPPER}&]*(?:[gr])?\d*)(?![\w])"
# Parts are joined by a hyphen or slash (white space and a line break may follow a hyphen),
# or by one space when the symbol visibly continues after the next part (LĐT BXH-BĐG).
_SEP = rf"(?:[ \t]?-\s*|[ \t]?/[ \t]?|[ ](?=[{_UPPER}][{_UPPER}&]*[-/][{_UPPER}]))"
_SYMBOL = rf"{_CHUNK}(?:{_SEP}{_CHUNK})*"

# The look-behind "not inside a word, number or path" follows the first digit, so that the
# pattern opens with ``\d`` and the engine skips straight to digits.
NUMBER_PATTERN = re.compile(
    rf"""(?P<num>\d(?<![\w/.,-]\d)\d{{0,4}}[a-z]?)
    (?:
        \s*/\s*(?P<year>(?:19|20)\d{{2}})\s*/\s*(?P<sym1>{_SYMBOL})
      | -(?P<ptype>[{_UPPER}]{{1,4}})\s*/\s*(?P<porg>[{_UPPER}]{{1,5}})(?![\w])
      | [ \t]*/[ \t]*(?P<sym2>{_SYMBOL})
    )""",
    re.VERBOSE,
)

#: What looks like a number but has more digits than any document number has: said, not read.
ABSURD_NUMBER = re.compile(rf"\d(?<![\w/.,-]\d)\d{{5,}}\s*/\s*(?:(?:19|20)\d{{2}}\s*/\s*)?{_SYMBOL}")

_PART_AND_SEP = re.compile(rf"(?P<chunk>{_CHUNK})(?P<sep>{_SEP})?")
_LAW_CODE = re.compile(r"^QH\d*$")


@dataclass(frozen=True)
class NumberToken:
    """A document number found in text, with its parts read from the symbol."""

    start: int
    end: int
    source: str
    id: str
    number: str
    year: int | None
    code_type: str | None
    issuer_codes: tuple[str, ...]
    unit_codes: tuple[str, ...]
    party: bool
    warning: str | None

    @property
    def local(self) -> bool:
        """True when the issuer is a local agency, so the number alone is no identity."""
        return bool(self.issuer_codes) and self.issuer_codes[0] in LOCAL_ISSUERS


def scan_numbers(text: str) -> list[NumberToken]:
    """Find every document number in ``text``.

    >>> [t.id for t in scan_numbers("Quyết định số 101/QĐ/TTg ngày 25/01/2024")]
    ['101/QĐ-TTg']
    """
    return [_token(m) for m in NUMBER_PATTERN.finditer(text)]


def _token(m: re.Match[str]) -> NumberToken:
    return NumberToken(m.start(), m.end(), *_read_token(*m.group(0, "num", "ptype", "porg", "year", "sym1", "sym2")))


_Read = tuple[str, str, str, int | None, str | None, tuple[str, ...], tuple[str, ...], bool, str | None]


@lru_cache(maxsize=1 << 14)
def _read_token(source: str, number: str, ptype: str | None, porg: str | None, year_text: str | None,
                sym1: str | None, sym2: str | None) -> _Read:
    """Everything of a ``NumberToken`` but its place, read once for each way a number is
    written: the same numbers recur across a corpus (``55/2009/NĐ-CP`` in thousands of
    documents). With the cache of type words (``references._canonical_type``) it saves about
    4 % of the instructions of a generated document's extraction (callgrind: 7.46 million
    without the two, 7.17 million with them)."""
    if ptype and porg:
        ident = f"{number}-{ptype}/{porg}"
        return source, ident, number, None, TYPE_CODES.get(ptype), (porg,), (), True, _differs(source, ident)
    parts = _split_symbol(sym1 or sym2 or "")
    code_type, issuers, units = _read_parts(parts)
    norm_symbol = "-".join(parts)
    ident = f"{number}/{year_text}/{norm_symbol}" if year_text else f"{number}/{norm_symbol}"
    return (source, ident, number, int(year_text) if year_text else None, code_type, issuers, units,
            False, _differs(source, ident))


def _split_symbol(symbol: str) -> tuple[str, ...]:
    """Split a symbol into its parts; a part split by one space is one part (``LĐT BXH``)."""
    parts: list[str] = []
    glue = False
    for m in _PART_AND_SEP.finditer(symbol):
        if glue and parts:
            parts[-1] += m.group("chunk")
        else:
            parts.append(m.group("chunk"))
        glue = m.group("sep") == " "
    return tuple(parts)


def _read_parts(parts: tuple[str, ...]) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """Split symbol parts into (type, issuer codes, unit codes).

    ``NĐ-CP`` → ("Nghị định", ("CP",), ()); ``LĐTBXH-BĐG`` → ("Công văn", ("LĐTBXH",), ("BĐG",));
    ``TTLT-BTC-BLĐTBXH`` → ("Thông tư liên tịch", ("BTC", "BLĐTBXH"), ()).
    """
    if len(parts) == 1 and _LAW_CODE.match(parts[0]):
        return "Luật", ("QH",), ()
    if len(parts) >= 2 and parts[0] in TYPE_CODES:
        code_type, rest = TYPE_CODES[parts[0]], parts[1:]
    else:
        code_type, rest = LETTER_TYPE, parts
    issuers = tuple(p for p in rest if _issuer_code(p) is not None)
    if not issuers and rest:
        issuers = rest[:1]
    first = rest.index(issuers[0]) if issuers else 0
    if code_type == "Thông tư liên tịch" or code_type == "Nghị quyết liên tịch":
        units: tuple[str, ...] = tuple(p for p in rest if p not in issuers)
    else:
        issuers = issuers[:1]
        units = tuple(p for i, p in enumerate(rest) if i > first)
    return code_type, tuple(_issuer_code(p) or p for p in issuers), units


def _issuer_code(part: str) -> str | None:
    """The issuer-table key of a symbol part (``QH11`` → ``QH``), or None if not an issuer."""
    if part in CENTRAL_ISSUERS or part in LOCAL_ISSUERS:
        return part
    if _LAW_CODE.match(part):
        return "QH"
    return None


def _differs(source: str, ident: str) -> str | None:
    """A warning when the source form differs from the id beyond line breaks after hyphens."""
    compact = re.sub(r"(?<=[-/])\s+|\s+(?=/)|(?<=/)\s+", "", source)
    compact = re.sub(r"\s*\n\s*", "", compact)
    if compact == ident:
        return None
    return f"number written {source!r} normalized to {ident!r}"
