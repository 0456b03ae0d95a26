"""With Neo4j stopped the API answers 503 with Retry-After, /health says so, nothing crashes;
once Neo4j is back the same app serves again without a restart."""

from __future__ import annotations

import pytest

from graphmap.keys import Role
from tests.api.conftest import HEADERS, make_client
from tests.fixtures import worked_bundle

pytestmark = pytest.mark.neo4j

CALLS = [
    ("GET", "/projects/BID/influence", None),
    ("GET", "/people/A", None),
    ("GET", "/people", None),
    ("PUT", "/staff/S9", {"id": "S9", "name": "New"}),
    ("POST", "/import", {"knows": [{"staff_id": "S2", "person_id": "A"}]}),
]


def test_outage_gives_503_and_recovers(private_neo4j):
    neo4j = private_neo4j
    store = neo4j.fresh_store(retry_seconds=1.0)  # the product waits 5 s; a test need not
    try:
        store.import_bundle(worked_bundle())
        with make_client(store, retry_after_seconds=7) as client:
            client.headers.update(HEADERS[Role.ADMIN])
            assert client.get("/projects/BID/influence").status_code == 200
            neo4j.command("stop")
            health = client.get("/health")
            assert health.status_code == 503 and health.headers["Retry-After"] == "7"
            assert health.json() == {
                "status": "unavailable",
                "store": "neo4j",
                "message": health.json()["message"],
            }
            anonymous = client.get("/health", headers={"X-API-Key": ""})
            assert anonymous.status_code == 503 and anonymous.json() == {"status": "unavailable"}
            for method, path, body in CALLS:
                response = client.request(method, path, json=body)
                assert response.status_code == 503, (method, path)
                assert response.headers["Retry-After"] == "7"
                assert response.json()["error"]["code"] == "store_unavailable"
            neo4j.command("start")
            assert client.get("/health").json() == {"status": "ok", "store": "neo4j"}
            assert client.get("/projects/BID/influence").status_code == 200
            assert client.get("/staff/S9").status_code == 404  # the failed PUT wrote nothing
    finally:
        store.close()
