"""Plain-text files: find the encoding, refuse binary data, keep every character.

Why so much care: Vietnamese legal texts come as UTF-8, as UTF-16 from Windows tools, and
still as Windows-1258, TCVN3 (``.VnTime``) or VNI files from before Unicode. A wrong guess
turns ``Nghị định`` into ``NghÞ ®Þnh`` and every citation after it is lost, so the order
is: byte-order mark, strict UTF-8, UTF-16 by its NUL-byte pattern, then the legacy
encoding whose decoding reads most like Vietnamese; when none does, UTF-8 with U+FFFD
and a warning that names the first bad byte.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from loaders.readers.legacy import decode_tcvn3, decode_vni
from loaders.readers.score import score_vietnamese
from loaders.readers.source import MEDIA_TEXT, ReaderError, SourceText

#: Bytes decoded each way to choose a legacy encoding; enough for hundreds of words.
SAMPLE_BYTES = 64 * 1024
#: Share of decoded words that must look Vietnamese for a legacy encoding to be chosen.
MIN_LEGACY_RATIO = 0.5
#: Share of control characters or U+FFFD above which the bytes are not text at all.
MAX_NOISE_SHARE = 0.10
#: Control characters (Unicode category Cc) other than the white space of text files and
#: the DOS end-of-file mark, plus the replacement character.
_NOISE = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f\ufffd]")


@dataclass(frozen=True)
class DecodedText:
    """Text decoded from bytes, the encoding used and what was guessed on the way."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def read_plain(path: Path, data: bytes) -> SourceText:
    """Read a ``.txt`` file's bytes into a ``SourceText`` (not yet NFC: the caller does it).

    >>> read_plain(Path("a.txt"), "Điều 1".encode("utf-16")).encoding
    'utf-16'
    """
    decoded = decode_text(path, data)
    return SourceText(path, decoded.text, MEDIA_TEXT, decoded.encoding, decoded.warnings)


def decode_text(path: Path, data: bytes, declared: str | None = None) -> DecodedText:
    """Decode the bytes of a text file; ``ReaderError`` when they are not text.

    ``declared`` is a charset the file names itself (an HTML ``<meta charset>``); it is
    trusted only after UTF-8 and the Vietnamese encodings, as old Vietnamese pages often
    declare ``iso-8859-1`` over TCVN3 or VNI bytes.

    >>> decode_text(Path("a.txt"), b"Vi\\xea\\xf2t Nam").encoding  # ê + combining dot
    'cp1258'
    """
    decoded = _decode(path, data, declared)
    noise = _noise_share(decoded.text)
    if noise > MAX_NOISE_SHARE:
        raise ReaderError(
            path, f"not text: {noise:.0%} control or undecodable characters (binary file?)"
        )
    return decoded


def _decode(path: Path, data: bytes, declared: str | None) -> DecodedText:
    if data.startswith(codecs.BOM_UTF8):
        return _decode_unicode(data, "utf-8-sig", "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_unicode(data, "utf-16", "utf-16")
    if b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec is not None:
            return _decode_unicode(data, codec, "utf-16")
        unpadded = data.rstrip(b"\x00")
        if b"\x00" in unpadded:
            raise ReaderError(path, "not text: contains NUL bytes (binary file?)")
        decoded = _decode(path, unpadded, declared)
        padding = f"dropped {len(data) - len(unpadded)} NUL bytes of padding at the end"
        return DecodedText(decoded.text, decoded.encoding, (padding, *decoded.warnings))
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    legacy = _best_legacy(data)
    if legacy is not None:
        return legacy
    if declared is not None:
        try:
            return DecodedText(data.decode(declared), declared)
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong or unknown declaration: fall through to the UTF-8 warning
    return DecodedText(
        data.decode("utf-8", errors="replace"),
        "utf-8",
        (
            f"invalid UTF-8 at byte offset {first_bad}, and not Windows-1258, TCVN3 or VNI "
            "either: decoded as UTF-8 with U+FFFD replacement characters",
        ),
    )


def _decode_unicode(data: bytes, codec: str, name: str) -> DecodedText:
    try:
        return DecodedText(data.decode(codec), name)
    except UnicodeDecodeError as exc:
        warning = (
            f"invalid {name.upper()} at byte offset {exc.start}: "
            "decoded with U+FFFD replacement characters"
        )
        return DecodedText(data.decode(codec, errors="replace"), name, (warning,))


def _utf16_without_bom(data: bytes) -> str | None:
    """Recognise UTF-16 without a byte-order mark by where its NUL bytes fall.

    Vietnamese text is mostly ASCII letters and spaces, whose high byte is NUL: in
    UTF-16LE the odd bytes are largely NUL and the even ones almost never, and the other
    way round in UTF-16BE. Binary data has NULs on both sides.
    """
    pairs = len(data) // 2
    if pairs == 0 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0) / pairs
    odd_nuls = data[1::2].count(0) / pairs
    for codec, high, low in (
        ("utf-16-le", odd_nuls, even_nuls),
        ("utf-16-be", even_nuls, odd_nuls),
    ):
        if high >= 0.3 and low <= 0.05:
            try:
                data.decode(codec)
            except UnicodeDecodeError:
                return None
            return codec
    return None


def _cp1258(data: bytes) -> str | None:
    """Windows-1258 spells most toned letters as base + combining mark; NFC comes later."""
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError:
        return None


#: The 8-bit candidates, in the order that wins a tie.
_LEGACY: tuple[tuple[str, Callable[[bytes], str | None]], ...] = (
    ("cp1258", _cp1258),
    ("tcvn3", decode_tcvn3),
    ("vni", decode_vni),
)


def _best_legacy(data: bytes) -> DecodedText | None:
    """Decode a sample every legacy way and keep the most Vietnamese-looking, if any is."""
    sample = data[:SAMPLE_BYTES]
    best: tuple[float, int, int] | None = None
    best_name = ""
    for rank, (name, decode) in enumerate(_LEGACY):
        text = decode(sample)
        if text is None:
            continue
        score = score_vietnamese(text)
        key = (score.ratio, score.good, -rank)
        if score.good > 0 and score.ratio >= MIN_LEGACY_RATIO and (best is None or key > best):
            best, best_name = key, name
    if best is None:
        return None
    decode = dict(_LEGACY)[best_name]
    text = decode(data)
    if text is None:  # the sample decoded but a later byte is outside Windows-1258
        return None
    return DecodedText(text, best_name)


def _noise_share(text: str) -> float:
    """Share of characters that no text file holds: control codes and U+FFFD."""
    if not text:
        return 0.0
    return len(_NOISE.findall(text)) / len(text)
