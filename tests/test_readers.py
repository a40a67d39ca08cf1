"""Document readers: real files of every kind, built in a temp dir, read back exactly.

The legacy-encoding tests encode the seed corpus text with the very tables the readers
decode with (``loaders.lexicon.legacy_encodings``), write it to disk and read it back
through ``read_document``, which must recognise the encoding by itself.
"""

from __future__ import annotations

import io
import pickle
import random
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx import Document
from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfWriter

from loaders.lexicon.legacy_encodings import TCVN3, VNI
from loaders.readers import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    ReaderError,
    SourceText,
    read_document,
)
from loaders.readers.legacy import decode_tcvn3, decode_vni, encode_tcvn3, encode_vni
from loaders.readers.score import score_vietnamese

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "corpus" / "seeds" / "002_cf137ac1e175da1d.txt"
GOLDEN = Path(__file__).resolve().parent / "fixtures" / "readers"
#: No PyPI package in the dev environment ships a Unicode TTF (fpdf2 ships none,
#: matplotlib is not a dependency), so use the system's DejaVu Sans (Debian's
#: fonts-dejavu-core, present on the project's machine image).
FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
)
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
DOCX_MEDIA = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def seed() -> str:
    text = SEED.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    return text


@pytest.fixture(scope="module")
def unicode_font() -> Path:
    for candidate in FONT_CANDIDATES:
        if candidate.is_file():
            return candidate
    pytest.skip("no DejaVuSans.ttf on this machine (install fonts-dejavu-core) for fpdf2")


def write(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.write_bytes(data)
    return path


def to_cp1258(text: str) -> bytes:
    """Encode as Windows does for code page 1258: a toned letter cp1258 lacks becomes its
    base letter (which may carry ^, ˘ or the horn) followed by a combining tone mark,
    since Python's cp1258 codec is a plain charmap and knows no precomposed ``ấ``.
    """
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
        out += (base + "".join(c for c in decomposed if c in TONE_MARKS)).encode("cp1258")
    return bytes(out)


# --- plain text: Unicode encodings ------------------------------------------------------


def test_utf8_text_reads_exactly(tmp_path: Path, seed: str) -> None:
    source = read_document(write(tmp_path, "cv.txt", seed.encode("utf-8")))
    assert source == SourceText(tmp_path / "cv.txt", seed, "text/plain", "utf-8")


def test_utf8_bom_is_dropped_and_named_utf8_sig(tmp_path: Path) -> None:
    source = read_document(write(tmp_path, "a.txt", "\ufeffĐiều 1. Phạm vi".encode()))
    assert (source.text, source.encoding) == ("Điều 1. Phạm vi", "utf-8-sig")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_reads_in_either_byte_order(tmp_path: Path, seed: str, codec: str) -> None:
    data = ("\ufeff" + seed).encode(codec)
    source = read_document(write(tmp_path, "a.txt", data))
    assert (source.text, source.encoding) == (seed, "utf-16")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_by_its_nul_bytes(
    tmp_path: Path, seed: str, codec: str
) -> None:
    source = read_document(write(tmp_path, "a.txt", seed.encode(codec)))
    assert (source.text, source.encoding, source.warnings) == (seed, "utf-16", ())


def test_windows_line_endings_become_line_feeds(tmp_path: Path) -> None:
    source = read_document(write(tmp_path, "a.txt", "Điều 1\r\nĐiều 2\rĐiều 3\n".encode()))
    assert source.text == "Điều 1\nĐiều 2\nĐiều 3\n"


# --- plain text: pre-Unicode Vietnamese encodings ---------------------------------------


def test_windows_1258_seed_with_combining_tones_reads_back_as_nfc(
    tmp_path: Path, seed: str
) -> None:
    data = to_cp1258(seed)
    assert b"\xf2" in data  # dấu nặng as a separate combining byte: NFC has work to do
    source = read_document(write(tmp_path, "a.txt", data))
    assert (source.encoding, source.warnings) == ("cp1258", ())
    assert source.text == seed


def test_tcvn3_seed_round_trips_in_lower_case(tmp_path: Path, seed: str) -> None:
    # TCVN3 has no upper-case toned letters (the seed's "Ủy" cannot be encoded), so the
    # round trip runs on the lower-cased seed.
    text = seed.lower()
    source = read_document(write(tmp_path, "a.txt", encode_tcvn3(text)))
    assert (source.encoding, source.warnings) == ("tcvn3", ())
    assert source.text == text


def test_tcvn3_cannot_encode_upper_case_toned_letters(seed: str) -> None:
    with pytest.raises(ValueError, match="'Ủ'"):
        encode_tcvn3(seed)


def test_vni_seed_round_trips_with_upper_case(tmp_path: Path, seed: str) -> None:
    data = encode_vni(seed)
    assert b"Vie\xe4t" in data or b"vie\xe4c" in data  # "việc": base letter + mark byte
    source = read_document(write(tmp_path, "a.txt", data))
    assert (source.encoding, source.warnings) == ("vni", ())
    assert source.text == seed


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        # examples published with duydev/vietnamese-conversion, independent of our tables
        (b"Xin cha\xf8o ca\xf9c ba\xefn", "Xin chào các bạn"),
        ("B¶o Th¾ng".encode("latin-1"), "Bảo Thắng"),
        # ư is byte 0xAD, a soft hyphen, invisible in the published "Mêng Kh¬ng"
        (b"M\xad\xeang Kh\xad\xacng", "Mường Khương"),
        ("B¸t X¸t".encode("latin-1"), "Bát Xát"),
    ],
)
def test_published_conversion_examples_decode(legacy: bytes, unicode: str) -> None:
    decoded = decode_vni(legacy) if b"\xf8" in legacy else decode_tcvn3(legacy)
    assert decoded == unicode


