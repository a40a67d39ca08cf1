"""Dates are validated; relations come from cue words, scoped to clauses and list items."""

from __future__ import annotations

from datetime import date

from loaders.dates import make_date
from loaders.extract import extract_text


def test_impossible_date_is_refused() -> None:
    assert make_date(2020, 2, 31) == (None, "impossible date 31/02/2020")
    assert make_date(2999, 1, 1)[0] is None


def test_invalid_date_after_number_is_a_warning_not_a_fact() -> None:
    ex = extract_text("Căn cứ Nghị định số 55/2009/NĐ-CP ngày 31/02/2009 của Chính phủ.")
    (ref,) = ex.references
    assert ref.date is None
    assert any("impossible date 31/02/2009" in w for w in ex.warnings)


def _relations(text: str) -> dict[str, str]:
    return {(r.id or r.name or ""): r.relation for r in extract_text(text).references}


def test_can_cu_is_based_on_and_words_in_titles_do_not_count() -> None:
    rel = _relations(
        "Căn cứ Quyết định số 1241/QĐ-TTg ngày 22/7/2011 của Thủ tướng Chính phủ phê duyệt "
        "Chương trình quốc gia về bình đẳng giới giai đoạn 2011-2015, công văn số 1275/LĐTBXH-BĐG "
        "ngày 25/4/2012 về việc hướng dẫn thực hiện Chương trình.")
    assert rel["1241/QĐ-TTg"] == "based_on"
    assert rel["1275/LĐTBXH-BĐG"] == "based_on"


def test_replacement_and_repeal_cues() -> None:
    rel = _relations(
        "Nghị định này có hiệu lực từ ngày 15 tháng 02 năm 2022 và thay thế Nghị định số "
        "55/2009/NĐ-CP ngày 10 tháng 6 năm 2009 của Chính phủ. Bãi bỏ Thông tư số "
        "191/2009/TT-BTC ngày 01/10/2009 của Bộ Tài chính.")
    assert rel == {"55/2009/NĐ-CP": "supersedes", "191/2009/TT-BTC": "repeals"}


def test_cues_are_quoted_as_written_and_found_where_lowering_changes_the_length() -> None:
    """Cues are searched in the text lowered; the cue quoted is the text's own. ``İ`` lowers to
    two characters, so such a text is searched with case ignored, at the right offsets."""
    for text in ("THAY THẾ Nghị định số 55/2009/NĐ-CP ngày 10/6/2009.",
                 "İ. Căn cứ Nghị định số 55/2009/NĐ-CP ngày 10/6/2009; bãi bỏ Thông tư số 191/2009/TT-BTC."):
        refs = {r.id: r for r in extract_text(text).references}
        first = refs["55/2009/NĐ-CP"].mentions[0]
        assert (first.relation, first.cue) == (("supersedes", "THAY THẾ") if text[0] == "T" else ("based_on", "Căn cứ"))
        if text[0] == "İ":
            assert refs["191/2009/TT-BTC"].mentions[0].cue == "bãi bỏ"
            assert refs["191/2009/TT-BTC"].relation == "repeals"


def test_proposed_amendment_is_not_an_amendment() -> None:
    rel = _relations("Đề xuất sửa đổi, bổ sung Luật Bình đẳng giới cho phù hợp.")
    assert rel["Luật Bình đẳng giới"] == "cites"


def test_gender_based_violence_is_not_a_legal_basis() -> None:
    rel = _relations("Phòng ngừa bạo lực trên cơ sở giới theo Kế hoạch số 5/KH-UBND ngày 1/2/2022.")
    assert rel["5/KH-UBND"] == "cites"


def test_local_issuer_takes_the_province_of_the_citing_document() -> None:
    ex = extract_text(
        "ỦY BAN NHÂN DÂN\nTỈNH BÌNH ĐỊNH\nSố: 12/UBND-VX\nBình Định, ngày 2 tháng 3 năm 2023\n"
        "Thực hiện Kế hoạch số 41/KH-UBND ngày 28/03/2021 của UBND tỉnh về bình đẳng giới.")
    (ref,) = ex.references
    assert ref.issuer == "Ủy ban nhân dân tỉnh Bình Định"
    assert ref.date == date(2021, 3, 28)
    assert ref.local


def test_letters_without_header_get_distinct_stable_synthetic_ids() -> None:
    from tests.conftest import SEEDS

    ids = [extract_text(p.read_text(encoding="utf-8")).document.id for p in SEEDS[:3:2]]
    assert ids[0] != ids[1]
    assert all(i.startswith("synthetic:bo-lao-dong-thuong-binh-va-xa-hoi:undated:untitled:") for i in ids)
    again = extract_text(SEEDS[0].read_text(encoding="utf-8")).document.id
    assert again == ids[0]


def test_a_plan_citing_its_own_number_of_another_year_cites_it() -> None:
    """A province numbers its plans afresh each year (FICTIONAL plans): 7/KH-UBND of 2032
    citing 7/KH-UBND of 2031 cites another instrument; its own number in the header does not."""
    text = ("ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Số: 7/KH-UBND | Bình Định, ngày 10 tháng 03 năm 2032\nKẾ HOẠCH\nVề đào tạo nghề thử nghiệm năm 2032\n"
            "Căn cứ Kế hoạch số 7/KH-UBND ngày 05/03/2031 của Ủy ban nhân dân tỉnh Bình Định;\n"
            "Điều 1. Kế hoạch số 7/KH-UBND ngày 10/03/2032 được thực hiện từ ngày ký.\n")
    ex = extract_text(text)
    assert ex.document.number == "7/KH-UBND" and ex.document.date == date(2032, 3, 10)
    assert [(r.id, r.date, r.relation) for r in ex.references] == [("7/KH-UBND", date(2031, 3, 5), "based_on")]


def test_a_place_written_with_a_dash_keeps_the_date_line() -> None:
    """``Bà Rịa - Vũng Tàu, ngày …``: the province's name holds a dash (FICTIONAL plan); the
    document was read as undated, so every such plan got a synthetic identity."""
    ex = extract_text("ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                      "Số: 1/KH-UBND | Bà Rịa - Vũng Tàu, ngày 05 tháng 01 năm 2031\nKẾ HOẠCH\n"
                      "Về đào tạo nghề thử nghiệm năm 2031\nĐiều 1. Thực hiện từ ngày ký.\n")
    assert (ex.document.place, ex.document.date, ex.document.synthetic_id) == ("Bà Rịa - Vũng Tàu", date(2031, 1, 5),
                                                                                 False)
