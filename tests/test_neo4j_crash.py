"""Kill Neo4j in the middle of an import: after restart nothing of it is visible, and running
the import again gives the complete graph exactly once. Uses its own Neo4j instance."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from bench.synth import synthetic_bundle
from graphmap.errors import StoreUnavailable
from graphmap.store.records import bundle_to_records
from tests.conftest import need

SCRIPT = Path(__file__).resolve().parent.parent / "tools" / "neo4j-dev" / "neo4j-dev"
pytestmark = pytest.mark.neo4j


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def neo4j_dev(command: str, env: dict[str, str]) -> None:
    subprocess.run(
        [str(SCRIPT), command], env=env, check=True, timeout=300, stdout=subprocess.DEVNULL
    )


def running_import(store) -> bool:
    with store._driver.session() as session:
        rows = session.run("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery").values()
    return any("UNWIND" in (q or "") for (q,) in rows)


def test_kill_during_import_leaves_nothing_and_reimport_completes(tmp_path):
    need(bool(shutil.which("java") and shutil.which("mvn")), "no Java/Maven for tools/neo4j-dev")
    from graphmap.store.neo4j import Neo4jStore

    port = free_port()
    env = {
        **os.environ,
        "NEO4J_DEV_PORT": str(port),
        "NEO4J_DEV_PASSWORD": "crash-test",
        "NEO4J_DEV_DATA": str(tmp_path / "data"),
        "NEO4J_DEV_RUN": str(tmp_path / "run"),
    }
    bundle = synthetic_bundle(120_000, seed=3)
    nodes, edges = bundle_to_records(bundle)
    neo4j_dev("start", env)
    try:
        store = Neo4jStore(f"neo4j://127.0.0.1:{port}", "neo4j", "crash-test", batch_size=500)
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
        while not running_import(store):
            assert time.monotonic() < deadline, "the import never started writing"
            time.sleep(0.05)
        time.sleep(0.5)  # well inside the import: some batches are written, uncommitted
        pid = int((tmp_path / "run" / "neo4j.pid").read_text())
        os.kill(pid, signal.SIGKILL)
        worker.join(timeout=120)
        assert not worker.is_alive()
        assert len(failure) == 1 and isinstance(failure[0], StoreUnavailable), failure
        store.close()

        neo4j_dev("start", env)  # recovery on restart
        store = Neo4jStore(f"neo4j://127.0.0.1:{port}", "neo4j", "crash-test")
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
        neo4j_dev("stop", env)
