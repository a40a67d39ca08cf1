"""Legacy 8-bit Vietnamese font encodings: TCVN3 (ABC) and VNI-Windows, letter by letter.

Why a table: before Unicode, Vietnamese Word files and plain-text exports were typed in
``.VnTime`` (TCVN3) or ``VNI-Times`` (VNI) fonts. The bytes are Windows-1252 bytes drawn
with Vietnamese glyphs, so the same file opened in a Western font shows ``Vieät Nam``
(VNI) or ``ViÖt Nam`` (TCVN3). Each value below is what a letter looks like in such a
Western font, i.e. its bytes read as Latin-1 (``"ệ": "eä"`` means bytes ``65 E4``).
The readers decode with these tables and the tests encode with the very same tables.

TCVN3 is the VN3 subset of TCVN 5712:1993: it has every lower-case letter but only seven
upper-case ones (Ă Â Ê Ô Ơ Ư Đ); upper-case accented letters were drawn with a second
font (``.VnTimeH``) reusing the lower-case bytes, so they cannot be told apart in text.
VNI spells a letter as its base letter followed by one mark byte (``"ấ": "aá"``), except
for a few single-byte letters (``"ị": "ò"``, ``"ơ": "ô"``, ``"đ": "ñ"``); its upper-case
mark bytes are the lower-case ones minus 0x20.

Sources, cross-checked letter by letter (all agree on every letter listed here):
duydev/vietnamese-conversion ``src/charsets.ts`` (TCVN3 and VNI, all 134 letters);
khiemdoan/VBKey ``Modules/mdlCodeTable.bas`` (TCVN3 and VNI, all 134 letters);
lamdao/xvnkb ``vni.h`` and ``tcvn.h`` (VNI and TCVN3, lower case);
XFree86 ``TCVNtoUCS2.c`` (TCVN 5712 VN1, whose 0xA1–0xFE letters VN3 shares).
"""

from __future__ import annotations

#: Letter → its TCVN3 byte as seen in a Western font; tones in the order huyền, hỏi, ngã,
#: sắc, nặng. ư is byte 0xAD, the invisible soft hyphen, hence the escape.
TCVN3: dict[str, str] = {
    "à": "µ", "ả": "¶", "ã": "·", "á": "¸", "ạ": "¹",
    "ă": "¨", "ằ": "»", "ẳ": "¼", "ẵ": "½", "ắ": "¾", "ặ": "Æ",
    "â": "©", "ầ": "Ç", "ẩ": "È", "ẫ": "É", "ấ": "Ê", "ậ": "Ë",
    "è": "Ì", "ẻ": "Î", "ẽ": "Ï", "é": "Ð", "ẹ": "Ñ",
    "ê": "ª", "ề": "Ò", "ể": "Ó", "ễ": "Ô", "ế": "Õ", "ệ": "Ö",
    "ì": "×", "ỉ": "Ø", "ĩ": "Ü", "í": "Ý", "ị": "Þ",
    "ò": "ß", "ỏ": "á", "õ": "â", "ó": "ã", "ọ": "ä",
    "ô": "«", "ồ": "å", "ổ": "æ", "ỗ": "ç", "ố": "è", "ộ": "é",
    "ơ": "¬", "ờ": "ê", "ở": "ë", "ỡ": "ì", "ớ": "í", "ợ": "î",
    "ù": "ï", "ủ": "ñ", "ũ": "ò", "ú": "ó", "ụ": "ô",
    "ư": "\xad", "ừ": "õ", "ử": "ö", "ữ": "÷", "ứ": "ø", "ự": "ù",
    "ỳ": "ú", "ỷ": "û", "ỹ": "ü", "ý": "ý", "ỵ": "þ",
    "đ": "®",
    "Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§",
}

#: Letter → its VNI-Windows bytes as seen in a Western font, all 134 letters.
VNI: dict[str, str] = {
    "à": "aø", "ả": "aû", "ã": "aõ", "á": "aù", "ạ": "aï",
    "ă": "aê", "ằ": "aè", "ẳ": "aú", "ẵ": "aü", "ắ": "aé", "ặ": "aë",
    "â": "aâ", "ầ": "aà", "ẩ": "aå", "ẫ": "aã", "ấ": "aá", "ậ": "aä",
    "è": "eø", "ẻ": "eû", "ẽ": "eõ", "é": "eù", "ẹ": "eï",
    "ê": "eâ", "ề": "eà", "ể": "eå", "ễ": "eã", "ế": "eá", "ệ": "eä",
    "ì": "ì", "ỉ": "æ", "ĩ": "ó", "í": "í", "ị": "ò",
    "ò": "oø", "ỏ": "oû", "õ": "oõ", "ó": "où", "ọ": "oï",
    "ô": "oâ", "ồ": "oà", "ổ": "oå", "ỗ": "oã", "ố": "oá", "ộ": "oä",
    "ơ": "ô", "ờ": "ôø", "ở": "ôû", "ỡ": "ôõ", "ớ": "ôù", "ợ": "ôï",
    "ù": "uø", "ủ": "uû", "ũ": "uõ", "ú": "uù", "ụ": "uï",
    "ư": "ö", "ừ": "öø", "ử": "öû", "ữ": "öõ", "ứ": "öù", "ự": "öï",
    "ỳ": "yø", "ỷ": "yû", "ỹ": "yõ", "ý": "yù", "ỵ": "î",
    "đ": "ñ",
    # upper case: upper-case base letter, mark bytes minus 0x20
    "À": "AØ", "Ả": "AÛ", "Ã": "AÕ", "Á": "AÙ", "Ạ": "AÏ",
    "Ă": "AÊ", "Ằ": "AÈ", "Ẳ": "AÚ", "Ẵ": "AÜ", "Ắ": "AÉ", "Ặ": "AË",
    "Â": "AÂ", "Ầ": "AÀ", "Ẩ": "AÅ", "Ẫ": "AÃ", "Ấ": "AÁ", "Ậ": "AÄ",
    "È": "EØ", "Ẻ": "EÛ", "Ẽ": "EÕ", "É": "EÙ", "Ẹ": "EÏ",
    "Ê": "EÂ", "Ề": "EÀ", "Ể": "EÅ", "Ễ": "EÃ", "Ế": "EÁ", "Ệ": "EÄ",
    "Ì": "Ì", "Ỉ": "Æ", "Ĩ": "Ó", "Í": "Í", "Ị": "Ò",
    "Ò": "OØ", "Ỏ": "OÛ", "Õ": "OÕ", "Ó": "OÙ", "Ọ": "OÏ",
    "Ô": "OÂ", "Ồ": "OÀ", "Ổ": "OÅ", "Ỗ": "OÃ", "Ố": "OÁ", "Ộ": "OÄ",
    "Ơ": "Ô", "Ờ": "ÔØ", "Ở": "ÔÛ", "Ỡ": "ÔÕ", "Ớ": "ÔÙ", "Ợ": "ÔÏ",
    "Ù": "UØ", "Ủ": "UÛ", "Ũ": "UÕ", "Ú": "UÙ", "Ụ": "UÏ",
    "Ư": "Ö", "Ừ": "ÖØ", "Ử": "ÖÛ", "Ữ": "ÖÕ", "Ứ": "ÖÙ", "Ự": "ÖÏ",
    "Ỳ": "YØ", "Ỷ": "YÛ", "Ỹ": "YÕ", "Ý": "YÙ", "Ỵ": "Î",
    "Đ": "Ñ",
}
