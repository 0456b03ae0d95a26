"""Small hand-built bundles whose expected answers are worked out in the tests that use them."""

from __future__ import annotations

from graphmap.bundle import check_bundle
from graphmap.model import Bundle

SMALL = {
    "organizations": [
        {"id": "o1", "name": "Client One", "kind": "client", "category": "owner"},
        {"id": "o2", "name": "Design Two", "kind": "client", "category": "design_institute"},
        {"id": "oc", "name": "Rival Build", "kind": "competitor"},
    ],
    "people": [
        {"id": "a", "name": "Ann Top", "organization_id": "o1", "stance": "supporter"},
        {"id": "b", "name": "Bo Tech", "organization_id": "o1", "reports_to": "a"},
        {"id": "c", "name": "Cy Site", "organization_id": "o1", "reports_to": "b"},
        {"id": "d", "name": "Di Eng", "organization_id": "o2"},
        {"id": "e", "name": "Ed Eng", "organization_id": "o2"},
        {"id": "f", "name": "Fe Far", "organization_id": "o2"},
        {"id": "g", "name": "Gus Other", "organization_id": "o1"},
        {"id": "h", "name": "Hal Alone"},
    ],
    "staff": [
        {"id": "s1", "name": "Sam One", "team": "Bids", "region": "North"},
        {"id": "s2", "name": "Sue Two", "team": "Water", "region": "South"},
        {"id": "s3", "name": "Sid Three", "team": "Bids", "region": "North"},
        {"id": "s4", "name": "Sol Four", "status": "left", "leaves_on": "2024-01-31"},
    ],
    "projects": [
        {"id": "P1", "name": "Depot", "client_id": "o1", "stage": "tender", "value": 1000000},
    ],
    "influences": [
        {"from_id": "d", "to_id": "b", "weight": 0.8},
        {"from_id": "e", "to_id": "d", "weight": 0.5},
        {"from_id": "d", "to_id": "e", "weight": 0.4},
        {"from_id": "f", "to_id": "e", "weight": 0.5},
    ],
    "decision_roles": [
        {"person_id": "a", "project_id": "P1", "role": "economic_buyer"},
        {"person_id": "b", "project_id": "P1", "role": "technical_evaluator", "authority": 0.5},
    ],
    "knows": [
        {"staff_id": "s1", "person_id": "a", "strength": 0.8, "last_contact": "2024-05-01"},
        {"staff_id": "s2", "person_id": "f", "strength": 0.5},
        {"staff_id": "s3", "person_id": "e", "strength": 0.6, "source": "crm"},
    ],
    "interactions": [
        {"staff_id": "s1", "person_id": "c", "on": "2024-04-01", "kind": "meeting"},
        {"staff_id": "s1", "person_id": "c", "on": "2024-04-01", "kind": "email", "note": "x"},
    ],
    "assignments": [{"staff_id": "s4", "project_id": "P1", "role": "bid_lead"}],
    "competitors": [{"organization_id": "oc", "project_id": "P1"}],
}


def small_bundle() -> Bundle:
    return check_bundle(SMALL)


