"""The handover report as a Markdown checklist a manager can act on.

The CLI prints it as is (``--markdown``) or rendered in the terminal. Every user-entered string
goes through ``md``, so a name cannot inject Markdown or HTML, and plain text stays plain.
"""

from __future__ import annotations

import re
from functools import partial

from graphmap.analysis.handover import BidRisk, HandoverReport, Severity, strength_text
from graphmap.i18n import EN, Words
from graphmap.i18n.numbers import percent

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


def handover_markdown(report: HandoverReport, currency: str | None = None, t: Words = EN) -> str:
    """The checklist in ``t``'s language; user text goes through ``md``, the words through the
    catalogue (``md_*`` keys), so English stays what ``handover --markdown`` always printed."""
    n = report.totals
    money = partial(t.money, currency=currency)
    who = t("name_sep").join(
        t("md_who", name=md(name), id=md(i))
        for name, i in zip(report.staff_names, report.staff_ids, strict=True)
    )
    lines = [
        t("md_title", who=who),
        "",
        t(
            "md_summary",
            mode=t.code("mode", report.mode),
            date=report.as_of,
            relationships=n.relationships,
            critical=n.critical,
            high=n.high,
            medium=n.medium,
            low=n.low,
            orphaned=n.orphaned,
            exposed=money(n.pipeline_value_exposed),
            unowned=n.unowned_seats,
        ),
        "",
    ]
    if report.introductions:
        lines += [t("md_intros"), ""]
        lines += [
            t(
                "md_intro",
                date=i.by,
                staff=md(i.staff_name),
                successor=md(i.successor_name),
                person=md(i.person_name),
                exposure=money(i.exposure),
            )
            for i in report.introductions
        ]
        lines.append("")
    if report.unowned:
        lines += [t("md_seats"), ""]
        lines += [
            t(
                "md_seat",
                role=t.code("assignment", u.role),
                bid=md(u.name),
                id=md(u.project_id),
                stage=t.code("stage", u.stage),
                staff=md(u.staff_id),
            )
            for u in report.unowned
        ]
        lines.append("")
    at_risk = [r for r in report.relationships if r.severity != Severity.LOW]
    low = [r for r in report.relationships if r.severity == Severity.LOW]
    lines += [t("md_at_risk"), ""]
    if not at_risk:
        lines += [t("md_none_above_low"), ""]
    for r in at_risk:
        where = t("md_title_of", title=md(r.title)) if r.title else ""
        org = t("md_at_org", org=md(r.organization_name)) if r.organization_name else ""
        change = t(
            "md_coverage",
            before=percent(r.coverage_before),
            after=percent(r.coverage_after),
            tie=strength_text(r.tie_strength),
        )
        lines += [
            t("md_person", mark=t.code("mark", r.severity), name=md(r.name), where=where, org=org),
            "",
            change + (t("md_orphaned") if r.orphaned else ""),
        ]
        for b in r.open_bids[:3]:
            lines.append(
                t(
                    "md_bid",
                    bid=md(b.name),
                    stage=t.code("stage", b.stage),
                    share=percent(b.share),
                    exposed=money(b.exposure),
                )
            )
        if r.successors:
            lines.append(t("md_candidates"))
            lines += [
                t(
                    "md_candidate",
                    k=k,
                    name=md(s.name),
                    score=f"{s.score:.2f}",
                    reasons=t("list_sep").join(md(t.say(x)) for x in s.keyed_reasons),
                )
                for k, s in enumerate(r.successors, 1)
            ]
        lines.append("")
    if low:
        lines += [t("md_low", names=t("name_sep").join(md(r.name) for r in low)), ""]
    if report.passed_over:
        lines += [t("md_passed"), "", t("md_passed_why"), ""]
        lines += [
            t(
                "md_passed_item",
                name=md(p.name),
                id=md(p.staff_id),
                reason=md(t.say(p.keyed_reason)),
            )
            for p in report.passed_over
        ]
        lines.append("")
    if report.accounts:
        lines += [t("md_accounts"), "", t("md_accounts_head"), "|---|---|---|---|"]
        lines += [
            t(
                "md_account_row",
                name=md(a.name),
                before=percent(a.covered_share_before),
                after=percent(a.covered_share_after),
                bus=a.bus_factor,
                at_most="" if a.bus_factor_exact else t("md_at_most"),
            )
            for a in report.accounts
        ]
        lines.append("")
    bids = [b for b in report.bids if visible_change(b)]
    if bids:
        lines += [t("md_bids"), "", t("md_bids_head"), "|---|---|---|---|---|"]
        lines += [
            t(
                "md_bid_row",
                name=md(b.name),
                value=money(b.value),
                before=percent(b.uncovered_share_before),
                after=percent(b.uncovered_share_after),
                impact=money(b.impact),
            )
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
