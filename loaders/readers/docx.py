"""Word (.docx) files: body paragraphs and tables in document order, then footnotes.

Why walk the XML rather than ``Document.paragraphs``: that list skips tables, and Vietnamese
instruments put their header (issuer, number, date: ``Số: 55/2009/NĐ-CP``) in a borderless
table; it also drops footnote marks, and consolidated texts (văn bản hợp nhất) cite their
amending instruments in footnotes. python-docx (1.2) opens the package and parses the
parts; it exposes no footnotes, so the footnotes part is found through the document's
relationships.

Layout of the text: one line per paragraph; a table row is one line with its cells
joined by tabs; a footnote mark reads ``[1]`` where it stands, numbered in the order the
marks appear; after the body come an empty line and one line per footnote, ``[1] …``.
Headers, footers, endnotes and comments are not read.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import OpcError
from docx.oxml import parse_xml

from loaders.readers.source import MEDIA_DOCX, ReaderError, SourceText

ZIP_MAGIC = b"PK\x03\x04"
#: Uncompressed size a DOCX may unpack to (images included), and its XML parts alone (parsed
#: in memory, several times their size): beyond them the file is a zip bomb, not a text.
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024
MAX_XML_BYTES = 64 * 1024 * 1024
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
#: Inline elements whose text is not part of what the reader sees.
_SKIPPED = frozenset(
    {_W + "pPr", _W + "rPr", _W + "del", _W + "moveFrom", _W + "instrText", _MC + "Fallback"}
)
_INLINE_TEXT = {_W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
#: What python-docx and zipfile raise on a damaged package.
_DAMAGE = (OpcError, zipfile.BadZipFile, zlib.error, KeyError, ValueError, SyntaxError, EOFError)


def is_docx(data: bytes) -> bool:
    """Tell whether ``data`` is a zip archive holding a Word document.

    >>> is_docx(b"PK\\x05\\x06" + bytes(18))  # an empty zip
    False
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names


def read_docx(path: Path, data: bytes) -> SourceText:
    """Read a DOCX's body, tables and footnotes (layout in the module docstring)."""
    _check_archive(path, data)
    try:
        document = docx.Document(io.BytesIO(data))
        walker = _Walker()
        lines = list(walker.blocks(document.element.body))
        notes = _footnotes(document)
    except _DAMAGE as exc:
        raise ReaderError(path, f"corrupt DOCX: {exc}") from exc
    numbered = sorted(
        (number, notes[note_id]) for note_id, number in walker.notes.items() if note_id in notes
    )
    if numbered:
        lines.append("")
        lines.extend(f"[{number}] {text}" for number, text in numbered)
    return SourceText(path, "\n".join(lines), MEDIA_DOCX, None)


def _check_archive(path: Path, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise ReaderError(path, f"corrupt or truncated DOCX: {exc}") from exc
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        raise ReaderError(path, "zip archive that is not a DOCX (no word/document.xml)")
    unzipped = sum(info.file_size for info in infos)
    xml = sum(info.file_size for info in infos if info.filename.endswith((".xml", ".rels")))
    if unzipped > MAX_UNZIPPED_BYTES or xml > MAX_XML_BYTES:
        raise ReaderError(path, f"DOCX unpacks to {unzipped} bytes, {xml} of them XML, over the limits of "
                                f"{MAX_UNZIPPED_BYTES} and {MAX_XML_BYTES} (zip bomb?)")


class _Walker:
    """Turn WordprocessingML blocks into lines, numbering footnote marks as it meets them."""

    def __init__(self) -> None:
        self.notes: dict[str, int] = {}

    def blocks(self, container: Any) -> Iterator[str]:
        """Lines of a body, table cell, content control or footnote, in order."""
        for child in container:
            if child.tag == _W + "p":
                yield self.paragraph(child)
            elif child.tag == _W + "tbl":
                yield from self.table(child)
            elif child.tag == _W + "sdt":
                content = child.find(_W + "sdtContent")
                if content is not None:
                    yield from self.blocks(content)
            elif child.tag == _W + "customXml":
                yield from self.blocks(child)

    def table(self, table: Any) -> Iterator[str]:
        """One line per row, cells joined by tabs; a merged cell's text comes once."""
        for row in table.iter(_W + "tr"):
            if row.getparent() is not table:
                continue  # rows of a nested table come with their cell
            cells = ["\n".join(self.blocks(cell)) for cell in row.findall(_W + "tc")]
            if any(cell.strip() for cell in cells):
                yield "\t".join(cells)

    def paragraph(self, paragraph: Any) -> str:
        parts: list[str] = []
        self._inline(paragraph, parts)
        return "".join(parts)

    def _inline(self, element: Any, parts: list[str]) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIPPED:
                continue
            if tag == _W + "t":
                parts.append(child.text or "")
            elif tag in _INLINE_TEXT:
                parts.append(_INLINE_TEXT[tag])
            elif tag == _W + "footnoteReference":
                note_id = child.get(_W + "id", "")
                number = self.notes.setdefault(note_id, len(self.notes) + 1)
                parts.append(f"[{number}]")
            elif tag == _W + "p":  # a paragraph inside a text box
                self._inline(child, parts)
                parts.append("\n")
            else:
                self._inline(child, parts)


def _footnotes(document: Any) -> dict[str, str]:
    """Footnote id → its text, from the part the document relates as its footnotes."""
    notes: dict[str, str] = {}
    for rel in document.part.rels.values():
        if rel.is_external or rel.reltype != RELATIONSHIP_TYPE.FOOTNOTES:
            continue
        root = parse_xml(rel.target_part.blob)
        walker = _Walker()
        for note in root.iter(_W + "footnote"):
            if note.get(_W + "type", "normal") != "normal":
                continue  # separators drawn between body and notes
            text = " ".join(line.strip() for line in walker.blocks(note) if line.strip())
            notes[note.get(_W + "id", "")] = text
    return notes
