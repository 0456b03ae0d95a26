"""The portfolio questions end to end — pipeline, alerts, segments, depth — for the CLI, the
API and the dashboard alike, over either store.

Every open bid is extracted in one bulk read and analysed once per call (``bid_states``), with
the same ``decision_networks`` and ``bid_influence`` that answer ``graphmap influence``, so the
portfolio never disagrees with the single-bid view. Whole-portfolio answers are kept until the
store's data changes (``graphmap.cache``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Literal, get_args

import networkx as nx

from graphmap.analysis.accounts import ACCOUNT_KIND, AccountCoverage, account_coverage
from graphmap.analysis.alerts import (
    Alert,
    going_cold,
    handover_due,
    in_order,
    left_account,
    no_one_mapped,
    single_thread,
)
from graphmap.analysis.handover import Mode
from graphmap.analysis.influence import bid_influence
from graphmap.analysis.portfolio import (
    SORTS,
    BidState,
    PipelineRow,
    pipeline_row,
)
from graphmap.analysis.segments import (
    AccountDepth,
    SegmentReport,
    account_depth,
    is_key_account,
    segments,
)
from graphmap.cache import RESULTS
from graphmap.config import AnalysisConfig
from graphmap.errors import InvalidInput
from graphmap.model import OPEN_STAGES, AssignmentRole, Organization, Project, Staff
from graphmap.service import handover_report
from graphmap.store.base import GraphStore, N, list_of
from graphmap.store.subgraph import decision_networks, organization_network, require

PAGE = 1000
StageFilter = Literal["open", "all"]
SortKey = Literal["risk", "value", "due"]
STAGE_FILTERS: tuple[StageFilter, ...] = get_args(StageFilter)
SORT_KEYS: tuple[SortKey, ...] = get_args(SortKey)


def _all(store: GraphStore, model: type[N], filters: dict[str, str]) -> Iterator[N]:
    """Every node of the model's label matching the filters, a page at a time."""
    offset = 0
    while True:
        page = list_of(store, model, filters, offset, PAGE)
        yield from page
        if len(page) < PAGE:
            return
        offset += PAGE


def projects(store: GraphStore, stage: StageFilter, client: str | None) -> list[Project]:
    """Projects by stage filter and client, ordered by id."""
    base = {"client_id": client} if client else {}
    stages = sorted(OPEN_STAGES) if stage == "open" else [None]
    found = [p for s in stages for p in _all(store, Project, base | ({"stage": s} if s else {}))]
    return sorted(found, key=lambda p: p.id)


def bid_states(
    store: GraphStore,
    as_of: date,
    config: AnalysisConfig,
    stage: StageFilter = "open",
    owner: str | None = None,
    client: str | None = None,
) -> list[BidState]:
    """The bids, each with its lead and client; open ones with their analysed network."""
    if owner:
        require(store, "Staff", owner)
    if client:
        require(store, "Organization", client)
    chosen = projects(store, stage, client)
    ids = [p.id for p in chosen]
    leads = {  # a bid with several bid leads shows the first by id
        e.dst: e.src
        for e in sorted(store.edges(ids, ["ASSIGNED_TO"], "in"), key=lambda e: e.src, reverse=True)
        if e.props.get("role") == AssignmentRole.BID_LEAD
    }
    if owner:
        chosen = [p for p in chosen if leads.get(p.id) == owner]
    names = {
        f["id"]: f["name"]
        for _, f in store.nodes({*leads.values(), *(p.client_id for p in chosen)})
    }
    quick = config.with_overrides(explain_paths=0)  # rows never show explanations: skip them
    graphs = decision_networks(
        store, [p.id for p in chosen if p.stage in OPEN_STAGES], config.max_hops
    )
    out = []
    for p in chosen:
        lead = leads.get(p.id)
        bid = BidState(p, names.get(p.client_id, p.client_id), lead, names.get(lead))
        if bid.open:
            bid.graph = graphs[p.id]
            if bid.seats:
                try:
                    bid.report = bid_influence(bid.graph, p.id, as_of, quick)
                except InvalidInput as exc:
                    bid.problem = exc.message
        out.append(bid)
    return out


def pipeline_rows(
    bids: list[BidState], as_of: date, config: AnalysisConfig, sort: SortKey = "risk"
) -> list[PipelineRow]:
    """One pipeline row per bid, unsorted and unfiltered by owner."""
    return sorted((pipeline_row(b, as_of, config) for b in bids), key=SORTS[sort])


def pipeline(
    store: GraphStore,
    as_of: date,
    config: AnalysisConfig,
    stage: StageFilter = "open",
    owner: str | None = None,
    client: str | None = None,
    sort: SortKey = "risk",
) -> list[PipelineRow]:
    """Every bid with its coverage, forecast, first action and risk rating (kept until the
    store's data changes)."""
    return RESULTS.answer(
        store,
        "pipeline",
        (as_of, config.model_dump_json(), stage, owner, client, sort),
        lambda: pipeline_rows(
            bid_states(store, as_of, config, stage, owner, client), as_of, config, sort
        ),
    )


