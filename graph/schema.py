"""The embedded store's schema, as numbered migrations (``PRAGMA user_version``).

Every fact row names the document that asserted it, so re-ingesting a document replaces
exactly its own facts. Indexes are named for the queries that need them.

Tables hold two kinds of rows. *Asserted* rows (documents, claims, relations, fact sources)
belong to the document that stated them. *Derived* rows (identities, nodes, proposals, the
name and header indexes, the search index) are computed from the asserted ones
(``graph.derived_tables``: all at once, or only what changed documents reach) and never
edited by hand, so they cannot drift from what the documents say.
"""

from __future__ import annotations

import sqlite3

from graph.derive import NAMES_MARK
from graph.queries import CITING

#: When a node counts in ``force_days``: it has a start and ends after it, if at all (one that
#: ends on or before its start is never in force). It adds 1 on its start, -1 on its end.
_SPAN = "{r}.date_in_force IS NOT NULL AND ({r}.date_end IS NULL OR {r}.date_end > {r}.date_in_force)"
_CHANGE = ("INSERT INTO {table} ({columns}, delta) SELECT {values}, {delta} WHERE {when}"
           " ON CONFLICT ({columns}) DO UPDATE SET delta = delta + excluded.delta;")
#: A node's (type, issuer) group as ``node_groups`` names it ('' for none).
_GROUP_OF = "coalesce({r}.type, ''), coalesce({r}.issuer, '')"


def _force_changes(row: str, sign: int, grouped: bool = False) -> str:
    """Trigger statements adding (``sign`` 1) or taking back (-1) the span of the node ``row``
    (``new`` or ``old``) in ``force_days`` and in ``force_years`` (the same by year, so that a
    count sums a few dozen years and one year's days, not every day); ``grouped``: in
    ``group_force_days`` and ``group_force_years``, the same for the node's (type, issuer)."""
    span = _SPAN.format(r=row)
    prefix = "group_force" if grouped else "force"
    out = []
    for table, column, cut in ((f"{prefix}_days", "day", "{}"), (f"{prefix}_years", "year", "substr({}, 1, 4)")):
        columns = f"type, issuer, {column}" if grouped else column
        group = f"{_GROUP_OF.format(r=row)}, " if grouped else ""
        out.append(_CHANGE.format(table=table, columns=columns, values=group + cut.format(f"{row}.date_in_force"),
                                  delta=sign, when=span))
        out.append(_CHANGE.format(table=table, columns=columns, values=group + cut.format(f"{row}.date_end"),
                                  delta=-sign, when=f"{span} AND {row}.date_end IS NOT NULL"))
    return "\n".join(out)


#: A node joins (``delta`` 1) or leaves (-1) its (type, issuer) group in ``node_groups``.
_GROUP_CHANGE = ("INSERT INTO node_groups (type, issuer, nodes) VALUES (coalesce({row}.type, ''),"
                 " coalesce({row}.issuer, ''), {delta})"
                 " ON CONFLICT (type, issuer) DO UPDATE SET nodes = nodes + {delta};")

def _force_fill(grouped: bool) -> str:
    """``force_days`` and ``force_years`` (``grouped``: ``group_force_days`` and
    ``group_force_years``, by (type, issuer)) counted from every node at once."""
    table, group = ("group_force", "type, issuer, ") if grouped else ("force", "")
    of = "coalesce(type, '') AS type, coalesce(issuer, '') AS issuer, " if grouped else ""
    span = _SPAN.format(r="nodes")
    return f"""INSERT INTO {table}_days ({group}day, delta)
        SELECT {group}day, sum(delta) FROM (
            SELECT {of}date_in_force AS day, 1 AS delta FROM nodes WHERE {span}
            UNION ALL SELECT {of}date_end, -1 FROM nodes WHERE date_end IS NOT NULL AND {span})
        GROUP BY {group}day;
    INSERT INTO {table}_years ({group}year, delta)
        SELECT {group}substr(day, 1, 4), sum(delta) FROM {table}_days GROUP BY {group}substr(day, 1, 4)"""


