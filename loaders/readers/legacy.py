"""Decode (and, for tests and tools, encode) the TCVN3 and VNI-Windows 8-bit encodings.

Why: many Vietnamese legal texts were typed before Unicode in ``.VnTime`` (TCVN3) or
``VNI-Times`` fonts and still circulate as such. The letter tables live in
``loaders.lexicon.legacy_encodings``; this module only turns them into codecs, so decoding
and encoding can never disagree. Bytes that are no Vietnamese letter read as
Windows-1252, the code page those fonts were typed on (``“`` stays ``“``).

>>> decode_vni(b"Vi\\x65\\xe4t Nam")
'Việt Nam'
>>> encode_tcvn3("việt nam")
b'vi\\xd6t nam'
"""

from __future__ import annotations

import re

from loaders.lexicon.legacy_encodings import TCVN3, VNI


def _windows_1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # the five holes of cp1252 keep their Latin-1 control code
        return chr(byte)


#: Latin-1 code point → Windows-1252 character for the bytes 0x80–0x9F.
_C1_AS_CP1252: dict[int, str] = {byte: _windows_1252(byte) for byte in range(0x80, 0xA0)}

_TCVN3_DECODE: dict[int, str] = {
    **_C1_AS_CP1252,
    **{ord(glyph): letter for letter, glyph in TCVN3.items()},
}


def _vni_decode_table() -> dict[str, str]:
    """Map each VNI byte sequence (as Latin-1 text) to its letter.

    A base letter followed by a mark byte of the other case (``Vi`` + ``EÄ``-style mixes
    from Caps Lock) is accepted too, as VNI fonts draw both: upper-case mark bytes are the
    lower-case ones minus 0x20.
    """
    table = {glyph: letter for letter, glyph in VNI.items()}
    for glyph, letter in list(table.items()):
        if len(glyph) == 2:
            mark = glyph[1]
            other = chr(ord(mark) + 0x20) if mark.isupper() else chr(ord(mark) - 0x20)
            table.setdefault(glyph[0] + other, letter)
    return table


_VNI_DECODE = _vni_decode_table()


def _char_class(chars: set[str]) -> str:
    return "[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]"


#: A possible base letter then a mark byte, or a one-byte letter.
_VNI_PATTERN = re.compile(
    _char_class({glyph[0] for glyph in _VNI_DECODE if len(glyph) == 2})
    + _char_class({glyph[1] for glyph in _VNI_DECODE if len(glyph) == 2})
    + "?|"
    + _char_class({glyph for glyph in _VNI_DECODE if len(glyph) == 1})
)
#: Bytes with a meaning in VNI; another character encoded to one of them would not
#: read back as itself.
_VNI_BYTES = frozenset(ch for glyph in VNI.values() for ch in glyph if not ch.isascii())


def decode_tcvn3(data: bytes) -> str:
    """Decode TCVN3 (ABC) bytes; upper-case accented letters come out lower-case.

    >>> decode_tcvn3(b"Lu\\xcbt b\\xd7nh \\xae\\xbcng gi\\xedi")
    'Luật bình đẳng giới'
    """
    return data.decode("latin-1").translate(_TCVN3_DECODE)


def decode_vni(data: bytes) -> str:
    """Decode VNI-Windows bytes, base letter plus mark bytes, into precomposed letters.

    >>> decode_vni(b"\\xd1\\x69\\x65\\xe0u")
    'Điều'
    """
    text = _VNI_PATTERN.sub(_vni_letter, data.decode("latin-1"))
    return text.translate(_C1_AS_CP1252)


def _vni_letter(match: re.Match[str]) -> str:
    glyph = match.group()
    letter = _VNI_DECODE.get(glyph)
    if letter is not None:
        return letter
    # a base with a mark it cannot carry (``i`` + ``ø``): the mark byte stays a symbol
    return _VNI_DECODE.get(glyph[0], glyph[0]) + glyph[1:]


def _encode(text: str, table: dict[str, str], reserved: frozenset[str], name: str) -> bytes:
    out: list[str] = []
    for ch in text:
        glyph = table.get(ch)
        if glyph is None and ch.isascii():
            glyph = ch
        if glyph is None:
            try:
                glyph = ch.encode("cp1252").decode("latin-1")
            except UnicodeEncodeError:
                glyph = None
            if glyph is not None and glyph in reserved:
                glyph = None
        if glyph is None:
            raise ValueError(f"{ch!r} (U+{ord(ch):04X}) has no {name} encoding")
        out.append(glyph)
    return "".join(out).encode("latin-1")


def encode_tcvn3(text: str) -> bytes:
    """Encode NFC ``text`` as TCVN3; ``ValueError`` names the first letter it lacks.

    >>> encode_tcvn3("Ủy")
    Traceback (most recent call last):
    ValueError: 'Ủ' (U+1EE6) has no TCVN3 encoding
    """
    return _encode(text, TCVN3, frozenset(TCVN3.values()), "TCVN3")


def encode_vni(text: str) -> bytes:
    """Encode NFC ``text`` as VNI-Windows.

    >>> encode_vni("Việt Nam")
    b'Vie\\xe4t Nam'
    """
    return _encode(text, VNI, _VNI_BYTES, "VNI")
