"""Tie strength with decay, and coverage.

An explicit ``KNOWS.strength`` e holds as of its ``last_contact`` and halves every half-life
after it. Logged interactions add on top:

    strength = 1 - (1 - e_decayed) * exp(-sum_k w_kind(k) * 2**(-age_k / half_life))

Nothing dated after ``as_of`` counts, and a tie whose strength comes to 0 (an explicit 0, or
only contacts after ``as_of``) is no tie at all: it is not listed and covers nobody. Coverage
of a person is the noisy-OR of the strengths of the ties active staff hold to them:
``1 - prod(1 - strength)``.

>>> from datetime import date
>>> round(decayed(0.8, date(2024, 1, 1), date(2024, 6, 29), 180), 6)
0.4
>>> coverage([0.5, 0.5])
0.75
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from graphmap.config import AnalysisConfig
from graphmap.model import InteractionKind, StaffStatus


def decayed(strength: float, last_contact: date | None, as_of: date, half_life: float) -> float:
    """The explicit strength as of ``as_of``; undated judgements do not decay."""
    if last_contact is None:
        return strength
    age = (as_of - last_contact).days
    return float(strength * 0.5 ** (max(age, 0) / half_life))


def interaction_mass(
    interactions: Iterable[tuple[date, InteractionKind]], as_of: date, config: AnalysisConfig
) -> float:
    """Sum of kind weight times 2^(-age/half_life) over interactions on or before ``as_of``."""
    total = 0.0
    for on, kind in interactions:
        age = (as_of - on).days
        if age >= 0:
            total += config.interaction_weights.get(kind, 0.0) * 2.0 ** (
                -age / config.half_life_days
            )
    return total


@dataclass(frozen=True)
class Tie:
    """One staff member's relationship with one person, as of a date."""

    staff_id: str
    person_id: str
    strength: float
    last_contact: date | None


def tie_strength(
    explicit: float | None,
    last_contact: date | None,
    interactions: list[tuple[date, InteractionKind]],
    as_of: date,
    config: AnalysisConfig,
) -> float:
    """One tie's strength as of ``as_of``: the judged strength decayed, or the logged contacts."""
    base = 0.0
    if explicit is not None and (last_contact is None or last_contact <= as_of):
        base = decayed(explicit, last_contact, as_of, config.half_life_days)
    mass = interaction_mass(interactions, as_of, config)
    return 1.0 - (1.0 - base) * math.exp(-mass)


def is_active(staff: Mapping[str, Any], as_of: date) -> bool:
    """Active as of a date: status active, or leaving on a later date (or an unknown one)."""
    status = staff.get("status")
    if status == StaffStatus.ACTIVE:
        return True
    if status == StaffStatus.LEAVING:
        leaves_on = staff.get("leaves_on")
        return leaves_on is None or leaves_on > as_of
    return False


def ties(
    graph: nx.MultiDiGraph, as_of: date, config: AnalysisConfig, *, active_only: bool = True
) -> dict[str, dict[str, Tie]]:
    """person id -> staff id -> Tie, over the KNOWS and INTERACTED edges of active staff (of
    every staff member with ``active_only=False``); ties of strength 0 as of ``as_of`` are
    left out."""
    explicit: dict[tuple[str, str], tuple[float | None, date | None]] = {}
    logged: dict[tuple[str, str], list[tuple[date, InteractionKind]]] = {}
    for u, v, data in graph.edges(data=True):
        if data["type"] == "KNOWS":
            explicit[(u, v)] = (data.get("strength"), data.get("last_contact"))
        elif data["type"] == "INTERACTED":
            logged.setdefault((u, v), []).append((data["on"], data["kind"]))
    out: dict[str, dict[str, Tie]] = {}
    for staff_id, person_id in explicit.keys() | logged.keys():
        if active_only and not is_active(graph.nodes[staff_id], as_of):
            continue
        strength, last = explicit.get((staff_id, person_id), (None, None))
        contacts = logged.get((staff_id, person_id), [])
        value = tie_strength(strength, last, contacts, as_of, config)
        if value <= 0:
            continue
        dates = [d for d in [last, *(on for on, _ in contacts)] if d is not None and d <= as_of]
        out.setdefault(person_id, {})[staff_id] = Tie(
            staff_id, person_id, value, max(dates, default=None)
        )
    return out


def coverage(strengths: Iterable[float]) -> float:
    """Noisy-OR: the chance at least one of the ties carries a message."""
    missing = 1.0
    for s in strengths:
        missing *= 1.0 - s
    return 1.0 - missing


def held_by(
    graph: nx.MultiDiGraph, staff_id: str, as_of: date, config: AnalysisConfig
) -> list[Tie]:
    """Every tie ``staff_id`` holds as of ``as_of``, by person id."""
    return [
        tie
        for person, by_staff in sorted(ties(graph, as_of, config).items())
        for holder, tie in by_staff.items()
        if holder == staff_id
    ]
