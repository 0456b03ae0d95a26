"""Bulk extraction on both stores: identical graphs on random firms, checked against a
hop-by-hop reference walk; successor load counted in the store against the analysis's own
tie strengths; the data version that keys the result cache."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import networkx as nx
import pytest
from pydantic import TypeAdapter

from graphmap.analysis.handover import Mode
from graphmap.analysis.strength import ties
from graphmap.bundle import check_bundle
from graphmap.config import AnalysisConfig
from graphmap.errors import InvalidInput
from graphmap.model import Bundle
from graphmap.portfolio_service import (
    accounts_by_risk,
    alerts,
    depth_report,
    pipeline,
    segment_report,
)
from graphmap.service import handover_report, influence_report
from graphmap.store.base import GraphStore
from graphmap.store.graph import build_graph, graph_from_bundle
from graphmap.store.records import Accounts, Around, EdgeRecord, Neighbourhood
from graphmap.store.sqlite import SQLiteStore
from graphmap.store.subgraph import (
    decision_networks,
    ego_network,
    handover_network,
    organization_network,
    organization_networks,
)
from graphmap.store.walk import (
    ACCOUNT_PROJECT_TYPES,
    PEOPLE_TYPES,
    accounts_walk,
    ego_walk,
    handover_walk,
    person_walk,
)
from tests.conftest import DEMO_TODAY, fresh_neo4j_store, need, neo4j_url

AS_OF = date(2026, 6, 1)
CFG = AnalysisConfig()
SEEDS = range(6)


def random_firm(seed: int) -> Bundle:
    """A small firm with everything extraction must get right: reporting lines, influence
    cycles and zero weights, seats on several bids, staff of every status, ties dated before
    and after the as-of date, repeated interactions."""
    rng = random.Random(seed)
    day = lambda: (AS_OF + timedelta(days=rng.randint(-900, 60))).isoformat()  # noqa: E731
    orgs = [{"id": f"o{i}", "name": f"Org {i}", "kind": "client"} for i in range(3)]
    people: list[dict[str, Any]] = []
    for i in range(24):
        person: dict[str, Any] = {"id": f"p{i:02d}", "name": f"Person {i}"}
        if rng.random() < 0.9:
            person["organization_id"] = f"o{i % 3}"
        if i >= 3 and rng.random() < 0.6:
            person["reports_to"] = f"p{rng.randrange(i):02d}"
        people.append(person)
    statuses = ["active", "active", "leaving", "left"]
    staff = []
    for i in range(7):
        member: dict[str, Any] = {"id": f"s{i}", "name": f"Staff {i}", "team": f"t{i % 2}"}
        member["status"] = status = rng.choice(statuses)
        if status != "active":
            member["leaves_on"] = day()
        staff.append(member)
    stages = ["lead", "pre_bid", "tender", "won", "lost"]
    projects = [
        {"id": f"P{i}", "name": f"Bid {i}", "client_id": f"o{i % 3}", "stage": rng.choice(stages)}
        for i in range(5)
    ]
    pairs = {(rng.randrange(24), rng.randrange(24)) for _ in range(40)}
    influences = [
        {"from_id": f"p{a:02d}", "to_id": f"p{b:02d}", "weight": rng.choice([0, 0.3, 0.7])}
        for a, b in sorted(pairs)
        if a != b
    ]
    seats = {(rng.randrange(24), rng.randrange(5)) for _ in range(9)}
    roles = [
        {"person_id": f"p{a:02d}", "project_id": f"P{b}", "role": "decision_maker"}
        for a, b in sorted(seats)
    ]
    known = {(rng.randrange(7), rng.randrange(24)) for _ in range(30)}
    knows = []
    for s, p in sorted(known):
        tie: dict[str, Any] = {"staff_id": f"s{s}", "person_id": f"p{p:02d}"}
        tie["strength"] = rng.choice([0.0, 0.4, 0.6, 0.9, 1.0])
        if rng.random() < 0.7:
            tie["last_contact"] = day()
        knows.append(tie)
    kinds = ["meeting", "site_visit", "call", "email", "event"]
    met = {(rng.randrange(7), rng.randrange(24), day(), rng.choice(kinds)) for _ in range(40)}
    interactions = [
        {"staff_id": f"s{s}", "person_id": f"p{p:02d}", "on": on, "kind": kind}
        for s, p, on, kind in sorted(met)
    ]
    assignments = [
        {"staff_id": f"s{rng.randrange(7)}", "project_id": f"P{i}", "role": "bid_lead"}
        for i in range(5)
    ]
    return check_bundle(
        {
            "people": people,
            "staff": staff,
            "projects": projects,
            "influences": influences,
            "decision_roles": roles,
            "knows": knows,
            "interactions": interactions,
            "assignments": assignments,
            "organizations": [*orgs, {"id": "o9", "name": "Rival", "kind": "competitor"}],
            "competitors": [
                {"organization_id": "o9", "project_id": p["id"]} for p in projects[::2]
            ],
        }
    )


def hop_by_hop(store: GraphStore, project_id: str, max_hops: int) -> nx.MultiDiGraph:
    """The reference: the decision network walked one hop at a time through the store's
    generic reads (how it was extracted before the stores did it in bulk)."""

    def carries(e: EdgeRecord) -> bool:
        return e.type != "INFLUENCES" or e.props.get("weight", 0) > 0

    project_edges = store.edges(
        [project_id], ("DECIDES_ON", "ASSIGNED_TO", "COMPETES_FOR", "FOR_CLIENT"), "both"
    )
    dist = {e.src: 0 for e in project_edges if e.type == "DECIDES_ON"}
    frontier = set(dist)
    for hop in range(1, max_hops + 1):
        found = {e.src for e in store.edges(frontier, ["INFLUENCES"], "in") if carries(e)}
        found |= {
            e.dst if e.src in frontier else e.src
            for e in store.edges(frontier, ["REPORTS_TO"], "both")
        }
        frontier = found - dist.keys()
        dist.update(dict.fromkeys(frontier, hop))
    edges = [
        e
        for e in store.edges(dist, ("INFLUENCES", "REPORTS_TO"), "both")
        if e.src in dist and e.dst in dist and carries(e)
    ]
    edges += project_edges
    edges += [
        e
        for e in store.edges(dist, ("KNOWS", "INTERACTED", "WORKS_AT"), "both")
        if e.type != "WORKS_AT" or e.src in dist
    ]
    ids = {project_id, *dist} | {e.src for e in edges} | {e.dst for e in edges}
    graph = build_graph(store.nodes(ids), edges)
    nx.set_node_attributes(graph, dist, "hops")
    return graph


def contents(graph: nx.MultiDiGraph) -> tuple[list[Any], list[Any]]:
    nodes = sorted((n, sorted(d.items())) for n, d in graph.nodes(data=True))
    edges = sorted((u, v, k, sorted(d.items())) for u, v, k, d in graph.edges(keys=True, data=True))
    return nodes, edges


def sole_strong_reference(
    bundle: Bundle, candidates: list[str], removed: list[str]
) -> dict[str, int]:
    """Successor load from the whole firm's graph, by the analysis's own tie strengths."""
    out: dict[str, int] = {}
    for by_staff in ties(graph_from_bundle(bundle), AS_OF, CFG).values():
        strong = [s for s, t in by_staff.items() if t.strength >= CFG.strong_tie]
        strong = [s for s in strong if s not in removed]
        if len(strong) == 1 and strong[0] in candidates:
            out[strong[0]] = out.get(strong[0], 0) + 1
    return out


@pytest.mark.parametrize("seed", SEEDS)
def test_bulk_extraction_equals_the_hop_by_hop_walk(store, seed):
    bundle = random_firm(seed)
    store.import_bundle(bundle)
    ids = [p.id for p in bundle.projects]
    for max_hops in (0, 1, 2, 4):
        bulk = decision_networks(store, [*ids, "p00", "nope"], max_hops)
        assert sorted(bulk) == ids  # a person and an unknown id are not bids
        for pid in ids:
            assert contents(bulk[pid]) == contents(hop_by_hop(store, pid, max_hops)), (
                pid,
                max_hops,
            )


def reach_contents(hood: Neighbourhood) -> tuple[Any, ...]:
    edges = sorted((e.src, e.type, e.dst, e.qual, sorted(e.props.items())) for e in hood.edges)
    nodes = sorted((i, label, sorted(f.items())) for i, (label, f) in hood.nodes.items())
    return edges, nodes, hood.candidates, hood.bids


def leaver_sets(bundle: Bundle, seed: int) -> list[list[str]]:
    """Every staff member alone, a few random pairs and triples, and ids that are not staff."""
    rng = random.Random(seed)
    staff = [s.id for s in bundle.staff]
    return [[s] for s in staff] + [rng.sample(staff, k) for k in (2, 2, 3)] + [["p00", "nope"]]


@pytest.mark.parametrize("seed", SEEDS)
def test_handover_reach_equals_the_step_by_step_walk(store, seed):
    """The store's one-read neighbourhood against the walk over its generic reads (the same
    code on SQLite; on Neo4j the query checked against it)."""
    bundle = random_firm(seed)
    store.import_bundle(bundle)
    for leavers in leaver_sets(bundle, seed):
        for max_hops in (0, 1, 4):
            assert reach_contents(store.handover_reach(leavers, max_hops, 3)) == reach_contents(
                handover_walk(store, leavers, max_hops, 3)
            ), (leavers, max_hops)


def around_contents(around: Around) -> tuple[Any, ...]:
    edges = sorted((e.src, e.type, e.dst, e.qual, sorted(e.props.items())) for e in around.edges)
    nodes = sorted((i, label, sorted(f.items())) for i, (label, f) in around.nodes.items())
    return edges, nodes


@pytest.mark.parametrize("seed", SEEDS)
def test_person_reach_equals_the_step_by_step_walk(store, seed):
    """A person's surroundings in one read against the walk over the generic reads, for
    every person, a staff member and an unknown id (which reach nothing)."""
    bundle = random_firm(seed)
    store.import_bundle(bundle)
    for person in [*(p.id for p in bundle.people), bundle.staff[0].id, "nope"]:
        for hops in (0, 1, 2):
            assert around_contents(store.person_reach(person, hops)) == around_contents(
                person_walk(store, person, hops)
            ), (person, hops)
    assert store.person_reach("nope", 2).nodes == {}


def accounts_contents(accounts: Accounts) -> tuple[Any, ...]:
    edges = {
        org: sorted((e.src, e.type, e.dst, e.qual, sorted(e.props.items())) for e in found)
        for org, found in accounts.edges.items()
    }
    nodes = sorted((i, label, sorted(f.items())) for i, (label, f) in accounts.nodes.items())
    return edges, nodes


def org_sets(bundle: Bundle, seed: int) -> list[list[str]]:
    """Every organization alone, all of them, a random pair, and ids that are not ones."""
    orgs = [o.id for o in bundle.organizations]
    return [[o] for o in orgs] + [orgs, random.Random(seed).sample(orgs, 2), ["p00", "nope"], []]


@pytest.mark.parametrize("seed", SEEDS)
def test_organization_reach_equals_the_step_by_step_walk(store, seed):
    """Accounts' networks in one read against the walk over the generic reads."""
    bundle = random_firm(seed)
    store.import_bundle(bundle)
    for orgs in org_sets(bundle, seed):
        assert accounts_contents(store.organization_reach(orgs)) == accounts_contents(
            accounts_walk(store, orgs)
        ), orgs
    assert store.organization_reach(["p00", "nope"]).edges == {}


