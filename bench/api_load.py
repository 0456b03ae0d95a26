"""The HTTP API against the same work in-process, and its throughput with several clients.

The API runs as its own process (``graphmap serve`` on loopback, as many workers as cores).
Latency: one client, one request at a time, on the same bid the in-process row times, so the
ratio is what HTTP, routing and JSON add. Throughput: N clients at once; their p50 includes
queueing, so it is a separate table.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date

import httpx

from bench.latency import CONFIG
from bench.measure import Timing, in_turn
from devtools.http import wait_healthy
from devtools.neo4j_dev import free_port
from graphmap.service import influence_report
from graphmap.store.base import GraphStore


@contextmanager
def serving(
    store_url: str, workers: int | None = None, **settings: str
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``graphmap serve`` without keys on a free loopback port, in its own process, until the
    block ends; yields its base URL (once /health answers) and the process."""
    port = free_port()
    env = {**os.environ, "GRAPHMAP_STORE": store_url, "GRAPHMAP_API_KEYS": "", **settings}
    command = [sys.executable, "-m", "graphmap.cli", "serve", "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base)
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def hammer(url: str, requests: int, clients: int) -> dict[str, float]:
    """Send ``requests`` GETs from ``clients`` threads; return rps and latency percentiles."""
    latencies: list[float] = []

    def one_client(n: int) -> list[float]:
        out = []
        with httpx.Client(timeout=60) as client:
            for _ in range(n):
                start = time.perf_counter()
                response = client.get(url)
                out.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"{url}: HTTP {response.status_code}")
        return out

    share = [requests // clients + (1 if k < requests % clients else 0) for k in range(clients)]
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for part in pool.map(one_client, share):
            latencies.extend(part)
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "rps": requests / elapsed,
        "p50_ms": latencies[len(latencies) // 2],
        "p99_ms": latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
    }


def paired_latency(
    store: GraphStore, url: str, project_id: str, as_of: date, runs: int, warmup: int
) -> tuple[Timing, Timing]:
    """The same influence report in-process and over HTTP (one client), one call of each in
    turn after a warm-up of both, so that both meet the same load on the machine: what HTTP,
    routing and JSON add is then their ratio, not a drift between two runs."""
    with httpx.Client(timeout=60) as client:
        in_process, over_http = in_turn(
            [
                lambda run: influence_report(store, project_id, as_of, CONFIG),
                lambda run: client.get(url).raise_for_status(),
            ],
            runs,
            warmup,
        )
    return in_process, over_http


def api_load(
    store_url: str,
    store: GraphStore,
    project_id: str,
    as_of: date,
    runs: int,
    warmup: int,
    requests: int,
    clients: list[int],
) -> tuple[Timing, Timing, list[dict[str, float | int | str]]]:
    """The paired in-process and one-client latency (``paired_latency``), then one row per
    endpoint and number of clients: p50, p99, requests per second."""
    rows: list[dict[str, float | int | str]] = []
    with serving(store_url) as (base, _):
        influence_path = f"/projects/{project_id}/influence?as_of={as_of.isoformat()}"
        in_process, over_http = paired_latency(
            store, base + influence_path, project_id, as_of, runs, warmup
        )
        for endpoint, path in (
            ("GET /health", "/health"),
            ("GET /projects/{id}/influence", influence_path),
        ):
            hammer(base + path, 20, 2)  # warm-up: every worker has read the store
            for n in clients:
                rows.append(
                    {"endpoint": endpoint, "clients": n, **hammer(base + path, requests, n)}
                )
    return in_process, over_http, rows
