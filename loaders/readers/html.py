"""HTML pages: the visible text, one line per block, with entities decoded.

Why the standard library's ``html.parser``: it is an event parser with no tree and no
recursion, so a page of 5,000 nested ``<div>`` (real exports do this) costs no stack, and
it never rejects broken markup. Script and style bodies are dropped; block elements
(``p``, ``div``, ``li``, ``tr``, ``br``, headings …) end a line, table cells are joined by
tabs, runs of white space collapse to one space except inside ``<pre>``.

>>> html_text("<p>Luật&nbsp;Bình &amp; <b>đẳng</b></p><script>x()</script><p>giới</p>")
'Luật Bình & đẳng\\ngiới'
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from pathlib import Path

from loaders.readers.plain import decode_text
from loaders.readers.source import MEDIA_HTML, ReaderError, SourceText

#: Elements whose content is not text for the reader.
HIDDEN = frozenset({"script", "style", "template", "noscript"})
#: Elements that start and end a line.
BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "legend", "li",
        "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot",
        "thead", "title", "tr", "ul",
    }
)
CELLS = frozenset({"td", "th"})
#: Bytes searched for a ``<meta charset>``, as browsers do.
META_WINDOW = 4096
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0]+")
_BREAK = "\n"
_CELL = "\t"


def read_html(path: Path, data: bytes) -> SourceText:
    """Read an HTML file: decode its bytes like a text file, then take the visible text."""
    decoded = decode_text(path, data, declared_charset(data))
    try:
        text = html_text(decoded.text)
    except (AssertionError, ValueError) as exc:  # html.parser's complaints about markup
        raise ReaderError(path, f"malformed HTML: {exc}") from exc
    return SourceText(path, text, MEDIA_HTML, None, decoded.warnings)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` near its top, if Python knows it.

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=VISCII">')
    >>> declared_charset(b'<head><meta charset="windows-1258"></head>')
    'cp1258'
    """
    match = _META_CHARSET.search(data[:META_WINDOW])
    if match is None:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


def html_text(markup: str) -> str:
    """The visible text of ``markup`` (layout in the module docstring)."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    return parser.text()


class _TextParser(HTMLParser):
    """Collect text chunks and line/cell breaks; no tree, so nesting depth is free."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._chunks: list[str] = []
        self._hidden = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in HIDDEN:  # <script/> opens nothing
            self._open(tag)
            self._close(tag)

    def handle_endtag(self, tag: str) -> None:
        self._close(tag)

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        self._chunks.append(data if self._pre else _SPACES.sub(" ", data))

    def _open(self, tag: str) -> None:
        if tag in HIDDEN:
            self._hidden += 1
        elif tag == "br":
            self._chunks.append(_BREAK)
        elif tag in BLOCKS:
            self._chunks.append(_BREAK)
            if tag == "pre":
                self._pre += 1
        elif tag in CELLS:
            self._chunks.append(_CELL)

    def _close(self, tag: str) -> None:
        if tag in HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in BLOCKS:
            self._chunks.append(_BREAK)
            if tag == "pre":
                self._pre = max(0, self._pre - 1)

    def text(self) -> str:
        """Join the chunks: trim each line and cell, drop empty lines."""
        lines = []
        for line in "".join(self._chunks).split(_BREAK):
            cells = [cell.strip(" ") for cell in line.split(_CELL)]
            joined = _CELL.join(cell for cell in cells if cell)
            if joined:
                lines.append(joined)
        return "\n".join(lines)
