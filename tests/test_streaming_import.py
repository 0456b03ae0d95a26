"""Imports that stream: sections in any order, records checked a chunk at a time, and still
all or nothing with every problem listed in the order the whole-bundle checks list them."""

from __future__ import annotations

import json

import pytest

from graphmap import checker
from graphmap.bundle import bundle_to_json, check_bundle, sort_bundle, write_bundle
from graphmap.checker import FileSource
from graphmap.errors import InvalidInput, Problem
from graphmap.synthetic import synthetic_bundle
from tests.conftest import DEMO_TODAY

# Worked out by hand: people come before the organization they name, p1 and p2 report to
# each other, a person reuses the organization's id, a person names an organization nobody
# defines, and one relationship is given twice.
TANGLED = {
    "knows": [
        {"staff_id": "s1", "person_id": "p1", "strength": 0.5},
        {"staff_id": "s1", "person_id": "p2"},
        {"staff_id": "s1", "person_id": "p1"},
    ],
    "people": [
        {"id": "p1", "name": "P1", "organization_id": "o1", "reports_to": "p2"},
        {"id": "p2", "name": "P2", "organization_id": "o1", "reports_to": "p1"},
        {"id": "o1", "name": "Dup"},
        {"id": "p4", "name": "P4", "organization_id": "nowhere"},
    ],
    "organizations": [{"id": "o1", "name": "O1"}],
    "staff": [{"id": "s1", "name": "S1"}],
}
TANGLED_PROBLEMS = [
    Problem("people[2].id", "duplicate id 'o1' (also organizations[0])"),
    Problem("people[3].organization_id", "unknown organization 'nowhere'"),
    Problem("knows[2]", "duplicate of knows[0] (same staff_id, person_id)"),
    Problem("people[0].reports_to", "reporting cycle p1 → p2 → p1"),
]


def reordered(raw: dict[str, list], order: list[str]) -> dict[str, list]:
    return {section: raw[section] for section in order if section in raw}


@pytest.mark.parametrize("chunk", [1, 2, 5000])
def test_problems_come_out_the_same_whatever_the_order_and_the_chunks(monkeypatch, tmp_path, chunk):
    monkeypatch.setattr(checker, "CHUNK", chunk)
    for order in (list(TANGLED), list(reversed(TANGLED)), sorted(TANGLED)):
        raw = reordered(TANGLED, order)
        path = tmp_path / "tangled.json"
        path.write_text(json.dumps(raw), encoding="utf-8")
        for data in (raw, FileSource(path)):
            with pytest.raises(InvalidInput) as caught:
                check_bundle(data) if isinstance(data, dict) else list(checker.check(data, None))
            assert caught.value.message == "bundle rejected: 4 problem(s), nothing written"
            assert caught.value.problems == TANGLED_PROBLEMS


def test_sections_in_any_order_import_the_same(store, demo, tmp_path, monkeypatch):
    monkeypatch.setattr(checker, "CHUNK", 100)
    raw = bundle_to_json(demo)
    path = tmp_path / "backwards.json"
    path.write_text(json.dumps(reordered(raw, list(reversed(raw)))), encoding="utf-8")
    store.import_bundle(FileSource(path))
    assert sort_bundle(store.export_bundle()) == sort_bundle(demo)


def test_a_bad_record_late_in_a_large_file_leaves_the_store_unchanged(
    store, demo, tmp_path, monkeypatch
):
    """The last record names a person nobody defines: every chunk before it was clean (and
    SQLite staged it, Neo4j would commit it in chunks of 1,000), yet nothing is written."""
    monkeypatch.setattr(checker, "CHUNK", 500)
    if store.kind == "neo4j":
        store.tx_records = 1_000
    store.import_bundle(demo)
    before = sort_bundle(store.export_bundle())
    large = bundle_to_json(synthetic_bundle(10_000, seed=3, today=DEMO_TODAY))
    last = len(large["interactions"])
    bad = {**large["interactions"][0], "person_id": "nobody"}
    large["interactions"].append(bad)
    path = tmp_path / "large.json"
    path.write_text(json.dumps(large), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        store.import_bundle(FileSource(path))
    assert caught.value.problems == [
        Problem(f"interactions[{last}].person_id", "unknown person 'nobody'")
    ]
    assert sort_bundle(store.export_bundle()) == before


def test_a_section_given_twice_counts_its_last_value_as_json_loads_reads_it(sqlite_store, tmp_path):
    path = tmp_path / "twice.json"
    path.write_text(
        '{"organizations": [{"id": "a", "name": "A"}], "staff": [],'
        ' "organizations": [{"id": "b", "name": "B"}]}',
        encoding="utf-8",
    )
    written = sqlite_store.import_bundle(FileSource(path))
    assert written == {"nodes": 1, "relationships": 0}
    assert [o.id for o in sqlite_store.export_bundle().organizations] == ["b"]


def test_a_file_and_its_decoded_json_import_alike(sqlite_store, demo, tmp_path):
    path = tmp_path / "demo.json"
    write_bundle(demo, path)
    assert sqlite_store.import_bundle(FileSource(path)) == sqlite_store.import_bundle(
        json.loads(path.read_text(encoding="utf-8"))
    )


def test_the_api_reads_an_import_body_as_it_streams(sqlite_store, demo):
    """The body goes to a temporary file and is read from there: sections in any order, the
    same problems, and a body that is JSON but not an object is named as such."""
    from graphmap.keys import Role
    from tests.api.conftest import HEADERS, make_client

    client = make_client(sqlite_store)
    admin = {**HEADERS[Role.ADMIN], "Content-Type": "application/json"}
    backwards = reordered(TANGLED, list(reversed(TANGLED)))
    refused = client.post("/import", content=json.dumps(backwards), headers=admin)
    assert refused.status_code == 422
    assert refused.json()["error"]["details"] == [
        {"location": p.location, "reason": p.reason} for p in TANGLED_PROBLEMS
    ]
    not_an_object = client.post("/import", content=b"[1, 2]", headers=admin)
    assert not_an_object.status_code == 422
    assert not_an_object.json()["error"]["details"] == [
        {"location": "", "reason": "a bundle is a JSON object with lists per section"}
    ]
    raw = bundle_to_json(demo)
    done = client.post(
        "/import", content=json.dumps(reordered(raw, list(reversed(raw)))), headers=admin
    )
    assert done.status_code == 200
    assert sort_bundle(sqlite_store.export_bundle()) == sort_bundle(demo)
