"""The extraction pipeline: text in, the document's header and every cited instrument out.

read → repair PDF damage → find footnotes → mask markers and footnote regions → header →
numbers and names → relation from cues → group into references, with spans in the text as
read. One function, ``extract_text``; ``extract_path`` adds the reader.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import replace
from functools import cached_property
from pathlib import Path

from loaders.agencies import find_agencies, group_agencies
from loaders.effect import find_entry_into_force
from loaders.footnotes import FootnoteLayout, find_footnotes
from loaders.header import parse_header
from loaders.identity import slug
from loaders.models import DocumentHeader, Extraction, Mention, Reference
from loaders.names import NameSpan, find_names, same_name
from loaders.numbers import ABSURD_NUMBER, NumberToken, scan_numbers
from loaders.references import NumberedMention, read_numbered
from loaders.relations import RelationReader, strongest
from loaders.repair import RepairedText, repair_text
from loaders.sentences import Sentences
from loaders.text import collapse_spaces, nfc

_MARKUP = re.compile(r"\*\*")


def mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Blank out ``spans`` with spaces (offsets unchanged; line breaks kept).

    The note view hides almost the whole text, so spans are merged and blanked a slice at a
    time rather than a character at a time.

    >>> mask("ab\\ncd ef", [(1, 4), (3, 5)])
    'a \\n   ef'
    """
    out: list[str] = []
    pos = 0
    for a, b in _merged(spans):
        out.append(text[pos:a])
        out.append("\n".join(" " * len(line) for line in text[a:b].split("\n")))
        pos = b
    out.append(text[pos:])
    return "".join(out)


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The non-empty ``spans`` in order, overlapping or touching ones merged."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(s for s in spans if s[1] > s[0]):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


class _Views:
    """The two scan views of one repaired text (main body, footnote bodies), and the same two
    views of the text as read, from which names are quoted as written.

    ``scanned`` lists the views worth scanning: without footnotes the note view is all
    blanks, and scanning it for numbers, names and agencies took about 3 % of a document."""

    def __init__(self, repaired: RepairedText, layout: FootnoteLayout) -> None:
        text = repaired.text
        noise = [(m.start(), m.end()) for m in _MARKUP.finditer(text)]
        hidden = list(layout.regions) + list(layout.markers) + noise
        self.main = mask(text, hidden)
        bodies = sorted(n.body for n in layout.footnotes)
        outside, pos = [], 0
        for a, b in bodies:
            outside.append((pos, a))
            pos = b
        outside.append((pos, len(text)))
        note_hidden = outside + list(layout.markers) + noise
        self.notes = mask(text, note_hidden)
        self.written_main = mask(repaired.original, [_span(repaired, a, b) for a, b in hidden])
        self.written_notes = mask(repaired.original, [_span(repaired, a, b) for a, b in note_hidden])
        self.main_sentences = Sentences(self.main)
        self.scanned = ((self.main, False), (self.notes, True)) if layout.footnotes else ((self.main, False),)

    @cached_property
    def note_sentences(self) -> Sentences:
        return Sentences(self.notes)


def extract_text(text: str, source: str = "<text>", reader_warnings: Iterable[str] = ()) -> Extraction:
    """Extract the header, references, agencies and footnotes of one document's text.

    >>> ex = extract_text("Căn cứ Nghị định số 55/2009/NĐ-CP ngày 10/6/2009 của Chính phủ.")
    >>> [(r.id, r.relation, r.date.isoformat()) for r in ex.references]
    [('55/2009/NĐ-CP', 'based_on', '2009-06-10')]
    """
    original = nfc(text)
    repaired = repair_text(original)
    layout = find_footnotes(repaired.text)
    views = _Views(repaired, layout)
    header = parse_header(views.main, repaired.text)
    warnings = [*reader_warnings, *header.warnings]
    numbered = _numbered(views, header, layout, warnings)
    names = _names(views, layout, numbered, header)
    blind = [(m.start, m.clause_end) for m, _ in numbered] + [(n.start, n.end) for n, _ in names]
    reader = RelationReader(views.main, views.main_sentences, blind)
    grouped: _Grouped = {}
    starts = sorted(m.start for m, _ in numbered)
    anchors = sorted([m.start for m, _ in numbered] + [n.start for n, _ in names])
    found_all: list[tuple[NumberedMention | NameSpan, bool]] = [*numbered, *names]
    for found, in_note in found_all:
        mention = _mention(found, in_note, repaired, views, layout, reader, starts, anchors)
        grouped.setdefault(_group_key(found, grouped), []).append((mention, found))
    references = tuple(
        _reference(items, views) for items in sorted(grouped.values(), key=lambda it: min(m.start for m, _ in it))
    )
    agencies = group_agencies(
        [a for view, _ in views.scanned for a in find_agencies(view, header.province)],
        lambda a, b: _span(repaired, a, b),
    )
    warnings += [f"footnote {n.number} has no marker in the text" for n in layout.footnotes if not n.marker]
    warnings += [f"offset {_span(repaired, m.start(), m.end())[0]}: {m.group(0)!r} has more digits than a document "
                 "number has: not read as a reference" for m in ABSURD_NUMBER.finditer(views.main)]
    effect = find_entry_into_force(views.main, header.date, views.main_sentences)
    if effect:
        a, b = _span(repaired, effect.start, effect.end)
        effect = replace(effect, start=a, end=b)
    return Extraction(source, header, references, agencies, layout.footnotes, tuple(warnings),
                      entry_into_force=effect, text=original)


