"""Pipeline, alerts, segments and depth on small hand-built firms; every expected number is
worked out by hand in the comments, on both stores."""

from __future__ import annotations

import copy
import math
from datetime import date, timedelta

import pytest

from graphmap.analysis.alerts import AlertKind, alert_id, crossing_day
from graphmap.analysis.portfolio import Risk, exposure_by, risk_of
from graphmap.analysis.segments import segments
from graphmap.bundle import check_bundle
from graphmap.config import AnalysisConfig
from graphmap.errors import InvalidInput
from graphmap.model import Organization, Project
from graphmap.portfolio_service import alerts, depth_report, pipeline, segment_report
from graphmap.store.graph import graph_from_bundle
from tests.conftest import DEMO_TODAY

AS_OF = date(2026, 11, 22)
CFG = AnalysisConfig()


def day(offset: int) -> str:
    return (AS_OF + timedelta(days=offset)).isoformat()


FIRM = {
    "organizations": [
        {"id": "o", "name": "Client O", "tier": 1},
        {"id": "o2", "name": "Other Co"},
    ],
    "people": [
        {
            "id": "a",
            "name": "Ann",
            "organization_id": "o",
            "title": "Chief Executive",
            "stance": "supporter",
            "susceptibility": 0.0,
        },
        {
            "id": "b",
            "name": "Bo",
            "organization_id": "o",
            "title": "Site Engineer",
            "reports_to": "a",
            "susceptibility": 0.0,
        },
    ],
    "staff": [
        {"id": "s", "name": "Sam", "role": "Account Director"},
        {"id": "t", "name": "Tia", "role": "Estimator"},
    ],
    "projects": [
        {
            "id": "B1",
            "name": "Depot",
            "client_id": "o",
            "stage": "tender",
            "value": 10e6,
            "due_on": day(30),
        },
        {
            "id": "B2",
            "name": "Wharf",
            "client_id": "o",
            "stage": "pre_bid",
            "value": 4e6,
            "due_on": day(20),
        },
        {
            "id": "B3",
            "name": "Yard",
            "client_id": "o",
            "stage": "lead",
            "value": 1e6,
            "due_on": day(200),
        },
        {
            "id": "B4",
            "name": "Old",
            "client_id": "o",
            "stage": "won",
            "value": 7e6,
            "due_on": day(-100),
        },
    ],
    "decision_roles": [
        {"person_id": "a", "project_id": "B1", "role": "economic_buyer"},
        {"person_id": "b", "project_id": "B2", "role": "economic_buyer"},
    ],
    "knows": [{"staff_id": "s", "person_id": "a", "strength": 0.8, "last_contact": day(-10)}],
    "assignments": [
        {"staff_id": "s", "project_id": "B1", "role": "bid_lead"},
        {"staff_id": "s", "project_id": "B2", "role": "bid_lead"},
    ],
}
# Nobody sways Ann or Bo (susceptibility 0), so Ann alone decides B1 (share 1): coverage
# 0.8 · 2^(-10/180) = 0.769778; Bo alone decides B2
# and nobody knows him (coverage 0).
ANN = 0.8 * 2 ** (-10 / 180)


def firm(**changes) -> dict:
    data = copy.deepcopy(FIRM)
    for section, records in changes.items():
        data[section] = data.get(section, []) + records
    return data


def loaded(store, data) -> object:
    store.import_bundle(check_bundle(data))
    return store


