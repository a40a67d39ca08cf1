"""Issuer codes in document symbols → canonical agency names.

The part of a symbol after the type code names the issuer (``NĐ-CP`` → Chính phủ,
``TT-BTC`` → Bộ Tài chính). Local codes (``UBND``, ``SLĐTBXH``, ``CT``) name an agency of
*some* province: the province comes from the text or from the citing document, which is why
``41/KH-UBND`` alone is not an identity. ``{province}`` in a name is filled in by the resolver.
"""

from __future__ import annotations

MOLISA = "Bộ Lao động - Thương binh và Xã hội"

#: Central issuers: code → canonical name.
CENTRAL_ISSUERS: dict[str, str] = {
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "CTN": "Chủ tịch nước",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "TW": "Ban Chấp hành Trung ương Đảng",
    "BTC": "Bộ Tài chính",
    "BLĐTBXH": MOLISA,
    "LĐTBXH": MOLISA,
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BYT": "Bộ Y tế",
    "BNV": "Bộ Nội vụ",
    "BTP": "Bộ Tư pháp",
    "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng",
    "BCT": "Bộ Công Thương",
    "BNG": "Bộ Ngoại giao",
    "BXD": "Bộ Xây dựng",
    "BGTVT": "Bộ Giao thông vận tải",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "UBDT": "Ủy ban Dân tộc",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "TTCP": "Thanh tra Chính phủ",
    "VPCP": "Văn phòng Chính phủ",
    "TANDTC": "Tòa án nhân dân tối cao",
    "VKSNDTC": "Viện kiểm sát nhân dân tối cao",
    "TLĐ": "Tổng Liên đoàn Lao động Việt Nam",
    "UBQG": "Ủy ban quốc gia vì sự tiến bộ của phụ nữ Việt Nam",
    "ĐCT": "Đoàn Chủ tịch Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
}

#: Local issuers: code → name template; ``{province}`` is filled in from the text.
LOCAL_ISSUERS: dict[str, str] = {
    "UBND": "Ủy ban nhân dân {province}",
    "HĐND": "Hội đồng nhân dân {province}",
    "CT": "Chủ tịch Ủy ban nhân dân {province}",
    "SLĐTBXH": "Sở Lao động - Thương binh và Xã hội {province}",
    "SLĐ": "Sở Lao động - Thương binh và Xã hội {province}",
    "SNV": "Sở Nội vụ {province}",
    "STC": "Sở Tài chính {province}",
    "SYT": "Sở Y tế {province}",
    "SGDĐT": "Sở Giáo dục và Đào tạo {province}",
    "SVHTTDL": "Sở Văn hóa, Thể thao và Du lịch {province}",
    "STP": "Sở Tư pháp {province}",
    "BVSTBPN": "Ban Vì sự tiến bộ của phụ nữ {province}",
}

#: Codes that are issuers only in the first position after the type; a later part is a unit
#: (``LĐTBXH-BĐG``: BĐG is the Gender Equality Department inside MOLISA, not an issuer).
UNIT_NAMES: dict[str, str] = {
    "BĐG": "Vụ Bình đẳng giới",
    "KHTC": "Vụ Kế hoạch - Tài chính",
    "VP": "Văn phòng",
    "VX": "Phòng Văn hóa - Xã hội",
    "XH": "Phòng Bảo trợ xã hội",
}
