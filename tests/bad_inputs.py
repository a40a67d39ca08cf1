"""A corpus of bad inputs, written by the tests (``write_bad_inputs``): what real collections
of legal documents hold besides documents. Every file says what ingesting it must give: an
error naming the problem (nothing stored for it), or a warning naming it (the document is
stored), or a clean load. All contents are FICTIONAL (numbers 9xx, "thử nghiệm").
"""

from __future__ import annotations

import io
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from pypdf import PdfWriter

from loaders.readers.legacy import encode_tcvn3

PLAN = """ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH
Số: {number}/KH-UBND
Bình Định, ngày 15 tháng 3 năm 2023
KẾ HOẠCH
Thực hiện công tác thử nghiệm hồ sơ năm 2023
Căn cứ Nghị định số 125/2021/NĐ-CP ngày 28/12/2021 của Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch.
"""


@dataclass(frozen=True)
class Expect:
    """``error`` (refused, the words of the reason), ``warning`` (stored, the words of the
    warning) or ``stored`` (a clean load)."""

    outcome: str
    words: str = ""


def _pdf() -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.cell(text="Nghi dinh so 955/2020/ND-CP thu nghiem")
    return bytes(pdf.output())


def _encrypted(pdf: bytes) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.encrypt(user_password="matkhau", owner_password="chu", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _zip_bomb(size: int) -> bytes:
    """A DOCX-shaped zip whose document.xml inflates to ``size`` bytes from a few hundred KB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1 << 20)
            for _ in range(size // len(chunk)):
                part.write(chunk)
    return out.getvalue()


def write_bad_inputs(folder: Path) -> dict[str, Expect]:
    """Write the corpus into ``folder``; the expectation for each file name."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261123)
    plan = PLAN.format(number=958)
    pdf = _pdf()
    files: dict[str, tuple[bytes | None, Expect]] = {
        "empty.txt": (b"", Expect("error", "no text to ingest (empty file)")),
        "binary-noise.txt": (bytes(rng.randrange(256) for _ in range(20_000)), Expect("error", "not text")),
        "truncated.pdf": (pdf[: len(pdf) // 2], Expect("error", "truncated PDF")),
        "encrypted.pdf": (_encrypted(pdf), Expect("error", "encrypted PDF (password required)")),
        "zip-bomb.docx": (_zip_bomb(300 << 20), Expect("error", "zip bomb")),
        "not-a-docx.docx": (plan.encode(), Expect("error", "not a DOCX")),
        "huge.txt": (None, Expect("error", "over the size limit")),  # 200 MB, written sparse below
        "invalid-utf8.txt": (plan.replace("958", "959").encode().replace("Thực hiện".encode(), b"Th\xff\xfe"),
                             Expect("warning", "invalid UTF-8 at byte offset")),
        "legacy-tcvn3.txt": (encode_tcvn3(plan.replace("958", "960").lower()), Expect("stored")),
        "impossible-dates.txt": ("""CHÍNH PHỦ
Số: 961/2020/NĐ-CP
Hà Nội, ngày 31 tháng 02 năm 2020
NGHỊ ĐỊNH
Thử nghiệm hồ sơ
Căn cứ Nghị định số 125/2021/NĐ-CP ngày 31/02/2999 của Chính phủ;
""".encode(), Expect("warning", "document date: impossible date 31/02/2020")),
        "absurd-numbers.txt": (plan.replace("958", "962").replace(
            "ban hành Kế hoạch.", "ban hành Kế hoạch; Căn cứ Quyết định số 99999999/2021/QĐ-TTg.").encode(),
            Expect("warning", "'99999999/2021/QĐ-TTg' has more digits than a document number has")),
        "ten-thousand-references.txt": ((
            "CHÍNH PHỦ\nSố: 963/2020/NĐ-CP\nHà Nội, ngày 01 tháng 02 năm 2020\nNGHỊ ĐỊNH\nThử nghiệm hồ sơ\n"
            + "".join(f"Căn cứ Quyết định số {i}/QĐ-TTg ngày 01/01/2019 của Thủ tướng Chính phủ;\n"
                      for i in range(1, 10_001))).encode(), Expect("stored")),
        "deeply-nested.html": (("<html><body>" + "<div>" * 100_000 + plan.replace("958", "964").replace("\n", "<br>")
                                + "</div>" * 100_000 + "</body></html>").encode(), Expect("stored")),
    }
    for name, (data, _) in files.items():
        if data is not None:
            (folder / name).write_bytes(data)
    with (folder / "huge.txt").open("wb") as huge:
        huge.truncate(200 << 20)
    return {name: expect for name, (_, expect) in files.items()}
