"""Bid influence: the worked example by hand, the closed form against iterated opinion
dynamics, the model's properties, and clear errors."""

from __future__ import annotations

import copy
import itertools
import math
import random
from datetime import date
from fractions import Fraction as F

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from graphmap.analysis.influence import (
    SINK,
    Shares,
    bid_influence,
    decision_shares,
    distances_to_seats,
    explain,
    walk_graph,
)
from graphmap.bundle import check_bundle
from graphmap.config import AnalysisConfig
from graphmap.errors import InvalidInput, NotFound
from graphmap.model import OPEN_STAGES
from graphmap.service import influence_report
from graphmap.store.graph import graph_from_bundle
from tests.conftest import fresh_neo4j_store, need, neo4j_url
from tests.fixtures import WORKED, worked_bundle

CFG = AnalysisConfig()  # α = 1/2, manager pull 0.6, report pull 0.3
AS_OF = date(2026, 11, 22)

# Worked by hand in docs/analysis.md ("A worked example"):
#   yᵀ(I - ΛŴ) = aᵀ with a = (A 3/5, B 2/5); y_A = 537/806, y_B = 1869/4030,
#   y_C = 1249/6448, y_D = 89/1612, y_E = 89/6448; share = y·(1 - λ).
EXPECTED = {
    "A": F(1074, 2015),
    "B": F(1869, 8060),
    "C": F(1249, 6448),
    "D": F(89, 3224),
    "E": F(89, 6448),
}
COVERAGE = {"A": F(1, 2), "B": F(0), "C": F(7, 10), "D": F(0), "E": F(0)}
STANCE = {"A": F(1, 2), "B": F(-1, 2), "C": F(1), "D": F(0), "E": F(0)}


def report():
    return bid_influence(graph_from_bundle(worked_bundle()), "BID", AS_OF, CFG)


def _exact_shares_from_the_fixture() -> dict[str, F]:
    """A second derivation in exact arithmetic, read from the WORKED bundle with the documented
    rules (no graphmap code): pulls into each person (influences, manager 0.6, report 0.3)
    normalised, λ = susceptibility or α, solve yᵀ(I − ΛŴ) = aᵀ by Gauss–Jordan, c = y(1 − λ)."""
    people = {p["id"]: p for p in WORKED["people"]}
    pulls: dict[str, dict[str, F]] = {i: {} for i in people}
    for edge in WORKED["influences"]:
        pulls[edge["to_id"]][edge["from_id"]] = F(str(edge["weight"]))
    for person in people.values():
        boss = person.get("reports_to")
        if boss:
            pulls[person["id"]][boss] = F(3, 5)  # the manager pulls the report
            pulls[boss][person["id"]] = F(3, 10)  # the report pulls the manager
    lam = {
        i: (F(str(p["susceptibility"])) if "susceptibility" in p else F(1, 2)) if pulls[i] else F(0)
        for i, p in people.items()
    }
    seats = {s["person_id"]: F(str(s["authority"])) for s in WORKED["decision_roles"]}
    a = {i: seats.get(i, F(0)) / sum(seats.values()) for i in people}
    ids = sorted(people)
    # column j of yᵀ(I − P) = aᵀ:  y_j − Σ_i y_i P_ij = a_j,  P_ij = λ_i Ŵ_ij
    rows = []
    for j in ids:
        row = [F(int(i == j)) for i in ids]
        for k, i in enumerate(ids):
            total = sum(pulls[i].values())
            if j in pulls[i]:
                row[k] -= lam[i] * pulls[i][j] / total
        rows.append([*row, a[j]])
    for col in range(len(ids)):
        pivot = next(r for r in range(col, len(ids)) if rows[r][col] != 0)
        rows[col], rows[pivot] = rows[pivot], rows[col]
        rows[col] = [v / rows[col][col] for v in rows[col]]
        for r in range(len(ids)):
            if r != col and rows[r][col] != 0:
                rows[r] = [v - rows[r][col] * w for v, w in zip(rows[r], rows[col], strict=True)]
    return {i: rows[k][-1] * (1 - lam[i]) for k, i in enumerate(ids)}


