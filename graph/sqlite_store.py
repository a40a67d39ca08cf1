"""The embedded store: one SQLite file, WAL mode, one transaction per document.

``replace_document`` deletes what the document asserted before and writes what it asserts
now, in one ``BEGIN IMMEDIATE`` transaction: a reader sees the old facts or the new ones,
never a mix, and a failure leaves the old ones. The same input twice changes nothing.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from graph.model import Agency, DocumentFacts, Evidence, Instrument, Relation
from graph.schema import MIGRATIONS

DEFAULT_DB = Path(".vbgraph") / "graph.db"


@dataclass(frozen=True)
class ReplaceResult:
    """What one ingest changed: relations removed and added; unchanged when the digest matched."""

    document: str
    unchanged: bool
    removed: int
    added: int


class SqliteStore:
    """The graph in a SQLite file. Open with ``SqliteStore(path)``; close with ``close()``."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self._migrate()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        for number, script in enumerate(MIGRATIONS, start=1):
            if number <= version:
                continue
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in filter(str.strip, script.split(";")):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def replace_document(self, facts: DocumentFacts) -> ReplaceResult:
        """Replace everything ``facts.document`` asserted, atomically."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            row = self.db.execute("SELECT digest FROM documents WHERE key = ?", (facts.document,)).fetchone()
            if row and row[0] == facts.digest:
                self.db.execute("COMMIT")
                return ReplaceResult(facts.document, True, 0, 0)
            removed = self.db.execute(
                "SELECT count(*) FROM relations WHERE document = ?", (facts.document,)).fetchone()[0]
            self.db.execute("DELETE FROM documents WHERE key = ?", (facts.document,))
            self._write(facts)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return ReplaceResult(facts.document, False, int(removed), len(facts.relations))

    def _write(self, facts: DocumentFacts) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        self.db.execute(
            "INSERT INTO documents (key, source, digest, ingested_at, extraction) VALUES (?, ?, ?, ?, ?)",
            (facts.document, facts.source, facts.digest, now, facts.extraction_json))
        self.db.executemany(
            "INSERT INTO instrument_claims (document, key, number, type, issuer, date_issued, title,"
            " synthetic, local, aliases) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(facts.document, i.key, i.number, i.type, i.issuer, _iso(i.date_issued), i.title,
              int(i.synthetic), int(i.local), json.dumps(list(i.aliases), ensure_ascii=False))
             for i in facts.instruments])
        self.db.executemany(
            "INSERT INTO agency_claims (document, name, level, parent, abbreviations) VALUES (?, ?, ?, ?, ?)",
            [(facts.document, a.name, a.level, a.parent, json.dumps(list(a.abbreviations), ensure_ascii=False))
             for a in facts.agencies])
        self.db.executemany(
            'INSERT INTO relations (document, source, target, kind, method, start, "end", sentence, score, reasons)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(facts.document, r.source, r.target, r.kind, r.evidence.method, r.evidence.start,
              r.evidence.end, r.evidence.sentence, r.evidence.score,
              json.dumps(list(r.evidence.reasons), ensure_ascii=False)) for r in facts.relations])

    def document_keys(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT key FROM documents ORDER BY key")]

    def instrument(self, key: str) -> Instrument | None:
        """The instrument under ``key``, its fields merged from every claim (its own first)."""
        rows = self.db.execute(
            "SELECT number, type, issuer, date_issued, title, synthetic, local, aliases FROM instrument_claims"
            " WHERE key = ? ORDER BY (document = key) DESC, rowid", (key,)).fetchall()
        if not rows:
            return None

        def first(i: int) -> str | None:
            return next((r[i] for r in rows if r[i] is not None), None)

        issued = first(3)
        aliases = tuple(dict.fromkeys(a for r in rows for a in json.loads(r[7])))
        return Instrument(key, first(0), first(1), first(2), date.fromisoformat(issued) if issued else None,
                          first(4), bool(rows[0][5]), bool(rows[0][6]), aliases=aliases)

    def agency(self, name: str) -> Agency | None:
        rows = self.db.execute(
            "SELECT level, parent, abbreviations FROM agency_claims WHERE name = ? ORDER BY rowid", (name,)).fetchall()
        if not rows:
            return None
        abbreviations = tuple(dict.fromkeys(a for r in rows for a in json.loads(r[2])))
        level = next((r[0] for r in rows if r[0]), None)
        parent = next((r[1] for r in rows if r[1]), None)
        return Agency(name, level, parent, abbreviations)

    def relations(self, *, source: str | None = None, target: str | None = None,
                  kinds: tuple[str, ...] = ()) -> list[Relation]:
        """Relations by source and/or target, optionally of some kinds, in a stable order."""
        where, args = [], []
        if source is not None:
            where.append("source = ?")
            args.append(source)
        if target is not None:
            where.append("target = ?")
            args.append(target)
        if kinds:
            where.append(f"kind IN ({', '.join('?' * len(kinds))})")
            args.extend(kinds)
        sql = ('SELECT source, target, kind, document, method, start, "end", sentence, score, reasons'
               " FROM relations")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id"
        return [Relation(r[0], r[1], r[2], Evidence(r[3], r[4], r[5], r[6], r[7], r[8], tuple(json.loads(r[9]))))
                for r in self.db.execute(sql, args)]

    def counts(self) -> dict[str, int]:
        """Documents, instruments, agencies and relations now stored."""
        q = {
            "documents": "SELECT count(*) FROM documents",
            "instruments": "SELECT count(DISTINCT key) FROM instrument_claims",
            "agencies": "SELECT count(DISTINCT name) FROM agency_claims",
            "relations": "SELECT count(*) FROM relations",
        }
        return {k: int(self.db.execute(sql).fetchone()[0]) for k, sql in q.items()}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