_Grouped = dict[str, list[tuple[Mention, NumberedMention | NameSpan]]]


def _group_key(found: NumberedMention | NameSpan, grouped: _Grouped) -> str:
    """Numbered references group by key; names by ``same_name`` with a name already seen."""
    if isinstance(found, NumberedMention):
        return found.key
    for key, items in grouped.items():
        first = items[0][1]
        if isinstance(first, NameSpan) and first.type == found.type and same_name(first.name, found.name):
            return key
    return "name:" + slug(found.name, 200)


def extract_path(path: Path, source: str | None = None) -> Extraction:
    """Read one file (any supported format) and extract it. Raises ``ReaderError``.

    ``source`` names where the document came from when the path does not (an upload is
    read from a temporary file but recorded as ``upload:<its name>``)."""
    from loaders.readers import read_document  # readers pull in PDF/DOCX libraries: load lazily

    text = read_document(path)
    return replace(extract_text(text.text, source or str(path), text.warnings), encoding=text.encoding)


def _numbered(
    views: _Views, header: DocumentHeader, layout: FootnoteLayout, warnings: list[str]
) -> list[tuple[NumberedMention, bool]]:
    out: list[tuple[NumberedMention, bool]] = []
    for view, in_note in views.scanned:
        tokens = scan_numbers(view)
        for i, token in enumerate(tokens):
            nxt = tokens[i + 1].start if i + 1 < len(tokens) else None
            found = read_numbered(view, token, nxt, header.province)
            if _is_own_number(token, header) and not _dated_otherwise(found, header):
                continue
            if token.warning:
                warnings.append(f"offset {token.start}: {token.warning}")
            if found.date_problem:
                warnings.append(f"offset {token.end}: {found.date_problem} after {token.id}")
            out.append((found, in_note))
    return out


def _is_own_number(token: NumberToken, header: DocumentHeader) -> bool:
    return header.number is not None and token.id == header.number and token.start < 1200


def _dated_otherwise(found: NumberedMention, header: DocumentHeader) -> bool:
    """A mention of the document's own number dated another day is another instrument: a
    province numbers afresh each year, so plan 41/KH-UBND of 2024 may cite 41/KH-UBND of 2023."""
    return found.date is not None and header.date is not None and found.date != header.date


def _own_subject(header: DocumentHeader) -> str | None:
    """What the document itself approves or issues (``PHÊ DUYỆT CHƯƠNG TRÌNH …``): its name
    in the text is the document's own subject, not a citation."""
    m = re.match(r"(?i)(?:phê\s+duyệt|ban\s*hành)\s+(.+)", header.title or "")
    return m.group(1) if m else None


def _names(
    views: _Views, layout: FootnoteLayout, numbered: list[tuple[NumberedMention, bool]],
    header: DocumentHeader,
) -> list[tuple[NameSpan, bool]]:
    own = _own_subject(header)
    titles = [(m.start, m.clause_end) for m, _ in numbered]
    title_notes = _title_footnotes(layout, numbered)
    out = []
    for view, in_note in views.scanned:
        for name in find_names(view):
            if any(a <= name.start < b for a, b in titles):
                continue
            if any(a <= name.start < b for a, b in title_notes):
                continue
            if own and same_name(own, name.name):
                continue
            out.append((name, in_note))
    return out


