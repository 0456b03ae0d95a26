"""PATCH with JSON merge-patch semantics on every node kind and relationship, both stores."""

from __future__ import annotations

import threading

import pytest

from graphmap.keys import Role
from tests.api.conftest import HEADERS
from tests.api.test_routes import error_of


def test_patch_changes_only_what_it_names(client):
    before = client.get("/people/A").json()
    response = client.patch("/people/A", json={"stance": "advocate", "title": "Chief Engineer"})
    assert response.status_code == 200
    assert response.json() == {**before, "stance": "advocate", "title": "Chief Engineer"}
    assert client.get("/people/A").json() == response.json()


def test_patch_null_clears_fields_and_references(client):
    cleared = client.patch(
        "/people/B", json={"organization_id": None, "reports_to": None, "stance": None}
    ).json()
    assert (cleared["organization_id"], cleared["reports_to"], cleared["stance"]) == (
        None,
        None,
        "unknown",
    )
    listed = client.get("/people", params={"organization_id": "cli"}).json()["items"]
    assert "B" not in [p["id"] for p in listed]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/organizations/cli", {"tier": 9}, "tier"),
        ("/staff/S1", {"status": "retired"}, "status"),
        ("/projects/BID", {"client_id": None}, "client_id"),
        ("/people/A", {"nickname": "Al"}, "nickname"),
        ("/people/A", {"organization_id": "nowhere"}, "organization_id"),
    ],
)
def test_patch_422_names_the_field(client, path, body, field):
    response = client.patch(path, json=body)
    assert response.status_code == 422
    assert [d["location"] for d in error_of(response)["details"]] == [f"body.{field}"]


def test_patch_may_not_change_the_id_and_404s_when_absent(client):
    moved = client.patch("/people/A", json={"id": "Z"})
    assert moved.status_code == 422
    assert error_of(moved)["details"][0]["location"] == "body.id"
    assert client.patch("/people/A", json={"id": "A", "title": "CEO"}).status_code == 200
    missing = client.patch("/projects/NOPE", json={"stage": "won"})
    assert missing.status_code == 404 and error_of(missing)["code"] == "not_found"


def test_patch_each_node_kind(client):
    assert client.patch("/organizations/cli", json={"tier": 2}).json()["tier"] == 2
    assert client.patch("/staff/S1", json={"team": "Rail"}).json()["team"] == "Rail"
    project = client.patch("/projects/BID", json={"value": 5.5e6}).json()
    assert (project["value"], project["stage"], project["client_id"]) == (5.5e6, "tender", "cli")


def test_patch_a_relationship_by_its_key(client):
    client.put("/knows", json={"staff_id": "S2", "person_id": "E", "strength": 0.4})
    key = {"staff_id": "S2", "person_id": "E"}
    patched = client.patch("/knows", params=key, json={"source": "crm"})
    assert patched.json() == {**key, "strength": 0.4, "last_contact": None, "source": "crm"}
    cleared = client.patch("/knows", params=key, json={"strength": None}).json()
    assert (cleared["strength"], cleared["source"]) == (None, "crm")
    moved = client.patch("/knows", params=key, json={"person_id": "A"})
    assert error_of(moved)["details"][0]["location"] == "body.person_id"
    absent = client.patch("/knows", params={"staff_id": "S2", "person_id": "A"}, json={})
    assert absent.status_code == 404
    typo = client.patch("/knows", params={"staff_id": "Sam Lead", "person_id": "A"}, json={})
    assert error_of(typo)["message"] == (
        "no staff member with id 'Sam Lead'; did you mean: Sam Lead (S1)"
    )
    gone = client.delete("/knows", params={"staff_id": "S2", "person_id": "Dee Ops"})
    assert error_of(gone)["message"] == "no person with id 'Dee Ops'; did you mean: Dee Ops (D)"
    call = {"staff_id": "S2", "person_id": "E", "on": "2026-05-01", "kind": "call"}
    client.put("/interactions", json=call)
    noted = client.patch("/interactions", params=call, json={"note": "site walk"}).json()
    assert noted == {**call, "note": "site walk"}


def test_patch_needs_an_editor(client):
    reader = client.patch("/people/A", json={"title": "x"}, headers=HEADERS[Role.READER])
    assert reader.status_code == 403
    editor = client.patch("/people/A", json={"title": "x"}, headers=HEADERS[Role.EDITOR])
    assert editor.status_code == 200


def test_concurrent_patches_of_different_fields_both_land(client):
    start = threading.Barrier(2)
    statuses: list[int] = []

    def send(body: dict) -> None:
        start.wait()
        statuses.append(client.patch("/people/A", json=body).status_code)

    threads = [
        threading.Thread(target=send, args=({"title": "Chief Engineer"},)),
        threading.Thread(target=send, args=({"susceptibility": 0.25},)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    person = client.get("/people/A").json()
    assert statuses == [200, 200]
    assert (person["title"], person["susceptibility"]) == ("Chief Engineer", 0.25)
