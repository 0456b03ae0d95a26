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

Successors (up to three for every relationship above low) are active staff, preferably
connected to the person (a tie above 0 to them or their circle, or a project for their
organization); the holders' teammates only when no connected candidate is available. Points:
3 × their own tie to the person; 1.5 × their strongest tie to the person's circle (colleagues,
manager, reports, influencers); 0.3 per project they worked for the person's organization (up to
3); 0.5 for the team of a holder; 0.5 for the account's region (else a holder's); minus
``successor_load_penalty`` per person for whom they would be the only strong tie already (up to
10). Connected staff who are leaving or have left are reported as passed over.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

import networkx as nx
from pydantic import BaseModel, Field

from graphmap.analysis.accounts import (
    ACCOUNT_KIND,
    Holders,
    bid_value,
    bus_factor,
    covered_share,
    holders_from,
    open_bid_shares,
    value_weights,
)
from graphmap.analysis.availability import PassedOver, active_through, unavailable_reason
from graphmap.analysis.people import PersonHeader, person_header
from graphmap.analysis.strength import coverage, is_active, ties
from graphmap.config import AnalysisConfig
from graphmap.errors import InvalidInput
from graphmap.graph import HandoverGraphs
from graphmap.model import OWNER_ROLES, StaffStatus, Stage

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
    project_id: str = Field(description="Id of the bid (project).")
    name: str = Field(description="Bid name.")
    stage: Stage = Field(description="The bid's stage.")
    value: float = Field(description="Contract value of the bid (the deployment's currency).")
    due_on: date | None = Field(description="When the bid is due (ISO date).")
    share: float = Field(description="The person's decision share in this bid, 0..1.")
    exposure: float = Field(description="share · value.")


class Successor(BaseModel):
    staff_id: str = Field(description="Id of the staff member.")
    name: str = Field(description="Staff member's name.")
    score: float = Field(description="Successor score: higher is a better fit (reasons say why).")
    reasons: list[str] = Field(description="Why, in words.")


class RelationshipRisk(PersonHeader):
    held_by: list[str] = Field(description="Which of the departing staff hold this tie.")
    tie_strength: float = Field(description="Their strongest tie to the person.")
    coverage_before: float = Field(description="Coverage of the person before the change, 0..1.")
    coverage_after: float = Field(
        description="Coverage after the leavers' ties are removed or weakened."
    )
    drop: float = Field(description="coverage_before − coverage_after.")
    orphaned: bool = Field(description="True when the person loses their last strong tie.")
    share: float = Field(description="Largest decision share in an open bid.")
    exposure: float = Field(description="Σ share · value over the open bids the person sits in.")
    severity: Severity = Field(description="critical, high, medium or low (docs/analysis.md).")
    open_bids: list[BidExposure] = Field(description="The open bids this person holds a share of.")
    successors: list[Successor] = Field(
        description="Up to three staff who should take the relationship over."
    )


class AccountRisk(BaseModel):
    organization_id: str = Field(description="Id of the organization.")
    name: str = Field(description="Account name.")
    covered_share_before: float = Field(
        description="Covered decision share of the account's open bids before."
    )
    covered_share_after: float = Field(description="Covered decision share after the change.")
    bus_factor: int = Field(
        description=(
            "Fewest staff whose departure drops the covered share below the "
            "threshold; before the change."
        )
    )
    bus_factor_exact: bool = Field(
        description=("True when the bus factor was searched exhaustively; false: a greedy bound.")
    )


class BidRisk(BaseModel):
    project_id: str = Field(description="Id of the bid (project).")
    name: str = Field(description="Bid name.")
    value: float = Field(description="Contract value of the bid (the deployment's currency).")
    uncovered_share_before: float = Field(description="Uncovered decision share of the bid before.")
    uncovered_share_after: float = Field(description="Uncovered decision share after the change.")
    impact: float = Field(description="value × rise in uncovered share.")


class UnownedSeat(BaseModel):
    project_id: str = Field(description="Id of the bid (project).")
    name: str = Field(description="Bid name.")
    stage: Stage = Field(description="The bid's stage.")
    role: str = Field(description="The owner role the leaver held (bid lead, account manager).")
    staff_id: str = Field(description="The leaver who held it.")


class Introduction(BaseModel):
    by: date = Field(description="Introduce before this date (the leaver's last day).")
    staff_id: str = Field(description="The leaver who makes the introduction.")
    staff_name: str = Field(description="The leaver's name.")
    successor_id: str = Field(description="The staff member to introduce.")
    successor_name: str = Field(description="The successor's name.")
    person_id: str = Field(description="The client-side person to introduce them to.")
    person_name: str = Field(description="The person's name.")
    exposure: float = Field(description="Pipeline value that rests on this relationship.")


