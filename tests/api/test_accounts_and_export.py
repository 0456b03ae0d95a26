"""GET /accounts a page at a time with the total, and GET /export streamed, on both stores."""

from __future__ import annotations

import json

import pytest

from graphmap.bundle import sort_bundle
from graphmap.keys import Role
from tests.api.conftest import HEADERS, make_client
from tests.conftest import DEMO_TODAY


@pytest.fixture
def demo_client(store, demo):
    store.import_bundle(demo)
    with make_client(store) as c:
        c.headers.update(HEADERS[Role.READER])
        yield c


def test_accounts_come_a_page_at_a_time_with_the_total(demo_client, demo):
    clients = {o.id for o in demo.organizations if o.kind.value == "client"}
    whole = demo_client.get("/accounts", params={"as_of": DEMO_TODAY, "limit": 1000}).json()
    assert whole["total"] == len(clients) and whole["next_offset"] is None
    assert {a["organization_id"] for a in whole["items"]} == clients
    order = [(a["bus_factor"], a["covered_share"], a["organization_id"]) for a in whole["items"]]
    assert order == sorted(order)  # lowest bus factor first, then least covered

    paged, offset = [], 0
    while offset is not None:
        page = demo_client.get(
            "/accounts", params={"as_of": DEMO_TODAY, "limit": 7, "offset": offset}
        ).json()
        assert page["total"] == len(clients) and len(page["items"]) <= 7
        paged += page["items"]
        offset = page["next_offset"]
    assert paged == whole["items"]  # pages tile the ranking: no gap, no repeat

    past = demo_client.get("/accounts", params={"offset": len(clients) + 5}).json()
    assert past["items"] == [] and past["total"] == len(clients)


@pytest.fixture
def empty_client(sqlite_store):
    with make_client(sqlite_store) as c:
        c.headers.update(HEADERS[Role.READER])
        yield c


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 1001}, {"offset": -1}])
def test_paging_parameters_are_bounded(empty_client, params):
    response = empty_client.get("/accounts", params=params)
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_input"


def test_the_sort_parameter_is_gone(empty_client):
    assert "sort" not in json.dumps(empty_client.get("/openapi.json").json()["paths"]["/accounts"])


def test_the_export_is_streamed_and_is_the_canonical_bundle(demo_client, demo):
    response = demo_client.get("/export")
    assert response.status_code == 200
    assert "content-length" not in response.headers  # sent in chunks as it is made
    assert response.json() == sort_bundle(demo).model_dump(mode="json")