def test_pipeline_rows_ratings_and_exposure(store):
    rows = {r.project_id: r for r in pipeline(loaded(store, FIRM), AS_OF, CFG)}
    assert list(rows) == ["B2", "B3", "B1"]  # red, then amber, then green
    b1, b2, b3 = rows["B1"], rows["B2"], rows["B3"]
    assert b1.covered_share == pytest.approx(ANN)
    assert b1.exposed_value == pytest.approx(10e6 * (1 - ANN))  # 2.302 M
    assert b1.support_forecast == pytest.approx(0.5)  # supporter, whole share
    assert (b1.risk, b1.days_since_contact, b1.bid_lead_id) == (Risk.GREEN, 10, "s")
    # Bo: due in 20 days, nothing covered -> red, everything exposed
    assert (b2.risk, b2.covered_share, b2.exposed_value) == (Risk.RED, 0.0, 4e6)
    assert b2.top_uncovered.person_id == "b" and "due in 20 days" in b2.reasons
    # no seats: amber (due in 200 days), "no decision-makers mapped"
    assert (b3.risk, b3.seats, b3.reasons[0]) == (Risk.AMBER, 0, "no decision-makers mapped")
    owners = exposure_by(list(rows.values()), "owner")
    assert [(o.id, o.bids, o.exposed_value) for o in owners] == [
        ("s", 2, pytest.approx(4e6 + 10e6 * (1 - ANN))),
        (None, 1, 1e6),
    ]


@pytest.mark.parametrize(
    ("due", "covered", "forecast", "since", "seats", "risk", "reasons"),
    [
        # due in 61 days is not "soon": weak but amber
        (61, 0.4, 0.2, 5, 3, Risk.AMBER, ["covered share 40.0% is below 50%"]),
        # due in 60 days and a negative forecast: red, although well covered
        (60, 0.9, -0.1, 5, 3, Risk.RED, ["support forecast -0.10 is negative", "due in 60 days"]),
        # -0.004 rounds to -0.00: no lean, green
        (10, 0.9, -0.004, 5, 3, Risk.GREEN, []),
        # nobody met a seat holder for 91 days: amber
        (200, 0.9, 0.3, 91, 3, Risk.AMBER, ["seat holders last contacted 91 days ago"]),
        # overdue and still open, otherwise fine: amber
        (
            -3,
            0.9,
            0.3,
            5,
            3,
            Risk.AMBER,
            ["due date passed 3 days ago and still open: update the stage"],
        ),
        # no seats and no due date: amber
        (None, 0.0, None, None, 0, Risk.AMBER, ["no decision-makers mapped"]),
    ],
)
def test_risk_rules(due, covered, forecast, since, seats, risk, reasons):
    due_on = None if due is None else AS_OF + timedelta(days=due)
    assert risk_of(due_on, covered, forecast, since, seats, False, AS_OF, CFG) == (risk, reasons)


def test_pipeline_filters_and_closed_bids(store):
    loaded(store, FIRM)
    every = pipeline(store, AS_OF, CFG, stage="all", sort="value")
    assert [r.project_id for r in every] == ["B1", "B4", "B2", "B3"]
    assert every[1].risk is None and every[1].covered_share is None
    assert [r.project_id for r in pipeline(store, AS_OF, CFG, owner="s", sort="due")] == [
        "B2",
        "B1",
    ]
    with pytest.raises(Exception, match="no staff member with id 'nobody'"):
        pipeline(store, AS_OF, CFG, owner="nobody")


def test_crossing_day_solves_the_decay():
    # 0.8 · 2^(-t/180) < 0.5  <=>  t > 180 · log2(1.6) = 122.05: the 123rd day
    graph = graph_from_bundle(check_bundle(firm(knows=[])))
    graph.add_edge("t", "b", key="KNOWS", type="KNOWS", strength=0.8, last_contact=AS_OF)
    assert 180 * math.log2(1.6) == pytest.approx(122.05, abs=0.01)
    assert crossing_day(graph, "t", "b", AS_OF, 130, CFG) == AS_OF + timedelta(days=123)
    assert crossing_day(graph, "t", "b", AS_OF, 122, CFG) is None


def test_going_cold_alert(store):
    # Ann's tie was last renewed 10 days ago: it crosses on day 123 - 10 = 113
    found = alerts(loaded(store, FIRM), AS_OF, CFG, within=120)
    cold = [a for a in found if a.kind == AlertKind.GOING_COLD]
    assert [(a.project_id, a.person_id, a.staff_id, a.on) for a in cold] == [
        ("B1", "a", "s", AS_OF + timedelta(days=113))
    ]
    assert cold[0].id == alert_id(AlertKind.GOING_COLD, "a", "s")  # not tied to the bid
    assert not [a for a in alerts(store, AS_OF, CFG, within=112) if a.kind == "going_cold"]


