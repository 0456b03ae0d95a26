"""HTTP load: requests per second and p99 for a bid's influence against GET /health, same run.

The API runs as its own process (``graphmap serve`` on loopback); a bounded, threaded client
sends a fixed number of requests per endpoint.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hammer(url: str, requests: int, workers: int) -> dict[str, float]:
    """Send ``requests`` GETs from ``workers`` threads; return rps and latency percentiles."""
    latencies: list[float] = []

    def one_worker(n: int) -> list[float]:
        out = []
        with httpx.Client(timeout=30) as client:
            for _ in range(n):
                start = time.perf_counter()
                response = client.get(url)
                out.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"{url}: HTTP {response.status_code}")
        return out

    share = [requests // workers + (1 if k < requests % workers else 0) for k in range(workers)]
    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        for part in pool.map(one_worker, share):
            latencies.extend(part)
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "rps": requests / elapsed,
        "p50_ms": latencies[len(latencies) // 2],
        "p99_ms": latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
    }


@contextmanager
def served(store_url: str, **env: str) -> Iterator[str]:
    """``graphmap serve`` on a free loopback port in its own process, without keys; yields
    its base URL once /health answers."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "graphmap.cli", "serve", "--port", str(port)],
        env={**os.environ, "GRAPHMAP_STORE": store_url, "GRAPHMAP_API_KEYS": "", **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the API did not start")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def api_load(
    store_url: str, project_id: str, as_of: str, requests: int = 1000, workers: int = 8
) -> dict[str, dict[str, float]]:
    with served(store_url) as base:
        results = {}
        for name, path in (
            ("health", "/health"),
            ("influence", f"/projects/{project_id}/influence?as_of={as_of}"),
        ):
            hammer(base + path, 50, workers)  # warm-up
            results[name] = hammer(base + path, requests, workers)
        return results
