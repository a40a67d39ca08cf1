"""The claims an instrument's merge can depend on (``claims_of``), and those kept for the
instruments claimed many times (``claim_deciders``, ``decide``).

Many documents claim the same instrument (a law cited by name in every provincial plan has a
third of a million claims at a million documents), nearly all alike. Of the claims alike in
everything but their document, only the first by merge rank and the first stored can decide
what ``graph.derive.merge`` and ``merge_group`` make of them; an instrument claimed
``HUB_CLAIMS`` times or more keeps those as derived rows, updated by difference.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace

from graph.derive import Claim, merge
from graph.model import MAX_DOCUMENTS, Instrument
from graph.rows import CLAIM_COLUMNS, chunks, claim_row

#: An instrument claimed this many times keeps its deciding claims (``claim_deciders``): a
#: law cited by name in every provincial plan has a third of a million claims at a million
#: documents, and merging it again for each upload citing it read them all (1-3 s a law).
HUB_CLAIMS = 64
#: The deciding claims of a key, by rowid (the table names them by document: rowids may move).
_DECIDERS = ("SELECT c.rowid FROM claim_deciders d JOIN instrument_claims c ON c.document = d.document"
             " AND c.key = d.key WHERE d.key = ?")
#: The claim columns that alike claims share (all but the document).
_SHAPE = CLAIM_COLUMNS.replace("document, ", "")
#: A claim's rank among claims alike, the claiming document aside: the catalogue's first,
#: then by document and order stored (as ``_deciding`` ranks), as one string ending in the rowid.
_DECIDING_RANK = ("printf('%d', substr(document, 1, 10) != 'catalogue:') || document || char(1)"
                  " || printf('%020d', rowid)")


def claims_of(db: sqlite3.Connection, key: str, keys: Sequence[str]) -> tuple[list[Claim], tuple[str, ...], int]:
    """The claims under ``keys`` that can decide what ``key`` merges to, in the order stored;
    its first documents (``MAX_DOCUMENTS``) and how many documents claim it.

    Of the claims alike in everything but their document, only the first by merge rank (the
    instrument's own document, the catalogue, then by document; it holds every field and
    alias they hold first) and the first stored (the order ``merge_group`` lists an alias's
    names in) can decide anything. Those of a key claimed ``HUB_CLAIMS`` times or more come
    from ``claim_deciders`` (which ranks without knowing which key they will be merged under)
    and its claims in ``key``'s own document; the documents come from the index by key and
    document. ``merge`` and ``merge_group`` give on these what they give on all."""
    ids: set[int] = set()
    for k in keys:
        decided = [r[0] for r in db.execute(_DECIDERS, (k,))]
        ids.update(decided)
        rest = db.execute("SELECT rowid FROM instrument_claims WHERE key = ? AND document = ?", (k, key)) \
            if decided else db.execute("SELECT rowid FROM instrument_claims WHERE key = ?", (k,))
        ids.update(r[0] for r in rest)
    rows = _claim_rows(db, ids)
    kept = _deciding(rows, key)
    claims = [claim_row(r[1:]) for r in rows if r[0] in kept]
    marks = ", ".join("?" * len(keys))
    documents = tuple(r[0] for r in db.execute(
        f"SELECT DISTINCT document FROM instrument_claims WHERE key IN ({marks}) ORDER BY document != ?,"
        " substr(document, 1, 10) != 'catalogue:', document LIMIT ?", [*keys, key, MAX_DOCUMENTS]))
    total = db.execute(f"SELECT count(DISTINCT document) FROM instrument_claims WHERE key IN ({marks})",
                       list(keys)).fetchone()[0]
    return claims, documents, int(total)


def merge_rows(key: str, rows: Sequence[tuple[object, ...]]) -> Instrument:
    """``graph.derive.merge`` of ``key``'s claims given as rows (rowid, *``CLAIM_COLUMNS``) in
    the order stored, decoding only the deciding ones (``_deciding``) of a key claimed more
    than twice; its documents from all. At a hundred thousand documents, 183 000 of the 602 000
    claims a rebuild merges belong to keys claimed 50 times or more."""
    if len(rows) <= 2:
        return merge(key, [claim_row(r[1:]) for r in rows])
    kept = _deciding(rows, key)
    documents = sorted({str(r[1]) for r in rows}, key=lambda d: (d != key, not d.startswith("catalogue:"), d))
    return replace(merge(key, [claim_row(r[1:]) for r in rows if r[0] in kept]),
                   documents=tuple(documents[:MAX_DOCUMENTS]), documents_total=len(documents))


def _claim_rows(db: sqlite3.Connection, ids: Iterable[int]) -> list[tuple[object, ...]]:
    """The claims of rowids ``ids``, each as (rowid, *``CLAIM_COLUMNS``), in the order stored."""
    rows: list[tuple[object, ...]] = []
    for chunk in chunks(sorted(ids)):
        rows += db.execute(f"SELECT rowid, {CLAIM_COLUMNS} FROM instrument_claims"
                           f" WHERE rowid IN ({', '.join('?' * len(chunk))})", chunk).fetchall()
    return sorted(rows, key=lambda r: r[0])  # type: ignore[arg-type, return-value]


def _deciding(rows: Iterable[tuple[object, ...]], key: str | None) -> set[int]:
    """Of ``rows`` (``_claim_rows``), the rowids of the first of each shape by merge rank and
    the first stored; the rank puts ``key``'s own document first (None: no document first)."""
    best: dict[tuple[object, ...], tuple[bool, bool, str, int]] = {}
    first: dict[tuple[object, ...], int] = {}
    for row in rows:
        rowid, document, shape = int(row[0]), str(row[1]), row[2:]  # type: ignore[call-overload]
        rank = (document != key, not document.startswith("catalogue:"), document, rowid)
        if shape not in best or rank < best[shape]:
            best[shape] = rank
        first[shape] = min(first.get(shape, rowid), rowid)
    return {r[-1] for r in best.values()} | set(first.values())


