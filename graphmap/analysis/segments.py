"""Accounts by value and potential (the classic account matrix), and the depth of key accounts.

**Value** of a client account = won value in the trailing ``won_window_years`` (bids at won or
later stages — construction, completed, warranty — dated by ``due_on``, undated ones counted)
plus its open pipeline weighted by ``stage_probability`` (lead 0.1, pre-bid 0.25, tender 0.4).

**Potential** = its open pipeline at full value, or — when the firm records
``Organization.potential`` (0..1) — that fraction of the largest open pipeline of any account in
the portfolio, so a recorded 1.0 means "as much as our biggest open account".

Quadrants split at the medians (or the configured thresholds); above the line is high:
invest (high value, high potential), maintain (high, low), develop (low, high), reduce (low, low).

>>> quadrant(5.0, 1.0, 2.0, 2.0)
'maintain'
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum

import networkx as nx
from pydantic import BaseModel, Field

from graphmap.analysis.accounts import AccountCoverage
from graphmap.analysis.strength import coverage, ties
from graphmap.config import AnalysisConfig
from graphmap.model import OPEN_STAGES, Organization, Project, Stage

WON_STAGES = frozenset({Stage.WON, Stage.CONSTRUCTION, Stage.COMPLETED, Stage.WARRANTY})


class Quadrant(StrEnum):
    """Value × potential: invest, maintain, develop (selectively) or reduce."""

    INVEST = "invest"
    MAINTAIN = "maintain"
    DEVELOP = "develop"
    REDUCE = "reduce"


class Segment(BaseModel):
    """One client account by value and potential, with its quadrant."""

    organization_id: str = Field(description="Id of the organization.")
    name: str = Field(description="Account name.")
    tier: int | None = Field(
        description="The firm's account tier (1 = most important), when recorded."
    )
    won_value: float = Field(description="Won in the trailing window.")
    weighted_pipeline: float = Field(description="Open bids × stage probability.")
    open_pipeline: float = Field(description="Open bids at full value.")
    value: float = Field(description="won_value + weighted_pipeline.")
    potential: float = Field(
        description="Open and expected pipeline, or the recorded potential scaled to it."
    )
    potential_recorded: float | None = Field(
        description="Organization.potential when the firm set one."
    )
    quadrant: Quadrant = Field(
        description="Value × potential quadrant: invest, maintain, develop or reduce."
    )
    covered_share: float | None = Field(
        None, description="From the account's coverage (accounts.py)"
    )
    bus_factor: int | None = Field(
        None, description="The account's bus factor, when it has open bids."
    )


class SegmentReport(BaseModel):
    """The matrix and the lines that split it."""

    as_of: date = Field(description="The date the analysis was run for.")
    value_threshold: float = Field(
        description="Value line between high and low (the median unless configured)."
    )
    potential_threshold: float = Field(description="Potential line between high and low.")
    accounts: list[Segment] = Field(description="The accounts, one row each.")


def quadrant(value: float, potential: float, value_line: float, potential_line: float) -> str:
    """The quadrant of a value and a potential against the two lines."""
    high_value, high_potential = value > value_line, potential > potential_line
    if high_value:
        return Quadrant.INVEST.value if high_potential else Quadrant.MAINTAIN.value
    return Quadrant.DEVELOP.value if high_potential else Quadrant.REDUCE.value


def segments(
    accounts: list[Organization], projects: Iterable[Project], as_of: date, config: AnalysisConfig
) -> SegmentReport:
    """Value, potential and quadrant of each account (module docstring)."""
    since = as_of - timedelta(days=round(365.25 * config.won_window_years))
    won = dict.fromkeys((a.id for a in accounts), 0.0)
    weighted, open_value = dict(won), dict(won)
    for p in projects:
        if p.client_id not in won or not p.value:
            continue
        if p.stage in WON_STAGES and (p.due_on is None or since <= p.due_on <= as_of):
            won[p.client_id] += p.value
        elif p.stage in OPEN_STAGES:
            weighted[p.client_id] += p.value * config.stage_probability.get(p.stage, 0.0)
            open_value[p.client_id] += p.value
    scale = max(open_value.values(), default=0.0)
    potential = {
        a.id: a.potential * scale if a.potential is not None else open_value[a.id] for a in accounts
    }
    value = {a: won[a] + weighted[a] for a in won}
    v_line = _line(config.segment_value_threshold, value.values())
    p_line = _line(config.segment_potential_threshold, potential.values())
    rows = [
        Segment(
            organization_id=a.id,
            name=a.name,
            tier=a.tier,
            won_value=won[a.id],
            weighted_pipeline=weighted[a.id],
            open_pipeline=open_value[a.id],
            value=value[a.id],
            potential=potential[a.id],
            potential_recorded=a.potential,
            quadrant=quadrant(value[a.id], potential[a.id], v_line, p_line),
        )
        for a in accounts
    ]
    rows.sort(key=lambda s: (list(Quadrant).index(s.quadrant), -s.value, s.organization_id))
    return SegmentReport(
        as_of=as_of, value_threshold=v_line, potential_threshold=p_line, accounts=rows
    )


def _line(configured: float | None, values: Iterable[float]) -> float:
    values = list(values)
    if configured is not None:
        return configured
    return statistics.median(values) if values else 0.0


# -- depth ----------------------------------------------------------------------------------


class LevelCoverage(BaseModel):
    """People at one level of the account and how many we reach with a real relationship."""

    people: int = Field(description="Number of people at this level.")
    covered_by_senior_staff: int = Field(
        description="Coverage from senior staff alone reaches strong_tie."
    )
    covered_by_anyone: int = Field(description="Coverage from all active staff reaches strong_tie.")
    uncovered: list[str] = Field(description="Names of those nobody covers, most senior first.")


class AccountDepth(BaseModel):
    """A key account's coverage by level: senior and working level, bus factor, flags."""

    organization_id: str = Field(description="Id of the organization.")
    name: str = Field(description="Account name.")
    tier: int | None = Field(
        description="The firm's account tier (1 = most important), when recorded."
    )
    quadrant: Quadrant | None = Field(
        description="Value × potential quadrant: invest, maintain, develop or reduce."
    )
    bus_factor: int = Field(
        description=("Fewest staff whose departure drops the covered share below the threshold.")
    )
    bus_factor_exact: bool = Field(
        description=("True when the bus factor was searched exhaustively; false: a greedy bound.")
    )
    senior: LevelCoverage = Field(description="Coverage of the senior level.")
    working: LevelCoverage = Field(description="Coverage of the working level.")
    flags: list[str] = Field(description="'only working-level ties', 'no senior-to-senior tie'.")


