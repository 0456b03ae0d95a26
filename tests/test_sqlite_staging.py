"""SQLite writes an import's rows from each chunk's JSON text inside SQLite: straight into an
empty store, staged first into one that holds data. Both must write exactly the rows the
per-record conversion (``records.section_records``) gives."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from graphmap import checker
from graphmap.errors import InvalidInput
from graphmap.model import Bundle, Organization
from graphmap.store.records import bundle_to_records
from graphmap.store.sqlite import SQLiteStore

OTHER = Organization(id="org-elsewhere", name="Elsewhere")  # not in the demo bundle


def rows(path: Path) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """Every node and relationship row, properties decoded (their text layout may differ)."""
    db = sqlite3.connect(path)
    try:
        nodes = {
            (i, label, json.dumps(json.loads(p), sort_keys=True))
            for i, label, p in db.execute("SELECT id, label, props FROM nodes")
        }
        edges = {
            (t, s, d, q, json.dumps(json.loads(p), sort_keys=True))
            for t, s, d, q, p in db.execute("SELECT type, src, dst, qual, props FROM edges")
        }
    finally:
        db.close()
    return nodes, edges


def expected(bundle: Bundle) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """The rows as the per-record conversion makes them, the second method."""
    nodes, edges = bundle_to_records(bundle)
    return (
        {(n.id, n.label, json.dumps(n.props, sort_keys=True)) for n in nodes},
        {(e.type, e.src, e.dst, e.qual, json.dumps(e.props, sort_keys=True)) for e in edges},
    )


@pytest.mark.parametrize("chunk", [7, 5000])
def test_an_empty_store_and_one_holding_data_get_the_conversions_rows(
    demo, tmp_path, monkeypatch, chunk
):
    monkeypatch.setattr(checker, "CHUNK", chunk)
    want_nodes, want_edges = expected(demo)
    empty = SQLiteStore(tmp_path / "empty.db")
    held = SQLiteStore(tmp_path / "held.db")
    try:
        empty.import_bundle(demo)  # written as it is checked
        held.import_bundle(Bundle(organizations=[OTHER]))
        held.import_bundle(demo)  # staged, then moved
    finally:
        empty.close()
        held.close()
    assert rows(tmp_path / "empty.db") == (want_nodes, want_edges)
    other = (OTHER.id, "Organization", json.dumps({"kind": "client", "name": "Elsewhere"}))
    assert rows(tmp_path / "held.db") == (want_nodes | {other}, want_edges)


def test_importing_again_over_the_same_rows_changes_nothing(demo, sqlite_store):
    sqlite_store.import_bundle(demo)
    first = rows(sqlite_store.path)
    sqlite_store.import_bundle(demo)  # every node and relationship written again: upserts
    assert rows(sqlite_store.path) == first == expected(demo)


def test_a_rejected_bundle_leaves_an_empty_store_empty(demo, sqlite_store, monkeypatch):
    """Chunks were written before the problem was found; the transaction takes them back,
    relationships written before the nodes they name included."""
    monkeypatch.setattr(checker, "CHUNK", 10)
    raw = demo.model_dump(mode="json", exclude_none=True)
    raw = {"knows": raw["knows"], **raw}  # relationships first
    raw["interactions"].append({**raw["interactions"][0], "person_id": "nobody"})
    with pytest.raises(InvalidInput):
        sqlite_store.import_bundle(raw)
    assert rows(sqlite_store.path) == (set(), set())


def indexes(path: Path) -> set[str]:
    db = sqlite3.connect(path)
    try:
        return {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    finally:
        db.close()


def test_a_first_import_leaves_the_indexes_and_the_foreign_keys_as_they_were(demo, sqlite_store):
    """A first import drops the relationships' indexes and builds them at the end, and runs
    without foreign key lookups: after it, accepted or rejected, both are back."""
    schema = indexes(sqlite_store.path)
    assert {"edges_by_dst", "edges_by_type"} <= schema
    raw = demo.model_dump(mode="json", exclude_none=True)
    raw["knows"].append({"staff_id": "nobody", "person_id": raw["people"][0]["id"]})
    with pytest.raises(InvalidInput):
        sqlite_store.import_bundle(raw)
    assert indexes(sqlite_store.path) == schema
    sqlite_store.import_bundle(demo)
    assert indexes(sqlite_store.path) == schema
    db = sqlite_store._db
    assert db.execute("PRAGMA foreign_keys").fetchone() == (1,)
    with pytest.raises(sqlite3.IntegrityError):  # other writes still get SQLite's own check
        db.execute("INSERT INTO edges(type, src, dst) VALUES ('KNOWS', 'nobody', 'nobody')")