def own_network_by_definition(whole: nx.MultiDiGraph, org: str) -> nx.MultiDiGraph:
    """An account's own network picked out of the whole graph, edge by edge, as defined: the
    relationships into the organization, its people's opinions, staff ties and seats either
    way, and the assignments, seats and competitors on the projects it is client of."""
    people = {u for u, v, d in whole.in_edges(org, data=True) if d["type"] == "WORKS_AT"}
    projects = {u for u, v, d in whole.in_edges(org, data=True) if d["type"] == "FOR_CLIENT"}
    kept = [
        (u, v, k)
        for u, v, k, d in whole.edges(keys=True, data=True)
        if (v == org and d["type"] in ("WORKS_AT", "FOR_CLIENT"))
        or (d["type"] in PEOPLE_TYPES and (u in people or v in people))
        or (d["type"] in ACCOUNT_PROJECT_TYPES and v in projects)
    ]
    graph = nx.MultiDiGraph(whole.edge_subgraph(kept))
    graph.add_node(org, **whole.nodes[org])
    return graph


@pytest.mark.parametrize("seed", SEEDS)
def test_accounts_networks_are_what_the_whole_graph_says(store, seed):
    """Every account's network from the bulk read against the same network picked out of the
    whole bundle's graph by the definition (no store involved)."""
    bundle = random_firm(seed)
    store.import_bundle(bundle)
    whole = graph_from_bundle(bundle)
    orgs = [o.id for o in bundle.organizations]
    found = organization_networks(store, orgs)
    assert sorted(found) == sorted(orgs)
    for org in orgs:
        assert contents(found[org]) == contents(own_network_by_definition(whole, org)), org
        assert contents(organization_network(store, org)) == contents(found[org])


