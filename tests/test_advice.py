"""Advice a sales lead acts on: the action plan, who may start a path, which ties exist, and
explanations that hold up. Expected values are worked out by hand in the comments."""

from __future__ import annotations

import copy
import math
from datetime import date
from fractions import Fraction as F

import networkx as nx
import pytest
from hypothesis import given, settings

from graphmap.analysis.influence import (
    SINK,
    bid_influence,
    decision_shares,
    explain,
    walk_graph,
)
from graphmap.bundle import check_bundle
from graphmap.config import AnalysisConfig
from graphmap.service import influence_report
from graphmap.store.graph import graph_from_bundle
from tests.fixtures import WORKED
from tests.test_influence import networks

CFG = AnalysisConfig()
AS_OF = date(2026, 11, 22)


def worked(**staff_changes: dict) -> dict:
    raw = copy.deepcopy(WORKED)
    for staff in raw["staff"]:
        staff.update(staff_changes.get(staff["id"], {}))
    return raw


def run(raw: dict, config: AnalysisConfig = CFG):
    return bid_influence(graph_from_bundle(check_bundle(raw)), "BID", AS_OF, config)


# -- the action plan ---------------------------------------------------------------------------


def test_action_plan_of_the_worked_example():
    """Shares (docs/analysis.md): A 1074/2015 covered 0.5 (not below the strong tie 0.5),
    B 1869/8060 uncovered, C 1249/6448 covered 0.7, D 89/3224 and E 89/6448 below 5%.
    So one action: B, through S1 → C (S1 knows C at 0.5) → B (C sways B at 1.0): 0.5."""
    report = run(WORKED)
    assert [a.person_id for a in report.actions] == ["B"]
    b = report.actions[0]
    assert b.share == pytest.approx(float(F(1869, 8060)), abs=1e-12)
    assert b.coverage == 0 and b.share_rank == 2
    assert b.introducer_id == "S1" and b.path == ["S1", "C", "B"]
    assert b.path_strength == pytest.approx(0.5)
    assert "Sam Lead can reach them through Cal Advisor" in b.why


def test_action_threshold_is_configurable_and_the_plan_ordered_by_leverage_gap():
    """At 1%: D (89/3224 ≈ 2.8%) and E (89/6448 ≈ 1.4%), both unknown to us, join B.
    D is reached S1 → C → B → D (0.5·1·1) and E one step further (E sways D at 1.0)."""
    report = run(WORKED, CFG.with_overrides(action_share=0.01))
    assert [a.person_id for a in report.actions] == ["B", "D", "E"]
    by_id = {a.person_id: a for a in report.actions}
    assert by_id["D"].path == ["S1", "C", "B", "D"]
    assert by_id["E"].path == ["S1", "C", "B", "D", "E"]
    assert by_id["E"].path_strength == pytest.approx(0.5)


def test_no_path_starts_at_someone_who_is_leaving():
    """S1 leaves in 2027, after the as-of date: still counts for coverage today (A stays at
    0.5, so no action for A), but starts no introduction. B is then reached S2 → C → B at
    0.4 · 1.0, and the report says S1 was passed over and why."""
    report = run(worked(S1={"status": "leaving", "leaves_on": "2027-03-01"}))
    assert [a.person_id for a in report.actions] == ["B"]
    b = report.actions[0]
    assert b.path == ["S2", "C", "B"] and b.path_strength == pytest.approx(0.4)
    assert [(p.staff_id, p.reason) for p in report.passed_over] == [("S1", "leaving on 2027-03-01")]
    starts = {p.warm_path.nodes[0] for p in report.people if p.warm_path}
    assert starts == {"S2"}


def test_nobody_available_means_no_introducer_and_says_so():
    leaving = {"status": "leaving", "leaves_on": "2027-03-01"}
    report = run(worked(S1=leaving, S2=leaving))
    b = next(a for a in report.actions if a.person_id == "B")
    assert b.introducer_id is None and b.path is None and b.path_strength is None
    assert "No one available reaches them" in b.why
    assert all(p.warm_path is None for p in report.people)


def test_a_leaving_holder_of_the_only_tie_is_named_in_why():
    """S2 (leaving) is the only one who knows B a little (0.2 < strong 0.5): B still needs an
    action, and the why says S2 knows B but is leaving."""
    raw = worked(S2={"status": "leaving", "leaves_on": "2027-02-01"})
    raw["knows"].append({"staff_id": "S2", "person_id": "B", "strength": 0.2})
    b = next(a for a in run(raw).actions if a.person_id == "B")
    assert b.coverage == pytest.approx(0.2)
    assert "Sky Estimator knows them but is leaving on 2027-02-01" in b.why
    assert b.path[0] == "S1"


