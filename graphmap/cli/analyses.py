"""The analyses one id at a time: influence, paths, handover, accounts, coverage, views."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markdown import Markdown

from graphmap.config import load_config
from graphmap.errors import InvalidInput
from graphmap.views.terminal_worklist import accounts_table, coverage_renderable

if TYPE_CHECKING:
    from graphmap.analysis.handover import Mode
from graphmap.cli.common import (
    Alpha,
    AlsoOption,
    AsOf,
    JsonFlag,
    MaxHops,
    ModeOption,
    app,
    err,
    opened,
    out,
    parse_date,
    plain_errors,
    print_json,
    write,
)


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
    out.print(accounts_table(reports, day, config.currency, top, bus_factor))


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
    out.print(coverage_renderable(report, config.currency), highlight=False)


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
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="en or zh (Simplified Chinese); default GRAPHMAP_LANGUAGE."),
    ] = None,
) -> None:
    """Write a self-contained interactive view: bid, account, staff (handover, with --mode and
    --also) or person with its id, or the dashboard (the weekly worklist); --pdf prints it on
    one landscape A4 page."""
    from graphmap.i18n import LANGUAGES
    from graphmap.settings import Settings
    from graphmap.views.pages import page_for
    from graphmap.views.pdf import write_pdf

    if output is None and pdf is None:
        err.print("view: say where to write it: -o FILE.html, --pdf FILE.pdf, or both")
        raise typer.Exit(1)
    day = parse_date(as_of)
    lang = lang or Settings().language
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
