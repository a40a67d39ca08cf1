"""The document's own header and signature: number, type, issuer, place, date, subject, signer.

Vietnamese instruments open with the issuing agency, ``Số: …``, the place and date
(``Hà Nội, ngày 23 tháng 02 năm 2022``), the type line (``QUYẾT ĐỊNH``) or ``V/v …`` for a
letter, and close with the signature block (``KT. BỘ TRƯỞNG`` / ``THỨ TRƯỞNG`` / name).
Drafts and templates leave the number or the day blank; the identity is then synthetic.
Letters copied without their header still name their issuer in the text
(``Bộ Lao động - Thương binh và Xã hội đề nghị …``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date
from functools import lru_cache

from loaders.agencies import find_agencies, province_name
from loaders.dates import MAX_YEAR, MIN_YEAR, make_date
from loaders.identity import instrument_key, synthetic_key, text_fingerprint
from loaders.lexicon.agencies import AGENCIES
from loaders.lexicon.doc_types import HEADER_TYPE_LINES, LETTER_TYPE
from loaders.lexicon.issuers import CENTRAL_ISSUERS, LOCAL_ISSUERS
from loaders.lexicon.provinces import province_unit
from loaders.models import DocumentHeader
from loaders.numbers import NumberToken, scan_numbers
from loaders.text import collapse_spaces, fold

HEAD_LIMIT = 2500
_SO = re.compile(r"(?im)(?:^|\|)[ \t]*Số\s*:?\s*")
_BODY_START = re.compile(r"Căn\s+cứ|Kính\s+gửi|Thực\s+hiện|Điều\s+1\b")
_DATE_WORDS = re.compile(r"(?i)ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})")
_BLANK_NUMBER = re.compile(r"[ \t.…_]*/\s*(?P<sym>[A-ZĐ][\w&-]*)")
_PLACE_DATE = re.compile(
    r"(?m)(?:^|\|)[ \t]*(?P<place>[A-ZĐÀ-Ỹ][^\W\d_]*(?:(?:\s*-\s*|\s+)[A-ZĐÀ-Ỹ][^\W\d_]*){0,3})\s*,\s*ngày\s*"
    r"(?P<d>\d{1,2})?[\s.…_]*tháng\s*(?P<m>\d{1,2})?[\s.…_]*năm\s*(?P<y>\d{4})"
)
#: ``V/v`` in any case, as a word: opening with the letter rather than the look-behind lets
#: the engine skip to the letters (a third of the time, on a head with no ``V/v``).
_VV = re.compile(r"[Vv](?<!\w.)/[Vv]\s+")
_TITLE_STOP = re.compile(
    r"\n\s*(?:Kính\s+gửi|[-–_]{3,}|[A-ZĐÀ-Ỹ][^\W\d_]*(?:(?:[ \t]*-[ \t]*|[ \t]+)[A-ZĐÀ-Ỹ][^\W\d_]*){0,3}\s*,\s*ngày"
    r"|Căn\s+cứ|Thực\s+hiện|Theo\s+đề\s+nghị|Xét\s+đề\s+nghị|\||(?:SỐ|Số)\s*:?\s*\d|CỦA\s)"
)
_CAPACITY = re.compile(
    r"^\s*(?:(?:KT|TM|TL|TUQ|Q)\.\s*)?(?:PHÓ\s+)?(?:BỘ TRƯỞNG|THỨ TRƯỞNG|CHỦ TỊCH|GIÁM ĐỐC|"
    r"THỦ TƯỚNG|TỔNG GIÁM ĐỐC|CHÁNH VĂN PHÒNG|VỤ TRƯỞNG|TRƯỞNG BAN|CHỦ NHIỆM|TRƯỞNG PHÒNG)\b.*$",
    re.MULTILINE,
)
_NAME = re.compile(r"^\s*([A-ZĐÀ-Ỹ][^\W\d_]*(?:[ \t]+[A-ZĐÀ-Ỹ][^\W\d_]*){1,4})\s*$")
_SUBJECT_VERBS = re.compile(r"\s+(?:đề\s+nghị|yêu\s+cầu|hướng\s+dẫn|thông\s+báo|đề\s+xuất)\b")


def parse_header(text: str, full_text: str | None = None) -> DocumentHeader:
    """Read the header and signature block of ``text`` (the repaired, masked scan view).

    ``full_text`` (footnotes included) is where the province of a local letter is looked
    for when its header does not name it: footnotes often do (``… tỉnh Bình Định``).
    """
    head = text[:HEAD_LIMIT]
    body = _BODY_START.search(head)
    token, blank_symbol = _number(head[: body.start()] if body else head[:1200])
    place, issued, partial, date_problem = _place_date(head)
    if token and not issued and not partial:
        issued = _date_by_number(head, token)
    issuer, province = _issuer(full_text or text, head, token, blank_symbol, place)
    line = _type_line(head)
    doc_type = _type(head, line, token, blank_symbol)
    title = _title(head, line)
    signer, capacity = _signature(text)
    number = token.id if token else None
    when = issued.isoformat() if issued else partial
    local = bool(token and token.local)
    if number and (issued or not local):
        key, synthetic = instrument_key(number, issuer, issued, local), False
    else:
        key, synthetic = synthetic_key(issuer, when, title, text_fingerprint(text)), True
    return DocumentHeader(
        id=key, number=number, synthetic_id=synthetic, type=doc_type, issuer=issuer,
        place=place, date=issued, date_partial=None if issued else partial, title=title,
        signer=signer, signer_capacity=capacity, recipients=_recipients(head),
        province=province,
        warnings=tuple(w for w in (f"document number: {token.warning}" if token and token.warning else None,
                                   date_problem) if w),
    )


#: ``Số: 4155QĐ/ BTP``: the slash typed after the type code instead of before it.
_MISPLACED_SLASH = re.compile(r"(\d{1,5})([A-ZĐ]{1,4})\s*/\s*([A-ZĐ][A-ZĐ&]*)(?![\w/-])")


def _number(head: str) -> tuple[NumberToken | None, str | None]:
    tokens = {t.start: t for t in scan_numbers(head)}
    for m in _SO.finditer(head):
        if m.end() in tokens:
            return tokens[m.end()], None
        misplaced = _MISPLACED_SLASH.match(head, m.end())
        if misplaced:
            number, code, issuer = misplaced.groups()
            fixed = scan_numbers(f"{number}/{code}-{issuer}")
            if fixed:
                return replace(fixed[0], start=misplaced.start(), end=misplaced.end(),
                               source=misplaced.group(0),
                               warning=f"number written {misplaced.group(0)!r} normalized to {fixed[0].id!r}"), None
        blank = _BLANK_NUMBER.match(head, m.end())
        if blank:
            return None, blank.group("sym")
    return None, None


def _date_by_number(head: str, token: NumberToken) -> date | None:
    """The date on the number's own line (``SỐ 73/2006/QH11 NGÀY 29 THÁNG 11 NĂM 2006``)."""
    m = _DATE_WORDS.match(head, token.end + 1) or _DATE_WORDS.search(head, token.end, token.end + 40)
    return make_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))[0] if m else None


