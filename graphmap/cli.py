"""The ``graphmap`` command.

Every command opens the store named by ``--store`` (or GRAPHMAP_STORE), does one thing, and
prints either a readable view (rich) or, with ``--json``, exactly the result model. Any
graphmap error is printed as plain lines on stderr with exit code 1; never a traceback.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from pydantic import BaseModel
from rich.markdown import Markdown
from rich.progress import Progress
from rich.table import Table

from graphmap.bundle import count_records, read_bundle, read_json, sort_bundle, write_bundle
from graphmap.config import load_config
from graphmap.errors import GraphmapError, InvalidInput
from graphmap.i18n.numbers import millions, money, percent
from graphmap.model import Bundle
from graphmap.sources.sourced import Sourced, import_sourced, plan
from graphmap.store import open_store, resolve_store_url
from graphmap.store.base import GraphStore
from graphmap.views.inert import InertConsole, inert

if TYPE_CHECKING:
    from graphmap.analysis.handover import Mode

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Map who decides a bid, who in the firm knows them, and what leaves with "
    "a departing colleague.",
)
out = InertConsole()
err = InertConsole(stderr=True)

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="sqlite:///path.db or neo4j://host:port (env GRAPHMAP_STORE; "
        "default sqlite:///graphmap.db)",
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print the result model as JSON.")]
AsOf = Annotated[
    str | None, typer.Option("--as-of", help="Analyse as of this ISO date (default today).")
]


@app.callback()
def main(ctx: typer.Context, store: StoreOption = None) -> None:
    """Options every command shares (the store)."""
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)  # our own errors say what failed
    ctx.obj = {"store": store}


@contextmanager
def plain_errors() -> Iterator[None]:
    """Print graphmap errors as plain lines on stderr and exit 1."""
    try:
        yield
    except GraphmapError as exc:
        for line in exc.lines():
            err.print(line, markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


@contextmanager
def opened(ctx: typer.Context) -> Iterator[GraphStore]:
    """Open the store for one command and close it after, errors printed plainly."""
    with plain_errors():
        store = open_store(ctx.obj["store"])
        try:
            yield store
        finally:
            store.close()


def parse_date(text: str | None) -> date:
    """``--as-of`` as a date (today when absent); a clear error otherwise."""
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        err.print(f"--as-of: {text!r} is not an ISO 8601 date (YYYY-MM-DD)")
        raise typer.Exit(1) from None


def write(text: str) -> None:
    """Plain output (JSON, Markdown) with any control character shown as its code."""
    sys.stdout.write(inert(text))


def print_json(model: BaseModel | dict[str, Any] | Sequence[BaseModel]) -> None:
    """A result model, a list of them, or plain data, as indented JSON on stdout."""
    data: Any
    if isinstance(model, BaseModel):
        data = model.model_dump(mode="json")
    elif isinstance(model, dict):
        data = model
    else:
        data = [m.model_dump(mode="json") for m in model]
    write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def counts_table(title: str, counts: dict[str, int]) -> Table:
    """A two-column table of counts per kind."""
    table = Table(title=title)
    table.add_column("kind")
    table.add_column("count", justify="right")
    for name, n in counts.items():
        table.add_row(name, f"{n:,}")
    return table


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
    return Sourced(source=str(path), bundle=read_json(path))


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
        bundle = read_bundle(file)
    out.print(counts_table(f"{file} is a valid bundle", count_records(bundle)))


@app.command()
def schema(output: Annotated[Path | None, typer.Option("-o", "--output")] = None) -> None:
    """Print or write the bundle's JSON Schema (docs/bundle.schema.json is made by this)."""
    text = json.dumps(Bundle.model_json_schema(), indent=2) + "\n"
    if output is None:
        write(text)
    else:
        output.write_text(text, encoding="utf-8")


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def run_server(
    store_url: str | None, host: str, port: int, auth_disabled: bool, workers: int = 1
) -> None:
    """Serve in this process, or in ``workers`` processes sharing the port: each worker builds
    its own app from the environment (so its own store connection), which is why the store and
    the auth choice travel as GRAPHMAP_ variables."""
    import uvicorn

    os.environ["GRAPHMAP_STORE"] = resolve_store_url(store_url)
    os.environ["GRAPHMAP_AUTH_DISABLED"] = "true" if auth_disabled else "false"
    if workers > 1:
        uvicorn.run(
            "graphmap.api.main:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
        )
        return
    from graphmap.api.main import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level="warning")


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    insecure_no_auth: Annotated[
        bool,
        typer.Option(
            "--insecure-no-auth", help="Serve without API keys on a non-loopback address."
        ),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1, help="Worker processes, each with its own store connection (default: cores)."
        ),
    ] = None,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs). Keys come from GRAPHMAP_API_KEYS."""
    from graphmap.keys import parse_keys
    from graphmap.settings import Settings

    with plain_errors():
        settings = Settings()
        keys = parse_keys(settings.api_keys, settings.api_keys_file)
    no_keys = not keys
    if no_keys and host not in LOOPBACK and not insecure_no_auth:
        err.print(
            f"refusing to serve on {host} without API keys: set GRAPHMAP_API_KEYS "
            "(graphmap apikey makes one) or pass --insecure-no-auth"
        )
        raise typer.Exit(1)
    if no_keys:
        out.print(
            f"[yellow]no API keys configured: anyone who can reach {host}:{port} has full "
            "access[/yellow]"
        )
    workers = workers or os.cpu_count() or 1
    out.print(
        f"graphmap API on http://{host}:{port} (docs at /docs), store "
        f"{resolve_store_url(ctx.obj['store'])}, {workers} worker(s)"
    )
    run_server(ctx.obj["store"], host, port, auth_disabled=no_keys, workers=workers)


@app.command()
def apikey(role: Annotated[str, typer.Option(help="reader, editor or admin")] = "reader") -> None:
    """Make a new API key: prints the key (give it to the client) and the line to configure."""
    from graphmap.keys import Role, new_key

    with plain_errors():
        try:
            chosen = Role[role.upper()]
        except KeyError:
            raise InvalidInput(f"--role: {role!r} is not one of reader, editor, admin") from None
    key, entry = new_key(chosen)
    out.print(f"key (shown once): {key}\nadd to GRAPHMAP_API_KEYS: {entry}", highlight=False)


@app.command()
def demo(
    ctx: typer.Context,
    seed: Annotated[int, typer.Option(help="Seed of the invented firm.")] = 7,
    export_to: Annotated[
        Path | None, typer.Option("--export", help="Also write the demo bundle to this file.")
    ] = None,
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the API and views afterwards.")
    ] = True,
    port: Annotated[int, typer.Option(help="Port for --serve.")] = 8000,
) -> None:
    """Create the demo firm in the store (default ./graphmap.db), then serve it on 127.0.0.1."""
    from graphmap.demo import demo_bundle

    bundle = demo_bundle(seed)
    if export_to is not None:
        write_bundle(bundle, export_to)
    with opened(ctx) as store:
        store.import_bundle(bundle)
        counts = store.stats()
    url = resolve_store_url(ctx.obj["store"])
    out.print(counts_table(f"demo firm loaded into {url}", counts))
    out.print("try: graphmap influence prj-001 · graphmap handover stf-001 · graphmap accounts")
    if serve_after:
        base = f"http://127.0.0.1:{port}"
        out.print(
            f"serving on {base} — views {base}/views · API docs {base}/docs · "
            "no API keys (local demo: anyone on this machine has full access) · Ctrl-C "
            "stops",
            highlight=False,
        )
        run_server(url, "127.0.0.1", port, auth_disabled=True)


Alpha = Annotated[
    float | None, typer.Option("--alpha", help="Default susceptibility α (0..1; default 0.5).")
]
MaxHops = Annotated[
    int | None,
    typer.Option("--max-hops", help="How far upstream of the seats to look (default 4)."),
]


@app.command()
def influence(
    ctx: typer.Context,
    bid_id: str,
    as_json: JsonFlag = False,
    as_of: AsOf = None,
    alpha: Alpha = None,
    max_hops: MaxHops = None,
    top: Annotated[int, typer.Option(help="Rows to show (the JSON has all).")] = 15,
) -> None:
    """Who really decides this bid, whom to reach through whom, and whether we know them."""
    from graphmap.service import influence_report
    from graphmap.views.terminal import influence_renderable, name_index

    day = parse_date(as_of)
    with opened(ctx) as store:
        config = load_config().with_overrides(alpha=alpha, max_hops=max_hops)
        report = influence_report(store, bid_id, day, config)
        staff_ids = {n for a in report.actions for n in a.path or []}
        staff_ids |= {n for p in report.people if p.warm_path for n in p.warm_path.nodes}
        staff = {f["id"]: f["name"] for _, f in store.nodes(staff_ids)}
    if as_json:
        print_json(report)
        return
    out.print(influence_renderable(report, name_index(report, staff), top), highlight=False)


@app.command()
def paths(
    ctx: typer.Context,
    person_id: str,
    as_json: JsonFlag = False,
    as_of: AsOf = None,
    hops: Annotated[int, typer.Option(help="Person-to-person ties to search.")] = 2,
    limit: Annotated[int, typer.Option(help="Paths to list.")] = 5,
) -> None:
    """The warmest ways into a person: who knows them, and the best introduction chains."""
    from graphmap.service import person_paths
    from graphmap.views.terminal import paths_renderable

    day = parse_date(as_of)
    with opened(ctx) as store:
        report = person_paths(store, person_id, day, load_config(), hops, limit)
        ids = {n for p in report.warm_paths for n in p.nodes}
        names = {fields["id"]: fields["name"] for _, fields in store.nodes(ids)}
    if as_json:
        print_json(report)
        return
    out.print(paths_renderable(report, names), highlight=False)


ModeOption = Annotated[
    str | None,
    typer.Option(
        help="leave (default): all ties end; move: ties kept at move_factor, ownership given up."
    ),
]
AlsoOption = Annotated[
    list[str] | None,
    typer.Option("--also", help="Another staff member leaving at the same time (repeatable)."),
]


def parse_mode(text: str | None) -> Mode | None:
    """The handover mode named on the command line; None when not given."""
    from graphmap.analysis.handover import Mode

    if text is None:
        return None
    try:
        return Mode(text)
    except ValueError:
        raise InvalidInput(f"--mode: {text!r} is not one of {', '.join(Mode)}") from None


@app.command()
def handover(
    ctx: typer.Context,
    staff_id: str,
    mode: ModeOption = None,
    also: AlsoOption = None,
    as_json: JsonFlag = False,
    as_markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the Markdown checklist.")
    ] = False,
    as_of: AsOf = None,
) -> None:
    """What leaves with a staff member, what it exposes, and who should take over."""
    from graphmap.analysis.handover import Mode
    from graphmap.service import handover_report
    from graphmap.views.markdown import handover_markdown

    if as_json and as_markdown:
        err.print("--json and --markdown are two different outputs: pass one of them")
        raise typer.Exit(1)
    day = parse_date(as_of)
    with opened(ctx) as store:
        config = load_config()
        chosen = parse_mode(mode) or Mode.LEAVE
        report = handover_report(store, [staff_id, *(also or [])], chosen, day, config)
    if as_json:
        print_json(report)
    elif as_markdown:
        write(handover_markdown(report, config.currency) + "\n")
    else:
        out.print(Markdown(handover_markdown(report, config.currency)))


def open_bids_text(open_bids: list[str], unmapped: list[str]) -> str:
    """Open bids, those with no decision-makers mapped flagged as such."""
    return ", ".join(f"{b} (no decision-makers mapped)" if b in unmapped else b for b in open_bids)


@app.command()
def accounts(
    ctx: typer.Context,
    as_json: JsonFlag = False,
    as_of: AsOf = None,
    top: Annotated[int, typer.Option(help="Rows to show.")] = 25,
    bus_factor: Annotated[
        bool,
        typer.Option(
            "--bus-factor",
            help="Also name the staff whose joint departure breaks each account's coverage.",
        ),
    ] = False,
) -> None:
    """Client accounts by risk: lowest bus factor first, then least covered."""
    from graphmap.portfolio_service import accounts_by_risk

    day = parse_date(as_of)
    with opened(ctx) as store:
        config = load_config()
        reports = accounts_by_risk(store, day, config)
    if as_json:
        write(json.dumps([r.model_dump(mode="json") for r in reports], indent=2) + "\n")
        return
    table = Table(title=f"accounts by risk as of {day}")
    columns = ["account", "open bids", "pipeline", "covered", "bus factor", "depends on"]
    for column in columns + (["breaks if these leave"] if bus_factor else []):
        money_column = column == "pipeline"
        table.add_column(column, justify="right" if money_column else "left", no_wrap=money_column)
    for r in reports[:top]:
        unmapped = len(r.unmapped_bids)
        cells = [
            r.name,
            f"{len(r.open_bids)}"
            + (f" ({unmapped} with no decision-makers mapped)" if unmapped else ""),
            money(r.pipeline_value, config.currency),
            percent(r.covered_share),
            f"{r.bus_factor}{'' if r.bus_factor_exact else ' (≤)'}",
            ", ".join(k.name for k in r.key_staff[:2]),
        ]
        table.add_row(*cells, *([", ".join(r.bus_factor_staff)] if bus_factor else []))
    out.print(table)


@app.command()
def coverage(
    ctx: typer.Context, org_id: str, as_json: JsonFlag = False, as_of: AsOf = None
) -> None:
    """One account: covered decision share, bus factor, and the staff it depends on."""
    from graphmap.service import account_report

    day = parse_date(as_of)
    with opened(ctx) as store:
        config = load_config()
        report = account_report(store, org_id, day, config)
    if as_json:
        print_json(report)
        return
    out.print(
        f"[bold]{report.name}[/bold]: covered decision share {percent(report.covered_share)}"
        f", bus factor {report.bus_factor}"
        f"{'' if report.bus_factor_exact else ' (at most)'}, pipeline "
        f"{money(report.pipeline_value, config.currency)} in open bids "
        f"{open_bids_text(report.open_bids, report.unmapped_bids) or 'none'}",
        highlight=False,
    )
    for k in report.key_staff:
        out.print(f"  without {k.name}: {percent(k.covered_share_without)}", highlight=False)


@app.command()
def view(
    ctx: typer.Context,
    kind: str,
    node_id: Annotated[str | None, typer.Argument(help="Not for the dashboard.")] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="HTML file to write.")
    ] = None,
    pdf: Annotated[
        Path | None, typer.Option("--pdf", help="Also print it to this PDF (needs Chromium).")
    ] = None,
    as_of: AsOf = None,
    mode: ModeOption = None,
    also: AlsoOption = None,
    lang: Annotated[str, typer.Option("--lang", help="en or zh (Simplified Chinese).")] = "en",
) -> None:
    """Write a self-contained interactive view: bid, account, staff (handover, with --mode and
    --also) or person with its id, or the dashboard (the weekly worklist); --pdf prints it on
    one landscape A4 page."""
    from graphmap.i18n import LANGUAGES
    from graphmap.views.pages import page_for
    from graphmap.views.pdf import write_pdf

    if output is None and pdf is None:
        err.print("view: say where to write it: -o FILE.html, --pdf FILE.pdf, or both")
        raise typer.Exit(1)
    day = parse_date(as_of)
    with opened(ctx) as store:
        if lang not in LANGUAGES:
            raise InvalidInput(f"--lang: {lang!r} is not one of {', '.join(LANGUAGES)}")
        html = page_for(store, kind, node_id, day, load_config(), parse_mode(mode), also, lang)
    if output is not None:
        output.write_text(html, encoding="utf-8")
        out.print(f"wrote {output} ({len(html) // 1024} KiB, works offline)")
    if pdf is not None:
        with plain_errors():
            write_pdf(html, pdf)
        out.print(f"wrote {pdf} ({pdf.stat().st_size // 1024} KiB)")


C = TypeVar("C", bound=str)


def choice(option: str, value: str, allowed: tuple[C, ...]) -> C:
    """The allowed value the option names, typed as the allowed values are."""
    for known in allowed:
        if known == value:
            return known
    raise InvalidInput(f"{option}: {value!r} is not one of {', '.join(allowed)}")


RISK_STYLE = {"red": "bold red", "amber": "yellow", "green": "green"}


@app.command()
def pipeline(
    ctx: typer.Context,
    stage: Annotated[str, typer.Option(help="open (lead, pre-bid, tender) or all.")] = "open",
    owner: Annotated[str | None, typer.Option(help="Only bids this staff id leads.")] = None,
    client: Annotated[str | None, typer.Option(help="Only bids for this organization id.")] = None,
    sort: Annotated[str, typer.Option(help="risk, value or due.")] = "risk",
    as_json: JsonFlag = False,
    as_of: AsOf = None,
    top: Annotated[int, typer.Option(help="Rows to show (the JSON has all).")] = 40,
) -> None:
    """Every bid: coverage, forecast, whom to reach first, and a red/amber/green rating."""
    from graphmap.analysis.portfolio import exposure_by
    from graphmap.portfolio_service import SORT_KEYS, STAGE_FILTERS
    from graphmap.portfolio_service import pipeline as pipeline_of

    day = parse_date(as_of)
    with opened(ctx) as store:
        stage_filter = choice("--stage", stage, STAGE_FILTERS)
        sort_key = choice("--sort", sort, SORT_KEYS)
        config = load_config()
        rows = pipeline_of(store, day, config, stage_filter, owner, client, sort_key)
    if as_json:
        print_json(rows)
        return
    table = Table(title=f"pipeline as of {day} ({len(rows)} bids, by {sort})")
    for column in ("risk", "bid", "due", "value", "covered", "exposed", "reach first"):
        table.add_column(column, overflow="fold", no_wrap=column not in ("bid", "reach first"))
    for r in rows[:top]:
        first = r.top_uncovered
        table.add_row(
            f"[{RISK_STYLE.get(r.risk or '', '')}]{r.risk or '-'}[/]",
            f"{r.name} ({r.project_id})",
            str(r.due_on or ""),
            millions(r.value, config.currency),
            "" if r.covered_share is None else percent(r.covered_share),
            millions(r.exposed_value, config.currency),
            f"{first.name} {percent(first.share)}" if first else "",
        )
    out.print(table)
    for group, title in (("owner", "bid lead"), ("client", "client")):
        totals = exposure_by(rows, group)[:10]
        if totals:
            t = Table(title=f"exposed value by {title} (value x uncovered share)")
            for column in (title, "bids", "open value", "exposed"):
                t.add_column(column)
            for e in totals:
                t.add_row(
                    e.name,
                    str(e.bids),
                    millions(e.value, config.currency),
                    millions(e.exposed_value, config.currency),
                )
            out.print(t)


@app.command()
def alerts(
    ctx: typer.Context,
    within: Annotated[int, typer.Option(help="Days ahead to look (cooling ties, leavers).")] = 30,
    as_json: JsonFlag = False,
    as_of: AsOf = None,
) -> None:
    """What needs doing this month: cooling ties, stale bid maps, unmapped and single-threaded
    bids, handovers due; each with the reason and the action."""
    from graphmap.portfolio_service import alerts as alerts_of

    day = parse_date(as_of)
    with opened(ctx) as store:
        found = alerts_of(store, day, load_config(), within)
    if as_json:
        print_json(found)
        return
    out.print(f"[bold]{len(found)} alerts as of {day}, next {within} days[/bold]")
    for a in found:
        out.print(
            f"\n[bold]{a.on or 'undated'} · {a.kind.value.replace('_', ' ')}[/bold]\n  {a.message}"
            f"\n  [green]→ {a.action}[/green]",
            highlight=False,
        )


@app.command()
def segments(ctx: typer.Context, as_json: JsonFlag = False, as_of: AsOf = None) -> None:
    """Client accounts by value and potential: invest, maintain, develop or reduce."""
    from graphmap.portfolio_service import segment_report

    day = parse_date(as_of)
    with opened(ctx) as store:
        config = load_config()
        report = segment_report(store, day, config)
    if as_json:
        print_json(report.accounts)
        return
    table = Table(
        title=f"accounts by value x potential as of {day} (lines: value "
        f"{millions(report.value_threshold, config.currency)}, potential "
        f"{millions(report.potential_threshold, config.currency)})"
    )
    for column in ("quadrant", "account", "value", "potential", "covered", "bus factor"):
        table.add_column(column, overflow="fold")
    for s in report.accounts:
        recorded = " (recorded)" if s.potential_recorded is not None else ""
        table.add_row(
            s.quadrant.value,
            f"{s.name} ({s.organization_id})",
            millions(s.value, config.currency),
            millions(s.potential, config.currency) + recorded,
            "" if s.covered_share is None else percent(s.covered_share),
            str(s.bus_factor),
        )
    out.print(table)


@app.command()
def depth(ctx: typer.Context, as_json: JsonFlag = False, as_of: AsOf = None) -> None:
    """Key accounts (tier 1-2, invest, maintain): senior and working-level coverage, bus factor."""
    from graphmap.portfolio_service import depth_report

    day = parse_date(as_of)
    with opened(ctx) as store:
        config = load_config()
        rows = depth_report(store, day, config)
    if as_json:
        print_json(rows)
        return
    table = Table(
        title=f"key-account depth as of {day} (covered: coverage {config.strong_tie} or more)"
    )
    for column in (
        "account",
        "quadrant",
        "senior: by senior staff",
        "senior: by anyone",
        "working: by anyone",
        "bus factor",
        "flags",
    ):
        table.add_column(column, overflow="fold")
    for d in rows:
        table.add_row(
            f"{d.name} ({d.organization_id})",
            d.quadrant.value if d.quadrant else "",
            f"{d.senior.covered_by_senior_staff}/{d.senior.people}",
            f"{d.senior.covered_by_anyone}/{d.senior.people}",
            f"{d.working.covered_by_anyone}/{d.working.people}",
            str(d.bus_factor),
            "; ".join(d.flags),
        )
    out.print(table)


neo4j_app = typer.Typer(help="Neo4j housekeeping (the store must be a neo4j:// URL).")
app.add_typer(neo4j_app, name="neo4j")


def neo4j_store(ctx: typer.Context) -> GraphStore:
    """The command's store, which must be Neo4j."""
    store = open_store(ctx.obj["store"])
    if store.kind != "neo4j":
        store.close()
        raise InvalidInput(f"{store.url} is not a Neo4j store; pass --store neo4j://host:port")
    return store


@neo4j_app.command("init")
def neo4j_init(ctx: typer.Context) -> None:
    """Create graphmap's constraints and indexes (idempotent; writes also do it on first use)."""
    with plain_errors():
        store = neo4j_store(ctx)
        try:
            store.ensure_schema()
        finally:
            store.close()
    out.print(f"constraints and indexes in place on {store.url}")


@neo4j_app.command("wipe")
def neo4j_wipe(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", help="Really delete everything.")] = False,
) -> None:
    """Delete every node and relationship in the Neo4j database."""
    if not yes:
        err.print("refusing to wipe without --yes")
        raise typer.Exit(1)
    with plain_errors():
        store = neo4j_store(ctx)
        try:
            store.wipe_everything()
        finally:
            store.close()
    out.print(f"wiped {store.url}")


if __name__ == "__main__":  # pragma: no cover
    app()
