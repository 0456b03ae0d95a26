"""The handover report as a Markdown checklist a manager can act on.

The CLI prints it as is (``--markdown``) or rendered in the terminal. User-entered strings are
escaped so a name cannot inject Markdown or HTML.
"""

from __future__ import annotations

import re

from graphmap.analysis.handover import HandoverReport, Severity

MARK = {
    Severity.CRITICAL: "CRITICAL",
    Severity.HIGH: "high",
    Severity.MEDIUM: "medium",
    Severity.LOW: "low",
}


def md(text: object) -> str:
    """Escape Markdown and HTML metacharacters in user text."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>&])", r"\\\1", str(text))


def money(value: float) -> str:
    if value >= 1e9:
        return f"{value / 1e9:.2f}bn"
    if value >= 1e6:
        return f"{value / 1e6:.1f}M"
    return f"{value:,.0f}"


def handover_markdown(report: HandoverReport) -> str:
    t = report.totals
    who = ", ".join(
        f"{md(n)} ({md(i)})" for n, i in zip(report.staff_names, report.staff_ids, strict=True)
    )
    lines = [
        f"# Handover check: {who}",
        "",
        f"Mode **{report.mode}**, as of {report.as_of}. {t.relationships} relationships: "
        f"**{t.critical} critical**, {t.high} high, {t.medium} medium, {t.low} low; "
        f"{t.orphaned} orphaned. Open pipeline exposed by orphaned relationships: "
        f"**{money(t.pipeline_value_exposed)}**. Owner seats left unowned: {t.unowned_seats}.",
        "",
    ]
    if report.introductions:
        lines += ["## Introductions to make", ""]
        lines += [
            f"- [ ] by **{i.by}**: {md(i.staff_name)} introduces **{md(i.successor_name)}** "
            f"to **{md(i.person_name)}** (exposure {money(i.exposure)})"
            for i in report.introductions
        ]
        lines.append("")
    if report.unowned:
        lines += ["## Owner seats to reassign", ""]
        lines += [
            f"- [ ] {u.role.replace('_', ' ')} for **{md(u.name)}** ({md(u.project_id)}, "
            f"{u.stage}), held by {md(u.staff_id)}"
            for u in report.unowned
        ]
        lines.append("")
    at_risk = [r for r in report.relationships if r.severity != Severity.LOW]
    lines += ["## Relationships at risk", ""]
    if not at_risk:
        lines += ["None: every relationship keeps a strong tie.", ""]
    for r in at_risk:
        where = f", {md(r.title)}" if r.title else ""
        org = f" at {md(r.organization_name)}" if r.organization_name else ""
        lines += [
            f"### {MARK[r.severity]}: {md(r.name)}{where}{org}",
            "",
            f"- coverage {r.coverage_before:.0%} → {r.coverage_after:.0%} (tie "
            f"{r.tie_strength:.2f}){'; **orphaned**: no strong tie left' * r.orphaned}",
        ]
        for b in r.open_bids[:3]:
            lines.append(
                f"- {md(b.name)} ({b.stage}): {b.share:.0%} of the decision, "
                f"{money(b.exposure)} exposed"
            )
        if r.successors:
            lines.append("- take-over candidates:")
            lines += [
                f"  {k}. **{md(s.name)}** (score {s.score:.2f}): "
                f"{'; '.join(md(x) for x in s.reasons)}"
                for k, s in enumerate(r.successors, 1)
            ]
        lines.append("")
    if report.accounts:
        lines += [
            "## Accounts",
            "",
            "| account | covered before | after | bus factor |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {md(a.name)} | {a.covered_share_before:.0%} | {a.covered_share_after:.0%} | "
            f"{a.bus_factor}{'' if a.bus_factor_exact else ' (at most)'} |"
            for a in report.accounts
        ]
        lines.append("")
    if report.bids:
        lines += [
            "## Open bids",
            "",
            "| bid | value | uncovered before | after |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {md(b.name)} | {money(b.value)} | {b.uncovered_share_before:.0%} | "
            f"{b.uncovered_share_after:.0%} |"
            for b in report.bids
        ]
        lines.append("")
    return "\n".join(lines)