def test_hand_worked_shares_follow_from_the_fixture():
    """The hand derivation in docs/analysis.md and the fixture bundle say the same bid."""
    assert _exact_shares_from_the_fixture() == EXPECTED
    assert sum(EXPECTED.values()) == 1


def test_worked_example_shares_forecast_and_gaps_exactly():
    result = report()
    by_id = {p.person_id: p for p in result.people}
    for person, share in EXPECTED.items():
        assert by_id[person].share == pytest.approx(float(share), abs=1e-12), person
        assert by_id[person].coverage == pytest.approx(float(COVERAGE[person]), abs=1e-12)
        gap = share * (1 - COVERAGE[person])
        assert by_id[person].leverage_gap == pytest.approx(float(gap), abs=1e-12), person
    forecast = sum(EXPECTED[p] * STANCE[p] for p in EXPECTED)
    assert result.support_forecast == pytest.approx(float(forecast), abs=1e-12)
    assert result.unknown_stance_share == pytest.approx(float(EXPECTED["D"]), abs=1e-12)
    uncovered = sum(EXPECTED[p] * (1 - COVERAGE[p]) for p in EXPECTED)
    assert result.uncovered_share == pytest.approx(float(uncovered), abs=1e-12)
    assert result.opposed_share == pytest.approx(float(EXPECTED["B"]), abs=1e-12)


def test_worked_example_order_rank_and_seats():
    result = report()
    # ordered by leverage gap: A 537/2015, B 1869/8060, C 3747/64480, D, E
    assert [p.person_id for p in result.people] == ["A", "B", "C", "D", "E"]
    assert {p.person_id: p.rank for p in result.people} == {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5}
    by_id = {p.person_id: p for p in result.people}
    assert by_id["C"].role is None and by_id["A"].role == "economic_buyer"
    assert by_id["A"].authority == pytest.approx(0.6)
    assert by_id["A"].strongest_tie.staff_id == "S1"
    assert by_id["B"].strongest_tie is None  # S3 has left


def test_explanation_paths_are_the_walk_terms():
    """C's walks to the seats: C→B·a_B = 5/21·2/5 = 2/21; C→A·a_A = 1/8·3/5 = 3/40;
    C→B→A = 5/21·3/40·3/5 = 3/280 (λ_C = 0, so C keeps its whole view)."""
    paths = {
        tuple(p.nodes): p.contribution
        for p in next(p for p in report().people if p.person_id == "C").paths
    }
    assert list(paths) == [("C", "B"), ("C", "A"), ("C", "B", "A")]
    assert paths[("C", "B")] == pytest.approx(2 / 21)
    assert paths[("C", "A")] == pytest.approx(3 / 40)
    assert paths[("C", "B", "A")] == pytest.approx(3 / 280)


def test_warm_paths_by_hand():
    """S1 knows A (0.5) and C (0.5); C sways B at 1.0, B sways D at 1.0, E sways D at 1.0."""
    warm = {p.person_id: p.warm_path for p in report().people}
    assert warm["A"].nodes == ["S1", "A"] and warm["A"].strength == pytest.approx(0.5)
    assert warm["B"].nodes == ["S1", "C", "B"] and warm["B"].strength == pytest.approx(0.5)
    assert warm["E"].nodes == ["S1", "C", "B", "D", "E"]
    assert "S3" not in {n for p in warm.values() for n in p.nodes}


def test_competitor_and_notes():
    result = report()
    assert [c.organization_id for c in result.competitor_exposure] == ["riv"]
    assert result.competitor_exposure[0].insider_share == 0
    assert result.truncation_bound == pytest.approx(0.5**4)


# -- the closed form against the dynamics -----------------------------------------------------


