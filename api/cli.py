"""The ``vbgraph`` command line. Commands call ``loaders``/``graph`` and print; no logic here."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from api.render import extraction_table, summary_line
from graph.ingest import ingest as ingest_documents
from graph.sqlite_store import DEFAULT_DB, SqliteStore
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
) -> None:
    """Extract documents and store their facts; re-ingesting a document replaces its facts.

    Example: ``vbgraph ingest data/corpus --db graph.db``. Every failed file is listed with its
    reason; the others are stored; the exit status is 1 when any file failed.
    """
    files = list(iter_documents(paths))
    with SqliteStore(_db_path(db)) as store, typer.progressbar(
        length=len(files), label="ingesting", file=sys.stderr
    ) as bar:
        summary = ingest_documents(files, store, workers, on_done=lambda _p: bar.update(1))
    for path, reason in summary.failed:
        typer.echo(f"error: {path}: {reason}", err=True)
    c = summary.counts
    typer.echo(
        f"{summary.ingested} documents ingested, {summary.unchanged} unchanged, {len(summary.failed)} failed, "
        f"{summary.warnings} warnings; store: {c['documents']} documents, {c['instruments']} instruments, "
        f"{c['agencies']} agencies, {c['relations']} relations ({_db_path(db)})"
    )
    if summary.failed:
        raise typer.Exit(code=1)


def main() -> None:
    """Console-script entry point."""
    app()
