"""Waiting for a graphmap server that another process is starting."""

from __future__ import annotations

import time

import httpx


def wait_healthy(base: str, seconds: float = 60) -> None:
    """Return once ``GET {base}/health`` answers 200; RuntimeError after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the API at {base} did not start within {seconds:.0f} s")
        time.sleep(0.2)