@pytest.mark.parametrize("seed", SEEDS)
def test_ego_reach_equals_the_step_by_step_walk_and_the_whole_graph(store, seed):
    """A node's surroundings in one read against the walk over the generic reads, and the
    ego network against networkx's own ego graph of the whole bundle's graph: every node
    within the hops, ignoring direction, and every relationship among them."""
    bundle = random_firm(seed)
    store.import_bundle(bundle)
    whole = graph_from_bundle(bundle)
    ids = ["o0", "o9", "s0", "P1", *(p.id for p in bundle.people[:6]), "nope"]
    for node in ids:
        for hops in (0, 1, 2):
            assert around_contents(store.ego_reach(node, hops)) == around_contents(
                ego_walk(store, node, hops)
            ), (node, hops)
            if node == "nope":
                continue
            expected = nx.ego_graph(whole, node, radius=hops, undirected=True)
            assert contents(ego_network(store, node, hops)) == contents(expected), (node, hops)
    assert store.ego_reach("nope", 2).nodes == {}


def test_handover_reach_by_hand(store):
    """s1 knows p1 (of o1); p1 influences p2 (seat on B1, open) and reports to p3 (seat on
    B2, lost); p4 influences p1 (upstream: not a bid p1 moves), p1 influences p5 at weight 0;
    s2 knows p2, s3 is in s1's team; every bid is o2's, which no contact works at."""
    bundle = check_bundle(
        {
            "organizations": [{"id": "o1", "name": "O1"}, {"id": "o2", "name": "O2"}],
            "people": [
                {"id": "p1", "name": "P1", "organization_id": "o1", "reports_to": "p3"},
                {"id": "p2", "name": "P2"},
                {"id": "p3", "name": "P3"},
                {"id": "p4", "name": "P4"},
                {"id": "p5", "name": "P5"},
            ],
            "staff": [
                {"id": "s1", "name": "S1", "team": "t"},
                {"id": "s2", "name": "S2"},
                {"id": "s3", "name": "S3", "team": "t"},
            ],
            "projects": [
                {"id": "B1", "name": "B1", "stage": "tender", "client_id": "o2"},
                {"id": "B2", "name": "B2", "stage": "lost", "client_id": "o2"},
                {"id": "B3", "name": "B3", "stage": "lead", "client_id": "o2"},
            ],
            "influences": [
                {"from_id": "p1", "to_id": "p2", "weight": 0.5},
                {"from_id": "p4", "to_id": "p1", "weight": 0.5},
                {"from_id": "p1", "to_id": "p5", "weight": 0.0},
            ],
            "decision_roles": [
                {"person_id": "p2", "project_id": "B1", "role": "decision_maker"},
                {"person_id": "p3", "project_id": "B2", "role": "decision_maker"},
                {"person_id": "p5", "project_id": "B3", "role": "decision_maker"},
                {"person_id": "p4", "project_id": "B3", "role": "decision_maker"},
            ],
            "knows": [
                {"staff_id": "s1", "person_id": "p1", "strength": 0.9},
                {"staff_id": "s2", "person_id": "p2", "strength": 0.6},
            ],
        }
    )
    store.import_bundle(bundle)
    hood = store.handover_reach(["s1"], 4, 50)
    assert hood.bids == ["B1"]  # B2 is lost; B3's seats are upstream or behind a zero weight
    assert hood.candidates == ["s2", "s3"]  # s2 knows p2 in the circle; s3 is a teammate
    kinds = {(e.type, e.src, e.dst) for e in hood.edges}
    assert kinds == {
        ("KNOWS", "s1", "p1"),
        ("KNOWS", "s2", "p2"),
        ("INFLUENCES", "p1", "p2"),
        ("INFLUENCES", "p4", "p1"),
        ("REPORTS_TO", "p1", "p3"),
        ("WORKS_AT", "p1", "o1"),
    }
    assert set(hood.nodes) == {"s1", "s2", "s3", "p1", "p2", "p3", "p4", "o1"}
    assert store.handover_reach(["s1"], 0, 1).bids == []  # p1 holds no seat itself
    assert store.handover_reach(["s1"], 0, 1).candidates == ["s2"]  # teammates: s1 first by id