def test_no_one_mapped_and_single_thread(store):
    found = alerts(loaded(store, FIRM), AS_OF, CFG, within=30)
    by_kind = {(a.kind, a.project_id): a for a in found}
    # B3 has no seats; B2's only seat holder has an unknown stance; Ann is a supporter
    assert {p for k, p in by_kind if k == AlertKind.NO_ONE_MAPPED} == {"B2", "B3"}
    # B1 is covered 0.77 by Sam alone: 0 without him, below a quarter of 0.77
    single = by_kind[(AlertKind.SINGLE_THREAD, "B1")]
    assert single.staff_id == "s" and single.on == AS_OF + timedelta(days=30)


def test_a_second_thread_clears_single_thread(sqlite_store):
    # Tia at 0.5 too: 1 - 0.23 · 0.5 = 0.885 covered, 0.5 without Sam >= 0.25 · 0.885
    data = firm(knows=[{"staff_id": "t", "person_id": "a", "strength": 0.5}])
    found = alerts(loaded(sqlite_store, data), AS_OF, CFG)
    assert not [a for a in found if a.kind == AlertKind.SINGLE_THREAD]


def test_left_account_alert(store):
    data = firm()
    data["people"][0] |= {"left_on": day(-5), "moved_to": "o2"}
    found = [a for a in alerts(loaded(store, data), AS_OF, CFG) if a.kind == "left_account"]
    assert [(a.project_id, a.person_id, a.on) for a in found] == [("B1", "a", AS_OF - timedelta(5))]
    assert "moved to Other Co" in found[0].message and "stale" in found[0].message


def test_handover_due_until_the_introduction_is_logged(store):
    # Sam leaves in 20 days and is Ann's only strong tie (critical: all of B1). Tia knows
    # Ann's colleague Bo, so she is the successor. Due: min(leave 20, bid 30) - 7 = day 13.
    leaving = {
        "id": "s",
        "name": "Sam",
        "role": "Account Director",
        "status": "leaving",
        "leaves_on": day(20),
    }
    data = firm(knows=[{"staff_id": "t", "person_id": "b", "strength": 0.6}])
    data["staff"][0] = leaving
    found = [a for a in alerts(loaded(store, data), AS_OF, CFG) if a.kind == "handover_due"]
    assert [(a.staff_id, a.person_id, a.project_id, a.on) for a in found] == [
        ("s", "a", "B1", AS_OF + timedelta(days=13))
    ]
    assert "Tia" in found[0].action
    # a call of Tia with Ann three days ago counts as the introduction made (0.39: still weak)
    store.import_bundle(
        {"interactions": [{"staff_id": "t", "person_id": "a", "on": day(-3), "kind": "call"}]}
    )
    assert not [a for a in alerts(store, AS_OF, CFG) if a.kind == "handover_due"]


def test_alert_ids_are_stable_across_dates(sqlite_store):
    loaded(sqlite_store, FIRM)
    now = {a.id for a in alerts(sqlite_store, AS_OF, CFG)}
    later = {a.id for a in alerts(sqlite_store, AS_OF + timedelta(days=3), CFG)}
    assert alert_id(AlertKind.NO_ONE_MAPPED, "B3") in now & later
    assert alert_id(AlertKind.NO_ONE_MAPPED, "B3") != alert_id(AlertKind.NO_ONE_MAPPED, "B2")
    assert alert_id(AlertKind.SINGLE_THREAD, "B1", "s") in now & later


def test_alerts_refuse_a_negative_window(sqlite_store):
    with pytest.raises(InvalidInput, match="within"):
        alerts(sqlite_store, AS_OF, CFG, within=-1)


