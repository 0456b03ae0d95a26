"""Hostile numbers and bodies through the CLI and the API: every one a clear error, nothing
written, one documented code for each kind of refusal."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from graphmap.cli import app
from graphmap.keys import Role
from tests.api.conftest import HEADERS, make_client
from tests.fixtures import worked_bundle

NOT_FINITE = ["1e400", "-1e400", "Infinity", "NaN"]


@pytest.fixture
def client(sqlite_store):
    sqlite_store.import_bundle(worked_bundle())
    with make_client(sqlite_store) as c:
        c.headers.update(HEADERS[Role.ADMIN])
        yield c


@pytest.mark.parametrize("number", NOT_FINITE)
def test_a_number_that_is_not_finite_is_refused_with_its_field(client, number):
    body = '{"value": ' + number + "}"  # what a client can send: JSON allows 1e400
    response = client.patch(
        "/projects/BID", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert "finite" in response.text and "value" in response.text
    assert client.get("/projects/BID").json()["value"] == 40_000_000  # unchanged


@pytest.mark.parametrize("number", NOT_FINITE)
def test_a_bundle_with_an_infinite_value_is_refused_by_the_cli(tmp_path, number):
    bundle = tmp_path / "b.json"
    bundle.write_text(
        '{"organizations": [{"id": "o", "name": "O"}], "projects": '
        '[{"id": "p", "name": "P", "client_id": "o", "value": ' + number + "}]}"
    )
    result = CliRunner().invoke(
        app, ["--store", f"sqlite:///{tmp_path / 'g.db'}", "import", str(bundle)]
    )
    assert result.exit_code == 1 and "projects[0].value" in result.output
    assert "finite" in result.output


def test_one_rule_for_numbers_written_as_strings(client):
    for field, value in (("tier", "3"), ("tier", 2.5)):
        response = client.patch("/organizations/cli", json={field: value})
        assert response.status_code == 422, (field, value)
    assert client.patch("/organizations/cli", json={"tier": 3}).json()["tier"] == 3


@pytest.mark.parametrize("value", ["0", "1700000000", "2026-13-01", "yesterday"])
def test_as_of_must_be_an_iso_date(client, value):
    response = client.get(f"/projects/BID/influence?as_of={value}")
    assert response.status_code == 422 and "as_of" in response.text


@pytest.mark.parametrize(
    "body",
    [b"\xff\xfe{", b"{bad", b"[" * 100_000 + b"]" * 100_000],
    ids=["not-utf8", "syntax", "deeply-nested"],
)
def test_unreadable_bodies_are_one_documented_422(client, body):
    response = client.post("/import", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_input"


def test_405_lists_every_method_the_path_takes(client):
    response = client.post("/people/A")
    assert response.status_code == 405
    assert response.headers["Allow"] == "DELETE, GET, PATCH, PUT"


def test_the_cli_reads_a_bom_and_refuses_deep_nesting_without_a_traceback(tmp_path):
    url = f"sqlite:///{tmp_path / 'g.db'}"
    bom = tmp_path / "bom.json"
    bom.write_bytes(
        b"\xef\xbb\xbf" + json.dumps({"organizations": [{"id": "o", "name": "O"}]}).encode()
    )
    assert CliRunner().invoke(app, ["--store", url, "import", str(bom)]).exit_code == 0
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    result = CliRunner().invoke(app, ["--store", url, "import", str(deep)])
    assert result.exit_code == 1 and "nested too deeply" in result.output
    assert "Traceback" not in result.output
