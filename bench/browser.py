"""Time until a view's network is stable in headless Chromium, at about 100, 500 and 2,000
nodes, through the real renderer (a bid view over a synthetic decision network)."""

from __future__ import annotations

import os
import random
import statistics
from datetime import date
from pathlib import Path

from graphmap.analysis.influence import bid_influence
from graphmap.config import AnalysisConfig
from graphmap.graph import graph_from_bundle
from graphmap.model import Bundle
from graphmap.views import graphs
from graphmap.views.html import render

CHROMIUM = os.environ.get("GRAPHMAP_CHROMIUM", "/usr/bin/chromium")
# the flags that keep Chromium quiet on a machine with no network (tests use them too)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def network_bundle(people: int, seed: int = 5) -> Bundle:
    """One bid with 12 seats, ``people`` people swaying each other, a staff member per 10."""
    rng = random.Random(seed)
    ids = [f"p{i}" for i in range(people)]
    staff = [f"s{i}" for i in range(max(1, people // 10))]
    influences = {(a, b) for a in ids for b in rng.sample(ids, 2) if a != b}
    return Bundle.model_validate(
        {
            "organizations": [{"id": "o", "name": "Client"}],
            "people": [{"id": p, "name": f"Person {p}", "organization_id": "o"} for p in ids],
            "staff": [{"id": s, "name": f"Staff {s}"} for s in staff],
            "projects": [{"id": "bid", "name": "Bid", "client_id": "o", "stage": "tender"}],
            "influences": [
                {"from_id": a, "to_id": b, "weight": round(rng.uniform(0.1, 1), 2)}
                for a, b in sorted(influences)
            ],
            "decision_roles": [
                {"person_id": p, "project_id": "bid", "role": "decision_maker"} for p in ids[:12]
            ],
            "knows": [
                {"staff_id": staff[k % len(staff)], "person_id": p, "strength": 0.5}
                for k, p in enumerate(ids[::3])
            ],
        }
    )


def view_html(people: int, cap: int | None = None) -> tuple[str, int]:
    """A bid view's HTML over ``people`` people; ``cap`` replaces the node cap for one render."""
    graph = graph_from_bundle(network_bundle(people))
    report = bid_influence(graph, "bid", date(2026, 1, 1), AnalysisConfig(max_hops=12))
    saved = graphs.MAX_NODES
    graphs.MAX_NODES = cap or saved
    try:
        page = graphs.bid_view(graph, report, AnalysisConfig())
    finally:
        graphs.MAX_NODES = saved
    return render(page), len(page.net.nodes)


def stable_ms(sizes: list[int], folder: Path, runs: int = 3) -> list[dict[str, float]]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for people, cap in [(n, None) for n in sizes] + [(max(sizes), 10**9)]:
            html, drawn = view_html(people, cap)
            file = folder / f"view-{people}-{cap}.html"
            file.write_text(html, encoding="utf-8")
            times = []
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1400, "height": 900}, bypass_csp=True)
                page.goto(file.as_uri())
                page.wait_for_function("window.graphmap && window.graphmap.ready", timeout=300_000)
                times.append(page.evaluate("window.graphmap.stableMs"))
                page.close()
            rows.append(
                {
                    "people": people,
                    "drawn": drawn,
                    "capped": cap is None,
                    "stable_ms": statistics.median(times),
                }
            )
        browser.close()
    return rows
