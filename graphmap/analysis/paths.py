"""Warm paths: the strongest chain of relationships from someone in the firm to a person.

A path's strength is the product of its ties' strengths, so the warmest path is a shortest path
on ``-log(strength)`` (Dijkstra). Ties that count:

- an active staff member's relationship with a person (tie strength, ``strength.py``);
- ``INFLUENCES`` between two people, either way, at its weight (they know each other);
- ``REPORTS_TO`` either way, at ``reports_to_strength``;
- working at the same organization, at ``same_organization_strength``.

Staff only start paths: a path never runs through a second staff member. A path is an
introduction to come, so it starts only at someone who will be here for it: staff who are
leaving, however late, start no path (``availability.py``), and staff who have left hold no ties.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from datetime import date

import networkx as nx
from pydantic import BaseModel, Field

from graphmap.analysis.availability import active_through
from graphmap.analysis.strength import Tie, ties
from graphmap.config import AnalysisConfig


class WarmPath(BaseModel):
    """Staff member first, target last; ``strength`` is the product of the ties on the way."""

    nodes: list[str] = Field(description="Ids along the path, in order.")
    strength: float = Field(description="Product of the tie strengths along the path.")


def _cost(strength: float) -> float:
    return -math.log(strength)


def reach_graph(
    graph: nx.MultiDiGraph, person_ties: dict[str, dict[str, Tie]], config: AnalysisConfig
) -> nx.DiGraph:
    """The directed graph warm paths run on; edge attribute ``cost`` = -log(strength)."""
    reach = nx.DiGraph()

    def link(u: Hashable, v: Hashable, strength: float) -> None:
        if strength <= 0:
            return
        cost = _cost(min(strength, 1.0))
        if not reach.has_edge(u, v) or reach[u][v]["cost"] > cost:
            reach.add_edge(u, v, cost=cost)

    for person, by_staff in person_ties.items():
        for staff_id, tie in by_staff.items():
            link(staff_id, person, tie.strength)
    for u, v, data in graph.edges(data=True):
        if data["type"] == "INFLUENCES":
            link(u, v, data["weight"])
            link(v, u, data["weight"])
        elif data["type"] == "REPORTS_TO":
            link(u, v, config.reports_to_strength)
            link(v, u, config.reports_to_strength)
        elif data["type"] == "WORKS_AT" and graph.nodes[u]["label"] == "Person":
            # colleagues meet through a hub node, half the cost each way: product = strength
            hub = ("org", v)  # a tuple, so it can never equal a node id
            half = config.same_organization_strength**0.5
            link(u, hub, half)
            link(hub, u, half)
    return reach


def available_starts(
    graph: nx.MultiDiGraph, person_ties: dict[str, dict[str, Tie]], as_of: date
) -> set[str]:
    """Staff who hold a tie and will be here to make an introduction (not leaving)."""
    holders = {s for by_staff in person_ties.values() for s in by_staff}
    return {s for s in holders if active_through(graph.nodes[s], as_of, None)}


def paths_to(
    graph: nx.MultiDiGraph, target: str, as_of: date, config: AnalysisConfig, limit: int = 5
) -> list[WarmPath]:
    """The warmest path from each of the ``limit`` best-placed staff members to ``target``."""
    person_ties = ties(graph, as_of, config)
    staff = available_starts(graph, person_ties, as_of)
    reach = reach_graph(graph, person_ties, config)
    if target not in reach:
        return []
    cost, route = nx.single_source_dijkstra(reach.reverse(copy=False), target, weight="cost")
    best = sorted((s for s in staff if s in cost), key=lambda s: (cost[s], s))[:limit]
    return [
        WarmPath(
            nodes=[n for n in reversed(route[s]) if not isinstance(n, tuple)],
            strength=math.exp(-cost[s]),
        )
        for s in best
    ]


def warm_paths(
    graph: nx.MultiDiGraph,
    targets: list[str],
    as_of: date,
    config: AnalysisConfig,
    person_ties: dict[str, dict[str, Tie]] | None = None,
) -> dict[str, WarmPath]:
    """The warmest path to each target from any staff member who is not leaving."""
    person_ties = ties(graph, as_of, config) if person_ties is None else person_ties
    reach = reach_graph(graph, person_ties, config)
    sources = available_starts(graph, person_ties, as_of) & set(reach)
    if not sources:
        return {}
    cost, route = nx.multi_source_dijkstra(reach, sources, weight="cost")
    out = {}
    for target in targets:
        if target in route:
            nodes = [n for n in route[target] if not isinstance(n, tuple)]
            out[target] = WarmPath(nodes=nodes, strength=math.exp(-cost[target]))
    return out
