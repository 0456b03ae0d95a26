"""The domain model: nodes, relationships and the interchange bundle.

Python and JSON use snake_case; the Neo4j store converts to camelCase at its boundary.
Every model forbids unknown fields, so a typo in an import is an error, not silent data loss.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from types import GenericAlias
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationInfo,
)


def _iso_date(value: Any) -> Any:
    """Accept ISO 8601 date strings and dates; refuse numbers (no epoch guessing)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date) or value is None:
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not an ISO 8601 date (YYYY-MM-DD)") from None
    raise ValueError(f"{value!r} is not an ISO 8601 date (YYYY-MM-DD)")


def _number(value: Any) -> Any:
    """Refuse booleans, strings and infinities where a number is meant (one strict rule for
    bundles, CSV, PATCH and queries: ``"100"`` and ``1e400`` are both refused)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{value!r} is not a number")
    if not math.isfinite(value):
        raise ValueError(f"{value!r} is not a finite number")
    return value


def _integer(value: Any) -> Any:
    """A whole number, strictly: ``"3"`` and ``3.5`` are refused like any other non-number."""
    if _number(value) != int(value):
        raise ValueError(f"{value!r} is not a whole number")
    return int(value)


# Bidirectional embeddings, overrides and isolates: they reorder what a terminal or a page
# shows ("Trojan Source"); no name needs them
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LINE_BREAKS = re.compile(r"[\t\n\r\v\f]+")


def _hidden(char: str) -> bool:
    """A character that changes what a terminal or a page does instead of showing itself:
    C0 and C1 controls (NUL, ESC, DEL, ...) and bidirectional controls."""
    return unicodedata.category(char) == "Cc" or char in BIDI_CONTROLS


# model_validate(..., context=STORED) for what a store gives back: its text is taken as it is
# (checked when graphmap wrote it; written some other way, output shows it inert)
STORED = {"stored": True}


def _stored(info: ValidationInfo) -> bool:
    return isinstance(info.context, dict) and bool(info.context.get("stored"))


def _refuse_hidden(value: str, allowed: str = "") -> str:
    for char in value:
        if _hidden(char) and char not in allowed:
            raise ValueError(
                f"contains the control character U+{ord(char):04X}; write it as text, or "
                "leave it out"
            )
    return value


def _id(value: str, info: ValidationInfo) -> str:
    """Ids are shown in terminals and pages and travel in URL paths: every id must be
    printable and reachable as one path segment."""
    if (value.isprintable() and "/" not in value and value not in (".", "..")) or _stored(info):
        return value  # the common case at once: no control or format character
    for char in value:
        if unicodedata.category(char) in ("Cc", "Cf"):
            raise ValueError(f"contains the control or format character U+{ord(char):04X}")
    if "/" in value:
        raise ValueError("contains '/', which an id in a URL path cannot carry")
    if value in (".", ".."):
        raise ValueError(f"{value!r} is a path step, not an id a URL can reach")
    return value


def _one_line(value: str, info: ValidationInfo) -> str:
    """Names and short texts are one line: tabs and line breaks (as CRM exports carry them)
    become one space; any other control character is refused."""
    if value.isprintable() or _stored(info):  # printable: no line break and no control
        return value
    return _refuse_hidden(LINE_BREAKS.sub(" ", value))


def _lines(value: str, info: ValidationInfo) -> str:
    """Notes keep their lines and tabs (CR LF and CR become LF); other controls are refused."""
    if value.isprintable() or _stored(info):
        return value
    return _refuse_hidden(value.replace("\r\n", "\n").replace("\r", "\n"), "\n\t")


Id = Annotated[
    str,
    StringConstraints(strip_whitespace=False, min_length=1, max_length=200, pattern=r"^\S(.*\S)?$"),
    AfterValidator(_id),
]
Date = Annotated[dt.date, BeforeValidator(_iso_date)]
Unit = Annotated[float, BeforeValidator(_number), Field(ge=0, le=1)]
Money = Annotated[float, BeforeValidator(_number), Field(ge=0)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=300), AfterValidator(_one_line)]
Text = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_one_line)]
Note = Annotated[str, StringConstraints(max_length=4000), AfterValidator(_lines)]  # may span lines
ShortNote = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_lines)]


class OrgKind(StrEnum):
    """Our relation to an organization: a client we bid for, a partner, a competitor."""

    CLIENT = "client"
    COMPETITOR = "competitor"
    PARTNER = "partner"


class OrgCategory(StrEnum):
    """What sort of organization it is, independent of our relation to it."""

    OWNER = "owner"
    DEVELOPER = "developer"
    GOVERNMENT = "government"
    DESIGN_INSTITUTE = "design_institute"
    INDUSTRIAL_GROUP = "industrial_group"
    CONTRACTOR = "contractor"
    CONSULTANCY = "consultancy"
    OTHER = "other"


class Stance(StrEnum):
    """How a person leans on our bid; values in AnalysisConfig.stance_values."""

    ADVOCATE = "advocate"
    SUPPORTER = "supporter"
    NEUTRAL = "neutral"
    SKEPTIC = "skeptic"
    OPPONENT = "opponent"
    UNKNOWN = "unknown"


class StaffStatus(StrEnum):
    """Whether a staff member can still hold relationships."""

    ACTIVE = "active"
    LEAVING = "leaving"
    LEFT = "left"


class Stage(StrEnum):
    """Where a project stands; OPEN_STAGES are the bids still to win."""

    LEAD = "lead"
    PRE_BID = "pre_bid"
    TENDER = "tender"
    WON = "won"
    LOST = "lost"
    CONSTRUCTION = "construction"
    COMPLETED = "completed"
    WARRANTY = "warranty"


OPEN_STAGES = frozenset({Stage.LEAD, Stage.PRE_BID, Stage.TENDER})


class DecisionRole(StrEnum):
    """A seat in a bid's decision-making unit; docs/data-model.md maps CRM vocabularies onto it."""

    ECONOMIC_BUYER = "economic_buyer"
    DECISION_MAKER = "decision_maker"
    TECHNICAL_EVALUATOR = "technical_evaluator"
    INFLUENCER = "influencer"
    USER = "user"
    GATEKEEPER = "gatekeeper"
    CHAMPION = "champion"