@pytest.mark.parametrize("seed", SEEDS)
def test_successor_load_counted_in_the_store(store, seed):
    bundle = random_firm(seed)
    store.import_bundle(bundle)
    rng = random.Random(seed)
    staff = [s.id for s in bundle.staff]
    for _ in range(3):
        candidates = sorted(rng.sample(staff, 4))
        removed = sorted(rng.sample(staff, 2))
        expected = sole_strong_reference(bundle, candidates, removed)
        assert store.sole_strong_ties(candidates, removed, AS_OF, CFG) == expected


def test_successor_load_by_hand(store):
    """p1: s1 0.9 and s2 0.6 both strong -> nobody's sole tie; once s2 is removed, s1's.
    p2: s1 0.6, s3 0.9 but s3 has left -> s1's. p3: s1 0.4 -> not strong. p4: s2 met p4 on
    a meeting (1.0) and a call (0.5) on the day: 1 - e^-1.5 = 0.78 -> s2's alone."""
    bundle = check_bundle(
        {
            "people": [{"id": f"p{i}", "name": f"P{i}"} for i in range(1, 5)],
            "staff": [
                {"id": "s1", "name": "S1"},
                {"id": "s2", "name": "S2"},
                {"id": "s3", "name": "S3", "status": "left", "leaves_on": "2026-01-01"},
            ],
            "knows": [
                {"staff_id": "s1", "person_id": "p1", "strength": 0.9},
                {"staff_id": "s2", "person_id": "p1", "strength": 0.6},
                {"staff_id": "s1", "person_id": "p2", "strength": 0.6},
                {"staff_id": "s3", "person_id": "p2", "strength": 0.9},
                {"staff_id": "s1", "person_id": "p3", "strength": 0.4},
            ],
            "interactions": [
                {"staff_id": "s2", "person_id": "p4", "on": "2026-06-01", "kind": "meeting"},
                {"staff_id": "s2", "person_id": "p4", "on": "2026-06-01", "kind": "call"},
            ],
        }
    )
    store.import_bundle(bundle)
    assert store.sole_strong_ties(["s1"], [], AS_OF, CFG) == {"s1": 1}
    assert store.sole_strong_ties(["s1"], ["s2"], AS_OF, CFG) == {"s1": 2}
    assert store.sole_strong_ties(["s1", "s2"], [], AS_OF, CFG) == {"s1": 1, "s2": 1}
    assert store.sole_strong_ties(["s2"], [], AS_OF, CFG) == {"s2": 1}


