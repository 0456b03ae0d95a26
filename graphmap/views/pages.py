"""Whole pages, from a store: what the CLI writes to files and the API serves under /views."""

from __future__ import annotations

from datetime import date

from graphmap.analysis.handover import Mode
from graphmap.analysis.strength import held_by
from graphmap.config import AnalysisConfig
from graphmap.errors import InvalidInput, NotFound
from graphmap.i18n import Words
from graphmap.i18n.numbers import percent
from graphmap.model import OPEN_STAGES, Project, Staff
from graphmap.portfolio_service import accounts_by_risk
from graphmap.service import (
    account_and_network,
    influence_and_network,
    influence_report,
    kept_handover_report,
    person_paths,
)
from graphmap.store.base import GraphStore, list_of
from graphmap.store.subgraph import ego_network
from graphmap.views.dashboard import dashboard_page
from graphmap.views.graphs import (
    account_view,
    bid_view,
    ego_view,
    handover_view,
    person_facts,
    staff_facts,
)
from graphmap.views.html import Nav, render, render_index, url_id
from graphmap.views.markdown import handover_markdown, markdown_html

KINDS = ("dashboard", "bid", "account", "staff", "person")


def bid_page(
    store: GraphStore,
    project_id: str,
    as_of: date,
    config: AnalysisConfig,
    lang: str = "en",
    edit_token: str | None = None,
    nav: Nav | None = None,
) -> str:
    """The bid view; with ``edit_token`` (an editor's session) it can edit in place."""
    graph, report = influence_and_network(store, project_id, as_of, config)
    page = bid_view(graph, report, config, Words(lang))
    if edit_token is not None:
        page.edit = {"token": edit_token, "project": project_id}
    return render(page, nav=nav)


def handover_page(
    store: GraphStore,
    staff_ids: list[str],
    mode: Mode,
    as_of: date,
    config: AnalysisConfig,
    lang: str = "en",
    nav: Nav | None = None,
) -> str:
    """The handover map; printed, the checklist follows it in the same language."""
    report = kept_handover_report(store, staff_ids, mode, as_of, config)
    t = Words(lang)
    page = handover_view(report, config.currency, t)
    page.document = markdown_html(handover_markdown(report, config.currency, t))
    return render(page, nav=nav)


def account_page(
    store: GraphStore,
    org_id: str,
    as_of: date,
    config: AnalysisConfig,
    lang: str = "en",
    nav: Nav | None = None,
) -> str:
    """The account view of an organization."""
    org_graph, report, person_ties = account_and_network(store, org_id, as_of, config)
    page = account_view(org_graph, report, person_ties, as_of, config, Words(lang))
    return render(page, nav=nav)


def person_page(
    store: GraphStore,
    node_id: str,
    as_of: date,
    config: AnalysisConfig,
    hops: int = 1,
    lang: str = "en",
    nav: Nav | None = None,
) -> str:
    """The ego network, one relationship out by default (two is a hairball on real data)."""
    t = Words(lang)
    graph = ego_network(store, node_id, hops)
    label = graph.nodes[node_id]["label"]
    facts: list[str] = []
    if label == "Person":
        paths = person_paths(store, node_id, as_of, config)
        mentioned = {n for path in paths.warm_paths for n in path.nodes}
        names = {fields["id"]: fields["name"] for _, fields in store.nodes(mentioned)}
        facts = person_facts(graph, paths, names, t)
    elif label == "Staff":
        facts = staff_facts(
            graph, node_id, held_by(graph, node_id, as_of, config), as_of, config, t
        )
    return render(ego_view(graph, node_id, facts, t), nav=nav)


def page_for(
    store: GraphStore,
    kind: str,
    node_id: str | None,
    as_of: date,
    config: AnalysisConfig,
    mode: Mode | None = None,
    also: list[str] | None = None,
    lang: str = "en",
) -> str:
    """One view by kind: the dashboard (no id), bid, account, staff (handover: ``mode``,
    default leave, with ``also`` leaving together) or person (ego network), in ``lang``."""
    if kind not in KINDS:
        raise InvalidInput(f"view kind {kind!r} is not one of {', '.join(KINDS)}")
    if kind != "staff" and (mode is not None or also):
        raise InvalidInput(
            f"--mode and --also describe a handover: they apply to a staff view, not a {kind} view"
        )
    if kind == "dashboard":
        return dashboard_page(store, as_of, config, lang=lang)
    if node_id is None:
        raise InvalidInput(f"view {kind}: give the id of the {kind} to show")
    if kind == "bid":
        return bid_page(store, node_id, as_of, config, lang)
    if kind == "account":
        return account_page(store, node_id, as_of, config, lang)
    if kind == "staff":
        leavers = [node_id, *(also or [])]
        return handover_page(store, leavers, mode or Mode.LEAVE, as_of, config, lang)
    return person_page(store, node_id, as_of, config, lang=lang)


def index_page(
    store: GraphStore, as_of: date, config: AnalysisConfig, limit: int = 100, lang: str = "en"
) -> str:
    """Open bids by uncovered share, staff (leaving first), accounts by bus factor."""
    t = Words(lang)
    bids = []
    for stage in sorted(OPEN_STAGES):
        for project in list_of(store, Project, {"stage": stage}, 0, limit):
            try:
                report = influence_report(store, project.id, as_of, config)
            except (InvalidInput, NotFound):
                continue
            bids.append((report.uncovered_share, project, report))
    bids.sort(key=lambda b: (-b[0], b[1].id))
    bid_rows = [
        (
            f"{p.name} ({p.id})",
            f"/views/bid/{url_id(p.id)}?as_of={as_of}",
            t(
                "ix_bid",
                stage=t.code("stage", p.stage),
                uncovered=percent(gap),
                forecast=f"{r.support_forecast:+.2f}",
            ),
        )
        for gap, p, r in bids[:limit]
    ]
    staff = [
        *list_of(store, Staff, {"status": "leaving"}, 0, limit),
        *list_of(store, Staff, {"status": "active"}, 0, limit),
    ]
    staff_rows = [
        (
            f"{s.name} ({s.id})",
            f"/views/staff/{url_id(s.id)}?as_of={as_of}",
            t("ix_staff", status=_status(t, s), team=s.team or ""),
        )
        for s in staff[:limit]
    ]
    account_rows = [
        (
            f"{a.name} ({a.organization_id})",
            f"/views/account/{url_id(a.organization_id)}?as_of={as_of}",
            t("ix_account", bus=a.bus_factor, covered=percent(a.covered_share)),
        )
        for a in accounts_by_risk(store, as_of, config)[:limit]
    ]
    return render_index(
        [
            (t("ix_bids"), bid_rows),
            (t("ix_staff_title"), staff_rows),
            (t("ix_accounts"), account_rows),
        ],
        t,
        subtitle=t("as_of", date=as_of),
    )


def _status(t: Words, staff: Staff) -> str:
    status = t.code("status", staff.status)
    return t("status_on", status=status, date=staff.leaves_on) if staff.leaves_on else status
