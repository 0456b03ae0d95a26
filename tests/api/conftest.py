"""API fixtures: the app over each store, with one key per role."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from graphmap.api.main import create_app
from graphmap.keys import Role, new_key
from graphmap.settings import Settings
from tests.fixtures import worked_bundle

KEYS = {role: new_key(role) for role in Role}
HEADERS = {role: {"X-API-Key": KEYS[role][0]} for role in Role}


def make_client(store, **settings) -> TestClient:
    config = Settings(api_keys=",".join(entry for _, entry in KEYS.values()), **settings)
    return TestClient(create_app(config, store))


@pytest.fixture
def client(store):
    """Worked-example data in the store, and a client; requests carry the admin key."""
    store.import_bundle(worked_bundle())
    with make_client(store) as c:
        c.headers.update(HEADERS[Role.ADMIN])
        yield c
