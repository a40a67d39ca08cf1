"""The curated catalogue (``data/catalogue.yaml``): facts no bundled document states, each
with the quoted source that states it.

Loading it is an ingest like any document's: the file becomes one ``DocumentFacts`` whose
relations carry method ``catalogue``, the source's quote as their sentence and its address as
their origin. A fact without a source, an unknown source key or a malformed number refuses
the whole file (``CatalogueError`` names the file and the entry), so nothing half-checked is
stored.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from graph.model import INSTRUMENT_RELATIONS, Agency, DocumentFacts, Evidence, FactSource, Instrument, Relation
from loaders.identity import instrument_key
from loaders.numbers import scan_numbers
from loaders.references import symbol_issuer

CATALOGUE_SUFFIXES = frozenset({".yaml", ".yml"})
SOURCE_KINDS = frozenset({"primary", "secondary-official", "secondary"})
DATE_FIELDS = ("date_issued", "date_in_force", "date_no_longer_in_force")
FIELDS = (*DATE_FIELDS, "title", "status", "aliases", "issuer")
RELATION_KINDS = frozenset(INSTRUMENT_RELATIONS)
METHOD = "catalogue"


class CatalogueError(Exception):
    """A catalogue file that cannot be loaded: the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True)
class Source:
    """One quoted text outside the project that states a fact."""

    key: str
    kind: str
    publisher: str
    url: str
    quote: str

    @property
    def origin(self) -> str:
        return f"{self.publisher} ({self.kind}): {self.url}"


def is_catalogue(path: Path) -> bool:
    return path.suffix.lower() in CATALOGUE_SUFFIXES


