"""The ``vbgraph`` command line. Commands call ``loaders``/``graph`` and print; no logic here."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from api.render import extraction_table, summary_line
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


def main() -> None:
    """Console-script entry point."""
    app()
