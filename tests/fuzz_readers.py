"""Coverage-guided fuzzing (atheris, libFuzzer) of the readers and the extractor.

Any bytes, under any supported name, must read as text or fail with a ``ReaderError``, and
the text must extract with every span inside it. Run by ``tests/test_fuzz.py`` for a bounded
number of inputs; longer by hand:

    python tests/fuzz_readers.py -runs=200000 -max_len=20000
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from loaders.extract import extract_text
    from loaders.readers import ReaderError, read_document

SUFFIXES = (".txt", ".html", ".pdf", ".docx")
FOLDER = Path(tempfile.mkdtemp(prefix="vbgraph-fuzz-"))


def one_input(data: bytes) -> None:
    if not data:
        return
    path = FOLDER / f"input{SUFFIXES[data[0] % len(SUFFIXES)]}"
    path.write_bytes(data[1:])
    try:
        text = read_document(path).text
    except ReaderError as err:
        assert err.reason and str(path) in str(err)
        return
    ex = extract_text(text)
    for ref in ex.references:
        for m in ref.mentions:
            assert 0 <= m.start <= m.end <= len(text), (m.start, m.end, len(text))


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