# The worked example of docs/analysis.md. Seats A (authority 0.6, susceptibility 0.2) and B
# (authority 0.4, reports to A, α = 0.5). C, a consultant with no seat, sways both; B and D
# sway each other (a cycle); E sways D. Staff S3 has left, so their tie to B counts for nothing.
WORKED = {
    "organizations": [
        {"id": "cli", "name": "Harbour Rail Trust", "kind": "client", "category": "owner"},
        {"id": "adv", "name": "Pemberton Advisory", "kind": "partner", "category": "consultancy"},
        {"id": "des", "name": "Calder Design Institute", "category": "design_institute"},
        {"id": "riv", "name": "Rival Build", "kind": "competitor"},
    ],
    "people": [
        {
            "id": "A",
            "name": "Alex Chair",
            "organization_id": "cli",
            "title": "Chief Executive",
            "stance": "supporter",
            "susceptibility": 0.2,
        },
        {
            "id": "B",
            "name": "Bea Tech",
            "organization_id": "cli",
            "reports_to": "A",
            "title": "Technical Director",
            "stance": "skeptic",
        },
        {
            "id": "C",
            "name": "Cal Advisor",
            "organization_id": "adv",
            "title": "Cost Advisor",
            "stance": "advocate",
        },
        {"id": "D", "name": "Dee Ops", "organization_id": "cli", "title": "Operations Manager"},
        {
            "id": "E",
            "name": "Eli Engineer",
            "organization_id": "des",
            "title": "Chief Engineer",
            "stance": "neutral",
        },
    ],
    "staff": [
        {"id": "S1", "name": "Sam Lead", "team": "Bids", "region": "North"},
        {"id": "S2", "name": "Sky Estimator", "team": "Bids", "region": "South"},
        {"id": "S3", "name": "Sol Gone", "status": "left", "leaves_on": "2026-01-31"},
    ],
    "projects": [
        {
            "id": "BID",
            "name": "Harbour Depot",
            "client_id": "cli",
            "stage": "tender",
            "value": 40000000,
        },
    ],
    "influences": [
        {"from_id": "C", "to_id": "A", "weight": 0.5},
        {"from_id": "C", "to_id": "B", "weight": 1.0},
        {"from_id": "D", "to_id": "B", "weight": 0.5},
        {"from_id": "B", "to_id": "D", "weight": 1.0},
        {"from_id": "E", "to_id": "D", "weight": 1.0},
    ],
    "decision_roles": [
        {"person_id": "A", "project_id": "BID", "role": "economic_buyer", "authority": 0.6},
        {"person_id": "B", "project_id": "BID", "role": "technical_evaluator", "authority": 0.4},
    ],
    "knows": [
        {"staff_id": "S1", "person_id": "A", "strength": 0.5},
        {"staff_id": "S1", "person_id": "C", "strength": 0.5},
        {"staff_id": "S2", "person_id": "C", "strength": 0.4},
        {"staff_id": "S3", "person_id": "B", "strength": 0.9},
    ],
    "assignments": [{"staff_id": "S1", "project_id": "BID", "role": "bid_lead"}],
    "competitors": [{"organization_id": "riv", "project_id": "BID"}],
}


def worked_bundle() -> Bundle:
    return check_bundle(WORKED)


# Handover: S (leaving in 30 days) alone holds P1, shares P2 with K, barely knows P3.
# BID's seats P1 and P2 each hold exactly half the decision (both keep their own view).
HANDOVER_AS_OF = "2026-06-01"
HANDOVER = {
    "organizations": [{"id": "cli", "name": "Client", "region": "North"}],
    "people": [
        {"id": "P1", "name": "Pat Chief", "organization_id": "cli", "susceptibility": 0},
        {
            "id": "P2",
            "name": "Pam Money",
            "organization_id": "cli",
            "reports_to": "P1",
            "susceptibility": 0,
        },
        {"id": "P3", "name": "Phil Eng", "organization_id": "cli"},
    ],
    "staff": [
        {
            "id": "S",
            "name": "Sam Leaving",
            "team": "Bids",
            "region": "North",
            "status": "leaving",
            "leaves_on": "2026-07-01",
        },
        {"id": "K", "name": "Kim Colleague", "team": "Bids", "region": "South"},
        {"id": "M", "name": "Max Local", "team": "Water", "region": "North"},
        {"id": "L", "name": "Lee Gone", "team": "Bids", "region": "North", "status": "left"},
        {"id": "T", "name": "Tao Elsewhere", "team": "Rail", "region": "East"},
    ],
    "projects": [
        {
            "id": "BID",
            "name": "Depot",
            "client_id": "cli",
            "stage": "tender",
            "value": 10000000,
            "due_on": "2026-07-31",
        },
        {"id": "OLD", "name": "Old Works", "client_id": "cli", "stage": "lost", "value": 1000},
    ],
    "decision_roles": [
        {"person_id": "P1", "project_id": "BID", "role": "economic_buyer", "authority": 1},
        {"person_id": "P2", "project_id": "BID", "role": "decision_maker", "authority": 1},
    ],
    "knows": [
        {"staff_id": "S", "person_id": "P1", "strength": 0.9},
        {"staff_id": "S", "person_id": "P2", "strength": 0.7},
        {"staff_id": "S", "person_id": "P3", "strength": 0.05},
        {"staff_id": "K", "person_id": "P2", "strength": 0.8},
        {"staff_id": "M", "person_id": "P3", "strength": 0.9},
        {"staff_id": "L", "person_id": "P1", "strength": 0.9},
    ],
    "assignments": [
        {"staff_id": "S", "project_id": "BID", "role": "bid_lead"},
        {"staff_id": "K", "project_id": "BID", "role": "estimator"},
        {"staff_id": "S", "project_id": "OLD", "role": "account_manager"},
    ],
}