@pytest.mark.neo4j
def test_both_stores_extract_identical_graphs():
    need(neo4j_url() is not None, "no Neo4j: set GRAPHMAP_TEST_NEO4J_URI")
    neo = fresh_neo4j_store()
    try:
        for seed in SEEDS:
            bundle = random_firm(seed)
            lite = SQLiteStore(":memory:")
            lite.import_bundle(bundle)
            neo.wipe_everything()
            neo.import_bundle(bundle)
            ids = [p.id for p in bundle.projects]
            for max_hops in (1, 4):
                ours, theirs = (decision_networks(s, ids, max_hops) for s in (lite, neo))
                assert {k: contents(g) for k, g in ours.items()} == {
                    k: contents(g) for k, g in theirs.items()
                }
            for leavers in leaver_sets(bundle, seed):
                hoods = [reach_contents(s.handover_reach(leavers, 4, 3)) for s in (lite, neo)]
                assert hoods[0] == hoods[1], leavers
            for person in [p.id for p in bundle.people][:8]:
                arounds = [around_contents(s.person_reach(person, 2)) for s in (lite, neo)]
                assert arounds[0] == arounds[1], person
            for node in ["o0", "s1", "P2", "p03"]:
                egos = [around_contents(s.ego_reach(node, 2)) for s in (lite, neo)]
                assert egos[0] == egos[1], node
            for orgs in org_sets(bundle, seed):
                accounts = [accounts_contents(s.organization_reach(orgs)) for s in (lite, neo)]
                assert accounts[0] == accounts[1], orgs
            for leavers in leaver_sets(bundle, seed)[:-1]:
                ours, theirs = (handover_network(s, leavers, AS_OF, CFG) for s in (lite, neo))
                assert contents(ours.neighbourhood) == contents(theirs.neighbourhood)
                assert {k: contents(g) for k, g in ours.bids.items()} == {
                    k: contents(g) for k, g in theirs.bids.items()
                }
                assert ours.load == theirs.load
            staff = [s.id for s in bundle.staff]
            assert lite.sole_strong_ties(staff, ["s0"], AS_OF, CFG) == neo.sole_strong_ties(
                staff, ["s0"], AS_OF, CFG
            )
            lite.close()
    finally:
        neo.close()


