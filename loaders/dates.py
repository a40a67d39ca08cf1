"""Dates as Vietnamese legal texts write them, validated.

``ngày 10/6/2009``, ``ngày 10-6-2009``, ``ngày 22 tháng 7 năm 2011`` (often broken over lines).
A date that cannot exist (31/02/2020) or lies outside the years any instrument can carry is
not a date: it is reported as a warning, never stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MIN_YEAR = 1945
MAX_YEAR = 2100

NUMERIC_DATE = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
WORDED_DATE = r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})"
DATE_PATTERN = re.compile(rf"(?:{NUMERIC_DATE}|{WORDED_DATE})(?!\d)", re.IGNORECASE)
#: A date right after a reference: ``ngày 10/6/2009`` or just ``10/6/2009``.
DATE_AFTER = re.compile(rf"\s*,?\s*(?:ngày\s+)?(?:{NUMERIC_DATE}|{WORDED_DATE})(?!\d)", re.IGNORECASE)


@dataclass(frozen=True)
class DateMatch:
    """A written date: its span, its text, and the date when it is a real one."""

    start: int
    end: int
    text: str
    value: date | None
    problem: str | None


def parse_date_match(m: re.Match[str]) -> DateMatch:
    """Turn a match of ``DATE_PATTERN``/``DATE_AFTER`` into a validated ``DateMatch``."""
    day = m.group("d") or m.group("d2")
    month = m.group("m") or m.group("m2")
    year = m.group("y") or m.group("y2")
    text = m.group(0).strip()
    value, problem = make_date(int(year), int(month), int(day))
    return DateMatch(m.start(), m.end(), text, value, problem)


def make_date(year: int, month: int, day: int) -> tuple[date | None, str | None]:
    """Build a date, or say why these numbers are not one.

    >>> make_date(2020, 2, 31)
    (None, 'impossible date 31/02/2020')
    """
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None, f"year out of range in date {day:02d}/{month:02d}/{year}"
    try:
        return date(year, month, day), None
    except ValueError:
        return None, f"impossible date {day:02d}/{month:02d}/{year}"


def date_after(text: str, pos: int, limit: int = 40) -> DateMatch | None:
    """The date written right after ``pos`` (within ``limit`` characters), if any.

    >>> date_after("55/2009/NĐ-CP ngày 10/6/2009 của", 13).value
    datetime.date(2009, 6, 10)
    """
    m = DATE_AFTER.match(text, pos, min(len(text), pos + limit))
    return parse_date_match(m) if m else None