class Totals(BaseModel):
    relationships: int = Field(description="Relationships the leavers hold.")
    orphaned: int = Field(description="Relationships that lose their last strong tie.")
    critical: int = Field(
        description=("Orphaned relationships to someone holding a critical share of an open bid.")
    )
    high: int = Field(description="Relationships at high severity.")
    medium: int = Field(description="Relationships at medium severity.")
    low: int = Field(description="Relationships at low severity.")
    pipeline_value_exposed: float = Field(description="Σ exposure of orphaned relationships.")
    unowned_seats: int = Field(
        description="Bid-lead and account-manager seats left without an owner."
    )


class HandoverReport(BaseModel):
    staff_ids: list[str] = Field(description="The staff members leaving or moving.")
    staff_names: list[str] = Field(description="Their names.")
    mode: Mode = Field(description="leave (ties end) or move (ties weaken by move_factor).")
    as_of: date = Field(description="The date the analysis was run for.")
    relationships: list[RelationshipRisk] = Field(
        description="Every relationship the leavers hold, most severe first."
    )
    accounts: list[AccountRisk] = Field(description="Client accounts whose coverage changes.")
    bids: list[BidRisk] = Field(description="Open bids whose uncovered share rises.")
    unowned: list[UnownedSeat] = Field(description="Owner seats to reassign.")
    introductions: list[Introduction] = Field(
        description="Introductions to make before the leavers go."
    )
    passed_over: list[PassedOver] = Field(
        description="Connected staff who cannot take over: leaving or left."
    )
    totals: Totals = Field(description="Counts and the pipeline exposed.")


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
    """Colleagues, manager, reports and influence ties of a person; an influence of weight 0
    is no tie, so it brings no one into the circle."""
    out = set()
    for u, v, data in [*graph.in_edges(person, data=True), *graph.out_edges(person, data=True)]:
        other = v if u == person else u
        if data["type"] == "REPORTS_TO" or (
            data["type"] == "INFLUENCES" and data.get("weight", 0) > 0
        ):
            out.add(other)
        elif data["type"] == "WORKS_AT":
            out |= {c for c, _, d in graph.in_edges(other, data=True) if d["type"] == "WORKS_AT"}
    out.discard(person)
    return out


def ties_of_everyone(graph: nx.MultiDiGraph, as_of: date, config: AnalysisConfig) -> Holders:
    """Ties as of the date whoever holds them, staff who have left included, so the report can
    name the connected staff it passes over; for active staff these equal their real ties."""
    everyone = graph.copy()
    for _, data in everyone.nodes(data=True):
        if data["label"] == "Staff":
            data["status"] = StaffStatus.ACTIVE
    return {
        p: {s: t.strength for s, t in by.items()} for p, by in ties(everyone, as_of, config).items()
    }


def strength_text(value: float) -> str:
    """A tie strength in two decimals; a real but tiny tie never reads as 0.00."""
    return f"{value:.2f}" if value >= 0.005 else "<0.01"


def project_history(graph: nx.MultiDiGraph, org: str | None) -> dict[str, int]:
    """staff -> how many projects for ``org`` they were assigned to."""
    out: dict[str, int] = {}
    for project, _, data in graph.in_edges(org, data=True) if org in graph else []:
        if data["type"] == "FOR_CLIENT":
            for staff, _, d in graph.in_edges(project, data=True):
                if d["type"] == "ASSIGNED_TO":
                    out[staff] = out.get(staff, 0) + 1
    return out


@dataclass(frozen=True)
class Setting:
    """What a candidate's connection to one contact is judged against."""

    person: str
    name: str
    org_name: str | None
    circle: list[str]
    history: dict[str, int]
    teams: set[str]  # teams of the staff who hold the relationship
    regions: set[str]  # the account's region, else the holders' regions


def setting_of(graph: nx.MultiDiGraph, person: str, held_by: list[str]) -> Setting:
    """The contact, their circle and project history, and the team and region bonuses, which
    come from the staff who hold the relationship; a missing team or region matches nothing."""
    org = graph.nodes[person].get("organization_id")
    org_node = graph.nodes[org] if org in graph else {}
    holding = [graph.nodes[s] for s in held_by]
    regions = {org_node["region"]} if org_node.get("region") else {h.get("region") for h in holding}
    return Setting(
        person=person,
        name=graph.nodes[person]["name"],
        org_name=org_node.get("name"),
        circle=sorted(circle_of(graph, person)),
        history=project_history(graph, org),
        teams={h.get("team") for h in holding} - {None},
        regions=regions - {None},
    )


