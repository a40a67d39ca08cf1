"""Document numbers: found in messy text, normalized, never altered beyond their form."""

from __future__ import annotations

import pytest

from loaders.numbers import scan_numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nghị định số 55/2009/NĐ-CP ngày 10/6/2009", "55/2009/NĐ-CP"),
        ("Quyết định số 101/QĐ/TTg ngày 25/01/2024", "101/QĐ-TTg"),
        ("Số: **418** /LĐT BXH-BĐG", "418/LĐTBXH-BĐG"),
        ("Thông tư liên tịch số 56/2012/TTLT-\n\nBTC-BLĐTBXH ngày 9/4/2012", "56/2012/TTLT-BTC-BLĐTBXH"),
        ("Nghị quyết số 11-NQ/TW ngày 24/4/2007", "11-NQ/TW"),
        ("Luật số 73/2006/QH11", "73/2006/QH11"),
        ("Kế hoạch số 41/KH-UBND ngày 28/03/2021", "41/KH-UBND"),
        ("Số: 211/LĐTBXH-BĐG V/v triển khai", "211/LĐTBXH-BĐG"),
    ],
)
def test_number_is_normalized(text: str, expected: str) -> None:
    assert [t.id for t in scan_numbers(text.replace("**", "  "))] == [expected]


def test_typo_keeps_source_form_and_warns() -> None:
    (token,) = scan_numbers("Quyết định số 101/QĐ/TTg ngày 25/01/2024")
    assert token.source == "101/QĐ/TTg"
    assert token.warning is not None and "101/QĐ/TTg" in token.warning


def test_line_break_after_hyphen_is_not_a_warning() -> None:
    (token,) = scan_numbers("56/2012/TTLT-\nBTC-BLĐTBXH")
    assert token.warning is None


@pytest.mark.parametrize(
    "text",
    ["ngày 10/6/2009", "53/63 tỉnh, thành phố", "giai đoạn 2024-20302.", "70 triệu đồng/mô hình"],
)
def test_dates_ratios_and_footnote_years_are_not_numbers(text: str) -> None:
    assert scan_numbers(text) == []


def test_symbol_parts_give_type_and_issuer() -> None:
    tokens = {t.id: t for t in scan_numbers(
        "56/2012/TTLT-BTC-BLĐTBXH; 912/LĐTBXH-BĐG; 286/QĐ-CT; 73/2006/QH11")}
    assert tokens["56/2012/TTLT-BTC-BLĐTBXH"].issuer_codes == ("BTC", "BLĐTBXH")
    assert tokens["912/LĐTBXH-BĐG"].code_type == "Công văn"
    assert tokens["912/LĐTBXH-BĐG"].unit_codes == ("BĐG",)
    assert tokens["286/QĐ-CT"].local and tokens["286/QĐ-CT"].code_type == "Quyết định"
    assert tokens["73/2006/QH11"].code_type == "Luật"


def test_header_number_with_misplaced_slash_is_read_and_warned() -> None:
    from loaders.extract import extract_text

    ex = extract_text("BỘ TƯ PHÁP\nSố: 4155QĐ/ BTP\nHà Nội, ngày 26 tháng 10 năm 2011\nQUYẾT ĐỊNH\n")
    assert ex.document.number == "4155/QĐ-BTP"
    assert ex.document.issuer == "Bộ Tư pháp"
    assert any("4155QĐ/ BTP" in w for w in ex.warnings)
