"""One private Neo4j for every test that stops or kills it (``private_neo4j``): each test
starts it (a no-op when it runs), wipes it, and may stop or kill it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.neo4j_dev import DevNeo4j, free_port
from tests.conftest import need

PASSWORD = "private-test"

__all__ = ["PASSWORD", "free_port", "private_neo4j", "private_neo4j_at"]


def private_neo4j_at(folder: Path, **settings: str) -> DevNeo4j:
    """A private Neo4j of a test's own (one that needs other server settings)."""
    need(bool(shutil.which("java") and shutil.which("mvn")), "no Java/Maven for tools/neo4j-dev")
    return DevNeo4j(folder, PASSWORD, **settings)


@pytest.fixture(scope="session")
def private_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevNeo4j]:
    neo4j = private_neo4j_at(tmp_path_factory.mktemp("private-neo4j"))
    try:
        yield neo4j
    finally:
        neo4j.command("stop")
