"""Headless Chromium for the explorer's tests, from Debian's packages.

A test tool's own browser download cannot work here (and should not: tests must not fetch at
run time), so Playwright drives Debian's ``chromium`` at ``/usr/bin/chromium``. ``install()``
puts it there with apt-get when it is missing and this user may (root); ``make test`` runs it
first. Without it the browser tests are skipped, saying so; CI sets
``VBGRAPH_REQUIRE_BROWSER=1`` so that there the skip is a failure.

    python -m tests.browser install
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
#: As the machine's notes advise: without the background-networking flags Chromium keeps
#: trying to reach Google's hosts on a closed network.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


class Unavailable(RuntimeError):
    """No browser can be run here, and why."""


def install() -> Path:
    """``/usr/bin/chromium``, installed with apt-get when missing and possible."""
    if CHROMIUM.exists():
        return CHROMIUM
    apt = shutil.which("apt-get")
    if apt and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in ([apt, "update", "-qq"], [apt, "install", "-y", "-qq", "chromium", "chromium-driver"]):
            done = subprocess.run(command, capture_output=True, text=True, env=env)
            if done.returncode != 0:
                raise Unavailable(f"browser tests skipped: `{' '.join(command[1:])}` failed: {done.stderr[-500:]}")
        if CHROMIUM.exists():
            return CHROMIUM
    raise Unavailable("browser tests skipped: /usr/bin/chromium not found "
                      "(sudo apt-get install chromium chromium-driver)")


if __name__ == "__main__":
    try:
        print(f"browser ready: {install()}")
    except Unavailable as err:
        print(err, file=sys.stderr)