class InteractionKind(StrEnum):
    """What kind of contact an interaction was; each has a weight for tie strength."""

    MEETING = "meeting"
    SITE_VISIT = "site_visit"
    CALL = "call"
    EMAIL = "email"
    EVENT = "event"


class AssignmentRole(StrEnum):
    """What a staff member does on a project; OWNER_ROLES own the bid."""

    BID_LEAD = "bid_lead"
    ACCOUNT_MANAGER = "account_manager"
    ESTIMATOR = "estimator"
    DESIGN_LEAD = "design_lead"
    PROJECT_MANAGER = "project_manager"
    EXECUTIVE_SPONSOR = "executive_sponsor"
    OTHER = "other"


# Other vocabularies for decision roles, mapped onto ours (docs/data-model.md shows this table).
# Keys are compared case-insensitively with spaces and hyphens read as underscores.
ROLE_ALIASES: dict[str, DecisionRole] = {
    # Salesforce OpportunityContactRole picklist
    "business_user": DecisionRole.USER,
    "economic_decision_maker": DecisionRole.ECONOMIC_BUYER,
    "evaluator": DecisionRole.TECHNICAL_EVALUATOR,
    "executive_sponsor": DecisionRole.DECISION_MAKER,
    "technical_buyer": DecisionRole.TECHNICAL_EVALUATOR,
    "other": DecisionRole.INFLUENCER,
    # Miller-Heiman buying influences (economic buyer and technical buyer as above)
    "user_buyer": DecisionRole.USER,
    "coach": DecisionRole.CHAMPION,
}


def _decision_role(value: Any) -> Any:
    """Accept our role names and the CRM vocabularies in ROLE_ALIASES."""
    if not isinstance(value, str):
        return value
    key = value.strip().lower().replace(" ", "_").replace("-", "_")
    if key in DecisionRole._value2member_map_:
        return key
    return ROLE_ALIASES.get(key, value)


OWNER_ROLES = frozenset({AssignmentRole.BID_LEAD, AssignmentRole.ACCOUNT_MANAGER})


class Record(BaseModel):
    """Any record of a bundle: unknown fields are errors."""

    model_config = ConfigDict(extra="forbid", use_enum_values=False)


class Node(Record):
    """A record stored as a node: known by its id, shown by its name."""

    id: Id = Field(description="Unique id of the record: the same id again updates it.")
    name: Name = Field(description="Display name.")


