"""Tie strength and coverage against values worked out by hand."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from graphmap.analysis.strength import coverage, is_active, tie_strength, ties
from graphmap.config import AnalysisConfig
from graphmap.model import InteractionKind as K
from graphmap.model import StaffStatus
from graphmap.store.graph import graph_from_bundle
from tests.fixtures import small_bundle

CFG = AnalysisConfig()  # half-life 180 days; meeting 1.0, call 0.5, email 0.2
AS_OF = date(2025, 6, 1)


def test_explicit_strength_without_date_does_not_decay():
    assert tie_strength(0.6, None, [], AS_OF, CFG) == pytest.approx(0.6, abs=1e-12)


def test_explicit_strength_halves_after_one_half_life():
    # 0.8 judged 180 days before as_of: 0.8 * 2^-1 = 0.4
    assert tie_strength(0.8, AS_OF - timedelta(days=180), [], AS_OF, CFG) == pytest.approx(0.4)
    # two half-lives: 0.8 / 4 = 0.2
    assert tie_strength(0.8, AS_OF - timedelta(days=360), [], AS_OF, CFG) == pytest.approx(0.2)


def test_interactions_only():
    # a meeting today: mass 1 -> 1 - e^-1 = 0.6321205588
    assert tie_strength(None, None, [(AS_OF, K.MEETING)], AS_OF, CFG) == pytest.approx(
        0.6321205588, abs=1e-9
    )
    # plus a call one half-life ago: mass 1 + 0.5 * 0.5 = 1.25 -> 1 - e^-1.25 = 0.7134952031
    contacts = [(AS_OF, K.MEETING), (AS_OF - timedelta(days=180), K.CALL)]
    assert tie_strength(None, None, contacts, AS_OF, CFG) == pytest.approx(0.7134952031, abs=1e-9)


def test_explicit_and_interactions_combine():
    # e = 0.5 undated, an email today (0.2): 1 - 0.5 * e^-0.2 = 0.5906346235
    got = tie_strength(0.5, None, [(AS_OF, K.EMAIL)], AS_OF, CFG)
    assert got == pytest.approx(0.5906346235, abs=1e-9)


def test_nothing_after_as_of_counts():
    later = AS_OF + timedelta(days=1)
    assert tie_strength(0.9, later, [(later, K.MEETING)], AS_OF, CFG) == 0.0


def test_coverage_is_noisy_or():
    assert coverage([0.4, 0.5]) == pytest.approx(0.7)  # 1 - 0.6 * 0.5
    assert coverage([]) == 0.0
    assert coverage([1.0, 0.3]) == 1.0


def test_active_staff_rule():
    assert is_active({"status": StaffStatus.ACTIVE}, AS_OF)
    assert is_active({"status": StaffStatus.LEAVING, "leaves_on": AS_OF + timedelta(1)}, AS_OF)
    assert not is_active({"status": StaffStatus.LEAVING, "leaves_on": AS_OF}, AS_OF)
    assert not is_active({"status": StaffStatus.LEFT, "leaves_on": None}, AS_OF)


def test_ties_over_a_graph_skip_staff_who_left_and_merge_interactions():
    graph = graph_from_bundle(small_bundle())
    found = ties(graph, date(2024, 5, 1), CFG)
    # s1 -> a: 0.8 judged on as_of itself, no decay
    assert found["a"]["s1"].strength == pytest.approx(0.8)
    # s1 -> c: a meeting and an email 30 days before as_of:
    # mass = (1.0 + 0.2) * 2^(-30/180); strength = 1 - e^-mass
    mass = 1.2 * 2 ** (-30 / 180)
    assert found["c"]["s1"].strength == pytest.approx(1 - math.exp(-mass))
    assert found["c"]["s1"].last_contact == date(2024, 4, 1)
    assert "s4" not in {s for person in found.values() for s in person}
