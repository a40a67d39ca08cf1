"""PDF files: the text layer pypdf finds, page by page.

Why refuse rather than guess: a scanned decree has no text layer, and an empty result
would read as "cites nothing"; an encrypted or truncated file would silently lose pages.
Each of these is a ``ReaderError`` whose reason says what to do (OCR it, get the password,
fetch the file again). A PDF locked only against editing (empty user password) reads as
usual, with a warning.
"""

from __future__ import annotations

import io
import logging
import struct
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, PyPdfError

from loaders.readers.source import MEDIA_PDF, ReaderError, SourceText

PDF_MAGIC = b"%PDF-"
#: A PDF ends with ``%%EOF``; writers may append a little junk, readers look this far back.
EOF_WINDOW = 4096
#: At most this many of pypdf's repair notes become warnings.
MAX_NOTES = 5
NOTE_CHARS = 200
#: Share of U+FFFD in the text layer above which a warning says so.
UNREADABLE_SHARE = 0.05
#: What pypdf raises on damaged files besides its own errors.
_DAMAGE = (
    PyPdfError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    AssertionError,
    RecursionError,
    struct.error,
    zlib.error,
)


def read_pdf(path: Path, data: bytes) -> SourceText:
    """Read a PDF's text layer, pages joined by ``"\\n"``.

    >>> read_pdf(Path("a.pdf"), b"%PDF-1.4 cut")
    Traceback (most recent call last):
    loaders.readers.source.ReaderError: a.pdf: truncated PDF (no %%EOF marker at the end)
    """
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise ReaderError(path, "truncated PDF (no %%EOF marker at the end)")
    warnings: list[str] = []
    try:
        with _pypdf_notes() as notes:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                _decrypt(path, reader)
                warnings.append("PDF is encrypted with an empty user password; read anyway")
            pages = [page.extract_text() or "" for page in reader.pages]
        warnings.extend(notes.notes[:MAX_NOTES])
    except DependencyError as exc:
        raise ReaderError(path, f"encrypted PDF needs a missing decryption library: {exc}") from exc
    except _DAMAGE as exc:
        raise ReaderError(path, f"corrupt PDF: {exc}") from exc
    if not pages:
        raise ReaderError(path, "PDF has no pages")
    text = "\n".join(pages)
    if not text.strip():
        if notes.notes:  # pypdf had to repair the file: the text was lost, not absent
            raise ReaderError(path, f"corrupt PDF, no text could be read ({notes.notes[0]})")
        raise ReaderError(path, "no text layer (scanned image?)")
    unreadable = text.count("\ufffd") / len(text)
    if unreadable > UNREADABLE_SHARE:
        warnings.append(
            f"{unreadable:.0%} of the text layer is unreadable (U+FFFD): "
            "fonts without a Unicode map, or a damaged file"
        )
    return SourceText(path, text, MEDIA_PDF, None, tuple(warnings))


def _decrypt(path: Path, reader: PdfReader) -> None:
    """Open a PDF locked with an empty user password; refuse one that needs a password."""
    if not reader.decrypt(""):
        raise ReaderError(path, "encrypted PDF (password required)")


class _PypdfNotes(logging.Handler):
    """Collect what pypdf logs while it repairs a file, to hand on as warnings.

    Only this thread's records are kept, so two documents read at once do not mix.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self._thread = threading.get_ident()
        self.notes: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        note = f"pypdf: {record.getMessage()}"[:NOTE_CHARS]
        if record.thread == self._thread and note not in self.notes:
            self.notes.append(note)


@contextmanager
def _pypdf_notes() -> Iterator[_PypdfNotes]:
    logger = logging.getLogger("pypdf")
    handler = _PypdfNotes()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