def decide(db: sqlite3.Connection, keys: Iterable[str] | None, written: AbstractSet[str] = frozenset(),
           replaced: AbstractSet[str] = frozenset()) -> None:
    """``claim_deciders`` of ``keys`` (of every instrument: None) after the documents
    ``written`` were, ``replaced`` of them replacing a stored version. A key keeps them when
    claimed ``HUB_CLAIMS`` times or more. New claims can only displace the deciders they
    beat, so those of a key whose deciders all still stand are the deciders and the new
    claims, reduced again; a key that lost one (its document replaced) is decided whole."""
    if keys is None:
        db.execute("DELETE FROM claim_deciders")
        whole = [r[0] for r in db.execute(
            "SELECT key FROM instrument_claims GROUP BY key HAVING count(*) >= ?", (HUB_CLAIMS,))]
        _decide_whole(db, whole)
        return
    whole = []
    for k in sorted(keys):
        stood = db.execute("SELECT c.rowid, d.document FROM claim_deciders d LEFT JOIN instrument_claims c"
                           " ON c.document = d.document AND c.key = d.key WHERE d.key = ?", (k,)).fetchall()
        if stood and not any(d in replaced for _, d in stood):  # a decider's claim may be gone
            if replaced and _claimed(db, k) < HUB_CLAIMS:
                whole.append(k)  # claims of other documents went with their old versions
                continue
            fresh = [r[0] for chunk in chunks(sorted(written)) for r in db.execute(
                f"SELECT rowid FROM instrument_claims WHERE key = ? AND document IN ({', '.join('?' * len(chunk))})",
                [k, *chunk])]
            if not fresh:
                continue
            kept = _deciding(_claim_rows(db, [c for c, _ in stood] + fresh), None)
            db.execute("DELETE FROM claim_deciders WHERE key = ?", (k,))
            db.executemany("INSERT INTO claim_deciders (key, document)"
                           " SELECT key, document FROM instrument_claims WHERE rowid = ?", [(c,) for c in sorted(kept)])
        elif stood or _claimed(db, k) >= HUB_CLAIMS:
            whole.append(k)
    _decide_whole(db, whole)


def _claimed(db: sqlite3.Connection, key: str) -> int:
    """How many claims ``key`` has (from the index by instrument)."""
    return int(db.execute("SELECT count(*) FROM instrument_claims WHERE key = ?", (key,)).fetchone()[0])


def _decide_whole(db: sqlite3.Connection, keys: list[str]) -> None:
    """``claim_deciders`` of ``keys`` from all their claims (none for a key claimed fewer than
    ``HUB_CLAIMS`` times), by one pass of SQLite."""
    for chunk in chunks(keys):
        marks = ", ".join("?" * len(chunk))
        db.execute(f"DELETE FROM claim_deciders WHERE key IN ({marks})", chunk)
        ids: set[int] = set()
        for ranked, first in db.execute(
                f"SELECT min({_DECIDING_RANK}), min(rowid) FROM instrument_claims WHERE key IN ({marks})"
                f" AND key IN (SELECT key FROM instrument_claims WHERE key IN ({marks})"
                f" GROUP BY key HAVING count(*) >= ?) GROUP BY {_SHAPE}", [*chunk, *chunk, HUB_CLAIMS]):
            ids |= {int(ranked[-20:]), first}
        for part in chunks(sorted(ids)):
            db.execute("INSERT INTO claim_deciders (key, document) SELECT key, document"
                       f" FROM instrument_claims WHERE rowid IN ({', '.join('?' * len(part))})", part)
