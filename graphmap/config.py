"""Analysis parameters with their documented defaults (docs/analysis.md explains each).

Every analysis takes an ``AnalysisConfig``; the CLI and API override single fields per call,
and a JSON or TOML file named by ``GRAPHMAP_CONFIG`` overrides the defaults for a deployment.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graphmap.errors import InvalidInput, Problem
from graphmap.model import DecisionRole, InteractionKind, Stage, Stance
from graphmap.settings import Settings

Unit = Annotated[float, Field(ge=0, le=1)]


class AnalysisConfig(BaseModel):
    """Every analysis parameter with its documented default (docs/analysis.md)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # tie strength
    half_life_days: Annotated[float, Field(gt=0)] = 180.0
    interaction_weights: dict[InteractionKind, Annotated[float, Field(ge=0)]] = {
        InteractionKind.MEETING: 1.0,
        InteractionKind.SITE_VISIT: 1.0,
        InteractionKind.CALL: 0.5,
        InteractionKind.EVENT: 0.3,
        InteractionKind.EMAIL: 0.2,
    }
    # influence in a bid
    alpha: Unit = 0.5
    manager_weight: Unit = 0.6  # a manager's pull on a direct report's view
    report_weight: Unit = 0.3  # a direct report's pull on the manager's view
    role_authority: dict[DecisionRole, Unit] = {
        DecisionRole.ECONOMIC_BUYER: 1.0,
        DecisionRole.DECISION_MAKER: 1.0,
        DecisionRole.TECHNICAL_EVALUATOR: 0.6,
        DecisionRole.GATEKEEPER: 0.4,
        DecisionRole.INFLUENCER: 0.3,
        DecisionRole.USER: 0.3,
        DecisionRole.CHAMPION: 0.3,
    }
    stance_values: dict[Stance, Annotated[float, Field(ge=-1, le=1)]] = {
        Stance.ADVOCATE: 1.0,
        Stance.SUPPORTER: 0.5,
        Stance.NEUTRAL: 0.0,
        Stance.SKEPTIC: -0.5,
        Stance.OPPONENT: -1.0,
        Stance.UNKNOWN: 0.0,
    }
    max_hops: Annotated[int, Field(ge=0, le=12)] = 4
    explain_paths: Annotated[int, Field(ge=0, le=20)] = 3
    action_share: Unit = 0.05  # a share this large, not strongly covered, gets an action
    # warm paths: strengths of ties that carry no number of their own
    reports_to_strength: Unit = 0.6
    same_organization_strength: Unit = 0.3
    # handover
    move_factor: Unit = 0.5
    strong_tie: Unit = 0.5  # a tie this strong is a real relationship; losing the last one orphans
    successor_load_penalty: Annotated[float, Field(ge=0)] = 0.15
    critical_share: Unit = 0.05  # decision share in an open bid that makes an orphan critical
    high_drop: Unit = 0.3
    medium_drop: Unit = 0.1
    bus_factor_threshold: Unit = 0.5
    bus_factor_search_budget: Annotated[int, Field(ge=1)] = 20000
    currency: str | None = None  # shown with amounts, e.g. "EUR"; None shows plain numbers
    # portfolio (docs/analysis.md, Portfolio)
    risk_due_days: Annotated[int, Field(ge=0)] = 60  # due this soon makes a weak bid red
    risk_covered_share: Unit = 0.5  # less covered decision share than this is weak
    risk_stale_days: Annotated[int, Field(ge=1)] = 90  # no seat holder contacted for this long
    single_thread_fraction: Unit = 0.25  # one person's departure leaves less than this part
    intro_lookback_days: Annotated[int, Field(ge=0)] = 30  # a meeting this recent is the intro
    won_window_years: Annotated[float, Field(gt=0)] = 3.0
    stage_probability: dict[Stage, Unit] = {Stage.LEAD: 0.1, Stage.PRE_BID: 0.25, Stage.TENDER: 0.4}
    segment_value_threshold: Annotated[float, Field(ge=0)] | None = None  # None: the median
    segment_potential_threshold: Annotated[float, Field(ge=0)] | None = None  # None: the median
    senior_title_words: tuple[str, ...] = (
        "chief",
        "director",
        "president",
        "head",
        "partner",
        "ceo",
        "cfo",
        "cto",
        "vp",
        "vice president",
        "general manager",
        "board",
        "commissioner",
    )
    senior_depth: Annotated[int, Field(ge=0)] = 1  # the top (0) and their direct reports (1)
    senior_staff_words: tuple[str, ...] = ("director", "head", "partner", "principal", "senior")

    def with_overrides(self, **changes: object) -> AnalysisConfig:
        """A copy with the given fields changed; ``None`` values are ignored."""
        data = self.model_dump() | {k: v for k, v in changes.items() if v is not None}
        try:
            return AnalysisConfig.model_validate(data)
        except ValidationError as exc:
            raise InvalidInput(
                "invalid analysis parameters",
                [Problem(".".join(map(str, e["loc"])), e["msg"]) for e in exc.errors()],
            ) from None


def load_config(path: str | None = None) -> AnalysisConfig:
    """Defaults, overridden by the file at ``path`` or ``GRAPHMAP_CONFIG`` (JSON or TOML)."""
    path = path or Settings().config
    if not path:
        return AnalysisConfig()
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
        data = tomllib.loads(text) if file.suffix == ".toml" else json.loads(text)
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"config {path}: {exc}") from None
    return AnalysisConfig().with_overrides(**data)
