"""Provinces and centrally-run cities, for the names of local issuers.

``tỉnh Bình Định``, ``thành phố Hà Nội``: local agencies are named by the unit word and the
province; a text that says only ``UBND tỉnh`` means the province of the citing document.
"""

from __future__ import annotations

#: Unit words that precede a province name.
UNIT_WORDS: tuple[str, ...] = ("tỉnh", "thành phố")

#: The 63 provinces and cities in force until 2025 (names as the instruments write them).
PROVINCES: tuple[str, ...] = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh",
    "Bến Tre", "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng",
    "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp",
    "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng",
    "Hậu Giang", "Hòa Bình", "Hồ Chí Minh", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum",
    "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An", "Nam Định", "Nghệ An",
    "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi",
    "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên",
    "Thanh Hóa", "Thừa Thiên Huế", "Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long",
    "Vĩnh Phúc", "Yên Bái",
)

#: Cities that are written with ``thành phố`` rather than ``tỉnh``.
CITIES: frozenset[str] = frozenset({"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Hồ Chí Minh", "Huế"})


def province_unit(name: str) -> str:
    """Return the province with its unit word, as local issuer names write it.

    >>> province_unit("Bình Định")
    'tỉnh Bình Định'
    """
    return f"thành phố {name}" if name in CITIES else f"tỉnh {name}"
