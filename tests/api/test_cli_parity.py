"""The API and the CLI answer from the same code: same store, same JSON."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from graphmap.cli import app

AS_OF = "2026-11-22"


def cli_json(store, *args: str):
    result = CliRunner().invoke(app, ["--store", store.url, *args, "--json", "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_influence_json_equals_cli(client, store):
    api = client.get("/projects/BID/influence", params={"as_of": AS_OF}).json()
    assert api == cli_json(store, "influence", "BID")


def test_handover_paths_and_coverage_equal_cli(client, store):
    api = client.get("/staff/S1/handover", params={"as_of": AS_OF, "also": "S2"}).json()
    assert api == cli_json(store, "handover", "S1", "--also", "S2")
    assert client.get("/people/B/paths", params={"as_of": AS_OF}).json() == cli_json(
        store, "paths", "B"
    )
    assert client.get("/accounts/cli/coverage", params={"as_of": AS_OF}).json() == cli_json(
        store, "coverage", "cli"
    )


def test_find_json_equals_search(client, store):
    result = CliRunner().invoke(app, ["--store", store.url, "find", "a", "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found and client.get("/search", params={"q": "a"}).json() == found


def test_portfolio_json_equals_cli(client, store):
    params = {"as_of": AS_OF}
    assert client.get("/pipeline", params=params | {"stage": "all", "sort": "due"}).json() == (
        cli_json(store, "pipeline", "--stage", "all", "--sort", "due")
    )
    assert client.get("/alerts", params=params | {"within": 90}).json() == cli_json(
        store, "alerts", "--within", "90"
    )
    assert client.get("/segments", params=params).json() == cli_json(store, "segments")
    assert client.get("/depth", params=params).json() == cli_json(store, "depth")


def test_portfolio_bad_input_names_the_field(client, store):
    result = CliRunner().invoke(app, ["--store", store.url, "pipeline", "--stage", "closed"])
    assert result.exit_code == 1 and "--stage: 'closed' is not one of open, all" in result.output
    response = client.get("/pipeline", params={"stage": "closed"})
    assert response.status_code == 422 and "stage" in response.text
