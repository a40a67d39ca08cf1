"""Entry into force, as a document states it about itself.

Vietnamese instruments end with an article such as ``Quyết định này có hiệu lực kể từ ngày
ký`` or ``Nghị định này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2022``. The subject
``… này`` ("this …") is what makes it the document's own date and not another's; a date
counted from signing (``sau 45 ngày kể từ ngày ký``) is computed from the date issued only
when that date is known, and the sentence is kept as evidence either way.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from loaders.dates import NUMERIC_DATE, WORDED_DATE, make_date
from loaders.lexicon.doc_types import TYPE_WORDS
from loaders.models import EntryIntoForce
from loaders.sentences import Sentences
from loaders.text import collapse_spaces

_SUBJECT = "|".join(sorted((re.escape(w) for w in TYPE_WORDS), key=len, reverse=True))
_FROM = r"(?:thi\s+hành\s+)?(?:kể\s+)?(?:từ|từ\s+ngày|kể\s+từ)\s*"
_EFFECT = re.compile(
    rf"(?:{_SUBJECT})\s+này\s+có\s+hiệu\s+lực\s+"
    rf"(?:(?P<after>sau\s+(?P<days>\d{{1,3}})\s+ngày\s+)?{_FROM}"
    rf"(?:ngày\s+)?(?:(?P<signing>ký|ban\s+hành)|(?:{NUMERIC_DATE}|{WORDED_DATE})))",
    re.IGNORECASE,
)
#: The words every statement holds; the subject, at most ``_LONGEST_SUBJECT`` characters,
#: ends at the blanks before them.
_ANCHOR = re.compile(r"này\s+có\s+hiệu\s+lực", re.IGNORECASE)
_LONGEST_SUBJECT = max(len(w) for w in TYPE_WORDS)


def find_entry_into_force(
    text: str, issued: date | None, sentences: Sentences | None = None
) -> EntryIntoForce | None:
    """The last ``… này có hiệu lực …`` statement in ``text`` (the final article), if any.

    >>> e = find_entry_into_force("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", date(2021, 5, 21))
    >>> e.on, e.rule
    (datetime.date(2021, 5, 21), 'on signing')
    >>> find_entry_into_force("Nghị định này có hiệu lực thi hành từ ngày 01 tháng 8 năm 2009.", None).on
    datetime.date(2009, 8, 1)
    """
    m = _last_statement(text)
    if m is None:
        return None
    segment = (sentences or Sentences(text)).at(m.start())
    sentence = collapse_spaces(text[segment.start:max(segment.end, m.end())])
    if m.group("signing"):
        if m.group("after"):
            days = int(m.group("days"))
            on = issued + timedelta(days=days) if issued else None
            return EntryIntoForce(on, f"{days} days after signing", sentence, m.start(), m.end())
        return EntryIntoForce(issued, "on signing", sentence, m.start(), m.end())
    day = m.group("d") or m.group("d2")
    month = m.group("m") or m.group("m2")
    year = m.group("y") or m.group("y2")
    on, _problem = make_date(int(year), int(month), int(day))
    return EntryIntoForce(on, "stated", sentence, m.start(), m.end())


def _last_statement(text: str) -> re.Match[str] | None:
    """The last match of ``_EFFECT.finditer(text)``, without running the pattern's long
    alternation of subjects at every offset of the text.

    A match starts at most ``_LONGEST_SUBJECT`` characters before the blanks ahead of an
    anchor. The windows before successive anchors are tried in order, each offset once, and
    the scan resumes after each match, as ``finditer`` would.
    """
    found = None
    pos = 0
    for anchor in _ANCHOR.finditer(text):
        end = anchor.start()
        while end > 0 and text[end - 1].isspace():
            end -= 1
        for start in range(max(pos, end - _LONGEST_SUBJECT), end):
            m = _EFFECT.match(text, start)
            if m:
                found, pos = m, m.end()
                break
        else:
            pos = max(pos, end)
    return found
