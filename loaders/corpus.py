"""Walk files and folders given by a user into the list of documents to read.

Folders are walked recursively in a stable (sorted) order; only supported file types are
taken from folders, but a file named explicitly is always tried, so an unsupported one
gets its clear error instead of being silently skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from loaders.readers import SUPPORTED_SUFFIXES


def iter_documents(paths: Iterable[Path]) -> Iterator[Path]:
    """Every document under ``paths``, each once, in a stable order."""
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            found = [path]
        for item in found:
            key = item.resolve()
            if key not in seen:
                seen.add(key)
                yield item
