"""The portfolio: every bid at once, with a risk rating, and where the exposed value sits.

Each open bid is read from its own influence report (``bid_influence``), so a row in the
pipeline says exactly what ``graphmap influence`` says about that bid. The rules are in
docs/analysis.md (Portfolio); in short, as of a date:

- **covered share** = 1 - uncovered share (Σ share · coverage); a bid with no decision seats
  covers nothing (0) and says "no decision-makers mapped";
- **exposed value** = value × (1 - covered share);
- **risk** red: due within ``risk_due_days`` (or overdue) and weak, where weak is covered share
  below ``risk_covered_share`` or a negative support forecast; amber: weak, no decision seats,
  no seat holder contacted within ``risk_stale_days``, or past its due date; else green.

>>> from datetime import date
>>> risk, reasons = risk_of(
...     date(2026, 12, 1), 0.4, 0.1, 10, 3, False, date(2026, 11, 22), AnalysisConfig())
>>> risk, [EN.say(r) for r in reasons]
(<Risk.RED: 'red'>, ['covered share 40.0% is below 50%', 'due in 9 days'])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field

from graphmap.analysis.influence import InfluenceReport
from graphmap.config import AnalysisConfig
from graphmap.i18n import EN, Message, message
from graphmap.model import OPEN_STAGES, Project, Stage


class Risk(StrEnum):
    """A bid's rating: red, amber or green (docs/analysis.md, Portfolio)."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"


RISK_ORDER = {Risk.RED: 0, Risk.AMBER: 1, Risk.GREEN: 2, None: 3}


@dataclass
class BidState:
    """One bid as the portfolio reads it: the project, who leads it, and for an open bid its
    extracted decision network and influence report (None when it cannot be analysed)."""

    project: Project
    client_name: str
    lead_id: str | None
    lead_name: str | None
    graph: nx.MultiDiGraph | None = None
    report: InfluenceReport | None = None
    problem: str | None = None  # why there is no report

    @property
    def open(self) -> bool:
        return self.project.stage in OPEN_STAGES

    @property
    def seats(self) -> int:
        if self.graph is None:
            return 0
        pid = self.project.id
        return sum(
            1 for _, _, d in self.graph.in_edges(pid, data=True) if d["type"] == "DECIDES_ON"
        )


class TopUncovered(BaseModel):
    """The first entry of the bid's action plan: whom to reach first, and through whom."""

    model_config = ConfigDict(frozen=True)  # kept across calls: shared, never changed

    person_id: str = Field(description="Id of the client-side person.")
    name: str = Field(description="The person's name.")
    share: float = Field(description="Their decision share, 0..1.")
    introducer_id: str | None = Field(
        description=("Staff member who starts the warm path; null: nobody available reaches them.")
    )
    introducer_name: str | None = Field(description="Name of the introducer.")


class PipelineRow(BaseModel):
    """One bid in the pipeline: value, due date, coverage, forecast, rating and why."""

    model_config = ConfigDict(frozen=True)  # kept across calls: shared, never changed

    project_id: str = Field(description="Id of the bid (project).")
    name: str = Field(description="Bid name.")
    client_id: str = Field(description="Id of the client organization.")
    client_name: str = Field(description="Name of the client organization.")
    stage: Stage = Field(description="The bid's stage.")
    value: float | None = Field(
        description="Contract value of the bid (the deployment's currency)."
    )
    due_on: date | None = Field(description="When the bid is due (ISO date).")
    days_to_due: int | None = Field(description="Days from as_of to due_on (negative: overdue).")
    bid_lead_id: str | None = Field(description="Staff id of the bid lead, if any.")
    bid_lead_name: str | None = Field(description="The bid lead's name.")
    seats: int = Field(description="Decision seats mapped for the bid.")
    covered_share: float | None = Field(
        description=(
            "Decision share held by people we reach, weighted by coverage, 0..1; "
            "null: a closed bid."
        )
    )
    support_forecast: float | None = Field(
        description=(
            "Σ share · stance value, in [-1, 1]: how the decision leans on our bid; "
            "null: closed, or no decision seats to forecast."
        )
    )
    exposed_value: float | None = Field(
        description="value × uncovered share: pipeline at risk; null for a closed bid."
    )
    top_uncovered: TopUncovered | None = Field(description="Whom to reach first, and through whom.")
    last_seat_contact: date | None = Field(
        description="The latest contact any active staff had with a seat holder."
    )
    days_since_contact: int | None = Field(description="Days since last_seat_contact.")
    risk: Risk | None = Field(
        description=(
            "red, amber or green by the documented rules (docs/analysis.md); null: a closed bid."
        )
    )
    reasons: list[str] = Field(description="Why the rating, in words.")
    keyed_reasons: list[Message] = Field(
        exclude=True, description="reasons as keyed messages (views render them)."
    )


