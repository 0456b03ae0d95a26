"""Subgraph extraction, written once over the store protocol.

Decision networks, a handover's neighbourhood, a person's surroundings, accounts' own networks
and a node's ego network come from the stores' bulk reads (``decision_reach``,
``handover_reach``, ``person_reach``, ``organization_reach``, ``ego_reach``: one round trip
each). The cost follows the size of what is returned, never the size of the whole graph, and
both stores' graphs are assembled by the same code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import networkx as nx

from graphmap.config import AnalysisConfig
from graphmap.graph import HandoverGraphs
from graphmap.model import OPEN_STAGES
from graphmap.search import unknown_id
from graphmap.store.base import GraphStore
from graphmap.store.graph import assemble, build_graph, edge_attributes, node_attributes
from graphmap.store.records import EdgeRecord, Reach
from graphmap.store.walk import OPINION_TYPES, STAFF_TIE_TYPES, carries_opinion

TEAMMATE_LIMIT = 50  # teammates per team of the leavers: successors when no one is connected
PROJECT_TYPES = ("DECIDES_ON", "ASSIGNED_TO", "COMPETES_FOR", "FOR_CLIENT")


def require(store: GraphStore, label: str, node_id: str) -> None:
    """NotFound (with suggestions) unless the store holds ``node_id`` as a ``label``."""
    if store.labels_of({node_id}).get(node_id) != label:
        raise unknown_id(store, label, node_id)


def _belongs(edge: EdgeRecord, person: str, hops: dict[str, int]) -> bool:
    """Whether a relationship touching a reached person is part of the bid's network: an
    opinion edge between two reached people, a staff tie into the person, their employer."""
    if edge.type in OPINION_TYPES:
        return edge.src in hops and edge.dst in hops and carries_opinion(edge)
    if edge.type == "WORKS_AT":
        return edge.src == person
    return edge.type in STAFF_TIE_TYPES


def networks_from(reach: Reach, max_hops: int) -> dict[str, nx.MultiDiGraph]:
    """Assemble each bid's decision network from what the store handed over; every node and
    relationship is checked and typed once, however many bids share it."""
    touching: dict[str, list[EdgeRecord]] = {}
    for edge in reach.edges:
        touching.setdefault(edge.src, []).append(edge)
        if edge.dst != edge.src:
            touching.setdefault(edge.dst, []).append(edge)
    node_attrs: dict[str, dict[str, Any]] = {}
    edge_attrs: dict[int, Mapping[str, Any]] = {}

    def node(node_id: str) -> dict[str, Any]:
        if node_id not in node_attrs:
            node_attrs[node_id] = node_attributes(*reach.nodes[node_id])
        return node_attrs[node_id]

    def typed(edge: EdgeRecord) -> tuple[EdgeRecord, Mapping[str, Any]]:
        if id(edge) not in edge_attrs:
            edge_attrs[id(edge)] = edge_attributes(edge)
        return edge, edge_attrs[id(edge)]

    out = {}
    for bid, hops in sorted(reach.hops.items()):
        edges = {id(e): e for e in touching.get(bid, ()) if e.type in PROJECT_TYPES}
        for person in hops:
            edges.update((id(e), e) for e in touching.get(person, ()) if _belongs(e, person, hops))
        ids = {bid, *hops} | {e.src for e in edges.values()} | {e.dst for e in edges.values()}
        graph = assemble(
            {i: node(i) for i in ids if i in reach.nodes}, [typed(e) for e in edges.values()]
        )
        nx.set_node_attributes(graph, hops, "hops")
        graph.graph.update(project_id=bid, max_hops=max_hops)
        out[bid] = graph
    return out


def decision_networks(
    store: GraphStore, project_ids: Iterable[str], max_hops: int = 4
) -> dict[str, nx.MultiDiGraph]:
    """Each bid with its seats, everyone upstream of a seat within ``max_hops`` (whoever
    INFLUENCES them with a weight above 0, their manager and direct reports), their
    organizations, the staff who know or met any of them, and the bid's own relationships.

    Each person carries ``hops``: the distance to the nearest seat. One bulk read from the
    store, whatever the number of bids; ids that are not bids are left out.
    """
    return networks_from(store.decision_reach(sorted(set(project_ids)), max_hops), max_hops)


def decision_anchors(graph: nx.MultiDiGraph) -> frozenset[str]:
    """The nodes whose relationships a decision network was read around: the bid and everyone
    reached (every other node is there through a relationship of theirs)."""
    return frozenset(n for n, d in graph.nodes(data=True) if "hops" in d) | {
        graph.graph["project_id"]
    }


def decision_network(store: GraphStore, project_id: str, max_hops: int = 4) -> nx.MultiDiGraph:
    """One bid's decision network (``decision_networks``); an unknown bid is an error."""
    found = decision_networks(store, [project_id], max_hops)
    if project_id not in found:
        raise unknown_id(store, "Project", project_id)
    return found[project_id]


