"""Whole-portfolio answers and handover checks are kept until the store's data changes, and
never after: the accounts ranking as a whole (graphmap.cache), pipeline and alerts bid by bid
(graphmap.bids), handover checks whole (graphmap.service)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from pydantic import ValidationError

import graphmap.bids
from graphmap import portfolio_service, service
from graphmap.analysis.handover import Mode
from graphmap.cache import ResultCache
from graphmap.config import AnalysisConfig
from graphmap.kept import Books
from graphmap.portfolio_service import accounts_by_risk, alerts, pipeline
from graphmap.service import kept_handover_report
from graphmap.store.sqlite import SQLiteStore
from tests.conftest import DEMO_TODAY

CFG = AnalysisConfig()


@pytest.fixture
def counted(monkeypatch):
    """How many times open bids were extracted and analysed (fresh caches)."""
    calls = {"bids": 0}
    real = graphmap.bids.outcomes_of

    def counting(*args, **kwargs):
        calls["bids"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(graphmap.bids, "outcomes_of", counting)
    monkeypatch.setattr(portfolio_service, "RESULTS", ResultCache())
    books = Books()
    monkeypatch.setattr(graphmap.bids, "KEPT", books)
    monkeypatch.setattr(portfolio_service, "KEPT", books)
    return calls


def test_an_answer_is_kept_until_a_write(store, demo, counted):
    store.import_bundle(demo)
    first = pipeline(store, DEMO_TODAY, CFG)
    assert pipeline(store, DEMO_TODAY, CFG) == first
    assert counted["bids"] == 1
    # the order, the filters and the alerts over the same window read the same outcomes
    pipeline(store, DEMO_TODAY, CFG, sort="value")
    alerts(store, DEMO_TODAY, CFG)
    assert counted["bids"] == 1
    alerts(store, DEMO_TODAY, CFG, within=60)  # another window is another question
    assert counted["bids"] == 2
    bid = first[0]
    project = next(p for p in demo.projects if p.id == bid.project_id)
    store.import_bundle({"projects": [{"id": project.id, "value": 123456789.0}]})
    after = pipeline(store, DEMO_TODAY, CFG)
    assert counted["bids"] == 3
    assert next(r for r in after if r.project_id == bid.project_id).value == 123456789.0


def test_a_write_from_another_process_ends_the_kept_answer(tmp_path, demo, counted):
    path = tmp_path / "g.db"
    server, other = SQLiteStore(path), SQLiteStore(path)
    server.import_bundle(demo)
    accounts_by_risk(server, DEMO_TODAY, CFG)
    pipeline(server, DEMO_TODAY, CFG)
    other.delete_node("Project", demo.projects[0].id)
    rows = pipeline(server, DEMO_TODAY, CFG)
    assert demo.projects[0].id not in {r.project_id for r in rows}
    assert counted["bids"] == 1  # the deleted bid dropped out; no other bid's network held it
    server.close()
    other.close()


def test_kept_rows_cannot_be_changed_by_a_caller(sqlite_store, demo, counted):
    sqlite_store.import_bundle(demo)
    first = pipeline(sqlite_store, DEMO_TODAY, CFG)
    with pytest.raises(ValidationError):
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
