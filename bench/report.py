"""The benchmark report: collected figures, rendered as docs/benchmarks.md."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bench.measure import Timing
from graphmap.settings import Settings

LATENCY_HEADING = "## Analysis latency and locality"
API_HEADING = "## HTTP API"


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
    api: list[dict[str, Any]] | None = None  # api_load rows: endpoint, clients, p50, rps
    api_in_process: Timing | None = None  # the API's influence row, called in-process
    api_one_client: Timing | None = None  # the same over HTTP, one client, in turn with it
    warmup: int = 0  # untimed influence calls on each store before timing (--warmup)
    batch_sizes: dict[str, Any] | None = None  # Neo4j import seconds per UNWIND batch size
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
        out += self.api_section() + self._browser()
        return "\n".join(out) + "\n"

    def _baseline_rates(self, store: str) -> dict[str, tuple[float, str]]:
        """Per-row rate per scale: measured there, or else at the largest smaller scale where
        it was (per-row cost is one indexed statement and one commit per record, so it does
        not grow with the graph); the second item names the scale it was measured at."""
        out: dict[str, tuple[float, str]] = {}
        last: tuple[float, str] | None = None
        for r in self.rows:
            naive = r.get(f"{store}_naive_s")
            if naive:
                last = (r["relationships"] / naive, r["scale"])
            if last is not None:
                out[r["scale"]] = last
        return out

    def import_figures(self) -> list[dict[str, Any]]:
        out = []
        for store in ("sqlite", "neo4j"):
            baselines = self._baseline_rates(store)
            for r in self.rows:
                batched = r.get(f"{store}_batched_s")
                if batched is None:
                    continue
                base = baselines.get(r["scale"])
                out.append(
                    {
                        "scale": r.get("scale_arg", r["scale"]),
                        "label": r["scale"],
                        "relationships": r["relationships"],
                        "store": store,
                        "rel_per_s": r["relationships"] / batched,
                        "baseline_rel_per_s": base[0] if base else None,
                        "baseline_measured_at": base[1] if base else None,
                    }
                )
        return out

    def _imports(self) -> list[str]:
        out = [
            "## Import throughput",
            "",
            "Relationships written per second, whole import from the decoded JSON bundle "
            "(checks, conversion, nodes, relationships). Baseline, same run and same decoded "
            "bundle, with its work inside the timer too: what a simple sync script does, "
            "each record checked on its own (its model), turned into rows, and each row "
            "written as its own statement in its own transaction.",
            "",
            "| scale | relationships | store | batched (rel/s) | one per row (rel/s) | "
            "batched ÷ per row |",
            "|---|---|---|---|---|---|",
        ]
        estimated = False
        for f in self.import_figures():
            base = f["baseline_rel_per_s"]
            mark = ""
            if f["baseline_measured_at"] not in (None, f["label"]):
                mark, estimated = f" (at {f['baseline_measured_at']})", True
            out.append(
                f"| {f['label']} | {f['relationships']:,} | {f['store']} | "
                f"{f['rel_per_s']:,.0f} | {_num(base)}{mark} | {_ratio(f['rel_per_s'], base)} |"
            )
        if estimated:
            out += [
                "",
                "Per-row Neo4j imports above 15,000 records are not run (a million "
                "relationships would take hours); their rate is the one measured at the "
                "scale in brackets: each record is one indexed statement and one commit, "
                "whatever the graph's size.",
            ]
        return [*out, "", *self._batch_sizes()]

    def _batch_sizes(self) -> list[str]:
        if not self.batch_sizes:
            return []
        b = self.batch_sizes
        fastest = min(b["seconds"].values())
        out = [
            f"Neo4j import by UNWIND batch size (rows per statement), {b['scale']} firm, same "
            "run; the store's default is the one marked.",
            "",
            "| batch size | rel/s | ÷ fastest |",
            "|---|---|---|",
        ]
        for size, secs in sorted(b["seconds"].items()):
            mark = " (default)" if size == Settings().neo4j_batch_size else ""
            out.append(
                f"| {size:,}{mark} | {b['relationships'] / secs:,.0f} | {fastest / secs:.2f}× |"
            )
        return [*out, ""]

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
            f"Each store answers the same calls untimed first ({self.warmup:,} influence "
            "reports, 10 handover checks), as a server that has been answering for a while "
            "has: a Neo4j just started runs its first queries before its JVM has compiled "
            "them (on the demo, the influence p50 was about 90 ms over the first 15 calls, "
            "24 ms over the first 100 and 13.5 to 14 ms from about 800 calls on). Influence "
            "is then timed on the stores in turn, call for call on the same bid, so that both "
            "meet the same load on the machine.",
            "",
            "Each store hands over the decision networks an analysis needs in one bulk read "
            "(a recursive CTE on SQLite, one breadth-first Cypher query on Neo4j, whatever the "
            "number of bids), a handover's neighbourhood in another, and counts a candidate "
            "successor's load with one aggregate query: an influence is one Bolt round trip, "
            "a handover three (two when its bids' facts are kept). A synthetic firm's "
            "neighbourhoods only reach their full size at about 100,000 relationships, so "
            "growth up to 100k is the neighbourhood filling up.",
            "",
            "Handover, cold: each check starts with nothing kept, as in a fresh process or "
            "after a bulk import (every bid it touches is read and analysed); warm: what a "
            "serving process answers once its warm thread keeps every open bid's facts (here "
            "each leaver is checked once, untimed, first), reading only the leavers' "
            "neighbourhood and the successors' load.",
            "",
            "| scale | relationships | seats | store | influence p50 / p95 | growth | ÷ sqlite | "
            "handover cold p50 / p95 | growth | ÷ sqlite | handover warm p50 / p95 | ÷ sqlite |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
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
                warm: Timing | None = r.get(f"{store}_handover_warm")
                base_warm = r.get("sqlite_handover_warm")
                warm_versus = (
                    _ratio(warm.p50_ms, base_warm.p50_ms)
                    if store != "sqlite" and warm and base_warm
                    else "—"
                )
                out.append(
                    f"| {r['scale']} | {r['relationships']:,} | {r['bid_seats']} | "
                    f"{store} | {inf} | {grow[0]} | {versus[0]} | {hand} | {grow[1]} | "
                    f"{versus[1]} | {warm or '—'} | {warm_versus} |"
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
            "Peak resident memory: of `graphmap import` (the CLI, its own process) and of "
            "`graphmap serve` answering `POST /import` with the same bundle file, each into a "
            "fresh embedded store; of the benchmark process after each scale (it holds the "
            "bundle and, for the whole-graph baseline, a networkx copy of the graph). And the "
            "embedded store's file size per relationship (nodes included).",
            "",
            "| scale | relationships | import, CLI (MiB) | import, server (MiB) | benchmark "
            "process (MiB) | SQLite file (MiB) | bytes per relationship |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in self.rows:
            out.append(
                f"| {r['scale']} | {r['relationships']:,} | {_num(r.get('cli_import_mib'))} | "
                f"{_num(r.get('api_import_mib'))} | {r['peak_rss_mib']:,.0f} | "
                f"{r['sqlite_bytes'] / 2**20:,.1f} | "
                f"{r['sqlite_bytes'] / r['relationships']:,.0f} |"
            )
        return [*out, ""]

    def api_section(self) -> list[str]:
        if not self.api:
            return []
        influence = "GET /projects/{id}/influence"
        out = [
            API_HEADING,
            "",
            "`graphmap serve` in its own process on loopback (one worker per core), the demo "
            "firm in the embedded store. Latency: the influence report of one bid asked "
            "in-process (the call the latency section times) and over HTTP by one client, one "
            "call of each in turn, so that both meet the same load on the machine; the ratio "
            "is what HTTP, routing and JSON add. Both are warmed first with the same untimed "
            f"calls ({self.warmup:,} each).",
            "",
            f"Written by `{self.command}`.",
            "",
            "| call | p50 (ms) | API ÷ in-process |",
            "|---|---|---|",
        ]
        if self.api_in_process and self.api_one_client:
            api_p50 = self.api_one_client.p50_ms
            inproc = self.api_in_process.p50_ms
            out += [
                f"| influence, in-process | {inproc:.1f} | — |",
                f"| {influence}, 1 client | {api_p50:.1f} | {api_p50 / inproc:.2f}× |",
            ]
        out += [
            "",
            "Throughput: N clients at once, each sending its next request when the last "
            "one answers; p50 and p99 include the time a request waits behind the others. "
            "Baseline: `GET /health` (a store ping) in the same run.",
            "",
            "| endpoint | clients | requests/s | p50 (ms) | p99 (ms) |",
            "|---|---|---|---|---|",
        ]
        for r in self.api:
            out.append(
                f"| {r['endpoint']} | {r['clients']} | {r['rps']:,.0f} | {r['p50_ms']:.1f} | "
                f"{r['p99_ms']:.1f} |"
            )
        return [*out, ""]

    def figures(self) -> dict[str, list[dict[str, Any]]]:
        """Every figure as plain data (``python -m bench --json FILE``)."""
        latency = [
            {
                "scale": r.get("scale_arg", r["scale"]),
                "store": store,
                "analysis": analysis,
                "p50_ms": t.p50_ms,
                "p95_ms": t.p95_ms,
            }
            for store in ("sqlite", "neo4j")
            for r in self.rows
            for analysis in ("influence", "handover", "handover_warm")
            if (t := r.get(f"{store}_{analysis}")) is not None
        ]
        api = [
            {k: r[k] for k in ("endpoint", "clients", "p50_ms", "p99_ms", "rps")}
            for r in self.api or []
        ]
        for endpoint, paired in (
            ("influence in-process", self.api_in_process),
            ("GET /projects/{id}/influence, in turn with in-process", self.api_one_client),
        ):
            if paired:
                row = {"endpoint": endpoint, "clients": 1, "p50_ms": paired.p50_ms}
                api.append(row | {"p99_ms": None, "rps": None})
        memory = [
            {
                "scale": r.get("scale_arg", r["scale"]),
                "relationships": r["relationships"],
                "cli_import_mib": r.get("cli_import_mib"),
                "api_import_mib": r.get("api_import_mib"),
            }
            for r in self.rows
        ]
        views = [
            {"people": b["people"], "nodes": b["nodes"], "usable_ms": b["usable_ms"]}
            for b in self.browser or []
        ]
        return {
            "import": self.import_figures(),
            "latency": latency,
            "api": api,
            "memory": memory,
            "views": views,
        }

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
