"""Property tests: extraction never raises on any text; every span is in bounds and quotes
exactly the text it claims."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.extract import extract_text, mask
from loaders.text import collapse_spaces, fold, nfc
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


@given(st.text(alphabet="ab \n\t", max_size=40).flatmap(lambda t: st.tuples(
    st.just(t), st.lists(st.tuples(st.integers(0, len(t)), st.integers(0, len(t))), max_size=6))))
def test_mask_blanks_every_character_of_the_spans_but_line_breaks(case: tuple[str, list[tuple[int, int]]]) -> None:
    text, spans = case
    hidden = {i for a, b in spans for i in range(a, b)}
    assert mask(text, spans) == "".join(" " if i in hidden and ch != "\n" else ch for i, ch in enumerate(text))


_VIETNAMESE = st.text(alphabet=st.sampled_from("aăâđeêioôơuưyAĂÂĐEÊIOÔƠƯY ΣıİſK\u0301\u0300\u0303\u0309\u0323\u1680"))


@given(st.one_of(st.text(), _VIETNAMESE))
def test_fold_and_collapse_spaces_equal_their_plain_definitions(text: str) -> None:
    stripped = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    assert fold(text) == "".join(ch for ch in stripped if unicodedata.category(ch) != "Mn").lower()
    assert collapse_spaces(text) == re.sub(r"\s+", " ", text).strip()
