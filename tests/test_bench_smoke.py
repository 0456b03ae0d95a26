"""The benchmark harness at a tiny scale, so it cannot rot. The real runs are not part of CI.
It runs as the command users run, in its own process (it drives its own Chromium)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.__main__ import parse_scale
from bench.browser import CHROMIUM
from tests.conftest import need, neo4j_url

ROOT = Path(__file__).resolve().parent.parent


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
    out, figures = tmp_path / "b.md", tmp_path / "b.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--scale",
            "demo,2k",
            "--store",
            "sqlite,neo4j",
            "--neo4j-url",
            neo4j_url(),
            "--runs",
            "2",
            "--warmup",
            "5",
            "--requests",
            "20",
            "--view-sizes",
            "20",
            "--browser-runs",
            "1",
            "--batch-scale",
            "2k",
            "--write",
            str(out),
            "--json",
            str(figures),
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        check=True,
        timeout=600,
        stdout=subprocess.DEVNULL,
    )
    text = out.read_text()
    for heading in (
        "## Import throughput",
        "## Analysis latency and locality",
        "## Local analysis against the whole-graph alternative",
        "## Memory and storage",
        "## HTTP API",
        "## Views in the browser",
    ):
        assert heading in text
    assert "| demo | 2,755 | sqlite |" in text and "| 2,000 | 1,997 | neo4j |" in text
    # 20 people + the bid + 2 staff (one per 10 people) in the view
    assert "| GET /projects/{id}/influence | 8 |" in text and "| 20 | 23 |" in text
    data = json.loads(figures.read_text())
    assert {(f["scale"], f["store"]) for f in data["import"]} == {
        (scale, store) for scale in ("demo", "2k") for store in ("sqlite", "neo4j")
    }
    assert all(f["rel_per_s"] > 0 and f["baseline_rel_per_s"] > 0 for f in data["import"])
    assert {(f["scale"], f["store"], f["analysis"]) for f in data["latency"]} == {
        (scale, store, analysis)
        for scale in ("demo", "2k")
        for store in ("sqlite", "neo4j")
        for analysis in ("influence", "handover", "handover_warm")
    }
    assert {(f["endpoint"], f["clients"]) for f in data["api"]} >= {
        ("GET /projects/{id}/influence", 1),
        ("GET /projects/{id}/influence", 8),
    }
    assert [(v["people"], v["nodes"]) for v in data["views"]] == [(20, 23)]


@pytest.mark.slow
def test_crm_benchmark_runs_and_updates_only_its_section(tmp_path):
    page = tmp_path / "b.md"
    page.write_text("# Benchmarks\n\n## Import throughput\n\nkept\n", encoding="utf-8")
    for _ in range(2):  # the second run replaces the section instead of adding another
        subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.crm",
                "--activities",
                "500",
                "--runs",
                "1",
                "--write",
                str(page),
            ],
            cwd=ROOT,
            check=True,
            timeout=120,
            stdout=subprocess.DEVNULL,
        )
    text = page.read_text()
    assert text.count("## CRM import (Salesforce export)") == 1 and "kept" in text
    # 500 activity rows: 100 contacts, every (owner, contact, day, kind) distinct, all kept
    assert "| 500 | 500 |" in text


@pytest.mark.slow
def test_portfolio_bench_replaces_its_own_section(tmp_path):
    page = tmp_path / "b.md"
    page.write_text("# Benchmarks\n\n## Earlier\n\ntext\n", encoding="utf-8")
    for _ in range(2):  # a second run replaces the section instead of adding another
        subprocess.run(
            [sys.executable, "-m", "bench.portfolio", "--scale", "2k", "--write", str(page)],
            cwd=ROOT,
            check=True,
            timeout=300,
            stdout=subprocess.DEVNULL,
        )
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\n## Earlier\n\ntext\n\n## The weekly worklist")
    assert text.count("## The weekly worklist") == 1 and "| 1,997 |" in text


TINY_MIX = ["--clients", "2", "--rounds", "1", "--handovers", "1"]


@pytest.mark.slow
def test_load_mix_bench_replaces_its_own_section(tmp_path):
    page = tmp_path / "b.md"
    page.write_text("# Benchmarks\n\n## Earlier\n\ntext\n", encoding="utf-8")
    for _ in range(2):  # a second run replaces the section instead of adding another
        subprocess.run(
            [sys.executable, "-m", "bench.load_mix", *TINY_MIX, "--write", str(page)],
            cwd=ROOT,
            check=True,
            timeout=300,
            stdout=subprocess.DEVNULL,
        )
    text = page.read_text(encoding="utf-8")
    assert text.count("## Reads under a mixed load") == 1 and "## Earlier\n\ntext" in text
    # 2 clients x 1 round x (an accounts page, the export, 1 handover)
    assert "| all reads | 6 |" in text and "| handover | 2 |" in text


def test_import_parts_bench_accounts_for_the_whole_import(capsys):
    """Every part, the rest included, adds up to the whole import's CPU time."""
    from bench.import_parts import import_parts, main

    total, spent, written = import_parts(None)
    assert written["relationships"] > 0
    assert "validation (pydantic)" in spent and "SQLite writing rows" in spent
    assert 0 < sum(spent.values()) <= total
    main(["--scale", "demo"])
    table = capsys.readouterr().out
    assert "| whole import |" in table and "| the rest |" in table
