"""The product's questions, answered end to end: extract from a store, analyse, return models.

The CLI and the API both call these, so ``graphmap influence X --json`` and
``GET /projects/X/influence`` give the same answer from the same code.
"""

from __future__ import annotations

import threading
from datetime import date

import networkx as nx
from pydantic import BaseModel, Field

from graphmap.analysis.accounts import AccountCoverage, account_coverage
from graphmap.analysis.availability import PassedOver, passed_over
from graphmap.analysis.handover import HandoverReport, Mode, handover
from graphmap.analysis.influence import InfluenceReport, TieView, bid_influence, tie_views
from graphmap.analysis.paths import WarmPath, paths_to
from graphmap.analysis.strength import Tie, coverage, ties
from graphmap.bids import handover_facts
from graphmap.cache import ResultCache
from graphmap.config import AnalysisConfig
from graphmap.store.base import GraphStore
from graphmap.store.records import bulk
from graphmap.store.subgraph import (
    account_networks,
    decision_network,
    handover_network,
    person_network,
)

HANDOVERS_KEPT = 256  # handover checks kept per process: every leaver a team looks at, and more


def influence_report(
    store: GraphStore, project_id: str, as_of: date, config: AnalysisConfig
) -> InfluenceReport:
    """Extract a bid's decision network and analyse it."""
    return influence_and_network(store, project_id, as_of, config)[1]


def influence_and_network(
    store: GraphStore, project_id: str, as_of: date, config: AnalysisConfig
) -> tuple[nx.MultiDiGraph, InfluenceReport]:
    """The bid's decision network and its influence report: what the bid view draws."""
    graph = decision_network(store, project_id, config.max_hops)
    return graph, bid_influence(graph, project_id, as_of, config)


class PathsReport(BaseModel):
    """Who in the firm knows a person, and the warmest introduction chains to them."""

    person_id: str = Field(description="Id of the client-side person.")
    name: str = Field(description="The person's name.")
    organization_id: str | None = Field(description="Id of the organization.")
    as_of: date = Field(description="The date the analysis was run for.")
    coverage: float = Field(description="How strongly our active staff reach the person, 0..1.")
    ties: list[TieView] = Field(
        description="Direct relationships of active staff, strongest first."
    )
    warm_paths: list[WarmPath] = Field(
        description="Best path from each of the best-placed staff members."
    )
    passed_over: list[PassedOver] = Field(
        description="Staff with ties nearby who are leaving: no path starts there."
    )


def person_paths(
    store: GraphStore,
    person_id: str,
    as_of: date,
    config: AnalysisConfig,
    hops: int = 2,
    limit: int = 5,
) -> PathsReport:
    """Extract a person's neighbourhood and find the warm paths into them."""
    graph = person_network(store, person_id, hops)
    person_ties = ties(graph, as_of, config)
    direct = person_ties.get(person_id, {})
    holders = {s for by_staff in person_ties.values() for s in by_staff}
    node = graph.nodes[person_id]
    return PathsReport(
        person_id=person_id,
        name=node["name"],
        organization_id=node.get("organization_id"),
        as_of=as_of,
        coverage=coverage(t.strength for t in direct.values()),
        ties=tie_views(graph, direct),
        warm_paths=paths_to(graph, person_id, as_of, config, limit),
        passed_over=passed_over(graph, holders, as_of),
    )


def handover_report(
    store: GraphStore, staff_ids: list[str], mode: Mode, as_of: date, config: AnalysisConfig
) -> HandoverReport:
    """Extract what the leavers' relationships touch and run the handover check (tens of
    thousands of graph objects, built and dropped: the cyclic collector waits until the end)."""
    with bulk():
        graphs = handover_network(store, list(dict.fromkeys(staff_ids)), as_of, config)
        facts = handover_facts(store, graphs.bids, as_of, config)
        return handover(graphs, facts, staff_ids, mode, as_of, config)


# Handover answers the server gives, kept apart from the whole-portfolio answers: a burst of
# different checks must not push those out.
HANDOVERS = ResultCache(size=HANDOVERS_KEPT)
_ASKING = [threading.Lock() for _ in range(64)]  # one question at a time per stripe


def kept_handover_report(
    store: GraphStore, staff_ids: list[str], mode: Mode, as_of: date, config: AnalysisConfig
) -> HandoverReport:
    """``handover_report``, kept until the store's data changes: the same check on the same
    data version is the same answer. Callers asking the same check at once wait for the first
    one's answer instead of all working it out (16 clients asking for one leaver would
    otherwise run it 16 times side by side)."""
    args = (tuple(staff_ids), str(mode), as_of, config.model_dump_json())
    with _ASKING[hash(args) % len(_ASKING)]:
        return HANDOVERS.answer(
            store, "handover", args, lambda: handover_report(store, staff_ids, mode, as_of, config)
        )


def account_report(
    store: GraphStore, org_id: str, as_of: date, config: AnalysisConfig
) -> AccountCoverage:
    """Extract an account's people and open bids and measure its coverage."""
    org_graph, bid_graphs = account_networks(store, org_id, config.max_hops)
    return account_coverage(org_graph, bid_graphs, org_id, as_of, config)


def account_and_network(
    store: GraphStore, org_id: str, as_of: date, config: AnalysisConfig
) -> tuple[nx.MultiDiGraph, AccountCoverage, dict[str, dict[str, Tie]]]:
    """The account's organization network, its coverage and the ties into its people: what
    the account view draws."""
    org_graph, bid_graphs = account_networks(store, org_id, config.max_hops)
    report = account_coverage(org_graph, bid_graphs, org_id, as_of, config)
    return org_graph, report, ties(org_graph, as_of, config)