class Organization(Node):
    """A client, partner or competitor; `potential` is the firm's own 0..1 estimate."""

    kind: OrgKind = Field(OrgKind.CLIENT, description="client, partner or competitor.")
    category: OrgCategory | None = Field(
        None,
        description=(
            "What kind of organization: owner, developer, government, design institute, ..."
        ),
    )
    sector: Text | None = Field(None, description="Market sector, e.g. water, transport.")
    region: Text | None = Field(None, description="Region, e.g. North.")
    tier: Annotated[int, BeforeValidator(_integer), Field(ge=1, le=5)] | None = Field(
        None, description="The firm's account tier, 1 (most important) to 5."
    )
    potential: Unit | None = Field(
        None, description="Recorded account potential, 0..1 (docs/analysis.md, Portfolio)"
    )


class Person(Node):
    """Someone at an organization whose view can sway a bid."""

    title: Text | None = Field(None, description="Job title (seniority is read from it).")
    organization_id: Id | None = Field(
        None, description="Id of the organization the person works at."
    )
    reports_to: Id | None = Field(None, description="Id of the person's manager.")
    stance: Stance = Field(Stance.UNKNOWN, description="How the person leans on our bids.")
    susceptibility: Unit | None = Field(
        None, description="How far others sway this person's view, 0..1 (default α)."
    )
    left_on: Date | None = Field(
        None, description="The day their employment at organization_id ended."
    )
    moved_to: Id | None = Field(
        None, description="Organization they moved to: a plain id property, see ID_PROPS."
    )
    notes: Note | None = Field(None, description="What the bid team knows about them, in words.")


class Staff(Node):
    """A member of our firm, who holds relationships."""

    role: Text | None = Field(None, description="Role in the firm.")
    team: Text | None = Field(None, description="Team, e.g. Buildings.")
    region: Text | None = Field(None, description="Region, e.g. North.")
    status: StaffStatus = Field(StaffStatus.ACTIVE, description="active, leaving or left.")
    leaves_on: Date | None = Field(None, description="Last working day, for leaving or left staff.")


class Project(Node):
    """A bid or job for a client organization."""

    client_id: Id = Field(description="Id of the client organization.")
    stage: Stage = Field(
        Stage.LEAD,
        description=("lead, pre_bid, tender (open), won, lost, construction, completed, warranty."),
    )
    value: Money | None = Field(None, description="Contract value, in the deployment's currency.")
    due_on: Date | None = Field(None, description="When the bid is due.")


class Influence(Record):
    """``from_id`` sways ``to_id``'s view on a bid, with ``weight`` 0..1."""

    from_id: Id = Field(description="Id of the person whose view moves the other's.")
    to_id: Id = Field(description="Id of the person whose view is moved.")
    weight: Unit = Field(description="How strongly, 0..1.")


class DecisionSeat(Record):
    """A seat in a project's decision: the person, their role, optional authority."""

    person_id: Id = Field(description="Id of the client-side person.")
    project_id: Id = Field(description="Id of the project (bid).")
    role: Annotated[DecisionRole, BeforeValidator(_decision_role)] = Field(
        description=(
            "Decision role: economic_buyer, decision_maker, technical_evaluator, "
            "... (aliases accepted)."
        )
    )
    authority: Unit | None = Field(
        None, description="Weight of this seat in the decision, 0..1 (default from the role)."
    )


class Knows(Record):
    """A staff member's relationship with a person, judged 0..1 at ``last_contact``."""

    staff_id: Id = Field(description="Id of the staff member.")
    person_id: Id = Field(description="Id of the client-side person.")
    strength: Unit | None = Field(
        None, description="How strong the relationship is, 0..1, as judged on last_contact."
    )
    last_contact: Date | None = Field(None, description="When it was last confirmed by contact.")
    source: Text | None = Field(None, description="Where the judgement comes from, e.g. crm.")


class Interaction(Record):
    """One recorded contact between a staff member and a person."""

    staff_id: Id = Field(description="Id of the staff member.")
    person_id: Id = Field(description="Id of the client-side person.")
    on: Date = Field(description="The day of the contact.")
    kind: InteractionKind = Field(description="meeting, site_visit, call, event or email.")
    note: ShortNote | None = Field(None, description="What happened, in words.")


class Assignment(Record):
    """A staff member's role on a project (bid lead, account manager, ...)."""

    staff_id: Id = Field(description="Id of the staff member.")
    project_id: Id = Field(description="Id of the project (bid).")
    role: AssignmentRole = Field(description="bid_lead, account_manager, estimator, designer, ...")


class Competitor(Record):
    """An organization bidding against us for a project."""

    organization_id: Id = Field(description="Id of the competing organization.")
    project_id: Id = Field(description="Id of the project (bid).")


