"""The rest of issue 16's families through the API: a UTF-8 BOM is read as the CLI reads it,
and an anonymous /health says up or down and nothing about the store."""

from __future__ import annotations

import json

import pytest

from graphmap.keys import Role
from tests.api.conftest import HEADERS, make_client

BOM = b"\xef\xbb\xbf"


@pytest.fixture
def client(sqlite_store):
    with make_client(sqlite_store) as c:
        yield c


def test_the_api_reads_a_bom(client):
    admin = {"Content-Type": "application/json", **HEADERS[Role.ADMIN]}
    bundle = {"organizations": [{"id": "o", "name": "O"}]}
    response = client.post("/import", content=BOM + json.dumps(bundle).encode(), headers=admin)
    assert response.status_code == 200 and response.json()["nodes"] == 1
    body = BOM + json.dumps({"id": "o", "name": "P"}).encode()
    assert client.put("/organizations/o", content=body, headers=admin).json()["name"] == "P"


def test_an_anonymous_health_check_hears_status_only(client):
    assert client.get("/health").json() == {"status": "ok"}
    known = client.get("/health", headers=HEADERS[Role.READER]).json()
    assert known["status"] == "ok" and known["store"] == "sqlite"
