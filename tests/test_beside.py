"""``graph.beside``: work in a thread beside this one, both finished when it returns, and
whichever failed raised here (a caller's transaction must never be rolled back under a
statement still running)."""

from __future__ import annotations

import threading
import time

import pytest

from graph.beside import beside


def test_both_run_at_once_and_both_are_done_on_return() -> None:
    started = threading.Event()
    done: list[str] = []

    def background() -> None:
        started.set()
        time.sleep(0.2)
        done.append(threading.current_thread().name)

    def foreground() -> int:
        assert started.wait(5), "the background did not start while the foreground ran"
        return 42

    assert beside(background, foreground) == 42
    assert done == ["vbgraph-beside"]  # finished, and not in this thread


def test_an_error_of_the_background_is_raised_here_once_the_foreground_is_done() -> None:
    finished: list[bool] = []

    def background() -> None:
        raise ValueError("index failed")

    def foreground() -> None:
        time.sleep(0.1)
        finished.append(True)

    with pytest.raises(ValueError, match="index failed"):
        beside(background, foreground)
    assert finished == [True]


def test_an_error_of_the_foreground_waits_for_the_background_and_wins() -> None:
    finished: list[bool] = []

    def background() -> None:
        time.sleep(0.2)
        finished.append(True)
        raise ValueError("second")

    def foreground() -> None:
        raise KeyError("first")

    with pytest.raises(KeyError, match="first"):
        beside(background, foreground)
    assert finished == [True]