class Bundle(Record):
    """The interchange and export format: one list per node label and relationship type."""

    organizations: list[Organization] = Field([], description="Clients, partners and competitors.")
    people: list[Person] = Field([], description="People at those organizations.")
    staff: list[Staff] = Field([], description="The firm's own staff.")
    projects: list[Project] = Field([], description="Bids and jobs.")
    influences: list[Influence] = Field([], description="Who sways whose view.")
    decision_roles: list[DecisionSeat] = Field([], description="Seats in each project's decision.")
    knows: list[Knows] = Field([], description="Staff relationships with people.")
    interactions: list[Interaction] = Field(
        [], description="Recorded contacts between staff and people."
    )
    assignments: list[Assignment] = Field([], description="Staff roles on projects.")
    competitors: list[Competitor] = Field([], description="Organizations bidding against us.")


@dataclass(frozen=True)
class NodeSpec:
    """How one bundle section maps to one node label."""

    section: str
    label: str
    model: type[Node]
    noun: str


@dataclass(frozen=True)
class RefSpec:
    """A node field that names another node and is stored as a relationship."""

    section: str
    field: str
    target_label: str
    rel_type: str


@dataclass(frozen=True)
class EdgeSpec:
    """How one bundle section maps to one relationship type.

    ``key`` names the fields that identify one relationship: a second record with the same key
    is the same relationship (upsert), never a duplicate.
    """

    section: str
    rel_type: str
    model: type[Record]
    src_field: str
    src_label: str
    dst_field: str
    dst_label: str
    qualifiers: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, ...]:
        return (self.src_field, self.dst_field, *self.qualifiers)


NODE_SPECS = (
    NodeSpec("organizations", "Organization", Organization, "organization"),
    NodeSpec("people", "Person", Person, "person"),
    NodeSpec("staff", "Staff", Staff, "staff member"),
    NodeSpec("projects", "Project", Project, "project"),
)
NODE_BY_LABEL = {s.label: s for s in NODE_SPECS}
NODE_BY_SECTION = {s.section: s for s in NODE_SPECS}

REF_SPECS = (
    RefSpec("people", "organization_id", "Organization", "WORKS_AT"),
    RefSpec("people", "reports_to", "Person", "REPORTS_TO"),
    RefSpec("projects", "client_id", "Organization", "FOR_CLIENT"),
)
REF_BY_TYPE = {r.rel_type: r for r in REF_SPECS}


@dataclass(frozen=True)
class IdPropSpec:
    """A node field that names another node but is kept as a plain property, not a
    relationship: a historical pointer (where a person went) that must exist when written
    and may outlive its target, which is then shown by id."""

    section: str
    field: str
    target_label: str


ID_PROPS = (IdPropSpec("people", "moved_to", "Organization"),)

EDGE_SPECS = (
    EdgeSpec("influences", "INFLUENCES", Influence, "from_id", "Person", "to_id", "Person"),
    EdgeSpec(
        "decision_roles", "DECIDES_ON", DecisionSeat, "person_id", "Person", "project_id", "Project"
    ),
    EdgeSpec("knows", "KNOWS", Knows, "staff_id", "Staff", "person_id", "Person"),
    EdgeSpec(
        "interactions",
        "INTERACTED",
        Interaction,
        "staff_id",
        "Staff",
        "person_id",
        "Person",
        qualifiers=("on", "kind"),
    ),
    EdgeSpec(
        "assignments", "ASSIGNED_TO", Assignment, "staff_id", "Staff", "project_id", "Project"
    ),
    EdgeSpec(
        "competitors",
        "COMPETES_FOR",
        Competitor,
        "organization_id",
        "Organization",
        "project_id",
        "Project",
    ),
)
EDGE_BY_SECTION = {s.section: s for s in EDGE_SPECS}
EDGE_BY_TYPE = {s.rel_type: s for s in EDGE_SPECS}

SECTION_MODELS: dict[str, type[Record]] = {
    **{s.section: s.model for s in NODE_SPECS},
    **{s.section: s.model for s in EDGE_SPECS},
}


@cache
def section_adapter(section: str) -> TypeAdapter[list[Record]]:
    """A whole section validated or serialized in one call: the loop over its records runs
    inside pydantic, not in Python (imports of a million records)."""
    section_type: Any = GenericAlias(list, (SECTION_MODELS[section],))  # list[the model]
    return TypeAdapter(section_type)


ALL_REL_TYPES = tuple(r.rel_type for r in REF_SPECS) + tuple(e.rel_type for e in EDGE_SPECS)
