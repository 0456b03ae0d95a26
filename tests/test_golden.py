"""What a restructuring must not change: the demo firm's export, every command's JSON and text
answers, and the views, recorded in tests/golden/ and compared byte for byte.

A change that means to alter an answer re-records with ``GRAPHMAP_UPDATE_GOLDEN=1 pytest
tests/test_golden.py`` and shows the difference in its commit.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphmap.cli import app
from graphmap.store.sqlite import SQLiteStore
from tests.conftest import DEMO_TODAY

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("GRAPHMAP_UPDATE_GOLDEN") == "1"
DAY = ["--as-of", DEMO_TODAY.isoformat()]

# (file name, command line): a spread of bids, staff, people and accounts of the demo firm
COMMANDS: list[tuple[str, list[str]]] = [
    *(
        (f"influence-{p}.{ext}", ["influence", p, *DAY, *flag])
        for p in ("prj-001", "prj-002", "prj-007", "prj-013")
        for ext, flag in (("json", ["--json"]), ("txt", []))
    ),
    *(
        (f"handover-{s}.{ext}", ["handover", s, *DAY, *flag])
        for s in ("stf-001", "stf-008", "stf-009")
        for ext, flag in (("json", ["--json"]), ("txt", []), ("md", ["--markdown"]))
    ),
    ("handover-stf-002-stf-003-move.json", ["handover", "stf-002", "--also", "stf-003",
                                            "--mode", "move", *DAY, "--json"]),
    *(
        (f"paths-{p}.{ext}", ["paths", p, *DAY, *flag])
        for p in ("per-0001", "per-0040")
        for ext, flag in (("json", ["--json"]), ("txt", []))
    ),
    *((f"coverage-{o}.json", ["coverage", o, *DAY, "--json"]) for o in ("org-001", "org-003")),
    ("accounts.json", ["accounts", *DAY, "--json"]),
    ("accounts.txt", ["accounts", *DAY]),
    ("pipeline.json", ["pipeline", "--stage", "all", *DAY, "--json"]),
    ("pipeline.txt", ["pipeline", *DAY]),
    ("pipeline-all.txt", ["pipeline", "--stage", "all", *DAY]),  # closed bids have no rating
    ("coverage-org-001.txt", ["coverage", "org-001", *DAY]),
    ("segments.txt", ["segments", *DAY]),
    ("depth.txt", ["depth", *DAY]),
    ("alerts.json", ["alerts", *DAY, "--json"]),
    ("alerts.txt", ["alerts", *DAY]),
    ("segments.json", ["segments", *DAY, "--json"]),
    ("depth.json", ["depth", *DAY, "--json"]),
]  # fmt: skip
VIEWS = [
    ("view-bid-prj-001.html", ["view", "bid", "prj-001", *DAY]),
    ("view-account-org-001.html", ["view", "account", "org-001", *DAY]),
    ("view-staff-stf-008.html", ["view", "staff", "stf-008", *DAY]),
    ("view-person-per-0001.html", ["view", "person", "per-0001", *DAY]),
    ("view-dashboard.html", ["view", "dashboard", *DAY]),
]


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory, demo) -> Iterator[str]:
    path = tmp_path_factory.mktemp("golden") / "demo.db"
    store = SQLiteStore(path)
    store.import_bundle(demo)
    store.close()
    yield f"sqlite:///{path}"


def run(store_url: str, args: list[str]) -> str:
    result = CliRunner().invoke(app, ["--store", store_url, *args], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    return result.stdout


def compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{name}: no golden file; record with GRAPHMAP_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from tests/golden"


@pytest.mark.parametrize(("name", "args"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_answers_match_the_golden_set(demo_store: str, name: str, args: list[str]) -> None:
    compare(name, run(demo_store, args))


def test_export_matches_the_golden_set(demo_store: str, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    run(demo_store, ["export", str(out)])
    compare("export.json", out.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "args"), VIEWS, ids=[v[0] for v in VIEWS])
def test_views_match_the_golden_set(
    demo_store: str, tmp_path: Path, name: str, args: list[str]
) -> None:
    out = tmp_path / name
    run(demo_store, [*args, "-o", str(out)])
    compare(name, without_libraries(out.read_text(encoding="utf-8")))


LIBRARY_SIZE = 50_000  # no script graphmap writes into a page is this long


def without_libraries(page: str) -> str:
    """The page's own part: inlined libraries (vis-network, plotly) are the installed
    packages' bytes, the same every time, and megabytes long."""

    def mark(script: re.Match[str]) -> str:
        if len(script.group(2)) < LIBRARY_SIZE:
            return script.group(0)
        return f"{script.group(1)}(library)</script>"

    return re.sub(r"(<script[^>]*>)([\s\S]*?)</script>", mark, page)
