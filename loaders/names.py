"""References by name only: laws, strategies, programmes, schemes and plans cited without a number.

A name counts when it singles out one instrument: a law or code with its capitalised name
(``Luật Bình đẳng giới``), or a strategy/programme/scheme/plan that carries its period
(``… giai đoạn 2021-2030``, ``… đến năm 2030``), its quoted name (``Chương trình “…”``) or its
number within a programme (``Dự án 8``). Generic phrases — plural (``các Chương trình``),
or without a period — are not references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.lexicon.doc_types import NAMED_INSTRUMENT_HEADS
from loaders.text import fold

_W = r"[^\W\d_]+"
_PERIOD = (
    r"(?:giai\s+đoạn\s+(?:I+\s*:?\s*)?(?:từ\s+năm\s+)?\d{4}(?:\s*[-–]\s*|\s+đến\s+(?:năm\s+)?)\d{4}"
    r"(?:\s*,?\s*tầm\s+nhìn\s+(?:đến\s+)?năm\s+\d{4})?"
    r"|đến\s+năm\s+\d{4}(?:\s*,?\s*tầm\s+nhìn\s+(?:đến\s+)?năm\s+\d{4})?"
    r"|năm\s+\d{4}\s*[-–]\s*\d{4})"
)
_HEADS = [re.escape(h) for h in ("Hiến pháp", *NAMED_INSTRUMENT_HEADS)]
_HEAD = r"|".join(_HEADS)
_LAW_STOP = {
    "và", "các", "của", "số", "năm", "ngày", "để", "đã", "được", "trong", "khi", "thì", "theo",
    "tại", "hướng", "quy", "nhằm", "là", "có", "với", "cho", "từ", "đến", "hoặc", "này", "đó",
    "thi", "sửa", "đề", "hoàn", "về", "trên", "như", "những", "mà", "gồm", "cần", "không",
}
#: Plans named by what they carry out (``Kế hoạch thực hiện Chiến lược …``): every agency has
#: one, so such a name is no identity; the instrument they carry out is found on its own.
_PURPOSE_PLAN = re.compile(
    r"Kế\s+hoạch\s+(?:năm\s+\d{4}\s+)?(?:hành\s+động\s+)?(?:tổ\s+chức\s+)?(?:thực\s+hiện|triển\s+khai)"
)
#: ``Luật sửa đổi, bổ sung một số điều của Luật X và Luật Y``: the amending law's name runs
#: through the names of the laws it amends.
_AMENDING = re.compile(r"\s+sửa\s+đổi,?\s+bổ\s+sung\s+(?:một\s+số\s+điều\s+)?(?:của\s+)?")
#: ``(Dự án 4)``: a short alias written after a long name.
_ALIAS = re.compile(r"\s*\((?P<alias>(?:Dự án|Đề án|Chương trình|Tiểu dự án)\s+\d{1,2})\)")
#: A head not inside a word or path. Each look-behind follows its word, so that the pattern
#: opens with the heads' first letters and the engine skips straight to them.
_HEAD_RE = re.compile(
    "(?P<head>" + "|".join(rf"{w}(?<![\w/]{w})" for w in _HEADS) + r")(?=\s)"
)
_PLURAL = re.compile(r"(?:các|những|mọi|một\s+số)\s*$", re.IGNORECASE)
_QUOTED = re.compile(r"\s*(?:[^\W\d_]+\s+){0,3}?[“\"](?P<q>[^”\"]{3,300})[”\"]")
_NUMBERED_PART = re.compile(r"\s+(?P<n>\d{1,2})(?![\d/])")
_NAME_TO_PERIOD = re.compile(rf"\s+(?P<body>[^.;:!?()]{{3,260}}?){_PERIOD}")


@dataclass(frozen=True)
class NameSpan:
    """A name-only reference found at ``start``..``end`` with its type and name."""

    start: int
    end: int
    type: str
    name: str


def find_names(text: str) -> list[NameSpan]:
    """Every name-only reference in ``text`` (nested names are found too).

    >>> [n.name for n in find_names("triển khai Luật Bình đẳng giới và các văn bản")]
    ['Luật Bình đẳng giới']
    """
    found: list[NameSpan] = []
    for m in _HEAD_RE.finditer(text):
        if any(n.start < m.start() < n.end and (_in_alias(text, n, m.start()) or _amends(text, n))
               for n in found):
            continue  # an alias ``(Dự án 4)`` or a law named inside an amending law's name
        if _PLURAL.search(text, max(0, m.start() - 12), m.start()):
            continue
        if _PURPOSE_PLAN.match(text, m.start()):
            continue
        span = _extent(text, m.group("head"), m.start(), m.end())
        if span:
            found.append(span)
    return found


def _amends(text: str, name: NameSpan) -> bool:
    """True when ``name`` is an amending law (``Luật sửa đổi, bổ sung … của Luật …``)."""
    head = _HEAD_RE.match(text, name.start)
    return bool(head and _AMENDING.match(text, head.end()))


def _in_alias(text: str, name: NameSpan, pos: int) -> bool:
    """True when ``pos`` lies in the ``(Dự án 4)`` alias at the end of ``name``'s span."""
    return text.rfind("(", name.start, name.end) != -1 and pos > text.rfind("(", name.start, name.end)