def _title_footnotes(
    layout: FootnoteLayout, numbered: list[tuple[NumberedMention, bool]]
) -> list[tuple[int, int]]:
    """Footnote bodies that only describe the numbered reference their marker follows."""
    out = []
    for note in layout.footnotes:
        if not note.marker:
            continue
        has_number = any(note.body[0] <= m.start < note.body[1] for m, _ in numbered)
        follows_ref = any(0 <= note.marker[0] - m.end <= 40 for m, in_note in numbered if not in_note)
        if not has_number and follows_ref:
            out.append(note.body)
    return out


def _span(repaired: RepairedText, start: int, end: int) -> tuple[int, int]:
    return repaired.to_original(start), repaired.to_original(end)


def _mention(
    found: NumberedMention | NameSpan,
    in_note: bool,
    repaired: RepairedText,
    views: _Views,
    layout: FootnoteLayout,
    reader: RelationReader,
    starts: list[int],
    anchors: list[int],
) -> Mention:
    start, end = found.start, found.end
    sentences = views.note_sentences if in_note else views.main_sentences
    view = views.notes if in_note else views.main
    seg = sentences.at(start)
    if in_note:
        note = layout.in_body(start)
        marker = note.marker if note else None
        relation, cue = _marker_relation(reader, marker, anchors) if marker else ("cites", None)
    else:
        i = bisect.bisect_right(starts, start)
        relation, cue = reader.relation_at(start, end, starts[i] if i < len(starts) else None)
    a, b = _span(repaired, start, end)
    return Mention(a, b, repaired.original[a:b], _sentence(view, seg.start, seg.end, start, end),
                   in_note, relation, cue)


#: The longest sentence kept as evidence (the bundled corpus's longest is about 1 000 characters).
MAX_SENTENCE = 2000
_CLAUSE_END = re.compile(r"[;\n]")


def _sentence(view: str, a: int, b: int, start: int, end: int) -> str:
    """The sentence around a mention, as evidence. A "sentence" longer than ``MAX_SENTENCE``
    (a list of citations with no full stop) is cut to the clause around the mention, between
    semicolons or line ends, and to ``MAX_SENTENCE`` around it at most."""
    if b - a > MAX_SENTENCE:
        before = [m.end() for m in _CLAUSE_END.finditer(view, max(a, start - MAX_SENTENCE // 2), start)]
        after = _CLAUSE_END.search(view, end, min(b, end + MAX_SENTENCE // 2))
        a = before[-1] if before else max(a, start - MAX_SENTENCE // 2)
        b = after.end() if after else min(b, end + MAX_SENTENCE // 2)
    return collapse_spaces(view[a:b])


def _marker_relation(
    reader: RelationReader, marker: tuple[int, int], anchors: list[int]
) -> tuple[str, str | None]:
    """A footnote's relation: that of the reference its marker annotates, else of the marker."""
    seg = reader.sentences.at(marker[0])
    anchor = next((a for a in anchors if seg.start <= a < marker[0]), None)
    if anchor is not None:
        return reader.relation_at(anchor, anchor + 1)
    return reader.relation_at(marker[0], marker[1])


def _reference(items: list[tuple[Mention, NumberedMention | NameSpan]], views: _Views) -> Reference:
    mentions = tuple(sorted((m for m, _ in items), key=lambda m: m.start))
    relation = strongest([m.relation for m in mentions])
    first = items[0][1]
    first_mention = items[0][0]
    written_view = views.written_notes if first_mention.in_footnote else views.written_main
    written = collapse_spaces(written_view[first_mention.start:first_mention.end])
    if isinstance(first, NumberedMention):
        nums = [f for _, f in items if isinstance(f, NumberedMention)]
        return Reference(
            id=first.token.id,
            type=next((n.type for n in nums if n.type), None),
            name=None,
            issuer=next((n.issuer for n in nums if n.issuer), None),
            date=next((n.date for n in nums if n.date), None),
            relation=relation,
            mentions=mentions,
            title=next((n.title for n in nums if n.title), None),
            source_forms=tuple(dict.fromkeys(" ".join(n.token.source.split()) for n in nums)),
            local=first.token.local,
        )
    return Reference(id=None, type=first.type, name=written, issuer=None, date=None,
                     relation=relation, mentions=mentions, name_normalized=first.name)


