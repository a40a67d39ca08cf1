"""Identity of instruments: one rule for the keys the graph stores.

A central number is an identity by itself (``55/2009/NĐ-CP``). A local number repeats across
provinces (``41/KH-UBND``), so its key adds the issuer and the date. A document whose number
is blank gets a synthetic key from issuer, date and subject, marked as such.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from functools import lru_cache

from loaders.text import fold

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 12)
def slug(text: str, limit: int = 60) -> str:
    """A stable ASCII slug (diacritics folded) for keys; kept for the issuers and names that
    recur across documents (the key of every local instrument cited holds its issuer's).

    >>> slug("Ủy ban nhân dân tỉnh Bình Định")
    'uy-ban-nhan-dan-tinh-binh-dinh'
    """
    return _NON_ALNUM.sub("-", fold(text)).strip("-")[:limit].rstrip("-")


def instrument_key(number: str, issuer: str | None, issued: date | None, local: bool) -> str:
    """The graph key of a numbered instrument.

    >>> instrument_key("41/KH-UBND", "Ủy ban nhân dân tỉnh Bình Định", date(2021, 3, 28), True)
    '41/KH-UBND@uy-ban-nhan-dan-tinh-binh-dinh@2021-03-28'
    """
    if not local:
        return number
    return "@".join([number, slug(issuer) if issuer else "unknown", issued.isoformat() if issued else "undated"])


def synthetic_key(issuer: str | None, when: str | None, title: str | None, fingerprint: str) -> str:
    """The key of a document whose number is blank: issuer, date (or month) and subject.

    When the text gives neither date nor subject (a letter copied without its header), those
    three cannot tell two letters of one ministry apart, so a fingerprint of the text is added.

    >>> synthetic_key("Bộ Tài chính", "2024-04", "hướng dẫn công tác", "ab12")
    'synthetic:bo-tai-chinh:2024-04:huong-dan-cong-tac'
    >>> synthetic_key("Bộ Tài chính", None, None, "ab12")
    'synthetic:bo-tai-chinh:undated:untitled:ab12'
    """
    parts = [slug(issuer) if issuer else "unknown", when or "undated", slug(title or "untitled")]
    if not when and not title:
        parts.append(fingerprint)
    return "synthetic:" + ":".join(parts)


def text_fingerprint(text: str) -> str:
    """A short, stable fingerprint of a text (NFC, white space collapsed)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]
