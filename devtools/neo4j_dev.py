"""A private Neo4j from tools/neo4j-dev on a free port and its own data folder: what the
fault tests stop and kill, and what the benchmarks size for a million relationships."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path
from typing import Any

from neo4j import Driver, GraphDatabase

from graphmap.store.neo4j import Neo4jStore

SCRIPT = Path(__file__).resolve().parent.parent / "tools" / "neo4j-dev" / "neo4j-dev"


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class DevNeo4j:
    """One tools/neo4j-dev server; ``settings`` are extra NEO4J_DEV_* variables (heap, page
    cache, transaction memory)."""

    def __init__(self, folder: Path, password: str, **settings: str):
        self.port = free_port()
        self.password = password
        self.run_dir = folder / "run"
        self.env = {
            **os.environ,
            "NEO4J_DEV_PORT": str(self.port),
            "NEO4J_DEV_PASSWORD": password,
            "NEO4J_DEV_DATA": str(folder / "data"),
            "NEO4J_DEV_RUN": str(self.run_dir),
            **settings,
        }
        self.url = f"neo4j://127.0.0.1:{self.port}"

    def command(self, name: str) -> None:
        """``start`` (a no-op when running), ``stop`` or ``status``."""
        subprocess.run(
            [str(SCRIPT), name], env=self.env, check=True, timeout=300, stdout=subprocess.DEVNULL
        )

    def pid(self) -> int:
        return int((self.run_dir / "neo4j.pid").read_text())

    def store(self, **options: Any) -> Neo4jStore:
        return Neo4jStore(self.url, "neo4j", self.password, **options)

    def driver(self) -> Driver:
        """A driver of the caller's own, for what a test inspects beside the store."""
        return GraphDatabase.driver(self.url, auth=("neo4j", self.password))

    def fresh_store(self, **options: Any) -> Neo4jStore:
        """Started (if it was not), emptied, and opened."""
        self.command("start")
        store = self.store(**options)
        store.wipe_everything()
        return store
