"""Every route on both stores: the happy path, 404 for unknown ids, 422 naming the field."""

from __future__ import annotations

import pytest

from graphmap.bundle import sort_bundle
from tests.fixtures import worked_bundle


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and {"code", "message", "details"} <= set(body["error"])
    return body["error"]


def test_health(client):
    """A caller with a key hears which store; an anonymous one only that all is well."""
    kind = "sqlite" if client.app.state.store.url.startswith("sqlite") else "neo4j"
    assert client.get("/health").json() == {"status": "ok", "store": kind}
    anonymous = client.get("/health", headers={"X-API-Key": ""})
    assert anonymous.json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("path", "item"),
    [
        (
            "/organizations",
            {"id": "new-org", "name": "New Org", "kind": "client", "region": "East"},
        ),
        (
            "/people",
            {"id": "new-p", "name": "New Person", "organization_id": "cli", "stance": "neutral"},
        ),
        ("/staff", {"id": "new-s", "name": "New Staff", "team": "Bids"}),
        ("/projects", {"id": "new-j", "name": "New Bid", "client_id": "cli", "stage": "lead"}),
    ],
)
def test_node_crud(client, path, item):
    put = client.put(f"{path}/{item['id']}", json=item)
    assert put.status_code == 200
    assert {k: v for k, v in put.json().items() if k in item} == item
    assert client.get(f"{path}/{item['id']}").json() == put.json()
    listed = client.get(path, params={"limit": 1000}).json()
    assert item["id"] in [i["id"] for i in listed["items"]]
    assert client.delete(f"{path}/{item['id']}").status_code == 204
    assert client.get(f"{path}/{item['id']}").status_code == 404
    assert error_of(client.delete(f"{path}/{item['id']}"))["code"] == "not_found"


def test_list_filters_and_pagination(client):
    page = client.get("/people", params={"organization_id": "cli", "limit": 2}).json()
    assert [p["id"] for p in page["items"]] == ["A", "B"] and page["next_offset"] == 2
    rest = client.get("/people", params={"organization_id": "cli", "offset": 2}).json()
    assert [p["id"] for p in rest["items"]] == ["D"] and rest["next_offset"] is None
    assert [s["id"] for s in client.get("/staff", params={"status": "left"}).json()["items"]] == [
        "S3"
    ]
    assert [
        p["id"] for p in client.get("/projects", params={"stage": "tender"}).json()["items"]
    ] == ["BID"]


def test_put_rejects_bad_fields_by_name(client):
    bad = client.put("/people/A", json={"id": "A", "name": "Alex", "stance": "hostile"})
    assert bad.status_code == 422
    assert [d["location"] for d in error_of(bad)["details"]] == ["body.stance"]
    mismatch = client.put("/people/A", json={"id": "Z", "name": "Zed"})
    assert error_of(mismatch)["details"][0]["location"] == "body.id"
    dangling = client.put("/people/A", json={"id": "A", "name": "Alex", "organization_id": "no"})
    assert dangling.status_code == 422
    assert error_of(dangling)["details"][0]["location"] == "people[0].organization_id"
    assert client.get("/people", params={"limit": 0}).status_code == 422


def test_delete_organization_with_people_is_a_conflict(client):
    refused = client.delete("/organizations/cli")
    assert refused.status_code == 409 and error_of(refused)["code"] == "conflict"
    assert client.delete("/organizations/cli", params={"cascade": True}).status_code == 204
    assert client.get("/people/A").status_code == 404


@pytest.mark.parametrize(
    ("path", "item", "key"),
    [
        (
            "/influences",
            {"from_id": "E", "to_id": "A", "weight": 0.3},
            {"from_id": "E", "to_id": "A"},
        ),
        (
            "/decision-roles",
            {"person_id": "C", "project_id": "BID", "role": "influencer"},
            {"person_id": "C", "project_id": "BID"},
        ),
        (
            "/knows",
            {"staff_id": "S2", "person_id": "E", "strength": 0.4},
            {"staff_id": "S2", "person_id": "E"},
        ),
        (
            "/interactions",
            {"staff_id": "S2", "person_id": "E", "on": "2026-05-01", "kind": "call"},
            {"staff_id": "S2", "person_id": "E", "on": "2026-05-01", "kind": "call"},
        ),
        (
            "/assignments",
            {"staff_id": "S2", "project_id": "BID", "role": "estimator"},
            {"staff_id": "S2", "project_id": "BID"},
        ),
        (
            "/competitors",
            {"organization_id": "des", "project_id": "BID"},
            {"organization_id": "des", "project_id": "BID"},
        ),
    ],
)
def test_relationship_crud(client, path, item, key):
    put = client.put(path, json=item)
    assert put.status_code == 200
    first_end = next(iter(key))
    listed = client.get(path, params={first_end: key[first_end]}).json()
    assert any(all(row.get(k) == v for k, v in item.items()) for row in listed)
    assert client.delete(path, params=key).status_code == 204
    assert client.delete(path, params=key).status_code == 404
    assert client.get(path).status_code == 422  # neither end named


