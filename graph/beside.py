"""Work done beside other work: SQLite in a thread while Python runs in this one.

A rebuild of the derived tables alternates Python (merging claims, the inference rule) and
statements SQLite runs alone (making indexes, filling tables from others by one
``INSERT … SELECT``). Python's ``sqlite3`` lets go of the interpreter lock while SQLite steps
a statement, so such statements run in a second thread on the second core while this thread
goes on in Python: at a million documents each is minutes of one core.

The rule that makes it safe: while the thread runs, this thread does not touch the
connection the thread uses (a connection is one caller at a time).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def beside(background: Callable[[], object], foreground: Callable[[], T]) -> T:
    """``foreground()``'s result, having run ``background()`` in a thread meanwhile. Both are
    done when this returns, whichever failed: an error of ``foreground`` is raised first, else
    one of ``background``, so a caller's transaction is never rolled back under a running
    statement."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            background()
        except BaseException as err:  # handed to the caller's thread, raised there
            failed.append(err)

    thread = threading.Thread(target=run, name="vbgraph-beside", daemon=True)
    thread.start()
    try:
        result = foreground()
    finally:
        thread.join()
    if failed:
        raise failed[0]
    return result