@st.composite
def networks(draw):
    n = draw(st.integers(2, 7))
    ids = [f"p{i}" for i in range(n)]
    people = []
    for i, pid in enumerate(ids):
        person = {"id": pid, "name": pid, "organization_id": "o"}
        if i and draw(st.booleans()):
            person["reports_to"] = ids[draw(st.integers(0, i - 1))]
        if draw(st.booleans()):
            person["susceptibility"] = draw(st.floats(0, 0.95))
        people.append(person)
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=14, unique=True)
    )
    influences = [
        {"from_id": a, "to_id": b, "weight": draw(st.floats(0.01, 1))} for a, b in pairs if a != b
    ]
    seats = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=n, unique=True))
    roles = [
        {
            "person_id": p,
            "project_id": "bid",
            "role": "decision_maker",
            "authority": draw(st.floats(0.05, 1)),
        }
        for p in seats
    ]
    return {
        "organizations": [{"id": "o", "name": "O"}],
        "people": people,
        "projects": [{"id": "bid", "name": "Bid", "client_id": "o"}],
        "influences": influences,
        "decision_roles": roles,
    }


def iterate_dynamics(raw, config=CFG):
    """Second method: run x ← (I - Λ)s + ΛŴx from each unit view s = e_j until it settles,
    with Ŵ and Λ built here from the raw records, then read off share_j = a·x(e_j)."""
    ids = [p["id"] for p in raw["people"]]
    k = {p: i for i, p in enumerate(ids)}
    n = len(ids)
    pull = np.zeros((n, n))
    for e in raw["influences"]:
        pull[k[e["to_id"]], k[e["from_id"]]] += e["weight"]
    for p in raw["people"]:
        if "reports_to" in p:
            pull[k[p["id"]], k[p["reports_to"]]] += config.manager_weight
            pull[k[p["reports_to"]], k[p["id"]]] += config.report_weight
    lam = np.zeros(n)
    for p in raw["people"]:
        if pull[k[p["id"]]].sum() > 0:
            lam[k[p["id"]]] = p.get("susceptibility", config.alpha)
    rows = pull.sum(axis=1, keepdims=True)
    w_hat = np.divide(pull, rows, out=np.zeros_like(pull), where=rows > 0)
    a = np.zeros(n)
    for seat in raw["decision_roles"]:
        a[k[seat["person_id"]]] = seat["authority"]
    a /= a.sum()
    views = np.eye(n)
    x = views.copy()
    for _ in range(200_000):
        nxt = (1 - lam)[:, None] * views + lam[:, None] * (w_hat @ x)
        if np.abs(nxt - x).max() < 1e-15:
            break
        x = nxt
    return {p: float(a @ x[:, k[p]]) for p in ids}


@settings(max_examples=120, deadline=None)
@given(networks())
def test_closed_form_equals_iterated_dynamics(raw):
    bundle = check_bundle(raw)
    shares = decision_shares(graph_from_bundle(bundle), "bid", CFG).share
    expected = iterate_dynamics(raw)
    for person, value in expected.items():
        assert shares[person] == pytest.approx(value, abs=1e-9)


@settings(max_examples=120, deadline=None)
@given(networks())
def test_shares_are_non_negative_and_sum_to_one(raw):
    shares = decision_shares(graph_from_bundle(check_bundle(raw)), "bid", CFG).share
    assert all(v >= 0 for v in shares.values())
    assert sum(shares.values()) == pytest.approx(1.0, abs=1e-9)


@settings(max_examples=80, deadline=None)
@given(networks(), st.data())
def test_raising_an_influence_weight_never_lowers_the_influencer_share(raw, data):
    if not raw["influences"]:
        return
    k = data.draw(st.integers(0, len(raw["influences"]) - 1))
    before = decision_shares(graph_from_bundle(check_bundle(raw)), "bid", CFG).share
    stronger = copy.deepcopy(raw)
    edge = stronger["influences"][k]
    edge["weight"] = min(1.0, edge["weight"] + data.draw(st.floats(0.01, 1.0)))
    after = decision_shares(graph_from_bundle(check_bundle(stronger)), "bid", CFG).share
    assert after[edge["from_id"]] >= before[edge["from_id"]] - 1e-12


def test_no_path_to_a_seat_means_share_zero():
    raw = copy.deepcopy(WORKED)
    raw["people"].append({"id": "Z", "name": "Zed", "organization_id": "cli"})
    raw["influences"].append({"from_id": "A", "to_id": "Z", "weight": 1.0})  # Z only listens
    shares = decision_shares(graph_from_bundle(check_bundle(raw)), "BID", CFG).share
    assert shares["Z"] == 0