def test_relationship_put_names_the_bad_field(client):
    bad = client.put("/knows", json={"staff_id": "S1", "person_id": "A", "strength": 3})
    assert [d["location"] for d in error_of(bad)["details"]] == ["body.strength"]
    unknown = client.put("/knows", json={"staff_id": "S1", "person_id": "nobody"})
    assert error_of(unknown)["details"][0]["location"] == "knows[0].person_id"


def test_import_and_export(client):
    exported = client.get("/export").json()
    assert sort_bundle(worked_bundle()).model_dump(mode="json") == exported
    ok = client.post("/import", json={"knows": [{"staff_id": "S2", "person_id": "A"}]})
    assert ok.json() == {"nodes": 0, "relationships": 1}


def test_import_with_several_errors_lists_all_and_changes_nothing(client):
    before = client.get("/export").json()
    raw = {
        "people": [{"id": "N", "name": "New", "organization_id": "nowhere"}],
        "influences": [{"from_id": "A", "to_id": "A", "weight": 0.5}],
        "knows": [{"staff_id": "S1", "person_id": "B", "strength": "high"}],
    }
    response = client.post("/import", json=raw)
    assert response.status_code == 422
    locations = sorted(d["location"] for d in error_of(response)["details"])
    assert locations == ["influences[0]", "knows[0].strength", "people[0].organization_id"]
    assert client.get("/export").json() == before


def test_analyses(client):
    influence = client.get("/projects/BID/influence", params={"as_of": "2026-11-22"})
    assert influence.status_code == 200
    shares = {p["person_id"]: p["share"] for p in influence.json()["people"]}
    assert shares["C"] == pytest.approx(1249 / 6448)
    alpha = client.get("/projects/BID/influence", params={"alpha": 0.9}).json()
    assert {p["person_id"]: p["share"] for p in alpha["people"]}["D"] != shares["D"]
    handover = client.get("/staff/S1/handover", params={"mode": "move", "also": "S2"}).json()
    assert handover["staff_ids"] == ["S1", "S2"] and handover["mode"] == "move"
    paths = client.get("/people/B/paths").json()
    assert paths["warm_paths"][0]["nodes"] == ["S1", "C", "B"]
    account = client.get("/accounts/cli/coverage").json()
    assert account["open_bids"] == ["BID"]
    ranked = client.get("/accounts").json()
    assert ranked["total"] == 2  # cli, and des (client by default)
    assert {a["organization_id"] for a in ranked["items"]} == {"cli", "des"}


@pytest.mark.parametrize(
    "path",
    [
        "/projects/NOPE/influence",
        "/staff/NOPE/handover",
        "/people/NOPE/paths",
        "/accounts/NOPE/coverage",
    ],
)
def test_analyses_404(client, path):
    assert error_of(client.get(path))["code"] == "not_found"


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/projects/BID/influence", {"alpha": 2}, "query.alpha"),
        ("/projects/BID/influence", {"as_of": "soon"}, "query.as_of"),
        ("/staff/S1/handover", {"mode": "retire"}, "query.mode"),
        ("/people/B/paths", {"hops": 0}, "query.hops"),
    ],
)
def test_analyses_422_name_the_field(client, path, params, field):
    response = client.get(path, params=params)
    assert response.status_code == 422
    assert [d["location"] for d in error_of(response)["details"]] == [field]


def test_analysis_input_errors_are_422(client):
    assert error_of(client.get("/staff/S3/handover"))["message"].find("already left") > 0
    client.put("/projects/EMPTY", json={"id": "EMPTY", "name": "E", "client_id": "cli"})
    empty = client.get("/projects/EMPTY/influence")
    assert empty.status_code == 422 and "no decision seats" in error_of(empty)["message"]


def test_unknown_route_uses_the_error_shape(client):
    assert error_of(client.get("/nothing-here"))["code"] == "not_found"
