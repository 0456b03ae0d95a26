"""Who should take a relationship over: candidates connected to the person (their own tie,
their circle, project history) before the holders' teammates; points and reasons per candidate,
minus the load of relationships they would already hold alone."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from graphmap.analysis.accounts import (
    Holders,
)
from graphmap.analysis.availability import PassedOver, passed, unavailable_reason
from graphmap.analysis.handover.models import Successor
from graphmap.analysis.strength import ties
from graphmap.config import AnalysisConfig
from graphmap.i18n import EN, Message, message


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
    return {
        p: {s: t.strength for s, t in by.items()}
        for p, by in ties(graph, as_of, config, active_only=False).items()
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


Near = dict[str, tuple[int, float, str]]  # staff -> (circle members tied, best strength, best)


def near_index(at: Setting, holders: Holders) -> Near:
    """For every staff member with a tie above 0 into the contact's circle: how many circle
    members they are tied to and their strongest such tie (ties broken by the larger id, as
    a descending sort of (strength, id) would). One pass over the circle's ties, not one pass
    over the circle per candidate."""
    out: Near = {}
    for member in at.circle:
        for staff, strength in holders.get(member, {}).items():
            if strength <= 0:
                continue
            count, best, best_member = out.get(staff, (0, 0.0, ""))
            if count == 0 or (strength, member) > (best, best_member):
                best, best_member = strength, member
            out[staff] = (count + 1, best, best_member)
    return out


def connection(
    graph: nx.MultiDiGraph, cand: str, at: Setting, holders: Holders, near: Near
) -> tuple[float, list[Message]]:
    """Points and reasons for a candidate's own connection to the contact: their tie to the
    person, their best tie into the circle (``near``), their projects for the organization."""
    score, reasons = 0.0, []
    own = holders.get(at.person, {}).get(cand, 0.0)
    if own > 0:
        score += 3 * own
        reasons.append(message("succ_knows", name=at.name, strength=strength_text(own)))
    if cand in near:
        count, best, best_member = near[cand]
        score += 1.5 * best
        reasons.append(
            message(
                "succ_circle",
                n=count,
                name=at.name,
                best=graph.nodes[best_member]["name"],
                strength=strength_text(best),
            )
        )
    n = at.history.get(cand, 0)
    if n:
        score += 0.3 * min(n, 3)
        key = "succ_projects_one" if n == 1 else "succ_projects_many"
        reasons.append(message(key, n=n, org=at.org_name))
    return score, reasons


def bonuses(
    staff: Mapping[str, Any], at: Setting, load: int, config: AnalysisConfig
) -> tuple[float, list[Message]]:
    """Team and region of the holders, minus the load of being someone's only strong tie."""
    score, reasons = 0.0, []
    if staff.get("team") in at.teams:
        score += 0.5
        reasons.append(message("succ_team", team=staff["team"]))
    if staff.get("region") in at.regions:
        score += 0.5
        reasons.append(message("succ_region", region=staff["region"]))
    if load:
        score -= config.successor_load_penalty * min(load, 10)
        key = "succ_load_one" if load == 1 else "succ_load_many"
        reasons.append(message(key, n=load))
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
    connected: list[tuple[float, str, list[Message]]] = []
    teammates: list[tuple[float, str, list[Message]]] = []
    skipped = []
    near = near_index(at, known)
    for cand, data in graph.nodes(data=True):
        if data["label"] != "Staff" or cand in leavers:
            continue
        points, reasons = connection(graph, cand, at, known, near)
        why_not = unavailable_reason(data, as_of, None)
        if why_not is not None:
            if reasons:
                skipped.append(passed(cand, data["name"], why_not))
            continue
        if not reasons and data.get("team") not in at.teams:
            continue  # neither connected nor a holder's teammate: never chosen
        extra, more = bonuses(data, at, load.get(cand, 0), config)
        score = round(points + extra, 6)
        if score <= 0:
            continue
        (connected if reasons else teammates).append((score, cand, reasons + more))
    chosen = sorted(connected or teammates, key=lambda c: (-c[0], c[1]))[:3]
    return [
        Successor(
            staff_id=cand,
            name=graph.nodes[cand]["name"],
            score=score,
            reasons=[EN.say(r) for r in why],
            keyed_reasons=why,
        )
        for score, cand, why in chosen
    ], skipped