#: The rows the triggers on ``nodes`` keep, counted from every node at once: on the upgrades
#: that add them, and after a rebuild writes the nodes without their triggers
#: (``graph.derived_tables.rebuild``).
FORCE_FILL = _force_fill(grouped=False)
GROUP_FORCE_FILL = _force_fill(grouped=True)
GROUPS_FILL = """INSERT INTO node_groups (type, issuer, nodes)
        SELECT coalesce(type, ''), coalesce(issuer, ''), count(*) FROM nodes GROUP BY 1, 2"""
SEARCH_FILL = "INSERT INTO node_search(node_search) VALUES ('rebuild')"
#: The names of a search text (``graph.derive.names_part``) and what comes before them (key,
#: number, type, issuer), as SQL over the text ``{s}``: the two columns of the search index.
NAMES_OF = (f"CASE WHEN instr({{s}}, '{NAMES_MARK}') THEN substr({{s}}, instr({{s}}, '{NAMES_MARK}'))"
            " ELSE '' END")
HEAD_OF = (f"CASE WHEN instr({{s}}, '{NAMES_MARK}') THEN substr({{s}}, 1, instr({{s}}, '{NAMES_MARK}') - 1)"
           " ELSE {s} END")


def _search_index(row: str) -> str:
    """The values of the node ``row`` (``new`` or ``old``) for its search index."""
    return f"{row}.rowid, {HEAD_OF.format(s=row + '.search')}, {NAMES_OF.format(s=row + '.search')}"

#: The tables ``FORCE_FILL``, ``GROUP_FORCE_FILL`` and ``GROUPS_FILL`` write.
NODE_COUNTS = ("force_days", "force_years", "group_force_days", "group_force_years", "node_groups")

#: A node's folded key: the first word of its search text (``graph.derive.search_text``).
FOLDED_KEY = "substr(search, 1, instr(search, ' ') - 1)"

#: Stale citations (``graph.queries.stale_citations``): a relation by which a document treats
#: an instrument as current law (``CITING``), the document dated on or after the day the
#: instrument ended; both ends canonical. As rows of the ``stale`` table: relation id, citing
#: node and its date, cited node and its end.
_STALE_WHERE = (f"r.kind IN ({', '.join(repr(k) for k in CITING)}) AND c.date_end IS NOT NULL"
                " AND d.date_issued >= c.date_end")
#: ... of the relations a condition on ``r`` keeps (``STALE_OF.format(where=…)``): read from them.
STALE_OF = ("SELECT r.id, d.key, d.date_issued, c.key, c.date_end FROM relations r"
            " LEFT JOIN identities si ON si.alias = r.source LEFT JOIN identities ti ON ti.alias = r.target"
            " JOIN nodes d ON d.key = coalesce(si.key, r.source) JOIN nodes c ON c.key = coalesce(ti.key, r.target)"
            " WHERE " + _STALE_WHERE.replace("{", "{{").replace("}", "}}") + " AND ({where})")
#: ... of the whole graph: read from the few ended instruments (their keys and aliases) to the
#: relations into them, not from every relation.
STALE_ALL = ("WITH ended(key, raw) AS (SELECT key, key FROM nodes WHERE date_end IS NOT NULL"
             " UNION ALL SELECT i.key, i.alias FROM identities i JOIN nodes n ON n.key = i.key"
             " WHERE n.date_end IS NOT NULL)"
             " SELECT r.id, d.key, d.date_issued, c.key, c.date_end FROM ended e JOIN nodes c ON c.key = e.key"
             " JOIN relations r ON r.target = e.raw LEFT JOIN identities si ON si.alias = r.source"
             " JOIN nodes d ON d.key = coalesce(si.key, r.source) WHERE " + _STALE_WHERE)