def is_key_account(segment: Segment) -> bool:
    """Tier 1-2, or in the invest or maintain quadrant."""
    return (segment.tier is not None and segment.tier <= 2) or segment.quadrant in (
        Quadrant.INVEST,
        Quadrant.MAINTAIN,
    )


def _has_word(text: str | None, words: tuple[str, ...]) -> bool:
    padded = f" {(text or '').lower().replace('-', ' ').replace(',', ' ')} "
    return any(f" {w} " in padded for w in words)


def reporting_depth(graph: nx.MultiDiGraph, person: str) -> int:
    """Managers above a person inside the extracted graph (0: the top); cycles stop the walk."""
    seen, node = {person}, person
    while True:
        bosses = [v for _, v, d in graph.out_edges(node, data=True) if d["type"] == "REPORTS_TO"]
        if not bosses or bosses[0] in seen:
            return len(seen) - 1
        node = bosses[0]
        seen.add(node)


def is_senior(graph: nx.MultiDiGraph, person: str, config: AnalysisConfig) -> bool:
    """Senior by title keywords or by reporting-line depth (docs/analysis.md)."""
    title = graph.nodes[person].get("title")
    return _has_word(title, config.senior_title_words) or (
        reporting_depth(graph, person) <= config.senior_depth
    )


def account_depth(
    org_graph: nx.MultiDiGraph,
    account: AccountCoverage,
    segment: Segment | None,
    as_of: date,
    config: AnalysisConfig,
) -> AccountDepth:
    """The coverage matrix of one account by level, with its bus factor and flags."""
    org_id = account.organization_id
    people = [
        p
        for p, d in org_graph.nodes(data=True)
        if d["label"] == "Person"
        and d.get("organization_id") == org_id
        and (d.get("left_on") is None or d["left_on"] > as_of)  # still works there
    ]
    person_ties = ties(org_graph, as_of, config)
    senior_staff = {
        s
        for s, d in org_graph.nodes(data=True)
        if d["label"] == "Staff" and _has_word(d.get("role"), config.senior_staff_words)
    }

    def level(members: list[str]) -> LevelCoverage:
        by_senior = by_anyone = 0
        uncovered = []
        for p in members:
            held = person_ties.get(p, {})
            anyone = coverage(t.strength for t in held.values())
            senior = coverage(t.strength for s, t in held.items() if s in senior_staff)
            by_anyone += anyone >= config.strong_tie
            by_senior += senior >= config.strong_tie
            if anyone < config.strong_tie:
                uncovered.append(org_graph.nodes[p]["name"])
        return LevelCoverage(
            people=len(members),
            covered_by_senior_staff=by_senior,
            covered_by_anyone=by_anyone,
            uncovered=uncovered,
        )

    ranked = sorted(people, key=lambda p: (reporting_depth(org_graph, p), p))
    senior = level([p for p in ranked if is_senior(org_graph, p, config)])
    working = level([p for p in ranked if not is_senior(org_graph, p, config)])
    flags = []
    if working.covered_by_anyone and not senior.covered_by_anyone:
        flags.append("only working-level ties")
    if senior.people and not senior.covered_by_senior_staff:
        flags.append("no senior-to-senior tie")
    return AccountDepth(
        organization_id=org_id,
        name=account.name,
        tier=segment.tier if segment else None,
        quadrant=segment.quadrant if segment else None,
        bus_factor=account.bus_factor,
        bus_factor_exact=account.bus_factor_exact,
        senior=senior,
        working=working,
        flags=flags,
    )
