"""Time until a bid view is usable in headless Chromium, at about 100, 500 and 2,000 people,
through the real renderer (a bid view over a synthetic decision network, no node cap).

Usable = the first paint with every node at its place (the page script ran, the layout was
drawn). The same run also measures the response to "show everyone" (the whole network drawn
from the filtered first picture), and, as the baseline, the previous renderer: a force layout
that settles 300 physics iterations before its first paint."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from unittest.mock import patch

from bench.page import replace_section
from bench.report import browser_markdown
from graphmap.analysis.influence import bid_influence
from graphmap.config import AnalysisConfig
from graphmap.model import Bundle
from graphmap.store.graph import graph_from_bundle
from graphmap.views import graphs
from graphmap.views.html import render
from graphmap.views.pdf import QUIET

if TYPE_CHECKING:  # playwright is imported when a browser is run, as below
    from playwright.sync_api import Browser

CHROMIUM = os.environ.get("GRAPHMAP_CHROMIUM", "/usr/bin/chromium")
ARGS = QUIET  # the flags that keep Chromium quiet on a machine with no network


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


BASELINE_PHYSICS = {"enabled": True, "stabilization": {"enabled": True, "iterations": 300}}
SHOW_EVERYONE = """() => new Promise(done => {
    const started = performance.now();
    window.graphmap.network.once("afterDrawing", () => done(performance.now() - started));
    document.getElementById("show-all").click();
})"""


def view_html(people: int, baseline: bool = False) -> tuple[str, int]:
    """A bid view's HTML over ``people`` people, every node kept; ``baseline``: drawn the
    previous way (force layout, stabilized before the first paint, all nodes shown)."""
    graph = graph_from_bundle(network_bundle(people))
    report = bid_influence(graph, "bid", date(2026, 1, 1), AnalysisConfig(max_hops=12))
    with patch.object(graphs, "MAX_NODES", 10**9):  # every node, as the previous renderer
        page = graphs.bid_view(graph, report, AnalysisConfig())
    if baseline:
        page.layout = "force"
        for node in page.net.nodes:
            node.pop("x", None)
            node.pop("y", None)
    html = render(page, physics=BASELINE_PHYSICS if baseline else None)
    return html, len(page.net.nodes)


def _median_ms(browser: Browser, file: Path, runs: int, after_ready: str | None = None) -> float:
    times: list[float] = []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1400, "height": 900}, bypass_csp=True)
        page.goto(file.as_uri())
        page.wait_for_function("window.graphmap && window.graphmap.ready", timeout=300_000)
        times.append(float(page.evaluate(after_ready or "window.graphmap.usableMs")))
        page.close()
    return statistics.median(times)


def usable_ms(sizes: list[int], folder: Path, runs: int = 3) -> list[dict[str, float]]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for people in sizes:
            pages = {}
            for name, baseline in (("tree", False), ("baseline", True)):
                html, nodes = view_html(people, baseline)
                pages[name] = folder / f"view-{people}-{name}.html"
                pages[name].write_text(html, encoding="utf-8")
            rows.append(
                {
                    "people": people,
                    "nodes": nodes,
                    "usable_ms": _median_ms(browser, pages["tree"], runs),
                    "show_everyone_ms": _median_ms(browser, pages["tree"], runs, SHOW_EVERYONE),
                    "baseline_ms": _median_ms(browser, pages["baseline"], runs),
                }
            )
        browser.close()
    return rows


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.browser``: the views section alone (``python -m bench`` runs it too)."""
    parser = argparse.ArgumentParser(prog="python -m bench.browser", description=__doc__)
    parser.add_argument("--sizes", default="100,500,2000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", type=Path, default=None, help="update this Markdown page")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        rows = usable_ms([int(n) for n in args.sizes.split(",")], Path(work), args.runs)
    command = f"python -m bench.browser --sizes {args.sizes} --runs {args.runs}"
    text = "\n".join(
        browser_markdown(rows, command + (f" --write {args.write}" * bool(args.write)))
    )
    print(text)
    if args.write:
        replace_section(args.write, "## Views in the browser", text)


if __name__ == "__main__":
    main()
