"""Sentences and list items in text extracted from PDFs, where line breaks mean little.

PDF text breaks lines mid-sentence and often puts a blank line after every line, so line
breaks are not boundaries. Boundaries are: a full stop (or ``./.``, ``;`` ending a list
item) followed by a new sentence, and a line that opens a list item (``- ``, ``+ ``, ``1. ``,
``a) ``). A list item with no cue of its own takes the cue of its lead-in, the sentence ending
in ``:`` above it. The header block is no sentence: a table cell border (a line of ``|``), a
rule (``-------``) and the end of an upper-case title line followed by ordinary text are
boundaries too, so the evidence quoted for a title's citation is the title, not the header.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

# Possessive ``[ \t]*+``: what follows it is never a space or tab, so giving them back can
# never help, and the footnote view is nearly all blanks.
_ITEM_START = re.compile(r"\n[ \t]*+(?:[-+•–]\s|\d{1,2}\.\s|[a-zđ]\)\s|[IVX]{1,4}\.\s)")
_OPENS_ITEM = re.compile(r"[ \t]*+(?:[-+•–]\s|\d{1,2}\.\s|[a-zđ]\)\s)")
_HEADING = re.compile(r"(?:\d{1,2}|[IVX]{1,4})\.\s")
# A full stop and the blanks after it, when a new sentence starts there; or ``./.``. The
# match ends where the next segment starts; starting at the stop lets the scan skip to stops.
_SENTENCE_END = re.compile(r"[.!?…](?:\s+(?=[A-ZĐÀ-Ỹ\d\"“(])|(?<=\./\.))")
_RULE_LINE = re.compile(r"(?m)^[ \t]*+(?:\||-{3,}|_{3,}|={3,})[ \t]*$")


@dataclass(frozen=True)
class Segment:
    """A sentence or list item: its span and whether it opens with a list marker."""

    start: int
    end: int
    is_item: bool


class Sentences:
    """The segmentation of one text, with fast lookup of the segment around an offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        cuts = {0, len(text)}
        item_starts: set[int] = set()
        for m in _ITEM_START.finditer(text):
            cuts.add(m.start() + 1)
            item_starts.add(m.start() + 1)
        for m in _SENTENCE_END.finditer(text):
            cuts.add(m.end())
        for m in _RULE_LINE.finditer(text):
            cuts.update((m.start(), m.end()))
        cuts.update(_title_ends(text))
        ordered = sorted(cuts)
        self.segments = [
            Segment(a, b, a in item_starts or _opens_item(text, a))
            for a, b in itertools.pairwise(ordered)
            if b > a
        ]
        self._starts = [s.start for s in self.segments]

    def index_at(self, pos: int) -> int:
        """Index of the segment that contains ``pos``."""
        return max(0, bisect.bisect_right(self._starts, pos) - 1)

    def at(self, pos: int) -> Segment:
        """The segment that contains ``pos``."""
        return self.segments[self.index_at(pos)]

    def lead_in(self, index: int, reach: int = 60) -> Segment | None:
        """The lead-in of the list item at ``index``: the nearest earlier segment ending in ':'.

        The walk stops at a numbered heading that is not a lead-in: a new section begins there.
        """
        for j in range(index - 1, max(-1, index - 1 - reach), -1):
            seg = self.segments[j]
            body = self.text[seg.start:seg.end].strip()
            if body.endswith(":"):
                return seg
            if _HEADING.match(body):
                return None
        return None


def _title_ends(text: str) -> list[int]:
    """Offsets just after an upper-case line (a title) that ordinary text follows."""
    out = []
    pos = 0
    lines = text.split("\n")
    for line, following in itertools.pairwise(lines):
        pos += len(line) + 1
        body, nxt = line.strip(), following.lstrip()
        if (len(body) >= 6 and len(nxt) > 1 and nxt[0].isupper() and nxt[1].islower()
                and body == body.upper() and any(c.isalpha() for c in body)):
            out.append(pos)
    return out


def _opens_item(text: str, pos: int) -> bool:
    return bool(_OPENS_ITEM.match(text, pos, pos + 6))
