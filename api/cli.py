"""The ``vbgraph`` command line. Commands call ``loaders``/``graph`` and print; no logic here."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import socket
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    import uvicorn

from api.params import parse_date
from api.payloads import (
    details_json,
    hit_json,
    instrument_json,
    lineage_json,
    link_json,
    path_json,
    stale_json,
)
from api.render import (
    extraction_table,
    instrument_line,
    instruments_table,
    lineage_text,
    links_table,
    path_text,
    push_line,
    show_text,
    stale_table,
    summary_line,
)
from graph.ingest import BATCH
from graph.ingest import ingest as ingest_documents
from graph.queries import downstream, in_force, lineage, stale_page, upstream
from graph.resolve import resolve, suggestions
from graph.search import COUNTED, search_page
from graph.sqlite_store import BUSY_SECONDS, DEFAULT_DB, SqliteStore, StoreBusy
from graph.store import ReadStore, StoreError, StoreSpec, details, open_store
from graph.view import path as find_path
from loaders.corpus import iter_documents
from loaders.extract import extract_path
from loaders.readers import ReaderError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="vbgraph: a knowledge graph of Vietnamese legal instruments on gender equality.")


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


@app.callback()
def _root() -> None:
    """vbgraph: a knowledge graph of Vietnamese legal instruments on gender equality."""


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt .pdf .docx .html)")],
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table or json")] = OutputFormat.table,
) -> None:
    """Extract each document's header and every instrument it cites, with evidence.

    Example: ``vbgraph extract data/corpus --format json``. A file that cannot be read is
    reported on stderr with the reason; the others are still extracted; the exit status is
    1 when any file failed.
    """
    results = []
    failed = 0
    for path in iter_documents(paths):
        try:
            results.append(extract_path(path))
        except ReaderError as err:
            failed += 1
            typer.echo(f"error: {err}", err=True)
    if fmt is OutputFormat.json:
        json.dump([r.to_json() for r in results], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for result in results:
            typer.echo(extraction_table(result))
            typer.echo("")
        typer.echo(summary_line(len(results), failed, sum(len(r.references) for r in results)))
    if failed:
        raise typer.Exit(code=1)


def _db_path(db: Path | None) -> Path:
    """``--db``, else ``VBGRAPH_DB``, else ``./.vbgraph/graph.db``."""
    return db or Path(os.environ.get("VBGRAPH_DB") or DEFAULT_DB)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest")],
    db: Annotated[Path | None, typer.Option(help="SQLite file (default: $VBGRAPH_DB or .vbgraph/graph.db)")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Extraction processes")] = 2,
    batch: Annotated[int, typer.Option(min=1, max=100_000, help="Documents per write transaction")] = BATCH,
    wait: Annotated[float, typer.Option(min=0, help="Seconds to wait while another process writes to the store")]
    = BUSY_SECONDS,
) -> None:
    """Extract documents and store their facts; re-ingesting a document replaces its facts.

    Example: ``vbgraph ingest data/corpus --db graph.db``. Every failed file is listed with its
    reason; the others are stored; the exit status is 1 when any file failed.
    """
    files = list(iter_documents(paths))
    try:
        with SqliteStore(_db_path(db), busy_seconds=wait) as store, typer.progressbar(
            length=len(files), label="ingesting", file=sys.stderr
        ) as bar:
            summary = ingest_documents(files, store, workers, on_done=lambda _p: bar.update(1), batch=batch)
    except StoreBusy as err:
        # batches committed before stay; ingesting again skips them as unchanged
        typer.echo(f"error: {err} (documents stored before this stay; ingest again for the rest)", err=True)
        raise typer.Exit(code=1) from None
    for path, reason in summary.failed:
        typer.echo(f"error: {path}: {reason}", err=True)
    for path, group in itertools.groupby(summary.warned, key=lambda w: w[0]):
        said = [w for _, w in group]
        for warning in said[:5]:
            typer.echo(f"warning: {path}: {warning}", err=True)
        if len(said) > 5:
            typer.echo(f"warning: {path}: … and {len(said) - 5} more (vbgraph extract {path} lists them)", err=True)
    c = summary.counts
    typer.echo(
        f"{summary.ingested} documents ingested, {summary.unchanged} unchanged, {len(summary.failed)} failed, "
        f"{summary.warnings} warnings; store: {c['documents']} documents, {c['instruments']} instruments "
        f"({c['merged']} names merged into them), {c['agencies']} agencies, {c['relations']} relations, "
        f"{c['proposals']} inferred proposals ({_db_path(db)})"
    )
    if summary.failed:
        raise typer.Exit(code=1)


@app.command()
def push(
    neo4j_uri: Annotated[str, typer.Option(
        "--neo4j", help="Neo4j URI: bolt://HOST:7687, neo4j://…, neo4j+s://… (Aura); user and password from "
        "NEO4J_USER / NEO4J_PASSWORD")],
    database: Annotated[str | None, typer.Option(help="Database (default: $NEO4J_DATABASE or the server's)")] = None,
    db: Annotated[Path | None, typer.Option(help="SQLite file (default: $VBGRAPH_DB or .vbgraph/graph.db)")] = None,
    batch: Annotated[int, typer.Option(min=1, max=100_000, help="Rows per UNWIND statement")] = 1000,
) -> None:
    """Copy the graph to Neo4j, writing only what changed since the last push, in one transaction.

    Example: ``NEO4J_PASSWORD=… vbgraph push --neo4j bolt://localhost:7687``; then
    ``vbgraph serve --store bolt://localhost:7687`` answers from Neo4j.
    """
    from graph.neo4j_store import connect
    from graph.neo4j_sync import push as push_graph

    path = _db_path(db)
    if not path.exists():
        typer.echo(f"error: no graph at {path}: run `vbgraph ingest data/corpus data/catalogue.yaml` first", err=True)
        raise typer.Exit(code=2)
    try:
        spec = StoreSpec.parse(neo4j_uri, database)
        if not spec.is_neo4j:
            raise StoreError(f"--neo4j wants a Neo4j URI (bolt://HOST:PORT …), not {neo4j_uri!r}")
        driver = connect(spec)
    except StoreError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(code=2) from None
    try:
        with SqliteStore(path) as store:
            done = push_graph(store, driver, spec.database, str(spec), batch)
            counts = store.counts()
    except StoreError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(code=1) from None
    finally:
        driver.close()
    typer.echo(push_line(done, counts, path))


# -- questions ------------------------------------------------------------------------------

DbOption = Annotated[str | None, typer.Option(
    "--store", "--db", help="The store: a SQLite file, or a Neo4j URI (bolt://…, neo4j://…, neo4j+s://…; "
    "credentials from NEO4J_USER / NEO4J_PASSWORD). Default: $VBGRAPH_STORE, $VBGRAPH_DB, .vbgraph/graph.db")]
FormatOption = Annotated[OutputFormat, typer.Option("--format", help="table or json")]


def _spec(store: str | None) -> StoreSpec:
    """The store named by ``--store``/``--db``, else ``VBGRAPH_STORE`` or ``VBGRAPH_DB``, else
    ``./.vbgraph/graph.db``; exit 2 with the reason when the name is not a store."""
    try:
        return StoreSpec.parse(store or os.environ.get("VBGRAPH_STORE") or str(_db_path(None)))
    except StoreError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(code=2) from None


def _open(store: str | None) -> ReadStore:
    """The store to question; a clear error when nothing was ingested (or pushed) there yet."""
    spec = _spec(store)
    if spec.path is not None and not spec.path.exists():
        typer.echo(f"error: no graph at {spec}: run `vbgraph ingest data/corpus data/catalogue.yaml` first", err=True)
        raise typer.Exit(code=2)
    try:
        # a SQLite file opens for writing here, so a store of an older schema is migrated
        return SqliteStore(spec.path) if spec.path is not None else open_store(spec)
    except StoreError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(code=2) from None


def _find(store: ReadStore, query: str) -> str:
    """The one instrument ``query`` means; exit 2 listing candidates or suggestions otherwise."""
    found = resolve(store, query)
    if found.key:
        return found.key
    if found.candidates:
        typer.echo(f"error: {query!r} is ambiguous; candidates:", err=True)
        for key in found.candidates:
            typer.echo(f"  {instrument_line(store.node(key), key)}", err=True)
    else:
        near = suggestions(store, query)
        typer.echo(f"error: no instrument {query!r}" + ("; did you mean:" if near else ""), err=True)
        for key in near:
            typer.echo(f"  {instrument_line(store.node(key), key)}", err=True)
    raise typer.Exit(code=2)


def _date_option(value: str | None) -> date | None:
    """Accept 2015-01-01 and 01/01/2015 (``api.params.parse_date``)."""
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as err:
        raise typer.BadParameter(str(err)) from err


def _emit(fmt: OutputFormat, payload: object, text: str) -> None:
    if fmt is OutputFormat.json:
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        typer.echo(text)


@app.command()
def trace(
    instrument: Annotated[str, typer.Argument(help="Number or name: 55/2009, nd 55/2009, 'Luật Bình đẳng giới'")],
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
    proposals: Annotated[bool, typer.Option(help="Include inferred proposals (marked as such)")] = True,
) -> None:
    """Lineage: what an instrument replaced and what replaced it, with dates and evidence.

    Example: ``vbgraph trace 55/2009`` → 125/2021/NĐ-CP, in force 01/01/2022, with the
    quoted sources of the replacement and of the date.
    """
    with _open(db) as store:
        result = lineage(store, _find(store, instrument), proposals)
        _emit(fmt, lineage_json(result), lineage_text(result))


@app.command()
def deps(
    instrument: Annotated[str, typer.Argument(help="Number or name")],
    up: Annotated[bool, typer.Option("--up/--down", help="What it depends on (--up) or what depends on it")] = True,
    depth: Annotated[int, typer.Option(min=1, max=20)] = 3,
    kind: Annotated[list[str] | None, typer.Option(help="Relation kinds to follow (repeat)")] = None,
    type_: Annotated[list[str] | None, typer.Option("--type", help="Only instruments of these types")] = None,
    on: Annotated[str | None, typer.Option(help="Leave out instruments issued after this date")] = None,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Dependencies: ``--up`` what a plan implements up to the law; ``--down`` what depends on it.

    Example: ``vbgraph deps 28/NQ-CP --down --depth 2``.
    """
    with _open(db) as store:
        key = _find(store, instrument)
        walk = upstream if up else downstream
        links = walk(store, key, depth, tuple(kind or ()), tuple(type_ or ()), _date_option(on))
        head = f"{'upstream of' if up else 'downstream of'} {key} (depth {depth}): {len(links)}"
        _emit(fmt, {"id": key, "direction": "up" if up else "down", "links": [link_json(x) for x in links]},
              links_table(links, head))


