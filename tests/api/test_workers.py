"""`graphmap serve --workers 2`: two processes answer on one port, each with its own store
connection, and the API keeps answering when one of them dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from devtools.http import wait_healthy
from devtools.neo4j_dev import free_port
from graphmap.demo import demo_bundle
from graphmap.store.sqlite import SQLiteStore


def children(pid: int) -> list[int]:
    """Direct child processes, from /proc (Linux)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(p) for p in text]
    return found


def serving_workers(pid: int) -> list[int]:
    """Children that run a uvicorn worker (multiprocessing's spawned interpreters)."""
    out = []
    for child in children(pid):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except FileNotFoundError:
            continue
        if b"multiprocessing.spawn" in cmdline and b"resource_tracker" not in cmdline:
            out.append(child)
    return out


@pytest.mark.slow
def test_two_workers_serve_and_survive_one_dying(tmp_path):
    db = tmp_path / "firm.db"
    store = SQLiteStore(db)
    store.import_bundle(demo_bundle(seed=7))
    store.close()
    port = free_port()
    env = {**os.environ, "GRAPHMAP_API_KEYS": "", "GRAPHMAP_STORE": f"sqlite:///{db}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "graphmap.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, 90)
        deadline = time.monotonic() + 60
        while len(workers := serving_workers(server.pid)) < 2:
            assert time.monotonic() < deadline, f"workers: {workers}"
            time.sleep(0.2)
        assert len(workers) == 2
        os.kill(workers[0], signal.SIGKILL)
        # the other worker answers while the supervisor replaces the dead one
        answers = [httpx.get(f"{base}/projects/prj-001/influence", timeout=30) for _ in range(5)]
        assert [a.status_code for a in answers] == [200] * 5
        assert answers[0].json()["project_id"] == "prj-001"
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
