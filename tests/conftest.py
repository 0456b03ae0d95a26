"""Shared fixtures. Stores: SQLite always; Neo4j when GRAPHMAP_TEST_NEO4J_URI names a running
server (tools/neo4j-dev). Under CI=true a missing Neo4j fails the test instead of skipping it."""

from __future__ import annotations

import os
from datetime import date

import pytest

from graphmap.demo import demo_bundle
from graphmap.store.sqlite import SQLiteStore

# The CLI's console reads COLUMNS once, when graphmap.cli is imported; pytest-xdist sets it in
# its workers. Unset, each test's runner decides the width, as in a plain pytest run.
os.environ.pop("COLUMNS", None)

pytest_plugins = ["tests.neo4j_instance"]  # the private_neo4j fixture

DEMO_TODAY = date(2026, 11, 22)
IN_CI = os.environ.get("CI", "").lower() == "true"


def need(condition: bool, reason: str) -> None:
    """Skip when a real component is missing, but fail under CI=true: CI must run everything."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def neo4j_url() -> str | None:
    return os.environ.get("GRAPHMAP_TEST_NEO4J_URI")


def fresh_neo4j_store():
    from graphmap.store.neo4j import Neo4jStore

    store = Neo4jStore(neo4j_url())
    store.wipe_everything()
    return store


@pytest.fixture(scope="session")
def demo():
    return demo_bundle(seed=7, today=DEMO_TODAY)


@pytest.fixture
def sqlite_store(tmp_path):
    store = SQLiteStore(tmp_path / "graph.db")
    yield store
    store.close()


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request, tmp_path):
    """Each contract test runs once per store."""
    if request.param == "sqlite":
        s = SQLiteStore(tmp_path / "graph.db")
    else:
        need(
            neo4j_url() is not None,
            "no Neo4j: start tools/neo4j-dev and set GRAPHMAP_TEST_NEO4J_URI (make test does both)",
        )
        s = fresh_neo4j_store()
    yield s
    s.close()


@pytest.fixture(scope="session")
def browser():
    """One real headless Chromium (Debian's, driven by Playwright) for the whole session:
    Playwright's sync API cannot run two at once."""
    import shutil
    from pathlib import Path

    from bench.browser import ARGS, CHROMIUM

    need(
        Path(CHROMIUM).exists() or bool(shutil.which("chromium")),
        f"no Chromium at {CHROMIUM} (Debian package chromium)",
    )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - dev extra
        need(False, "the playwright Python package is not installed")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()