@pytest.mark.parametrize("bound", [-1, 13, 2.0, "4; MATCH (n) DETACH DELETE n", True])
def test_a_hop_bound_outside_the_whitelist_is_refused(store, bound):
    with pytest.raises(InvalidInput, match="max_hops"):
        store.decision_reach(["P1"], bound)


def test_every_write_changes_the_data_version_and_reads_do_not(store):
    bundle = random_firm(1)
    first = store.data_version()
    store.import_bundle(bundle)
    second = store.data_version()
    assert second != first
    store.stats()
    decision_networks(store, ["P0"], 4)
    assert store.data_version() == second
    with pytest.raises(InvalidInput):  # rejected: nothing written, nothing changes
        store.import_bundle({"people": [{"id": "x"}]})
    assert store.data_version() == second
    store.delete_edge("KNOWS", bundle.knows[0].staff_id, bundle.knows[0].person_id)
    third = store.data_version()
    store.delete_node("Person", "p05")
    assert len({first, second, third, store.data_version()}) == 4


def test_a_write_through_another_connection_changes_the_version(tmp_path):
    """Two processes on one SQLite file: each sees the other's writes in the version."""
    one, two = SQLiteStore(tmp_path / "g.db"), SQLiteStore(tmp_path / "g.db")
    before = one.data_version()
    two.import_bundle(random_firm(2))
    assert one.data_version() != before
    one.close()
    two.close()


@pytest.mark.neo4j
def test_a_neo4j_wipe_starts_a_new_version_epoch():
    need(neo4j_url() is not None, "no Neo4j: set GRAPHMAP_TEST_NEO4J_URI")
    store = fresh_neo4j_store()
    try:
        store.import_bundle(random_firm(3))
        before = store.data_version()
        store.wipe_everything()
        store.import_bundle(random_firm(3))
        assert store.data_version().split(":")[0] != before.split(":")[0]
    finally:
        store.close()


@pytest.mark.neo4j
def test_both_stores_answer_the_demo_alike(demo, tmp_path):
    """Every analysis that reads a bulk extraction, on the demo firm, byte for byte."""
    need(neo4j_url() is not None, "no Neo4j: set GRAPHMAP_TEST_NEO4J_URI")
    neo, lite = fresh_neo4j_store(), SQLiteStore(tmp_path / "demo.db")
    today = DEMO_TODAY

    def answers(store: GraphStore) -> list[str]:
        store.import_bundle(demo)
        bids = [p.id for p in demo.projects][:4]
        staff = [s.id for s in demo.staff if s.status != "left"][:3]
        found: list[Any] = [influence_report(store, b, today, CFG) for b in bids]
        found += [handover_report(store, [s], Mode.LEAVE, today, CFG) for s in staff]
        found += [
            pipeline(store, today, CFG),
            alerts(store, today, CFG, within=90),
            segment_report(store, today, CFG),
            depth_report(store, today, CFG),
            accounts_by_risk(store, today, CFG),
        ]
        return [
            TypeAdapter(type(f)).dump_json(f).decode()
            if isinstance(f, list)
            else f.model_dump_json()
            for f in found
        ]

    try:
        assert answers(lite) == answers(neo)
    finally:
        neo.close()
        lite.close()
