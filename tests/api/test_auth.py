"""The auth matrix: every route × {no key, wrong key, reader, editor, admin}."""

from __future__ import annotations

import re

import pytest

from graphmap.api.main import create_app
from graphmap.errors import InvalidInput
from graphmap.keys import Role, hash_key, match, parse_keys
from graphmap.settings import Settings
from graphmap.store.sqlite import SQLiteStore
from tests.api.conftest import HEADERS, make_client
from tests.fixtures import worked_bundle

# policy: readers GET, editors also PUT and PATCH, admins also DELETE and POST /import;
# /health is open
NEEDED = {
    "GET": Role.READER,
    "PUT": Role.EDITOR,
    "PATCH": Role.EDITOR,
    "DELETE": Role.ADMIN,
    "POST": Role.ADMIN,
}
CALLERS = {
    "no key": {},
    "wrong key": {"X-API-Key": "gm_not-a-key"},
    "reader": HEADERS[Role.READER],
    "editor": HEADERS[Role.EDITOR],
    "admin": HEADERS[Role.ADMIN],
}
LEVEL = {"reader": Role.READER, "editor": Role.EDITOR, "admin": Role.ADMIN}


def all_routes():
    """Every operation the app publishes in its OpenAPI schema."""
    app = create_app(Settings(auth_disabled=True), store=object())
    for path, operations in app.openapi()["paths"].items():
        for method in operations:
            yield method.upper(), path


ROUTES = sorted(all_routes())


def test_every_route_is_in_the_matrix():
    assert len(ROUTES) >= 30 and ("GET", "/health") in ROUTES


@pytest.fixture(scope="module")
def matrix_client(tmp_path_factory):
    """Auth does not depend on the store: the matrix runs once, on SQLite."""
    store = SQLiteStore(tmp_path_factory.mktemp("auth") / "graph.db")
    store.import_bundle(worked_bundle())
    with make_client(store) as c:
        yield c
    store.close()


@pytest.mark.parametrize("caller", list(CALLERS))
@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_auth_matrix(matrix_client, method, path, caller):
    client = matrix_client
    url = re.sub(r"\{[^}]+\}", "A", path)
    client.headers.clear()
    response = client.request(
        method,
        url,
        headers=CALLERS[caller],
        json={} if method in ("PUT", "PATCH", "POST") else None,
        follow_redirects=False,
    )
    if path == "/health":
        assert response.status_code == 200
    elif caller in ("no key", "wrong key") and path.startswith("/views"):
        assert response.status_code == 303  # a browser page: to the login page and back
        assert response.headers["location"].startswith("/views/login?next=%2Fviews")
    elif caller in ("no key", "wrong key"):
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"
    elif LEVEL[caller] < NEEDED[method]:
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "forbidden"
    else:
        assert response.status_code not in (401, 403)


def test_keys_are_matched_by_hash_and_roles_parsed():
    keys = parse_keys(f"reader:{hash_key('k1')},ADMIN:{hash_key('k2')}", None)
    assert match(keys, "k2").role == Role.ADMIN and match(keys, "k3") is None
    with pytest.raises(InvalidInput, match="role 'boss'"):
        parse_keys(f"boss:{hash_key('x')}", None)
    with pytest.raises(InvalidInput, match="role:sha256hex"):
        parse_keys("reader:short", None)


def test_auth_disabled_only_when_asked(sqlite_store):
    with make_client(sqlite_store) as c:
        assert c.get("/people").status_code == 401
    with make_client(sqlite_store, auth_disabled=True) as c:
        assert c.get("/people").status_code == 200