@app.command("in-force")
def in_force_command(
    on: Annotated[str, typer.Option(help="The date: YYYY-MM-DD or DD/MM/YYYY")],
    type_: Annotated[list[str] | None, typer.Option("--type", help="Only these types (repeat)")] = None,
    issuer: Annotated[str | None, typer.Option(help="Issuer contains (diacritics ignored)")] = None,
    stated_only: Annotated[bool, typer.Option(help="Only entry-into-force dates stated by a source")] = False,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Instruments in force on a date. Example: ``vbgraph in-force --on 2015-01-01 --type "Nghị định"``.

    Where no source states the entry into force, the date issued is assumed and the answer
    says so (``--stated-only`` leaves those out).
    """
    day = _date_option(on)
    assert day is not None
    with _open(db) as store:
        items = in_force(store, day, tuple(type_ or ()), issuer, stated_only)
        payload = {"on": day.isoformat(), "total": len(items), "instruments": [instrument_json(i, day) for i in items]}
        head = f"{len(items)} instruments in force on {day.strftime('%d/%m/%Y')}"
        _emit(fmt, payload, instruments_table(items, head))


@app.command()
def stale(
    as_of: Annotated[str | None, typer.Option(help="Only documents dated up to this date")] = None,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many first")] = 0,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many (all when not given)")] = None,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Documents dated after an instrument stopped being in force that still cite it, by the
    citing document's date (a national graph has hundreds of thousands: page with --limit)."""
    with _open(db) as store:
        total, items = stale_page(store, _date_option(as_of), offset, limit)
        _emit(fmt, {"total": total, "offset": offset, "citations": [stale_json(s) for s in items]},
              stale_table(items, total, offset))


@app.command("search")
def search_command(
    text: Annotated[str, typer.Argument(help="Words or a number; diacritics optional")],
    type_: Annotated[list[str] | None, typer.Option("--type", help="Only these types (repeat)")] = None,
    issuer: Annotated[str | None, typer.Option(help="Issuer contains")] = None,
    year: Annotated[int | None, typer.Option(help="Year issued")] = None,
    on: Annotated[str | None, typer.Option(help="Only instruments in force on this date")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 20,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Find instruments by number, title or name. Example: ``vbgraph search "bao luc gioi"``."""
    with _open(db) as store:
        filters = (tuple(type_ or ()), issuer, year, _date_option(on))
        total, hits = search_page(store, text, *filters, limit=limit)
        title = f"{total:,}" + (" or more" if total >= COUNTED else "") + f" matches for {text!r}"
        if total > len(hits):
            title += f", the best {len(hits)}"
        _emit(fmt, {"query": text, "total": total, "hits": [hit_json(h) for h in hits]},
              instruments_table([h.instrument for h in hits], title))


@app.command()
def show(
    instrument: Annotated[str, typer.Argument(help="Number or name")],
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """One instrument: its facts and their sources, merged names, relations with evidence
    (the first 500 each way, and how many in all)."""
    with _open(db) as store:
        found = details(store, _find(store, instrument))
        payload = details_json(found)
        text = show_text(found.instrument, found.relations, found.sources, found.merged,
                         found.relations_shown, found.relations_total)
        if found.may_be:
            text += "\nunresolved name: it fits several instruments: " + ", ".join(found.may_be)
        _emit(fmt, payload, text)


@app.command("path")
def path_command(
    source: Annotated[str, typer.Argument(help="From (number or name)")],
    target: Annotated[str, typer.Argument(help="To (number or name)")],
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """A shortest chain of relations between two instruments, either direction."""
    with _open(db) as store:
        a, b = _find(store, source), _find(store, target)
        steps = find_path(store, a, b)
        _emit(fmt, {"from": a, "to": b, "steps": path_json(steps)}, path_text(steps, a, b))


@app.command()
def viz(
    instrument: Annotated[str | None, typer.Argument(help="Number or name (none with --all)")] = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="The HTML file to write")] = Path("vbgraph.html"),
    depth: Annotated[int | None, typer.Option(min=1, max=10, help="Steps (default 1; 3 with --up/--down)")] = None,
    lineage_view: Annotated[bool, typer.Option("--lineage", help="The chain of replacements")] = False,
    up: Annotated[bool, typer.Option("--up", help="What it depends on, up to the law")] = False,
    down: Annotated[bool, typer.Option("--down", help="What depends on it")] = False,
    whole: Annotated[bool, typer.Option("--all", help="The whole graph (under --kind and --type)")] = False,
    kind: Annotated[list[str] | None, typer.Option(help="Relation kinds to draw (repeat)")] = None,
    type_: Annotated[list[str] | None, typer.Option("--type", help="Only instruments of these types (--all)")] = None,
    on: Annotated[str | None, typer.Option(help="The graph as it stood on this day (DD/MM/YYYY or ISO)")] = None,
    lang: Annotated[str, typer.Option(help="vi or en")] = "vi",
    db: DbOption = None,
) -> None:
    """Draw part of the graph as a standalone HTML page (works offline; hover for evidence).

    Example: ``vbgraph viz 55/2009 --lineage -o lineage.html``; ``vbgraph viz "Chiến lược quốc
    gia về bình đẳng giới giai đoạn 2021-2030" --down --depth 1 -o strategy.html``.
    """
    from viz import views
    from viz.network import LANGS, page

    if sum((lineage_view, up, down, whole)) > 1:
        raise typer.BadParameter("choose one of --lineage, --up, --down, --all")
    if lang not in LANGS:
        raise typer.BadParameter(f"--lang {lang!r}: vi or en")
    if not whole and not instrument:
        raise typer.BadParameter("name an instrument, or draw the whole graph with --all")
    day = _date_option(on)
    kinds = tuple(kind or ())
    with _open(db) as store, store.snapshot():
        if whole:
            view, title = views.whole(store, kinds, tuple(type_ or ()), day), "vbgraph"
        else:
            key = _find(store, instrument or "")
            if lineage_view:
                view = views.lineage(store, key, day)
            elif up or down:
                view = views.dependencies(store, key, up, depth or 3, kinds, day)
            else:
                view = views.neighbourhood(store, key, depth or 1, kinds, day)
            title = f"vbgraph — {key}"
        text = page(view, title, lang, day)
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    typer.echo(f"{len(view.nodes)} instruments, {len(view.edges)} relations drawn to {out}", err=True)


BaseOption = Annotated[str, typer.Option(help="Base of instrument and agency IRIs (default: $VBGRAPH_BASE_IRI "
                                                 "or https://vbgraph.example/)")]


def _base(base: str | None) -> str:
    from ontology.iris import DEFAULT_BASE

    return base or os.environ.get("VBGRAPH_BASE_IRI") or DEFAULT_BASE


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="ttl, jsonld, nt, graphml, gexf or csv")] = "ttl",
    out: Annotated[Path | None, typer.Option(help="Write here (default: standard output)")] = None,
    base: BaseOption = "",
    db: DbOption = None,
) -> None:
    """The whole graph as linked data (ELI + vbgraph vocabulary), GraphML/GEXF or CSV.

    Example: ``vbgraph export --format jsonld --out graph.jsonld``. Every relation keeps its
    method and evidence (reified statements with PROV-O in RDF, attributes in GraphML/GEXF).
    """
    from ontology.export import ExportFormat
    from ontology.export import export as export_graph

    try:
        chosen = ExportFormat(fmt)
    except ValueError:
        raise typer.BadParameter(f"{fmt!r}: choose one of {', '.join(f.value for f in ExportFormat)}") from None
    with _open(db) as store, store.snapshot():
        data = export_graph(store, chosen, _base(base))
    if out is None:
        sys.stdout.buffer.write(data)
    else:
        tmp = out.with_name(out.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(out)  # a reader of ``out`` never sees half a file
        typer.echo(f"{len(data)} bytes of {chosen.value} written to {out}", err=True)


@app.command()
def validate(base: BaseOption = "", db: DbOption = None) -> None:
    """Check the exported graph against the SHACL shapes (ontology/shapes.ttl); exit 1 if it
    does not conform, printing the report."""
    from ontology.rdf import to_rdf
    from ontology.validate import validate as shacl

    with _open(db) as store, store.snapshot():
        graph = to_rdf(store, _base(base))
    report = shacl(graph)
    typer.echo(f"{len(graph)} triples: " + ("conforms to the shapes" if report.conforms else "does NOT conform"))
    if not report.conforms:
        typer.echo(report.text)
        raise typer.Exit(code=1)


@app.command()
def sparql(
    query: Annotated[str, typer.Argument(help="A SPARQL query (prefixes eli: vb: vbt: prov: skos: predeclared), "
                                              "or @FILE to read it from a file")],
    fmt: Annotated[str, typer.Option("--format", help="json or csv (SELECT/ASK); turtle, nt or jsonld "
                                                      "(CONSTRUCT/DESCRIBE)")] = "csv",
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds before the query is stopped")] = 30.0,
    limit: Annotated[int, typer.Option(min=1, help="Most rows returned")] = 10_000,
    base: BaseOption = "",
    db: DbOption = None,
) -> None:
    """Run a read-only SPARQL query over the graph. Example (the lineage of 55/2009)::

        vbgraph sparql 'SELECT ?k WHERE { ?x (vb:supersedes|eli:repeals)+ ?old .
                        ?old vb:key "55/2009/NĐ-CP" . ?x vb:key ?k }'
    """
    from ontology.sparql import SparqlError, SparqlRunner, SparqlTimeout

    text = Path(query[1:]).read_text(encoding="utf-8") if query.startswith("@") else query
    _open(db).close()
    runner = SparqlRunner(_spec(db), _base(base), timeout, limit)
    try:
        answer = runner.run(text, fmt)
    except (SparqlError, SparqlTimeout) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(code=2) from None
    finally:
        runner.close()
    sys.stdout.buffer.write(answer.body)
    if answer.truncated:
        typer.echo(f"warning: only the first {limit} rows (--limit)", err=True)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    log_level: Annotated[str, typer.Option(help="uvicorn log level")] = "info",
    workers: Annotated[int, typer.Option(min=1, max=64, help="Server processes (one a core)")] = 1,
) -> None:
    """The HTTP API over the store (OpenAPI at /docs). Example: ``vbgraph serve --port 8000``.

    Read-only unless ``VBGRAPH_API_KEY`` is set; then ``POST /documents`` with that key
    ingests an upload (at most ``VBGRAPH_MAX_UPLOAD`` bytes, default 20 MB). With
    ``--workers N``, N processes share the port, each with its own readers and answer cache.
    """
    import uvicorn  # the server is needed only here

    from api.server import Settings, create_app

    _open(db).close()  # exists, and migrated to the current schema before readers open it
    settings = Settings.from_env(_spec(db))
    if settings.store.is_neo4j:
        mode = "read-only (Neo4j is written by vbgraph push)"
    else:
        mode = "writes need VBGRAPH_API_KEY" if settings.api_key else "read-only (VBGRAPH_API_KEY not set)"
    typer.echo(f"vbgraph API on http://{host}:{port} (docs: /docs) over {settings.store}; {mode}"
               + (f"; {workers} processes" if workers > 1 else ""), err=True)
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level, **SERVER)  # type: ignore[arg-type]
        return
    spec = settings.store  # the workers read it back from the environment (api.server.app_from_env)
    os.environ["VBGRAPH_STORE"] = spec.uri or str(Path(str(spec.path)).resolve())
    if spec.database:
        os.environ["NEO4J_DATABASE"] = spec.database
    _serve_processes(uvicorn.Config("api.server:app_from_env", factory=True, host=host, port=port,
                                    log_level=log_level, workers=workers, **SERVER))  # type: ignore[arg-type]


#: uvicorn's compiled HTTP parser and event loop, asked for by name so that a missing one fails
#: at start instead of falling back to pure Python (h11 and asyncio took a third to a half
#: more CPU a request: ``benchmarks/api_load.py``).
SERVER: dict[str, str] = {"http": "httptools", "loop": "uvloop" if sys.platform != "win32" else "auto"}


def _serve_processes(config: uvicorn.Config) -> None:
    """``uvicorn.run`` with ``workers`` > 1, on the listener of ``tcp_listener``."""
    from uvicorn.supervisors import Multiprocess

    with contextlib.suppress(KeyboardInterrupt):
        Multiprocess(config, sockets=[tcp_listener(config)]).run()


def tcp_listener(config: uvicorn.Config) -> socket.socket:
    """The socket ``config`` binds, saying it is TCP. uvicorn binds it with ``proto`` 0 for its
    worker processes, accepted sockets inherit that, and asyncio then leaves Nagle's algorithm
    on: every keep-alive request after the first waited ~40 ms for the client's delayed ACK
    (90 requests/s with two processes; uvicorn issue #3149, open)."""
    bound = config.bind_socket()
    return socket.socket(bound.family, bound.type, socket.IPPROTO_TCP, fileno=bound.detach())


def main() -> None:
    """Console-script entry point."""
    app()
