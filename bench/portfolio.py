"""The weekly worklist at scale: ``graphmap pipeline`` and ``graphmap alerts`` over every open
bid of a synthetic firm, on the embedded store, against asking one bid at a time.

    python -m bench.portfolio --scale 10k,100k,1m --write docs/benchmarks.md

Baseline (same run): ``influence_report`` called once per open bid, which is what a sales lead
does today to see the same rows. Both are linear in the number of open bids; the figure to
watch is time per open bid.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from bench.__main__ import AS_OF, parse_scale
from bench.measure import seconds
from bench.page import replace_section
from graphmap.analysis.portfolio import PipelineRow
from graphmap.bids import projects
from graphmap.cache import RESULTS
from graphmap.config import AnalysisConfig
from graphmap.errors import InvalidInput
from graphmap.kept import KEPT
from graphmap.model import OPEN_STAGES, Bundle
from graphmap.portfolio_service import alerts, pipeline
from graphmap.service import influence_report
from graphmap.store.records import bundle_to_records
from graphmap.store.sqlite import SQLiteStore
from graphmap.synthetic import synthetic_bundle

CONFIG = AnalysisConfig()


def one_at_a_time(store: SQLiteStore, bids: list[str]) -> None:
    for bid in bids:
        try:
            influence_report(store, bid, AS_OF, CONFIG)
        except InvalidInput:  # no seats: nothing to ask
            continue


def weekly_writes(bundle: Bundle) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """A week's small writes, each one record about an open bid's decision-makers: a meeting
    logged with one of them, another's new title, the bid's new value."""
    open_ids = {p.id for p in bundle.projects if p.stage in OPEN_STAGES}
    seats = [r for r in bundle.decision_roles if r.project_id in open_ids]
    seated = {r.person_id for r in seats}
    tie = next(k for k in bundle.knows[len(bundle.knows) // 2 :] if k.person_id in seated)
    other = next(r.person_id for r in seats[len(seats) // 2 :] if r.person_id != tie.person_id)
    bid = next(p for p in bundle.projects[len(bundle.projects) // 2 :] if p.id in open_ids)
    met = {"staff_id": tie.staff_id, "person_id": tie.person_id, "on": AS_OF.isoformat()}
    return {
        "a meeting logged with a decision-maker": {"interactions": [met | {"kind": "meeting"}]},
        "a decision-maker's new title": {"people": [{"id": other, "title": "Regional Director"}]},
        "a bid's new value": {"projects": [{"id": bid.id, "value": (bid.value or 0) + 1e6}]},
    }


def measure(scale: int, folder: Path) -> dict[str, Any]:
    bundle = synthetic_bundle(scale, seed=1, today=AS_OF)
    relationships = len(bundle_to_records(bundle)[1])
    writes = weekly_writes(bundle)
    path = folder / f"{scale}.db"
    store = SQLiteStore(path)
    store.import_bundle(bundle)
    del bundle  # a CLI or API process does not hold the firm in memory: neither do we
    gc.collect()
    path.read_bytes()  # the file in the page cache before either side is timed
    try:
        rows: list[PipelineRow] = []
        open_ids = [p.id for p in projects(store, OPEN_STAGES, None)]
        baseline_s = seconds(lambda: one_at_a_time(store, open_ids))
        RESULTS.clear()
        KEPT.clear()
        pipeline_s = seconds(lambda: rows.extend(pipeline(store, AS_OF, CONFIG)))
        pipeline_kept_s = seconds(lambda: pipeline(store, AS_OF, CONFIG))
        alerts_s = seconds(lambda: alerts(store, AS_OF, CONFIG))
        alerts_kept_s = seconds(lambda: alerts(store, AS_OF, CONFIG))
        leads = Counter(r.bid_lead_id for r in rows if r.bid_lead_id)
        lead, lead_bids = leads.most_common(1)[0]
        lead_s = seconds(lambda: pipeline(store, AS_OF, CONFIG, owner=lead))
        after: dict[str, tuple[float, float, int]] = {}
        for name, write in writes.items():
            store.import_bundle(write)
            before = KEPT.computed
            took = seconds(lambda: pipeline(store, AS_OF, CONFIG))
            after[name] = (
                took,
                seconds(lambda: alerts(store, AS_OF, CONFIG)),
                KEPT.computed - before,
            )
    finally:
        store.close()
    return {
        "relationships": relationships,
        "lead_bids": lead_bids,
        "lead_s": lead_s,
        "after": after,
        "open_bids": len(rows),
        "pipeline_s": pipeline_s,
        "pipeline_kept_s": pipeline_kept_s,
        "alerts_s": alerts_s,
        "alerts_kept_s": alerts_kept_s,
        "baseline_s": baseline_s,
        "load": os.getloadavg()[0],
    }


HEADING = "## The weekly worklist"
COLUMNS = (
    "relationships",
    "open bids",
    "pipeline, every bid analysed (s)",
    "ms per open bid",
    "pipeline again, kept (s)",
    "alerts (s)",
    "alerts again, kept (s)",
    "one bid at a time (s)",
    "pipeline ÷ one at a time",
    "busiest lead's bids",
    "their pipeline, --owner (s)",
    "load average after",
)
AFTER = ("relationships", "write", "bids analysed again", "pipeline (s)", "alerts then (s)")
INTRO = (
    "Seconds for one call over every open bid of a synthetic firm on the embedded store, "
    "against asking `influence_report` once per open bid in the same run (what a sales lead "
    "would do without the worklist; timed first, after the database file is read into the "
    "page cache). Wall times: the load column says how busy the machine was. Written by "
    "`{command}` (run it after `python -m bench --write`, which rewrites this file without "
    "this section).\n\n"
    "The first call analyses every open bid (as after a bulk import or in a new process: "
    "what the CLI does on each command); it grows with the number of open bids (ms per open "
    "bid), not with the graph, and holds 200 bids' networks at a time. Each bid's outcome is "
    "then kept with what it was read from (docs/operations.md, kept piece by piece): the same "
    "question again costs one read of the data version; the alerts read the pipeline's "
    "outcomes. After a write, only the bids it reached are analysed again (second table: "
    "three writes of a week, one record each, each followed by the pipeline, then the "
    "alerts). A server keeps today's worklist warm in the background, so its users meet the "
    "second table's figures, not the first call's.\n\n"
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.portfolio", description=__doc__)
    parser.add_argument("--scale", default="10k,100k,1m")
    parser.add_argument("--write", type=Path, default=None, help="put the table in this page")
    args = parser.parse_args(argv)
    rows, after = [], []
    with tempfile.TemporaryDirectory(prefix="graphmap-portfolio-") as work:
        for text in args.scale.split(","):
            scale = parse_scale(text)
            if scale is None:
                parser.error("--scale: the synthetic firms only (10k, 100k, 1m), not the demo")
            m = measure(scale, Path(work))
            rows.append(
                f"| {m['relationships']:,} | {m['open_bids']:,} | {m['pipeline_s']:.2f} | "
                f"{1000 * m['pipeline_s'] / max(m['open_bids'], 1):.1f} | "
                f"{m['pipeline_kept_s']:.3f} | {m['alerts_s']:.3f} | {m['alerts_kept_s']:.3f} | "
                f"{m['baseline_s']:.2f} | {m['pipeline_s'] / m['baseline_s']:.2f}× | "
                f"{m['lead_bids']} | {m['lead_s']:.2f} | "
                f"{m['load']:.1f} on {os.cpu_count()} cores |"
            )
            print(rows[-1], flush=True)
            for name, (pipeline_s, alerts_s, again) in m["after"].items():
                after.append(
                    f"| {m['relationships']:,} | {name} | {again} | {pipeline_s:.2f} | "
                    f"{alerts_s:.3f} |"
                )
                print(after[-1], flush=True)
    if args.write:
        command = "python -m bench.portfolio " + " ".join(
            argv if argv is not None else sys.argv[1:]
        )
        section = (
            f"{HEADING}\n\n{INTRO.format(command=command)}"
            + _table(COLUMNS, rows)
            + "\n\n"
            + _table(AFTER, after)
        )
        replace_section(args.write, HEADING, section)


def _table(columns: tuple[str, ...], rows: list[str]) -> str:
    head = "| " + " | ".join(columns) + " |\n" + "|---" * len(columns) + "|\n"
    return head + "\n".join(rows)


if __name__ == "__main__":
    main()
