"""Domain objects of extraction: mentions, references, the document header, agencies.

Every fact keeps its words: a ``Mention`` holds the character span in the text as read and
the sentence around it, so a legal officer can always see why the extractor said so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Mention:
    """One place in the text where an instrument is cited.

    ``start``/``end`` index the text as read (``SourceText.text``); ``text`` is exactly that
    slice; ``sentence`` is the sentence around it, white space collapsed.
    """

    start: int
    end: int
    text: str
    sentence: str
    in_footnote: bool = False
    relation: str = "cites"
    cue: str | None = None


@dataclass(frozen=True)
class Reference:
    """One instrument cited by a document, with all the places that cite it.

    ``id`` is the normalized number (``55/2009/NĐ-CP``), or ``None`` for a reference by name
    only (``Luật Bình đẳng giới``); ``local`` says the number is an identity only together with
    its issuer and date (``41/KH-UBND``).
    """

    id: str | None
    type: str | None
    name: str | None
    issuer: str | None
    date: date | None
    relation: str
    mentions: tuple[Mention, ...]
    title: str | None = None
    source_forms: tuple[str, ...] = ()
    local: bool = False
    name_normalized: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "name_normalized": self.name_normalized,
            "issuer": self.issuer,
            "date": self.date.isoformat() if self.date else None,
            "relation": self.relation,
            "title": self.title,
            "local": self.local,
            "source_forms": list(self.source_forms),
            "mentions": [
                {
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "sentence": m.sentence,
                    "in_footnote": m.in_footnote,
                    "relation": m.relation,
                    "cue": m.cue,
                }
                for m in self.mentions
            ],
        }


@dataclass(frozen=True)
class DocumentHeader:
    """What the document says about itself: number, type, issuer, place, date, subject, signer.

    When the number or the day is blank (a draft or an unfilled template), ``id`` is a
    synthetic identity made from issuer, date and subject, and ``synthetic_id`` is true.
    """

    id: str
    number: str | None
    synthetic_id: bool
    type: str | None
    issuer: str | None
    place: str | None
    date: date | None
    date_partial: str | None
    title: str | None
    signer: str | None
    signer_capacity: str | None
    recipients: tuple[str, ...] = ()
    province: str | None = None
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "synthetic_id": self.synthetic_id,
            "type": self.type,
            "issuer": self.issuer,
            "place": self.place,
            "date": self.date.isoformat() if self.date else None,
            "date_partial": self.date_partial,
            "title": self.title,
            "signer": self.signer,
            "signer_capacity": self.signer_capacity,
            "recipients": list(self.recipients),
            "province": self.province,
        }


@dataclass(frozen=True)
class AgencyMention:
    """An agency named in the text, under its canonical name."""

    name: str
    level: str
    parent: str | None
    forms: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "level": self.level,
            "parent": self.parent,
            "forms": list(self.forms),
            "mentions": [{"start": s, "end": e} for s, e in self.spans],
        }


@dataclass(frozen=True)
class Footnote:
    """A footnote: its number, where its marker stands and where its body is."""

    number: int
    marker: tuple[int, int] | None
    body: tuple[int, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "marker": list(self.marker) if self.marker else None,
            "body": list(self.body),
        }


@dataclass(frozen=True)
class EntryIntoForce:
    """The document's own statement of when it takes effect.

    ``on`` is the date when the text gives one or it follows from the date issued; ``rule``
    says which: ``stated`` (a written date), ``on signing``, ``N days after signing``.
    """

    on: date | None
    rule: str
    sentence: str
    start: int
    end: int

    def to_json(self) -> dict[str, object]:
        return {"on": self.on.isoformat() if self.on else None, "rule": self.rule,
                "sentence": self.sentence, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document: the JSON contract of ``vbgraph extract``."""

    source: str
    document: DocumentHeader
    references: tuple[Reference, ...]
    agencies: tuple[AgencyMention, ...]
    footnotes: tuple[Footnote, ...]
    warnings: tuple[str, ...] = field(default=())
    encoding: str | None = None
    #: The text every span points into (NFC, before repair): kept with the document so that
    #: evidence can be shown where it stands. Not part of the JSON contract.
    text: str = field(default="", repr=False, compare=False)
    entry_into_force: EntryIntoForce | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "encoding": self.encoding,
            "document": self.document.to_json(),
            "references": [r.to_json() for r in self.references],
            "agencies": [a.to_json() for a in self.agencies],
            "footnotes": [f.to_json() for f in self.footnotes],
            "entry_into_force": self.entry_into_force.to_json() if self.entry_into_force else None,
            "warnings": list(self.warnings),
        }
