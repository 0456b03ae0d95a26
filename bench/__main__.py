"""One command for every benchmark; each figure is paired with a baseline from the same run.

    python -m bench                                  # demo, 10k, 100k, 1m on both stores
    python -m bench --scale demo,10k --store sqlite  # a quicker subset
    python -m bench --write docs/benchmarks.md       # regenerate the published figures
    python -m bench --json bench.json                # every figure also as JSON

Neo4j: a private tools/neo4j-dev instance is started (and stopped) unless --neo4j-url names one.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bench import api_load, imports, latency, memory
from bench.measure import peak_rss_mib
from bench.page import replace_section
from bench.report import API_HEADING, LATENCY_HEADING, Report
from devtools.neo4j_dev import DevNeo4j
from graphmap.bundle import bundle_to_json, write_bundle
from graphmap.demo import demo_bundle
from graphmap.model import Bundle
from graphmap.store.base import GraphStore
from graphmap.store.records import bundle_to_records
from graphmap.store.sqlite import SQLiteStore
from graphmap.synthetic import synthetic_bundle

if TYPE_CHECKING:  # the driver is loaded only when a Neo4j is measured (open_neo4j)
    from graphmap.store.neo4j import Neo4jStore

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 11, 22)
PER_ROW_NEO4J_LIMIT = 15_000  # per-row transactions above this take too long to be worth it


def parse_scale(text: str) -> int | None:
    """'demo' -> None (the demo firm); '10k' -> 10000; '1m' -> 1000000."""
    text = text.strip().lower()
    if text == "demo":
        return None
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * factor)


def bundle_for(scale: int | None) -> Bundle:
    return (
        demo_bundle(seed=7, today=AS_OF)
        if scale is None
        else synthetic_bundle(scale, seed=1, today=AS_OF)
    )


def open_neo4j(url: str, password: str | None) -> Neo4jStore:
    from graphmap.store.neo4j import Neo4jStore

    return Neo4jStore(url, password=password)


def run(args: argparse.Namespace) -> Report:
    names = [s.strip().lower() for s in args.scale.split(",")]
    stores = args.store.split(",")
    report = Report(command=args.command, as_of=AS_OF, warmup=args.warmup)
    work = Path(tempfile.mkdtemp(prefix="graphmap-bench-"))
    neo4j = None
    if "neo4j" in stores:
        if args.neo4j_url:
            neo4j = open_neo4j(args.neo4j_url, os.environ.get("NEO4J_PASSWORD"))
        else:
            private = DevNeo4j(  # room for a 1M-relationship transaction
                work / "neo4j",
                "graphmap-bench",
                NEO4J_DEV_HEAP="6g",
                NEO4J_DEV_PAGECACHE="3072",
                NEO4J_DEV_TX_MEMORY="4096",
            )
            private.command("start")
            report.cleanup.append(lambda: private.command("stop"))
            neo4j = open_neo4j(private.url, "graphmap-bench")
        report.neo4j_version = neo4j.server_version()
    try:
        for name in names:
            measure_scale(report, name, neo4j, work, args)
        if args.api:
            demo = demo_bundle(seed=7, today=AS_OF)
            bid = latency.bids_near(demo, 12, 1)[0][0]
            db = work / "api.db"
            sqlite = SQLiteStore(db)
            sqlite.import_bundle(demo)
            report.api_in_process, report.api_one_client, report.api = api_load.api_load(
                f"sqlite:///{db}",
                sqlite,
                bid,
                AS_OF,
                args.runs,
                args.warmup,
                args.requests,
                args.clients,
            )
            sqlite.close()
        if args.browser:
            from bench.browser import usable_ms

            report.browser = usable_ms(args.view_sizes, work, runs=args.browser_runs)
    finally:
        if neo4j is not None:
            neo4j.close()
        for step in report.cleanup:
            step()
        shutil.rmtree(work, ignore_errors=True)
    return report


def measure_scale(
    report: Report, scale_name: str, neo4j: Neo4jStore | None, work: Path, args: argparse.Namespace
) -> None:
    scale = parse_scale(scale_name)
    name = "demo" if scale is None else f"{scale:,}"
    bundle = bundle_for(scale)
    raw = bundle_to_json(bundle)  # both import paths start from the decoded JSON
    nodes, edges = bundle_to_records(bundle)
    row = report.scale(name, len(nodes), len(edges))
    row["scale_arg"] = scale_name
    print(f"[bench] {name}: {len(nodes):,} nodes, {len(edges):,} relationships", flush=True)
    db = work / f"{name}.db"
    row["sqlite_batched_s"] = imports.sqlite_batched(raw, db)
    if not args.skip_naive:
        row["sqlite_naive_s"] = imports.sqlite_per_row(raw, work / f"{name}-per-row.db")
    sqlite = SQLiteStore(db)
    sqlite.checkpoint()
    row["sqlite_bytes"] = db.stat().st_size
    bids = [b for b, _ in latency.bids_near(bundle)]
    row["bid_seats"] = latency.bids_near(bundle)[0][1]
    staff = latency.typical_staff(bundle, AS_OF)
    row["sqlite_handover"] = latency.handover_latency(sqlite, staff, AS_OF, args.runs)
    row["sqlite_handover_warm"] = latency.warm_handover_latency(sqlite, staff, AS_OF, args.runs)
    stores: dict[str, GraphStore] = {"sqlite": sqlite}
    if neo4j is not None:
        row["neo4j_batched_s"] = imports.neo4j_batched(raw, neo4j)
        stores["neo4j"] = neo4j
    timings = latency.influence_latencies(
        list(stores.values()), bids, AS_OF, args.runs, args.warmup
    )
    for kind, timed_there in zip(stores, timings, strict=True):
        row[f"{kind}_influence"] = timed_there
    sqlite.close()
    if neo4j is not None:
        row["neo4j_handover"] = latency.handover_latency(neo4j, staff, AS_OF, args.runs)
        row["neo4j_handover_warm"] = latency.warm_handover_latency(neo4j, staff, AS_OF, args.runs)
        if not args.skip_naive and len(nodes) + len(edges) <= PER_ROW_NEO4J_LIMIT:
            row["neo4j_naive_s"] = imports.neo4j_per_row(raw, neo4j)
        if scale_name == args.batch_scale:
            report.batch_sizes = {
                "scale": name,
                "relationships": len(edges),
                "seconds": imports.neo4j_batch_sizes(raw, neo4j, args.batch_sizes),
            }
    if args.memory:
        path = work / f"{name}.json"
        write_bundle(bundle, path)
        row["cli_import_mib"] = memory.cli_import_mib(path, f"sqlite:///{work / 'mem-cli.db'}")
        row["api_import_mib"] = memory.api_import_mib(path, f"sqlite:///{work / 'mem-api.db'}")
        for leftover in (path, work / "mem-cli.db", work / "mem-api.db"):
            leftover.unlink(missing_ok=True)
    if not args.skip_whole_graph:
        row.update(latency.whole_graph_baseline(bundle))
    row["peak_rss_mib"] = peak_rss_mib()
    print(f"[bench] {name}: done at {time.strftime('%H:%M:%S')}", flush=True)


def main(argv: list[str] | None = None) -> Report:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--scale", default="demo,10k,100k,1m")
    parser.add_argument("--store", default="sqlite,neo4j")
    parser.add_argument("--neo4j-url", default=None)
    parser.add_argument("--runs", type=int, default=30, help="timed calls per latency figure")
    parser.add_argument(
        "--warmup",
        type=int,
        default=latency.INFLUENCE_WARMUP,
        help="untimed influence calls on each store before timing (a warm server)",
    )
    parser.add_argument("--requests", type=int, default=1000, help="HTTP requests per endpoint")
    parser.add_argument("--clients", default="1,8", help="concurrent HTTP clients to measure")
    parser.add_argument("--batch-sizes", default="2000,10000,20000", help="Neo4j UNWIND sizes")
    parser.add_argument("--batch-scale", default="100k", help="the scale batch sizes run at")
    parser.add_argument("--no-memory", dest="memory", action="store_false")
    parser.add_argument("--json", type=Path, default=None, help="write every figure as JSON")
    parser.add_argument("--view-sizes", default="100,500,2000")
    parser.add_argument("--browser-runs", type=int, default=3)
    parser.add_argument("--no-api", dest="api", action="store_false")
    parser.add_argument("--no-browser", dest="browser", action="store_false")
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--skip-whole-graph", action="store_true")
    parser.add_argument("--write", type=Path, default=None, help="write the Markdown report here")
    parser.add_argument(
        "--section",
        choices=["latency", "api"],
        default=None,
        help="with --write, replace only this section of the page (the rest stays)",
    )
    args = parser.parse_args(argv)
    args.view_sizes = [int(v) for v in args.view_sizes.split(",")]
    args.clients = [int(c) for c in args.clients.split(",")]
    args.batch_sizes = [int(b) for b in args.batch_sizes.split(",")]
    args.batch_scale = args.batch_scale.strip().lower()
    args.command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
    report = run(args)
    text = report.markdown(platform.python_version())
    print(text)
    if args.write and args.section:
        heading, lines = {
            "latency": (LATENCY_HEADING, report.latency_section),
            "api": (API_HEADING, report.api_section),
        }[args.section]
        replace_section(args.write, heading, "\n".join(lines()))
    elif args.write:
        args.write.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(report.figures(), indent=1) + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
