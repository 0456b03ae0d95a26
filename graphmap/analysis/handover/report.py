"""The handover check itself: remove or weaken the leavers' ties, measure what each
relationship, account and open bid loses, rate the severity, name successors, and list the
owner seats and introductions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import networkx as nx

from graphmap.analysis.accounts import (
    ACCOUNT_KIND,
    Holders,
    bid_value,
    bus_factor,
    covered_share,
    holders_from,
    value_weights,
)
from graphmap.analysis.availability import PassedOver, active_through
from graphmap.analysis.handover.bidfacts import BidFacts
from graphmap.analysis.handover.models import (
    SEVERITY_ORDER,
    AccountRisk,
    BidExposure,
    BidRisk,
    HandoverReport,
    Introduction,
    Mode,
    RelationshipRisk,
    Severity,
    Successor,
    Totals,
    UnownedSeat,
)
from graphmap.analysis.handover.successors import setting_of, successors_for, ties_of_everyone
from graphmap.analysis.people import person_header
from graphmap.analysis.strength import coverage, is_active
from graphmap.config import AnalysisConfig
from graphmap.errors import InvalidInput
from graphmap.graph import HandoverGraphs
from graphmap.model import OWNER_ROLES, Stage

CLOSED = {Stage.LOST, Stage.COMPLETED}


INTRO_LEAD_DAYS = 7  # introductions are due a week before the earlier of departure and bid due


def check_staff(graph: nx.MultiDiGraph, staff_ids: list[str], as_of: date) -> None:
    """Refuse ids that are not staff members in the graph, naming them."""
    seen = set()
    for staff_id in staff_ids:
        if staff_id in seen:
            raise InvalidInput(f"staff member {staff_id!r} is named twice; --also lists others")
        seen.add(staff_id)
        if not is_active(graph.nodes[staff_id], as_of):
            raise InvalidInput(
                f"staff member {staff_id!r} ({graph.nodes[staff_id]['name']}) has "
                f"already left as of {as_of}: their relationships are gone already"
            )


def severity_of(orphaned: bool, drop: float, share: float, config: AnalysisConfig) -> Severity:
    """critical, high, medium or low by the documented rules."""
    key = share >= config.critical_share
    if orphaned and key:
        return Severity.CRITICAL
    if orphaned or (drop >= config.high_drop and key):
        return Severity.HIGH
    if drop >= config.medium_drop:
        return Severity.MEDIUM
    return Severity.LOW


def _unowned(graph: nx.MultiDiGraph, leavers: list[str], as_of: date) -> list[UnownedSeat]:
    """Owner seats (bid lead, account manager) the leavers hold on live projects that no other
    active staff member holds in the same role."""
    out = []
    for staff in leavers:
        for _, project, data in graph.out_edges(staff, data=True):
            if data["type"] != "ASSIGNED_TO" or data["role"] not in OWNER_ROLES:
                continue
            if graph.nodes[project]["stage"] in CLOSED:
                continue
            others = [
                s
                for s, _, d in graph.in_edges(project, data=True)
                if d["type"] == "ASSIGNED_TO"
                and d["role"] == data["role"]
                and s not in leavers
                and is_active(graph.nodes[s], as_of)
            ]
            if not others:
                p = graph.nodes[project]
                out.append(
                    UnownedSeat(
                        project_id=project,
                        name=p["name"],
                        stage=p["stage"],
                        role=data["role"],
                        staff_id=staff,
                    )
                )
    return sorted(out, key=lambda u: (u.project_id, u.role))


def _introductions(
    graph: nx.MultiDiGraph, risks: list[RelationshipRisk], as_of: date
) -> list[Introduction]:
    """For each critical relationship, each holder with a leaving date introduces the first
    successor a week before the earlier of leaving and the bids' due dates; a holder who
    cannot act through that date makes no introduction."""
    out = []
    for risk in risks:
        if risk.severity != Severity.CRITICAL or not risk.successors:
            continue
        for staff in risk.held_by:
            leaves_on = graph.nodes[staff].get("leaves_on")
            if leaves_on is None or leaves_on <= as_of:
                continue
            dues = [b.due_on for b in risk.open_bids if b.due_on and b.due_on > as_of]
            by = max(min([leaves_on, *dues]) - timedelta(days=INTRO_LEAD_DAYS), as_of)
            if not active_through(graph.nodes[staff], as_of, by):
                continue
            best = risk.successors[0]
            out.append(
                Introduction(
                    by=by,
                    staff_id=staff,
                    staff_name=graph.nodes[staff]["name"],
                    successor_id=best.staff_id,
                    successor_name=best.name,
                    person_id=risk.person_id,
                    person_name=risk.name,
                    exposure=risk.exposure,
                )
            )
    return sorted(out, key=lambda i: (-i.exposure, i.by, i.person_id))


def handover(
    graphs: HandoverGraphs,
    facts: Mapping[str, BidFacts],
    staff_ids: list[str],
    mode: Mode,
    as_of: date,
    config: AnalysisConfig,
) -> HandoverReport:
    """The joint effect of removing ``staff_ids`` (``leave``) or moving them (``move``);
    ``facts`` holds those of each bid in ``graphs.bids``."""
    graph = graphs.neighbourhood
    check_staff(graph, staff_ids, as_of)
    removed = set(staff_ids)
    factor = 0.0 if mode == Mode.LEAVE else config.move_factor
    holders, _ = holders_from([graph], as_of, config)
    for b in graphs.bids:  # in id order, as the ties were merged from the bids' networks
        for person, pairs in facts[b].holders.items():
            holders.setdefault(person, {}).update(pairs)
    known = ties_of_everyone(graph, as_of, config)
    shares = {b: dict(f.shares) for b in graphs.bids if (f := facts[b]).shares is not None}
    bid_node = {b: facts[b].node for b in graphs.bids}
    load = graphs.load

    def after(by_staff: dict[str, float]) -> dict[str, float]:
        return {s: v * factor if s in removed else v for s, v in by_staff.items()}

    risks: list[RelationshipRisk] = []
    passed_by_id: dict[str, PassedOver] = {}
    for person in sorted(p for p, by in holders.items() if removed & by.keys()):
        by_staff = holders[person]
        theirs = {s: v for s, v in by_staff.items() if s in removed}
        cov_before, cov_after = coverage(by_staff.values()), coverage(after(by_staff).values())
        orphaned = (
            max(theirs.values()) >= config.strong_tie
            and max(after(by_staff).values()) < config.strong_tie
        )
        bids = [
            BidExposure(
                project_id=b,
                name=bid_node[b]["name"],
                stage=bid_node[b]["stage"],
                value=bid_value(bid_node[b]),
                due_on=bid_node[b].get("due_on"),
                share=shares[b][person],
                exposure=shares[b][person] * bid_value(bid_node[b]),
            )
            for b in shares
            if shares[b].get(person, 0.0) > 0
        ]
        share = max((b.share for b in bids), default=0.0)
        severity = severity_of(orphaned, cov_before - cov_after, share, config)
        successors: list[Successor] = []
        if severity != Severity.LOW:
            at = setting_of(graph, person, sorted(theirs))
            successors, missed = successors_for(graph, at, removed, known, load, as_of, config)
            passed_by_id |= {p.staff_id: p for p in missed}
        risks.append(
            RelationshipRisk(
                **person_header(graph, person),
                held_by=sorted(theirs),
                tie_strength=max(theirs.values()),
                coverage_before=cov_before,
                coverage_after=cov_after,
                drop=cov_before - cov_after,
                orphaned=orphaned,
                share=share,
                exposure=sum(b.exposure for b in bids),
                severity=severity,
                open_bids=sorted(bids, key=lambda b: -b.exposure),
                successors=successors,
            )
        )
    risks.sort(key=lambda r: (SEVERITY_ORDER[r.severity], -r.exposure, -r.drop, r.person_id))
    accounts = _accounts(graph, risks, shares, bid_node, holders, removed, factor, config)
    unowned = _unowned(graph, staff_ids, as_of)
    intros = _introductions(graph, risks, as_of) if mode == Mode.LEAVE else []
    count = {s: sum(r.severity == s for r in risks) for s in Severity}
    return HandoverReport(
        staff_ids=staff_ids,
        staff_names=[graph.nodes[s]["name"] for s in staff_ids],
        mode=mode,
        as_of=as_of,
        relationships=risks,
        accounts=accounts,
        bids=bid_risks(shares, bid_node, holders, removed, factor),
        unowned=unowned,
        introductions=intros,
        passed_over=[passed_by_id[s] for s in sorted(passed_by_id)],
        totals=Totals(
            relationships=len(risks),
            orphaned=sum(r.orphaned for r in risks),
            critical=count[Severity.CRITICAL],
            high=count[Severity.HIGH],
            medium=count[Severity.MEDIUM],
            low=count[Severity.LOW],
            pipeline_value_exposed=sum(r.exposure for r in risks if r.orphaned),
            unowned_seats=len(unowned),
        ),
    )


def bid_risks(
    shares: dict[str, dict[str, float]],
    bid_node: Mapping[str, Mapping[str, Any]],
    holders: Holders,
    removed: set[str],
    factor: float,
) -> list[BidRisk]:
    """Open bids whose uncovered share rises, the largest impact (value × rise) first."""
    out = []
    for b in sorted(shares):
        before = 1.0 - covered_share(shares[b], holders, set(), factor)
        after = 1.0 - covered_share(shares[b], holders, removed, factor)
        if after > before + 1e-12:
            out.append(
                BidRisk(
                    project_id=b,
                    name=bid_node[b]["name"],
                    value=bid_value(bid_node[b]),
                    uncovered_share_before=before,
                    uncovered_share_after=after,
                    impact=bid_value(bid_node[b]) * (after - before),
                )
            )
    return sorted(out, key=lambda b: (-b.impact, b.project_id))


def _accounts(
    graph: nx.MultiDiGraph,
    risks: list[RelationshipRisk],
    shares: dict[str, dict[str, float]],
    bid_node: Mapping[str, Mapping[str, Any]],
    holders: Holders,
    removed: set[str],
    factor: float,
    config: AnalysisConfig,
) -> list[AccountRisk]:
    """The client accounts the contacts belong to, covered share before and after; an open
    bid without seats weighs in uncovered, as in ``graphmap accounts``."""
    orgs = {r.organization_id for r in risks if r.organization_id and r.organization_id in graph}
    out = []
    for org in sorted(o for o in orgs if graph.nodes[o].get("kind") == ACCOUNT_KIND):
        bids = sorted(b for b in bid_node if bid_node[b].get("client_id") == org)
        own = sorted(p for p, _, d in graph.in_edges(org, data=True) if d["type"] == "WORKS_AT")
        weights = value_weights([(bid_value(bid_node[b]), shares.get(b, {})) for b in bids], own)
        size, _, exact = bus_factor(
            weights, holders, config.bus_factor_threshold, config.bus_factor_search_budget
        )
        out.append(
            AccountRisk(
                organization_id=org,
                name=graph.nodes[org]["name"],
                covered_share_before=covered_share(weights, holders, set()),
                covered_share_after=covered_share(weights, holders, removed, factor),
                bus_factor=size,
                bus_factor_exact=exact,
            )
        )
    return sorted(
        out, key=lambda a: (a.covered_share_after - a.covered_share_before, a.organization_id)
    )
