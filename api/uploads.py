"""``POST /documents``: who may write, how big, and how an upload reaches the store.

- Writes need the key the operator set in ``VBGRAPH_API_KEY``, sent as ``X-API-Key`` or
  ``Authorization: Bearer``; with no key configured the server is read-only (403 for every
  write), a missing key is 401, a wrong one 403. Keys are compared in constant time.
- The body is limited (``VBGRAPH_MAX_UPLOAD``, default 20 MB) while it streams in
  (``BodyLimit``), before the form parser spools it anywhere: a declared or actual size over
  the limit is 413.
- The client's file name is a label only (``upload:<name>`` as the document's source) and
  picks the reader by its suffix; the bytes are written to a fresh temporary directory
  under a fixed name, so no name from a client is ever a path.
- The document is read and extracted before anything is written: an unreadable file is a
  422 naming the file and the problem, and the store is untouched.
"""

from __future__ import annotations

import hmac
import re
import tempfile
import unicodedata
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from typing_extensions import TypedDict

from api.problems import (
    FORBIDDEN,
    MEDIA_TYPE,
    READ_ONLY,
    TOO_LARGE,
    UNAUTHORIZED,
    UNSUPPORTED_DOCUMENT,
    Problem,
)
from graph.ingest import Ingested
from loaders.readers import SUPPORTED_SUFFIXES

DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024
_BY_MEDIA_TYPE = {
    "text/plain": ".txt",
    "text/html": ".html",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


def check_key(configured: str | None, presented: str | None) -> None:
    """Let a write through only with the configured key."""
    if not configured:
        raise Problem(403, "Read-only server", "this server takes no writes: the operator has set no "
                      "VBGRAPH_API_KEY", READ_ONLY)
    if not presented:
        raise Problem(401, "API key required", "send the API key as X-API-Key or Authorization: Bearer",
                      UNAUTHORIZED, headers={"WWW-Authenticate": 'Bearer realm="vbgraph"'})
    if not hmac.compare_digest(configured.encode(), presented.encode()):
        raise Problem(403, "Wrong API key", "the API key is not valid for this server", FORBIDDEN)


def label(filename: str | None) -> str:
    """The client's file name made safe to show and store: the last path part, NFC, no
    control characters, at most 120 characters.

    >>> label("../../etc/passwd"), label("C:\\\\x\\\\Kế hoạch 41.pdf"), label(None)
    ('passwd', 'Kế hoạch 41.pdf', 'document')
    """
    name = re.split(r"[/\\]", filename or "")[-1]
    name = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C")
    name = name.strip().lstrip(".")[:120]
    return name or "document"


def suffix(name: str, media_type: str | None) -> str:
    """The reader to use: the name's suffix when supported, else the declared media type."""
    ext = Path(name).suffix.lower()
    if ext in SUPPORTED_SUFFIXES:
        return ext
    by_type = _BY_MEDIA_TYPE.get((media_type or "").split(";")[0].strip().lower())
    if by_type:
        return by_type
    raise Problem(415, "Unsupported document type",
                  f"{name}: send a {', '.join(sorted(SUPPORTED_SUFFIXES))} file", UNSUPPORTED_DOCUMENT)


def staged(data: bytes, ext: str) -> tempfile.TemporaryDirectory[str]:
    """A fresh private directory holding the upload as ``document<ext>``."""
    folder = tempfile.TemporaryDirectory(prefix="vbgraph-upload-")
    (Path(folder.name) / f"document{ext}").write_bytes(data)
    return folder


class UploadJSON(TypedDict):
    """What an upload added and changed: the document (its own instrument's id), whether it
    replaced an earlier version or was unchanged, relations removed and added, the
    instruments it asserts and those new to the graph, the extractor's warnings."""

    document: str
    source: str
    unchanged: bool
    replaced: bool
    relations_removed: int
    relations_added: int
    instruments: list[str]
    new_instruments: list[str]
    warnings: list[str]
    store: dict[str, int]
    file: str


def upload_json(name: str, done: Ingested, counts: dict[str, int]) -> UploadJSON:
    facts, outcome = done.facts, done.outcome
    return {
        "document": facts.document,
        "source": facts.source,
        "unchanged": outcome.unchanged,
        "replaced": done.replaced and not outcome.unchanged,
        "relations_removed": outcome.removed,
        "relations_added": outcome.added,
        "instruments": [i.key for i in facts.instruments],
        "new_instruments": list(done.added),
        "warnings": list(done.warnings),
        "store": counts,
        "file": name,
    }


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``limit`` bytes on ``paths`` with 413,
    by the declared ``Content-Length`` at once, and by counting while a body streams in."""

    def __init__(self, app: ASGIApp, limit: int, paths: tuple[str, ...] = ("/documents",)) -> None:
        self.app = app
        self.limit = limit
        self.paths = paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST" or scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            too_large = BodyTooLarge(self.limit)
            body = {"type": TOO_LARGE, "title": "Upload too large", "status": 413, "detail": too_large.detail,
                    "instance": scope["path"]}
            await JSONResponse(body, 413, media_type=MEDIA_TYPE, headers={"Connection": "close"})(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise BodyTooLarge(self.limit)
            return message

        await self.app(scope, counted, send)


class BodyTooLarge(HTTPException):
    """Raised while the body streams in; an ``HTTPException`` so that FastAPI's form parsing
    lets it through (it turns other errors into 400) to the problem handler."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the upload is over the limit of {limit} bytes")
