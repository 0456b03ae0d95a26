"""Analysis latency at each scale, and the whole-graph analysis a naive tool would run instead."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date

import networkx as nx

from bench.measure import Timing, seconds, timed
from graphmap.analysis.handover import Mode
from graphmap.config import AnalysisConfig
from graphmap.model import Bundle
from graphmap.service import handover_report, influence_report
from graphmap.store.base import GraphStore
from graphmap.store.graph import graph_from_bundle

CONFIG = AnalysisConfig()

# Calls made before timing, the same on each store: a server that has answered for a while has
# its caches filled and, on Neo4j, its JVM's query runtime compiled. Measured: the first 15
# influence calls after a Neo4j start take about 90 ms on the demo, about 18 ms after 100 calls.
INFLUENCE_WARMUP = 100
HANDOVER_WARMUP = 10


def bids_near(bundle: Bundle, seats: int = 12, count: int = 10) -> list[tuple[str, int]]:
    """The ``count`` bids whose decision unit is closest to ``seats`` seats (ties by id)."""
    sizes = Counter(s.project_id for s in bundle.decision_roles)
    return sorted(sizes.items(), key=lambda kv: (abs(kv[1] - seats), kv[0]))[:count]


def typical_staff(bundle: Bundle, as_of: date, count: int = 10) -> list[str]:
    """Active staff with relationships, by id: the handover checks to time."""
    holders = {k.staff_id for k in bundle.knows}
    active = [
        s.id
        for s in bundle.staff
        if s.status != "left" and (s.leaves_on is None or s.leaves_on > as_of)
    ]
    return sorted(s for s in active if s in holders)[:count]


def influence_latency(store: GraphStore, bids: list[str], as_of: date, runs: int) -> Timing:
    cycle = itertools.cycle(bids)
    return timed(
        lambda: influence_report(store, next(cycle), as_of, CONFIG), runs, INFLUENCE_WARMUP
    )


def handover_latency(store: GraphStore, staff: list[str], as_of: date, runs: int) -> Timing:
    cycle = itertools.cycle(staff)
    return timed(
        lambda: handover_report(store, [next(cycle)], Mode.LEAVE, as_of, CONFIG),
        runs,
        HANDOVER_WARMUP,
    )


def whole_graph_baseline(bundle: Bundle) -> dict[str, float]:
    """Seconds for the whole-graph centralities a naive tool would compute per question."""
    graph = nx.DiGraph(graph_from_bundle(bundle))
    return {
        "pagerank_s": seconds(lambda: nx.pagerank(graph)),
        "betweenness_k50_s": seconds(lambda: nx.betweenness_centrality(graph, k=50, seed=1)),
    }
