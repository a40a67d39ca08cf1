"""The atheris fuzzer over the readers and the extractor, for a bounded run (hypothesis
covers the same ground in ``test_properties.py`` and ``test_readers.py``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import CORPUS, ROOT

RUNS = 400


def test_atheris_finds_no_crash_in_readers_and_extractor(tmp_path: Path) -> None:
    """A bounded run (instrumented code is slow: about 0.05 s an input here), from the seed
    letters cut to 3 000 bytes, each led by a 0 byte that picks the .txt reader."""
    for seed in sorted((CORPUS / "seeds").glob("*.txt")):
        (tmp_path / seed.name).write_bytes(b"\x00" + seed.read_bytes()[:3000])
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "fuzz_readers.py"), f"-runs={RUNS}",
                           "-max_len=3000", "-timeout=20", "-rss_limit_mb=3000", "-seed=1", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"Done {RUNS} runs" in done.stderr