def _extent(text: str, head: str, start: int, end: int) -> NameSpan | None:
    if head == "Hiến pháp":
        m = re.match(r"(?:\s+nước[^.;:()\d]{5,60}?)?\s+năm\s+\d{4}", text[end:])
        return _span(text, head, start, end + (m.end() if m else 0))
    kind = "Luật" if head in ("Luật", "Bộ luật", "Pháp lệnh") else head
    if kind == "Luật":
        return _law(text, head, start, end)
    if re.match(r"\s+số\b|\s+\d+/", text[end:end + 8]):
        return None  # a numbered reference: its type word, not a name
    quoted = _QUOTED.match(text, end)
    if quoted:
        return _span(text, head, start, quoted.end())
    to_alias = re.match(r"[^.;:()]{10,300}?(?=\s*\((?:Dự án|Đề án|Chương trình|Tiểu dự án)\s+\d)", text[end:])
    if to_alias and head in ("Dự án", "Đề án", "Chương trình"):
        alias = _ALIAS.match(text, end + to_alias.end())
        if alias:
            return NameSpan(start, alias.end(), head, " ".join(text[start:end + to_alias.end()].split()))
    numbered = _NUMBERED_PART.match(text, end)
    if numbered and head in ("Dự án", "Đề án", "Chương trình"):
        return _span(text, head, start, numbered.end())
    to_period = _NAME_TO_PERIOD.match(text, end)
    if to_period and not re.search(r"[“\"]|\s(?:và|,)\s+(?:" + _HEAD + r")\s", to_period.group("body")):
        part_of = re.search(r"\s+thuộc\s+(?:" + _HEAD + r")\s", to_period.group("body"))
        if part_of and head in ("Dự án", "Tiểu dự án"):
            return _span(text, head, start, to_period.start("body") + part_of.start())
        return _span(text, head, start, to_period.end())
    if head == "Chiến lược":
        stop = "|".join(_LAW_STOP)
        national = re.match(r"\s+quốc\s+gia\s+về(?:\s+(?!(?:" + stop + r")\b)[^\W\d_]+){1,6}", text[end:])
        if national:
            return _span(text, head, start, end + national.end())
    return None


_LAW_WORD = re.compile(rf"\s*(,)|\s+({_W})(?!\w)")


def _law(text: str, head: str, start: int, end: int) -> NameSpan | None:
    amending = _AMENDING.match(text, end)
    if amending:
        inner = _HEAD_RE.match(text, amending.end())
        target = _law(text, inner.group("head"), inner.start(), inner.end()) if inner else None
        if not target:
            return None
        last = target.end
        more = re.match(r"\s+và\s+", text[last:last + 8])
        if more:
            again = _HEAD_RE.match(text, last + more.end())
            second = _law(text, again.group("head"), again.start(), again.end()) if again else None
            last = second.end if second else last
        return _span(text, head, start, last)
    words: list[tuple[str, int]] = []
    pos = end
    while len(words) < 12:
        m = _LAW_WORD.match(text, pos)
        if not m:
            break
        words.append((m.group(1) or m.group(2), m.end()))
        pos = m.end()
    if not words or words[0][0] == "," or words[0][0].lower() in _LAW_STOP:
        return None
    if not words[0][0][:1].isupper() and (len(words) < 2 or words[1][0].lower() in _LAW_STOP):
        return None  # ``Luật này``, ``Luật pháp``: no name
    last = end
    for i, (word, stop) in enumerate(words):
        if word == ",":
            follow = words[i + 1][0] if i + 1 < len(words) else ""
            if i <= 2 and follow[:1].islower() and follow not in _LAW_STOP:
                continue  # ``Luật Phòng, chống …``, ``Luật An toàn, vệ sinh lao động``
            break
        if word.lower() in _LAW_STOP or i >= 10:
            break
        last = stop
    return _span(text, head, start, last)


def _span(text: str, head: str, start: int, end: int) -> NameSpan:
    name = " ".join(text[start:end].split())
    kind = "Luật" if head == "Luật" else head
    return NameSpan(start, end, kind, name)


def name_key(name: str) -> str:
    """The comparison key of a name (diacritics, quotes and spacing folded)."""
    return " ".join(re.sub(r"[“”\"]", " ", fold(name)).replace(" - ", "-").split())


_PERIOD_START = re.compile(r"\s(?:giai doan|den nam|nam \d{4}|tam nhin)\b")
_YEAR = re.compile(r"(?:19|20)\d{2}")
#: ``… trên địa bàn tỉnh Tây Ninh``: a province's share of a national instrument names the
#: national one.
_LOCALITY = re.compile(r"\s(?:tren dia ban\s)?(?:tinh|thanh pho)\s[a-z]+(?:\s[a-z]+){0,2}?(?=\sgiai doan|\sden nam|$)")


def same_name(a: str, b: str) -> bool:
    """Same instrument by name: equal once folded, up to the period, with the same years when
    both give them (``Chiến lược quốc gia về bình đẳng giới`` and ``… giai đoạn 2021-2030``).

    >>> same_name("Chương trình quốc gia về bình đẳng giới giai đoạn 2011-2015",
    ...           "Chương trình quốc gia về bình đẳng giới năm 2011 - 2015")
    True
    """
    ka, kb = (_LOCALITY.sub("", name_key(x)) for x in (a, b))
    if ka == kb:
        return True
    base_a, base_b = (_PERIOD_START.split(k, maxsplit=1)[0].strip() for k in (ka, kb))
    years_a, years_b = (_YEAR.findall(k) for k in (ka, kb))
    return base_a == base_b and (years_a == years_b or not years_a or not years_b)