# -- ties that do not exist --------------------------------------------------------------------


@pytest.mark.parametrize(
    "tie",
    [
        {"knows": {"staff_id": "S2", "person_id": "B", "strength": 0.0}},
        {
            "knows": {
                "staff_id": "S2",
                "person_id": "B",
                "strength": 0.9,
                "last_contact": "2027-01-05",
            }
        },
        {
            "interactions": {
                "staff_id": "S2",
                "person_id": "B",
                "on": "2026-12-01",
                "kind": "meeting",
            }
        },
    ],
    ids=["zero-strength", "knows-after-as-of", "meeting-after-as-of"],
)
def test_ties_that_do_not_exist_as_of_the_date_are_not_listed(tie):
    raw = copy.deepcopy(WORKED)
    for section, record in tie.items():
        raw.setdefault(section, []).append(record)
    b = next(p for p in run(raw).people if p.person_id == "B")
    assert b.strongest_tie is None and b.coverage == 0 and b.ties == []


def test_coverage_lists_every_tie_that_makes_it_up():
    """C: S1 0.5 and S2 0.4 → 1 − 0.5·0.6 = 0.7; both ties listed, strongest first."""
    c = next(p for p in run(WORKED).people if p.person_id == "C")
    assert [(t.staff_id, t.strength) for t in c.ties] == [("S1", 0.5), ("S2", 0.4)]
    assert c.coverage == pytest.approx(1 - (1 - 0.5) * (1 - 0.4))


# -- zero weight = no edge ---------------------------------------------------------------------

CHAIN = {
    "organizations": [{"id": "o", "name": "O"}],
    "people": [{"id": x, "name": x, "organization_id": "o"} for x in "SABCD"],
    "projects": [{"id": "BID", "name": "Bid", "client_id": "o", "stage": "tender"}],
    "influences": [
        {"from_id": "A", "to_id": "S", "weight": 1.0},
        {"from_id": "B", "to_id": "A", "weight": 1.0},
        {"from_id": "C", "to_id": "B", "weight": 1.0},
        {"from_id": "D", "to_id": "C", "weight": 1.0},
        {"from_id": "C", "to_id": "S", "weight": 0.0},  # no edge at all
    ],
    "decision_roles": [{"person_id": "S", "project_id": "BID", "role": "decision_maker"}],
}


def test_a_zero_weight_influence_pulls_nobody_in(store):
    """With max_hops 2 the network is S, A (1 hop), B (2 hops); B has no influencer inside, so
    λ_B = 0 and the shares are S ½, A ½·½ = ¼, B ½·½·1 = ¼. The 0-weight C→S must not bring
    C in at one hop (which would give B an influencer and change B's share)."""
    store.import_bundle(CHAIN)
    report = influence_report(store, "BID", AS_OF, CFG.with_overrides(max_hops=2))
    shares = {p.person_id: p.share for p in report.people}
    assert shares == pytest.approx({"S": 0.5, "A": 0.25, "B": 0.25}, abs=1e-12)


# -- explanations: the largest walk terms, revisits included -----------------------------------

PAIR = {
    "organizations": [{"id": "o", "name": "O"}],
    "people": [{"id": "a", "name": "a", "organization_id": "o"}, {"id": "b", "name": "b"}],
    "projects": [{"id": "BID", "name": "Bid", "client_id": "o"}],
    "influences": [
        {"from_id": "a", "to_id": "b", "weight": 1.0},
        {"from_id": "b", "to_id": "a", "weight": 1.0},
    ],
    "decision_roles": [{"person_id": "a", "project_id": "BID", "role": "decision_maker"}],
}


def test_walks_that_revisit_are_listed_when_larger():
    """a ⇄ b, a seated, λ = ½ both: a's share = ½ / (1 − ¼) = ⅔, made of the walks a (½),
    a→b→a (½·½·½ = ⅛), a→b→a→b→a (1/32): 21/32 of ⅔ explained = 63/64."""
    report = run(PAIR)
    a = next(p for p in report.people if p.person_id == "a")
    assert a.share == pytest.approx(2 / 3, abs=1e-12)
    assert [(p.nodes, p.contribution) for p in a.paths] == [
        (["a"], pytest.approx(1 / 2)),
        (["a", "b", "a"], pytest.approx(1 / 8)),
        (["a", "b", "a", "b", "a"], pytest.approx(1 / 32)),
    ]
    assert a.explained_share == pytest.approx(63 / 64, abs=1e-12)