class ExposureTotal(BaseModel):
    """Open pipeline and exposed value summed per bid lead or per client."""

    id: str | None = Field(
        description=("The bid lead's staff id or the client's id; null: bids with no bid lead.")
    )
    name: str = Field(description="Bid lead or client name.")
    bids: int = Field(description="Open bids in the group.")
    value: float = Field(description="Their total value.")
    exposed_value: float = Field(description="Their total exposed value.")


def risk_of(
    due_on: date | None,
    covered: float,
    forecast: float | None,
    days_since_contact: int | None,
    seats: int,
    unanalysed: bool,
    as_of: date,
    config: AnalysisConfig,
) -> tuple[Risk, list[Message]]:
    """The rating of an open bid and its reasons (module docstring)."""
    reasons = []
    if seats == 0:
        reasons.append(message("risk_unmapped"))
    elif unanalysed:
        reasons.append(message("risk_unanalysed"))
    elif covered < config.risk_covered_share:
        reasons.append(message("risk_covered", share=covered, floor=config.risk_covered_share))
    if forecast is not None and round(forecast, 2) < 0:  # a lean, not a rounding error
        reasons.append(message("risk_forecast", forecast=forecast))
    weak = bool(reasons)
    days = (due_on - as_of).days if due_on else None
    soon = days is not None and days <= config.risk_due_days
    if seats and (days_since_contact is None or days_since_contact > config.risk_stale_days):
        ago = (
            message("risk_never")
            if days_since_contact is None
            else message("days_ago", n=days_since_contact)
        )
        reasons.append(message("risk_stale", ago=ago))
    if days is not None and days < 0:
        reasons.append(message("risk_overdue", n=-days))
    elif soon and weak:
        reasons.append(message("risk_due", n=days))
    if soon and weak:
        return Risk.RED, reasons
    return (Risk.AMBER if reasons else Risk.GREEN), reasons


def _last_seat_contact(report: InfluenceReport) -> date | None:
    dates = [t.last_contact for p in report.people if p.role for t in p.ties if t.last_contact]
    return max(dates, default=None)


def _top_uncovered(report: InfluenceReport) -> TopUncovered | None:
    if not report.actions:
        return None
    return TopUncovered.model_validate(
        report.actions[0].model_dump(include=set(TopUncovered.model_fields))
    )


def pipeline_row(bid: BidState, as_of: date, config: AnalysisConfig) -> PipelineRow:
    """One bid's row; closed bids carry their facts and no rating."""
    p, report = bid.project, bid.report
    covered = forecast = exposed = risk = None
    last = None
    reasons: list[Message] = []
    if bid.open:
        covered = 1.0 - report.uncovered_share if report else 0.0
        covered = min(1.0, max(0.0, covered))
        forecast = report.support_forecast if report else None
        last = _last_seat_contact(report) if report else None
        exposed = (p.value or 0.0) * (1.0 - covered)
        since = (as_of - last).days if last else None
        risk, reasons = risk_of(
            p.due_on, covered, forecast, since, bid.seats, report is None, as_of, config
        )
        if bid.problem and bid.seats:
            reasons.append(message("verbatim", text=bid.problem))
    return PipelineRow(
        project_id=p.id,
        name=p.name,
        client_id=p.client_id,
        client_name=bid.client_name,
        stage=p.stage,
        value=p.value,
        due_on=p.due_on,
        days_to_due=(p.due_on - as_of).days if p.due_on else None,
        bid_lead_id=bid.lead_id,
        bid_lead_name=bid.lead_name,
        seats=bid.seats,
        covered_share=covered,
        support_forecast=forecast,
        exposed_value=exposed,
        top_uncovered=_top_uncovered(report) if report else None,
        last_seat_contact=last,
        days_since_contact=(as_of - last).days if last else None,
        risk=risk,
        reasons=[EN.say(r) for r in reasons],
        keyed_reasons=reasons,
    )


SORTS: dict[str, Callable[[PipelineRow], tuple[Any, ...]]] = {
    "risk": lambda r: (RISK_ORDER[r.risk], -(r.exposed_value or 0.0), r.project_id),
    "value": lambda r: (-(r.value or 0.0), r.project_id),
    "due": lambda r: (r.due_on is None, r.due_on or date.max, r.project_id),
}


def exposure_by(rows: list[PipelineRow], group: str) -> list[ExposureTotal]:
    """Open rows summed per ``owner`` (bid lead) or ``client``, most exposed first."""
    totals: dict[str | None, ExposureTotal] = {}
    for r in rows:
        if r.risk is None:
            continue
        key, name = (
            (r.bid_lead_id, r.bid_lead_name or "no bid lead")
            if group == "owner"
            else (r.client_id, r.client_name)
        )
        t = totals.setdefault(
            key, ExposureTotal(id=key, name=name, bids=0, value=0, exposed_value=0)
        )
        t.bids += 1
        t.value += r.value or 0.0
        t.exposed_value += r.exposed_value or 0.0
    return sorted(totals.values(), key=lambda t: (-t.exposed_value, t.id or ""))
