"""CRM import throughput: a synthetic Salesforce Data Export through ``--from salesforce``,
against the same records imported as a JSON bundle (the baseline) in the same run.

    python -m bench.crm                                   # 100,000 activity rows, print
    python -m bench.crm --activities 100000 --runs 5 --write docs/benchmarks.md

Both paths start from files on disk and end committed in a fresh embedded store: the export
is parsed, mapped and checked; the bundle is decoded and checked. The ratio is the cost of
reading Salesforce's CSV layout and mapping it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import tempfile
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path

from bench.measure import seconds
from bench.page import replace_section
from graphmap.bundle import read_json
from graphmap.sources.salesforce import read_salesforce
from graphmap.sources.sourced import import_sourced
from graphmap.store.sqlite import SQLiteStore

SECTION = "## CRM import (Salesforce export)"
ROLES = ("Economic Buyer", "Technical Buyer", "Influencer", "Business User", "Decision Maker")


def _write(path: Path, header: list[str], rows: Iterable[Sequence[object]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def synthetic_export(folder: Path, activities: int) -> None:
    """Accounts with ten contacts each, one opportunity per ten contacts, and ``activities``
    tasks and events (one in five a meeting), every (owner, contact, day, kind) distinct."""
    contacts = max(100, activities // 10)
    accounts, users, opps = contacts // 10, max(20, contacts // 50), contacts // 10
    folder.mkdir(parents=True, exist_ok=True)
    _write(
        folder / "Account.csv",
        ["Id", "IsDeleted", "Name", "Type", "Industry", "BillingState"],
        (
            [f"001{a:06d}", "false", f"Account {a}, Ltd.", "Customer", "Rail", "NSW"]
            for a in range(accounts)
        ),
    )
    _write(
        folder / "Contact.csv",
        ["Id", "IsDeleted", "AccountId", "Name", "Title", "ReportsToId"],
        (
            [
                f"003{c:06d}",
                "false",
                f"001{c // 10:06d}",
                f"Contact {c}",
                "Head of\nEngineering",
                f"003{c - c % 10:06d}" if c % 10 else "",
            ]
            for c in range(contacts)
        ),
    )
    _write(
        folder / "User.csv",
        ["Id", "Name", "Title", "Department", "IsActive"],
        ([f"005{u:06d}", f"User {u}", "Bid Manager", "Bids", "true"] for u in range(users)),
    )
    _write(
        folder / "Opportunity.csv",
        "Id IsDeleted AccountId Name Amount CloseDate StageName IsClosed IsWon OwnerId".split(),  # noqa: SIM905
        (
            [
                f"006{o:06d}",
                "false",
                f"001{o % accounts:06d}",
                f"Bid {o}",
                "1500000.00",
                "2026-06-30",
                "Negotiation/Review",
                "false",
                "false",
                f"005{o % users:06d}",
            ]
            for o in range(opps)
        ),
    )
    _write(
        folder / "OpportunityContactRole.csv",
        ["Id", "IsDeleted", "ContactId", "OpportunityId", "Role"],
        (
            [
                f"00K{c:06d}",
                "false",
                f"003{c:06d}",
                f"006{(c // 10) % opps:06d}",
                ROLES[c % len(ROLES)],
            ]
            for c in range(0, contacts, 2)
        ),
    )
    header = ["Id", "IsDeleted", "OwnerId", "WhoId", "ActivityDate", "TaskSubtype", "Subject"]
    block = contacts  # within a block of this many rows (owner, contact) pairs are distinct

    def day(i: int) -> str:
        return f"2026-{1 + (i // block) % 12:02d}-{1 + (i // block // 12) % 28:02d}"

    def activity(i: int) -> list[str]:
        subtype = "Email" if i % 3 == 0 else "Call"
        subject = f'Re: "Bid {i % opps}", pricing,\nfollow-up'
        return [
            f"00T{i:07d}",
            "false",
            f"005{i % users:06d}",
            f"003{(i * 7) % contacts:06d}",
            day(i),
            subtype,
            subject,
        ]

    _write(folder / "Task.csv", header, (activity(i) for i in range(activities) if i % 5))
    _write(
        folder / "Event.csv",
        ["Id", "IsDeleted", "OwnerId", "WhoId", "ActivityDate", "StartDateTime", "Subject"],
        (
            [
                f"00U{i:07d}",
                "false",
                f"005{i % users:06d}",
                f"003{(i * 7) % contacts:06d}",
                "",
                f"{day(i)}T09:30:00.000Z",
                "Workshop",
            ]
            for i in range(0, activities, 5)
        ),
    )


def measure(activities: int, work: Path, runs: int) -> dict[str, float | int]:
    """Median seconds of each path over ``runs`` alternating runs (a shared machine's load
    moves both alike), each into a fresh store."""
    folder = work / "export"
    synthetic_export(folder, activities)
    sourced = read_salesforce(folder)
    bundle_file = work / "bundle.json"
    bundle_file.write_text(json.dumps(sourced.bundle), encoding="utf-8")

    def crm(db: Path) -> None:
        store = SQLiteStore(db)
        import_sourced(store, read_salesforce(folder))
        store.close()

    def bundle(db: Path) -> None:
        store = SQLiteStore(db)
        store.import_bundle(read_json(bundle_file))
        store.close()

    times: dict[str, list[float]] = {"crm_s": [], "bundle_s": []}
    load = os.getloadavg()[0]
    for run in range(runs):
        for name, load_into in (("crm_s", crm), ("bundle_s", bundle)):
            db = work / f"{name}-{run}.db"
            times[name].append(seconds(partial(load_into, db)))
    return {
        "activities": activities,
        "interactions": len(sourced.bundle.get("interactions", [])),
        "records": sum(len(v) for v in sourced.bundle.values()),
        "runs": runs,
        "load": (load + os.getloadavg()[0]) / 2,
        **{name: statistics.median(t) for name, t in times.items()},
    }


def markdown(result: dict[str, float | int], command: str) -> str:
    ratio = result["crm_s"] / result["bundle_s"]
    return "\n".join(
        [
            SECTION,
            "",
            "A synthetic Salesforce Data Export (bench/crm.py: every value quoted, a byte-order "
            "mark, subjects with commas, quotes and newlines) imported into a fresh embedded store "
            "with `graphmap import --from salesforce`, whole: parse, map, check, one transaction. "
            "Baseline: the same records as a JSON bundle through `graphmap import`, same run. "
            "`python -m bench --write` rewrites the page without this section: run the command "
            "below after it.",
            "",
            f"- command: `{command}`",
            "",
            f"Median of {result['runs']} alternating runs of each; load average "
            f"{result['load']:.1f} on {os.cpu_count()} cores during the run (other work on a "
            "shared machine moves both paths, so compare the ratio).",
            "",
            "| activity rows | interactions kept | records written | Salesforce export (s) "
            "| JSON bundle (s) | export ÷ bundle |",
            "|---|---|---|---|---|---|",
            f"| {result['activities']:,} | {result['interactions']:,} | {result['records']:,} "
            f"| {result['crm_s']:.1f} | {result['bundle_s']:.1f} | {ratio:.2f}× |",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.crm", description=__doc__)
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5, help="runs of each path (median)")
    parser.add_argument("--write", type=Path, default=None, help="update this Markdown page")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        result = measure(args.activities, Path(work), args.runs)
    command = f"python -m bench.crm --activities {args.activities} --runs {args.runs}"
    text = markdown(result, command + (f" --write {args.write}" if args.write else ""))
    print(text)
    if args.write:
        replace_section(args.write, SECTION, text)


if __name__ == "__main__":
    main()
