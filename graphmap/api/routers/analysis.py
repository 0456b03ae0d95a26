"""The analyses over HTTP, with the same parameters and result models as the CLI."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from graphmap.analysis.accounts import AccountCoverage
from graphmap.analysis.handover import HandoverReport, Mode
from graphmap.analysis.influence import InfluenceReport
from graphmap.api.deps import AlsoLeaving, AsOf, ConfigDep, Reader, StoreDep
from graphmap.api.errors import ERROR_RESPONSES
from graphmap.portfolio_service import AccountsPage, accounts_page
from graphmap.service import (
    PathsReport,
    account_report,
    influence_report,
    kept_handover_report,
    person_paths,
)

router = APIRouter(tags=["analyses"], responses=ERROR_RESPONSES, dependencies=[Reader])


@router.get("/projects/{project_id}/influence", response_model=InfluenceReport)
def influence(
    project_id: str,
    store: StoreDep,
    config: ConfigDep,
    as_of: AsOf = None,
    alpha: Annotated[float | None, Query(ge=0, le=1)] = None,
    max_hops: Annotated[int | None, Query(ge=0, le=12)] = None,
) -> InfluenceReport:
    """Who really decides this bid, how much each holds, and whether we know them."""
    chosen = config.with_overrides(alpha=alpha, max_hops=max_hops)
    return influence_report(store, project_id, as_of or date.today(), chosen)


@router.get("/staff/{staff_id}/handover", response_model=HandoverReport)
def handover(
    staff_id: str,
    store: StoreDep,
    config: ConfigDep,
    as_of: AsOf = None,
    mode: Mode = Mode.LEAVE,
    also: AlsoLeaving = None,
) -> HandoverReport:
    """What leaves with this staff member (and any ``also``), and who should take over."""
    leavers = [staff_id, *(also or [])]
    return kept_handover_report(store, leavers, mode, as_of or date.today(), config)


@router.get("/people/{person_id}/paths", response_model=PathsReport)
def paths(
    person_id: str,
    store: StoreDep,
    config: ConfigDep,
    as_of: AsOf = None,
    hops: Annotated[int, Query(ge=1, le=4)] = 2,
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> PathsReport:
    """Who in the firm knows this person, and the warmest introduction chains."""
    return person_paths(store, person_id, as_of or date.today(), config, hops, limit)


@router.get("/accounts/{org_id}/coverage", response_model=AccountCoverage)
def coverage(
    org_id: str, store: StoreDep, config: ConfigDep, as_of: AsOf = None
) -> AccountCoverage:
    """An account's covered decision share, bus factor and the staff it depends on."""
    return account_report(store, org_id, as_of or date.today(), config)


@router.get("/accounts", response_model=AccountsPage)
def accounts(
    store: StoreDep,
    config: ConfigDep,
    as_of: AsOf = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> AccountsPage:
    """Client accounts by risk, a page at a time: lowest bus factor first, then least
    covered; ``total`` counts every account, ``next_offset`` asks for the next page."""
    return accounts_page(store, as_of or date.today(), config, offset, limit)
