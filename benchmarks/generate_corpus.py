"""Write N FICTIONAL legal documents shaped like the bundled corpus, deterministic from a seed.

For the scale benchmarks (issue 9): the engine must carry on the order of a million
documents, and the real gender-equality corpus is 31. Every generated document is fictional
(years 2031–2099, subjects "thử nghiệm"), so nothing here can pass for a fact about a real
instrument. The shapes are real ones: the header block (issuer, motto, number, place and
date, type line, title), preambles of ``Căn cứ …;`` citations with dates and issuers,
``Thực hiện …`` lines, replacement clauses (``… thay thế Nghị định số …``), name-only
references (``Luật Bình đẳng giới``), footnote markers glued to words (``Luật1.``) with their
bodies at the end, and plans of the same number in different provinces.

    python benchmarks/generate_corpus.py OUT_DIR --count 100000 [--seed 1]

A manifest (``manifest.jsonl``: file, number, cited numbers, what it replaces) is written
beside the documents, so a test can check what the extractor finds against what was written.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from loaders.lexicon.provinces import CITIES
from loaders.lexicon.provinces import PROVINCES as LEXICON_PROVINCES

#: Every province (not the centrally-run cities, written ``thành phố``): local documents are
#: issued by each, and their plan numbers recur across them.
PROVINCES = tuple(p for p in LEXICON_PROVINCES if p not in CITIES)
#: A subject is an area for a group of people: 20 × 20 subjects whose titles share few words,
#: so that, as in the real corpus, two instruments of one issuer rarely have alike titles (the
#: inference rule proposes a supersession for those). Every title says "thử nghiệm".
AREAS = ("lồng ghép giới trong xây dựng pháp luật", "phòng ngừa bạo lực trên cơ sở giới", "thống kê dữ liệu giới",
         "truyền thông nâng cao nhận thức", "hỗ trợ khởi nghiệp", "chăm sóc sức khỏe sinh sản", "đào tạo nghề",
         "tham gia lãnh đạo quản lý", "ứng dụng công nghệ số", "tín dụng ưu đãi", "phòng chống mua bán người",
         "giảm nghèo bền vững", "nước sạch vệ sinh môi trường", "an sinh xã hội", "giáo dục phổ thông",
         "bảo hiểm thất nghiệp", "hòa giải ở cơ sở", "tư vấn pháp lý", "văn hóa gia đình", "thể thao quần chúng")
GROUPS = ("phụ nữ dân tộc thiểu số", "trẻ em gái vùng khó khăn", "lao động nữ di cư", "người cao tuổi",
          "thanh niên nông thôn", "nữ cán bộ công chức", "hộ nghèo biên giới", "người khuyết tật",
          "học sinh trung học", "ngư dân ven biển", "công nhân khu công nghiệp", "nạn nhân bạo lực",
          "doanh nghiệp nhỏ", "hợp tác xã", "chức sắc tôn giáo", "đồng bào miền núi", "hội viên nông dân",
          "sinh viên cao đẳng", "tiểu thương chợ", "lực lượng vũ trang")
FILLER = (
    "Các cơ quan, đơn vị có trách nhiệm tổ chức triển khai thực hiện nghiêm túc, hiệu quả các nội dung văn bản.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước theo phân cấp hiện hành và các nguồn hợp pháp khác.",
    "Định kỳ hằng năm, các đơn vị báo cáo kết quả thực hiện về cơ quan thường trực trước ngày 15 tháng 12.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị phản ánh kịp thời để tổng hợp, xem xét.",
    "Tăng cường công tác tuyên truyền, nâng cao nhận thức của cán bộ, công chức, viên chức và người lao động.",
)
LAW_NAMES = ("Luật Bình đẳng giới", "Luật Phòng, chống bạo lực gia đình", "Luật Tổ chức chính quyền địa phương")


@dataclass(frozen=True)
class Kind:
    type_line: str
    type_word: str
    issuer: str
    cited_as: str
    symbol: str
    local: bool = False


KINDS = (
    Kind("NGHỊ ĐỊNH", "Nghị định", "CHÍNH PHỦ", "Chính phủ", "NĐ-CP"),
    Kind("QUYẾT ĐỊNH", "Quyết định", "THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ", "QĐ-TTg"),
    Kind("THÔNG TƯ", "Thông tư", "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Bộ Lao động - Thương binh và Xã hội",
         "TT-BLĐTBXH"),
    Kind("KẾ HOẠCH", "Kế hoạch", "ỦY BAN NHÂN DÂN TỈNH {province}", "Ủy ban nhân dân tỉnh {province}", "KH-UBND",
         local=True),
    Kind("QUYẾT ĐỊNH", "Quyết định", "ỦY BAN NHÂN DÂN TỈNH {province}", "Ủy ban nhân dân tỉnh {province}", "QĐ-UBND",
         local=True),
)


@dataclass
class Written:
    """One generated document, as the manifest records it."""

    file: str
    number: str
    year: int
    kind: int
    province: str
    issued: str  # DD/MM/YYYY, as later documents cite it
    cites: list[str] = field(default_factory=list)
    replaces: str | None = None


#: The one central kind whose numbers carry no year.
PRIME_MINISTER = KINDS[1]


def _number(kind: Kind, serial: int, year: int) -> str:
    yearless = kind.local or kind is PRIME_MINISTER
    return f"{serial}/{kind.symbol}" if yearless else f"{serial}/{year}/{kind.symbol}"


#: Documents are dated in order across these years: what a document cites is older than it.
FIRST, LAST = date(2031, 1, 1), date(2099, 12, 31)


#: Shares of the kinds, roughly the country's: many provincial plans and decisions, some
#: Prime Minister's decisions and ministry circulars, few Government decrees.
WEIGHTS = (1, 8, 3, 50, 38)


@dataclass
class Earlier:
    """What a new document may cite: recent central instruments (any may be cited from
    anywhere) and each province's recent local ones (cited from the same province only)."""

    central: list[Written] = field(default_factory=list)
    local: dict[str, list[Written]] = field(default_factory=dict)
    serials: dict[tuple[str, int, int], int] = field(default_factory=dict)

    def add(self, w: Written) -> None:
        pool = self.local.setdefault(w.province, []) if KINDS[w.kind].local else self.central
        pool.append(w)
        del pool[:-(40 if KINDS[w.kind].local else 2000)]


