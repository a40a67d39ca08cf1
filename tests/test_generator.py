"""The scale benchmarks' corpus generator: deterministic, and shaped so that the extractor
reads from it what it wrote (numbers, citations, replacements)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from benchmarks.generate_corpus import KINDS, PROVINCES, Earlier, document, generate
from graph.facts import document_facts
from loaders.extract import extract_path, extract_text


def test_the_same_seed_writes_the_same_corpus(tmp_path: Path) -> None:
    a, b = generate(tmp_path / "a", 30, seed=5), generate(tmp_path / "b", 30, seed=5)
    assert a == b
    assert all((tmp_path / "a" / w.file).read_bytes() == (tmp_path / "b" / w.file).read_bytes() for w in a)
    assert generate(tmp_path / "c", 30, seed=6) != a
    manifest = [json.loads(line) for line in (tmp_path / "a" / "manifest.jsonl").read_text().splitlines()]
    assert [m["number"] for m in manifest] == [w.number for w in a]


def test_the_extractor_reads_what_the_generator_wrote(tmp_path: Path) -> None:
    written = generate(tmp_path, 120, seed=2)
    replacing = 0
    for w in written:
        ex = extract_path(tmp_path / w.file)
        assert ex.document.number == w.number and ex.document.date is not None, w.file
        assert ex.document.date.strftime("%d/%m/%Y") == w.issued, w.file
        found = {r.id.split("@")[0] for r in ex.references if r.id}
        assert set(w.cites) <= found, (w.file, set(w.cites) - found)
        if w.replaces:
            replacing += 1
            kinds = {(r.target.split("@")[0], r.kind) for r in document_facts(ex).relations}
            assert (w.replaces, "supersedes") in kinds, w.file
    assert replacing and len({w.number for w in written if "KH-UBND" in w.number}) < sum(
        "KH-UBND" in w.number for w in written)  # local numbers recur across provinces


def test_every_province_s_header_is_read_whole(tmp_path: Path) -> None:
    """Each province's documents keep their number, date and issuer (``Bà Rịa - Vũng Tàu, ngày
    …`` was read as undated: 900 of 100 000 generated documents got synthetic identities)."""
    written = generate(tmp_path, 1500, seed=4)
    first = {w.province: w for w in reversed(written) if KINDS[w.kind].local}
    assert set(first) == set(PROVINCES)
    for province, w in first.items():
        doc = extract_path(tmp_path / w.file).document
        assert (doc.number, doc.date and doc.date.strftime("%d/%m/%Y"), doc.synthetic_id) == (w.number, w.issued, False)
        assert doc.issuer and province in doc.issuer, (province, doc.issuer)


def test_numbers_stay_document_numbers_at_a_national_count() -> None:
    """The last documents of a two-million corpus are numbered like real ones: a serial past
    99 999 is refused by the extractor, and 1M generated documents lost most citations so."""
    rng, earlier = random.Random(1), Earlier()
    for index in range(1_999_000, 1_999_400):
        written, text = document(rng, index, 2_000_000, earlier)
        earlier.add(written)
        assert len(written.number.split("/")[0]) <= 4, written.number
        assert extract_text(text).document.number == written.number


def test_no_two_generated_documents_share_a_key() -> None:
    """Every generated document is its own instrument: a local number recurs, but not with the
    same province and day; a central one never (the graph keys a number without its year by
    itself, so two Prime Minister's decisions of one number would be refused)."""
    rng, earlier, keys = random.Random(3), Earlier(), set()
    for index in range(30_000):
        written, _ = document(rng, index, 30_000, earlier)
        earlier.add(written)
        local = KINDS[written.kind].local
        key = (written.number, written.province if local else "", written.issued if local else "")
        assert key not in keys, key
        keys.add(key)
