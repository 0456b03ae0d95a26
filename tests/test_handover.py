"""Handover checks on a hand-built firm whose outcomes are worked out in the comments."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from graphmap.analysis.accounts import bus_factor, covered_share
from graphmap.analysis.handover import Mode, Severity, bid_risks
from graphmap.config import AnalysisConfig
from graphmap.errors import InvalidInput, NotFound
from graphmap.i18n.numbers import money
from graphmap.service import handover_report
from graphmap.views.graphs import handover_view
from graphmap.views.markdown import handover_markdown, md
from tests.conftest import DEMO_TODAY
from tests.fixtures import HANDOVER_AS_OF, handover_bundle

AS_OF = date.fromisoformat(HANDOVER_AS_OF)
CFG = AnalysisConfig()  # strong tie 0.5, move factor 0.5, critical share 0.05


@pytest.fixture
def firm(store):
    store.import_bundle(handover_bundle())
    return store


def by_person(report):
    return {r.person_id: r for r in report.relationships}


def test_sole_tie_is_orphaned_and_critical(firm):
    report = handover_report(firm, ["S"], Mode.LEAVE, AS_OF, CFG)
    p1 = by_person(report)["P1"]
    # only S (0.9) knows P1; L's 0.9 does not count, L has left
    assert p1.coverage_before == pytest.approx(0.9) and p1.coverage_after == 0
    assert p1.orphaned and p1.severity == Severity.CRITICAL
    assert p1.share == pytest.approx(0.5)  # two stubborn seats of equal authority
    assert p1.exposure == pytest.approx(5_000_000)
    assert [b.project_id for b in p1.open_bids] == ["BID"]


def test_relationship_a_colleague_also_holds_strongly_is_not_orphaned(firm):
    report = handover_report(firm, ["S"], Mode.LEAVE, AS_OF, CFG)
    p2, p3 = by_person(report)["P2"], by_person(report)["P3"]
    # P2: 1 - 0.3*0.2 = 0.94 before, K's 0.8 after: drop 0.14 -> medium, K still strong
    assert p2.coverage_before == pytest.approx(0.94) and p2.coverage_after == pytest.approx(0.8)
    assert not p2.orphaned and p2.severity == Severity.MEDIUM
    # P3: S's 0.05 was never a real relationship: drop 0.005 -> low, no successors
    assert p3.severity == Severity.LOW and p3.successors == []
    assert [r.person_id for r in report.relationships] == ["P1", "P2", "P3"]


def test_successor_ranking_follows_the_stated_points(firm):
    report = handover_report(firm, ["S"], Mode.LEAVE, AS_OF, CFG)
    successors = by_person(report)["P1"].successors
    # K: 1.5*0.8 (knows P2, in P1's circle) + 0.3 (worked BID for the client) + 0.5 (S's team)
    #    - 0.15 (would be P2's only strong tie) = 1.85
    # M: 1.5*0.9 (knows P3, P1's colleague) + 0.5 (client's region North) - 0.15 (P3) = 1.70
    # T has no reason at all; L has left; S is the leaver
    assert [(s.staff_id, round(s.score, 6)) for s in successors] == [("K", 1.85), ("M", 1.7)]
    assert any("worked on 1 project for Client" in r for r in successors[0].reasons)
    assert any("same team (Bids)" in r for r in successors[0].reasons)
    assert any("same region (North)" in r for r in successors[1].reasons)
    p2 = by_person(report)["P2"].successors
    # K's own tie: 3*0.8 + 0.3 + 0.5 - 0.15 = 3.05
    assert (p2[0].staff_id, round(p2[0].score, 6)) == ("K", 3.05)


def test_introductions_are_dated_before_departure_and_bid(firm):
    report = handover_report(firm, ["S"], Mode.LEAVE, AS_OF, CFG)
    # leaves 2026-07-01, BID due 2026-07-31: a week before the earlier -> 2026-06-24
    assert [(i.by, i.successor_id, i.person_id) for i in report.introductions] == [
        (date(2026, 6, 24), "K", "P1")
    ]


def test_unowned_seats_rollups_and_totals(firm):
    report = handover_report(firm, ["S"], Mode.LEAVE, AS_OF, CFG)
    # bid lead of BID has no other bid lead; OLD is lost, so its account manager seat is moot
    assert [(u.project_id, u.role) for u in report.unowned] == [("BID", "bid_lead")]
    (account,) = report.accounts
    # weights P1 0.5, P2 0.5: 0.5*0.9 + 0.5*0.94 = 0.92 before; 0.5*0 + 0.5*0.8 = 0.40 after
    assert account.covered_share_before == pytest.approx(0.92)
    assert account.covered_share_after == pytest.approx(0.40)
    assert account.bus_factor == 1  # S alone takes it below 0.5
    (bid,) = report.bids
    assert bid.uncovered_share_before == pytest.approx(0.08)
    assert bid.uncovered_share_after == pytest.approx(0.60)
    totals = report.totals
    assert (totals.critical, totals.medium, totals.low, totals.orphaned) == (1, 1, 1, 1)
    assert totals.pipeline_value_exposed == pytest.approx(5_000_000)


def test_move_keeps_ties_at_the_factor_and_lists_unowned_seats(firm):
    report = handover_report(firm, ["S"], Mode.MOVE, AS_OF, CFG)
    p1, p2 = by_person(report)["P1"], by_person(report)["P2"]
    assert p1.coverage_after == pytest.approx(0.45)  # 0.9 * 0.5: no longer a strong tie
    assert p1.orphaned
    # P2: 1 - (1 - 0.35)(1 - 0.8) = 0.87, drop 0.07 -> low
    assert p2.coverage_after == pytest.approx(0.87) and p2.severity == Severity.LOW
    assert [(u.project_id, u.role) for u in report.unowned] == [("BID", "bid_lead")]
    assert report.introductions == []


def test_several_people_leaving_is_their_joint_effect(firm):
    alone_s = by_person(handover_report(firm, ["S"], Mode.LEAVE, AS_OF, CFG))["P2"]
    alone_k = by_person(handover_report(firm, ["K"], Mode.LEAVE, AS_OF, CFG))["P2"]
    joint = by_person(handover_report(firm, ["S", "K"], Mode.LEAVE, AS_OF, CFG))["P2"]
    assert not alone_s.orphaned and not alone_k.orphaned
    assert joint.coverage_after == 0 and joint.orphaned and joint.severity == Severity.CRITICAL
    assert joint.drop == pytest.approx(0.94) != pytest.approx(alone_s.drop + alone_k.drop)
    assert joint.held_by == ["K", "S"]


def test_clear_errors(firm):
    with pytest.raises(NotFound, match="no staff member with id 'NOPE'"):
        handover_report(firm, ["NOPE"], Mode.LEAVE, AS_OF, CFG)
    with pytest.raises(InvalidInput, match="already left"):
        handover_report(firm, ["L"], Mode.LEAVE, AS_OF, CFG)
    with pytest.raises(InvalidInput, match="named twice"):
        handover_report(firm, ["S", "K", "S"], Mode.LEAVE, AS_OF, CFG)
    # once S's leaving date has passed, S has left too
    with pytest.raises(InvalidInput, match="already left"):
        handover_report(firm, ["S"], Mode.LEAVE, date(2026, 7, 1), CFG)


def test_markdown_checklist_escapes_names(firm):
    firm.import_bundle(
        {
            "people": [
                {
                    "id": "P1",
                    "name": "<b>Pat</b> *Chief*",
                    "organization_id": "cli",
                    "susceptibility": 0,
                }
            ]
        }
    )
    text = handover_markdown(handover_report(firm, ["S"], Mode.LEAVE, AS_OF, CFG))
    assert "\\<b\\>Pat\\</b\\> \\*Chief\\*" in text and "<b>" not in text
    assert "- [ ] by **2026-06-24**: Sam Leaving introduces **Kim Colleague**" in text


def test_demo_sole_holder_has_critical_findings(sqlite_store, demo):
    sqlite_store.import_bundle(demo)
    report = handover_report(sqlite_store, ["stf-001"], Mode.LEAVE, DEMO_TODAY, CFG)
    critical = [r for r in report.relationships if r.severity == Severity.CRITICAL]
    assert len(critical) >= 3
    assert all(r.successors for r in critical)
    assert len(report.introductions) == len(critical)
    assert report.totals.pipeline_value_exposed > 0


# -- bus factor against brute force -----------------------------------------------------------


def brute_force_bus_factor(weights, holders, threshold):
    staff = sorted({s for p in holders.values() for s in p})
    for size in range(len(staff) + 1):
        for group in itertools.combinations(staff, size):
            if covered_share(weights, holders, set(group)) < threshold:
                return size
    return None


@st.composite
def accounts(draw):
    people = [f"p{i}" for i in range(draw(st.integers(1, 5)))]
    staff = [f"s{i}" for i in range(draw(st.integers(1, 6)))]
    weights = {p: draw(st.floats(0.01, 1)) for p in people}
    total = sum(weights.values())
    weights = {p: w / total for p, w in weights.items()}
    holders = {
        p: {s: draw(st.floats(0.05, 1)) for s in staff if draw(st.booleans())} for p in people
    }
    return weights, holders, draw(st.floats(0.05, 0.95))


@settings(max_examples=150, deadline=None)
@given(accounts())
def test_bus_factor_equals_brute_force(case):
    weights, holders, threshold = case
    size, group, exact = bus_factor(weights, holders, threshold, budget=20000)
    assert exact and size == brute_force_bus_factor(weights, holders, threshold)
    assert covered_share(weights, holders, set(group)) < threshold or size == 0


@settings(max_examples=100, deadline=None)
@given(accounts())
def test_greedy_bus_factor_is_an_upper_bound_that_works(case):
    weights, holders, threshold = case
    size, group, _ = bus_factor(weights, holders, threshold, budget=1)
    assert size >= brute_force_bus_factor(weights, holders, threshold)
    assert size == 0 or covered_share(weights, holders, set(group)) < threshold


# -- the report as text: counts, escaping, money, open bids ----------------------------------

HOSTILE = "**x** | <b>y</b>\n# h ~~z~~"


def structure(text):
    """Markdown token types, text left out: what a name could change if it were not escaped."""
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    flat = []
    for token in parser.parse(text):
        flat += [token.type, *(c.type for c in token.children or [])]
    return [t for t in flat if t not in ("text", "softbreak")]


def test_every_relationship_counted_is_listed(firm):
    text = handover_markdown(handover_report(firm, ["S"], Mode.LEAVE, AS_OF, CFG))
    # 3 relationships: P1 (critical) and P2 (medium) in full, P3 (low) by name
    assert "3 relationships: **1 critical**, 0 high, 1 medium, 1 low; 1 orphaned" in text
    assert text.count("\n### ") == 2 and "Low, coverage barely changes: Phil Eng." in text
    assert "Owner seats left unowned: 1." in text and text.count("- [ ] bid lead for") == 1


def test_plain_text_keeps_its_punctuation():
    assert md("stf-001 (Bids). Done!") == "stf-001 (Bids). Done!"
    assert md("a\nb|c") == "a b\\|c"


def test_hostile_names_render_as_text(firm):
    benign = handover_markdown(handover_report(firm, ["S"], Mode.LEAVE, AS_OF, CFG))
    firm.import_bundle(
        {
            "organizations": [{"id": "cli", "name": HOSTILE, "region": "North"}],
            "people": [
                {"id": "P1", "name": HOSTILE, "organization_id": "cli", "susceptibility": 0}
            ],
        }
    )
    hostile = handover_markdown(handover_report(firm, ["S"], Mode.LEAVE, AS_OF, CFG))
    # same headings, lists, tables and emphasis as with plain names: no new heading, table
    # cell, strikethrough or HTML, and the name reads as typed (line break as a space)
    assert structure(hostile) == structure(benign)
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(hostile)
    assert "<b>" not in html and "<s>" not in html and "<h1>h" not in html
    assert "**x** | &lt;b&gt;y&lt;/b&gt; # h ~~z~~" in html


def test_amounts_show_the_currency_with_separators(firm):
    report = handover_report(firm, ["S"], Mode.LEAVE, AS_OF, CFG)
    # P1: half of BID's 10,000,000 decision is orphaned
    assert "exposed by orphaned relationships: **EUR 5,000,000**" in handover_markdown(
        report, "EUR"
    )
    assert "| Depot | 10,000,000 | 8% | 60% | 5,200,000 |" in handover_markdown(report)
    assert "pipeline exposed EUR 5,000,000" in handover_view(report, "EUR").subtitle
    assert money(322_000_000, "EUR") == "EUR 322,000,000" and money(322_000_000) == "322,000,000"


def test_open_bids_table_by_impact_without_unchanged_bids(firm):
    report = handover_report(firm, ["S"], Mode.LEAVE, AS_OF, CFG)
    holders = {"p": {"s": 0.5}, "q": {"s": 0.1, "t": 0.5}, "r": {"s": 0.001, "t": 0.5}}
    nodes = {b: {"name": b, "value": v} for b, v in [("B1", 100), ("B2", 2000), ("B3", 1e6)]}
    bids = bid_risks({"B1": {"p": 1}, "B2": {"q": 1}, "B3": {"r": 1}}, nodes, holders, {"s"}, 0)
    # B1: uncovered 50% -> 100%, 100 * 0.5 = 50; B2: 1 - 0.9 * 0.5 = 45% -> 50%, 2000 * 0.05
    # = 100; B3: 49.95% -> 50%, 1e6 * 0.0005 = 500, the largest, but shown as 50% -> 50%
    assert [(b.project_id, round(b.impact, 6)) for b in bids] == [
        ("B3", 500),
        ("B2", 100),
        ("B1", 50),
    ]
    text = handover_markdown(report.model_copy(update={"bids": bids}))
    rows = [line.split(" | ")[0] for line in text.splitlines() if line.startswith("| B")]
    assert rows == ["| B2", "| B1"]
