"""Agencies: canonical names, the abbreviations texts use for them, and their level.

``Bộ LĐTBXH``, ``Bộ Lao động - TB và XH`` and ``Bộ Lao động - Thương binh và Xã hội`` are one
agency. Local agencies carry ``{province}``: ``Sở LĐTBXH`` in a Tuyên Quang letter is the
Sở of Tuyên Quang. Patterns are plain text; white space inside them matches any white space.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AgencyEntry:
    """One agency: its canonical name, the forms texts use, its level and parent."""

    name: str
    forms: tuple[str, ...]
    level: str  # "central", "province", "district"
    parent: str | None = None


AGENCIES: tuple[AgencyEntry, ...] = (
    AgencyEntry("Quốc hội", ("Quốc hội",), "central"),
    AgencyEntry("Ủy ban Thường vụ Quốc hội", ("Ủy ban Thường vụ Quốc hội", "UBTVQH"), "central"),
    AgencyEntry("Ủy ban Xã hội của Quốc hội", ("Ủy ban Xã hội của Quốc hội",), "central",
                "Quốc hội"),
    AgencyEntry("Chủ tịch nước", ("Chủ tịch nước",), "central"),
    AgencyEntry("Thủ tướng Chính phủ", ("Thủ tướng Chính phủ", "Thủ tướng"), "central",
                "Chính phủ"),
    AgencyEntry("Chính phủ", ("Chính phủ",), "central"),
    AgencyEntry("Bộ Chính trị", ("Bộ Chính trị",), "central"),
    AgencyEntry("Ban Chấp hành Trung ương Đảng", ("Ban Chấp hành Trung ương Đảng",
                "Ban Chấp hành Trung ương"), "central"),
    AgencyEntry("Bộ Lao động - Thương binh và Xã hội", (
        "Bộ Lao động - Thương binh và Xã hội", "Bộ Lao động Thương binh và Xã hội",
        "Bộ Lao động - TB và XH", "Bộ LĐTBXH", "Bộ LĐ-TB&XH", "BLĐTBXH"), "central"),
    AgencyEntry("Vụ Bình đẳng giới", ("Vụ Bình đẳng giới", "Vụ BĐG", "Vụ BDG"), "central",
                "Bộ Lao động - Thương binh và Xã hội"),
    AgencyEntry("Bộ Tài chính", ("Bộ Tài chính",), "central"),
    AgencyEntry("Bộ Kế hoạch và Đầu tư", ("Bộ Kế hoạch và Đầu tư", "Bộ KHĐT"), "central"),
    AgencyEntry("Bộ Giáo dục và Đào tạo", ("Bộ Giáo dục và Đào tạo", "Bộ GDĐT"), "central"),
    AgencyEntry("Bộ Nội vụ", ("Bộ Nội vụ",), "central"),
    AgencyEntry("Bộ Tư pháp", ("Bộ Tư pháp",), "central"),
    AgencyEntry("Bộ Y tế", ("Bộ Y tế",), "central"),
    AgencyEntry("Bộ Công an", ("Bộ Công an",), "central"),
    AgencyEntry("Bộ Quốc phòng", ("Bộ Quốc phòng",), "central"),
    AgencyEntry("Bộ Văn hóa, Thể thao và Du lịch", ("Bộ Văn hóa, Thể thao và Du lịch",
                "Bộ Văn hoá, Thể thao và Du lịch", "Bộ VHTTDL"), "central"),
    AgencyEntry("Bộ Thông tin và Truyền thông", ("Bộ Thông tin và Truyền thông",
                "Thông tin truyền thông", "Bộ TTTT"), "central"),
    AgencyEntry("Bộ Nông nghiệp và Phát triển nông thôn", (
        "Bộ Nông nghiệp và Phát triển nông thôn",), "central"),
    AgencyEntry("Ủy ban Dân tộc", ("Ủy ban Dân tộc", "Uỷ ban Dân tộc"), "central"),
    AgencyEntry("Ủy ban quốc gia vì sự tiến bộ của phụ nữ Việt Nam", (
        "Ủy ban quốc gia vì sự tiến bộ của phụ nữ Việt Nam",
        "Ủy ban Quốc gia vì sự tiến bộ của phụ nữ Việt Nam",
        "UBQG vì sự tiến bộ của phụ nữ Việt Nam", "UBQG vì sự tiến bộ của phụ nữ VN",
        "UBQG VSTBPN Việt Nam", "UBQG VSTBPN", "UBQG"), "central"),
    AgencyEntry("Hội Liên hiệp Phụ nữ Việt Nam", ("Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
                "Hội Liên hiệp Phụ nữ Việt Nam", "Hội LHPN Việt Nam"), "central"),
    AgencyEntry("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", (
        "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",), "central"),
    AgencyEntry("Ủy ban nhân dân {province}", ("Ủy ban nhân dân {province}",
                "Uỷ ban nhân dân {province}", "UBND {province}"), "province"),
    AgencyEntry("Chủ tịch Ủy ban nhân dân {province}", ("Chủ tịch Ủy ban nhân dân {province}",
                "Chủ tịch Uỷ ban nhân dân {province}", "Chủ tịch UBND {province}"), "province",
                "Ủy ban nhân dân {province}"),
    AgencyEntry("Hội đồng nhân dân {province}", ("Hội đồng nhân dân {province}",
                "HĐND {province}"), "province"),
    AgencyEntry("Sở Lao động - Thương binh và Xã hội {province}", (
        "Sở Lao động - Thương binh và Xã hội {province}", "Sở Lao động - Thương binh và Xã hội",
        "Sở Lao động - TB và XH", "Sở LĐTBXH {province}", "Sở LĐTBXH"), "province",
        "Ủy ban nhân dân {province}"),
    AgencyEntry("Ban Vì sự tiến bộ của phụ nữ {province}", (
        "Ban Vì sự tiến bộ của phụ nữ {province}", "Ban vì sự tiến bộ của phụ nữ {province}",
        "Ban VSTBPN {province}"), "province", "Ủy ban nhân dân {province}"),
    AgencyEntry("Ủy ban Mặt trận Tổ quốc {province}", ("Ủy ban Mặt trận Tổ quốc {province}",),
                "province"),
)
