"""Bundle checking: every problem found in one pass, each with its location and reason."""

from __future__ import annotations

import copy
import json

import pytest

from graphmap.bundle import check_bundle
from graphmap.errors import InvalidInput
from tests.fixtures import SMALL


def problems_of(raw) -> list[str]:
    with pytest.raises(InvalidInput) as info:
        check_bundle(raw)
    return [str(p) for p in info.value.problems]


def test_the_small_fixture_is_valid():
    bundle = check_bundle(SMALL)
    assert len(bundle.people) == 8 and len(bundle.interactions) == 2


def test_three_different_errors_are_all_reported_with_locations():
    raw = copy.deepcopy(SMALL)
    raw["people"][1]["organization_id"] = "org-9"
    raw["decision_roles"][0]["role"] = "boss"
    raw["knows"][2]["strength"] = 1.5
    found = problems_of(raw)
    assert "people[1].organization_id: unknown organization 'org-9'" in found
    assert any(
        p.startswith("decision_roles[0].role: 'boss' is not one of economic_buyer") for p in found
    )
    assert any(p.startswith("knows[2].strength:") and "1" in p for p in found)
    assert len(found) == 3


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda r: r["people"].append({"id": "a", "name": "Again"}),
            "people[8].id: duplicate id 'a' (also people[0])",
        ),
        (
            lambda r: r["staff"].append({"id": "o1", "name": "Clash"}),
            "staff[4].id: duplicate id 'o1' (also organizations[0])",
        ),
        (
            lambda r: r["influences"].append({"from_id": "a", "to_id": "a", "weight": 0.2}),
            "influences[4]: a person cannot influence themselves",
        ),
        (
            lambda r: r["people"][0].update(reports_to="a"),
            "people[0].reports_to: a person cannot report to themselves",
        ),
        (
            lambda r: r["knows"].append({"staff_id": "s1", "person_id": "a", "strength": 0.1}),
            "knows[3]: duplicate of knows[0] (same staff_id, person_id)",
        ),
        (
            lambda r: r["knows"].append({"staff_id": "a", "person_id": "b"}),
            "knows[3].staff_id: 'a' is a person, not a staff member",
        ),
        (
            lambda r: r["people"][0].update(reports_to="c"),
            "people[0].reports_to: reporting cycle a → c → b → a",
        ),
        (
            lambda r: r["projects"][0].update(stage="won-ish"),
            "projects[0].stage: 'won-ish' is not one of lead, pre_bid, tender, won, lost, "
            "construction, completed, warranty",
        ),
        (
            lambda r: r["staff"][0].update(leaves_on="next week"),
            "staff[0].leaves_on: 'next week' is not an ISO 8601 date (YYYY-MM-DD)",
        ),
        (
            lambda r: r["interactions"][0].update(on=1700000000),
            "interactions[0].on: 1700000000 is not an ISO 8601 date (YYYY-MM-DD)",
        ),
        (
            lambda r: r["influences"][0].update(weight=True),
            "influences[0].weight: True is not a number",
        ),
        (
            lambda r: r["influences"][0].update(weight=-0.1),
            "influences[0].weight: Input should be greater than or equal to 0",
        ),
        (lambda r: r["people"][0].update(nmae="typo"), "people[0].nmae: unknown field"),
        (
            lambda r: r["people"][0].update(id="  "),
            "people[0].id: must not be blank or start or end with white space",
        ),
        (lambda r: r.update(persons=[]), "persons: unknown section; expected one of"),
        (
            lambda r: r["projects"][0].pop("client_id"),
            "projects[0].client_id: required field is missing",
        ),
    ],
)
def test_each_rule_names_record_field_and_reason(change, expected):
    raw = copy.deepcopy(SMALL)
    change(raw)
    found = problems_of(raw)
    assert any(p.startswith(expected) for p in found), found


def test_invalid_record_still_resolves_as_a_reference_target():
    """A broken organization is reported once, not again at every person that names it."""
    raw = copy.deepcopy(SMALL)
    raw["organizations"][0]["kind"] = "friend"
    found = problems_of(raw)
    assert len(found) == 1 and found[0].startswith("organizations[0].kind")


def test_bundle_schema_in_docs_is_current():
    from graphmap.model import Bundle

    with open("docs/bundle.schema.json", encoding="utf-8") as f:
        assert json.load(f) == Bundle.model_json_schema(), (
            "run: graphmap schema -o docs/bundle.schema.json"
        )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Economic Decision Maker", "economic_buyer"),
        ("Technical Buyer", "technical_evaluator"),
        ("coach", "champion"),
        ("User Buyer", "user"),
        ("Business User", "user"),
        ("Executive Sponsor", "decision_maker"),
        ("GATEKEEPER", "gatekeeper"),
    ],
)
def test_crm_role_vocabularies_map_onto_ours(given, expected):
    raw = copy.deepcopy(SMALL)
    raw["decision_roles"][0]["role"] = given
    assert check_bundle(raw).decision_roles[0].role == expected
