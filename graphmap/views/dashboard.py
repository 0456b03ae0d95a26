"""The weekly worklist: the first screen under /views and ``graphmap view dashboard``.

One self-contained page: the pipeline table (sorted and filtered in the page), the alerts,
a value × potential scatter of the accounts and the exposed value per bid lead. The charts are
plotly, its JavaScript inlined from the plotly wheel, so the page needs no network. Names reach
the page only through autoescaped Jinja or ``script_json``; chart labels are HTML-escaped as
well, because plotly reads a few tags in its text.
"""

from __future__ import annotations

import html
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from graphmap.analysis.alerts import Alert
from graphmap.analysis.portfolio import PipelineRow, Risk, exposure_by
from graphmap.analysis.segments import SegmentReport
from graphmap.config import AnalysisConfig
from graphmap.i18n import EN, Words, catalogue
from graphmap.i18n.numbers import percent
from graphmap.portfolio_service import ALERT_DAYS, segment_report, worklist
from graphmap.store.base import GraphStore
from graphmap.views.html import _env, script_json, url_id, with_lang

SCRIPT_WORDS = (  # what the page's script writes: the charts' axes, legends and quadrants
    "db_shown",
    "db_axis_value",
    "db_axis_potential",
    "db_axis_m",
    "db_open_value",
    "db_exposed",
    "db_hover_open",
    "db_hover_exposed",
    "quadrant.invest",
    "quadrant.maintain",
    "quadrant.develop",
    "quadrant.reduce",
)
BUS_COLORS = ["#c53030", "#dd6b20", "#d69e2e", "#38a169"]  # bus factor 0, 1, 2, 3+


@cache
def plotly_js() -> str:
    """plotly's JavaScript from its wheel, read once and inlined (no CDN)."""
    return (files("plotly") / "package_data" / "plotly.min.js").read_text(encoding="utf-8")


def _signed(x: float) -> str:
    """+0.45, -0.18, and 0.00 for anything that rounds to zero (never -0.00)."""
    return f"{x:+.2f}" if round(x, 2) else "0.00"


def _label(text: str) -> str:
    """Text for plotly: escaped, so a name that looks like markup stays text."""
    return html.escape(text, quote=True)


def _scatter(report: SegmentReport, as_of: date, t: Words) -> dict[str, Any]:
    accounts = report.accounts
    top = max((a.open_pipeline for a in accounts), default=0.0) or 1.0
    return {
        "x": [a.value / 1e6 for a in accounts],
        "y": [a.potential / 1e6 for a in accounts],
        "size": [10 + 30 * (a.open_pipeline / top) ** 0.5 for a in accounts],
        "color": [BUS_COLORS[min(a.bus_factor or 0, 3)] for a in accounts],
        "text": [
            _label(
                t(
                    "db_dot",
                    name=a.name,
                    quadrant=t.code("quadrant", a.quadrant),
                    value=t.millions(a.value),
                    potential=t.millions(a.potential),
                    open=t.millions(a.open_pipeline),
                    bus=a.bus_factor,
                )
            )
            for a in accounts
        ],
        "url": [
            with_lang(f"/views/account/{url_id(a.organization_id)}?as_of={as_of}", t.lang)
            for a in accounts
        ],
        "value_line": report.value_threshold / 1e6,
        "potential_line": report.potential_threshold / 1e6,
    }


def _bars(rows: list[PipelineRow], as_of: date, t: Words) -> dict[str, Any]:
    """One bar per bid lead; the bids with no lead share a bar named in the page's language."""
    totals = list(reversed(exposure_by(rows, "owner")))  # plotly draws the first bar lowest
    return {
        "names": [_label(x.name if x.id else t("db_no_lead")) for x in totals],
        "urls": [
            with_lang(f"/views?owner={url_id(x.id)}&as_of={as_of}", t.lang) if x.id else None
            for x in totals
        ],
        "exposed": [x.exposed_value / 1e6 for x in totals],
        "value": [x.value / 1e6 for x in totals],
    }


def _cells(r: PipelineRow, t: Words) -> dict[str, Any]:
    """What the table shows of a row, and the value each column sorts by."""
    first = r.top_uncovered
    return {
        "row": r,
        "value": t.millions(r.value),
        "covered": "" if r.covered_share is None else percent(r.covered_share),
        "support": "" if r.support_forecast is None else _signed(r.support_forecast),
        "exposed": t.millions(r.exposed_value),
        "first": t("name_share", name=first.name, share=percent(first.share))
        if first
        else (t("db_map_first") if r.seats == 0 else ""),
        "via": t("db_via", name=first.introducer_name) if first and first.introducer_name else "",
        "contact": t("days_ago", n=r.days_since_contact)
        if r.days_since_contact is not None
        else t("risk_never"),
        "stage": t.code("stage", r.stage),
        "due": t.date(r.due_on) if r.due_on else "",
        "risk": t.code("risk", r.risk or "closed"),
        "reasons": t("list_sep").join(t.say(m) for m in r.keyed_reasons),
        "risk_rank": ["red", "amber", "green"].index(r.risk.value) if r.risk else 3,
    }


def _alert(a: Alert, t: Words) -> dict[str, Any]:
    """An alert as the list shows it: the date, the kind and both sentences in words."""
    return {
        "alert": a,
        "on": t.date(a.on) if a.on else t("db_undated"),
        "kind": t.code("alert", a.kind),
        "message": t.say(a.keyed_message),
        "action": t.say(a.keyed_action),
    }


def render_dashboard(
    rows: list[PipelineRow],
    found: list[Alert],
    report: SegmentReport,
    as_of: date,
    scope: str | None = None,
    t: Words = EN,
) -> str:
    """``scope`` names the bid lead or client the page is filtered to (None: the whole firm)."""
    counts = {risk.value: sum(1 for r in rows if r.risk == risk) for risk in Risk}
    data = {
        "scatter": _scatter(report, as_of, t),
        "bars": _bars(rows, as_of, t),
        "words": {k: catalogue(t.lang)[k] for k in SCRIPT_WORDS},  # raw: the script fills them
    }
    return (
        _env()
        .get_template("dashboard.html")
        .render(
            t=t,
            as_of=as_of,
            link=lambda href: with_lang(href, t.lang),  # other views, in this page's language
            scope=scope,
            rows=[_cells(r, t) for r in rows],
            alerts=[_alert(a, t) for a in found],
            bid_names={r.project_id: r.name for r in rows},
            alert_days=ALERT_DAYS,
            counts=counts,
            total_value=t.millions(sum(r.value or 0 for r in rows)),
            total_exposed=t.millions(sum(r.exposed_value or 0 for r in rows)),
            plotly_js=plotly_js(),
            data_json=script_json(data),
        )
    )


def dashboard_page(
    store: GraphStore,
    as_of: date,
    config: AnalysisConfig,
    owner: str | None = None,
    client: str | None = None,
    lang: str = "en",
) -> str:
    """Every open bid (of one bid lead or client, if given), feeding the table, the alerts
    and the bars; the scatter shows the accounts those bids are for."""
    rows, found = worklist(store, as_of, config, owner, client)
    scope = None
    if owner or client:
        scope = " · ".join(f["name"] for _, f in store.nodes([i for i in (owner, client) if i]))
    accounts = {r.client_id for r in rows} if scope else None
    return render_dashboard(
        rows,
        found,
        segment_report(store, as_of, config, accounts),
        as_of,
        scope,
        Words(lang),
    )
