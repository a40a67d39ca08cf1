"""Find agencies in text and give them their canonical names.

Built from ``lexicon.agencies``. Local agencies take the province written after them
(``UBND tỉnh Bình Định``) or, when the text says only ``UBND tỉnh``, the province of the
document being read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from loaders.lexicon.agencies import AGENCIES, AgencyEntry
from loaders.lexicon.provinces import PROVINCES, UNIT_WORDS, province_unit
from loaders.models import AgencyMention
from loaders.text import fold

_PROVINCE_SLOT = (
    r"(?P<unit>" + "|".join(UNIT_WORDS) + r"|TP\.?)"
    r"(?:\s+(?P<prov>[A-ZĐÂĂÊÔƠƯÀ-Ỹ][^\W\d_]*(?:[ \t]+(?:-[ \t]+)?[A-ZĐÂĂÊÔƠƯÀ-Ỹ][^\W\d_]*){0,3}))?"
)
_FOLDED_PROVINCES = {fold(p): p for p in PROVINCES}


@dataclass(frozen=True)
class AgencyMatch:
    """One agency found at a place in the text."""

    start: int
    end: int
    name: str
    entry: AgencyEntry
    form: str


def _form_pattern(form: str) -> str:
    words = [re.escape(w) for w in form.replace("{province}", "\0").split()]
    body = r"\s+".join(words).replace("\0", _PROVINCE_SLOT)
    return rf"(?<!\w){body}(?!\w)"


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[re.Pattern[str], AgencyEntry, str]]:
    forms = [(form, entry) for entry in AGENCIES for form in entry.forms]
    forms.sort(key=lambda fe: -len(fe[0]))
    return [(re.compile(_form_pattern(form)), entry, form) for form, entry in forms]


def province_name(words: str | None) -> str | None:
    """The canonical province for the capitalised words after ``tỉnh`` (longest prefix wins).

    >>> province_name("Bình Định Ban")
    'Bình Định'
    """
    if not words:
        return None
    parts = words.split()
    for n in range(len(parts), 0, -1):
        hit = _FOLDED_PROVINCES.get(fold(" ".join(parts[:n]).replace(" - ", " - ")))
        if hit:
            return hit
    return None


def _name(entry: AgencyEntry, m: re.Match[str], home_province: str | None) -> str | None:
    if "{province}" not in entry.name:
        return entry.name
    groups = m.groupdict()
    province = province_name(groups.get("prov")) or home_province
    return entry.name.format(province=province_unit(province)) if province else None


_Form = tuple[re.Pattern[str], AgencyEntry, str]


@lru_cache(maxsize=1)
def _by_first_letter() -> dict[str, list[tuple[str, re.Pattern[str], AgencyEntry, str]]]:
    """The compiled forms by the letter they open with, in ``_compiled`` order, each with its
    first word: a form matches only where the text starts with that word, so the few forms
    that can match at an offset are found without trying all of them."""
    out: dict[str, list[tuple[str, re.Pattern[str], AgencyEntry, str]]] = {}
    for pattern, entry, form in _compiled():
        first = form.split()[0]
        if "{province}" in first:
            raise ValueError(f"agency form {form!r} must open with a word, not a province")
        out.setdefault(first[0], []).append((first, pattern, entry, form))
    return out


def _forms_at(text: str, pos: int) -> list[_Form]:
    """The forms whose first word ``text`` has at ``pos`` (``pattern.match`` reads a negative
    ``pos`` as 0)."""
    pos = max(pos, 0)
    forms = _by_first_letter().get(text[pos:pos + 1], [])
    return [(pattern, entry, form) for first, pattern, entry, form in forms if text.startswith(first, pos)]


def match_agency_at(text: str, pos: int, home_province: str | None) -> AgencyMatch | None:
    """The agency that starts exactly at ``pos``, if any (longest form wins)."""
    for pattern, entry, form in _forms_at(text, pos):
        m = pattern.match(text, pos)
        if m:
            name = _name(entry, m, home_province)
            if name:
                end = m.end()
                if m.groupdict().get("prov") and not province_name(m.group("prov")):
                    end = m.start("prov")
                return AgencyMatch(m.start(), end, name, entry, form)
    return None


@lru_cache(maxsize=1)
def _any_form() -> re.Pattern[str]:
    """The first words of all forms: a cheap pass finds the places where an agency may start."""
    firsts = sorted({form.split()[0] for entry in AGENCIES for form in entry.forms}, key=len, reverse=True)
    # Each look-behind follows its word, so that the pattern opens with the words' first
    # letters and the engine skips straight to them.
    words = [re.escape(w) for w in firsts]
    return re.compile("(?:" + "|".join(rf"{w}(?<!\w{w})" for w in words) + r")(?!\w)")


def find_agencies(text: str, home_province: str | None) -> list[AgencyMatch]:
    """Every agency named in ``text``, leftmost-longest, without overlaps.

    One combined pattern finds candidate places; the longest form that matches there names
    the agency (``Sở LĐTBXH tỉnh Tuyên Quang`` before ``Sở LĐTBXH``).
    """
    chosen: list[AgencyMatch] = []
    pos = 0
    finder = _any_form()
    while True:
        m = finder.search(text, pos)
        if not m:
            return chosen
        hit = _longest_at(text, m.start(), home_province)
        if hit:
            chosen.append(hit)
            pos = max(hit.end, m.start() + 1)
        else:
            pos = m.start() + 1


def _longest_at(text: str, pos: int, home_province: str | None) -> AgencyMatch | None:
    best: AgencyMatch | None = None
    for pattern, entry, form in _forms_at(text, pos):
        m = pattern.match(text, pos)
        if m and (best is None or m.end() > best.end):
            name = _name(entry, m, home_province)
            if name:
                best = AgencyMatch(m.start(), m.end(), name, entry, form)
    return best


SpanMap = Callable[[int, int], tuple[int, int]]


def group_agencies(hits: Iterable[AgencyMatch], original_span: SpanMap) -> tuple[AgencyMention, ...]:
    """Merge matches of one agency into one ``AgencyMention`` with all its spans."""
    by_name: dict[str, list[AgencyMatch]] = {}
    for hit in hits:
        by_name.setdefault(hit.name, []).append(hit)
    out = []
    for name, group in by_name.items():
        entry = group[0].entry
        parent = entry.parent
        if parent and "{province}" in parent:
            suffix = name[len(entry.name.split("{province}")[0]):]
            parent = parent.replace("{province}", suffix.strip()) if suffix else None
        out.append(AgencyMention(
            name=name,
            level=entry.level,
            parent=parent,
            forms=tuple(sorted({h.form.replace(" {province}", "") for h in group})),
            spans=tuple(original_span(h.start, h.end) for h in group),
        ))
    return tuple(sorted(out, key=lambda a: a.spans[0]))

