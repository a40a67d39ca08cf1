"""Property tests: extraction never raises on any text; every span is in bounds and quotes
exactly the text it claims."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.extract import extract_text
from loaders.text import nfc
from tests.conftest import SEEDS

_PIECES = st.sampled_from([
    "Căn cứ ", "Nghị định số ", "55/2009/NĐ-CP", " ngày 10/6/2009", " của Chính phủ", "; ",
    "Quyết định số 101/QĐ/TTg", "Luật Bình đẳng giới", "Luật1.", "2024-20302.", "\n", "\n1\n",
    " " * 30 + "\n", "1 Nghị định 70/2008/NĐ-CP.", "Chương trình quốc gia về bình đẳng giới giai đoạn ",
    "2011-2015", "“", "”", "(Dự án 4)", "thay thế ", "đề  uất", "t nh", "KT. BỘ TRƯỞNG\n", "Số: ",
    "/SLĐTBXH-XH", "Hà Nội, ngày 31 tháng 02 năm 2999", "- ", ":", ".", "của UBND tỉnh",
])
_TEXTS = st.one_of(st.text(max_size=400), st.lists(_PIECES, max_size=40).map("".join))
_SEED_TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]


def _check_spans(text: str) -> None:
    ex = extract_text(text)
    base = nfc(text)
    for ref in ex.references:
        for m in ref.mentions:
            assert 0 <= m.start <= m.end <= len(base)
            assert base[m.start:m.end] == m.text
    for agency in ex.agencies:
        for a, b in agency.spans:
            assert 0 <= a <= b <= len(base)
    for note in ex.footnotes:
        assert 0 <= note.body[0] <= note.body[1] <= len(base)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_extraction_never_raises_and_spans_quote_the_text(text: str) -> None:
    _check_spans(text)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(_SEED_TEXTS), st.integers(0, 20000), st.integers(0, 400))
def test_spans_hold_on_cut_real_documents(text: str, start: int, length: int) -> None:
    _check_spans(text[start:start + length * 20])
