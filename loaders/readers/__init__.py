"""Readers: a document of any supported kind → its text in Unicode NFC, or a ``ReaderError``.

Why one entry point: extraction must not care whether a decree came as a PDF, a Word file,
a web page or a text file in a pre-Unicode encoding. ``read_document`` checks the size
before reading, looks at the bytes as well as the name (a ``.txt`` that is really a PDF is
read as a PDF, with a warning), hands the bytes to the format's reader, then settles line
endings (``\\r\\n`` and ``\\r`` become ``\\n``) and NFC here, once.

>>> read_document(Path("bao_cao.xls"))  # doctest: +ELLIPSIS
Traceback (most recent call last):
loaders.readers.source.ReaderError: bao_cao.xls: unsupported file type '.xls' (supported: ...)
"""

from __future__ import annotations

import re
import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from loaders.readers.docx import ZIP_MAGIC, is_docx, read_docx
from loaders.readers.html import read_html
from loaders.readers.pdf import PDF_MAGIC, read_pdf
from loaders.readers.plain import read_plain
from loaders.readers.source import (
    MEDIA_DOCX,
    MEDIA_HTML,
    MEDIA_PDF,
    MEDIA_TEXT,
    ReaderError,
    SourceText,
)
from loaders.text import nfc

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "ReaderError",
    "SourceText",
    "read_document",
]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

Reader = Callable[[Path, bytes], SourceText]

_BY_SUFFIX: dict[str, tuple[Reader, str]] = {
    ".txt": (read_plain, MEDIA_TEXT),
    ".pdf": (read_pdf, MEDIA_PDF),
    ".docx": (read_docx, MEDIA_DOCX),
    ".html": (read_html, MEDIA_HTML),
    ".htm": (read_html, MEDIA_HTML),
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_BY_SUFFIX)

#: A PDF header may follow a little junk; readers look this far in.
PDF_HEADER_WINDOW = 1024
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NEWLINES = re.compile(r"\r\n?")


def read_document(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read the document at ``path`` into NFC text; every failure is a ``ReaderError``.

    An empty file is no error: it reads as empty text with the warning ``"empty file"``.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _BY_SUFFIX:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        kind = repr(suffix) if suffix else "(no suffix)"
        raise ReaderError(path, f"unsupported file type {kind} (supported: {supported})")
    data = _read_bytes(path, max_bytes)
    if not data:
        media_type = _BY_SUFFIX[suffix][1]
        encoding = "utf-8" if media_type == MEDIA_TEXT else None
        return SourceText(path, "", media_type, encoding, ("empty file",))
    reader, notes = _choose_reader(path, suffix, data)
    source = reader(path, data)
    text = nfc(_NEWLINES.sub("\n", source.text))
    return replace(source, text=text, warnings=(*notes, *source.warnings))


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """Read the whole file, refusing before reading one that is over ``max_bytes``."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise ReaderError(path, "not a regular file")
        if status.st_size > max_bytes:
            raise ReaderError(path, _too_big(status.st_size, max_bytes))
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise ReaderError(path, "no such file") from exc
    except OSError as exc:
        raise ReaderError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:  # the file grew after stat
        raise ReaderError(path, _too_big(len(data), max_bytes))
    return data


def _too_big(size: int, max_bytes: int) -> str:
    return f"file is {size} bytes, over the size limit of {max_bytes} bytes"


def _choose_reader(path: Path, suffix: str, data: bytes) -> tuple[Reader, tuple[str, ...]]:
    """Pick the reader the content calls for; the name only decides among text formats.

    >>> _choose_reader(Path("a.txt"), ".txt", b"%PDF-1.7 ...")[1]
    ('the content is a PDF although the name ends in .txt: read as a PDF',)
    """
    kind = _sniff(data)
    if kind == "pdf":
        return read_pdf, _misnamed(suffix, ".pdf", "a PDF")
    if kind == "zip":
        if suffix == ".docx" or is_docx(data):
            return read_docx, _misnamed(suffix, ".docx", "a DOCX")
        raise ReaderError(path, "zip archive that is not a DOCX (no word/document.xml)")
    if kind == "ole2":
        raise ReaderError(path, "legacy Office file (Word 97-2003 .doc?): save it as .docx")
    if suffix == ".pdf":
        raise ReaderError(path, "not a PDF (no %PDF- header)")
    if suffix == ".docx":
        raise ReaderError(path, "not a DOCX (not a zip archive)")
    if kind == "rtf":
        raise ReaderError(path, "RTF document, not supported: save it as .docx")
    return _BY_SUFFIX[suffix][0], ()


def _misnamed(suffix: str, proper: str, label: str) -> tuple[str, ...]:
    if suffix == proper:
        return ()
    return (f"the content is {label} although the name ends in {suffix}: read as {label}",)


def _sniff(data: bytes) -> str:
    """Name what the first bytes say the file is: pdf, zip, ole2, rtf or text."""
    if PDF_MAGIC in data[:PDF_HEADER_WINDOW]:
        return "pdf"
    if data.startswith(ZIP_MAGIC):
        return "zip"
    if data.startswith(OLE2_MAGIC):
        return "ole2"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    return "text"