def leaving_within(store: GraphStore, as_of: date, within: int) -> list[Staff]:
    """Staff whose leaving date falls within ``within`` days of ``as_of``."""
    end = as_of + timedelta(days=within)
    return [
        s
        for s in _all(store, Staff, {"status": "leaving"})
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


def alerts_from(
    store: GraphStore, bids: list[BidState], as_of: date, config: AnalysisConfig, within: int
) -> list[Alert]:
    """Every alert kind over already analysed bids (the dashboard reuses its bids)."""
    moved = {
        n.get("moved_to")
        for b in bids
        if b.graph is not None
        for _, n in b.graph.nodes(data=True)
        if n.get("moved_to")
    }
    names = {f["id"]: f["name"] for _, f in store.nodes(moved)}
    checks = [
        (s, handover_report(store, [s.id], Mode.LEAVE, as_of, config))
        for s in leaving_within(store, as_of, within)
    ]
    successors = {i.successor_id for _, r in checks for i in r.introductions}
    done = recent_meetings(store, successors, as_of, config.intro_lookback_days)
    found = [
        *going_cold(bids, as_of, within, config),
        *left_account(bids, names, as_of, within, config),
        *no_one_mapped(bids),
        *single_thread(bids, config),
        *handover_due(checks, done),
    ]
    return in_order(found)


def alerts(store: GraphStore, as_of: date, config: AnalysisConfig, within: int = 30) -> list[Alert]:
    """What needs doing in the next ``within`` days, with the reason and the action (kept
    until the store's data changes)."""
    if within < 0:
        raise InvalidInput(f"within: {within} days must not be negative")
    return RESULTS.answer(
        store,
        "alerts",
        (as_of, config.model_dump_json(), within),
        lambda: alerts_from(store, bid_states(store, as_of, config), as_of, config, within),
    )


def clients(store: GraphStore) -> list[Organization]:
    """Every client organization."""
    return list(_all(store, Organization, {"kind": "client"}))


def open_networks(store: GraphStore, config: AnalysisConfig) -> dict[str, nx.MultiDiGraph]:
    """The decision network of every open bid, in one bulk extraction."""
    return decision_networks(store, [p.id for p in projects(store, "open", None)], config.max_hops)


def account_of(
    store: GraphStore,
    org_id: str,
    as_of: date,
    config: AnalysisConfig,
    graphs: dict[str, nx.MultiDiGraph],
) -> tuple[nx.MultiDiGraph, AccountCoverage]:
    """An account's own network and coverage (as ``graphmap coverage``), from the open bids'
    decision networks extracted already."""
    org_graph = organization_network(store, org_id)
    bids = {b: g for b, g in graphs.items() if g.nodes[b].get("client_id") == org_id}
    return org_graph, account_coverage(org_graph, bids, org_id, as_of, config)


def segment_report(
    store: GraphStore,
    as_of: date,
    config: AnalysisConfig,
    bids: list[BidState] | None = None,
    only: set[str] | None = None,
) -> SegmentReport:
    """Accounts by value and potential, each with its covered share and bus factor; ``bids``
    (open, analysed) saves extracting their networks again. ``only`` keeps those accounts,
    placed against the lines of the whole portfolio. Without ``bids``, the answer is kept
    until the store's data changes."""
    if bids is None:
        return RESULTS.answer(
            store,
            "segments",
            (as_of, config.model_dump_json(), None if only is None else tuple(sorted(only))),
            lambda: _segments(store, as_of, config, open_networks(store, config), only),
        )
    graphs = {b.project.id: b.graph for b in bids if b.graph is not None}
    return _segments(store, as_of, config, graphs, only)


def _segments(
    store: GraphStore,
    as_of: date,
    config: AnalysisConfig,
    graphs: dict[str, nx.MultiDiGraph],
    only: set[str] | None,
) -> SegmentReport:
    report = segments(clients(store), _all(store, Project, {}), as_of, config)
    if only is not None:
        report.accounts = [s for s in report.accounts if s.organization_id in only]
    for s in report.accounts:
        coverage = account_of(store, s.organization_id, as_of, config, graphs)[1]
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
    report = segments(clients(store), _all(store, Project, {}), as_of, config)
    keys = [s for s in report.accounts if is_key_account(s)]
    graphs = open_networks(store, config) if keys else {}
    out = []
    for s in keys:
        org_graph, coverage = account_of(store, s.organization_id, as_of, config, graphs)
        out.append(account_depth(org_graph, coverage, s, as_of, config))
    return sorted(out, key=lambda d: (-len(d.flags), d.bus_factor, d.organization_id))


def accounts_by_risk(
    store: GraphStore, as_of: date, config: AnalysisConfig, limit: int = 1000
) -> list[AccountCoverage]:
    """Every client account, lowest bus factor first, then least covered; the open bids'
    networks are extracted in one bulk read, and the answer kept until the store's data
    changes."""

    def work() -> list[AccountCoverage]:
        orgs = list_of(store, Organization, {"kind": ACCOUNT_KIND.value}, 0, limit)
        graphs = open_networks(store, config) if orgs else {}
        reports = [account_of(store, o.id, as_of, config, graphs)[1] for o in orgs]
        return sorted(reports, key=lambda a: (a.bus_factor, a.covered_share, a.organization_id))

    return RESULTS.answer(store, "accounts_by_risk", (as_of, config.model_dump_json(), limit), work)