def person_network(store: GraphStore, person_id: str, hops: int = 2) -> nx.MultiDiGraph:
    """A person and everyone within ``hops`` person-to-person ties (influence either way,
    reporting either way, same organization), with their organizations and every staff tie
    into them: what warm paths to the person can run through. One read (``person_reach``)."""
    around = store.person_reach(person_id, hops)
    if around.nodes.get(person_id, ("", {}))[0] != "Person":
        raise unknown_id(store, "Person", person_id)
    graph = build_graph(around.nodes.values(), around.edges)
    graph.graph.update(center=person_id, hops=hops)
    return graph


def ego_network(store: GraphStore, node_id: str, hops: int = 1) -> nx.MultiDiGraph:
    """Everything within ``hops`` relationships of a node, in either direction, and the
    relationships among the outermost ring, so the picture has no missing lines. One read
    (``ego_reach``)."""
    around = store.ego_reach(node_id, hops)
    if node_id not in around.nodes:
        raise unknown_id(store, None, node_id)
    graph = build_graph(around.nodes.values(), around.edges)
    graph.graph.update(center=node_id, hops=hops)
    return graph


def organization_networks(store: GraphStore, org_ids: list[str]) -> dict[str, nx.MultiDiGraph]:
    """Accounts' own networks, by organization id, from one read (``organization_reach``): the
    organization, its people and their ties (reporting, influence, staff relationships, seats),
    the projects it is client of, and the nodes at the other ends. Ids that are not
    organizations are left out."""
    reach = store.organization_reach(org_ids)
    nodes = {i: node_attributes(label, fields) for i, (label, fields) in reach.nodes.items()}
    graphs = {}
    for org_id, edges in reach.edges.items():
        ends = {org_id}.union(*({e.src, e.dst} for e in edges))
        graph = assemble({n: nodes[n] for n in ends}, [(e, edge_attributes(e)) for e in edges])
        graph.graph.update(organization_id=org_id)
        graphs[org_id] = graph
    return graphs


def organization_network(store: GraphStore, org_id: str) -> nx.MultiDiGraph:
    """One account's own network (``organization_networks``); NotFound unless it is one."""
    graph = organization_networks(store, [org_id]).get(org_id)
    if graph is None:
        raise unknown_id(store, "Organization", org_id)
    return graph


def organization_anchors(graph: nx.MultiDiGraph, org_id: str) -> frozenset[str]:
    """The nodes whose relationships an account's network was read around: the organization,
    its people and the projects it is client of."""
    return frozenset(
        n
        for n, d in graph.nodes(data=True)
        if d.get("organization_id") == org_id or d.get("client_id") == org_id
    ) | {org_id}


def open_projects(graph: nx.MultiDiGraph) -> list[str]:
    """Ids of every open bid in the store."""
    return sorted(
        n
        for n, d in graph.nodes(data=True)
        if d["label"] == "Project" and d["stage"] in OPEN_STAGES
    )


def account_networks(
    store: GraphStore, org_id: str, max_hops: int
) -> tuple[nx.MultiDiGraph, dict[str, nx.MultiDiGraph]]:
    """An account's own network and the decision network of each of its open bids."""
    org_graph = organization_network(store, org_id)
    bids = [p for p in open_projects(org_graph) if org_graph.nodes[p].get("client_id") == org_id]
    return org_graph, decision_networks(store, bids, max_hops)


def handover_network(
    store: GraphStore, staff_ids: list[str], as_of: date, config: AnalysisConfig
) -> HandoverGraphs:
    """The staff members' contacts, the contacts' colleagues and influencers, every staff tie
    into those, candidate successors' project history, the decision network of every open bid
    the contacts can move or the staff members work, and each candidate's load (the store
    counts it: their portfolios are not read). Three reads from the store: the neighbourhood
    (``handover_reach``), the load, and the bids' networks.

    Candidates are the staff with any recorded tie into the circle or project history with its
    organizations, and always the leavers' teammates (up to TEAMMATE_LIMIT per team): whether a
    tie is real as of the date, and so whether a teammate is only a fallback, is the analysis's
    call, not the extraction's."""
    hood = store.handover_reach(staff_ids, config.max_hops, TEAMMATE_LIMIT)
    for staff_id in staff_ids:
        if hood.nodes.get(staff_id, ("", {}))[0] != "Staff":
            raise unknown_id(store, "Staff", staff_id)
    graph = build_graph(hood.nodes.values(), hood.edges)
    load = store.sole_strong_ties(hood.candidates, staff_ids, as_of, config)
    return HandoverGraphs(graph, decision_networks(store, hood.bids, config.max_hops), load)