def test_a_stubborn_sole_seat_holds_everything():
    raw = copy.deepcopy(WORKED)
    raw["influences"] = [e for e in raw["influences"] if e["to_id"] != "A"]
    raw["people"][1].pop("reports_to")  # nobody sways A now
    raw["decision_roles"] = [{"person_id": "A", "project_id": "BID", "role": "economic_buyer"}]
    shares = decision_shares(graph_from_bundle(check_bundle(raw)), "BID", CFG).share
    assert shares["A"] == 1.0 and sum(shares.values()) == 1.0


def test_fully_susceptible_people_who_only_hear_each_other_are_an_error():
    raw = copy.deepcopy(WORKED)
    raw["influences"] = [
        {"from_id": "A", "to_id": "B", "weight": 1.0},
        {"from_id": "B", "to_id": "A", "weight": 1.0},
    ]
    for p in raw["people"][:2]:
        p["susceptibility"] = 1.0
        p.pop("reports_to", None)
    with pytest.raises(InvalidInput, match="never settle"):
        decision_shares(graph_from_bundle(check_bundle(raw)), "BID", CFG)


def test_explain_nothing_for_zero_share():
    shares = decision_shares(graph_from_bundle(worked_bundle()), "BID", CFG)
    shares.share["E"] = 0.0
    assert explain(shares, walk_graph(shares), "E", 3) == []


# -- errors through the store ------------------------------------------------------------------


def test_clear_errors(sqlite_store):
    sqlite_store.import_bundle(worked_bundle())
    with pytest.raises(NotFound, match="no project with id 'NOPE'"):
        influence_report(sqlite_store, "NOPE", AS_OF, CFG)
    sqlite_store.import_bundle({"projects": [{"id": "EMPTY", "name": "E", "client_id": "cli"}]})
    with pytest.raises(InvalidInput, match="has no decision seats"):
        influence_report(sqlite_store, "EMPTY", AS_OF, CFG)
    sqlite_store.import_bundle(
        {
            "decision_roles": [
                {"person_id": "A", "project_id": "EMPTY", "role": "user", "authority": 0},
                {"person_id": "B", "project_id": "EMPTY", "role": "user", "authority": 0},
            ]
        }
    )
    with pytest.raises(InvalidInput, match="authority of all its seats is zero"):
        influence_report(sqlite_store, "EMPTY", AS_OF, CFG)
    with pytest.raises(InvalidInput, match=r"influences\[0\].weight"):
        sqlite_store.import_bundle({"influences": [{"from_id": "A", "to_id": "B", "weight": 1.5}]})


@pytest.mark.neo4j
def test_neo4j_gives_the_same_reports_as_sqlite(demo):
    """Both stores, the same bundle: the same influence report, field for field."""
    from graphmap.store.sqlite import SQLiteStore

    need(neo4j_url() is not None, "no Neo4j: start tools/neo4j-dev (make test does both)")
    embedded, team = SQLiteStore(":memory:"), fresh_neo4j_store()
    try:
        for store in (embedded, team):
            store.import_bundle(demo)
        for bid in ("prj-001", "prj-002", "prj-007", "prj-013"):
            mine = influence_report(team, bid, AS_OF, CFG)
            assert mine.model_dump() == influence_report(embedded, bid, AS_OF, CFG).model_dump()
    finally:
        embedded.close()
        team.close()


def test_demo_has_a_bid_led_by_someone_without_a_seat(sqlite_store, demo):
    sqlite_store.import_bundle(demo)
    seated = {s.project_id for s in demo.decision_roles}  # one demo lead is not mapped yet
    open_bids = [p.id for p in demo.projects if p.stage in OPEN_STAGES and p.id in seated]
    found = []
    for bid in open_bids:
        result = influence_report(sqlite_store, bid, AS_OF, CFG)
        top = min(result.people, key=lambda p: p.rank)
        if top.role is None:
            found.append(bid)
            assert any("holds no seat" in note and top.name in note for note in result.notes)
    assert "prj-001" in found


