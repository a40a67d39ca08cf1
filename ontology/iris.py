"""Stable IRIs for instruments, agencies and statements, from a configurable base.

An IRI is a function of the graph key alone — never of load order, of facts that a later
document may add, or of the store — so the same instrument has the same IRI in every export.
Numbered instruments take an ELI-style path, type / year / number / symbol (+ issuer and
date for local numbers), with diacritics folded (the exact number stays in ``eli:id_local``):

>>> instrument_iri("55/2009/NĐ-CP")
rdflib.term.URIRef('https://vbgraph.example/eli/nghi-dinh/2009/55/nd-cp')
>>> instrument_iri("1241/QĐ-TTg", "https://example.org/")
rdflib.term.URIRef('https://example.org/eli/quyet-dinh/1241/qd-ttg')
>>> instrument_iri("41/KH-UBND@uy-ban-nhan-dan-tinh-binh-dinh@2021-03-28")
rdflib.term.URIRef('https://vbgraph.example/eli/ke-hoach/41/kh-ubnd/uy-ban-nhan-dan-tinh-binh-dinh/2021-03-28')
>>> instrument_iri("name:luat-binh-dang-gioi")
rdflib.term.URIRef('https://vbgraph.example/name/luat-binh-dang-gioi')
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from rdflib import Namespace, URIRef

from loaders.identity import slug
from loaders.numbers import scan_numbers

DEFAULT_BASE = "https://vbgraph.example/"
VB = Namespace("https://vbgraph.example/ns#")
VBT = Namespace("https://vbgraph.example/ns/type/")
VBL = Namespace("https://vbgraph.example/ns/level/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")


def instrument_iri(key: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of the instrument under graph key ``key``."""
    if key.startswith("name:"):
        return URIRef(base + "name/" + "/".join(slug(p, 200) for p in key[5:].split("@")))
    if key.startswith("synthetic:"):
        return URIRef(base + "synthetic/" + "/".join(slug(p, 200) or "-" for p in key[10:].split(":")))
    number, *local = key.split("@")
    tokens = scan_numbers(number)
    if len(tokens) == 1 and tokens[0].id == number:
        token = tokens[0]
        symbol = number[len(token.number):].lstrip("/-")
        if token.year:
            symbol = symbol[len(str(token.year)):].lstrip("/")
        path = ["eli", slug(token.code_type or "van-ban"), *([str(token.year)] if token.year else []),
                slug(token.number), slug(symbol), *(slug(part) for part in local)]
        return URIRef(base + "/".join(path))
    return URIRef(base + "key/" + quote(key, safe=""))


def agency_iri(name: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of an agency, from its canonical name.

    >>> agency_iri("Bộ Lao động - Thương binh và Xã hội")
    rdflib.term.URIRef('https://vbgraph.example/agency/bo-lao-dong-thuong-binh-va-xa-hoi')
    """
    return URIRef(base + "agency/" + slug(name, 200))


def document_iri(document: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of the source of a statement: an ingested document is its own instrument; a
    catalogue (``catalogue:<name>``) has its own IRI."""
    if document.startswith("catalogue:"):
        return URIRef(base + "catalogue/" + slug(document[10:], 200))
    return instrument_iri(document, base)


def statement_iri(kind: str, *parts: object, base: str = DEFAULT_BASE) -> URIRef:
    """A statement's IRI: a digest of everything that makes it this statement, so the same
    statement gets the same IRI in every export."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:20]
    return URIRef(f"{base}{kind}/{digest}")