#: The date of each citation (``CITING``) by a dated instrument, by the instrument cited: what
#: the inference rule weighs (``graph.derived_tables._citing_dates``); both ends canonical. As
#: rows of the ``citing`` table: relation id, cited node, citing date. ``CITING_OF.format(where=…)``
#: reads them from the relations a condition on ``r`` keeps.
CITING_OF = ("SELECT r.id, coalesce(ti.key, r.target), d.date_issued FROM relations r"
             " LEFT JOIN identities si ON si.alias = r.source LEFT JOIN identities ti ON ti.alias = r.target"
             " JOIN nodes d ON d.key = coalesce(si.key, r.source)"
             f" WHERE r.kind IN ({', '.join(repr(k) for k in CITING)}) AND d.date_issued IS NOT NULL"
             " AND ({where})")
#: Its index, made after the table is filled whole (sorting once beats 7 million inserts in
#: the index's order at a million documents).
CITING_INDEX = "CREATE INDEX citing_by_cited ON citing(cited, dated)"

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
    # 2: entry into force and its source; catalogue origins; derived tables rebuilt after ingest
    """
    ALTER TABLE instrument_claims ADD COLUMN date_in_force TEXT;
    ALTER TABLE instrument_claims ADD COLUMN date_no_longer_in_force TEXT;
    ALTER TABLE instrument_claims ADD COLUMN status TEXT;
    ALTER TABLE relations ADD COLUMN origin TEXT;
    CREATE TABLE fact_sources (
        document TEXT NOT NULL REFERENCES documents(key) ON DELETE CASCADE,
        key TEXT NOT NULL,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        origin TEXT,
        quote TEXT,
        start INTEGER,
        "end" INTEGER
    );
    CREATE INDEX fact_sources_by_key ON fact_sources(key);
    CREATE INDEX fact_sources_by_document ON fact_sources(document);
    CREATE TABLE identities (
        alias TEXT PRIMARY KEY,
        key TEXT NOT NULL,
        rule TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE INDEX identities_by_key ON identities(key);
    CREATE TABLE ambiguities (
        alias TEXT PRIMARY KEY,
        candidates TEXT NOT NULL
    );
    CREATE TABLE nodes (
        key TEXT PRIMARY KEY,
        number TEXT,
        type TEXT,
        issuer TEXT,
        date_issued TEXT,
        date_in_force TEXT,
        in_force_basis TEXT,
        date_end TEXT,
        end_basis TEXT,
        status TEXT,
        title TEXT,
        synthetic INTEGER NOT NULL,
        local INTEGER NOT NULL,
        aliases TEXT NOT NULL,
        documents TEXT NOT NULL,
        search TEXT NOT NULL
    );
    CREATE INDEX nodes_for_in_force ON nodes(date_in_force, date_end);
    CREATE INDEX nodes_by_number ON nodes(number);
    CREATE TABLE proposals (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        kind TEXT NOT NULL,
        score REAL NOT NULL,
        reasons TEXT NOT NULL
    );
    CREATE INDEX proposals_by_source ON proposals(source);
    CREATE INDEX proposals_by_target ON proposals(target)
    """,
    # 3: the text of each document, which its evidence spans point into
    """
    ALTER TABLE documents ADD COLUMN text TEXT
    """,
    # 4: derived indexes for updating the derived tables document by document
    # (graph.derived_tables): the names and headers identity resolution matches on, and
    # the (type, issuer) groups inferred proposals are computed within
    """
    CREATE TABLE name_index (
        name TEXT NOT NULL,
        key TEXT NOT NULL,
        why TEXT NOT NULL,
        date_issued TEXT,
        numbered INTEGER NOT NULL
    );
    CREATE INDEX name_index_for_resolution ON name_index(name, numbered);
    CREATE INDEX name_index_by_key ON name_index(key);
    CREATE TABLE header_index (
        type TEXT NOT NULL,
        issuer TEXT NOT NULL,
        date_issued TEXT NOT NULL,
        key TEXT NOT NULL,
        title TEXT,
        numbered INTEGER NOT NULL
    );
    CREATE INDEX header_index_for_resolution ON header_index(type, issuer, date_issued, numbered);
    CREATE INDEX header_index_by_key ON header_index(key);
    CREATE INDEX nodes_for_proposals ON nodes(type, issuer)
    """,
    # 5: each evidence sentence stored once per document, not once per relation it proves
    # (a preamble sentence of six citations was stored six times)
    """
    CREATE TABLE sentences (
        id INTEGER PRIMARY KEY,
        document TEXT NOT NULL REFERENCES documents(key) ON DELETE CASCADE,
        text TEXT NOT NULL
    );
    CREATE INDEX sentences_by_document ON sentences(document);
    ALTER TABLE relations ADD COLUMN sentence_id INTEGER;
    INSERT INTO sentences (document, text)
        SELECT document, sentence FROM relations WHERE sentence IS NOT NULL GROUP BY document, sentence;
    UPDATE relations SET sentence_id = (SELECT s.id FROM sentences s
        WHERE s.document = relations.document AND s.text = relations.sentence) WHERE sentence IS NOT NULL;
    UPDATE relations SET sentence = NULL
    """,
    # 6: search by any part of a name or number without reading every node: a trigram index
    # over the nodes' folded search text, kept by triggers however nodes are written
    """
    CREATE VIRTUAL TABLE node_search USING fts5(search, content='nodes', content_rowid='rowid', tokenize='trigram');
    CREATE TRIGGER nodes_searched AFTER INSERT ON nodes BEGIN
        INSERT INTO node_search(rowid, search) VALUES (new.rowid, new.search);
    END;
    CREATE TRIGGER nodes_unsearched AFTER DELETE ON nodes BEGIN
        INSERT INTO node_search(node_search, rowid, search) VALUES ('delete', old.rowid, old.search);
    END;
    CREATE TRIGGER nodes_researched AFTER UPDATE OF search ON nodes BEGIN
        INSERT INTO node_search(node_search, rowid, search) VALUES ('delete', old.rowid, old.search);
        INSERT INTO node_search(rowid, search) VALUES (new.rowid, new.search);
    END;
    """ + SEARCH_FILL + """
    """,
    # 7: whether the derived tables wait for a rebuild: set by a bulk load's first write, cleared
    # by the rebuild it ends with; a bulk load killed in between leaves it set, so the next
    # write rebuilds instead of updating tables that are behind
    """
    CREATE TABLE state (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )
    """,
    # 8: a node carries the first documents claiming it and their number, not all of them
    # (graph.model.MAX_DOCUMENTS; rebuilt to cut the lists down)
    """
    ALTER TABLE nodes ADD COLUMN documents_total INTEGER NOT NULL DEFAULT 0
    """,
    # 9: in-force lists and counts that do not grow with the graph. A page is read in index
    # order (start, key) and stops at its end, where it sorted every match first. The count
    # sums the changes of force of the years before and of the days of the year up to the
    # date (``force_years``, ``force_days``, kept by triggers), where it counted every node
    """
    DROP INDEX nodes_for_in_force;
    CREATE INDEX nodes_for_in_force ON nodes(date_in_force, key, date_end);
    CREATE TABLE force_days (
        day TEXT PRIMARY KEY,
        delta INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE force_years (
        year TEXT PRIMARY KEY,
        delta INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TRIGGER nodes_force_added AFTER INSERT ON nodes BEGIN
    """ + _force_changes("new", 1) + """
    END;
    CREATE TRIGGER nodes_force_removed AFTER DELETE ON nodes BEGIN
    """ + _force_changes("old", -1) + """
    END;
    CREATE TRIGGER nodes_force_changed AFTER UPDATE OF date_in_force, date_end ON nodes BEGIN
    """ + _force_changes("old", -1) + _force_changes("new", 1) + """
    END;
    """ + FORCE_FILL + """
    """,
    # 10: search by a whole number finds its instruments first, by their folded key (the first
    # word of the search text): plan numbers recur in every province and year, and the few
    # thousand candidates any word search keeps could leave the instrument itself out
    # and the list of every instrument, newest first, is read a page at a time in this order
    """
    CREATE INDEX nodes_by_folded_key ON nodes(""" + FOLDED_KEY + """);
    CREATE INDEX nodes_newest ON nodes(date_issued DESC, key)
    """,
    # 11: stale citations a page at a time, in their order (citing date, citing key, cited key,
    # relation), where every ended instrument's citers were read and sorted for each page (57 s
    # on a million documents). Derived rows (``STALE_OF``, ``STALE_ALL``); a relation deleted
    # with its document takes its row along
    """
    CREATE TABLE stale (
        relation INTEGER PRIMARY KEY,
        document TEXT NOT NULL,
        dated TEXT NOT NULL,
        cited TEXT NOT NULL,
        ended TEXT NOT NULL
    );
    CREATE INDEX stale_in_order ON stale(dated, document, cited);
    CREATE INDEX stale_by_document ON stale(document);
    CREATE INDEX stale_by_cited ON stale(cited);
    CREATE TRIGGER relations_unstale AFTER DELETE ON relations BEGIN
        DELETE FROM stale WHERE relation = old.id;
    END;
    INSERT INTO stale (relation, document, dated, cited, ended) """ + STALE_ALL + """
    """,
    # 12: lists filtered by type and issuer a page at a time, where every node was read and the
    # matches sorted (30 s for the Prime Minister's decisions in force on a day, at a million
    # documents). The filters' rule is applied to the few (type, issuer) groups (``node_groups``,
    # kept by triggers; '' stands for none, which a key cannot hold), and each group's
    # nodes are read in list order from an index: in force by start, or newest first
    """
    CREATE TABLE node_groups (
        type TEXT NOT NULL,
        issuer TEXT NOT NULL,
        nodes INTEGER NOT NULL,
        PRIMARY KEY (type, issuer)
    ) WITHOUT ROWID;
    CREATE TRIGGER nodes_grouped AFTER INSERT ON nodes BEGIN
    """ + _GROUP_CHANGE.format(row="new", delta=1) + """
    END;
    CREATE TRIGGER nodes_ungrouped AFTER DELETE ON nodes BEGIN
    """ + _GROUP_CHANGE.format(row="old", delta=-1) + """
    END;
    CREATE TRIGGER nodes_regrouped AFTER UPDATE OF type, issuer ON nodes BEGIN
    """ + _GROUP_CHANGE.format(row="old", delta=-1) + _GROUP_CHANGE.format(row="new", delta=1) + """
    END;
    """ + GROUPS_FILL + """;
    CREATE INDEX nodes_group_in_force ON nodes(issuer, type, date_in_force, key, date_end, in_force_basis);
    CREATE INDEX nodes_group_newest ON nodes(issuer, type, date_issued DESC, key, date_in_force, date_end)
    """,
    # 13: how many stale citations there are up to a day, from their number by citing day
    # (``stale_days``, kept by triggers), where counting read every row (42 ms for 453 308)
    """
    CREATE TABLE stale_days (
        day TEXT PRIMARY KEY,
        citations INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TRIGGER stale_added AFTER INSERT ON stale BEGIN
        INSERT INTO stale_days (day, citations) VALUES (new.dated, 1)
        ON CONFLICT (day) DO UPDATE SET citations = citations + 1;
    END;
    CREATE TRIGGER stale_removed AFTER DELETE ON stale BEGIN
        UPDATE stale_days SET citations = citations - 1 WHERE day = old.dated;
    END;
    INSERT INTO stale_days (day, citations) SELECT dated, count(*) FROM stale GROUP BY dated
    """,
    # 14: agencies and how many instruments each issued, one row each (derived: claims merged,
    # issued_by relations counted once per canonical instrument), where every list of agencies
    # read every claim and relation (two minutes at a million documents); filled on upgrade
    # (``REINDEX_AGENCIES_AFTER``)
    """
    CREATE INDEX agency_claims_by_name ON agency_claims(name);
    CREATE TABLE agency_index (
        name TEXT PRIMARY KEY,
        level TEXT,
        parent TEXT,
        abbreviations TEXT NOT NULL,
        issued INTEGER NOT NULL
    ) WITHOUT ROWID
    """,
    # 15: which instruments an agency issued, from the index alone: every document citing a
    # Prime Minister's decision states its issuer again (2.4 million issued_by relations
    # into the Prime Minister at a million documents, for 79 724 decisions)
    """
    CREATE INDEX relations_issued ON relations(target, kind, source) WHERE kind = 'issued_by'
    """,
    # 16: what an upload reads of large instruments and groups, at less cost: an instrument's
    # claims by document, so that its first documents and their number come from the index (a
    # law cited by name in every provincial plan has a third of a million claims at a million
    # documents: ``graph.claims.claims_of``); each node's title words as the
    # inference rule compares them (``graph.inference.words``), filled on upgrade
    # (``STORE_WORDS_AFTER``)
    """
    DROP INDEX instrument_claims_by_key;
    CREATE INDEX instrument_claims_by_key ON instrument_claims(key, document);
    ALTER TABLE nodes ADD COLUMN words TEXT
    """,
    # 17: of each instrument claimed many times, the claims its merge can depend on: per shape
    # (the claim's columns but its document), the first by the catalogue, document and order
    # stored, and the first stored (``graph.claims.decide``), filled on upgrade
    # (``DECIDE_AFTER``); a law cited by name in every plan is merged from a handful of
    # claims instead of a third of a million
    """
    CREATE TABLE claim_deciders (
        key TEXT NOT NULL,
        document TEXT NOT NULL,
        PRIMARY KEY (key, document)
    ) WITHOUT ROWID
    """,
    # 18: the dates citing each instrument, read from an index (``CITING_OF``): a new Prime
    # Minister's decision weighs its group of 80 000 again, and reading their 2.3 million
    # citations through the relations, both ends' identities and the citing nodes took 40 s
    # at a million documents. Derived rows; a relation deleted with its document takes its
    # row along
    """
    CREATE TABLE citing (
        relation INTEGER PRIMARY KEY,
        cited TEXT NOT NULL,
        dated TEXT NOT NULL
    );
    CREATE TRIGGER relations_uncited AFTER DELETE ON relations BEGIN
        DELETE FROM citing WHERE relation = old.id;
    END;
    INSERT INTO citing (relation, cited, dated) """ + CITING_OF.format(where="1") + """;
    """ + CITING_INDEX,
    # 19: search ranks every match, best first (``graph.search``), by tiers an index can read:
    # the search text keeps the names between marks (``graph.derive.search_text``), and the
    # trigram index has them in a column of their own, so that the instruments named by the
    # query, or holding it in a name, are found without reading every one holding its words
    # (a million documents: tens of thousands for a common phrase). The texts are written
    # again and the index made from them on upgrade (``RESEARCH_AFTER``)
    """
    DROP TRIGGER nodes_searched;
    DROP TRIGGER nodes_unsearched;
    DROP TRIGGER nodes_researched;
    DROP TABLE node_search;
    CREATE VIEW node_text AS SELECT rowid AS rowid, """ + HEAD_OF.format(s="search") + """ AS head, """
    + NAMES_OF.format(s="search") + """ AS names FROM nodes;
    CREATE VIRTUAL TABLE node_search USING fts5(head, names, content='node_text', content_rowid='rowid',
        tokenize='trigram');
    CREATE TRIGGER nodes_searched AFTER INSERT ON nodes BEGIN
        INSERT INTO node_search(rowid, head, names) VALUES (""" + _search_index("new") + """);
    END;
    CREATE TRIGGER nodes_unsearched AFTER DELETE ON nodes BEGIN
        INSERT INTO node_search(node_search, rowid, head, names) VALUES ('delete', """ + _search_index("old") + """);
    END;
    CREATE TRIGGER nodes_researched AFTER UPDATE OF search ON nodes BEGIN
        INSERT INTO node_search(node_search, rowid, head, names) VALUES ('delete', """ + _search_index("old") + """);
        INSERT INTO node_search(rowid, head, names) VALUES (""" + _search_index("new") + """);
    END
    """,
    # 20: a (type, issuer) group's members as the inference rule reads them (key, number, date,
    # title words) from the index alone: an upload citing one of the Prime Minister's decisions
    # reads his 80 000, and through the table that was 80 000 reads scattered over a file of
    # a million nodes (4.9 s with none of it in the page cache, 0.25 s with all of it)
    """
    DROP INDEX nodes_for_proposals;
    CREATE INDEX nodes_for_proposals ON nodes(type, issuer, key, number, date_issued, words)
    """,
    # 21: how many of one issuer's (or type's) instruments are in force on a day, from the
    # changes of force of each (type, issuer) group (``group_force_years`` and
    # ``group_force_days``, kept by triggers as ``force_days`` is), where counting read the
    # group's index entries up to the day: 63 000 of the Prime Minister's decisions for one
    # page of them, 8 ms of a 10 ms page at a million documents
    """
    CREATE TABLE group_force_days (
        type TEXT NOT NULL,
        issuer TEXT NOT NULL,
        day TEXT NOT NULL,
        delta INTEGER NOT NULL,
        PRIMARY KEY (type, issuer, day)
    ) WITHOUT ROWID;
    CREATE TABLE group_force_years (
        type TEXT NOT NULL,
        issuer TEXT NOT NULL,
        year TEXT NOT NULL,
        delta INTEGER NOT NULL,
        PRIMARY KEY (type, issuer, year)
    ) WITHOUT ROWID;
    CREATE TRIGGER nodes_group_force_added AFTER INSERT ON nodes BEGIN
    """ + _force_changes("new", 1, grouped=True) + """
    END;
    CREATE TRIGGER nodes_group_force_removed AFTER DELETE ON nodes BEGIN
    """ + _force_changes("old", -1, grouped=True) + """
    END;
    CREATE TRIGGER nodes_group_force_changed AFTER UPDATE OF type, issuer, date_in_force, date_end ON nodes BEGIN
    """ + _force_changes("old", -1, grouped=True) + _force_changes("new", 1, grouped=True) + """
    END;
    """ + GROUP_FORCE_FILL + """
    """,
)

#: Migrations after which the derived tables are rebuilt once (they add derived tables).
REBUILD_AFTER = frozenset({4, 8})
#: Migrations after which only the agency index is made (``graph.derived_tables.index_agencies``).
REINDEX_AGENCIES_AFTER = frozenset({14})
#: Migrations after which the nodes' title words are stored (``graph.derived_tables.store_words``).
STORE_WORDS_AFTER = frozenset({16})
#: Migrations after which the deciding claims are chosen (``graph.claims.decide``).
DECIDE_AFTER = frozenset({17})
#: Migrations after which the nodes' search texts are written again and indexed
#: (``graph.derived_tables.research``).
RESEARCH_AFTER = frozenset({19})


def statements(script: str) -> list[str]:
    """The SQL statements of a migration, whole (a trigger's body holds semicolons)."""
    out, buffer = [], ""
    for part in script.split(";"):
        buffer += part + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n;"):
                out.append(buffer.strip())
            buffer = ""
    return out