def _place_date(head: str) -> tuple[str | None, date | None, str | None, str | None]:
    """(place, date, what is known of a date left blank or impossible, the problem with it)."""
    m = _PLACE_DATE.search(head)
    if not m:
        return None, None, None, None
    year = int(m.group("y"))
    month = int(m.group("m")) if m.group("m") else None
    day = int(m.group("d")) if m.group("d") else None
    issued, problem = make_date(year, month, day) if month and day else (None, None)
    if month and not 1 <= month <= 12:
        month = None
    known = f"{year:04d}-{month:02d}" if month else f"{year:04d}"
    partial = known if MIN_YEAR <= year <= MAX_YEAR else None
    if problem:
        problem = f"document date: {problem}" + (f"; kept as {partial}" if partial else "; left out")
    return collapse_spaces(m.group("place")), issued, partial, problem


def _codes(token: NumberToken | None, blank_symbol: str | None) -> tuple[str | None, str | None]:
    """(type from the symbol, first issuer code) of the document's own number."""
    if token:
        return token.code_type, token.issuer_codes[0] if token.issuer_codes else None
    if blank_symbol:
        parsed = scan_numbers(f"1/{blank_symbol}")
        if parsed:
            return parsed[0].code_type, parsed[0].issuer_codes[0] if parsed[0].issuer_codes else None
    return None, None


def _type_line(head: str) -> tuple[str, int] | None:
    """(type, end offset) of the type line (``QUYẾT ĐỊNH``), also when a PDF broke it over two
    lines (``NGHỊ`` / ``ĐỊNH``); an all-capitals title line after it is not part of it."""
    lines = head.split("\n")
    end = -1  # where line i ends
    following = " ".join(lines[0].split())
    for i, line in enumerate(lines):
        one = following
        end += len(line) + 1
        if one in HEADER_TYPE_LINES:
            return HEADER_TYPE_LINES[one], end
        if i + 1 < len(lines):
            following = " ".join(lines[i + 1].split())
            if f"{one} {following}" in HEADER_TYPE_LINES:
                return HEADER_TYPE_LINES[f"{one} {following}"], end + 1 + len(lines[i + 1])
    return None


def _type(
    head: str, line: tuple[str, int] | None, token: NumberToken | None, blank_symbol: str | None
) -> str | None:
    if line:
        return line[0]
    code_type, _ = _codes(token, blank_symbol)
    if code_type and code_type != LETTER_TYPE:
        return code_type
    if code_type == LETTER_TYPE or _VV.search(head) or re.search(r"Kính\s+gửi", head):
        return LETTER_TYPE
    if not re.search(r"(?m)^\s*Điều\s+\d+\.", head):
        return LETTER_TYPE  # a letter copied without its header: no articles, no type line
    return None


