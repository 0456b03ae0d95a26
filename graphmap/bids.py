"""Every open bid analysed for the portfolio, kept across writes (``graphmap.kept``): after a
write only the bids it reached are analysed again.

The pipeline and the alerts read every open bid's decision network and influence report: on a
firm of a million relationships that is thousands of bids and about a minute, while a week's
writes each touch a few people. Each open bid's outcome (its pipeline row and its alerts) is
kept with every node it was read from: its decision network, its client, its bid lead, and the
organizations its people moved to.

A handover check reads 50 to 90 bids' decision networks at 1M relationships; what it needs of
each (``BidFacts``: shares and ties, a few numbers per person) is kept the same way, per bid
as checks ask for them, so that checks of different leavers share the bids they touch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from graphmap.analysis.alerts import (
    Alert,
    CoolingTie,
    cooling_ties,
    left_account,
    no_one_mapped,
    single_thread,
)
from graphmap.analysis.handover.bidfacts import BidFacts, bid_facts
from graphmap.analysis.influence import bid_influence
from graphmap.analysis.portfolio import BidState, PipelineRow, pipeline_row
from graphmap.config import AnalysisConfig
from graphmap.errors import InvalidInput
from graphmap.kept import KEPT, Piece
from graphmap.model import OPEN_STAGES, AssignmentRole, Project
from graphmap.store.base import GraphStore, every
from graphmap.store.subgraph import decision_anchors, decision_networks

CHUNK = 200  # bids extracted and analysed together (a network is ~0.5 MB at 1M relationships)


def projects(store: GraphStore, stages: Iterable[str] | None, client: str | None) -> list[Project]:
    """Projects in these stages (None: all) and of this client, ordered by id."""
    base = {"client_id": client} if client else {}
    wanted: list[str | None] = [*sorted(stages)] if stages is not None else [None]
    found = [p for s in wanted for p in every(store, Project, base | ({"stage": s} if s else {}))]
    return sorted(found, key=lambda p: p.id)


def analysed_bids(
    store: GraphStore, chosen: list[Project], as_of: date, config: AnalysisConfig
) -> list[BidState]:
    """The bids, each with its lead and client; open ones with their analysed network."""
    ids = [p.id for p in chosen]
    leads = {  # a bid with several bid leads shows the first by id
        e.dst: e.src
        for e in sorted(store.edges(ids, ["ASSIGNED_TO"], "in"), key=lambda e: e.src, reverse=True)
        if e.props.get("role") == AssignmentRole.BID_LEAD
    }
    names = {
        f["id"]: f["name"]
        for _, f in store.nodes({*leads.values(), *(p.client_id for p in chosen)})
    }
    quick = config.with_overrides(explain_paths=0)  # rows never show explanations: skip them
    graphs = decision_networks(
        store, [p.id for p in chosen if p.stage in OPEN_STAGES], config.max_hops
    )
    out = []
    for p in chosen:
        lead = leads.get(p.id)
        bid = BidState(p, names.get(p.client_id, p.client_id), lead, names.get(lead))
        if bid.open:
            bid.graph = graphs[p.id]
            if bid.seats:
                try:
                    bid.report = bid_influence(bid.graph, p.id, as_of, quick)
                except InvalidInput as exc:
                    bid.problem = exc.message
        out.append(bid)
    return out


@dataclass(frozen=True)
class BidOutcome:
    """What the portfolio says of one open bid, and what it was read from: the fields of
    ``members``, the relationships around ``anchors``."""

    members: frozenset[str]
    anchors: frozenset[str]
    row: PipelineRow
    cooling: tuple[CoolingTie, ...]  # merged across bids: one alert per tie (``going_cold``)
    alerts: tuple[Alert, ...]  # left the account, no one mapped, single thread


def outcomes_of(
    store: GraphStore, chosen: list[Project], as_of: date, config: AnalysisConfig, within: int
) -> dict[str, BidOutcome]:
    """Each open bid's outcome, analysed now."""
    bids = analysed_bids(store, chosen, as_of, config)
    moved = {
        b.project.id: {n["moved_to"] for _, n in b.graph.nodes(data=True) if n.get("moved_to")}
        for b in bids
        if b.graph is not None
    }
    names = {f["id"]: f["name"] for _, f in store.nodes(set().union(*moved.values()))}
    out = {}
    for b in bids:
        assert b.graph is not None  # open bids only
        read = {*b.graph.nodes, b.project.client_id, *moved[b.project.id]}
        out[b.project.id] = BidOutcome(
            members=frozenset(read | ({b.lead_id} if b.lead_id else set())),
            anchors=decision_anchors(b.graph),
            row=pipeline_row(b, as_of, config),
            cooling=tuple(cooling_ties(b, as_of, within, config)),
            alerts=(
                *left_account([b], names, as_of, within, config),
                *no_one_mapped([b]),
                *single_thread([b], config),
            ),
        )
    return out


def open_bids(
    store: GraphStore, as_of: date, config: AnalysisConfig, within: int
) -> dict[str, BidOutcome]:
    """Every open bid's outcome on the store's data now, by bid id (in id order)."""

    def starts() -> dict[str, Project]:
        return {p.id: p for p in projects(store, OPEN_STAGES, None)}

    def compute(chosen: list[Project]) -> dict[str, Piece[BidOutcome]]:
        return {
            bid: Piece(outcome.members, outcome.anchors, outcome)
            for bid, outcome in outcomes_of(store, chosen, as_of, config, within).items()
        }

    question = ("open bids", as_of, config.model_dump_json(), within)
    return KEPT.pieces(store, question, starts, "Project", compute, CHUNK)


def handover_facts(
    store: GraphStore, bid_ids: list[str], as_of: date, config: AnalysisConfig
) -> dict[str, BidFacts]:
    """What a handover check needs of each of these bids, by id: kept ones that no write has
    reached since are reused, the others read from the store (their decision networks)."""

    def compute(chosen: list[str]) -> dict[str, Piece[BidFacts]]:
        graphs = decision_networks(store, chosen, config.max_hops)
        return {
            bid: Piece(frozenset(g.nodes), decision_anchors(g), bid_facts(g, bid, as_of, config))
            for bid, g in graphs.items()
        }

    question = ("handover bids", as_of, config.model_dump_json())
    return KEPT.chosen(store, question, bid_ids, compute, CHUNK)