def test_legacy_tables_hold_the_whole_vietnamese_repertoire() -> None:
    bases = "aăâeêioôơuưy"
    letters = {unicodedata.normalize("NFC", b + t) for b in bases for t in TONE_MARKS}
    letters |= set("ăâêôơưđ")
    letters |= {letter.upper() for letter in letters}
    assert len(letters) == 134
    assert set(VNI) == letters
    lower = {letter for letter in letters if letter.islower()}
    assert set(TCVN3) == lower | set("ĂÂÊÔƠƯĐ")
    for table in (TCVN3, VNI):
        assert len(set(table.values())) == len(table)  # no two letters share bytes


def test_every_letter_survives_encode_then_decode() -> None:
    vni_letters = "".join(VNI)
    assert decode_vni(encode_vni(vni_letters)) == vni_letters
    tcvn3_letters = "".join(TCVN3)
    assert decode_tcvn3(encode_tcvn3(tcvn3_letters)) == tcvn3_letters


def test_vni_accepts_marks_typed_with_caps_lock_on_a_lower_case_base() -> None:
    assert decode_vni(b"Vie\xc4t NAM") == "Việt NAM"


def test_invalid_utf8_of_no_vietnamese_encoding_warns_with_byte_offset(tmp_path: Path) -> None:
    source = read_document(write(tmp_path, "a.txt", b"Price: caf\xe9 au lait, na\xefve"))
    assert source.text == "Price: caf\ufffd au lait, na\ufffdve"
    assert source.encoding == "utf-8"
    assert len(source.warnings) == 1
    assert "invalid UTF-8 at byte offset 10" in source.warnings[0]


def test_utf8_with_one_stray_byte_keeps_the_rest_and_names_the_offset(
    tmp_path: Path, seed: str
) -> None:
    data = seed.encode("utf-8")
    offset = data.index("Năm 2018".encode())
    source = read_document(write(tmp_path, "a.txt", data[:offset] + b"\xff" + data[offset:]))
    assert source.text == seed[: seed.index("Năm 2018")] + "\ufffd" + seed[seed.index("Năm 2018") :]
    assert source.encoding == "utf-8"
    assert f"invalid UTF-8 at byte offset {offset}" in source.warnings[0]


def test_nul_padding_at_the_end_is_dropped_with_a_warning(tmp_path: Path) -> None:
    source = read_document(write(tmp_path, "a.txt", "Điều 1".encode() + bytes(24)))
    assert source.text == "Điều 1"
    assert source.warnings == ("dropped 24 NUL bytes of padding at the end",)


@pytest.mark.parametrize(
    ("text", "good", "bad"),
    [("Luật Bình đẳng giới", True, False), ("Vieät Nam", False, True), ("LuËt B×nh", False, True)],
)
def test_vietnamese_score_tells_right_from_wrong_decodings(text: str, good: bool, bad: bool) -> None:
    score = score_vietnamese(text)
    assert (score.good > 0, score.bad > 0) == (good, bad)


# --- plain text: refusals ----------------------------------------------------------------


