"""Handover check: what leaves with one or more staff members, what it exposes, who takes over.

Modes: ``leave`` ends every tie of the staff members; ``move`` keeps them at ``move_factor``
(they changed role and can still make a call) but they give up ownership of their bids and
accounts. Several staff members are removed together, so the report is their joint effect.

For each person the staff members know: coverage before and after, the drop, whether the
relationship is **orphaned** (a strong tie — at least ``strong_tie`` — existed and none is left),
its **exposure** (Σ over open bids of the person's decision share × the bid's value) and a
**severity**:

- critical: orphaned, and at least ``critical_share`` of the decision in an open bid;
- high: orphaned, or a drop of at least ``high_drop`` with ``critical_share`` in an open bid;
- medium: a drop of at least ``medium_drop``;
- low: anything else.

Successors (up to three for every relationship above low) are scored in points:
3 × their own tie to the person; 1.5 × their strongest tie to the person's circle (colleagues,
manager, reports, influencers); 0.3 per project they worked for the person's organization (up to
3); 0.5 for the leaver's team; 0.5 for the account's region; minus ``successor_load_penalty`` per
person for whom they would be the only strong tie already (up to 10).
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

import networkx as nx
from pydantic import BaseModel

from graphmap.analysis.accounts import (
    Holders,
    bus_factor,
    covered_share,
    holders_from,
    open_bid_shares,
    value_weights,
)
from graphmap.analysis.strength import coverage, is_active
from graphmap.config import AnalysisConfig
from graphmap.errors import InvalidInput
from graphmap.graph import HandoverGraphs
from graphmap.model import OWNER_ROLES, Stage

CLOSED = {Stage.LOST, Stage.COMPLETED}
INTRO_LEAD_DAYS = 7  # introductions are due a week before the earlier of departure and bid due


class Mode(StrEnum):
    LEAVE = "leave"
    MOVE = "move"


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


SEVERITY_ORDER = {s: k for k, s in enumerate(Severity)}


class BidExposure(BaseModel):
    project_id: str
    name: str
    stage: Stage
    value: float
    due_on: date | None
    share: float
    exposure: float  # share · value


class Successor(BaseModel):
    staff_id: str
    name: str
    score: float
    reasons: list[str]


class RelationshipRisk(BaseModel):
    person_id: str
    name: str
    title: str | None
    organization_id: str | None
    organization_name: str | None
    held_by: list[str]  # which of the departing staff hold this tie
    tie_strength: float  # their strongest tie to the person
    coverage_before: float
    coverage_after: float
    drop: float
    orphaned: bool
    share: float  # largest decision share in an open bid
    exposure: float
    severity: Severity
    open_bids: list[BidExposure]
    successors: list[Successor]


class AccountRisk(BaseModel):
    organization_id: str
    name: str
    covered_share_before: float
    covered_share_after: float
    bus_factor: int  # before the change
    bus_factor_exact: bool


class BidRisk(BaseModel):
    project_id: str
    name: str
    value: float
    uncovered_share_before: float
    uncovered_share_after: float


class UnownedSeat(BaseModel):
    project_id: str
    name: str
    stage: Stage
    role: str
    staff_id: str


class Introduction(BaseModel):
    by: date
    staff_id: str
    staff_name: str
    successor_id: str
    successor_name: str
    person_id: str
    person_name: str
    exposure: float


class Totals(BaseModel):
    relationships: int
    orphaned: int
    critical: int
    high: int
    medium: int
    low: int
    orphaned_key_contacts: int  # critical relationships
    pipeline_value_exposed: float  # Σ exposure of orphaned relationships
    unowned_seats: int


class HandoverReport(BaseModel):
    staff_ids: list[str]
    staff_names: list[str]
    mode: Mode
    as_of: date
    relationships: list[RelationshipRisk]
    accounts: list[AccountRisk]
    bids: list[BidRisk]
    unowned: list[UnownedSeat]
    introductions: list[Introduction]
    totals: Totals


def check_staff(graph: nx.MultiDiGraph, staff_ids: list[str], as_of: date) -> None:
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
    key = share >= config.critical_share
    if orphaned and key:
        return Severity.CRITICAL
    if orphaned or (drop >= config.high_drop and key):
        return Severity.HIGH
    if drop >= config.medium_drop:
        return Severity.MEDIUM
    return Severity.LOW


def circle_of(graph: nx.MultiDiGraph, person: str) -> set[str]:
    """Colleagues, manager, reports and influence ties of a person."""
    out = set()
    for u, v, data in [*graph.in_edges(person, data=True), *graph.out_edges(person, data=True)]:
        other = v if u == person else u
        if data["type"] in ("INFLUENCES", "REPORTS_TO"):
            out.add(other)
        elif data["type"] == "WORKS_AT":
            out |= {c for c, _, d in graph.in_edges(other, data=True) if d["type"] == "WORKS_AT"}
    out.discard(person)
    return out


def sole_strong_ties(holders: Holders, removed: set[str], strong: float) -> dict[str, int]:
    """staff -> how many people they would be the only strong tie to, once ``removed`` go."""
    load: dict[str, int] = {}
    for by_staff in holders.values():
        strong_ones = [s for s, v in by_staff.items() if v >= strong and s not in removed]
        if len(strong_ones) == 1:
            load[strong_ones[0]] = load.get(strong_ones[0], 0) + 1
    return load


def successors_for(
    graph: nx.MultiDiGraph,
    person: str,
    leavers: list[str],
    holders: Holders,
    load: dict[str, int],
    as_of: date,
    config: AnalysisConfig,
) -> list[Successor]:
    node = graph.nodes[person]
    org = node.get("organization_id")
    org_name = graph.nodes[org]["name"] if org in graph else None
    org_region = graph.nodes[org].get("region") if org in graph else None
    teams = {graph.nodes[s].get("team") for s in leavers} - {None}
    regions = {org_region} if org_region else {graph.nodes[s].get("region") for s in leavers}
    circle = circle_of(graph, person)
    history: dict[str, int] = {}
    for project, _, data in graph.in_edges(org, data=True) if org in graph else []:
        if data["type"] == "FOR_CLIENT":
            for staff, _, d in graph.in_edges(project, data=True):
                if d["type"] == "ASSIGNED_TO":
                    history[staff] = history.get(staff, 0) + 1
    out = []
    for cand, data in graph.nodes(data=True):
        if data["label"] != "Staff" or cand in leavers or not is_active(data, as_of):
            continue
        score, reasons = 0.0, []
        own = holders.get(person, {}).get(cand, 0.0)
        if own > 0:
            score += 3 * own
            reasons.append(f"already knows {node['name']} (tie {own:.2f})")
        near = sorted(((holders.get(c, {}).get(cand, 0.0), c) for c in circle), reverse=True)
        near = [(s, c) for s, c in near if s > 0]
        if near:
            score += 1.5 * near[0][0]
            reasons.append(
                f"knows {len(near)} of the people around {node['name']} (best: "
                f"{graph.nodes[near[0][1]]['name']}, {near[0][0]:.2f})"
            )
        if history.get(cand):
            n = history[cand]
            score += 0.3 * min(n, 3)
            reasons.append(f"worked on {n} project{'s' * (n > 1)} for {org_name}")
        if data.get("team") in teams:
            score += 0.5
            reasons.append(f"same team ({data['team']})")
        if data.get("region") in regions:
            score += 0.5
            reasons.append(f"same region ({data['region']})")
        if load.get(cand):
            score -= config.successor_load_penalty * min(load[cand], 10)
            n_sole = load[cand]
            reasons.append(
                f"already the only strong tie to {n_sole} {'person' if n_sole == 1 else 'people'}"
            )
        if score > 0 and reasons:
            out.append(
                Successor(staff_id=cand, name=data["name"], score=round(score, 6), reasons=reasons)
            )
    return sorted(out, key=lambda s: (-s.score, s.staff_id))[:3]


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
    out = []
    for risk in risks:
        if risk.severity != Severity.CRITICAL or not risk.successors:
            continue
        for staff in risk.held_by:
            leaves_on = graph.nodes[staff].get("leaves_on")
            if leaves_on is None or leaves_on <= as_of:
                continue
            dues = [b.due_on for b in risk.open_bids if b.due_on and b.due_on > as_of]
            deadline = min([leaves_on, *dues]) - timedelta(days=INTRO_LEAD_DAYS)
            best = risk.successors[0]
            out.append(
                Introduction(
                    by=max(deadline, as_of),
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
    graphs: HandoverGraphs, staff_ids: list[str], mode: Mode, as_of: date, config: AnalysisConfig
) -> HandoverReport:
    """The joint effect of removing ``staff_ids`` (``leave``) or moving them (``move``)."""
    graph = graphs.neighbourhood
    check_staff(graph, staff_ids, as_of)
    removed = set(staff_ids)
    factor = 0.0 if mode == Mode.LEAVE else config.move_factor
    holders, _ = holders_from([graph, *graphs.bids.values()], as_of, config)
    shares = open_bid_shares(graphs.bids, config)
    bid_node = {b: graphs.bids[b].nodes[b] for b in shares}
    load = sole_strong_ties(holders, removed, config.strong_tie)

    def after(by_staff: dict[str, float]) -> dict[str, float]:
        return {s: v * factor if s in removed else v for s, v in by_staff.items()}

    risks = []
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
                value=bid_node[b].get("value") or 0.0,
                due_on=bid_node[b].get("due_on"),
                share=shares[b][person],
                exposure=shares[b][person] * (bid_node[b].get("value") or 0.0),
            )
            for b in shares
            if shares[b].get(person, 0.0) > 0
        ]
        share = max((b.share for b in bids), default=0.0)
        severity = severity_of(orphaned, cov_before - cov_after, share, config)
        node = graph.nodes[person]
        org = node.get("organization_id")
        risks.append(
            RelationshipRisk(
                person_id=person,
                name=node["name"],
                title=node.get("title"),
                organization_id=org,
                organization_name=graph.nodes[org]["name"] if org in graph else None,
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
                successors=[]
                if severity == Severity.LOW
                else successors_for(graph, person, staff_ids, holders, load, as_of, config),
            )
        )
    risks.sort(key=lambda r: (SEVERITY_ORDER[r.severity], -r.exposure, -r.drop, r.person_id))
    accounts = _accounts(graph, risks, shares, bid_node, holders, removed, factor, config)
    bid_risks = [
        BidRisk(
            project_id=b,
            name=bid_node[b]["name"],
            value=bid_node[b].get("value") or 0.0,
            uncovered_share_before=_uncovered(shares[b], holders, set(), factor),
            uncovered_share_after=_uncovered(shares[b], holders, removed, factor),
        )
        for b in sorted(shares)
    ]
    bid_risks = [b for b in bid_risks if b.uncovered_share_after > b.uncovered_share_before + 1e-12]
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
        bids=bid_risks,
        unowned=unowned,
        introductions=intros,
        totals=Totals(
            relationships=len(risks),
            orphaned=sum(r.orphaned for r in risks),
            critical=count[Severity.CRITICAL],
            high=count[Severity.HIGH],
            medium=count[Severity.MEDIUM],
            low=count[Severity.LOW],
            orphaned_key_contacts=count[Severity.CRITICAL],
            pipeline_value_exposed=sum(r.exposure for r in risks if r.orphaned),
            unowned_seats=len(unowned),
        ),
    )


def _uncovered(
    shares: dict[str, float], holders: Holders, removed: set[str], factor: float
) -> float:
    return 1.0 - covered_share(shares, holders, removed, factor)


def _accounts(
    graph: nx.MultiDiGraph,
    risks: list[RelationshipRisk],
    shares: dict[str, dict[str, float]],
    bid_node: dict[str, dict],
    holders: Holders,
    removed: set[str],
    factor: float,
    config: AnalysisConfig,
) -> list[AccountRisk]:
    out = []
    for org in sorted({r.organization_id for r in risks if r.organization_id in graph}):
        bids = [b for b in shares if bid_node[b].get("client_id") == org]
        own = sorted(p for p, _, d in graph.in_edges(org, data=True) if d["type"] == "WORKS_AT")
        weights = value_weights([(bid_node[b].get("value") or 0.0, shares[b]) for b in bids], own)
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
