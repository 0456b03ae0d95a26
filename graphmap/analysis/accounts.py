"""Account coverage and bus factor.

Accounts are client organizations (kind ``client``) only: partners and competitors are not sold
to. An account's **covered decision share** is how much of the decision in its open bids the firm
can reach: Σ over the account's open bids (weighted by bid value) of Σ share · coverage, over
everyone in each bid's decision network (outside advisers included). An open bid with no decision
seats mapped yet is exposed pipeline all the same: its weight counts, and nobody covers it. An
account with no open bid at all weighs each of its own people equally instead.

Its **bus factor** is the fewest active staff whose joint departure drops that covered share
below a threshold (default 0.5). Groups are searched exhaustively, smallest first, while a size
has at most ``bus_factor_search_budget`` groups; beyond that a greedy choice finds a group that
does break coverage, an upper bound on the exact value (``bus_factor_exact`` says which).

>>> weights = {"ana": 0.5, "ben": 0.5}
>>> holders = {"ana": {"s1": 0.8}, "ben": {"s1": 0.6, "s2": 0.6}}
>>> covered_share(weights, holders, removed=set())
0.82
>>> bus_factor(weights, holders, threshold=0.5, budget=1000)
(1, ['s1'], True)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field

from graphmap.analysis.influence import decision_shares
from graphmap.analysis.strength import coverage, ties
from graphmap.config import AnalysisConfig
from graphmap.errors import InvalidInput
from graphmap.model import OrgKind

ACCOUNT_KIND = OrgKind.CLIENT  # the one kind of organization that is an account
Holders = dict[str, dict[str, float]]  # person -> staff -> tie strength


def covered_share(
    weights: dict[str, float], holders: Holders, removed: set[str], factor: float = 0.0
) -> float:
    """Σ weight · coverage, with the ``removed`` staff's ties scaled by ``factor`` (0: gone)."""
    total = 0.0
    for person, weight in weights.items():
        strengths = (
            s * factor if staff in removed else s for staff, s in holders.get(person, {}).items()
        )
        total += weight * coverage(strengths)
    return round(total, 12)


def bus_factor(
    weights: dict[str, float], holders: Holders, threshold: float, budget: int
) -> tuple[int, list[str], bool]:
    """(size, staff ids, exact?) of the smallest departure that leaves covered share below
    ``threshold``. Every group is tried, smallest first, while a size has at most ``budget``
    groups; past that a greedy choice gives a group that works (an upper bound), and the answer
    is still exact when it is only one larger than the sizes searched in full."""
    if covered_share(weights, holders, set()) < threshold:
        return 0, [], True
    staff = sorted({s for person in weights for s in holders.get(person, {})})
    searched = 0
    for size in range(1, len(staff) + 1):
        if math.comb(len(staff), size) > budget:
            break
        for group in itertools.combinations(staff, size):
            if covered_share(weights, holders, set(group)) < threshold:
                return size, list(group), True
        searched = size
    chosen: set[str] = set()
    while covered_share(weights, holders, chosen) >= threshold:
        best = min(
            (s for s in staff if s not in chosen),
            key=lambda s: (covered_share(weights, holders, chosen | {s}), s),
        )
        chosen.add(best)
    return len(chosen), sorted(chosen), len(chosen) <= searched + 1


def bid_value(bid: Mapping[str, Any]) -> float:
    """A project's value; an unknown value counts 0."""
    return bid.get("value") or 0.0


def value_weights(
    bid_shares: Iterable[tuple[float, dict[str, float]]], own_people: list[str]
) -> dict[str, float]:
    """Person weights for an account: value-weighted decision shares over its open bids
    ((value, shares) pairs; a bid with no seats mapped has no shares, so its weight goes to
    nobody and stays uncovered), or equal weights over its own people when it has none."""
    bids = [(max(value, 0.0), shares) for value, shares in bid_shares]
    total = sum(v for v, _ in bids)
    if not bids:
        return {p: 1.0 / len(own_people) for p in own_people} if own_people else {}
    weights: dict[str, float] = {}
    for value, shares in bids:
        scale = value / total if total > 0 else 1.0 / len(bids)
        for person, share in shares.items():
            weights[person] = weights.get(person, 0.0) + scale * share
    return weights


