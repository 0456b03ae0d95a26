"""The benchmark harness at a tiny scale, so it cannot rot. The real runs are not part of CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.__main__ import main, parse_scale
from bench.browser import CHROMIUM
from tests.conftest import need, neo4j_url


def test_scales_parse():
    assert [parse_scale(s) for s in ("demo", "10k", "1m", "2.5k")] == [
        None,
        10_000,
        1_000_000,
        2_500,
    ]


@pytest.mark.neo4j
@pytest.mark.browser
def test_harness_runs_end_to_end_at_a_tiny_scale(tmp_path):
    need(neo4j_url() is not None, "no Neo4j for the benchmark smoke test")
    need(Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}")
    report = main(
        [
            "--scale",
            "demo,2k",
            "--store",
            "sqlite,neo4j",
            "--neo4j-url",
            neo4j_url(),
            "--runs",
            "2",
            "--requests",
            "20",
            "--view-sizes",
            "20",
            "--browser-runs",
            "1",
            "--write",
            str(tmp_path / "b.md"),
        ]
    )
    text = (tmp_path / "b.md").read_text()
    for heading in (
        "## Import throughput",
        "## Analysis latency and locality",
        "## Local analysis against the whole-graph alternative",
        "## Memory and storage",
        "## HTTP API under load",
        "## Views in the browser",
    ):
        assert heading in text
    assert [r["scale"] for r in report.rows] == ["demo", "2,000"]
    assert report.rows[1]["relationships"] > 1500
    assert report.api["influence"]["rps"] > 0 and report.browser[0]["stable_ms"] > 0
    assert "| neo4j |" in text
