"""Document types: the words that name them in running text and the codes in their symbols.

Why a table: the type of a cited instrument is read either from the word before its number
(``Nghị định số 55/2009/NĐ-CP``) or, when the text says only ``văn bản số …``, from the code
inside the symbol (``NĐ`` → Nghị định). A letter's symbol has no type code
(``912/LĐTBXH-BĐG``): it is a Công văn.
"""

from __future__ import annotations

#: Type words as written in text (any case), longest first when matched, → canonical type.
TYPE_WORDS: dict[str, str] = {
    "Thông tư liên tịch": "Thông tư liên tịch",
    "Nghị quyết liên tịch": "Nghị quyết liên tịch",
    "Bộ luật": "Bộ luật",
    "Luật": "Luật",
    "Pháp lệnh": "Pháp lệnh",
    "Nghị quyết": "Nghị quyết",
    "Nghị định": "Nghị định",
    "Quyết định": "Quyết định",
    "Chỉ thị": "Chỉ thị",
    "Thông tư": "Thông tư",
    "Kế hoạch": "Kế hoạch",
    "Công văn": "Công văn",
    "Công điện": "Công điện",
    "Văn bản": "Công văn",
    "Hướng dẫn": "Hướng dẫn",
    "Tờ trình": "Tờ trình",
    "Thông báo": "Thông báo",
    "Báo cáo": "Báo cáo",
    "Kết luận": "Kết luận",
    "Quy định": "Quy định",
    "Quy chế": "Quy chế",
    "Lệnh": "Lệnh",
    "Chương trình": "Chương trình",
    "Chiến lược": "Chiến lược",
    "Đề án": "Đề án",
    "Dự án": "Dự án",
}

#: Type words that say nothing about the type: the symbol decides (``văn bản số 628/UBND-THVX``).
GENERIC_TYPE_WORDS: frozenset[str] = frozenset({"Văn bản", "Công văn"})

#: Type codes inside symbols → canonical type. ``QH11`` (a law) is handled by ``LAW_SYMBOL``.
TYPE_CODES: dict[str, str] = {
    "NĐ": "Nghị định",
    "QĐ": "Quyết định",
    "NQ": "Nghị quyết",
    "NQLT": "Nghị quyết liên tịch",
    "CT": "Chỉ thị",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "KH": "Kế hoạch",
    "HD": "Hướng dẫn",
    "TTr": "Tờ trình",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "KL": "Kết luận",
    "CĐ": "Công điện",
    "PL": "Pháp lệnh",
    "L": "Luật",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "CTr": "Chương trình",
    "ĐA": "Đề án",
}

#: Type of a document whose symbol carries no type code (``1303/BLĐTBXH-BĐG``).
LETTER_TYPE = "Công văn"

#: Header lines (upper case, alone on a line) that give the type of the document itself.
HEADER_TYPE_LINES: dict[str, str] = {
    "LUẬT": "Luật",
    "BỘ LUẬT": "Bộ luật",
    "PHÁP LỆNH": "Pháp lệnh",
    "NGHỊ QUYẾT": "Nghị quyết",
    "NGHỊ ĐỊNH": "Nghị định",
    "QUYẾT ĐỊNH": "Quyết định",
    "CHỈ THỊ": "Chỉ thị",
    "THÔNG TƯ LIÊN TỊCH": "Thông tư liên tịch",
    "THÔNG TƯ": "Thông tư",
    "KẾ HOẠCH": "Kế hoạch",
    "HƯỚNG DẪN": "Hướng dẫn",
    "THÔNG BÁO": "Thông báo",
    "BÁO CÁO": "Báo cáo",
    "TỜ TRÌNH": "Tờ trình",
    "CÔNG ĐIỆN": "Công điện",
    "CHƯƠNG TRÌNH": "Chương trình",
    "CHIẾN LƯỢC": "Chiến lược",
    "ĐỀ ÁN": "Đề án",
}

#: Head words of instruments that are often cited by name alone, with no number.
NAMED_INSTRUMENT_HEADS: tuple[str, ...] = (
    "Bộ luật",
    "Luật",
    "Pháp lệnh",
    "Chiến lược",
    "Chương trình",
    "Đề án",
    "Dự án",
    "Kế hoạch",
)
