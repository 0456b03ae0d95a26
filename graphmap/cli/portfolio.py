"""The weekly worklist: pipeline, alerts, segments, key-account depth."""

from __future__ import annotations

from typing import Annotated

import typer

from graphmap.cli.common import AsOf, JsonFlag, app, choice, opened, out, parse_date, print_json
from graphmap.config import load_config
from graphmap.views.terminal_worklist import (
    alerts_renderable,
    depth_table,
    pipeline_renderable,
    segments_table,
)


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
    out.print(pipeline_renderable(rows, day, sort, top, config.currency))


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
    out.print(alerts_renderable(found, day, within), highlight=False)


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
    out.print(segments_table(report, day, config.currency))


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
    out.print(depth_table(rows, day, config.strong_tie))
