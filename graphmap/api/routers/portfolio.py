"""The portfolio over HTTP (readers): pipeline, exposure, alerts, segments, key-account depth,
with the same parameters and JSON as ``graphmap pipeline|alerts|segments|depth --json``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from graphmap.analysis.alerts import Alert
from graphmap.analysis.portfolio import ExposureTotal, PipelineRow, exposure_by
from graphmap.analysis.segments import AccountDepth, Segment
from graphmap.api.deps import ConfigDep, Reader, StoreDep
from graphmap.api.errors import ERROR_RESPONSES
from graphmap.portfolio_service import (
    SortKey,
    StageFilter,
    depth_report,
    segment_report,
)
from graphmap.portfolio_service import (
    alerts as alerts_of,
)
from graphmap.portfolio_service import (
    pipeline as pipeline_of,
)

router = APIRouter(tags=["portfolio"], responses=ERROR_RESPONSES, dependencies=[Reader])

AsOf = Annotated[date | None, Query(description="Analyse as of this date (default today).")]
Owner = Annotated[str | None, Query(description="Only bids this staff id leads.")]
Client = Annotated[str | None, Query(description="Only bids for this organization id.")]


@router.get("/pipeline", response_model=list[PipelineRow])
def pipeline(
    store: StoreDep,
    config: ConfigDep,
    as_of: AsOf = None,
    stage: StageFilter = "open",
    owner: Owner = None,
    client: Client = None,
    sort: SortKey = "risk",
) -> list[PipelineRow]:
    """Every bid with coverage, forecast, whom to reach first and a red/amber/green rating."""
    return pipeline_of(store, as_of or date.today(), config, stage, owner, client, sort)


@router.get("/pipeline/exposure", response_model=list[ExposureTotal])
def exposure(
    store: StoreDep,
    config: ConfigDep,
    as_of: AsOf = None,
    group: Literal["owner", "client"] = "owner",
) -> list[ExposureTotal]:
    """Open value and exposed value (value × uncovered share) per bid lead or per client."""
    return exposure_by(pipeline_of(store, as_of or date.today(), config), group)


@router.get("/alerts", response_model=list[Alert])
def alerts(
    store: StoreDep,
    config: ConfigDep,
    as_of: AsOf = None,
    within: Annotated[int, Query(ge=0, le=366, description="Days ahead to look.")] = 30,
) -> list[Alert]:
    """Cooling ties, stale bid maps, unmapped and single-threaded bids, handovers due."""
    return alerts_of(store, as_of or date.today(), config, within)


@router.get("/segments", response_model=list[Segment])
def segments(store: StoreDep, config: ConfigDep, as_of: AsOf = None) -> list[Segment]:
    """Client accounts by value and potential, with their quadrant."""
    return segment_report(store, as_of or date.today(), config).accounts


@router.get("/depth", response_model=list[AccountDepth])
def depth(store: StoreDep, config: ConfigDep, as_of: AsOf = None) -> list[AccountDepth]:
    """Key accounts by level: senior and working-level coverage, bus factor, flags."""
    return depth_report(store, as_of or date.today(), config)
