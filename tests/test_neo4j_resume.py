"""A large Neo4j import commits in chunks (GRAPHMAP_NEO4J_TX_RECORDS). Kill -9 the CLI in the
middle: a prefix is stored; the same import run again completes it, and running it once more
changes nothing. Counts are taken from the bundle itself, not from the store's code."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from graphmap.bundle import write_bundle
from graphmap.model import EDGE_SPECS, NODE_SPECS, REF_SPECS
from graphmap.synthetic import synthetic_bundle
from tests.conftest import fresh_neo4j_store, need, neo4j_url

pytestmark = pytest.mark.neo4j
TX_RECORDS = 4_000


def expected_counts(bundle) -> tuple[int, int]:
    nodes = sum(len(getattr(bundle, spec.section)) for spec in NODE_SPECS)
    refs = sum(
        1
        for ref in REF_SPECS
        for record in getattr(bundle, ref.section)
        if getattr(record, ref.field) is not None
    )
    edges = sum(len(getattr(bundle, spec.section)) for spec in EDGE_SPECS)
    return nodes, refs + edges


def stored(store) -> tuple[int, int]:
    counts = store.stats()
    nodes = sum(counts[spec.label] for spec in NODE_SPECS)
    return nodes, sum(v for k, v in counts.items() if k.isupper())


def cli_import(path, env) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "graphmap.cli", "--store", neo4j_url(), "import", str(path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def test_kill_cli_mid_import_then_rerun_completes_without_duplicates(tmp_path):
    need(neo4j_url() is not None, "no Neo4j: set GRAPHMAP_TEST_NEO4J_URI (make test does it)")
    bundle = synthetic_bundle(40_000, seed=5)
    path = tmp_path / "firm.json"
    write_bundle(bundle, path)
    want = expected_counts(bundle)
    assert sum(want) > 5 * TX_RECORDS  # several chunks, so a kill lands between commits
    env = {**os.environ, "GRAPHMAP_NEO4J_TX_RECORDS": str(TX_RECORDS)}
    store = fresh_neo4j_store()
    try:
        first = cli_import(path, env)
        deadline = time.monotonic() + 180
        while sum(stored(store)) < 2 * TX_RECORDS:
            assert first.poll() is None, first.stdout.read() if first.stdout else ""
            assert time.monotonic() < deadline, "no chunk was committed"
            time.sleep(0.05)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        prefix = stored(store)
        assert 0 < sum(prefix) < sum(want), (prefix, want)

        for _ in range(2):  # the re-run completes the import; one more run changes nothing
            rerun = cli_import(path, env)
            output = rerun.communicate(timeout=600)[0].decode()
            assert rerun.returncode == 0, output
            assert stored(store) == want
    finally:
        store.close()