class KeyStaff(BaseModel):
    """A staff member an account depends on, and its covered share without them."""

    staff_id: str = Field(description="Id of the staff member.")
    name: str = Field(description="Staff member's name.")
    covered_share_without: float = Field(
        description="The account's covered share if this one person left."
    )


class AccountCoverage(BaseModel):
    """One client account: how much of its open bids' decision we reach, and who it rests on."""

    model_config = ConfigDict(frozen=True)  # kept across calls: shared, never changed

    organization_id: str = Field(description="Id of the organization.")
    name: str = Field(description="Account (organization) name.")
    open_bids: list[str] = Field(description="Every open bid, with or without decision seats.")
    unmapped_bids: list[str] = Field(
        description="Open bids with no decision-makers mapped: uncovered pipeline."
    )
    pipeline_value: float = Field(description="Total value of the account's open bids.")
    covered_share: float = Field(
        description="Decision share held by people we reach, weighted by coverage, 0..1."
    )
    bus_factor: int = Field(
        description=("Fewest staff whose departure drops the covered share below the threshold.")
    )
    bus_factor_exact: bool = Field(
        description=("True when the bus factor was searched exhaustively; false: a greedy bound.")
    )
    bus_factor_staff: list[str] = Field(
        description="A smallest (or greedy) set whose departure breaks coverage."
    )
    key_staff: list[KeyStaff] = Field(
        description="The staff the account depends on most, most critical first."
    )


def holders_from(
    graphs: Iterable[nx.MultiDiGraph], as_of: date, config: AnalysisConfig
) -> tuple[Holders, dict[str, str]]:
    """person -> staff -> strength over active staff, merged from several extracted graphs,
    and the names of the staff seen."""
    holders: Holders = {}
    names: dict[str, str] = {}
    for graph in graphs:
        for person, by_staff in ties(graph, as_of, config).items():
            for staff_id, tie in by_staff.items():
                holders.setdefault(person, {})[staff_id] = tie.strength
                names[staff_id] = graph.nodes[staff_id]["name"]
    return holders, names


def open_bid_shares(
    bid_graphs: dict[str, nx.MultiDiGraph], config: AnalysisConfig
) -> dict[str, dict[str, float]]:
    """Decision shares per open bid; bids with no usable seats have no decision to share."""
    out = {}
    for bid, graph in sorted(bid_graphs.items()):
        try:
            out[bid] = decision_shares(graph, bid, config).share
        except InvalidInput:
            continue
    return out


def account_coverage(
    org_graph: nx.MultiDiGraph,
    bid_graphs: dict[str, nx.MultiDiGraph],
    org_id: str,
    as_of: date,
    config: AnalysisConfig,
) -> AccountCoverage:
    """Coverage, bus factor and key staff of one account from its extracted graphs."""
    shares = open_bid_shares(bid_graphs, config)
    values = {b: bid_value(graph.nodes[b]) for b, graph in bid_graphs.items()}
    own = sorted(
        p
        for p, d in org_graph.nodes(data=True)
        if d["label"] == "Person" and d.get("organization_id") == org_id
    )
    weights = value_weights([(values[b], shares.get(b, {})) for b in sorted(values)], own)
    holders, names = holders_from([org_graph, *bid_graphs.values()], as_of, config)
    size, group, exact = bus_factor(
        weights, holders, config.bus_factor_threshold, config.bus_factor_search_budget
    )
    staff = sorted({s for p in weights for s in holders.get(p, {})})
    key = sorted(
        (
            KeyStaff(
                staff_id=s,
                name=names[s],
                covered_share_without=covered_share(weights, holders, {s}),
            )
            for s in staff
        ),
        key=lambda k: (k.covered_share_without, k.staff_id),
    )
    return AccountCoverage(
        organization_id=org_id,
        name=org_graph.nodes[org_id]["name"],
        open_bids=sorted(values),
        unmapped_bids=sorted(values.keys() - shares.keys()),
        pipeline_value=sum(values.values()),
        covered_share=covered_share(weights, holders, set()),
        bus_factor=size,
        bus_factor_exact=exact,
        bus_factor_staff=group,
        key_staff=key[:5],
    )
