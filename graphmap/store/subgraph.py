"""Subgraph extraction, written once over the store protocol.

Each function walks out from its starting node one hop at a time, asking the store only for
the relationships of the frontier, so its cost follows the size of what it returns, never the
size of the whole graph. Both stores answer through the same code, so they agree.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from graphmap.graph import HandoverGraphs
from graphmap.model import ALL_REL_TYPES, OPEN_STAGES
from graphmap.search import unknown_id
from graphmap.store.base import GraphStore
from graphmap.store.graph import build_graph
from graphmap.store.records import EdgeRecord

OPINION_TYPES = ("INFLUENCES", "REPORTS_TO")
STAFF_TIE_TYPES = ("KNOWS", "INTERACTED")
TEAMMATE_LIMIT = 50  # teammates per team of the leavers: successors when no one is connected
PROJECT_TYPES = ("DECIDES_ON", "ASSIGNED_TO", "COMPETES_FOR", "FOR_CLIENT")


def require(store: GraphStore, label: str, node_id: str) -> None:
    if store.labels_of({node_id}).get(node_id) != label:
        raise unknown_id(store, label, node_id)


def _other(edge: EdgeRecord, node_ids: set[str]) -> str:
    return edge.dst if edge.src in node_ids else edge.src


def _carries_opinion(edge: EdgeRecord) -> bool:
    """A zero-weight influence is no edge: it must not pull anyone into a network."""
    return edge.type != "INFLUENCES" or edge.props.get("weight", 0) > 0


def upstream(
    store: GraphStore, seeds: Iterable[str], max_hops: int
) -> tuple[dict[str, int], list[EdgeRecord]]:
    """People who can move the seeds' opinions within ``max_hops``, with their distance.

    Upstream of v: whoever INFLUENCES v, and v's manager and direct reports (REPORTS_TO
    carries opinion both ways). Returns distances and every opinion edge between them.
    """
    dist = dict.fromkeys(seeds, 0)
    frontier = set(dist)
    for hop in range(1, max_hops + 1):
        if not frontier:
            break
        found: set[str] = set()
        for edge in store.edges(frontier, ["INFLUENCES"], "in"):
            if _carries_opinion(edge):
                found.add(edge.src)
        for edge in store.edges(frontier, ["REPORTS_TO"], "both"):
            found.add(edge.dst if edge.src in frontier else edge.src)
        frontier = found - dist.keys()
        dist.update(dict.fromkeys(frontier, hop))
    inside = [
        e
        for e in store.edges(dist, OPINION_TYPES, "both")
        if e.src in dist and e.dst in dist and _carries_opinion(e)
    ]
    return dist, inside


def _attach_staff_and_orgs(
    store: GraphStore, people: set[str], edges: list[EdgeRecord]
) -> set[str]:
    """Add the staff ties into ``people`` and the people's organizations; return new node ids."""
    added = set()
    for edge in store.edges(people, (*STAFF_TIE_TYPES, "WORKS_AT"), "both"):
        if edge.type == "WORKS_AT" and edge.src not in people:
            continue
        edges.append(edge)
        added.add(edge.dst if edge.type == "WORKS_AT" else edge.src)
    return added


def decision_network(store: GraphStore, project_id: str, max_hops: int = 4) -> nx.MultiDiGraph:
    """A bid with its seats, everyone upstream of a seat within ``max_hops``, their
    organizations, the staff who know or met any of them, and the bid's own relationships.

    Each person carries ``hops``: the distance to the nearest seat.
    """
    require(store, "Project", project_id)
    project_edges = store.edges([project_id], PROJECT_TYPES, "both")
    seats = {e.src for e in project_edges if e.type == "DECIDES_ON"}
    dist, edges = upstream(store, seats, max_hops)
    people = set(dist)
    edges += project_edges
    others = _attach_staff_and_orgs(store, people, edges)
    others |= {_other(e, {project_id}) for e in project_edges}
    graph = build_graph(store.nodes(people | others | {project_id}), edges)
    nx.set_node_attributes(graph, dist, "hops")
    graph.graph.update(project_id=project_id, max_hops=max_hops)
    return graph


def person_network(store: GraphStore, person_id: str, hops: int = 2) -> nx.MultiDiGraph:
    """A person and everyone within ``hops`` person-to-person ties (influence either way,
    reporting either way, same organization), with their organizations and every staff tie
    into them: what warm paths to the person can run through."""
    require(store, "Person", person_id)
    seen, frontier, edges = {person_id}, {person_id}, []
    for _ in range(hops):
        found: set[str] = set()
        for edge in store.edges(frontier, OPINION_TYPES, "both"):
            found.update((edge.src, edge.dst))
        orgs = {e.dst for e in store.edges(frontier, ["WORKS_AT"], "out")}
        found.update(e.src for e in store.edges(orgs, ["WORKS_AT"], "in"))
        frontier = found - seen
        seen |= frontier
    edges += [
        e for e in store.edges(seen, OPINION_TYPES, "both") if e.src in seen and e.dst in seen
    ]
    others = _attach_staff_and_orgs(store, seen, edges)
    graph = build_graph(store.nodes(seen | others), edges)
    graph.graph.update(center=person_id, hops=hops)
    return graph