def connection(
    graph: nx.MultiDiGraph, cand: str, at: Setting, holders: Holders
) -> tuple[float, list[str]]:
    """Points and reasons for a candidate's own connection to the contact: their tie to the
    person, their best tie into the circle, their projects for the organization."""
    score, reasons = 0.0, []
    own = holders.get(at.person, {}).get(cand, 0.0)
    if own > 0:
        score += 3 * own
        reasons.append(f"already knows {at.name} (tie {strength_text(own)})")
    near = sorted(((holders.get(c, {}).get(cand, 0.0), c) for c in at.circle), reverse=True)
    near = [(s, c) for s, c in near if s > 0]
    if near:
        score += 1.5 * near[0][0]
        reasons.append(
            f"knows {len(near)} of the people around {at.name} (best: "
            f"{graph.nodes[near[0][1]]['name']}, {strength_text(near[0][0])})"
        )
    n = at.history.get(cand, 0)
    if n:
        score += 0.3 * min(n, 3)
        reasons.append(f"worked on {n} project{'s' * (n > 1)} for {at.org_name}")
    return score, reasons


def bonuses(
    staff: Mapping[str, Any], at: Setting, load: int, config: AnalysisConfig
) -> tuple[float, list[str]]:
    """Team and region of the holders, minus the load of being someone's only strong tie."""
    score, reasons = 0.0, []
    if staff.get("team") in at.teams:
        score += 0.5
        reasons.append(f"same team ({staff['team']})")
    if staff.get("region") in at.regions:
        score += 0.5
        reasons.append(f"same region ({staff['region']})")
    if load:
        score -= config.successor_load_penalty * min(load, 10)
        reasons.append(
            f"already the only strong tie to {load} {'person' if load == 1 else 'people'}"
        )
    return score, reasons


def successors_for(
    graph: nx.MultiDiGraph,
    at: Setting,
    leavers: set[str],
    known: Holders,
    load: dict[str, int],
    as_of: date,
    config: AnalysisConfig,
) -> tuple[list[Successor], list[PassedOver]]:
    """Up to three successors for one relationship, and the connected staff passed over.

    A successor takes the relationship over for good, so must be active with no leaving date.
    Candidates connected to the contact (a real tie to the person or the circle, or a project
    for the organization) are preferred; only when none of them is available with a positive
    score do the holders' available teammates stand in."""
    connected, teammates, passed = [], [], []
    for cand, data in graph.nodes(data=True):
        if data["label"] != "Staff" or cand in leavers:
            continue
        points, reasons = connection(graph, cand, at, known)
        why_not = unavailable_reason(data, as_of, None)
        if why_not is not None:
            if reasons:
                passed.append(PassedOver(staff_id=cand, name=data["name"], reason=why_not))
            continue
        extra, more = bonuses(data, at, load.get(cand, 0), config)
        found = Successor(
            staff_id=cand, name=data["name"], score=round(points + extra, 6), reasons=reasons + more
        )
        if found.score <= 0:
            continue
        if reasons:
            connected.append(found)
        elif data.get("team") in at.teams:
            teammates.append(found)
    chosen = connected or teammates
    return sorted(chosen, key=lambda s: (-s.score, s.staff_id))[:3], passed


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
    graphs: HandoverGraphs, staff_ids: list[str], mode: Mode, as_of: date, config: AnalysisConfig
) -> HandoverReport:
    """The joint effect of removing ``staff_ids`` (``leave``) or moving them (``move``)."""
    graph = graphs.neighbourhood
    check_staff(graph, staff_ids, as_of)
    removed = set(staff_ids)
    factor = 0.0 if mode == Mode.LEAVE else config.move_factor
    holders, _ = holders_from([graph, *graphs.bids.values()], as_of, config)
    known = ties_of_everyone(graph, as_of, config)
    shares = open_bid_shares(graphs.bids, config)
    bid_node = {b: g.nodes[b] for b, g in graphs.bids.items()}
    load = graphs.load

    def after(by_staff: dict[str, float]) -> dict[str, float]:
        return {s: v * factor if s in removed else v for s, v in by_staff.items()}

    risks: list[RelationshipRisk] = []
    passed: dict[str, PassedOver] = {}
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
            passed |= {p.staff_id: p for p in missed}
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
        passed_over=[passed[s] for s in sorted(passed)],
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
    bid_node: dict[str, dict[str, Any]],
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
    bid_node: dict[str, dict[str, Any]],
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