def test_binary_noise_in_txt_is_not_text(tmp_path: Path) -> None:
    noise = random.Random(20240601).randbytes(4096)
    with pytest.raises(ReaderError, match="not text: contains NUL bytes"):
        read_document(write(tmp_path, "a.txt", noise))


def test_control_characters_without_nul_are_not_text(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match=r"not text: \d+% control"):
        read_document(write(tmp_path, "a.txt", bytes(range(1, 32)) * 20 + b"abc"))


@pytest.mark.parametrize(
    ("suffix", "media_type", "encoding"),
    [
        (".txt", "text/plain", "utf-8"),
        (".pdf", "application/pdf", None),
        (".docx", DOCX_MEDIA, None),
        (".html", "text/html", None),
    ],
)
def test_empty_file_is_empty_text_with_a_warning(
    tmp_path: Path, suffix: str, media_type: str, encoding: str | None
) -> None:
    path = write(tmp_path, "empty" + suffix, b"")
    assert read_document(path) == SourceText(path, "", media_type, encoding, ("empty file",))


def test_oversized_file_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "big.txt", b"x" * 100)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_open)
    with pytest.raises(ReaderError) as caught:
        read_document(path, max_bytes=10)
    assert caught.value.reason == "file is 100 bytes, over the size limit of 10 bytes"
    assert DEFAULT_MAX_BYTES == 50 * 1024 * 1024


@pytest.mark.parametrize("name", ["quyet_dinh.doc", "bang.xlsx", "README"])
def test_unsupported_suffix_is_refused_by_name(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, b"Luat")
    with pytest.raises(ReaderError, match="unsupported file type") as caught:
        read_document(path)
    assert ".docx, .htm, .html, .pdf, .txt" in caught.value.reason
    assert {".txt", ".pdf", ".docx", ".html", ".htm"} == SUPPORTED_SUFFIXES


def test_missing_file_is_a_reader_error(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="no such file"):
        read_document(tmp_path / "absent.txt")


def test_reader_error_names_path_and_reason_and_pickles() -> None:
    error = ReaderError(Path("a.pdf"), "encrypted PDF (password required)")
    assert str(error) == "a.pdf: encrypted PDF (password required)"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.reason) == (error.path, error.reason)


# --- DOCX ----------------------------------------------------------------------------------


