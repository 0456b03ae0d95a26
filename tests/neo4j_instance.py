"""A private Neo4j from tools/neo4j-dev on a free port, for tests that stop or kill it. One
instance serves every such test of a run (``private_neo4j``): each starts it (a no-op when it
runs), wipes it, and may stop or kill it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver, GraphDatabase

from graphmap.store.neo4j import Neo4jStore
from tests.conftest import need

SCRIPT = Path(__file__).resolve().parent.parent / "tools" / "neo4j-dev" / "neo4j-dev"
PASSWORD = "private-test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateNeo4j:
    def __init__(self, folder: Path):
        need(
            bool(shutil.which("java") and shutil.which("mvn")), "no Java/Maven for tools/neo4j-dev"
        )
        self.port = free_port()
        self.run_dir = folder / "run"
        self.env = {
            **os.environ,
            "NEO4J_DEV_PORT": str(self.port),
            "NEO4J_DEV_PASSWORD": PASSWORD,
            "NEO4J_DEV_DATA": str(folder / "data"),
            "NEO4J_DEV_RUN": str(self.run_dir),
        }
        self.url = f"neo4j://127.0.0.1:{self.port}"

    def command(self, name: str) -> None:
        subprocess.run(
            [str(SCRIPT), name], env=self.env, check=True, timeout=300, stdout=subprocess.DEVNULL
        )

    def pid(self) -> int:
        return int((self.run_dir / "neo4j.pid").read_text())

    def store(self, **options: Any) -> Neo4jStore:
        return Neo4jStore(self.url, "neo4j", PASSWORD, **options)

    def driver(self) -> Driver:
        """A driver of the test's own, for what a test inspects beside the store."""
        return GraphDatabase.driver(self.url, auth=("neo4j", PASSWORD))

    def fresh_store(self, **options: Any) -> Neo4jStore:
        """Started (if it was not), emptied, and opened."""
        self.command("start")
        store = self.store(**options)
        store.wipe_everything()
        return store


@pytest.fixture(scope="session")
def private_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateNeo4j]:
    neo4j = PrivateNeo4j(tmp_path_factory.mktemp("private-neo4j"))
    try:
        yield neo4j
    finally:
        neo4j.command("stop")
