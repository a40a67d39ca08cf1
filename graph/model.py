"""The graph's domain objects: instruments, agencies, and relations with their evidence.

Every relation carries its proof: which document said it, where (span and sentence), and
how the graph knows it — ``text`` (stated in a document), ``catalogue`` (a curated fact with
its source) or ``inferred`` (proposed by a rule, with its score and reasons).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

METHODS = ("text", "catalogue", "inferred")
ISSUED_BY = "issued_by"
#: The relations between instruments, as the texts state them (X ``implements`` Y …).
INSTRUMENT_RELATIONS = ("implements", "based_on", "cites", "supersedes", "repeals", "amends")
#: Every kind of edge in the graph: the relations between instruments, and who issued each.
RELATION_KINDS = (*INSTRUMENT_RELATIONS, ISSUED_BY)


@dataclass(frozen=True)
class Evidence:
    """Why the graph holds a relation: the document, the words, the method."""

    document: str
    method: str
    start: int | None = None
    end: int | None = None
    sentence: str | None = None
    score: float | None = None
    reasons: tuple[str, ...] = ()
    origin: str | None = None

    @property
    def proposal(self) -> bool:
        """A rule's proposal, not a stated fact: shown as such everywhere."""
        return self.method == "inferred"


@dataclass(frozen=True)
class Relation:
    """A typed edge between two graph keys (instrument or agency), with its evidence."""

    source: str
    target: str
    kind: str
    evidence: Evidence


#: How many of the documents claiming an instrument it carries (``Instrument.documents``).
MAX_DOCUMENTS = 20


@dataclass(frozen=True)
class Instrument:
    """A legal instrument: a law, decree, decision, circular, strategy, programme, plan, letter.

    ``key`` is its identity in the graph (``loaders.identity``): the number for central
    instruments, number + issuer + date for local ones, a synthetic key when the number is
    blank, ``name:…`` for one known only by name.
    """

    key: str
    number: str | None
    type: str | None
    issuer: str | None
    date_issued: date | None
    title: str | None
    synthetic: bool = False
    local: bool = False
    date_in_force: date | None = None
    date_no_longer_in_force: date | None = None
    status: str | None = None
    aliases: tuple[str, ...] = ()
    in_force_basis: str | None = None
    end_basis: str | None = None
    #: The documents that make claims about it, the first ``MAX_DOCUMENTS`` by precedence
    #: (its own, the catalogue, then the others by key), and how many there are in all: a
    #: law cited by every plan of a national graph is not carried with all their names.
    documents: tuple[str, ...] = ()
    documents_total: int = 0


@dataclass(frozen=True)
class Agency:
    """An agency under its canonical name, with its level and parent."""

    name: str
    level: str | None
    parent: str | None = None
    abbreviations: tuple[str, ...] = ()


@dataclass(frozen=True)
class FactSource:
    """Where one fact about an instrument comes from (``date_in_force`` = 2022-01-01, …).

    ``document`` is the ingested document that stated it; ``origin`` names the text outside
    the graph (a catalogue entry's URL and article); ``quote`` is the words that say it.
    """

    key: str
    field: str
    value: str
    document: str
    origin: str | None = None
    quote: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class DocumentFacts:
    """Everything one ingested document asserts: replacing a document replaces exactly this."""

    document: str
    source: str
    digest: str
    instruments: tuple[Instrument, ...]
    agencies: tuple[Agency, ...]
    relations: tuple[Relation, ...]
    extraction_json: str
    fact_sources: tuple[FactSource, ...] = ()
    #: The document's text, which the evidence spans point into (none for the catalogue).
    text: str | None = None


@dataclass(frozen=True)
class StoredDocument:
    """An ingested document: its key (its own instrument), where it was read from, when, and
    the extraction it was stored from (JSON, ``loaders.models.Extraction.to_json``)."""

    key: str
    source: str
    digest: str
    ingested_at: str
    relations: int
    extraction: str | None = None