def test_segments_by_hand():
    # X: won 100 two years ago + 0.4 · 50 tender = 120, potential 50
    # Y: won 10 five years ago (outside 3 years) + 0.1 · 300 lead = 30, potential 300
    # Z: nothing, recorded potential 0.25 of the largest open pipeline (W's 400) = 100
    # W: won 300 + 0.25 · 400 pre-bid = 400, potential 400
    # medians: value (30 + 120) / 2 = 75, potential (100 + 300) / 2 = 200
    orgs = [Organization(id=i, name=i) for i in "XYW"] + [
        Organization(id="Z", name="Z", potential=0.25)
    ]
    projects = [
        Project(id="x1", name="x1", client_id="X", stage="won", value=100, due_on=day(-730)),
        Project(id="x2", name="x2", client_id="X", stage="tender", value=50),
        Project(id="y1", name="y1", client_id="Y", stage="completed", value=10, due_on=day(-1826)),
        Project(id="y2", name="y2", client_id="Y", stage="lead", value=300),
        Project(id="w1", name="w1", client_id="W", stage="warranty", value=300, due_on=day(-30)),
        Project(id="w2", name="w2", client_id="W", stage="pre_bid", value=400),
    ]
    report = segments(orgs, projects, AS_OF, CFG)
    got = {s.organization_id: (s.value, s.potential, s.quadrant) for s in report.accounts}
    assert (report.value_threshold, report.potential_threshold) == (75, 200)
    assert got == {
        "X": (pytest.approx(120), 50, "maintain"),
        "Y": (pytest.approx(30), 300, "develop"),
        "Z": (0, 100, "reduce"),
        "W": (pytest.approx(400), 400, "invest"),
    }
    fixed = segments(orgs, projects, AS_OF, CFG.with_overrides(segment_potential_threshold=40))
    assert {s.organization_id: s.quadrant for s in fixed.accounts}["X"] == "invest"


def test_segment_report_carries_bus_factor(store):
    report = segment_report(loaded(store, FIRM), AS_OF, CFG)
    o = next(s for s in report.accounts if s.organization_id == "o")
    # won 7 (B4) + 0.4 · 10 + 0.25 · 4 + 0.1 · 1 = 12.1 M; open pipeline 15 M
    assert (o.value, o.open_pipeline) == (pytest.approx(12.1e6), 15e6)
    # value-weighted covered share, the seatless lead B3 counted as uncovered pipeline:
    # (10 · 0.77 + 4 · 0 + 1 · 0) / 15 = 0.513 >= 0.5; Sam leaving breaks it
    assert o.covered_share == pytest.approx(10 / 15 * ANN) and o.bus_factor == 1


def test_depth_by_level(store):
    # Ann (chief, the top) is senior, Bo (site engineer, depth 1) is senior by reporting depth
    # 1 by default; with senior_depth 0 he is working level.
    cfg = CFG.with_overrides(senior_depth=0)
    data = firm(knows=[{"staff_id": "t", "person_id": "b", "strength": 0.6}])
    [o] = [d for d in depth_report(loaded(store, data), AS_OF, cfg) if d.organization_id == "o"]
    assert (o.senior.people, o.senior.covered_by_senior_staff, o.senior.covered_by_anyone) == (
        1,
        1,
        1,
    )
    assert (o.working.people, o.working.covered_by_anyone, o.flags) == (1, 1, [])
    assert o.bus_factor == 1


def test_depth_flags_an_account_known_only_at_working_level(sqlite_store):
    data = firm(knows=[{"staff_id": "t", "person_id": "b", "strength": 0.6}])
    data["knows"] = data["knows"][1:]  # Sam no longer knows Ann
    cfg = CFG.with_overrides(senior_depth=0)
    [o] = [d for d in depth_report(loaded(sqlite_store, data), AS_OF, cfg) if d.name == "Client O"]
    assert o.flags[0].startswith("only working-level ties") and o.senior.uncovered == ["Ann"]


def test_moved_to_must_name_an_organization(store):
    data = firm()
    data["people"][1] |= {"left_on": day(-1), "moved_to": "nowhere"}
    with pytest.raises(InvalidInput) as caught:
        store.import_bundle(data)
    assert "people[1].moved_to: unknown organization 'nowhere'" in str(caught.value)
    data["people"][1]["moved_to"] = "o2"
    loaded(store, data)
    person = store.get("Person", "b")
    assert (person.left_on, person.moved_to) == (AS_OF - timedelta(days=1), "o2")


