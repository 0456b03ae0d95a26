"""The handover neighbourhood and a person's surroundings walked over the store's generic reads,
one set-based read per step whatever the number of ids: how the embedded store answers
``handover_reach`` and ``person_reach`` inside one read snapshot (its reads are calls, not round
trips), and the reference the Neo4j queries are tested against."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from graphmap.model import ALL_REL_TYPES, OPEN_STAGES, Node
from graphmap.store.records import Accounts, Around, Direction, EdgeRecord, Neighbourhood

OPINION_TYPES = ("INFLUENCES", "REPORTS_TO")
STAFF_TIE_TYPES = ("KNOWS", "INTERACTED")
PEOPLE_TYPES = (*OPINION_TYPES, *STAFF_TIE_TYPES, "DECIDES_ON")  # an account's people's
ACCOUNT_PROJECT_TYPES = ("ASSIGNED_TO", "DECIDES_ON", "COMPETES_FOR")  # into its projects


class Reader(Protocol):
    """The generic reads the walk needs (every store has them)."""

    def labels_of(self, ids: set[str]) -> dict[str, str]: ...

    def nodes(self, ids: Iterable[str]) -> list[tuple[str, dict[str, Any]]]: ...

    def edges(
        self, ids: Iterable[str], types: Iterable[str], direction: Direction
    ) -> list[EdgeRecord]: ...

    def list(self, label: str, filters: dict[str, str], offset: int, limit: int) -> list[Node]: ...


def carries_opinion(edge: EdgeRecord) -> bool:
    """A zero-weight influence is no edge: it must not pull anyone into a network."""
    return edge.type != "INFLUENCES" or edge.props.get("weight", 0) > 0


def downstream(reader: Reader, people: set[str], max_hops: int) -> set[str]:
    """Everyone within ``max_hops`` downstream of ``people`` (whom they INFLUENCE with a weight
    above 0, their managers and reports), ``people`` included."""
    seen, frontier = set(people), set(people)
    for _ in range(max_hops):
        found = {e.dst for e in reader.edges(frontier, ["INFLUENCES"], "out") if carries_opinion(e)}
        found |= {
            e.dst if e.src in frontier else e.src
            for e in reader.edges(frontier, ["REPORTS_TO"], "both")
        }
        frontier = found - seen
        seen |= frontier
        if not frontier:
            break
    return seen


def handover_walk(
    reader: Reader, staff_ids: Sequence[str], max_hops: int, teammate_limit: int
) -> Neighbourhood:
    """The neighbourhood ``Neighbourhood`` describes; ids that are not staff are left out."""
    labels = reader.labels_of(set(staff_ids))
    leavers = sorted(s for s in set(staff_ids) if labels.get(s) == "Staff")
    own = reader.edges(leavers, (*STAFF_TIE_TYPES, "ASSIGNED_TO"), "out")
    contacts = {e.dst for e in own if e.type in STAFF_TIE_TYPES}
    assigned = {e.dst for e in own if e.type == "ASSIGNED_TO"}
    # the contacts' circle: influencers, managers, reports and colleagues
    circle_edges = [e for e in reader.edges(contacts, OPINION_TYPES, "both") if carries_opinion(e)]
    orgs = {e.dst for e in reader.edges(contacts, ["WORKS_AT"], "out")}
    org_edges = reader.edges(orgs, ("WORKS_AT", "FOR_CLIENT"), "in")
    circle = contacts | {e.src for e in circle_edges} | {e.dst for e in circle_edges}
    circle |= {e.src for e in org_edges if e.type == "WORKS_AT"}
    # staff who know anyone in the circle, staff who worked the same clients' projects,
    # and the leavers' teammates
    ties_in = reader.edges(circle, STAFF_TIE_TYPES, "in")
    client_projects = {e.src for e in org_edges if e.type == "FOR_CLIENT"}
    history = reader.edges(client_projects, ["ASSIGNED_TO"], "in")
    teams = {str(f["team"]) for _, f in reader.nodes(leavers) if f.get("team") is not None}
    teammates = {
        m.id for t in sorted(teams) for m in reader.list("Staff", {"team": t}, 0, teammate_limit)
    }
    candidates = ({e.src for e in ties_in} | {e.src for e in history} | teammates) - set(leavers)
    edges: dict[tuple[str, str, str, str], EdgeRecord] = {}
    for edge in [
        *own,
        *circle_edges,
        *org_edges,
        *ties_in,
        *history,
        *reader.edges(circle, ["WORKS_AT"], "out"),
    ]:
        edges[(edge.src, edge.type, edge.dst, edge.qual)] = edge
    ids = {e.src for e in edges.values()} | {e.dst for e in edges.values()}
    nodes = {f["id"]: (label, f) for label, f in reader.nodes(ids | set(leavers) | candidates)}
    seated = {
        e.dst for e in reader.edges(downstream(reader, contacts, max_hops), ["DECIDES_ON"], "out")
    }
    bids = seated | assigned | client_projects
    open_bids = sorted(f["id"] for _, f in reader.nodes(bids) if f.get("stage") in OPEN_STAGES)
    return Neighbourhood(list(edges.values()), nodes, sorted(candidates), open_bids)


def person_walk(reader: Reader, person_id: str, hops: int) -> Around:
    """What ``Around`` describes; an id that is not a person reaches nothing."""
    start = {person_id} if reader.labels_of({person_id}).get(person_id) == "Person" else set()
    seen, frontier = set(start), set(start)
    for _ in range(hops):
        found: set[str] = set()
        for edge in reader.edges(frontier, OPINION_TYPES, "both"):
            found.update((edge.src, edge.dst))
        orgs = {e.dst for e in reader.edges(frontier, ["WORKS_AT"], "out")}
        found.update(e.src for e in reader.edges(orgs, ["WORKS_AT"], "in"))
        frontier = found - seen
        seen |= frontier
    edges = [
        e for e in reader.edges(seen, OPINION_TYPES, "both") if e.src in seen and e.dst in seen
    ]
    edges += reader.edges(seen, STAFF_TIE_TYPES, "in")
    edges += reader.edges(seen, ["WORKS_AT"], "out")
    kept = {(e.src, e.type, e.dst, e.qual): e for e in edges}
    ends = {e.src for e in kept.values()} | {e.dst for e in kept.values()}
    nodes = {f["id"]: (label, f) for label, f in reader.nodes(seen | ends)}
    return Around(list(kept.values()), nodes)


def accounts_walk(reader: Reader, org_ids: Sequence[str]) -> Accounts:
    """What ``Accounts`` describes, for every organization among ``org_ids`` at once."""
    labels = reader.labels_of(set(org_ids))
    orgs = {o for o in org_ids if labels.get(o) == "Organization"}
    own = reader.edges(orgs, ("WORKS_AT", "FOR_CLIENT"), "in")
    account_of = {e.src: e.dst for e in own}  # a person works at one place, a bid has one client
    people = {e.src for e in own if e.type == "WORKS_AT"}
    projects = {e.src for e in own if e.type == "FOR_CLIENT"}
    kept: dict[str, dict[tuple[str, str, str, str], EdgeRecord]] = {o: {} for o in orgs}
    for edge in own:
        kept[edge.dst][(edge.src, edge.type, edge.dst, edge.qual)] = edge
    for edge in reader.edges(people, PEOPLE_TYPES, "both"):
        for end in {edge.src, edge.dst} & people:
            kept[account_of[end]][(edge.src, edge.type, edge.dst, edge.qual)] = edge
    for edge in reader.edges(projects, ACCOUNT_PROJECT_TYPES, "in"):
        kept[account_of[edge.dst]][(edge.src, edge.type, edge.dst, edge.qual)] = edge
    edges = {o: list(found.values()) for o, found in kept.items()}
    ends = orgs.union(*({e.src, e.dst} for found in edges.values() for e in found))
    return Accounts(edges, {f["id"]: (label, f) for label, f in reader.nodes(ends)})


def ego_walk(reader: Reader, node_id: str, hops: int) -> Around:
    """Everything within ``hops`` relationships of a node, either way, and the relationships
    between the outermost ring and anyone reached; an id that is not stored reaches nothing."""
    seen = {node_id} if reader.labels_of({node_id}) else set()
    frontier, edges = set(seen), {}
    for _ in range(hops):
        found: set[str] = set()
        for edge in reader.edges(frontier, ALL_REL_TYPES, "both"):
            edges[(edge.src, edge.type, edge.dst, edge.qual)] = edge
            found.update((edge.src, edge.dst))
        frontier = found - seen
        seen |= frontier
    for edge in reader.edges(frontier, ALL_REL_TYPES, "both"):
        if edge.src in seen and edge.dst in seen:
            edges[(edge.src, edge.type, edge.dst, edge.qual)] = edge
    return Around(list(edges.values()), {f["id"]: (label, f) for label, f in reader.nodes(seen)})
