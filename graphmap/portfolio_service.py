"""The portfolio questions end to end — pipeline, alerts, segments, depth — for the CLI, the
API and the dashboard alike, over either store.

Open bids are analysed with the same ``decision_networks`` and ``bid_influence`` that answer
``graphmap influence``, so the portfolio never disagrees with the single-bid view. Pipeline and
alerts keep each open bid's outcome across writes and analyse again only the bids a write
reached (``graphmap.bids``); segments, depth and the accounts ranking are kept until the store's
data changes (``graphmap.cache``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Literal, get_args

import networkx as nx
from pydantic import BaseModel, Field

from graphmap.analysis.accounts import ACCOUNT_KIND, AccountCoverage, account_coverage
from graphmap.analysis.alerts import Alert, going_cold, handover_due, in_order
from graphmap.analysis.handover import Mode
from graphmap.analysis.portfolio import SORTS, PipelineRow, pipeline_row
from graphmap.analysis.segments import (
    AccountDepth,
    SegmentReport,
    account_depth,
    is_key_account,
    segments,
)
from graphmap.bids import BidOutcome, analysed_bids, open_bids, projects
from graphmap.cache import RESULTS
from graphmap.config import AnalysisConfig
from graphmap.errors import InvalidInput
from graphmap.kept import KEPT, Piece
from graphmap.model import OPEN_STAGES, Organization, Project, Staff, Stage
from graphmap.service import handover_report
from graphmap.store.base import GraphStore, every
from graphmap.store.subgraph import (
    decision_anchors,
    decision_networks,
    organization_anchors,
    organization_networks,
    require,
)

ALERT_DAYS = 30  # the alerts' default window, and the dashboard's
ACCOUNTS_CHUNK = 50  # accounts whose bids are extracted and analysed together
StageFilter = Literal["open", "all"]
SortKey = Literal["risk", "value", "due"]
STAGE_FILTERS: tuple[StageFilter, ...] = get_args(StageFilter)
SORT_KEYS: tuple[SortKey, ...] = get_args(SortKey)


def pipeline_rows(rows: list[PipelineRow], sort: SortKey) -> list[PipelineRow]:
    """Rows in the order asked for."""
    return sorted(rows, key=SORTS[sort])


def pipeline(
    store: GraphStore,
    as_of: date,
    config: AnalysisConfig,
    stage: StageFilter = "open",
    owner: str | None = None,
    client: str | None = None,
    sort: SortKey = "risk",
) -> list[PipelineRow]:
    """Every bid with its coverage, forecast, first action and risk rating. Open bids come
    from their kept outcomes (``graphmap.bids``: only bids a write reached are analysed
    again); closed ones, asked for with ``stage="all"``, are read now."""
    if owner:
        require(store, "Staff", owner)
    if client:
        require(store, "Organization", client)
    rows = [o.row for o in open_bids(store, as_of, config, ALERT_DAYS).values()]
    if stage == "all":
        closed = projects(store, set(Stage) - OPEN_STAGES, client)
        rows += [
            pipeline_row(b, as_of, config) for b in analysed_bids(store, closed, as_of, config)
        ]
    mine = [
        r
        for r in rows
        if (owner is None or r.bid_lead_id == owner) and (client is None or r.client_id == client)
    ]
    return pipeline_rows(mine, sort)  # rows are frozen: kept ones are shared, not copied


def leaving_within(store: GraphStore, as_of: date, within: int) -> list[Staff]:
    """Staff whose leaving date falls within ``within`` days of ``as_of``."""
    end = as_of + timedelta(days=within)
    return [
        s
        for s in every(store, Staff, {"status": "leaving"})
        if s.leaves_on is not None and as_of < s.leaves_on <= end
    ]


def recent_meetings(
    store: GraphStore, staff_ids: set[str], as_of: date, days: int
) -> set[tuple[str, str]]:
    """(staff, person) pairs with an interaction logged in the ``days`` up to ``as_of``."""
    since = as_of - timedelta(days=days)
    return {
        (e.src, e.dst)
        for e in store.edges(staff_ids, ["INTERACTED"], "out")
        if since <= date.fromisoformat(str(e.props["on"])) <= as_of
    }


def handovers_due(
    store: GraphStore, as_of: date, config: AnalysisConfig, within: int
) -> list[Alert]:
    """A handover check for each staff member leaving in the window (a leaver's check reads
    the whole firm's ties to pick successors, so it runs on every call), minus the
    introductions already made."""
    checks = [
        (s, handover_report(store, [s.id], Mode.LEAVE, as_of, config))
        for s in leaving_within(store, as_of, within)
    ]
    successors = {i.successor_id for _, r in checks for i in r.introductions}
    done = recent_meetings(store, successors, as_of, config.intro_lookback_days)
    return handover_due(checks, done)


def alerts_of(
    store: GraphStore,
    outcomes: Iterable[BidOutcome],
    as_of: date,
    config: AnalysisConfig,
    within: int,
) -> list[Alert]:
    """Every alert kind over these open bids' outcomes, and the handovers due."""
    chosen = list(outcomes)
    found = [
        *going_cold(c for o in chosen for c in o.cooling),
        *(a for o in chosen for a in o.alerts),
        *handovers_due(store, as_of, config, within),
    ]
    return in_order(found)


def alerts(
    store: GraphStore, as_of: date, config: AnalysisConfig, within: int = ALERT_DAYS
) -> list[Alert]:
    """What needs doing in the next ``within`` days, with the reason and the action (open
    bids' part kept across writes, ``graphmap.bids``)."""
    if within < 0:
        raise InvalidInput(f"within: {within} days must not be negative")
    bids = open_bids(store, as_of, config, within)
    return alerts_of(store, bids.values(), as_of, config, within)


def worklist(
    store: GraphStore,
    as_of: date,
    config: AnalysisConfig,
    owner: str | None = None,
    client: str | None = None,
) -> tuple[list[PipelineRow], list[Alert]]:
    """The dashboard's open bids (of one bid lead or client, if given) and their alerts over
    the ``ALERT_DAYS`` window; with a filter, the alerts about those bids or that lead."""
    rows = pipeline(store, as_of, config, "open", owner, client)
    mine = {r.project_id for r in rows}
    bids = open_bids(store, as_of, config, ALERT_DAYS)
    found = alerts_of(store, [bids[b] for b in mine], as_of, config, ALERT_DAYS)
    if owner or client:
        found = [a for a in found if a.project_id in mine or (owner and a.staff_id == owner)]
    return rows, found


def clients(store: GraphStore) -> list[Organization]:
    """Every client organization."""
    return list(every(store, Organization, {"kind": ACCOUNT_KIND.value}))


def account_of(
    org_graph: nx.MultiDiGraph,
    org_id: str,
    as_of: date,
    config: AnalysisConfig,
    graphs: dict[str, nx.MultiDiGraph],
) -> Piece[AccountCoverage]:
    """An account's coverage (as ``graphmap coverage``), from its own network and the open
    bids' decision networks extracted already, with what the coverage was read from."""
    bids = {b: g for b, g in graphs.items() if g.nodes[b].get("client_id") == org_id}
    coverage = account_coverage(org_graph, bids, org_id, as_of, config)
    return Piece(
        members=frozenset(org_graph.nodes).union(*(g.nodes for g in bids.values())),
        anchors=organization_anchors(org_graph, org_id).union(
            *(decision_anchors(g) for g in bids.values())
        ),
        value=coverage,
    )


def accounts_of(
    store: GraphStore, orgs: list[Organization], as_of: date, config: AnalysisConfig
) -> dict[str, tuple[nx.MultiDiGraph, Piece[AccountCoverage]]]:
    """Each account's own network and ``account_of``: the accounts' networks in one bulk read,
    their open bids' decision networks in another."""
    mine = {o.id for o in orgs}
    bids = [p.id for p in projects(store, OPEN_STAGES, None) if p.client_id in mine]
    graphs = decision_networks(store, bids, config.max_hops)
    own = organization_networks(store, sorted(mine))
    return {
        o.id: (own[o.id], account_of(own[o.id], o.id, as_of, config, graphs))
        for o in orgs
        if o.id in own  # an account deleted since the list was read
    }


def account_coverages(
    store: GraphStore, as_of: date, config: AnalysisConfig
) -> dict[str, AccountCoverage]:
    """Every client account's coverage, by id; kept across writes account by account
    (``graphmap.kept``): after a write only the accounts it reached are computed again."""

    def compute(orgs: list[Organization]) -> dict[str, Piece[AccountCoverage]]:
        return {i: piece for i, (_, piece) in accounts_of(store, orgs, as_of, config).items()}

    def starts() -> dict[str, Organization]:
        return {o.id: o for o in clients(store)}

    question = ("accounts", as_of, config.model_dump_json())
    return KEPT.pieces(store, question, starts, "Organization", compute, ACCOUNTS_CHUNK)


def segment_report(
    store: GraphStore, as_of: date, config: AnalysisConfig, only: set[str] | None = None
) -> SegmentReport:
    """Accounts by value and potential, each with its covered share and bus factor. ``only``
    keeps those accounts, placed against the lines of the whole portfolio. The answer is kept
    until the store's data changes; the coverages, account by account across writes."""
    return RESULTS.answer(
        store,
        "segments",
        (as_of, config.model_dump_json(), None if only is None else tuple(sorted(only))),
        lambda: _segments(store, as_of, config, only),
    )


def _segments(
    store: GraphStore, as_of: date, config: AnalysisConfig, only: set[str] | None
) -> SegmentReport:
    report = segments(clients(store), every(store, Project, {}), as_of, config)
    if only is not None:
        report.accounts = [s for s in report.accounts if s.organization_id in only]
    coverages = account_coverages(store, as_of, config)
    for s in report.accounts:
        coverage = coverages[s.organization_id]
        s.covered_share, s.bus_factor = coverage.covered_share, coverage.bus_factor
    return report


def depth_report(store: GraphStore, as_of: date, config: AnalysisConfig) -> list[AccountDepth]:
    """Key accounts (tier 1-2, invest or maintain) by level of coverage, weakest first (kept
    until the store's data changes)."""
    return RESULTS.answer(
        store,
        "depth",
        (as_of, config.model_dump_json()),
        lambda: _depth(store, as_of, config),
    )


def _depth(store: GraphStore, as_of: date, config: AnalysisConfig) -> list[AccountDepth]:
    orgs = clients(store)
    report = segments(orgs, every(store, Project, {}), as_of, config)
    keys = {s.organization_id: s for s in report.accounts if is_key_account(s)}
    found = accounts_of(store, [o for o in orgs if o.id in keys], as_of, config)
    out = [
        account_depth(org_graph, piece.value, keys[org_id], as_of, config)
        for org_id, (org_graph, piece) in found.items()
    ]
    return sorted(out, key=lambda d: (-len(d.flags), d.bus_factor, d.organization_id))


def accounts_by_risk(
    store: GraphStore, as_of: date, config: AnalysisConfig
) -> list[AccountCoverage]:
    """Every client account, lowest bus factor first, then least covered (coverages kept
    across writes, ``account_coverages``)."""
    return sorted(
        account_coverages(store, as_of, config).values(),
        key=lambda a: (a.bus_factor, a.covered_share, a.organization_id),
    )


class AccountsPage(BaseModel):
    """One page of the accounts ranking, and how many accounts it ranks in all."""

    items: list[AccountCoverage] = Field(description="This page's accounts, riskiest first.")
    offset: int = Field(description="Position of the first item in the whole ranking.")
    limit: int = Field(description="The most items a page holds.")
    total: int = Field(description="Client accounts in the whole ranking.")
    next_offset: int | None = Field(description="Offset of the next page; null on the last.")


def accounts_page(
    store: GraphStore, as_of: date, config: AnalysisConfig, offset: int, limit: int
) -> AccountsPage:
    """Rows ``offset`` to ``offset + limit`` of the ranking. The order needs every account's
    bus factor and coverage: the whole ranking is computed once per store version (kept, see
    ``accounts_by_risk``) and each page is a slice of it."""
    ranked = accounts_by_risk(store, as_of, config)
    end = offset + limit
    return AccountsPage(
        items=ranked[offset:end],
        offset=offset,
        limit=limit,
        total=len(ranked),
        next_offset=end if end < len(ranked) else None,
    )