def _random_walk_model(seed: int, acyclic: bool) -> tuple[Shares, nx.DiGraph]:
    """A random solved model: influence among 12 people, seats among the last four."""
    rng = random.Random(seed)
    people = [f"q{i:02d}" for i in range(12)]
    influence: dict[str, dict[str, float]] = {p: {} for p in people}
    for i, p in enumerate(people):
        for j, q in enumerate(people):
            if i != j and (j > i or not acyclic) and rng.random() < 0.3:
                influence[q][p] = rng.uniform(0.05, 0.6)  # p pulls on q: a walk p -> q
    seats = people[-4:]
    authority = {s: rng.uniform(0.1, 1.0) for s in seats}
    shares = Shares(
        people=people,
        share=dict.fromkeys(people, 0.1),
        authority=authority,
        role={},
        susceptibility={p: rng.uniform(0.2, 0.9) for p in people},
        influence=influence,
    )
    return shares, walk_graph(shares)


def _yen(shares: Shares, walk: nx.DiGraph, person: str, limit: int) -> list[tuple[list, float]]:
    """The method ``explain`` replaced: Yen's k shortest simple paths to the decision."""
    if person not in walk or not nx.has_path(walk, person, SINK):
        return []
    keep = 1.0 - shares.susceptibility[person]
    out = []
    for path in itertools.islice(nx.shortest_simple_paths(walk, person, SINK, "cost"), limit):
        cost = 0.0
        for u, v in itertools.pairwise(path):
            cost += walk[u][v]["cost"]
        out.append((path[:-1], keep * math.exp(-cost)))
    return out


@pytest.mark.parametrize("seed", range(20))
def test_best_first_explanations_equal_yen_on_acyclic_graphs(seed):
    """Without cycles every walk is a simple path: both methods list the same terms."""
    shares, walk = _random_walk_model(seed, acyclic=True)
    to_seats = distances_to_seats(walk)
    for person in shares.people:
        ours = explain(shares, walk, person, 5, to_seats)
        theirs = _yen(shares, walk, person, 5)
        assert [p for p, _ in ours] == [p for p, _ in theirs]
        assert [c for _, c in ours] == pytest.approx([c for _, c in theirs], rel=1e-12)


@pytest.mark.parametrize("seed", range(20))
def test_best_first_explanations_keep_yens_order_among_simple_paths(seed):
    """With cycles the walks that revisit someone come in too; those that do not are
    exactly Yen's paths, in Yen's order."""
    shares, walk = _random_walk_model(seed, acyclic=False)
    to_seats = distances_to_seats(walk)
    for person in shares.people:
        ours = explain(shares, walk, person, 8, to_seats)
        simple = [(p, c) for p, c in ours if len(set(p)) == len(p)]
        theirs = _yen(shares, walk, person, len(simple))
        assert [p for p, _ in simple] == [p for p, _ in theirs]
        assert [c for _, c in simple] == pytest.approx([c for _, c in theirs], rel=1e-12)


@settings(max_examples=150, deadline=None)
@given(networks())
def test_the_dense_system_is_built_bit_for_bit_as_the_sparse_one_was(raw):
    """Small systems are built dense directly; the shares equal, to the last bit, those of the
    sparse matrix unpacked before the solve (how they were computed before)."""
    graph = graph_from_bundle(check_bundle(raw))
    found = decision_shares(graph, "bid", CFG)
    index = {p: k for k, p in enumerate(found.people)}
    n = len(found.people)
    rows, cols, vals = [], [], []
    for i, row in found.influence.items():
        for j, w in row.items():
            rows.append(index[i])
            cols.append(index[j])
            vals.append(found.susceptibility[i] * w)
    matrix = sparse.identity(n, format="csc") - sparse.csc_matrix(
        (vals, (cols, rows)), shape=(n, n)
    )
    a = np.zeros(n)
    for p, weight in found.authority.items():
        a[index[p]] = weight
    y = np.atleast_1d(np.linalg.solve(matrix.toarray(), a))
    for p in found.people:
        assert found.share[p] == max(0.0, float(y[index[p]] * (1.0 - found.susceptibility[p])))
