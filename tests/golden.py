"""Golden files: compare a JSON-able value with a committed file and show a readable diff.

Set ``VBGRAPH_UPDATE_GOLDEN=1`` to rewrite the files after a deliberate change; review the
diff in git before committing it.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

import pytest


def check_golden(path: Path, value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if os.environ.get("VBGRAPH_UPDATE_GOLDEN") == "1" or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if os.environ.get("VBGRAPH_UPDATE_GOLDEN") != "1":
            pytest.fail(f"golden file {path} was missing and has been written; review and commit it")
        return
    expected = path.read_text(encoding="utf-8")
    if expected != text:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), text.splitlines(keepends=True),
            fromfile=f"{path.name} (golden)", tofile=f"{path.name} (now)", n=2))
        pytest.fail(f"output differs from golden file {path}:\n{diff}")