def handover_bundle() -> Bundle:
    return check_bundle(HANDOVER)


# Handover advice: A (team Bids, no region, leaving 2026-07-01) alone holds Cara (the only seat
# on BID) and Xan (a partner's person). Around Cara: her colleague Col at the same client. The
# only staff connected to Cara are unavailable (Oli is leaving in 2027, Gil has left) or not
# really connected (Kit's tie is 0, Nia's tie is dated after the as-of date, Yul knows Zed, whose
# influence on Cara has weight 0), so A's teammate Tam is the fallback successor. Xan's partner
# colleague Xia is known by Val (team Water, like B); Quy's tie to Xan is tiny but real. TND is
# an open tender of the client with no decision seats mapped yet.
ADVICE_AS_OF = "2026-06-01"
ADVICE = {
    "organizations": [
        {"id": "acc", "name": "Acme Client", "kind": "client"},
        {"id": "prt", "name": "Pine Partners", "kind": "partner"},
    ],
    "people": [
        {"id": "C1", "name": "Cara Key", "organization_id": "acc", "susceptibility": 0},
        {"id": "C2", "name": "Col League", "organization_id": "acc"},
        {"id": "X", "name": "Xan Partner", "organization_id": "prt"},
        {"id": "X2", "name": "Xia Partner", "organization_id": "prt"},
        {"id": "Z", "name": "Zed Far"},
    ],
    "staff": [
        {
            "id": "A",
            "name": "Ada Leaving",
            "team": "Bids",
            "status": "leaving",
            "leaves_on": "2026-07-01",
        },
        {"id": "B", "name": "Ben Water", "team": "Water", "region": "South"},
        {
            "id": "O",
            "name": "Oli Soon",
            "team": "Rail",
            "region": "East",
            "status": "leaving",
            "leaves_on": "2027-01-21",
        },
        {"id": "G", "name": "Gil Gone", "status": "left", "leaves_on": "2026-01-31"},
        {"id": "K", "name": "Kit Zero", "team": "Rail"},
        {"id": "N", "name": "Nia Later"},
        {"id": "Y", "name": "Yul Far", "team": "Rail", "region": "East"},
        {"id": "Q", "name": "Quy Faint", "team": "Rail", "region": "East"},
        {"id": "V", "name": "Val Water", "team": "Water", "region": "South"},
        {"id": "T", "name": "Tam Mate", "team": "Bids", "region": "North"},
        {"id": "W", "name": "Wyn Water", "team": "Water", "region": "South"},
    ],
    "projects": [
        {
            "id": "BID",
            "name": "Depot",
            "client_id": "acc",
            "stage": "tender",
            "value": 2000000,
            "due_on": "2026-08-31",
        },
        {"id": "TND", "name": "Tunnel", "client_id": "acc", "stage": "tender", "value": 1000000},
    ],
    "influences": [{"from_id": "Z", "to_id": "C1", "weight": 0}],
    "decision_roles": [
        {"person_id": "C1", "project_id": "BID", "role": "economic_buyer", "authority": 1}
    ],
    "knows": [
        {"staff_id": "A", "person_id": "C1", "strength": 0.9},
        {"staff_id": "A", "person_id": "X", "strength": 0.9},
        {"staff_id": "O", "person_id": "C2", "strength": 0.8},
        {"staff_id": "G", "person_id": "C1", "strength": 0.9},
        {"staff_id": "K", "person_id": "C1", "strength": 0},
        {"staff_id": "N", "person_id": "C2", "strength": 0.7, "last_contact": "2026-09-01"},
        {"staff_id": "Y", "person_id": "Z", "strength": 0.9},
        {"staff_id": "Q", "person_id": "X", "strength": 0.004},
        {"staff_id": "V", "person_id": "X2", "strength": 0.6},
    ],
    "interactions": [{"staff_id": "N", "person_id": "C1", "on": "2026-07-15", "kind": "meeting"}],
    "assignments": [{"staff_id": "A", "project_id": "BID", "role": "bid_lead"}],
}


def advice_bundle() -> Bundle:
    return check_bundle(ADVICE)
