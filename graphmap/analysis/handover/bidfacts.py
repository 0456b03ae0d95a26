"""What a handover check needs of each open bid it touches, taken from the bid's decision
network once: the bid's fields, its decision shares and the ties active staff hold into its
people. These are a few numbers per person where the network is thousands of graph objects,
so they can be kept across checks and writes (``graphmap.bids.handover_facts``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from graphmap.analysis.influence import decision_shares
from graphmap.analysis.strength import ties
from graphmap.config import AnalysisConfig
from graphmap.errors import InvalidInput


@dataclass(frozen=True)
class BidFacts:
    """One open bid as a handover check reads it. ``shares`` is None when the bid has no
    usable seats (no decision to share); ``holders`` is person -> (active staff, tie
    strength) pairs as of the date, in the order ``strength.ties`` lists them (pairs, not a
    dict per person: a third of the memory, and most people have one holder)."""

    node: Mapping[str, Any]
    shares: Mapping[str, float] | None
    holders: Mapping[str, tuple[tuple[str, float], ...]]


def bid_facts(
    graph: nx.MultiDiGraph, project_id: str, as_of: date, config: AnalysisConfig
) -> BidFacts:
    """The facts of one bid from its decision network (``subgraph.decision_networks``)."""
    try:
        shares: Mapping[str, float] | None = decision_shares(graph, project_id, config).share
    except InvalidInput:
        shares = None
    holders = {
        person: tuple((staff, tie.strength) for staff, tie in by_staff.items())
        for person, by_staff in ties(graph, as_of, config).items()
    }
    return BidFacts(dict(graph.nodes[project_id]), shares, holders)
