"""Peak resident memory of a whole import, in the CLI and in the server (POST /import).

Each runs as its own process, as a user runs it, on a bundle file: the CLI's peak comes from
``wait4`` (that child only), the server's from its VmHWM after the import answered.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from bench.api_load import serving


def cli_import_mib(bundle: Path, store_url: str) -> float:
    child = subprocess.Popen(
        [sys.executable, "-m", "graphmap.cli", "--store", store_url, "import", str(bundle)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"graphmap import {bundle} failed ({child.returncode})")
    return usage.ru_maxrss / 1024  # KiB on Linux


def api_import_mib(bundle: Path, store_url: str) -> float:
    with serving(store_url, workers=1) as (base, server):
        with bundle.open("rb") as body:
            answer = httpx.post(
                f"{base}/import",
                content=body,
                headers={"content-type": "application/json"},
                timeout=3600,
            )
        if answer.status_code != 200:
            raise RuntimeError(f"POST /import: HTTP {answer.status_code} {answer.text[:300]}")
        status = Path(f"/proc/{server.pid}/status").read_text()
        return int(next(x for x in status.splitlines() if x.startswith("VmHWM")).split()[1]) / 1024
