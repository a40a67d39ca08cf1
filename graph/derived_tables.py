"""The derived tables of the SQLite store (nodes, identities, ambiguities, proposals, and the
name and header indexes identity resolution looks up), written from the asserted rows.

Two ways to the same rows: ``rebuild`` computes everything from every claim (``graph.derive``),
and ``update`` recomputes only what a set of changed documents can reach. ``update`` exists
because a graph of a million documents cannot be rebuilt for each upload; it is correct when
its rows equal ``rebuild``'s, which the tests check on random sequences of changes. What a
change reaches, step by step:

0. the deciding claims of the instruments the documents claimed (``graph.claims.decide``: of
   an instrument claimed by many documents, the few claims its merge can depend on);
1. the instruments the documents claimed, before and after (their merged claims, their
   names and headers in the indexes);
2. the provisional keys (``name:``, ``synthetic:``) that were, or now are, resolved by one of
   those names or headers, resolved again (``graph.identity.resolve_one``);
3. the canonical instruments of all of these, before and after: merged again;
4. the instruments they supersede or repeal: their end of force, again;
5. the (type, issuer) groups of all the above and of what they cite: proposals, again
   (``graph.inference.Group``; a group is the rule's unit of work): every proposal of a group
   whose members, titles or dates changed; in another, those of the older members reaching
   one of the nodes above (their citations or settled pairs may have moved);
6. stale citations (``graph.schema.STALE_OF``): those of every relation out of the nodes of
   steps 3 and 4 (a citing date may have moved; the changed documents' new relations start
   there), into those of them whose end of force moved, and into provisional keys resolved
   anew. A relation deleted with its document takes its row along (a trigger). Likewise the
   citations' dates (``citing``, ``graph.schema.CITING_OF``) of the relations out of the
   nodes of step 3 and into provisional keys resolved anew: written before step 5 reads them;
7. the agencies the documents claim or name as issuers, and the issuers of keys resolved
   anew: their merged claims and how many instruments they issued (``index_agencies``).

Callers hold the write transaction; nothing here begins or commits one.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from datetime import date
from itertools import groupby

from graph.beside import beside
from graph.claims import claims_of, decide, merge_rows
from graph.derive import (
    ENDING,
    Claim,
    Derived,
    Resolved,
    in_force,
    merge,
    merge_group,
    resolve_nodes,
    search_text,
    start_of,
)
from graph.identity import Link, Unresolved, header_of, is_numbered, names_of, own_names, resolve_one
from graph.inference import CITING, KIND, SETTLED, Context, Group, Proposal, group_of, propose_supersessions, words
from graph.model import DocumentFacts, Instrument
from graph.rows import (
    CLAIM_COLUMNS,
    NODE_COLUMNS,
    chunks,
    claim_row,
    day,
    iso,
    iso_day,
    json_list,
    node_row,
    strings,
)
from graph.schema import (
    CITING_INDEX,
    CITING_OF,
    FORCE_FILL,
    GROUP_FORCE_FILL,
    GROUPS_FILL,
    NODE_COUNTS,
    SEARCH_FILL,
    STALE_ALL,
    STALE_OF,
    statements,
)

_DERIVED = ("nodes", "identities", "ambiguities", "proposals", "name_index", "header_index", "stale", "agency_index",
            "claim_deciders", "citing")
#: A relation reached twice in one update (out of a node and into another) is written once;
#: never REPLACE: it deletes without the delete trigger that keeps ``stale_days``.
_STALE_COLUMNS = "INSERT OR IGNORE INTO stale (relation, document, dated, cited, ended) "


def rebuild(db: sqlite3.Connection, reads: sqlite3.Connection | None = None,
            prepare: Callable[[], object] = lambda: None) -> Derived:
    """Every derived row from every asserted row, on both cores where they can be: ``db``
    must be a connection any thread may use (``check_same_thread=False``).

    ``reads``: another connection to the same store, in a read transaction begun while ``db``
    holds the write lock (so it reads what ``db`` does), to read the asserted rows by while a
    thread works on ``db`` (``graph.beside``): ``prepare`` (making again a bulk load's
    indexes, which the derivation does not read by), deleting the old derived rows, choosing
    the deciding claims. Without ``reads``, ``db`` reads them after all of that. Likewise, the
    nodes' indexes and the tables SQLite fills from the nodes by itself (counts of force,
    search index, citing dates, stale citations, agencies) are made in a thread while this one
    runs the inference rule, which writes nothing until they are.

    The nodes are written without the triggers that keep their search index and counts (each
    row would update the trigram index of its text alone: 1 ms a node), which are then made
    from all nodes at once."""
    # written whole, the nodes' counts, search index and indexes are made whole after
    triggers, indexes = (db.execute(f"SELECT name, sql FROM sqlite_master WHERE type = '{kind}' AND tbl_name = 'nodes'"
                                    " AND sql IS NOT NULL ORDER BY name").fetchall() for kind in ("trigger", "index"))

    def clear() -> None:
        prepare()
        for kind, made in (("TRIGGER", triggers), ("INDEX", indexes)):
            for name, _ in made:
                db.execute(f"DROP {kind} {name}")
        for table in (*_DERIVED, *NODE_COUNTS):
            db.execute(f"DELETE FROM {table}")
        decide(db, None)  # from the claims alone

    if reads is None:
        clear()
        resolved = _resolved(db)
    else:
        resolved = beside(clear, lambda: _resolved(reads))
    titles = {key: words(node.title) for key, node in resolved.nodes.items()}  # for the rows and the rule
    _write_nodes(db, resolved.nodes.values(), titles)
    for _, sql in triggers:
        db.execute(sql)
    _write_links(db, resolved.links, resolved.unresolved)
    proposals, looked_up = beside(
        lambda: _fill_from_nodes(db, [sql for _, sql in indexes]),
        lambda: (propose_supersessions(resolved.nodes, resolved.asserted, titles), _index_rows(resolved.raw.values())))
    _write_index_rows(db, looked_up)
    _write_proposals(db, proposals)
    return resolved.derived(proposals)


def _resolved(reads: sqlite3.Connection) -> Resolved:
    merged = _merged_claims(reads)
    # read as resolve_nodes makes each edge canonical, not held twice (9.5 million at a million documents)
    edges = reads.execute("SELECT source, target, kind FROM relations WHERE kind != 'issued_by'")
    return resolve_nodes(merged, lambda keys: _claims_by_key(reads, keys), edges)


def _fill_from_nodes(db: sqlite3.Connection, indexes: list[str]) -> None:
    """The nodes' ``indexes`` (their SQL) and the derived rows SQLite makes from the nodes,
    links and asserted rows alone (by ``INSERT … SELECT``, in C: ``rebuild`` runs this in a
    thread beside the inference rule). None of these statements reads by those indexes."""
    for sql in indexes:
        db.execute(sql)
    for statement in statements(f"{FORCE_FILL}; {GROUP_FORCE_FILL}; {GROUPS_FILL}; {SEARCH_FILL}"):
        db.execute(statement)
    db.execute("DROP INDEX IF EXISTS citing_by_cited")
    db.execute("INSERT INTO citing (relation, cited, dated) " + CITING_OF.format(where="1"))
    db.execute(CITING_INDEX)
    db.execute(_STALE_COLUMNS + STALE_ALL)
    index_agencies(db, None)


def _merged_claims(db: sqlite3.Connection) -> dict[str, Instrument]:
    """Every key's claims merged (``graph.derive.merge``), keys in the order first claimed:
    read key by key (each key's in the order stored), so that only one key's claims are held
    at a time, not all of them: the 602 000 claims of 100 000 generated documents held 554 MiB
    (six million at a million documents), and the rebuild's peak went from 1 209 to 789 MiB."""
    merged: list[tuple[int, str, Instrument]] = []
    rows = db.execute(f"SELECT rowid, {CLAIM_COLUMNS} FROM instrument_claims ORDER BY key")
    for key, same in groupby(rows, key=lambda r: r[2]):
        stored = sorted(same, key=lambda r: int(r[0]))
        merged.append((int(stored[0][0]), str(key), merge_rows(str(key), stored)))
    merged.sort(key=lambda m: m[0])
    return {key: instrument for _, key, instrument in merged}


def _claims_by_key(db: sqlite3.Connection, keys: list[str]) -> dict[str, list[Claim]]:
    """The claims of ``keys``, each key's in the order stored."""
    out: dict[str, list[Claim]] = {k: [] for k in keys}
    for chunk in chunks(keys):
        for row in db.execute(f"SELECT {CLAIM_COLUMNS} FROM instrument_claims WHERE key IN"
                              f" ({', '.join('?' * len(chunk))}) ORDER BY rowid", chunk):
            out[str(row[1])].append(claim_row(row))
    return out


def update(db: sqlite3.Connection, keys: set[str], agencies: AbstractSet[str] = frozenset(),
           added: Sequence[DocumentFacts] = (), replaced: AbstractSet[str] = frozenset()) -> None:
    """Bring the derived rows up to date after the documents claiming ``keys`` (before or
    after their change) were rewritten. ``keys`` holds every instrument those documents
    claimed, both versions: the ends of their relations are among them; ``agencies`` every
    agency replaced documents claimed or named as an issuer, both versions; ``added`` the
    documents that are new (they only add claims and relations), ``replaced`` the keys of
    those that replaced a stored version."""
    decide(db, keys, {f.document for f in added} | replaced, replaced)
    old_names, old_headers = _drop_indexes(db, keys)
    merged = _Merged(db)
    raw = {k: inst for k in keys if (inst := merged.raw(k)) is not None}
    _write_indexes(db, raw.values())
    numbered = [k for k in keys if is_numbered(k)]
    names = old_names | {n for k in numbered if k in raw for n in names_of(raw[k])}
    headers = old_headers | {h for k in numbered if k in raw if (h := header_of(raw[k])) is not None}
    provisional = {k for k in keys if not is_numbered(k)} | _provisional_naming(db, names, headers)

    before = _canonical(db, provisional)
    for key in provisional:
        db.execute("DELETE FROM identities WHERE alias = ?", (key,))
        db.execute("DELETE FROM ambiguities WHERE alias = ?", (key,))
    found = [resolve_one(inst, lambda n: _named(db, n), lambda h: _headed(db, h))
             for key in sorted(provisional) if (inst := raw.get(key) or merged.raw(key)) is not None]
    _write_links(db, [f for f in found if isinstance(f, Link)], [f for f in found if isinstance(f, Unresolved)])
    after = _canonical(db, provisional)
    touched = {before.get(k, k) for k in keys | provisional} | {after.get(k, k) for k in keys | provisional}

    ending = _ended_by(db, touched)
    old_rows = _nodes(db, touched | ending)
    new_nodes = {}
    for key in sorted(touched | ending):
        pre = merged.get(key)
        if pre is None:
            db.execute("DELETE FROM nodes WHERE key = ?", (key,))
            continue
        enders = [(s, start_of(merged.get(s))) for s in _enders(db, key)]
        new_nodes[key] = in_force(pre, enders)
    db.executemany("DELETE FROM nodes WHERE key = ?", [(k,) for k in new_nodes])
    _write_nodes(db, new_nodes.values(), {key: words(node.title) for key, node in new_nodes.items()})

    moved = {k for k, old in old_rows.items() if k not in new_nodes} | {
        k for k, n in new_nodes.items()
        if k not in old_rows or old_rows[k].date_no_longer_in_force != n.date_no_longer_in_force}
    resolved_anew = {k for k in provisional if before.get(k, k) != after.get(k, k)}
    _restale(db, touched | ending, moved, resolved_anew)
    _recite(db, touched, resolved_anew)
    anew = set(agencies) | _issuers(db, resolved_anew)
    index_agencies(db, anew | _index_added(db, added, anew))

    cited = _cited_by(db, set(new_nodes))
    regrouped = {k for k in old_rows.keys() | new_nodes.keys() if _member(old_rows.get(k)) != _member(new_nodes.get(k))}
    remade = {g for k in regrouped for n in (old_rows.get(k), new_nodes.get(k)) if n and (g := group_of(n))}
    for chunk in chunks(sorted(regrouped)):  # proposals of nodes gone or regrouped
        marks = ", ".join("?" * len(chunk))
        db.execute(f"DELETE FROM proposals WHERE source IN ({marks}) OR target IN ({marks})", [*chunk, *chunk])
    for group in sorted(remade):
        _repropose(db, group)
    reached: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, node in {**_nodes(db, cited - new_nodes.keys()), **new_nodes}.items():
        if (g := group_of(node)) is not None and g not in remade:
            reached[g].add(key)
    for group, changed in sorted(reached.items()):
        _repropose(db, group, changed)


# -- steps of ``update`` ------------------------------------------------------------------------


def raw_instrument(db: sqlite3.Connection, key: str) -> Instrument | None:
    """The instrument under exactly ``key``, its claims merged (before identity resolution)."""
    return _Merged(db).raw(key)


def _drop_indexes(db: sqlite3.Connection, keys: set[str]) -> tuple[set[str], set[tuple[str, str, str]]]:
    """Delete the index rows of ``keys``; the names and headers numbered ones had."""
    names: set[str] = set()
    headers: set[tuple[str, str, str]] = set()
    for chunk in chunks(sorted(keys)):
        marks = ", ".join("?" * len(chunk))
        names |= {r[0] for r in db.execute(
            f"SELECT name FROM name_index WHERE numbered = 1 AND key IN ({marks})", chunk)}
        headers |= {(r[0], r[1], r[2]) for r in db.execute(
            f"SELECT type, issuer, date_issued FROM header_index WHERE numbered = 1 AND key IN ({marks})", chunk)}
        db.execute(f"DELETE FROM name_index WHERE key IN ({marks})", chunk)
        db.execute(f"DELETE FROM header_index WHERE key IN ({marks})", chunk)
    return names, headers


def _provisional_naming(db: sqlite3.Connection, names: set[str], headers: set[tuple[str, str, str]]) -> set[str]:
    """Provisional keys that look up one of ``names`` or ``headers``."""
    out = set()
    for chunk in chunks(sorted(names)):
        out |= {r[0] for r in db.execute(
            f"SELECT key FROM name_index WHERE numbered = 0 AND name IN ({', '.join('?' * len(chunk))})", chunk)}
    for header in sorted(headers):
        out |= {r[0] for r in db.execute(
            "SELECT key FROM header_index WHERE numbered = 0 AND type = ? AND issuer = ? AND date_issued = ?", header)}
    return out


def _named(db: sqlite3.Connection, name: str) -> list[tuple[Instrument, str]]:
    return [(Instrument(r[0], None, None, None, day(r[1]), None), r[2]) for r in db.execute(
        "SELECT key, date_issued, why FROM name_index WHERE numbered = 1 AND name = ? ORDER BY key", (name,))]


def _headed(db: sqlite3.Connection, header: tuple[str, str, str]) -> list[Instrument]:
    return [Instrument(r[0], None, header[0], header[1], date.fromisoformat(header[2]), r[1]) for r in db.execute(
        "SELECT key, title FROM header_index WHERE numbered = 1 AND type = ? AND issuer = ? AND date_issued = ?"
        " ORDER BY key", header)]


def _canonical(db: sqlite3.Connection, keys: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in chunks(sorted(keys)):
        out.update(db.execute(
            f"SELECT alias, key FROM identities WHERE alias IN ({', '.join('?' * len(chunk))})", chunk).fetchall())
    return out


class _Merged:
    """Canonical instruments merged from their own claims and their aliases' (before
    ``in_force``), read once each; None for a key that is gone or is now an alias. Raw
    instruments too (``raw``)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.cache: dict[str, Instrument | None] = {}
        self.claims: dict[tuple[str, ...], tuple[list[Claim], tuple[str, ...], int]] = {}

    def _claims_of(self, keys: list[str]) -> tuple[list[Claim], tuple[str, ...], int]:
        """``claims_of`` the first of ``keys``, read once in an update (the claims do not change
        in it; a name cited everywhere that stays its own node is merged raw, then canonical)."""
        if tuple(keys) not in self.claims:
            self.claims[tuple(keys)] = claims_of(self.db, keys[0], keys)
        return self.claims[tuple(keys)]

    def raw(self, key: str) -> Instrument | None:
        """``raw_instrument``, its claims read once."""
        claims, documents, total = self._claims_of([key])
        return replace(merge(key, claims), documents=documents, documents_total=total) if claims else None

    def get(self, key: str) -> Instrument | None:
        if key not in self.cache:
            self.cache[key] = self._merge(key)
        return self.cache[key]

    def _merge(self, key: str) -> Instrument | None:
        if self.db.execute("SELECT 1 FROM identities WHERE alias = ?", (key,)).fetchone():
            return None
        members = [key, *(r[0] for r in self.db.execute("SELECT alias FROM identities WHERE key = ?", (key,)))]
        claims, documents, total = self._claims_of(members)
        if not any(c.instrument.key == key for c in claims):
            return None
        by_key: dict[str, list[Claim]] = defaultdict(list)  # keys in the order first claimed
        for c in claims:
            by_key[c.instrument.key].append(c)
        merged = merge_group(key, [c for cs in by_key.values() for c in cs])
        return replace(merged, documents=documents, documents_total=total)


def _members(db: sqlite3.Connection, keys: Iterable[str]) -> dict[str, str]:
    """Every raw key standing for one of ``keys`` (itself and its aliases) → the key."""
    out = {k: k for k in keys}
    for chunk in chunks(sorted(out)):
        out.update(db.execute(
            f"SELECT alias, key FROM identities WHERE key IN ({', '.join('?' * len(chunk))})", chunk).fetchall())
    return out


_CANONICAL_ENDS = ("SELECT coalesce(si.key, r.source), coalesce(ti.key, r.target), r.kind FROM relations r"
                   " LEFT JOIN identities si ON si.alias = r.source LEFT JOIN identities ti ON ti.alias = r.target")


def _relations(db: sqlite3.Connection, end: str, keys: set[str], kinds: Iterable[str]) -> list[tuple[str, str, str]]:
    """Relations (canonical ends) whose ``end`` ('source' or 'target') is one of ``keys``."""
    members = _members(db, keys)
    kinds = sorted(kinds)
    out = []
    for chunk in chunks(sorted(members)):
        out += db.execute(f"{_CANONICAL_ENDS} WHERE r.{end} IN ({', '.join('?' * len(chunk))})"
                          f" AND r.kind IN ({', '.join('?' * len(kinds))})", [*chunk, *kinds]).fetchall()
    return out


def _ended_by(db: sqlite3.Connection, keys: set[str]) -> set[str]:
    """What ``keys`` supersede or repeal: their end of force depends on when ``keys`` began."""
    return {t for _, t, _ in _relations(db, "source", keys, ENDING)}


def _enders(db: sqlite3.Connection, key: str) -> list[str]:
    return sorted({s for s, _, _ in _relations(db, "target", {key}, ENDING) if s != key})


def _cited_by(db: sqlite3.Connection, keys: set[str]) -> set[str]:
    """What ``keys`` cite, amend or replace: the dates of their citers and the pairs already
    settled weigh in proposals about them."""
    return {t for _, t, _ in _relations(db, "source", keys, CITING | SETTLED)}


def _nodes(db: sqlite3.Connection, keys: set[str]) -> dict[str, Instrument]:
    out = {}
    for chunk in chunks(sorted(keys)):
        for row in db.execute(f"SELECT {NODE_COLUMNS} FROM nodes WHERE key IN ({', '.join('?' * len(chunk))})",
                              chunk):
            out[row[0]] = node_row(row)
    return out


def _member(node: Instrument | None) -> tuple[object, ...] | None:
    """What the proposals of a group read of one member, besides its citations: a node
    changing this changes the group's word weights, hence every proposal in it."""
    if node is None or (group := group_of(node)) is None:
        return None
    return group, node.title, node.date_issued


def _repropose(db: sqlite3.Connection, group: tuple[str, str], changed: set[str] | None = None) -> None:
    """Proposals within one (type, issuer) group again (step 5): every one when its members,
    their titles or dates changed (``changed`` None); else only those of the older members
    that reach one of ``changed``, whose citations or settled pairs may have moved, judged
    against the changed ones (``Group.repropose``), their context read as the rule asks. A
    plan citing three of the Prime Minister's decisions no longer reads the 2 million
    citations of his 80 000 decisions at a million documents."""
    stored: dict[str, str] = {}
    everyone = []
    for key, number, issued, title_words in db.execute(  # the title is in its words (``group_of``)
            "SELECT key, number, date_issued, words FROM nodes INDEXED BY nodes_for_proposals"
            " WHERE type = ? AND issuer = ?", group):
        everyone.append(Instrument(key, number, *group, day(issued), None))
        stored[key] = title_words
    members = [n for n in everyone if group_of(n, stored[n.key]) == group]
    if changed is None:
        for chunk in chunks(sorted(n.key for n in everyone)):
            marks = ", ".join("?" * len(chunk))
            db.execute(f"DELETE FROM proposals WHERE source IN ({marks}) OR target IN ({marks})", [*chunk, *chunk])
        if len(members) >= 2:
            _write_proposals(db, Group(members, stored).propose(_context(db, {n.key for n in members})))
        return
    rule = Group(members, stored)
    current: dict[str, str] = {}
    for chunk in chunks(sorted(rule.reaching(changed))):
        current.update(db.execute(f"SELECT target, source FROM proposals WHERE target IN"
                                  f" ({', '.join('?' * len(chunk))})", chunk).fetchall())
    moved, made = rule.repropose(Context(_Citers(db), _Settled(db), _Replaced(db)), changed, current)
    for chunk in chunks(sorted(moved)):
        db.execute(f"DELETE FROM proposals WHERE target IN ({', '.join('?' * len(chunk))})", chunk)
    _write_proposals(db, made)


def _context(db: sqlite3.Connection, keys: set[str]) -> Context:
    """The rule's context for a whole group (``keys``: its members), read at once."""
    settled: set[frozenset[str]] = set()
    replaced: set[str] = set()
    for s, t, kind in _relations(db, "target", keys, SETTLED):
        settled.add(frozenset((s, t)))
        if kind in ENDING:
            replaced.add(t)
    for s, t, _ in _relations(db, "source", keys, SETTLED):
        settled.add(frozenset((s, t)))
    return Context(_citing_dates(db, keys), settled, replaced)


def _citing_dates(db: sqlite3.Connection, keys: set[str]) -> dict[str, list[date]]:
    """The date of each citation (``CITING``) of ``keys`` by a dated instrument (``citing``),
    in date order."""
    out: dict[str, list[date]] = defaultdict(list)
    for chunk in chunks(sorted(keys)):
        for cited, dated in db.execute(
                f"SELECT cited, dated FROM citing WHERE cited IN ({', '.join('?' * len(chunk))})"
                " ORDER BY cited, dated", chunk):
            out[cited].append(iso_day(dated))
    return out


class _Citers(Mapping[str, list[date]]):
    """The dates citing each instrument, read when the rule asks about it."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.read: dict[str, list[date]] = {}

    def __getitem__(self, key: str) -> list[date]:
        if key not in self.read:
            self.read[key] = _citing_dates(self.db, {key}).get(key, [])
        return self.read[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.read)

    def __len__(self) -> int:
        return len(self.read)


class _Settled(Container[frozenset[str]]):
    """The pairs an asserted relation settles, read one instrument's relations at a time."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.partners: dict[str, set[str]] = {}

    def __contains__(self, pair: object) -> bool:
        a, b = sorted(pair)  # type: ignore[call-overload]
        if a not in self.partners:
            self.partners[a] = {t for _, t, _ in _relations(self.db, "source", {a}, SETTLED)} | {
                s for s, _, _ in _relations(self.db, "target", {a}, SETTLED)}
        return b in self.partners[a]


class _Replaced(Container[str]):
    """Whether an instrument is superseded or repealed by an asserted relation."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __contains__(self, key: object) -> bool:
        return bool(_relations(self.db, "target", {str(key)}, ENDING))


def _restale(db: sqlite3.Connection, nodes: set[str], moved: set[str], resolved_anew: set[str]) -> None:
    """Stale citations again (step 6): out of ``nodes``, into ``moved`` (their end of force
    changed, or they came or went), into the provisional keys ``resolved_anew``."""
    for column, keys, end in (("document", nodes, "source"), ("cited", moved, "target")):
        for chunk in chunks(sorted(keys)):
            db.execute(f"DELETE FROM stale WHERE {column} IN ({', '.join('?' * len(chunk))})", chunk)
        for chunk in chunks(sorted(_members(db, keys))):
            db.execute(_STALE_COLUMNS + STALE_OF.format(where=f"r.{end} IN ({', '.join('?' * len(chunk))})"), chunk)
    _refill(db, "stale", _STALE_COLUMNS + STALE_OF, "target", resolved_anew)


def _recite(db: sqlite3.Connection, nodes: set[str], resolved_anew: set[str]) -> None:
    """The citations' dates again (step 6): of every relation out of ``nodes`` (a citing date
    may have moved; the changed documents' new relations start there) and into the
    provisional keys ``resolved_anew`` (the instrument they cite is another now). A relation
    deleted with its document takes its row along (a trigger)."""
    fill = "INSERT OR IGNORE INTO citing (relation, cited, dated) " + CITING_OF
    _refill(db, "citing", fill, "source", _members(db, nodes))
    _refill(db, "citing", fill, "target", resolved_anew)


def _refill(db: sqlite3.Connection, table: str, fill: str, end: str, keys: Iterable[str]) -> None:
    """The rows of ``table`` (keyed by relation) of the relations whose ``end`` ('source' or
    'target') is one of ``keys``, again: deleted, then written by ``fill`` (a statement with
    a ``{where}`` on the relations ``r``)."""
    for chunk in chunks(sorted(keys)):
        marks = ", ".join("?" * len(chunk))
        db.execute(f"DELETE FROM {table} WHERE relation IN (SELECT id FROM relations WHERE {end} IN ({marks}))", chunk)
        db.execute(fill.format(where=f"r.{end} IN ({marks})"), chunk)


def _issuers(db: sqlite3.Connection, keys: set[str]) -> set[str]:
    """The agencies named as issuers of ``keys`` (raw keys): a key resolved anew may now be
    counted under another instrument (step 7)."""
    out: set[str] = set()
    for chunk in chunks(sorted(keys)):
        out |= {r[0] for r in db.execute(
            f"SELECT target FROM relations WHERE kind = 'issued_by' AND source IN ({', '.join('?' * len(chunk))})",
            chunk)}
    return out


def _index_added(db: sqlite3.Connection, added: Sequence[DocumentFacts], skip: set[str]) -> set[str]:
    """The agency rows new documents change, updated by difference (step 7): a claim written
    after all others adds only a level or parent not yet stated and abbreviations not yet
    seen; an ``issued_by`` relation adds one to the count when its instrument had none to that
    agency. A prolific agency (the Prime Minister: 918 477 claims and 2.4 million relations
    at a million documents) is not read whole for each upload. Agencies in ``skip`` are made
    anew anyway; those without a row yet are returned, to be made whole."""
    whole: set[str] = set()
    rows: dict[str, list[object]] = {}

    def row_of(name: str) -> list[object] | None:
        """The agency's row as stored (read once), or None when it must be made whole."""
        if name not in rows and name not in whole:
            found = db.execute("SELECT level, parent, abbreviations, issued FROM agency_index WHERE name = ?",
                               (name,)).fetchone()
            if found is None:
                whole.add(name)
            else:
                rows[name] = [found[0], found[1], list(strings(found[2])), found[3]]
        return rows.get(name)

    for facts in added:
        for a in facts.agencies:
            if a.name in skip or (row := row_of(a.name)) is None:
                continue
            row[0], row[1] = row[0] or a.level, row[1] or a.parent
            row[2] = list(dict.fromkeys([*row[2], *a.abbreviations]))  # type: ignore[misc]
    stated: dict[tuple[str, str], int] = defaultdict(int)  # (agency, raw key) → relations the new documents add
    for facts in added:
        for r in facts.relations:
            if r.kind == "issued_by" and r.target not in skip:
                stated[r.target, r.source] += 1
    canonical = _canonical(db, {k for _, k in stated})
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    for (agency, raw), n in stated.items():
        pairs[agency, canonical.get(raw, raw)] += n
    for (agency, key), n in sorted(pairs.items()):
        if (row := row_of(agency)) is None:
            continue
        members = sorted(_members(db, {key}))
        there = db.execute(
            "SELECT count(*) FROM relations INDEXED BY relations_issued WHERE target = ? AND kind = 'issued_by'"
            f" AND source IN ({', '.join('?' * len(members))})", [agency, *members]).fetchone()[0]
        if there == n:  # only the new documents state it: the instrument is new to the agency
            row[3] = int(row[3]) + 1  # type: ignore[call-overload]
    db.executemany("UPDATE agency_index SET level = ?, parent = ?, abbreviations = ?, issued = ? WHERE name = ?",
                   [(r[0], r[1], json_list(tuple(r[2])), r[3], name)  # type: ignore[arg-type]
                    for name, r in rows.items() if name not in whole])
    return whole


def research(db: sqlite3.Connection) -> None:
    """Every node's search text again (schema 19: names between marks), written without the
    trigger that indexes each one (1 ms a node), then the search index made from all at once.
    Read by rowid a slice at a time: a million nodes whole would hold gigabytes."""
    (trigger,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'nodes_researched'").fetchone()
    db.execute("DROP TRIGGER nodes_researched")
    last = -1
    while rows := db.execute(f"SELECT rowid, {NODE_COLUMNS} FROM nodes WHERE rowid > ? ORDER BY rowid LIMIT 20000",
                             (last,)).fetchall():
        db.executemany("UPDATE nodes SET search = ? WHERE rowid = ?",
                       [(search_text(node_row(r[1:])), r[0]) for r in rows])
        last = rows[-1][0]
    db.execute(trigger)
    db.execute(SEARCH_FILL)


def store_words(db: sqlite3.Connection) -> None:
    """Every node's ``words`` (schema 16), once, on upgrade."""
    rows = db.execute("SELECT key, title FROM nodes WHERE title IS NOT NULL").fetchall()
    db.executemany("UPDATE nodes SET words = ? WHERE key = ?", [(words(title), key) for key, title in rows])


def index_agencies(db: sqlite3.Connection, names: AbstractSet[str] | None) -> None:
    """The ``agency_index`` rows of ``names`` (of every agency: None) again: each agency's
    claims merged in the order they were written (the first level and parent stated, every
    abbreviation once), and how many canonical instruments name it as their issuer."""
    if names is None:
        db.execute("DELETE FROM agency_index")
        names = {r[0] for r in db.execute("SELECT DISTINCT name FROM agency_claims")}
    else:
        db.executemany("DELETE FROM agency_index WHERE name = ?", [(n,) for n in names])
    for name in sorted(names):
        rows = db.execute("SELECT level, parent, abbreviations FROM agency_claims WHERE name = ? ORDER BY rowid",
                          (name,)).fetchall()
        if not rows:
            continue
        issued = db.execute(
            "SELECT count(DISTINCT coalesce(i.key, r.source)) FROM relations r LEFT JOIN identities i"
            " ON i.alias = r.source WHERE r.target = ? AND r.kind = 'issued_by'", (name,)).fetchone()[0]
        abbreviations = tuple(dict.fromkeys(a for r in rows for a in strings(r[2])))
        db.execute("INSERT INTO agency_index (name, level, parent, abbreviations, issued) VALUES (?, ?, ?, ?, ?)",
                   (name, next((r[0] for r in rows if r[0]), None), next((r[1] for r in rows if r[1]), None),
                    json_list(abbreviations), int(issued)))


# -- rows ---------------------------------------------------------------------------------------


def _write_nodes(db: sqlite3.Connection, nodes: Iterable[Instrument], titles: Mapping[str, str | None]) -> None:
    """``nodes`` as rows; ``titles``: their ``words`` by key."""
    db.executemany(
        f"INSERT INTO nodes ({NODE_COLUMNS}, search, words)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(n.key, n.number, n.type, n.issuer, iso(n.date_issued), iso(n.date_in_force), n.in_force_basis,
          iso(n.date_no_longer_in_force), n.end_basis, n.status, n.title, int(n.synthetic), int(n.local),
          json_list(n.aliases), json_list(n.documents), n.documents_total, search_text(n), titles[n.key])
         for n in nodes])


def _write_links(db: sqlite3.Connection, links: Iterable[Link], unresolved: Iterable[Unresolved]) -> None:
    db.executemany("INSERT INTO identities (alias, key, rule, reason) VALUES (?, ?, ?, ?)",
                   [(x.alias, x.key, x.rule, x.reason) for x in links])
    db.executemany("INSERT INTO ambiguities (alias, candidates) VALUES (?, ?)",
                   [(u.alias, json_list(u.candidates)) for u in unresolved])


#: The rows of ``name_index`` and of ``header_index``.
_IndexRows = tuple[list[tuple[object, ...]], list[tuple[object, ...]]]


def _write_indexes(db: sqlite3.Connection, raw: Iterable[Instrument]) -> None:
    _write_index_rows(db, _index_rows(raw))


def _write_index_rows(db: sqlite3.Connection, rows: _IndexRows) -> None:
    names, headers = rows
    db.executemany("INSERT INTO name_index (name, key, why, date_issued, numbered) VALUES (?, ?, ?, ?, ?)", names)
    db.executemany("INSERT INTO header_index (type, issuer, date_issued, key, title, numbered)"
                   " VALUES (?, ?, ?, ?, ?, ?)", headers)


def _index_rows(raw: Iterable[Instrument]) -> _IndexRows:
    """What identity resolution looks up: numbered instruments by name and by header, and
    which names and headers each provisional key looks up (to find it again when they change)."""
    names: list[tuple[object, ...]] = []
    headers: list[tuple[object, ...]] = []
    for inst in raw:
        numbered = is_numbered(inst.key)
        if numbered:
            names += [(n, inst.key, why, iso(inst.date_issued), 1) for n, why in names_of(inst).items()]
        elif inst.key.startswith("name:"):
            names += [(n, inst.key, "", None, 0) for n in own_names(inst)]
        if (h := header_of(inst)) is not None and (numbered or inst.key.startswith("synthetic:")):
            headers.append((*h, inst.key, inst.title, int(numbered)))
    return names, headers


def _write_proposals(db: sqlite3.Connection, proposals: Iterable[Proposal]) -> None:
    db.executemany("INSERT INTO proposals (source, target, kind, score, reasons) VALUES (?, ?, ?, ?, ?)",
                   [(p.newer, p.older, KIND, p.score, json_list(p.reasons)) for p in proposals])
