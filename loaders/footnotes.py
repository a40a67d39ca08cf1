"""Footnotes in text extracted from PDFs: bodies at page bottoms, markers glued to words.

Page-bottom footnotes come as a block after a separator line (a long run of spaces or
underscores), each body opened by its number (``1 Nghị định 70/2008/NĐ-CP …`` or ``1`` alone
on a line); the page's text resumes on a line that starts with a space. Markers are glued to
the word they annotate (``Luật1.``), to a year (``2024-20302.`` is 2030 and marker 2), stand
alone on a line, or stand between spaces. A footnote body explains the place of its marker,
so its references take the relation of the marker's sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.models import Footnote

_SEPARATOR = re.compile(r"^(?:[ \t]{15,}|[ \t]*_{5,}[ \t]*)$")
_BODY_OPEN = re.compile(r"^[ \t]?(\d{1,3})(?:[ \t]+(?=[^\s\d.])|[ \t]*$)")
_CLOSING = re.compile(r"\./\.")


@dataclass(frozen=True)
class FootnoteLayout:
    """Footnotes of one text, the spans of footnote regions and of markers (to be masked)."""

    footnotes: tuple[Footnote, ...]
    regions: tuple[tuple[int, int], ...]
    markers: tuple[tuple[int, int], ...]

    def in_body(self, pos: int) -> Footnote | None:
        for note in self.footnotes:
            if note.body[0] <= pos < note.body[1]:
                return note
        return None


@dataclass
class _Body:
    number: int
    open_at: int
    start: int
    end: int


def find_footnotes(text: str) -> FootnoteLayout:
    """Find footnote bodies and link each to its marker.

    >>> text = "thi hành Luật1. Hết.\\n" + " " * 20 + "\\n1 Nghị định 70/2008/NĐ-CP.\\n"
    >>> [(n.number, text[n.marker[0] - 4:n.marker[1]]) for n in find_footnotes(text).footnotes]
    [(1, 'Luật1')]
    """
    bodies, regions = _bodies(text)
    footnotes: list[Footnote] = []
    markers: list[tuple[int, int]] = []
    after = 0
    for body in bodies:
        marker = _marker(text, body.number, after, body.open_at, regions)
        if marker:
            markers.append(marker)
            after = marker[1]
        footnotes.append(Footnote(body.number, marker, (body.start, body.end)))
    return FootnoteLayout(tuple(footnotes), tuple(regions), tuple(markers))


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _bodies(text: str) -> tuple[list[_Body], list[tuple[int, int]]]:
    """Walk the lines: separators open a region, numbered lines open bodies in sequence."""
    lines = _lines(text)
    closing = _CLOSING.search(text)
    bodies: list[_Body] = []
    regions: list[tuple[int, int]] = []
    region_start: int | None = None
    expected, pending_number = 1, False
    for pos, line in lines:
        if _SEPARATOR.match(line):
            if region_start is None:
                region_start = pos
            continue
        opened = _BODY_OPEN.match(line)
        starts_body = bool(opened) and int(opened.group(1)) == expected if opened else False
        after_close = closing is not None and pos >= closing.end()
        if starts_body and opened and (region_start is not None or after_close):
            if region_start is None:
                region_start = pos
            body_start = pos + opened.end()
            pending_number = body_start >= pos + len(line.rstrip())
            bodies.append(_Body(expected, pos, body_start, pos + len(line)))
            expected += 1
            continue
        if region_start is None:
            continue
        if not line.strip():
            continue
        if not bodies or bodies[-1].open_at < region_start:
            region_start = None  # a separator not followed by a footnote: decoration
            continue
        if line[:1] in " \t" and not pending_number:
            regions.append((region_start, pos))
            region_start = None
            continue
        pending_number = False
        if bodies:
            bodies[-1].end = pos + len(line)
    if region_start is not None:
        regions.append((region_start, len(text)))
    for body in bodies:
        while body.start < body.end and text[body.start].isspace():
            body.start += 1
        body.end = _trim_end(text, body.start, body.end)
    return bodies, regions


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _marker(
    text: str, number: int, after: int, before: int, regions: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The marker of footnote ``number`` between ``after`` and ``before``, outside regions.

    Kinds, strongest first: alone on a line or glued to a word; glued to a year;
    between spaces. Within a kind, the one nearest the body wins.
    """
    n = str(number)
    kinds = (
        rf"(?m)^[ \t]*({n})[ \t]*$|(?<=[^\W\d_]|[”\")])({n})(?=[\s.,;:)]|$)",
        rf"(?<=[-–]|\s)(?:19|20)\d\d({n})(?=[\s.,;:)]|$)",
        rf"(?<=\d|[^\W\d_])[ \t]({n})(?=[ \t]+[a-zđ]|[.,;]|\s*$)",
    )
    for pattern in kinds:
        found = [
            (m.start(g), m.end(g))
            for m in re.finditer(pattern, text[:before])
            for g in range(1, (m.lastindex or 0) + 1)
            if m.group(g) is not None and m.start(g) >= after
        ]
        found = [f for f in found if not any(a <= f[0] < b for a, b in regions)]
        if found:
            return found[-1]
    return None
