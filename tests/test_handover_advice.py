"""Handover advice a sales lead can act on, on the hand-built ADVICE firm (tests/fixtures.py):
who may take over, who is passed over and why, whose team and region count, which accounts
roll up. Every number below is worked out by hand in the comments."""

from __future__ import annotations

from datetime import date

import pytest
from typer.testing import CliRunner

from graphmap.analysis.handover import Mode, circle_of
from graphmap.cli import app
from graphmap.config import AnalysisConfig
from graphmap.service import account_report, handover_report
from graphmap.store.graph import graph_from_bundle
from tests.fixtures import ADVICE_AS_OF, advice_bundle

AS_OF = date.fromisoformat(ADVICE_AS_OF)
CFG = AnalysisConfig()  # strong tie 0.5, load penalty 0.15, move factor 0.5


@pytest.fixture
def firm(store):
    store.import_bundle(advice_bundle())
    return store


def successors(report, person):
    (risk,) = [r for r in report.relationships if r.person_id == person]
    return [(s.staff_id, round(s.score, 6)) for s in risk.successors]


def all_reasons(report):
    return [x for r in report.relationships for s in r.successors for x in s.reasons]


def test_leaving_and_departed_staff_are_passed_over_with_the_reason(firm):
    report = handover_report(firm, ["A"], Mode.LEAVE, AS_OF, CFG)
    # Oli knows Cara's colleague Col (1.5 * 0.8 = 1.2 points) but leaves on 2027-01-21; Gil
    # knew Cara (0.9) but has left: neither may take Cara over, and both are named as passed over
    assert [(p.staff_id, p.name, p.reason) for p in report.passed_over] == [
        ("G", "Gil Gone", "left on 2026-01-31"),
        ("O", "Oli Soon", "leaving on 2027-01-21"),
    ]
    assert successors(report, "C1") == [("T", 0.5)]
    # A leaves 2026-07-01, BID is due 2026-08-31: a week before the earlier is 2026-06-24
    assert [(i.by, i.staff_id, i.successor_id, i.person_id) for i in report.introductions] == [
        (date(2026, 6, 24), "A", "T", "C1")
    ]


def test_ties_that_do_not_exist_connect_no_one(firm):
    report = handover_report(firm, ["A"], Mode.LEAVE, AS_OF, CFG)
    (cara,) = [r for r in report.relationships if r.person_id == "C1"]
    # Kit's tie is 0, Nia's tie and meeting are dated after the as-of date: nobody available is
    # connected to Cara, so A's teammate Tam stands in on the team bonus alone (0.5 points)
    assert [(s.staff_id, s.reasons) for s in cara.successors] == [("T", ["same team (Bids)"])]
    # Xan: Val knows Xia (1.5 * 0.6 = 0.9, minus 0.15: Xia's only strong tie) = 0.75; Quy's
    # tie of 0.004 is real (3 * 0.004 = 0.012); connected candidates come before teammate Tam
    assert successors(report, "X") == [("V", 0.75), ("Q", 0.012)]
    assert "already knows Xan Partner (tie <0.01)" in all_reasons(report)
    assert not [x for x in all_reasons(report) if "0.00" in x]


def test_team_and_region_bonuses_come_from_the_holder(firm):
    report = handover_report(firm, ["A", "B"], Mode.MOVE, AS_OF, CFG)
    # Xan is held by A (team Bids, no region) alone: Val shares B's team and region, which
    # earns nothing for Xan; Wyn, B's teammate, is no successor to A's contacts
    (xan,) = [r for r in report.relationships if r.person_id == "X"]
    assert xan.held_by == ["A"]
    assert [(s.staff_id, s.reasons) for s in xan.successors] == [
        (
            "V",
            [
                "knows 1 of the people around Xan Partner (best: Xia Partner, 0.60)",
                "already the only strong tie to 1 person",
            ],
        ),
        ("Q", ["already knows Xan Partner (tie <0.01)"]),
    ]
    assert successors(report, "C1") == [("T", 0.5)]


def test_missing_team_or_region_matches_nothing(firm):
    report = handover_report(firm, ["A"], Mode.LEAVE, AS_OF, CFG)
    # A, Acme and Pine have no region, Nia has neither team nor region: no bonus from None
    assert not [x for x in all_reasons(report) if "None" in x]
    assert "N" not in {s.staff_id for r in report.relationships for s in r.successors}


def test_zero_weight_influence_puts_no_one_in_the_circle(firm):
    assert circle_of(graph_from_bundle(advice_bundle()), "C1") == {"C2"}
    report = handover_report(firm, ["A"], Mode.LEAVE, AS_OF, CFG)
    # Yul knows only Zed, whose influence on Cara has weight 0: no reason to take Cara over
    assert not [x for x in all_reasons(report) if "Zed Far" in x]


def test_handover_rolls_up_client_accounts_only(firm):
    report = handover_report(firm, ["A"], Mode.LEAVE, AS_OF, CFG)
    # Pine Partners is a partner: not an account. Acme: BID (2M, Cara 100%) and the unmapped
    # TND (1M) weigh 2/3 and 1/3; Cara's coverage 0.9 -> 2/3 * 0.9 = 0.6 before, 0 after
    assert [(a.organization_id, round(a.covered_share_before, 9)) for a in report.accounts] == [
        ("acc", 0.6)
    ]
    assert report.accounts[0].covered_share_after == 0


def test_open_bid_without_seats_is_uncovered_pipeline(firm):
    account = account_report(firm, "acc", AS_OF, CFG)
    assert account.open_bids == ["BID", "TND"]
    assert account.unmapped_bids == ["TND"]
    assert account.pipeline_value == 3_000_000
    # TND's third of the weight has no one to cover it: 2/3 * 0.9 = 0.6; A alone breaks it
    assert account.covered_share == pytest.approx(0.6)
    assert (account.bus_factor, account.bus_factor_staff) == (1, ["A"])


def cli(store, *args, env=None):
    return CliRunner().invoke(app, ["--store", store.url, *args, "--as-of", ADVICE_AS_OF], env=env)


def test_cli_flags_unmapped_bids_and_shows_the_currency(firm, tmp_path):
    config = tmp_path / "config.json"
    config.write_text('{"currency": "EUR"}', encoding="utf-8")
    env = {"GRAPHMAP_CONFIG": str(config), "COLUMNS": "200"}
    text = cli(firm, "coverage", "acc", env=env).stdout
    assert "pipeline EUR 3,000,000 in open bids BID, TND (no decision-makers mapped)" in text
    table = cli(firm, "accounts", env=env).stdout
    assert "2 (1 with no decision-makers mapped)" in table and "EUR 3,000,000" in table


def test_cli_view_staff_takes_mode_and_also(firm, tmp_path):
    page = tmp_path / "handover.html"
    result = cli(firm, "view", "staff", "A", "--mode", "move", "--also", "B", "-o", str(page))
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "Handover check: Ada Leaving, Ben Water" in html and "mode move" in html
    refused = cli(firm, "view", "bid", "BID", "--mode", "move", "-o", str(page))
    assert refused.exit_code == 1
    assert "apply to a staff view, not a bid view" in refused.stderr


def test_cli_refuses_markdown_and_json_together(firm):
    result = cli(firm, "handover", "A", "--markdown", "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert "--json and --markdown are two different outputs" in result.stderr
    assert "Traceback" not in result.output