def ego_network(store: GraphStore, node_id: str, hops: int = 1) -> nx.MultiDiGraph:
    """Everything within ``hops`` relationships of a node, in either direction."""
    if not store.labels_of({node_id}):
        raise unknown_id(store, None, node_id)
    seen, frontier, edges = {node_id}, {node_id}, {}
    for _ in range(hops):
        found: set[str] = set()
        for edge in store.edges(frontier, ALL_REL_TYPES, "both"):
            edges[(edge.src, edge.key, edge.dst)] = edge
            found.update((edge.src, edge.dst))
        frontier = found - seen
        seen |= frontier
    # relationships among the outermost ring, so the picture has no missing lines
    for edge in store.edges(frontier, ALL_REL_TYPES, "both"):
        if edge.src in seen and edge.dst in seen:
            edges[(edge.src, edge.key, edge.dst)] = edge
    graph = build_graph(store.nodes(seen), edges.values())
    graph.graph.update(center=node_id, hops=hops)
    return graph


def organization_network(store: GraphStore, org_id: str) -> nx.MultiDiGraph:
    """An account: the organization, its people and their ties (reporting, influence, staff
    relationships, seats), the projects it is client of, and the nodes at the other ends."""
    require(store, "Organization", org_id)
    org_edges = store.edges([org_id], ("WORKS_AT", "FOR_CLIENT"), "in")
    people = {e.src for e in org_edges if e.type == "WORKS_AT"}
    projects = {e.src for e in org_edges if e.type == "FOR_CLIENT"}
    edges = list(org_edges)
    edges += store.edges(people, (*OPINION_TYPES, *STAFF_TIE_TYPES, "DECIDES_ON"), "both")
    edges += store.edges(projects, ("ASSIGNED_TO", "DECIDES_ON", "COMPETES_FOR"), "in")
    ids = {org_id} | {e.src for e in edges} | {e.dst for e in edges}
    graph = build_graph(store.nodes(ids), edges)
    graph.graph.update(organization_id=org_id)
    return graph


def open_projects(graph: nx.MultiDiGraph) -> list[str]:
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
    return org_graph, {b: decision_network(store, b, max_hops) for b in bids}


def downstream_seats(store: GraphStore, people: set[str], max_hops: int) -> set[str]:
    """Projects on which someone within ``max_hops`` downstream of ``people`` holds a seat:
    the bids whose decision these people can move."""
    seen, frontier = set(people), set(people)
    for _ in range(max_hops):
        found = {e.dst for e in store.edges(frontier, ["INFLUENCES"], "out") if _carries_opinion(e)}
        found |= {_other(e, frontier) for e in store.edges(frontier, ["REPORTS_TO"], "both")}
        frontier = found - seen
        seen |= frontier
        if not frontier:
            break
    return {e.dst for e in store.edges(seen, ["DECIDES_ON"], "out")}


def handover_network(store: GraphStore, staff_ids: list[str], max_hops: int) -> HandoverGraphs:
    """The staff members' contacts, the contacts' colleagues and influencers, every staff tie
    into those, candidate successors' portfolios and project history, and the decision network
    of every open bid the contacts can move or the staff members work.

    Candidates are the staff with any recorded tie into the circle or project history with its
    organizations, and always the leavers' teammates (up to TEAMMATE_LIMIT per team): whether a
    tie is real as of the date, and so whether a teammate is only a fallback, is the analysis's
    call, not the extraction's."""
    for staff_id in staff_ids:
        require(store, "Staff", staff_id)
    own = store.edges(staff_ids, (*STAFF_TIE_TYPES, "ASSIGNED_TO"), "out")
    contacts = {e.dst for e in own if e.type in STAFF_TIE_TYPES}
    assigned = {e.dst for e in own if e.type == "ASSIGNED_TO"}
    edges = list(own)
    # the contacts' circle: influencers, managers, reports and colleagues
    circle_edges = [e for e in store.edges(contacts, OPINION_TYPES, "both") if _carries_opinion(e)]
    orgs = {e.dst for e in store.edges(contacts, ["WORKS_AT"], "out")}
    org_edges = store.edges(orgs, ("WORKS_AT", "FOR_CLIENT"), "in")
    circle = contacts | {e.src for e in circle_edges} | {e.dst for e in circle_edges}
    circle |= {e.src for e in org_edges if e.type == "WORKS_AT"}
    edges += circle_edges + org_edges
    # staff who know anyone in the circle, staff who worked the same clients' projects,
    # and the leavers' teammates
    ties_in = store.edges(circle, STAFF_TIE_TYPES, "in")
    client_projects = {e.src for e in org_edges if e.type == "FOR_CLIENT"}
    history = store.edges(client_projects, ["ASSIGNED_TO"], "in")
    edges += ties_in + history
    teams = {str(f["team"]) for _, f in store.nodes(staff_ids) if f.get("team") is not None}
    teammates = {
        m.id for t in sorted(teams) for m in store.list("Staff", {"team": t}, 0, TEAMMATE_LIMIT)
    }
    candidates = ({e.src for e in ties_in} | {e.src for e in history} | teammates) - set(staff_ids)
    # each candidate's portfolio and who else holds those ties: their current load
    portfolio = store.edges(candidates, STAFF_TIE_TYPES, "out")
    edges += portfolio + store.edges({e.dst for e in portfolio}, STAFF_TIE_TYPES, "in")
    edges += store.edges(circle, ["WORKS_AT"], "out")
    ids = {e.src for e in edges} | {e.dst for e in edges} | set(staff_ids) | candidates
    graph = build_graph(store.nodes(ids), edges)
    bids = downstream_seats(store, contacts, max_hops) | assigned | client_projects
    open_bids = sorted(f["id"] for _, f in store.nodes(bids) if f["stage"] in OPEN_STAGES)
    return HandoverGraphs(graph, {b: decision_network(store, b, max_hops) for b in open_bids})
