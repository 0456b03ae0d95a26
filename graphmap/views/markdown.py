"""The handover report as a Markdown checklist a manager can act on.

The CLI prints it as is (``--markdown``) or rendered in the terminal. Every user-entered string
goes through ``md``, so a name cannot inject Markdown or HTML, and plain text stays plain.
"""

from __future__ import annotations

import re

from graphmap.analysis.handover import BidRisk, HandoverReport, Severity, strength_text
from graphmap.views.wording import money, percent, words

MARK = {
    Severity.CRITICAL: "CRITICAL",
    Severity.HIGH: "high",
    Severity.MEDIUM: "medium",
    Severity.LOW: "low",
}
# what can change the meaning of inline text or a table cell: escapes, code, emphasis, links,
# HTML and entities, table cell borders, strikethrough, headings
INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~#])")


def md(text: object) -> str:
    """User text for a Markdown line or table cell: line breaks become spaces and only the
    characters that could change its meaning are backslash-escaped, so "stf-001" stays as is."""
    return INLINE_SPECIAL.sub(r"\\\1", " ".join(str(text).splitlines()))


def visible_change(bid: BidRisk) -> bool:
    """The uncovered share moves by at least what the table can show (a whole point)."""
    return percent(bid.uncovered_share_before) != percent(bid.uncovered_share_after)


def handover_markdown(report: HandoverReport, currency: str | None = None) -> str:
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
        f"**{money(t.pipeline_value_exposed, currency)}**. Owner seats left unowned: "
        f"{t.unowned_seats}.",
        "",
    ]
    if report.introductions:
        lines += ["## Introductions to make", ""]
        lines += [
            f"- [ ] by **{i.by}**: {md(i.staff_name)} introduces **{md(i.successor_name)}** "
            f"to **{md(i.person_name)}** (exposure {money(i.exposure, currency)})"
            for i in report.introductions
        ]
        lines.append("")
    if report.unowned:
        lines += ["## Owner seats to reassign", ""]
        lines += [
            f"- [ ] {words(u.role)} for **{md(u.name)}** ({md(u.project_id)}, "
            f"{words(u.stage)}), held by {md(u.staff_id)}"
            for u in report.unowned
        ]
        lines.append("")
    at_risk = [r for r in report.relationships if r.severity != Severity.LOW]
    low = [r for r in report.relationships if r.severity == Severity.LOW]
    lines += ["## Relationships at risk", ""]
    if not at_risk:
        lines += ["None above low.", ""]
    for r in at_risk:
        where = f", {md(r.title)}" if r.title else ""
        org = f" at {md(r.organization_name)}" if r.organization_name else ""
        lines += [
            f"### {MARK[r.severity]}: {md(r.name)}{where}{org}",
            "",
            f"- coverage {percent(r.coverage_before)} → {percent(r.coverage_after)} (tie "
            f"{strength_text(r.tie_strength)})"
            f"{'; **orphaned**: no strong tie left' * r.orphaned}",
        ]
        for b in r.open_bids[:3]:
            lines.append(
                f"- {md(b.name)} ({words(b.stage)}): {percent(b.share)} of the decision, "
                f"{money(b.exposure, currency)} exposed"
            )
        if r.successors:
            lines.append("- take-over candidates:")
            lines += [
                f"  {k}. **{md(s.name)}** (score {s.score:.2f}): "
                f"{'; '.join(md(x) for x in s.reasons)}"
                for k, s in enumerate(r.successors, 1)
            ]
        lines.append("")
    if low:
        lines += [f"Low, coverage barely changes: {', '.join(md(r.name) for r in low)}.", ""]
    if report.passed_over:
        lines += [
            "## Passed over",
            "",
            "Connected to these contacts, but not suggested: a successor must stay on with no "
            "leaving date.",
            "",
        ]
        lines += [f"- {md(p.name)} ({md(p.staff_id)}): {md(p.reason)}" for p in report.passed_over]
        lines.append("")
    if report.accounts:
        lines += [
            "## Accounts",
            "",
            "| account | covered before | after | bus factor |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {md(a.name)} | {percent(a.covered_share_before)} | "
            f"{percent(a.covered_share_after)} | "
            f"{a.bus_factor}{'' if a.bus_factor_exact else ' (at most)'} |"
            for a in report.accounts
        ]
        lines.append("")
    bids = [b for b in report.bids if visible_change(b)]
    if bids:
        lines += [
            "## Open bids, largest impact first",
            "",
            "| bid | value | uncovered before | after | value × rise |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {md(b.name)} | {money(b.value, currency)} | {percent(b.uncovered_share_before)} | "
            f"{percent(b.uncovered_share_after)} | {money(b.impact, currency)} |"
            for b in bids
        ]
        lines.append("")
    return "\n".join(lines)


def markdown_html(text: str) -> str:
    """Markdown as HTML for a printed page. Raw HTML in the text is not passed through (user
    strings were escaped by ``md`` already; this is a second wall)."""
    from markdown_it import MarkdownIt

    html: str = MarkdownIt("commonmark", {"html": False}).enable("table").render(text)
    return html
