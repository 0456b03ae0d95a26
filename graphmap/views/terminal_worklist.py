"""Terminal renderings of the account and worklist answers (rich): accounts, coverage,
pipeline, alerts, segments and key-account depth.

User strings (names, reasons, messages) go into cells and lines as text, never as rich markup,
so a name with brackets prints as written.
"""

from __future__ import annotations

from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from graphmap.analysis.accounts import AccountCoverage
from graphmap.analysis.alerts import Alert
from graphmap.analysis.portfolio import PipelineRow, exposure_by
from graphmap.analysis.segments import AccountDepth, SegmentReport
from graphmap.i18n.numbers import millions, money, percent

RISK_STYLE = {"red": "bold red", "amber": "yellow", "green": "green"}


def open_bids_text(open_bids: list[str], unmapped: list[str]) -> str:
    """Open bids, those with no decision-makers mapped flagged as such."""
    return ", ".join(f"{b} (no decision-makers mapped)" if b in unmapped else b for b in open_bids)


def accounts_table(
    reports: list[AccountCoverage], day: date, currency: str | None, top: int, breakers: bool
) -> Table:
    """Accounts by risk; ``breakers`` adds the staff whose joint departure breaks coverage."""
    table = Table(title=f"accounts by risk as of {day}")
    columns = ["account", "open bids", "pipeline", "covered", "bus factor", "depends on"]
    for column in columns + (["breaks if these leave"] if breakers else []):
        money_column = column == "pipeline"
        table.add_column(column, justify="right" if money_column else "left", no_wrap=money_column)
    for r in reports[:top]:
        unmapped = len(r.unmapped_bids)
        cells = [
            r.name,
            f"{len(r.open_bids)}"
            + (f" ({unmapped} with no decision-makers mapped)" if unmapped else ""),
            money(r.pipeline_value, currency),
            percent(r.covered_share),
            f"{r.bus_factor}{'' if r.bus_factor_exact else ' (≤)'}",
            ", ".join(k.name for k in r.key_staff[:2]),
        ]
        table.add_row(*cells, *([", ".join(r.bus_factor_staff)] if breakers else []))
    return table


def coverage_renderable(report: AccountCoverage, currency: str | None) -> Group:
    """One account: its covered share, bus factor, pipeline, and each key staff member."""
    head = Text(report.name, style="bold")
    head.append(
        f": covered decision share {percent(report.covered_share)}, bus factor "
        f"{report.bus_factor}{'' if report.bus_factor_exact else ' (at most)'}, pipeline "
        f"{money(report.pipeline_value, currency)} in open bids "
        f"{open_bids_text(report.open_bids, report.unmapped_bids) or 'none'}"
    )
    lines = [
        Text(f"  without {k.name}: {percent(k.covered_share_without)}") for k in report.key_staff
    ]
    return Group(head, *lines)


def pipeline_renderable(
    rows: list[PipelineRow], day: date, sort: str, top: int, currency: str | None
) -> Group:
    """The pipeline table, then exposed value by bid lead and by client."""
    table = Table(title=f"pipeline as of {day} ({len(rows)} bids, by {sort})")
    for column in ("risk", "bid", "due", "value", "covered", "exposed", "reach first"):
        table.add_column(column, overflow="fold", no_wrap=column not in ("bid", "reach first"))
    for r in rows[:top]:
        first = r.top_uncovered
        risk = r.risk.value if r.risk else ""
        table.add_row(
            Text(risk or "-", style=RISK_STYLE.get(risk, "")),
            f"{r.name} ({r.project_id})",
            str(r.due_on or ""),
            millions(r.value, currency),
            "" if r.covered_share is None else percent(r.covered_share),
            millions(r.exposed_value, currency),
            f"{first.name} {percent(first.share)}" if first else "",
        )
    parts: list[RenderableType] = [table]
    for group, title in (("owner", "bid lead"), ("client", "client")):
        totals = exposure_by(rows, group)[:10]
        if totals:
            by = Table(title=f"exposed value by {title} (value x uncovered share)")
            for column in (title, "bids", "open value", "exposed"):
                by.add_column(column)
            for e in totals:
                by.add_row(
                    e.name,
                    str(e.bids),
                    millions(e.value, currency),
                    millions(e.exposed_value, currency),
                )
            parts.append(by)
    return Group(*parts)


def alerts_renderable(found: list[Alert], day: date, within: int) -> Group:
    """Each alert: its date and kind, the reason, and the action."""
    parts: list[RenderableType] = [
        Text(f"{len(found)} alerts as of {day}, next {within} days", style="bold")
    ]
    for a in found:
        parts.append(
            Text(f"\n{a.on or 'undated'} · {a.kind.value.replace('_', ' ')}", style="bold")
        )
        parts.append(Text(f"  {a.message}"))
        parts.append(Text(f"  → {a.action}", style="green"))
    return Group(*parts)


def segments_table(report: SegmentReport, day: date, currency: str | None) -> Table:
    """Accounts by value × potential, with the lines that split the matrix."""
    table = Table(
        title=f"accounts by value x potential as of {day} (lines: value "
        f"{millions(report.value_threshold, currency)}, potential "
        f"{millions(report.potential_threshold, currency)})"
    )
    for column in ("quadrant", "account", "value", "potential", "covered", "bus factor"):
        table.add_column(column, overflow="fold")
    for s in report.accounts:
        recorded = " (recorded)" if s.potential_recorded is not None else ""
        table.add_row(
            s.quadrant.value,
            f"{s.name} ({s.organization_id})",
            millions(s.value, currency),
            millions(s.potential, currency) + recorded,
            "" if s.covered_share is None else percent(s.covered_share),
            str(s.bus_factor),
        )
    return table


def depth_table(rows: list[AccountDepth], day: date, strong_tie: float) -> Table:
    """Key accounts by level: senior and working-level coverage, bus factor, flags."""
    table = Table(title=f"key-account depth as of {day} (covered: coverage {strong_tie} or more)")
    for column in (
        "account",
        "quadrant",
        "senior: by senior staff",
        "senior: by anyone",
        "working: by anyone",
        "bus factor",
        "flags",
    ):
        table.add_column(column, overflow="fold")
    for d in rows:
        table.add_row(
            f"{d.name} ({d.organization_id})",
            d.quadrant.value if d.quadrant else "",
            f"{d.senior.covered_by_senior_staff}/{d.senior.people}",
            f"{d.senior.covered_by_anyone}/{d.senior.people}",
            f"{d.working.covered_by_anyone}/{d.working.people}",
            str(d.bus_factor),
            "; ".join(d.flags),
        )
    return table
