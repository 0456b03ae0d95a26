"""The benchmark report: collected figures, rendered as docs/benchmarks.md."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bench.measure import Timing

LATENCY_HEADING = "## Analysis latency and locality"


def _machine() -> str:
    with open("/proc/meminfo", encoding="ascii") as f:
        mem_kib = next(int(line.split()[1]) for line in f if line.startswith("MemTotal"))
    with open("/proc/cpuinfo", encoding="ascii") as f:
        cpu = next(
            (line.split(":", 1)[1].strip() for line in f if line.startswith("model name")),
            "unknown CPU",
        )
    return f"{os.cpu_count()} cores ({cpu}), {mem_kib / 1024 / 1024:.0f} GiB memory"


def _ratio(value: float | None, base: float | None) -> str:
    return f"{value / base:.2f}×" if value and base else "—"


def _times(x: float) -> str:
    return f"{x:.2f}×" if x < 10 else f"{x:,.0f}×"


def _num(value: float | None, fmt: str = "{:,.0f}") -> str:
    return fmt.format(value) if value is not None else "—"


@dataclass
class Report:
    command: str
    as_of: date
    rows: list[dict[str, Any]] = field(default_factory=list)
    neo4j_version: str | None = None
    api: dict[str, dict[str, float]] | None = None
    browser: list[dict[str, Any]] | None = None
    cleanup: list[Callable[[], None]] = field(default_factory=list)

    def scale(self, name: str, nodes: int, relationships: int) -> dict[str, Any]:
        row = {"scale": name, "nodes": nodes, "relationships": relationships}
        self.rows.append(row)
        return row

    def markdown(self, python: str) -> str:
        out = [
            "# Benchmarks",
            "",
            "Every figure here comes from one run of the command below, and every figure is "
            "paired with a baseline measured in the same run (the ratio columns). Regenerate "
            "with the same command; numbers move a little from run to run, the ratios much "
            "less.",
            "",
            f"- command: `{self.command}`",
            f"- machine: {_machine()}; Python {python}"
            + (
                f"; {self.neo4j_version} (tools/neo4j-dev, heap 6 GiB, page cache 3 GiB)"
                if self.neo4j_version
                else ""
            ),
            "- data: the demo firm, and synthetic firms of the demo's shape "
            "(graphmap/synthetic.py) grown by adding accounts, so one bid's or one person's "
            "neighbourhood stays the same size as the graph grows",
            "",
        ]
        out += self._imports() + self.latency_section() + self._whole_graph() + self._memory()
        out += self._api() + self._browser()
        return "\n".join(out) + "\n"

    def _imports(self) -> list[str]:
        out = [
            "## Import throughput",
            "",
            "Relationships written per second, whole import (checks, nodes, relationships, "
            "one transaction). Baseline: the same records, one statement and one transaction "
            "per record, as a simple sync script would write them.",
            "",
            "| scale | relationships | store | batched (rel/s) | one per row (rel/s) | "
            "batched ÷ per row |",
            "|---|---|---|---|---|---|",
        ]
        for r in self.rows:
            for store in ("sqlite", "neo4j"):
                batched = r.get(f"{store}_batched_s")
                if batched is None:
                    continue
                naive = r.get(f"{store}_naive_s")
                rate = r["relationships"] / batched
                naive_rate = r["relationships"] / naive if naive else None
                out.append(
                    f"| {r['scale']} | {r['relationships']:,} | {store} | {rate:,.0f} | "
                    f"{_num(naive_rate)} | {_ratio(rate, naive_rate)} |"
                )
        return [
            *out,
            "",
            "Per-row Neo4j imports above 15,000 records are not run: at the rate shown a "
            "million relationships would take most of an hour. The small rows carry fixed "
            "costs (schema checks, the first statements), so their rates are lower.",
            "",
        ]

    def latency_section(self) -> list[str]:
        out = [
            LATENCY_HEADING,
            "",
            "p50 / p95 in milliseconds over repeated calls, end to end (extraction from the "
            "store, analysis, result model). Influence: the bids closest to 12 seats; "
            "handover: ten active staff with relationships. Growth: p50 at this scale ÷ p50 "
            "at the scale above it in the table; about 1 means the cost does not grow with "
            "the graph. ÷ sqlite: the Neo4j p50 over the embedded store's at the same scale "
            "(targets: influence 1.5×, handover 2×).",
            "",
            f"Written by `{self.command}`.",
            "",
            "Each store hands over the decision networks an analysis needs in one bulk read "
            "(a recursive CTE on SQLite, one breadth-first Cypher query on Neo4j, whatever the "
            "number of bids), and counts a candidate successor's load with one aggregate "
            "query: an influence is one Bolt round trip, a handover about thirty (its "
            "neighbourhood is still read a hop at a time). A synthetic firm's neighbourhoods "
            "only reach their full size at about 100,000 relationships, so growth up to 100k "
            "is the neighbourhood filling up.",
            "",
            "| scale | relationships | seats | store | influence p50 / p95 | growth | ÷ sqlite | "
            "handover p50 / p95 | growth | ÷ sqlite |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for store in ("sqlite", "neo4j"):
            previous: dict[str, Any] | None = None
            for r in self.rows:
                inf: Timing | None = r.get(f"{store}_influence")
                hand: Timing | None = r.get(f"{store}_handover")
                if inf is None or hand is None:
                    continue
                grow = (
                    ("—", "—")
                    if previous is None
                    else (
                        _ratio(inf.p50_ms, previous[f"{store}_influence"].p50_ms),
                        _ratio(hand.p50_ms, previous[f"{store}_handover"].p50_ms),
                    )
                )
                base_inf, base_hand = r.get("sqlite_influence"), r.get("sqlite_handover")
                versus = (
                    ("—", "—")
                    if store == "sqlite" or base_inf is None or base_hand is None
                    else (
                        _ratio(inf.p50_ms, base_inf.p50_ms),
                        _ratio(hand.p50_ms, base_hand.p50_ms),
                    )
                )
                out.append(
                    f"| {r['scale']} | {r['relationships']:,} | {r['bid_seats']} | "
                    f"{store} | {inf} | {grow[0]} | {versus[0]} | {hand} | {grow[1]} | "
                    f"{versus[1]} |"
                )
                previous = r
        return [*out, ""]

    def _whole_graph(self) -> list[str]:
        if not any("pagerank_s" in r for r in self.rows):
            return []
        out = [
            "## Local analysis against the whole-graph alternative",
            "",
            "What a naive tool computes to answer the same question: a centrality over the "
            "whole graph (networkx PageRank; betweenness sampled from 50 sources). Compared "
            "with one bid's influence analysis on the embedded store (p50).",
            "",
            "| scale | relationships | influence p50 (ms) | PageRank (ms) | PageRank ÷ "
            "influence | betweenness k=50 (ms) | betweenness ÷ influence |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in self.rows:
            if "pagerank_s" not in r:
                continue
            local = r["sqlite_influence"].p50_ms
            pr, bt = r["pagerank_s"] * 1000, r["betweenness_k50_s"] * 1000
            out.append(
                f"| {r['scale']} | {r['relationships']:,} | {local:.1f} | {pr:,.0f} | "
                f"{_times(pr / local)} | {bt:,.0f} | {_times(bt / local)} |"
            )
        return [*out, ""]

    def _memory(self) -> list[str]:
        out = [
            "## Memory and storage",
            "",
            "Peak resident memory of the benchmark process after each scale (it holds the "
            "bundle and, for the whole-graph baseline, a networkx copy of the graph), and the "
            "embedded store's file size per relationship (nodes included).",
            "",
            "| scale | relationships | peak RSS (MiB) | SQLite file (MiB) | bytes per "
            "relationship |",
            "|---|---|---|---|---|",
        ]
        for r in self.rows:
            out.append(
                f"| {r['scale']} | {r['relationships']:,} | {r['peak_rss_mib']:,.0f} | "
                f"{r['sqlite_bytes'] / 2**20:,.1f} | "
                f"{r['sqlite_bytes'] / r['relationships']:,.0f} |"
            )
        return [*out, ""]

    def _api(self) -> list[str]:
        if not self.api:
            return []
        h, i = self.api["health"], self.api["influence"]
        return [
            "## HTTP API under load",
            "",
            "`graphmap serve` in its own process on loopback, the demo firm in the embedded "
            "store; a threaded client (8 workers) sends a fixed number of requests per "
            "endpoint. Baseline: `GET /health` (a store ping) in the same run.",
            "",
            "| endpoint | requests/s | p50 (ms) | p99 (ms) |",
            "|---|---|---|---|",
            f"| GET /health | {h['rps']:,.0f} | {h['p50_ms']:.1f} | {h['p99_ms']:.1f} |",
            f"| GET /projects/{{id}}/influence | {i['rps']:,.0f} | {i['p50_ms']:.1f} | "
            f"{i['p99_ms']:.1f} |",
            f"| influence ÷ health | {i['rps'] / h['rps']:.2f}× | "
            f"{i['p50_ms'] / h['p50_ms']:.1f}× | {i['p99_ms'] / h['p99_ms']:.1f}× |",
            "",
        ]

    def _browser(self) -> list[str]:
        return browser_markdown(self.browser) if self.browser else []


def browser_markdown(rows: list[dict[str, Any]], command: str | None = None) -> list[str]:
    """The views section: usable time, show-everyone response, and the previous renderer."""
    out = [
        "## Views in the browser",
        "",
        "A bid view over a synthetic decision network (12 seats, no node cap) in headless "
        "Chromium (Debian's), median of runs. *Usable*: from the start of the page script "
        "to the first paint with every node at its place (the decision tree, drawn at once; "
        "its first picture shows the seats and everyone with 2%+). *Show everyone*: from "
        "the click to the repaint with the whole network. *Baseline*, measured in the same "
        "run: the previous renderer, a force layout that settles 300 physics iterations "
        "before its first paint.",
        "",
        *([f"- command: `{command}`", ""] if command else []),
        "| people in the network | nodes | usable (ms) | show everyone (ms) | "
        "baseline usable (ms) | baseline ÷ usable |",
        "|---|---|---|---|---|---|",
    ]
    for b in rows:
        out.append(
            f"| {b['people']:,} | {b['nodes']:,} | {b['usable_ms']:,.0f} | "
            f"{b['show_everyone_ms']:,.0f} | {b['baseline_ms']:,.0f} | "
            f"{b['baseline_ms'] / b['usable_ms']:.1f}× |"
        )
    return [*out, ""]
