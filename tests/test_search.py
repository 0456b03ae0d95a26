"""Finding by name (case-, accent- and script-aware) and "did you mean" for unknown ids."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graphmap.api.main import create_app
from graphmap.cli import app
from graphmap.errors import NotFound
from graphmap.search import find, fold
from graphmap.settings import Settings
from graphmap.store.subgraph import decision_network

NAMED = {
    "organizations": [
        {"id": "org-1", "name": "Aidan Holdings"},
        {"id": "org-2", "name": "北京设计研究院", "kind": "client"},
    ],
    "people": [
        {
            "id": "per-0012",
            "name": "Aidan Moore",
            "title": "Chief Engineer",
            "organization_id": "org-1",
        },
        {"id": "jn-7", "name": "José Núñez", "title": "Directeur Général"},
        {"id": "wjg", "name": "王建国", "title": "总工程师", "organization_id": "org-2"},
    ],
    "staff": [{"id": "stf-9", "name": "Maeve Brooks", "role": "Bid Manager"}],
    "projects": [{"id": "prj-1", "name": "Aidan Depot", "client_id": "org-1"}],
}


def test_fold_drops_accents_case_and_width():
    assert fold("José NÚÑEZ") == "jose nunez"
    assert fold("Ｍöller") == "moller"  # full-width M, umlaut
    assert fold("王建国") == "王建国"


def test_find_ranks_name_prefixes_then_names_then_titles(store):
    store.import_bundle(NAMED)
    assert [(m.id, m.kind) for m in find(store, "aidan")] == [
        ("prj-1", "bid"),
        ("org-1", "organization"),
        ("per-0012", "person"),
    ]
    assert [m.id for m in find(store, "JOSE nunez")] == ["jn-7"]
    assert [m.id for m in find(store, "建国")] == ["wjg"]
    assert [m.id for m in find(store, "设计")] == ["org-2"]
    assert [(m.id, m.title) for m in find(store, "bid man")] == [("stf-9", "Bid Manager")]
    assert [m.id for m in find(store, "ENGINEER")] == ["per-0012"]  # by title
    assert find(store, "nobody like this") == []


def test_unknown_ids_suggest_the_closest_names(store):
    store.import_bundle(NAMED)
    with pytest.raises(NotFound) as info:
        store.get("Person", "per-0021")
    assert info.value.message == (
        "no person with id 'per-0021'; did you mean: Aidan Moore (per-0012)"
    )
    with pytest.raises(NotFound) as info:
        decision_network(store, "aidan-depot")
    assert info.value.message == (
        "no project with id 'aidan-depot'; did you mean: Aidan Depot (prj-1)"
    )
    with pytest.raises(NotFound) as info:
        store.get("Staff", "zzzzzz")
    assert info.value.message == "no staff member with id 'zzzzzz'"


def test_cli_find_and_unknown_id(store):
    store.import_bundle(NAMED)
    runner = CliRunner()
    found = runner.invoke(app, ["--store", store.url, "find", "núñez", "--json"])
    assert found.exit_code == 0, found.output
    assert json.loads(found.stdout) == [
        {"id": "jn-7", "kind": "person", "name": "José Núñez", "title": "Directeur Général"}
    ]
    table = runner.invoke(app, ["--store", store.url, "find", "王"])
    assert "wjg" in table.stdout and "王建国" in table.stdout
    missing = runner.invoke(app, ["--store", store.url, "influence", "prj-2"])
    assert missing.exit_code == 1
    assert "no project with id 'prj-2'; did you mean: Aidan Depot (prj-1)" in missing.output


def test_api_search_and_name_filter(store):
    store.import_bundle(NAMED)
    with TestClient(create_app(Settings(auth_disabled=True), store)) as client:
        assert client.get("/search", params={"q": "aidan m"}).json() == [
            {"id": "per-0012", "kind": "person", "name": "Aidan Moore", "title": "Chief Engineer"}
        ]
        people = client.get("/people", params={"name": "aidan"}).json()
        assert [p["id"] for p in people["items"]] == ["per-0012"]
        both = client.get("/people", params={"name": "e", "organization_id": "org-2"}).json()
        assert [p["id"] for p in both["items"]] == []  # 王建国's name has no e
        titled = client.get("/people", params={"name": "總工程師"}).json()
        assert titled["items"] == []  # traditional script is another text
        page = client.get("/organizations", params={"name": "a", "limit": 1}).json()
        assert [o["id"] for o in page["items"]] == ["org-1"] and page["next_offset"] is None
        missing = client.get("/people/per-0021").json()["error"]
        assert missing["message"].endswith("did you mean: Aidan Moore (per-0012)")