def document(rng: random.Random, index: int, count: int, earlier: Earlier) -> tuple[Written, str]:
    """The ``index``-th of ``count`` documents, citing some of the ``earlier`` ones (with their dates)."""
    kind_no = rng.choices(range(len(KINDS)), weights=WEIGHTS)[0]
    kind = KINDS[kind_no]
    issued = FIRST + timedelta(days=index * (LAST - FIRST).days // max(1, count))
    year = issued.year
    province = rng.choice(PROVINCES)
    # every issuer numbers its documents of a kind afresh each year, as the real ones do: the
    # same plan number recurs across provinces and years (a serial past 99 999 is no document
    # number: the extractor refuses it). Not the Prime Minister's decisions, whose numbers
    # carry no year: real ones restart each year too, but the graph keys such a number by
    # itself and refuses a second decision of it dated another day (SqliteStore._number_taken;
    # keys with the year are not built), so here they are one running count (80 000 at 1M).
    issuer_of = province if kind.local else ""
    counted = (issuer_of, kind_no, 0 if kind is PRIME_MINISTER else year)
    serial = earlier.serials[counted] = earlier.serials.get(counted, 0) + 1
    number = _number(kind, serial, year)
    issuer = kind.issuer.format(province=province.upper())
    place = province if kind.local else "Hà Nội"
    when = f"ngày {issued.day:02d} tháng {issued.month:02d} năm {year}"
    subject = f"{rng.choice(AREAS)} cho {rng.choice(GROUPS)} thử nghiệm"
    written = Written("", number, year, kind_no, province, issued.strftime("%d/%m/%Y"))
    lines = [f"{issuer} | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "| Độc lập - Tự do - Hạnh phúc",
             f"Số: {number} | {place}, {when}", kind.type_line, f"Về {subject} năm {year}"]
    notes: list[str] = []
    law = rng.choice(LAW_NAMES)
    if rng.random() < 0.5:
        notes.append(f"{law} được Quốc hội thông qua ngày 29 tháng 11 năm 2006.")
        lines.append(f"Căn cứ {law}{len(notes)};")
    else:
        lines.append(f"Căn cứ {law};")
    citable = earlier.central + (earlier.local.get(province, []) if kind.local else [])
    for prior in rng.sample(citable, min(len(citable), rng.randint(1, 6))):
        p_kind = KINDS[prior.kind]
        cue = rng.choice(("Căn cứ", "Căn cứ", "Thực hiện", "Triển khai thực hiện"))
        lines.append(f"{cue} {p_kind.type_word} số {prior.number} ngày {prior.issued} của "
                     f"{p_kind.cited_as.format(province=prior.province)};")
        written.cites.append(prior.number)
    same = [p for p in earlier.central[-200:] if p.kind == kind_no]
    if same and rng.random() < 0.15:
        old = rng.choice(same)
        written.replaces = old.number
        lines.append(f"{kind.type_word} này thay thế {kind.type_word} số {old.number} ngày {old.issued}.")
    lines += [f"Điều {i}. {rng.choice(FILLER)}" for i in range(1, rng.randint(3, 9))]
    lines.append(f"{kind.type_word} này có hiệu lực kể từ ngày ký ban hành.")
    if notes:
        lines += ["", *(f"{i} {note}" for i, note in enumerate(notes, start=1))]
    return written, "\n".join(lines) + "\n"


def generate(out: Path, count: int, seed: int = 1) -> list[Written]:
    """Write ``count`` documents into ``out`` (and ``manifest.jsonl``); the same seed gives
    the same files, byte for byte."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    earlier = Earlier()
    manifest = []
    for index in range(count):
        written, text = document(rng, index, count, earlier)
        written.file = f"doc{index:07d}.txt"
        (out / written.file).write_text(text, encoding="utf-8")
        earlier.add(written)
        manifest.append(written)
    with (out / "manifest.jsonl").open("w", encoding="utf-8") as handle:
        for w in manifest:
            handle.write(json.dumps(w.__dict__, ensure_ascii=False) + "\n")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    written = generate(args.out, args.count, args.seed)
    size = sum((args.out / w.file).stat().st_size for w in written)
    print(f"{len(written)} documents, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