def all_walks_up_to(walk: nx.DiGraph, start: str, bound: float) -> list[tuple[float, list]]:
    """Second method: every walk start → SINK of cost ≤ bound, by depth-first enumeration."""
    found, stack = [], [(0.0, [start])]
    while stack:
        cost, path = stack.pop()
        for nxt, edge in walk[path[-1]].items():
            step = cost + edge["cost"]
            if step > bound + 1e-9:
                continue
            if nxt == SINK:
                found.append((step, path))
            else:
                stack.append((step, [*path, nxt]))
            assert len(stack) < 200_000, "enumeration too large for this test"
    return sorted(found, key=lambda x: x[0])


@settings(max_examples=60, deadline=None)
@given(networks())
def test_explanations_are_the_largest_walk_terms(raw):
    """Against an exhaustive enumeration of walks: the listed terms are the largest ones."""
    for person in raw["people"]:  # keep terms far from float underflow and cycles finite
        person["susceptibility"] = min(max(person.get("susceptibility", 0.5), 0.05), 0.7)
    shares = decision_shares(graph_from_bundle(check_bundle(raw)), "bid", CFG)
    walk = walk_graph(shares)
    for person in shares.people:
        listed = explain(shares, walk, person, 3)
        if not listed:
            continue
        keep = 1 - shares.susceptibility[person]
        bound = -math.log(listed[-1][1] / keep)
        exhaustive = all_walks_up_to(walk, person, bound)
        expected = [keep * math.exp(-c) for c, _ in exhaustive][: len(listed)]
        assert [c for _, c in listed] == pytest.approx(expected, rel=1e-9)
        assert sum(c for _, c in listed) <= shares.share[person] + 1e-12


# -- notes: counts match lists ------------------------------------------------------------------


def test_every_count_in_a_note_equals_its_list():
    """Five uncovered people above 5%: the seat (½) and its four equal influencers (⅛ each)."""
    raw = {
        "organizations": [{"id": "o", "name": "O"}],
        "people": [{"id": x, "name": f"Person {x}", "organization_id": "o"} for x in "SPQRT"],
        "projects": [{"id": "BID", "name": "Bid", "client_id": "o"}],
        "influences": [{"from_id": x, "to_id": "S", "weight": 1.0} for x in "PQRT"],
        "decision_roles": [{"person_id": "S", "project_id": "BID", "role": "decision_maker"}],
    }
    report = run(raw)
    note = next(n for n in report.notes if n.startswith("No strong relationship"))
    assert "with 5 people" in note and note.count("Person ") == 5
    assert len(report.actions) == 5


# -- truncation: where the share of outside influencers goes ------------------------------------

EDGE = {
    "organizations": [{"id": "o", "name": "O"}],
    "people": [{"id": x, "name": x, "organization_id": "o"} for x in ("S", "P", "X")],
    "projects": [{"id": "BID", "name": "Bid", "client_id": "o"}],
    "influences": [
        {"from_id": "P", "to_id": "S", "weight": 1.0},
        {"from_id": "S", "to_id": "P", "weight": 0.1},  # inside influencer of P
        {"from_id": "X", "to_id": "P", "weight": 0.9},  # outside at --max-hops 1
    ],
    "decision_roles": [{"person_id": "S", "project_id": "BID", "role": "decision_maker"}],
}


@pytest.mark.parametrize(
    ("max_hops", "expected"),
    [
        # whole network: visits v_S = 1 + ½·0.1·v_P, v_P = ½·v_S → v_S = 40/39, v_P = 20/39;
        # shares S 20/39, P 10/39, X ½·0.9·20/39 = 9/39
        (2, {"S": F(20, 39), "P": F(10, 39), "X": F(9, 39)}),
        # cut at one hop: P's only inside influencer is S (Ŵ = 1): v_S = 4/3, v_P = 2/3;
        # X's 9/39 does not stay with P (that would be 19/39): S gains most of it
        (1, {"S": F(2, 3), "P": F(1, 3)}),
    ],
)
def test_truncation_moves_outside_share_to_inside_influencers(sqlite_store, max_hops, expected):
    sqlite_store.import_bundle(EDGE)
    report = influence_report(sqlite_store, "BID", AS_OF, CFG.with_overrides(max_hops=max_hops))
    shares = {p.person_id: p.share for p in report.people}
    assert shares == pytest.approx({p: float(v) for p, v in expected.items()}, abs=1e-12)
