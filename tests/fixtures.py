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
