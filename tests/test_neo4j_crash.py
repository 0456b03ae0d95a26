"""Kill Neo4j in the middle of an import: after restart nothing of it is visible, and running
the import again gives the complete graph exactly once. Uses its own Neo4j instance."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from devtools.neo4j_dev import DevNeo4j
from graphmap.errors import StoreUnavailable
from graphmap.store.records import bundle_to_records
from graphmap.synthetic import synthetic_bundle

pytestmark = pytest.mark.neo4j


def running_import(neo4j: DevNeo4j) -> bool:
    with neo4j.driver() as driver, driver.session() as session:
        rows = session.run("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery").values()
    return any("UNWIND" in (q or "") for (q,) in rows)


def test_kill_during_import_leaves_nothing_and_reimport_completes(private_neo4j):
    neo4j = private_neo4j
    bundle = synthetic_bundle(40_000, seed=3)
    nodes, edges = bundle_to_records(bundle)
    try:
        store = neo4j.fresh_store(batch_size=500)
        store.ensure_schema()
        failure: list[BaseException] = []

        def run_import() -> None:
            try:
                store.import_bundle(bundle)
            except BaseException as exc:  # the import must fail cleanly, collected below
                failure.append(exc)

        worker = threading.Thread(target=run_import)
        worker.start()
        deadline = time.monotonic() + 60
        while not running_import(neo4j):
            assert time.monotonic() < deadline, "the import never started writing"
            time.sleep(0.05)
        time.sleep(0.3)  # well inside the import: some batches are written, uncommitted
        os.kill(neo4j.pid(), signal.SIGKILL)
        worker.join(timeout=120)
        assert not worker.is_alive()
        assert len(failure) == 1 and isinstance(failure[0], StoreUnavailable), failure
        store.close()

        neo4j.command("start")  # recovery on restart
        store = neo4j.store()
        assert sum(store.stats().values()) == 0, "a killed import left partial data"

        store.import_bundle(bundle)
        store.import_bundle(bundle)  # a retry never duplicates
        counts = store.stats()
        assert sum(
            counts[label] for label in ("Organization", "Person", "Staff", "Project")
        ) == len(nodes)
        assert sum(v for k, v in counts.items() if k.isupper()) == len(edges)
        store.close()
    finally:
        neo4j.command("stop")
