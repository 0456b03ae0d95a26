"""The handover report's result models: every relationship at risk, the accounts and bids it
exposes, owner seats to reassign, introductions to make, and the totals."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field

from graphmap.analysis.availability import PassedOver
from graphmap.analysis.people import PersonHeader
from graphmap.i18n import Message
from graphmap.model import Stage


class Mode(StrEnum):
    """leave: the ties end; move: they weaken by move_factor and ownership passes on."""

    LEAVE = "leave"
    MOVE = "move"


class Severity(StrEnum):
    """How much a relationship's loss matters, critical first (docs/analysis.md)."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


SEVERITY_ORDER = {s: k for k, s in enumerate(Severity)}


class BidExposure(BaseModel):
    """An open bid a person holds a share of: what rests on the relationship there."""

    project_id: str = Field(description="Id of the bid (project).")
    name: str = Field(description="Bid name.")
    stage: Stage = Field(description="The bid's stage.")
    value: float = Field(description="Contract value of the bid (the deployment's currency).")
    due_on: date | None = Field(description="When the bid is due (ISO date).")
    share: float = Field(description="The person's decision share in this bid, 0..1.")
    exposure: float = Field(description="share · value.")


class Successor(BaseModel):
    """A staff member who should take a relationship over, with the points and reasons."""

    staff_id: str = Field(description="Id of the staff member.")
    name: str = Field(description="Staff member's name.")
    score: float = Field(description="Successor score: higher is a better fit (reasons say why).")
    reasons: list[str] = Field(description="Why, in words.")
    keyed_reasons: list[Message] = Field(
        exclude=True, description="reasons as keyed messages (views render them)."
    )


class RelationshipRisk(PersonHeader):
    """One relationship the leavers hold: coverage before and after, severity, successors."""

    held_by: list[str] = Field(description="Which of the departing staff hold this tie.")
    tie_strength: float = Field(description="Their strongest tie to the person.")
    coverage_before: float = Field(description="Coverage of the person before the change, 0..1.")
    coverage_after: float = Field(
        description="Coverage after the leavers' ties are removed or weakened."
    )
    drop: float = Field(description="coverage_before − coverage_after.")
    orphaned: bool = Field(description="True when the person loses their last strong tie.")
    share: float = Field(description="Largest decision share in an open bid.")
    exposure: float = Field(description="Σ share · value over the open bids the person sits in.")
    severity: Severity = Field(description="critical, high, medium or low (docs/analysis.md).")
    open_bids: list[BidExposure] = Field(description="The open bids this person holds a share of.")
    successors: list[Successor] = Field(
        description="Up to three staff who should take the relationship over."
    )


class AccountRisk(BaseModel):
    """A client account whose covered share changes with the leavers."""

    organization_id: str = Field(description="Id of the organization.")
    name: str = Field(description="Account name.")
    covered_share_before: float = Field(
        description="Covered decision share of the account's open bids before."
    )
    covered_share_after: float = Field(description="Covered decision share after the change.")
    bus_factor: int = Field(
        description=(
            "Fewest staff whose departure drops the covered share below the "
            "threshold; before the change."
        )
    )
    bus_factor_exact: bool = Field(
        description=("True when the bus factor was searched exhaustively; false: a greedy bound.")
    )


class BidRisk(BaseModel):
    """An open bid whose uncovered share rises with the leavers."""

    project_id: str = Field(description="Id of the bid (project).")
    name: str = Field(description="Bid name.")
    value: float = Field(description="Contract value of the bid (the deployment's currency).")
    uncovered_share_before: float = Field(description="Uncovered decision share of the bid before.")
    uncovered_share_after: float = Field(description="Uncovered decision share after the change.")
    impact: float = Field(description="value × rise in uncovered share.")


class UnownedSeat(BaseModel):
    """A bid-lead or account-manager seat the leavers leave empty."""

    project_id: str = Field(description="Id of the bid (project).")
    name: str = Field(description="Bid name.")
    stage: Stage = Field(description="The bid's stage.")
    role: str = Field(description="The owner role the leaver held (bid lead, account manager).")
    staff_id: str = Field(description="The leaver who held it.")


class Introduction(BaseModel):
    """An introduction to make before a leaver goes: who, to whom, by when."""

    by: date = Field(description="Introduce before this date (the leaver's last day).")
    staff_id: str = Field(description="The leaver who makes the introduction.")
    staff_name: str = Field(description="The leaver's name.")
    successor_id: str = Field(description="The staff member to introduce.")
    successor_name: str = Field(description="The successor's name.")
    person_id: str = Field(description="The client-side person to introduce them to.")
    person_name: str = Field(description="The person's name.")
    exposure: float = Field(description="Pipeline value that rests on this relationship.")


class Totals(BaseModel):
    """The handover in numbers."""

    relationships: int = Field(description="Relationships the leavers hold.")
    orphaned: int = Field(description="Relationships that lose their last strong tie.")
    critical: int = Field(
        description=("Orphaned relationships to someone holding a critical share of an open bid.")
    )
    high: int = Field(description="Relationships at high severity.")
    medium: int = Field(description="Relationships at medium severity.")
    low: int = Field(description="Relationships at low severity.")
    pipeline_value_exposed: float = Field(description="Σ exposure of orphaned relationships.")
    unowned_seats: int = Field(
        description="Bid-lead and account-manager seats left without an owner."
    )


class HandoverReport(BaseModel):
    """What leaves with the staff members, what it exposes, and who should take over."""

    staff_ids: list[str] = Field(description="The staff members leaving or moving.")
    staff_names: list[str] = Field(description="Their names.")
    mode: Mode = Field(description="leave (ties end) or move (ties weaken by move_factor).")
    as_of: date = Field(description="The date the analysis was run for.")
    relationships: list[RelationshipRisk] = Field(
        description="Every relationship the leavers hold, most severe first."
    )
    accounts: list[AccountRisk] = Field(description="Client accounts whose coverage changes.")
    bids: list[BidRisk] = Field(description="Open bids whose uncovered share rises.")
    unowned: list[UnownedSeat] = Field(description="Owner seats to reassign.")
    introductions: list[Introduction] = Field(
        description="Introductions to make before the leavers go."
    )
    passed_over: list[PassedOver] = Field(
        description="Connected staff who cannot take over: leaving or left."
    )
    totals: Totals = Field(description="Counts and the pipeline exposed.")
