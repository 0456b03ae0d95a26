"""Whole pages, from a store: what the CLI writes to files and the API serves under /views."""

from __future__ import annotations

from datetime import date

from graphmap.analysis.handover import Mode
from graphmap.analysis.influence import bid_influence
from graphmap.config import AnalysisConfig
from graphmap.errors import InvalidInput, NotFound
from graphmap.model import OPEN_STAGES
from graphmap.service import accounts_by_risk, handover_report, influence_report
from graphmap.store.base import GraphStore
from graphmap.store.subgraph import (
    decision_network,
    ego_network,
    organization_network,
)
from graphmap.views.dashboard import dashboard_page
from graphmap.views.graphs import account_view, bid_view, ego_view, handover_view
from graphmap.views.html import render, render_index

KINDS = ("dashboard", "bid", "account", "staff", "person")


def bid_page(store: GraphStore, project_id: str, as_of: date, config: AnalysisConfig) -> str:
    graph = decision_network(store, project_id, config.max_hops)
    return render(bid_view(graph, bid_influence(graph, project_id, as_of, config), config))


def handover_page(
    store: GraphStore, staff_ids: list[str], mode: Mode, as_of: date, config: AnalysisConfig
) -> str:
    return render(handover_view(handover_report(store, staff_ids, mode, as_of, config)))


def account_page(store: GraphStore, org_id: str, as_of: date, config: AnalysisConfig) -> str:
    return render(account_view(organization_network(store, org_id), org_id, as_of, config))


def person_page(store: GraphStore, node_id: str, hops: int = 2) -> str:
    return render(ego_view(ego_network(store, node_id, hops), node_id))


def page_for(
    store: GraphStore, kind: str, node_id: str | None, as_of: date, config: AnalysisConfig
) -> str:
    """One view by kind: the dashboard (no id), bid, account, staff (handover, leave mode) or
    person (ego network)."""
    if kind == "dashboard":
        return dashboard_page(store, as_of, config)
    if kind in KINDS and node_id is None:
        raise InvalidInput(f"view {kind}: give the id of the {kind} to show")
    if kind == "bid":
        return bid_page(store, node_id, as_of, config)
    if kind == "account":
        return account_page(store, node_id, as_of, config)
    if kind == "staff":
        return handover_page(store, [node_id], Mode.LEAVE, as_of, config)
    if kind == "person":
        return person_page(store, node_id)
    raise InvalidInput(f"view kind {kind!r} is not one of {', '.join(KINDS)}")


def index_page(store: GraphStore, as_of: date, config: AnalysisConfig, limit: int = 100) -> str:
    """Open bids by uncovered share, staff (leaving first), accounts by bus factor."""
    bids = []
    for stage in sorted(OPEN_STAGES):
        for project in store.list("Project", {"stage": stage}, 0, limit):
            try:
                report = influence_report(store, project.id, as_of, config)
            except (InvalidInput, NotFound):
                continue
            bids.append((report.uncovered_share, project, report))
    bids.sort(key=lambda b: (-b[0], b[1].id))
    bid_rows = [
        (
            f"{p.name} ({p.id})",
            f"/views/bid/{p.id}?as_of={as_of}",
            f"{p.stage} · uncovered share {gap:.0%} · support {r.support_forecast:+.2f}",
        )
        for gap, p, r in bids[:limit]
    ]
    staff = [
        *store.list("Staff", {"status": "leaving"}, 0, limit),
        *store.list("Staff", {"status": "active"}, 0, limit),
    ]
    staff_rows = [
        (
            f"{s.name} ({s.id})",
            f"/views/staff/{s.id}?as_of={as_of}",
            f"{s.status}{f' on {s.leaves_on}' if s.leaves_on else ''} · {s.team or ''}",
        )
        for s in staff[:limit]
    ]
    account_rows = [
        (
            f"{a.name} ({a.organization_id})",
            f"/views/account/{a.organization_id}?as_of={as_of}",
            f"bus factor {a.bus_factor} · covered {a.covered_share:.0%}",
        )
        for a in accounts_by_risk(store, as_of, config, limit)
    ]
    return render_index(
        [
            ("Open bids, least covered first", bid_rows),
            ("Staff, leaving first (handover check)", staff_rows),
            ("Accounts, lowest bus factor first", account_rows),
        ],
        subtitle=f"as of {as_of}",
    )