def catalogue_facts(path: Path) -> DocumentFacts:
    """Read, check and turn ``path`` into the facts it asserts. Raises ``CatalogueError``."""
    try:
        raw = path.read_bytes()
        data = yaml.safe_load(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise CatalogueError(path, f"cannot read the catalogue: {err}") from err
    if not isinstance(data, dict):
        raise CatalogueError(path, "the catalogue must be a mapping with sources, instruments, relations")
    unknown = set(data) - {"sources", "instruments", "relations"}
    if unknown:
        raise CatalogueError(path, f"unknown top-level keys: {', '.join(sorted(unknown))}")
    document = f"catalogue:{path.name}"
    sources = _sources(path, data.get("sources") or {})
    instruments: dict[str, Instrument] = {}
    facts: list[FactSource] = []
    for i, entry in enumerate(data.get("instruments") or []):
        instrument, entry_facts = _instrument(path, f"instruments[{i}]", entry, sources, document)
        if instrument.key in instruments:
            raise CatalogueError(path, f"instruments[{i}]: {instrument.number} is listed twice")
        instruments[instrument.key] = instrument
        facts += entry_facts
    relations: list[Relation] = []
    for i, entry in enumerate(data.get("relations") or []):
        relations += _relations(path, f"relations[{i}]", entry, sources, instruments, document)
    agencies = {i.issuer: Agency(i.issuer, None) for i in instruments.values() if i.issuer}
    for key, inst in instruments.items():
        if inst.issuer:
            relations.append(Relation(key, inst.issuer, "issued_by",
                                      Evidence(document, METHOD, reasons=("issuer read from the number",))))
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return DocumentFacts(document, str(path), hashlib.sha256(raw).hexdigest(), tuple(instruments.values()),
                         tuple(agencies.values()), tuple(relations), payload, tuple(facts))


def _sources(path: Path, raw: Any) -> dict[str, Source]:
    if not isinstance(raw, dict):
        raise CatalogueError(path, "sources must be a mapping of source keys")
    out = {}
    for key, body in raw.items():
        if not isinstance(body, dict):
            raise CatalogueError(path, f"source {key}: must be a mapping")
        missing = [f for f in ("kind", "publisher", "url", "quote") if not str(body.get(f) or "").strip()]
        if missing:
            raise CatalogueError(path, f"source {key}: missing {', '.join(missing)}")
        if body["kind"] not in SOURCE_KINDS:
            raise CatalogueError(path, f"source {key}: kind must be one of {', '.join(sorted(SOURCE_KINDS))}")
        out[str(key)] = Source(str(key), body["kind"], str(body["publisher"]), str(body["url"]),
                               " ".join(str(body["quote"]).split()))
    return out


def _cited_sources(path: Path, where: str, keys: Any, sources: dict[str, Source]) -> list[Source]:
    if isinstance(keys, str):
        keys = [keys]
    if not isinstance(keys, list) or not keys:
        raise CatalogueError(path, f"{where}: no source given (every fact needs one)")
    missing = [k for k in keys if k not in sources]
    if missing:
        raise CatalogueError(path, f"{where}: unknown source {', '.join(map(str, missing))}")
    return [sources[k] for k in keys]


def _number(path: Path, where: str, raw: Any) -> tuple[str, str | None, str | None, bool]:
    tokens = scan_numbers(str(raw or ""))
    if len(tokens) != 1 or tokens[0].source.strip() != str(raw).strip():
        raise CatalogueError(path, f"{where}: {raw!r} is not one document number")
    token = tokens[0]
    return token.id, token.code_type, symbol_issuer(token, None), token.local


def _date(path: Path, where: str, raw: Any) -> date:
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError as err:
        raise CatalogueError(path, f"{where}: {raw!r} is not a date (YYYY-MM-DD)") from err


def _instrument(
    path: Path, where: str, entry: Any, sources: dict[str, Source], document: str
) -> tuple[Instrument, list[FactSource]]:
    if not isinstance(entry, dict) or "number" not in entry:
        raise CatalogueError(path, f"{where}: an instrument needs a number")
    number, kind, issuer, local = _number(path, where, entry["number"])
    where = f"{where} ({number})"
    unknown = set(entry) - {"number", "sources", *FIELDS}
    if unknown:
        raise CatalogueError(path, f"{where}: unknown fields {', '.join(sorted(unknown))}")
    proofs = entry.get("sources") or {}
    if not isinstance(proofs, dict):
        raise CatalogueError(path, f"{where}: sources must map each field to its source keys")
    stated = [f for f in FIELDS if f in entry]
    for field_name in stated:
        if field_name not in proofs:
            raise CatalogueError(path, f"{where}: {field_name} has no source (every fact needs one)")
    extra = set(proofs) - set(stated)
    if extra:
        raise CatalogueError(path, f"{where}: sources given for fields not stated: {', '.join(sorted(extra))}")
    dates = {f: _date(path, f"{where} {f}", entry[f]) for f in DATE_FIELDS if f in entry}
    issuer = str(entry.get("issuer") or issuer or "") or None
    if local and not (issuer and "date_issued" in dates):
        raise CatalogueError(path, f"{where}: a local number needs issuer and date_issued to be an identity")
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise CatalogueError(path, f"{where}: aliases must be a list of names")
    key = instrument_key(number, issuer, dates.get("date_issued"), local)
    facts = []
    for field_name in stated:
        values = aliases if field_name == "aliases" else [entry[field_name]]
        for source in _cited_sources(path, f"{where} {field_name}", proofs[field_name], sources):
            facts += [FactSource(key, field_name, str(v), document, source.origin, source.quote) for v in values]
    instrument = Instrument(
        key, number, kind, issuer, dates.get("date_issued"), entry.get("title"), local=local,
        date_in_force=dates.get("date_in_force"), date_no_longer_in_force=dates.get("date_no_longer_in_force"),
        status=entry.get("status"), aliases=tuple(aliases))
    return instrument, facts


def _relations(
    path: Path, where: str, entry: Any, sources: dict[str, Source], instruments: dict[str, Instrument],
    document: str,
) -> list[Relation]:
    if not isinstance(entry, dict) or not {"source", "kind", "target"} <= set(entry):
        raise CatalogueError(path, f"{where}: a relation needs source, kind and target")
    if entry["kind"] not in RELATION_KINDS:
        raise CatalogueError(path, f"{where}: kind must be one of {', '.join(sorted(RELATION_KINDS))}")
    ends = []
    for end in ("source", "target"):
        number, kind, issuer, local = _number(path, f"{where} {end}", entry[end])
        listed = [i for i in instruments.values() if i.number == number]
        if local and len(listed) != 1:
            raise CatalogueError(path, f"{where}: local number {number} must be listed under instruments")
        ends.append(listed[0].key if listed else number)
        if not listed:
            instruments[number] = Instrument(number, number, kind, issuer, None, None)
    cited = _cited_sources(path, f"{where} ({entry['source']} {entry['kind']} {entry['target']})",
                           entry.get("sources"), sources)
    return [Relation(ends[0], ends[1], entry["kind"],
                     Evidence(document, METHOD, sentence=s.quote, origin=s.origin, reasons=(s.key,)))
            for s in cited]
