"""What every reader returns, and the one error every reader raises.

Why a module of its own: the format readers (``plain``, ``pdf``, ``docx``, ``html``) and
the dispatcher in ``__init__`` all build these, and none of them should import another.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MEDIA_TEXT = "text/plain"
MEDIA_PDF = "application/pdf"
MEDIA_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MEDIA_HTML = "text/html"


@dataclass(frozen=True)
class SourceText:
    """A document's text as read, in Unicode NFC, with where it came from.

    Extraction indexes ``text`` (a ``Mention`` span is a slice of it), so the readers settle
    every Unicode and line-ending question here, once. ``encoding`` is set for plain-text
    files only (``"utf-8"``, ``"utf-8-sig"``, ``"utf-16"``, ``"cp1258"``, ``"tcvn3"``,
    ``"vni"``); ``warnings`` says what was repaired or guessed on the way.

    >>> SourceText(Path("a.txt"), "Luật Bình đẳng giới", MEDIA_TEXT, "utf-8").encoding
    'utf-8'
    """

    path: Path
    text: str
    media_type: str
    encoding: str | None
    warnings: tuple[str, ...] = ()


class ReaderError(Exception):
    """A document that cannot be read, with the reason in words a legal officer can act on.

    >>> str(ReaderError(Path("a.pdf"), "encrypted PDF (password required)"))
    'a.pdf: encrypted PDF (password required)'
    """

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