def test_every_alert_kind_fires_on_the_demo(sqlite_store, demo):
    sqlite_store.import_bundle(demo)
    kinds = {a.kind for a in alerts(sqlite_store, DEMO_TODAY, CFG)}
    assert kinds == set(AlertKind)


def test_terminal_output_fits_80_columns(tmp_path):
    from typer.testing import CliRunner

    from graphmap.cli import app
    from graphmap.store.sqlite import SQLiteStore

    db = tmp_path / "g.db"
    loaded(SQLiteStore(db), FIRM).close()
    texts = {}
    for command in ("pipeline", "alerts", "segments", "depth"):
        result = CliRunner().invoke(
            app,
            ["--store", f"sqlite:///{db}", command, "--as-of", AS_OF.isoformat()],
            env={"COLUMNS": "80"},
        )
        assert result.exit_code == 0, result.output
        assert max(len(line) for line in result.output.splitlines()) <= 80, command
        texts[command] = " ".join(result.output.split())
    assert "│ red │ Wharf" in texts["pipeline"] and "exposed value by bid lead" in texts["pipeline"]
    assert "no one mapped" in texts["alerts"] and "→ Sam" in texts["alerts"]
    assert "invest" in texts["segments"] or "maintain" in texts["segments"]
    assert "Client O" in texts["segments"] and "Client O" in texts["depth"]


def test_api_exposure_and_errors(store):
    from graphmap.keys import Role
    from tests.api.conftest import HEADERS, make_client

    loaded(store, FIRM)
    with make_client(store) as api:
        api.headers.update(HEADERS[Role.READER])
        owners = api.get("/pipeline/exposure", params={"as_of": AS_OF.isoformat()}).json()
        assert [(o["id"], o["bids"]) for o in owners] == [("s", 2), (None, 1)]
        assert owners[0]["exposed_value"] == pytest.approx(4e6 + 10e6 * (1 - ANN))
        clients = api.get("/pipeline/exposure", params={"group": "client"}).json()
        assert [c["name"] for c in clients] == ["Client O"]
        missing = api.get("/pipeline", params={"owner": "nobody"})
        assert missing.status_code == 404 and "nobody" in missing.text
        assert api.get("/alerts", params={"within": -1}).status_code == 422


def test_view_dashboard_writes_one_offline_page(tmp_path):
    from typer.testing import CliRunner

    from graphmap.cli import app
    from graphmap.store.sqlite import SQLiteStore
    from graphmap.views.dashboard import plotly_js

    db, page = tmp_path / "g.db", tmp_path / "week.html"
    loaded(SQLiteStore(db), FIRM).close()
    args = ["--store", f"sqlite:///{db}", "view", "dashboard", "-o", str(page)]
    result = CliRunner().invoke(app, [*args, "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert plotly_js() in html  # inlined; the browser test proves it fetches nothing
    ours = html.replace(plotly_js(), "")
    assert "Weekly worklist" in ours and "Plotly.newPlot" in ours
    assert "<script src" not in ours and "://" not in ours
    assert 'href="/views/bid/B2?as_of=2026-11-22"' in html
    missing = CliRunner().invoke(app, ["--store", f"sqlite:///{db}", "view", "bid", "-o", "x"])
    assert missing.exit_code == 1 and "give the id of the bid" in missing.output


def test_dashboard_for_one_bid_lead(store):
    from graphmap.views.dashboard import dashboard_page

    html = dashboard_page(loaded(store, FIRM), AS_OF, CFG, owner="s")
    assert "Weekly worklist: Sam" in html and 'data-id="B1"' in html and 'data-id="B2"' in html
    assert 'data-id="B3"' not in html  # Yard has no bid lead
    # Yard's no_one_mapped alert is not Sam's; Wharf's is
    assert html.count('<li class="no_one_mapped"') == 1
