"""How users write the values they pass to the CLI and the HTTP API: one parser each, so
``--on 01/01/2015`` and ``?on=2015-01-01`` mean the same day."""

from __future__ import annotations

import re
from datetime import date

_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_date(value: str) -> date:
    """A day written ``YYYY-MM-DD`` or ``DD/MM/YYYY`` (the Vietnamese order).

    >>> parse_date("15/02/2022"), parse_date("2022-02-15")
    (datetime.date(2022, 2, 15), datetime.date(2022, 2, 15))
    >>> parse_date("31/02/2020")
    Traceback (most recent call last):
    ...
    ValueError: '31/02/2020' is not a date (YYYY-MM-DD or DD/MM/YYYY)
    """
    text = value.strip()
    try:
        m = _DMY.fullmatch(text)
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError(f"{value!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)")
