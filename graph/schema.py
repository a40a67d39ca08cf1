"""The embedded store's schema, as numbered migrations (``PRAGMA user_version``).

Every fact row names the document that asserted it, so re-ingesting a document replaces
exactly its own facts. Indexes are named for the queries that need them.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: documents, instrument and agency claims, relations with evidence
    """
    CREATE TABLE documents (
        key TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        digest TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        extraction TEXT NOT NULL
    );
    CREATE TABLE instrument_claims (
        document TEXT NOT NULL REFERENCES documents(key) ON DELETE CASCADE,
        key TEXT NOT NULL,
        number TEXT,
        type TEXT,
        issuer TEXT,
        date_issued TEXT,
        title TEXT,
        synthetic INTEGER NOT NULL DEFAULT 0,
        local INTEGER NOT NULL DEFAULT 0,
        aliases TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (document, key)
    );
    CREATE INDEX instrument_claims_by_key ON instrument_claims(key);
    CREATE TABLE agency_claims (
        document TEXT NOT NULL REFERENCES documents(key) ON DELETE CASCADE,
        name TEXT NOT NULL,
        level TEXT,
        parent TEXT,
        abbreviations TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (document, name)
    );
    CREATE TABLE relations (
        id INTEGER PRIMARY KEY,
        document TEXT NOT NULL REFERENCES documents(key) ON DELETE CASCADE,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        kind TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('text', 'catalogue', 'inferred')),
        start INTEGER,
        "end" INTEGER,
        sentence TEXT,
        score REAL,
        reasons TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX relations_for_downstream ON relations(target, kind);
    CREATE INDEX relations_for_upstream ON relations(source, kind);
    CREATE INDEX relations_by_document ON relations(document);
    """,
)
