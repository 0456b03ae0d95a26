"""Analysis latency at each scale, and the whole-graph analysis a naive tool would run instead."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from datetime import date

import networkx as nx

from bench.measure import Timing, in_turn, seconds, timed
from graphmap.analysis.handover import Mode
from graphmap.config import AnalysisConfig
from graphmap.kept import KEPT
from graphmap.model import Bundle
from graphmap.service import handover_report, influence_report
from graphmap.store.base import GraphStore
from graphmap.store.graph import graph_from_bundle

CONFIG = AnalysisConfig()

# Calls made before timing, the same on each store: a server that has answered for a while has
# its caches filled and, on Neo4j, its JVM's query runtime compiled. Measured on the demo after
# a Neo4j start: influence p50 about 90 ms over the first 15 calls, 24 ms over the first 100,
# 16 ms over calls 100-500, 13.5-14 ms from about 800 on (docs/benchmarks.md).
INFLUENCE_WARMUP = 1000  # python -m bench --warmup
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


def influence_latencies(
    stores: list[GraphStore], bids: list[str], as_of: date, runs: int, warmup: int
) -> list[Timing]:
    """Influence p50/p95 on each store, timed in turn on the same bid (``in_turn``) after the
    same untimed calls on each."""

    def asking(store: GraphStore) -> Callable[[int], object]:
        return lambda run: influence_report(store, bids[run % len(bids)], as_of, CONFIG)

    return in_turn([asking(store) for store in stores], runs, warmup)


def handover_latency(store: GraphStore, staff: list[str], as_of: date, runs: int) -> Timing:
    """Cold: each check starts with nothing kept (what a fresh process, or the first check
    after a bulk import, meets): every bid's decision network is read and analysed."""
    cycle = itertools.cycle(staff)

    def cold() -> None:
        KEPT.clear()
        handover_report(store, [next(cycle)], Mode.LEAVE, as_of, CONFIG)

    return timed(cold, runs, HANDOVER_WARMUP)


def warm_handover_latency(store: GraphStore, staff: list[str], as_of: date, runs: int) -> Timing:
    """Warm: what a serving process answers once its warm thread has kept every open bid's
    facts (here: each leaver checked once, untimed, first); each timed check still reads its
    leavers' neighbourhood and the successors' load, and runs the analysis."""
    cycle = itertools.cycle(staff)

    def warm() -> None:
        handover_report(store, [next(cycle)], Mode.LEAVE, as_of, CONFIG)

    return timed(warm, runs, max(HANDOVER_WARMUP, len(staff)))


def whole_graph_baseline(bundle: Bundle) -> dict[str, float]:
    """Seconds for the whole-graph centralities a naive tool would compute per question."""
    graph = nx.DiGraph(graph_from_bundle(bundle))
    return {
        "pagerank_s": seconds(lambda: nx.pagerank(graph)),
        "betweenness_k50_s": seconds(lambda: nx.betweenness_centrality(graph, k=50, seed=1)),
    }
