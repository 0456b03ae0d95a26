"""Whole-portfolio answers and handover checks are kept until the store's data changes, and
never after."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from graphmap import portfolio_service, service
from graphmap.analysis.handover import Mode
from graphmap.cache import ResultCache
from graphmap.config import AnalysisConfig
from graphmap.portfolio_service import accounts_by_risk, alerts, pipeline
from graphmap.service import kept_handover_report
from graphmap.store.sqlite import SQLiteStore
from tests.conftest import DEMO_TODAY

CFG = AnalysisConfig()


@pytest.fixture
def counted(monkeypatch):
    """How many times the open bids were extracted and analysed."""
    calls = {"bids": 0}
    real = portfolio_service.bid_states

    def counting(*args, **kwargs):
        calls["bids"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(portfolio_service, "bid_states", counting)
    monkeypatch.setattr(portfolio_service, "RESULTS", ResultCache())
    return calls


def test_an_answer_is_kept_until_a_write(store, demo, counted):
    store.import_bundle(demo)
    first = pipeline(store, DEMO_TODAY, CFG)
    assert pipeline(store, DEMO_TODAY, CFG) == first
    assert counted["bids"] == 1
    # other arguments are other questions
    pipeline(store, DEMO_TODAY, CFG, sort="value")
    alerts(store, DEMO_TODAY, CFG)
    assert counted["bids"] == 3
    bid = first[0]
    project = next(p for p in demo.projects if p.id == bid.project_id)
    store.import_bundle({"projects": [{"id": project.id, "value": 123456789.0}]})
    after = pipeline(store, DEMO_TODAY, CFG)
    assert counted["bids"] == 4
    assert next(r for r in after if r.project_id == bid.project_id).value == 123456789.0


def test_a_write_from_another_process_ends_the_kept_answer(tmp_path, demo, counted):
    path = tmp_path / "g.db"
    server, other = SQLiteStore(path), SQLiteStore(path)
    server.import_bundle(demo)
    accounts_by_risk(server, DEMO_TODAY, CFG)
    pipeline(server, DEMO_TODAY, CFG)
    other.delete_node("Project", demo.projects[0].id)
    rows = pipeline(server, DEMO_TODAY, CFG)
    assert counted["bids"] == 2
    assert demo.projects[0].id not in {r.project_id for r in rows}
    server.close()
    other.close()


def test_callers_get_their_own_copy(sqlite_store, demo, counted):
    sqlite_store.import_bundle(demo)
    first = pipeline(sqlite_store, DEMO_TODAY, CFG)
    first[0].value = -1.0
    first.clear()
    again = pipeline(sqlite_store, DEMO_TODAY, CFG)
    assert again and again[0].value != -1.0


def test_only_the_most_recent_answers_are_kept():
    cache = ResultCache(size=2)

    class Store:
        url, version = "x", "e:1"

        def data_version(self) -> str:
            return self.version

    store, runs = Store(), []
    for question in ("a", "b", "c", "a"):
        cache.answer(store, question, (), lambda q=question: runs.append(q))  # type: ignore[arg-type]
    assert runs == ["a", "b", "c", "a"]  # "a" was dropped when "c" came in


@pytest.fixture
def checks(monkeypatch):
    """How many handover checks were worked out (not answered from the kept ones)."""
    calls = {"handover": 0}
    real = service.handover_report

    def counting(*args, **kwargs):
        calls["handover"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "handover_report", counting)
    monkeypatch.setattr(service, "HANDOVERS", ResultCache())
    return calls


def test_a_handover_check_is_kept_until_a_write(sqlite_store, demo, checks):
    sqlite_store.import_bundle(demo)
    first = kept_handover_report(sqlite_store, ["stf-001"], Mode.LEAVE, DEMO_TODAY, CFG)
    assert first == service.handover_report(sqlite_store, ["stf-001"], Mode.LEAVE, DEMO_TODAY, CFG)
    assert kept_handover_report(sqlite_store, ["stf-001"], Mode.LEAVE, DEMO_TODAY, CFG) == first
    assert checks["handover"] == 2  # the direct call above, and the first kept one
    kept_handover_report(sqlite_store, ["stf-001"], Mode.MOVE, DEMO_TODAY, CFG)  # another check
    assert checks["handover"] == 3
    sqlite_store.import_bundle({"staff": [{"id": "stf-001", "name": "Renamed Since"}]})
    after = kept_handover_report(sqlite_store, ["stf-001"], Mode.LEAVE, DEMO_TODAY, CFG)
    assert checks["handover"] == 4
    assert after.staff_names == ["Renamed Since"]


def test_callers_asking_one_check_at_once_work_it_out_once(sqlite_store, demo, checks):
    sqlite_store.import_bundle(demo)
    with ThreadPoolExecutor(8) as pool:
        answers = list(
            pool.map(
                lambda _: kept_handover_report(
                    sqlite_store, ["stf-008"], Mode.LEAVE, DEMO_TODAY, CFG
                ),
                range(8),
            )
        )
    assert checks["handover"] == 1
    assert all(a == answers[0] for a in answers)