def _docx_bytes() -> bytes:
    document = Document()
    document.add_paragraph("CÔNG VĂN")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    table.cell(1, 0).text = "Số: 912/LĐTBXH-BĐG"
    table.cell(1, 1).text = "Hà Nội, ngày 16 tháng 3 năm 2023"
    document.add_paragraph("Căn cứ Luật Bình đẳng giới năm 2006;")
    paragraph = document.add_paragraph("Căn cứ Nghị định số 55/2009/NĐ-CP")
    paragraph.add_run(" ngày 10/6/2009\tcủa Chính phủ.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{_W_NS}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>
</w:r></w:p></w:footnote>
<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r>
<w:r><w:t xml:space="preserve"> Quy định xử phạt vi phạm hành chính về bình đẳng giới.</w:t></w:r>
</w:p></w:footnote>
</w:footnotes>"""


def _with_footnote(docx: bytes, after: str) -> bytes:
    """Add footnote id 2 after the run ending in ``after``: python-docx cannot write one."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if not item.filename.endswith((".xml", ".rels")):
                target.writestr(item, source.read(item.filename))
                continue
            data = source.read(item.filename).decode("utf-8")
            if item.filename == "word/document.xml":
                mark = '<w:r><w:footnoteReference w:id="2"/></w:r>'
                data = data.replace(f"{after}</w:t></w:r>", f"{after}</w:t></w:r>{mark}", 1)
            elif item.filename == "word/_rels/document.xml.rels":
                rel = (
                    '<Relationship Id="rIdFootnotes" Target="footnotes.xml" Type="http://'
                    'schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"/>'
                )
                data = data.replace("</Relationships>", rel + "</Relationships>")
            elif item.filename == "[Content_Types].xml":
                override = (
                    '<Override PartName="/word/footnotes.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
                )
                data = data.replace("</Types>", override + "</Types>")
            target.writestr(item, data)
        target.writestr("word/footnotes.xml", _FOOTNOTES_XML)
    return out.getvalue()


def test_docx_reads_paragraphs_and_table_in_order_with_footnotes(tmp_path: Path) -> None:
    data = _with_footnote(_docx_bytes(), after="55/2009/NĐ-CP")
    source = read_document(write(tmp_path, "cv.docx", data))
    assert source.text == (
        "CÔNG VĂN\n"
        "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 912/LĐTBXH-BĐG\tHà Nội, ngày 16 tháng 3 năm 2023\n"
        "Căn cứ Luật Bình đẳng giới năm 2006;\n"
        "Căn cứ Nghị định số 55/2009/NĐ-CP[1] ngày 10/6/2009\tcủa Chính phủ.\n"
        "\n"
        "[1] Quy định xử phạt vi phạm hành chính về bình đẳng giới."
    )
    assert (source.media_type, source.encoding, source.warnings) == (DOCX_MEDIA, None, ())


def test_docx_named_txt_is_read_as_docx_with_a_warning(tmp_path: Path) -> None:
    source = read_document(write(tmp_path, "cv.txt", _docx_bytes()))
    assert source.media_type == DOCX_MEDIA
    assert source.text.startswith("CÔNG VĂN\nBỘ LAO ĐỘNG")
    assert source.warnings == (
        "the content is a DOCX although the name ends in .txt: read as a DOCX",
    )


def test_zip_that_is_not_a_docx_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data/report.csv", "so,ngay\n55,2009\n")
    with pytest.raises(ReaderError, match=r"zip archive that is not a DOCX"):
        read_document(write(tmp_path, "cv.docx", buffer.getvalue()))


def test_truncated_docx_is_refused_as_corrupt(tmp_path: Path) -> None:
    data = _docx_bytes()
    with pytest.raises(ReaderError, match="corrupt or truncated DOCX"):
        read_document(write(tmp_path, "cv.docx", data[: len(data) // 2]))


def test_docx_with_broken_xml_is_refused_as_corrupt(tmp_path: Path) -> None:
    source = zipfile.ZipFile(io.BytesIO(_docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    with pytest.raises(ReaderError, match="corrupt DOCX"):
        read_document(write(tmp_path, "cv.docx", out.getvalue()))


def test_text_named_docx_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match=r"not a DOCX \(not a zip archive\)"):
        read_document(write(tmp_path, "cv.docx", "Điều 1".encode()))


# --- PDF -------------------------------------------------------------------------------------


def _pdf_bytes(font: Path) -> bytes:
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(font))
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    pdf.cell(text="Nghị định số 55/2009/NĐ-CP", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(text="Luật Bình đẳng giới 2006", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.cell(text="Điều 1. Phạm vi điều chỉnh")
    return bytes(pdf.output())


_PDF_TEXT = "Nghị định số 55/2009/NĐ-CP\nLuật Bình đẳng giới 2006\nĐiều 1. Phạm vi điều chỉnh"


def _encrypted(pdf: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.encrypt(user_password=user_password, owner_password="chu", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_text_layer_reads_with_pages_joined_by_newline(
    tmp_path: Path, unicode_font: Path
) -> None:
    source = read_document(write(tmp_path, "nd.pdf", _pdf_bytes(unicode_font)))
    assert source == SourceText(tmp_path / "nd.pdf", _PDF_TEXT, "application/pdf", None)


def test_encrypted_pdf_needs_its_password(tmp_path: Path, unicode_font: Path) -> None:
    data = _encrypted(_pdf_bytes(unicode_font), user_password="matkhau")
    with pytest.raises(ReaderError) as caught:
        read_document(write(tmp_path, "nd.pdf", data))
    assert caught.value.reason == "encrypted PDF (password required)"


def test_pdf_locked_only_against_editing_reads_with_a_warning(
    tmp_path: Path, unicode_font: Path
) -> None:
    data = _encrypted(_pdf_bytes(unicode_font), user_password="")
    source = read_document(write(tmp_path, "nd.pdf", data))
    assert source.text == _PDF_TEXT
    assert source.warnings == ("PDF is encrypted with an empty user password; read anyway",)


def test_truncated_pdf_is_refused(tmp_path: Path, unicode_font: Path) -> None:
    data = _pdf_bytes(unicode_font)
    with pytest.raises(ReaderError, match=r"truncated PDF \(no %%EOF marker"):
        read_document(write(tmp_path, "nd.pdf", data[: len(data) * 2 // 3]))


def test_pdf_with_only_a_scanned_image_has_no_text_layer(tmp_path: Path) -> None:
    scan = Image.frombytes("L", (64, 64), random.Random(7).randbytes(64 * 64))
    pdf = FPDF()
    pdf.add_page()
    pdf.image(scan, x=10, y=10, w=100)
    with pytest.raises(ReaderError) as caught:
        read_document(write(tmp_path, "scan.pdf", bytes(pdf.output())))
    assert caught.value.reason == "no text layer (scanned image?)"


def test_pdf_named_txt_is_read_as_pdf_with_a_warning(tmp_path: Path, unicode_font: Path) -> None:
    source = read_document(write(tmp_path, "nd.txt", _pdf_bytes(unicode_font)))
    assert (source.text, source.media_type) == (_PDF_TEXT, "application/pdf")
    assert source.warnings == (
        "the content is a PDF although the name ends in .txt: read as a PDF",
    )


def test_html_error_page_named_pdf_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match=r"not a PDF \(no %PDF- header\)"):
        read_document(write(tmp_path, "nd.pdf", b"<html><body>404 Not Found</body></html>"))


def test_pdf_with_garbage_body_is_refused(tmp_path: Path) -> None:
    data = b"%PDF-1.7\n" + random.Random(3).randbytes(2000).replace(b"%%EOF", b"") + b"\n%%EOF\n"
    with pytest.raises(ReaderError, match=r"corrupt PDF|no text layer"):
        read_document(write(tmp_path, "nd.pdf", data))


# --- HTML ------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", sorted(GOLDEN.glob("*.html")), ids=lambda p: p.stem)
def test_html_golden_pages(page: Path) -> None:
    expected = page.with_suffix(".txt").read_text(encoding="utf-8").rstrip("\n")
    source = read_document(page)
    assert (source.media_type, source.encoding, source.warnings) == ("text/html", None, ())
    assert source.text == expected


def test_html_drops_script_and_style_and_decodes_entities(tmp_path: Path) -> None:
    page = (
        "<html><head><style>p{}</style><script>if (a<b) {x('<p>');}</script></head><body>"
        "<h1>Luật&nbsp;Bình đẳng giới</h1><p>Điều&#160;1 &amp; Đi&#7873;u 2 &#x2013; "
        "N&#272;-CP</p><p>Ngày <b>29</b>/11/2006</p></body></html>"
    )
    source = read_document(write(tmp_path, "a.html", page.encode()))
    assert source.text == "Luật Bình đẳng giới\nĐiều 1 & Điều 2 – NĐ-CP\nNgày 29/11/2006"


def test_html_nested_5000_divs_deep_reads_without_recursion(tmp_path: Path) -> None:
    page = "<html><body>" + "<div>" * 5000 + "Nghị định 55/2009/NĐ-CP"
    page += "</div>" * 5000 + "<p>Hết</p></body></html>"
    source = read_document(write(tmp_path, "deep.htm", page.encode()))
    assert source.text == "Nghị định 55/2009/NĐ-CP\nHết"


def test_old_vni_page_declaring_latin1_is_read_as_vni(tmp_path: Path, seed: str) -> None:
    first_line = seed.splitlines()[5]
    head = b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    page = head + b'</head><body><p><font face="VNI-Times">' + encode_vni(first_line)
    source = read_document(write(tmp_path, "a.html", page + b"</font></p></body></html>"))
    assert source.text == first_line


def test_html_in_a_declared_western_charset_is_decoded_with_it(tmp_path: Path) -> None:
    page = '<meta charset="windows-1252"><p>Café “Hà Nội”</p>'.replace("à", "a").replace("ộ", "o")
    source = read_document(write(tmp_path, "a.html", page.encode("cp1252")))
    assert (source.text, source.warnings) == ("Café “Ha Noi”", ())


# --- properties ------------------------------------------------------------------------------

_VIETNAMESE = st.text(alphabet=st.sampled_from(sorted(set(VNI) | set(" .,\n0123456789Nn"))))


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        st.text().map(lambda text: text.encode("utf-8")),
        _VIETNAMESE.map(encode_vni),
        _VIETNAMESE.map(lambda text: encode_tcvn3(text.lower())),
        _VIETNAMESE.map(to_cp1258),
    ),
    suffix=st.sampled_from([".txt", ".html"]),
)
def test_any_bytes_read_as_nfc_text_or_a_reader_error(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = write(tmp_path, "any" + suffix, data)
    try:
        source = read_document(path)
    except ReaderError as error:
        assert error.path == path and error.reason
        return
    assert unicodedata.is_normalized("NFC", source.text)
    assert "\r" not in source.text
    assert not re.search(r"[\ud800-\udfff]", source.text)
