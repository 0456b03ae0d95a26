"""Peak resident memory of a whole import, in the CLI and in the server (POST /import).

Each runs as its own process, as a user runs it, on a bundle file. The peak is the process's
VmHWM (its own high-water mark; ``wait4``'s ru_maxrss would also count the benchmark's own
memory, inherited at fork): the CLI's read while it runs (a high-water mark only grows, so the
last reading before it exits is its peak), the server's after the import answered.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx

from bench.api_load import serving


def high_water_mib(pid: int) -> float | None:
    """Peak resident memory of a running process; None once it has exited."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    found = [line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")]
    return int(found[0]) / 1024 if found else None


def cli_import_mib(bundle: Path, store_url: str) -> float:
    child = subprocess.Popen(
        [sys.executable, "-m", "graphmap.cli", "--store", store_url, "import", str(bundle)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak = 0.0
    while child.poll() is None:
        peak = max(peak, high_water_mib(child.pid) or 0.0)
        time.sleep(0.02)
    if child.returncode != 0:
        raise RuntimeError(f"graphmap import {bundle} failed ({child.returncode})")
    return peak


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
        peak = high_water_mib(server.pid)
        if peak is None:
            raise RuntimeError("the server exited during the import")
        return peak


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.memory BUNDLE.json ...``: each file's peak in the CLI and the server."""
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__)
    parser.add_argument("bundles", nargs="+", type=Path)
    parser.add_argument(
        "--neo4j",
        metavar="URL",
        help="also the CLI's own peak importing into this Neo4j (emptied first; the client "
        "side only: the server's memory is Neo4j's); NEO4J_PASSWORD as for the CLI",
    )
    args = parser.parse_args(argv)
    for bundle in args.bundles:
        if args.neo4j:
            from graphmap.store.neo4j import Neo4jStore

            store = Neo4jStore(args.neo4j)
            store.wipe_everything()
            store.close()
            peak = cli_import_mib(bundle, args.neo4j)
            print(f"{bundle}: CLI into Neo4j {peak:,.0f} MiB", flush=True)
        with tempfile.TemporaryDirectory() as folder:
            cli = cli_import_mib(bundle, f"sqlite:///{folder}/cli.db")
            api = api_import_mib(bundle, f"sqlite:///{folder}/api.db")
        print(f"{bundle}: CLI {cli:,.0f} MiB, server {api:,.0f} MiB", flush=True)


if __name__ == "__main__":
    main()
