"""Bundle commands: import (bundles and CRM exports), export, find, stats, check, schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress
from rich.table import Table

from graphmap.bundle import check_file, count_records, sort_bundle, write_bundle
from graphmap.cli.common import (
    JsonFlag,
    app,
    counts_table,
    err,
    opened,
    out,
    plain_errors,
    print_json,
    write,
)
from graphmap.errors import InvalidInput
from graphmap.model import Bundle
from graphmap.sources.sourced import Sourced, import_sourced, plan

FORMATS = ("json", "salesforce", "csv", "xlsx")


def read_source(path: Path, fmt: str | None, stages: Path | None) -> Sourced:
    """Read an import in any format into a ``Sourced`` (JSON: the bundle as it is)."""
    from graphmap.sources import salesforce, tabular

    fmt = fmt or tabular.detect(path)
    if fmt == "salesforce":
        return salesforce.read_salesforce(
            path, salesforce.read_stage_map(stages) if stages else None
        )
    if stages is not None:
        raise InvalidInput("--stages: only for --from salesforce")
    if fmt == "csv":
        return tabular.read_csv_folder(path)
    if fmt == "xlsx":
        return tabular.read_xlsx(path)
    if fmt != "json":
        raise InvalidInput(f"--from: {fmt!r} is not one of {', '.join(FORMATS)}")
    return Sourced(source=str(path), file=path)


def print_left_out(sourced: Sourced) -> None:
    """What an import from a CRM left out, and why, as a table."""
    for what, n in sourced.left_out().items():
        err.print(f"left out {n:,} row(s) of {what}", highlight=False)
    for warning in sourced.warnings:
        err.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Path,
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="json, salesforce (a Data Export folder or .zip), csv (a folder, one file "
            "per section) or xlsx (one sheet per section). Default: xlsx for .xlsx, "
            "salesforce for .zip or a folder with Account.csv, csv for other folders, else json.",
        ),
    ] = None,
    stages: Annotated[
        Path | None,
        typer.Option(help="Salesforce only: JSON object of open stage name -> graphmap stage."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and say what would change; write nothing.")
    ] = False,
) -> None:
    """Import in one transaction: all of it, or nothing with every error listed. A record
    changes only the fields it names: omitted keeps, null clears (docs/bundle.md; how each
    format says it: docs/crm-import.md)."""
    with (
        opened(ctx) as store,
        Progress(*Progress.get_default_columns(), console=err, transient=True) as bar,
    ):
        task = bar.add_task(f"reading {file.name}", total=None)
        sourced = read_source(file, source, stages)
        if dry_run:
            bar.update(task, description="checking")
            changes = plan(store, sourced)
        else:
            bar.update(task, description="checking and writing")
            written = import_sourced(
                store,
                sourced,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    print_left_out(sourced)
    if dry_run:
        table = Table(title=f"dry run: {file} into {store.url} (nothing written)")
        for column in ("section", "create", "update", "write"):
            table.add_column(column, justify="left" if column == "section" else "right")
        for section, n in changes.items():
            cells = [f"{n[k]:,}" if k in n else "" for k in ("create", "update", "write")]
            table.add_row(section, *cells)
        out.print(table)
        return
    out.print(
        f"imported {written['nodes']:,} nodes and {written['relationships']:,} "
        f"relationships into {store.url}"
    )


@app.command()
def export(
    ctx: typer.Context,
    target: Annotated[Path | None, typer.Argument(help="File or folder to write.")] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File or folder to write.")
    ] = None,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            help="json (the bundle; default), csv (a folder, one file per section, the "
            "--from csv layout) or graphml (for Gephi, yEd).",
        ),
    ] = "json",
) -> None:
    """Write the whole store, in a canonical order (by id, or by relationship key)."""
    from graphmap.sources.graphml import write_graphml
    from graphmap.sources.tabular import write_csv_folder

    writers = {"json": write_bundle, "csv": write_csv_folder, "graphml": write_graphml}
    path = output or target
    with plain_errors():
        if path is None:
            raise InvalidInput("name the file or folder to write (-o PATH)")
        if to not in writers:
            raise InvalidInput(f"--to: {to!r} is not one of {', '.join(writers)}")
    with opened(ctx) as store:
        bundle = sort_bundle(store.export_bundle())
    writers[to](bundle, path)
    out.print(counts_table(f"exported to {path}", count_records(bundle)))


@app.command()
def find(
    ctx: typer.Context,
    text: str,
    as_json: JsonFlag = False,
    limit: Annotated[int, typer.Option(help="Matches to list.")] = 50,
) -> None:
    """Organizations, people, staff and bids whose name or title contains TEXT (ignoring case
    and accents), with their ids."""
    from graphmap.search import find as find_nodes

    with opened(ctx) as store:
        matches = find_nodes(store, text, limit=limit)
    if as_json:
        write(json.dumps([m.model_dump() for m in matches], ensure_ascii=False) + "\n")
        return
    if not matches:
        out.print(f"nothing named like {text!r}", highlight=False)
        return
    table = Table(title=f"{len(matches)} match(es) for {text!r}")
    for column in ("id", "kind", "name", "title"):
        table.add_column(column)
    for m in matches:
        table.add_row(m.id, m.kind, m.name, m.title or "")
    out.print(table)


@app.command()
def stats(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Count nodes per label and relationships per type."""
    with opened(ctx) as store:
        counts = store.stats()
    if as_json:
        print_json(counts)
    else:
        out.print(counts_table(f"graphmap store {store.url}", counts))


@app.command()
def check(file: Path) -> None:
    """Check a bundle file on its own (every reference inside it) without writing anything."""
    with plain_errors():
        counts = check_file(file)
    out.print(counts_table(f"{file} is a valid bundle", counts))


@app.command()
def schema(output: Annotated[Path | None, typer.Option("-o", "--output")] = None) -> None:
    """Print or write the bundle's JSON Schema (docs/bundle.schema.json is made by this)."""
    text = json.dumps(Bundle.model_json_schema(), indent=2) + "\n"
    if output is None:
        write(text)
    else:
        output.write_text(text, encoding="utf-8")
