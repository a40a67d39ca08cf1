"""Build the syllable and bigram tables that ``loaders.repair`` uses to restore lost letters.

Run from the repository root (re-runnable, deterministic)::

    python -m loaders.lexicon.build_syllables

It writes ``loaders/lexicon/syllables.tsv`` (``syllable<TAB>count``) and
``loaders/lexicon/bigrams.tsv`` (``first<TAB>second<TAB>count``), lower case, NFC, only
strings that ``loaders.syllable.is_valid_syllable`` accepts.

Why these sources: the repair step needs to know which syllables exist and how often
(to prefer ``tỉnh`` over ``tạnh``), and which two syllables occur side by side (to prefer
``đồng bộ`` over ``đúng bộ``). No single offline source has both, so four are merged
(the committed tables were built with underthesea 9.5.0 and wordfreq 3.1.1):

1. ``underthesea`` (PyPI, Apache-2.0), data shipped inside the wheel, read as files
   (the package is not imported, so its heavy dependencies are not needed; install it
   with ``pip install --no-deps underthesea``):
   - ``underthesea/corpus/data/Viet74K.txt``: a 74,000-entry Vietnamese word list.
     Each entry adds one to each of its syllables; each pair of adjacent syllables inside
     an entry is a bigram (weight ``DICT_WEIGHT``).
   - ``underthesea/pipeline/pos_tag/models/pos_crf_vlsp2013_20230303/test_output.txt``:
     running text (the VLSP 2013 POS test sentences as the model tagged them, ~86,000
     syllables), for syllable counts and bigrams across word boundaries.
2. ``wordfreq`` (PyPI; code Apache-2.0, data CC BY-SA 4.0), ``small`` Vietnamese list:
   web/subtitle frequencies of ~10,000 syllables, scaled to counts per million.
3. The clean documents of this repository: ``data/corpus/seeds/*.txt`` except seed 001,
   which carries the very damage the repair step is evaluated on (using it would make
   the evaluation circular), and ``data/corpus/found/*.txt``. A document that itself
   shows the lost-letter damage (``DAMAGE_LIMIT`` fragments or more) is skipped for the
   same reason: its fragments would otherwise become attested bigrams.

Every bigram seen is kept (about 90,000 rows, 1.3 MB): rare ones are the evidence that
makes a site ambiguous instead of wrongly certain (``để công`` alone would beat
``để cùng``). The syllable table has about 7,700 rows (70 KB).
"""

from __future__ import annotations