def _title(head: str, line: tuple[str, int] | None) -> str | None:
    """The subject after ``V/v``, else after the type line (``line``, from ``_type_line``)."""
    m = _VV.search(head)
    start = m.end() if m else None
    if start is None:
        start = line[1] if line else None
    if start is None:
        return None
    stop = _TITLE_STOP.search(head, start)
    end = stop.start() if stop else min(len(head), start + 300)
    lines = [ln for ln in head[start:end].splitlines() if not _is_authority_line(ln)]
    title = collapse_spaces(" ".join(lines))
    title = re.sub(r"^(?:VỀ VIỆC|Về việc|V/v)\s+", "", title)
    return title or None


def _is_authority_line(line: str) -> bool:
    """An all-capitals line naming the enacting authority (``CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH``)."""
    words = collapse_spaces(line)
    return bool(words) and words.isupper() and bool(
        re.match(r"(CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|CHÍNH PHỦ|QUỐC HỘI|ỦY BAN|UỶ BAN|HỘI ĐỒNG)", words)
    )


def _header_agency(head: str) -> tuple[str | None, str | None]:
    """The issuing agency from the capitalised lines above ``CỘNG HÒA``/``Số``."""
    cut = re.search(r"(?m)CỘNG\s+H[ÒO]A|^[ \t|]*Số\b", head)
    top = fold(collapse_spaces(head[: cut.start()]).replace("|", " ")) if cut else ""
    if not top:
        return None, None
    local = re.search(r"(uy ban nhan dan|so lao dong - thuong binh va xa hoi)\s+(tinh|thanh pho)\s+([a-z -]+)", top)
    if local:
        prov = province_name(local.group(3))  # province_name compares folded forms
        if prov:
            kind = "Ủy ban nhân dân" if local.group(1).startswith("uy") else "Sở Lao động - Thương binh và Xã hội"
            return f"{kind} {province_unit(prov)}", prov
    for name, folded in _central_names():
        if folded in top:
            return name, None
    return None, None


@lru_cache(maxsize=1)
def _central_names() -> list[tuple[str, str]]:
    """(name, folded name) of the agencies that name no province, the longest first."""
    return [(e.name, fold(e.name)) for e in sorted(AGENCIES, key=lambda e: -len(e.name)) if "{province}" not in e.name]


def _issuer(
    text: str, head: str, token: NumberToken | None, blank_symbol: str | None, place: str | None
) -> tuple[str | None, str | None]:
    """(issuer, province): header lines, else the number's issuer code, else the text."""
    issuer, province = _header_agency(head)
    if issuer:
        return issuer, province
    _, code = _codes(token, blank_symbol)
    if code in CENTRAL_ISSUERS:
        return CENTRAL_ISSUERS[code], None
    province = province_name(place) if place else None
    province = province or _most_named_province(text)
    if code in LOCAL_ISSUERS:
        return (LOCAL_ISSUERS[code].format(province=province_unit(province)) if province else None), province
    for hit in find_agencies(text[:4000], province):
        if _SUBJECT_VERBS.match(text, hit.end):
            local = "{province}" in hit.entry.name
            return hit.name, province if local else None
    return None, province


def _most_named_province(text: str) -> str | None:
    counts = Counter(
        p for m in re.finditer(r"(?:tỉnh|thành phố)\s+([A-ZĐÀ-Ỹ][^\W\d_]*(?:[ \t]+[A-ZĐÀ-Ỹ][^\W\d_]*){0,3})", text)
        if (p := province_name(m.group(1)))
    )
    return counts.most_common(1)[0][0] if counts else None


def _signature(text: str) -> tuple[str | None, str | None]:
    """(signer, capacity) from the signature block: the last run of capacity lines
    (``KT. BỘ TRƯỞNG`` / ``THỨ TRƯỞNG``) followed by a person's name.

    The enacting authority in the header (``BỘ TRƯỞNG BỘ TƯ PHÁP``) is also a capacity line,
    so the last run that has a name under it wins.
    """
    caps = list(_CAPACITY.finditer(text, max(0, len(text) - 2500)))
    runs: list[list[re.Match[str]]] = []
    for m in caps:
        if runs and text[runs[-1][-1].end():m.start()].strip() == "":
            runs[-1].append(m)
        else:
            runs.append([m])
    best: tuple[str | None, str | None] = (None, None)
    for run in runs:
        capacity = " / ".join(collapse_spaces(m.group(0)) for m in run)
        name = _name_after(text, run[-1].end())
        if name:
            best = (name, capacity)
        elif best[0] is None:
            best = (None, capacity)
    return best


def _name_after(text: str, pos: int) -> str | None:
    for line in text[pos:].splitlines():
        name = _NAME.match(line)
        if name and not line.strip().startswith(("Nơi", "Lưu")):
            return collapse_spaces(name.group(1))
        if line.strip() and not name:
            return None
    return None


def _recipients(head: str) -> tuple[str, ...]:
    m = re.search(r"Kính\s+gửi\s*:?", head)
    if not m:
        return ()
    out: list[str] = []
    for line in head[m.end():].splitlines():
        item = collapse_spaces(line)
        if not item:
            continue
        if not item.startswith(("-", "+", "•")):
            if out:
                break
            continue
        out.append(item.lstrip("-+• ").rstrip(";.,"))
    return tuple(out)
