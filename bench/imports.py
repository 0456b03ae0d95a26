"""Import throughput: graphmap's batched path against a naive one-statement-per-row path.

The naive path is what a quick sync script does: every record is its own statement in its own
transaction. It writes the same records, through the same schema (SQLite) or the same named
Cypher (Neo4j), so the ratio isolates batching and transaction handling.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from bench.measure import seconds
from graphmap import queries
from graphmap.model import Bundle
from graphmap.store.neo4j import UPSERT_EDGE, UPSERT_NODE, Neo4jStore, to_neo4j
from graphmap.store.records import bundle_to_records
from graphmap.store.sqlite import SCHEMA, SQLiteStore


def sqlite_batched(bundle: Bundle, path: Path) -> float:
    store = SQLiteStore(path)
    try:
        return seconds(lambda: store.import_bundle(bundle))
    finally:
        store.close()


def sqlite_naive(bundle: Bundle, path: Path) -> float:
    nodes, edges = bundle_to_records(bundle)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.executescript(SCHEMA)

    def write() -> None:
        for n in nodes:
            db.execute(
                "INSERT INTO nodes(id, label, props) VALUES (?, ?, ?) ON CONFLICT(id) "
                "DO UPDATE SET props = excluded.props",
                (n.id, n.label, json.dumps(n.props)),
            )
        for e in edges:
            db.execute(
                "INSERT INTO edges(type, src, dst, qual, props) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(src, type, dst, qual) DO UPDATE SET props = excluded.props",
                (e.type, e.src, e.dst, e.qual, json.dumps(e.props)),
            )

    try:
        return seconds(write)
    finally:
        db.close()


def neo4j_batched(bundle: Bundle, store: Neo4jStore) -> float:
    store.wipe_everything()
    return seconds(lambda: store.import_bundle(bundle))


def neo4j_naive(bundle: Bundle, store: Neo4jStore) -> float:
    """Each record its own statement and its own transaction, through the same named queries."""
    store.wipe_everything()
    store.ensure_schema()
    nodes, edges = bundle_to_records(bundle)
    driver = store._driver  # the naive path shares the connection, not the batching

    def write() -> None:
        with driver.session(database=store.database) as session:
            for n in nodes:
                row = {"id": n.id, "props": to_neo4j(n.props)}
                session.execute_write(
                    lambda tx, r=row, q=UPSERT_NODE[n.label]: tx.run(
                        queries.load(q), rows=[r]
                    ).consume()
                )
            for e in edges:
                row = {"src": e.src, "dst": e.dst, "props": to_neo4j(e.props)}
                session.execute_write(
                    lambda tx, r=row, q=UPSERT_EDGE[e.type]: tx.run(
                        queries.load(q), rows=[r]
                    ).consume()
                )

    return seconds(write)
