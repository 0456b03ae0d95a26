"""Import throughput: graphmap's import against a per-row path, both from the decoded bundle.

Both paths start from the same decoded JSON and do their work inside the timer. The per-row
path is what a quick sync script does: check each record on its own (its model), turn it into
rows, and write each row as its own statement in its own transaction, through the same schema
(SQLite) or the same named Cypher (Neo4j). The ratio isolates whole-section checking and
conversion, batching and transaction handling.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

from neo4j import ManagedTransaction

from bench.measure import seconds
from graphmap import queries
from graphmap.model import EDGE_SPECS, NODE_SPECS, Bundle
from graphmap.store.neo4j import UPSERT_EDGE, UPSERT_NODE, Neo4jStore, to_neo4j
from graphmap.store.records import EdgeRecord, NodeRecord, bundle_to_records
from graphmap.store.sqlite import SCHEMA, SQLiteStore

Raw = dict[str, list[dict[str, Any]]]


def records_one_by_one(raw: Raw) -> Iterator[NodeRecord | EdgeRecord]:
    """Every record checked and converted on its own: nodes first, then the relationships
    (a node's references wait until every node is written, as a sync script must)."""
    later: list[EdgeRecord] = []
    for spec in NODE_SPECS:
        for item in raw.get(spec.section, []):
            one = Bundle(**{spec.section: [spec.model.model_validate(item)]})
            nodes, refs = bundle_to_records(one)
            yield from nodes
            later += refs
    yield from later
    for espec in EDGE_SPECS:
        for item in raw.get(espec.section, []):
            one = Bundle(**{espec.section: [espec.model.model_validate(item)]})
            yield from bundle_to_records(one)[1]


def sqlite_batched(raw: Raw, path: Path) -> float:
    store = SQLiteStore(path)
    try:
        return seconds(lambda: store.import_bundle(raw))
    finally:
        store.close()


def sqlite_per_row(raw: Raw, path: Path) -> float:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.executescript(SCHEMA)

    def write() -> None:
        for record in records_one_by_one(raw):
            if isinstance(record, NodeRecord):
                db.execute(
                    "INSERT INTO nodes(id, label, props) VALUES (?, ?, ?) ON CONFLICT(id) "
                    "DO UPDATE SET props = excluded.props",
                    (record.id, record.label, json.dumps(record.props)),
                )
            else:
                db.execute(
                    "INSERT INTO edges(type, src, dst, qual, props) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT(src, type, dst, qual) DO UPDATE SET props = excluded.props",
                    (record.type, record.src, record.dst, record.qual, json.dumps(record.props)),
                )

    try:
        return seconds(write)
    finally:
        db.close()


def neo4j_batched(raw: Raw, store: Neo4jStore) -> float:
    store.wipe_everything()
    return seconds(lambda: store.import_bundle(raw))


def neo4j_per_row(raw: Raw, store: Neo4jStore) -> float:
    """Each record its own statement and its own transaction, through the same named queries."""
    store.wipe_everything()
    store.ensure_schema()
    driver = store._driver  # the per-row path shares the connection, not the batching

    def write() -> None:
        with driver.session(database=store.database) as session:
            for record in records_one_by_one(raw):
                if isinstance(record, NodeRecord):
                    query = UPSERT_NODE[record.label]
                    row = {"id": record.id, "props": to_neo4j(record.props)}
                else:
                    query = UPSERT_EDGE[record.type]
                    row = {"src": record.src, "dst": record.dst, "props": to_neo4j(record.props)}
                session.execute_write(partial(_write_one, query, row))

    return seconds(write)


def _write_one(query: str, row: dict[str, Any], tx: ManagedTransaction) -> None:
    """One record, as the per-row baseline writes it: its own statement and transaction."""
    tx.run(queries.load(query), rows=[row]).consume()


def neo4j_batch_sizes(raw: Raw, store: Neo4jStore, sizes: list[int]) -> dict[int, float]:
    """Seconds for the same import at each UNWIND batch size, into an emptied store."""
    default = store.batch_size
    out = {}
    try:
        for size in sizes:
            store.batch_size = size
            out[size] = neo4j_batched(raw, store)
    finally:
        store.batch_size = default
    return out