import importlib.util
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import pairwise
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``loaders`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from loaders.syllable import LETTERS, is_valid_syllable

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = Path(__file__).resolve().parent
DICT_WEIGHT = 2
WORDFREQ_SCALE = 1_000_000
DAMAGE_LIMIT = 3
HELD_OUT = ("001_",)  # the damaged seed: never a source

_PUNCT_EDGE = re.compile(r"^[^\w]*(.*?)[^\w]*$", re.DOTALL)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _syllable_runs(text: str) -> Iterator[list[str]]:
    """Runs of adjacent lower-case syllables; punctuation or a non-syllable ends a run."""
    run: list[str] = []
    for chunk in _nfc(text).split():
        match = _PUNCT_EDGE.match(chunk)
        core = match.group(1) if match else chunk
        if not is_valid_syllable(core):
            if run:
                yield run
            run = []
            continue
        if core != chunk and not chunk.startswith(core) and run:
            yield run  # leading punctuation: ``(xã`` does not follow the previous word
            run = []
        run.append(core.lower())
        if not chunk.endswith(core):
            yield run
            run = []
    if run:
        yield run


def damage_count(text: str) -> int:
    """How many tokens look like lost-letter fragments (``t nh``, ``ngu n``).

    A fragment is a non-syllable lower-case token that becomes a valid syllable when
    joined with its neighbour through one inserted letter. List markers (``điểm b``)
    rarely join that way, so clean documents score 0 or 1.
    """
    tokens = _nfc(text).split()
    count = 0
    for i, tok in enumerate(tokens):
        if not tok.isalpha() or not tok.islower() or is_valid_syllable(tok):
            continue
        pairs = []
        if i + 1 < len(tokens) and tokens[i + 1].isalpha():
            pairs.append((tok, tokens[i + 1]))
        if i > 0 and tokens[i - 1].isalpha():
            pairs.append((tokens[i - 1], tok))
        if any(is_valid_syllable(a + x + b) for a, b in pairs for x in LETTERS):
            count += 1
    return count


def _underthesea_dir() -> Path:
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("underthesea is not installed: pip install --no-deps underthesea")
    return Path(next(iter(spec.submodule_search_locations)))


def _vlsp_sentences(path: Path) -> Iterator[str]:
    words: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if words:
                yield " ".join(words)
            words = []
            continue
        words.append(line.split("\t")[0])
    if words:
        yield " ".join(words)


def _repo_documents() -> Iterator[tuple[str, str]]:
    paths = sorted((ROOT / "data/corpus/seeds").glob("*.txt"))
    paths += sorted((ROOT / "data/corpus/found").glob("*.txt"))
    for path in paths:
        if path.name.startswith(HELD_OUT):
            continue
        yield path.name, path.read_text(encoding="utf-8")


def _count_running(texts: Iterable[str], syl: Counter[str], big: Counter[tuple[str, str]]) -> None:
    for text in texts:
        for run in _syllable_runs(text):
            syl.update(run)
            big.update(pairwise(run))


def build() -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """Merge the sources into (syllable counts, bigram counts)."""
    import wordfreq  # type: ignore[import-not-found,unused-ignore]  # build-time only

    syl: Counter[str] = Counter()
    running: Counter[tuple[str, str]] = Counter()
    base = _underthesea_dir()
    _count_running(
        _vlsp_sentences(base / "pipeline/pos_tag/models/pos_crf_vlsp2013_20230303/test_output.txt"),
        syl,
        running,
    )
    docs = []
    for name, text in _repo_documents():
        damage = damage_count(text)
        if damage >= DAMAGE_LIMIT:
            print(f"skipped {name}: {damage} damage fragments", file=sys.stderr)
            continue
        docs.append(text)
    _count_running(docs, syl, running)
    print(f"documents used: {len(docs)}", file=sys.stderr)

    dict_bigrams: Counter[tuple[str, str]] = Counter()
    for entry in (base / "corpus/data/Viet74K.txt").read_text(encoding="utf-8").splitlines():
        parts = _nfc(entry).lower().replace("-", " ").split()
        if not parts or not all(is_valid_syllable(p) for p in parts):
            continue
        syl.update(set(parts))
        dict_bigrams.update(pairwise(parts))

    for word, freq in wordfreq.get_frequency_dict("vi", wordlist="small").items():
        word = _nfc(word).lower()
        if is_valid_syllable(word):
            syl[word] += max(1, round(freq * WORDFREQ_SCALE))

    bigrams = Counter(running)
    for pair in dict_bigrams:
        bigrams[pair] += DICT_WEIGHT
    return syl, bigrams


def main() -> None:
    syl, bigrams = build()
    with (OUT_DIR / "syllables.tsv").open("w", encoding="utf-8") as fh:
        for word, n in sorted(syl.items(), key=lambda kv: (-kv[1], kv[0])):
            fh.write(f"{word}\t{n}\n")
    with (OUT_DIR / "bigrams.tsv").open("w", encoding="utf-8") as fh:
        for (a, b), n in sorted(bigrams.items(), key=lambda kv: (-kv[1], kv[0])):
            fh.write(f"{a}\t{b}\t{n}\n")
    print(f"{len(syl)} syllables, {len(bigrams)} bigrams", file=sys.stderr)


if __name__ == "__main__":
    main()
