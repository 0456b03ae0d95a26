"""A server keeps today's worklist warm: the first request after a start or a write finds the
open bids and account coverages analysed already (counted, not timed)."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from fastapi.testclient import TestClient

import graphmap.bids
from graphmap import portfolio_service, service
from graphmap.analysis.handover import Mode
from graphmap.api.main import create_app
from graphmap.api.warm import WorklistKeeper
from graphmap.config import AnalysisConfig
from graphmap.kept import Books
from graphmap.model import OPEN_STAGES
from graphmap.settings import Settings

CFG = AnalysisConfig()


@pytest.fixture
def books(monkeypatch):
    books = Books()
    monkeypatch.setattr(graphmap.bids, "KEPT", books)
    monkeypatch.setattr(portfolio_service, "KEPT", books)
    return books


def until(condition, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "the keeper did not get there"
        time.sleep(0.02)


def test_the_keeper_analyses_before_anyone_asks_and_after_each_write(store, demo, books):
    store.import_bundle(demo)
    open_bids = sum(p.stage in OPEN_STAGES for p in demo.projects)
    accounts = sum(o.kind == "client" for o in demo.organizations)
    keeper = WorklistKeeper(store, CFG, 0.01)
    keeper.start()
    try:
        warm = 2 * open_bids + accounts  # each bid's outcome and handover facts, each account
        until(lambda: books.computed == warm)
        asked = len(portfolio_service.pipeline(store, date.today(), CFG))
        assert asked == open_bids and books.computed == warm  # nothing new
        leaver = sorted({k.staff_id for k in demo.knows})[0]
        service.handover_report(store, [leaver], Mode.LEAVE, date.today(), CFG)
        assert books.computed == warm  # the check's bids were kept by the keeper
        store.import_bundle({"projects": [{"id": demo.projects[0].id, "value": 1.0}]})
        before = books.computed
        until(lambda: books.computed > before)  # the bid and its account, analysed again
        rounds = keeper.rounds
        until(lambda: keeper.rounds > rounds + 1)
        settled = books.computed
        portfolio_service.pipeline(store, date.today(), CFG)
        portfolio_service.accounts_by_risk(store, date.today(), CFG)
        assert books.computed == settled
    finally:
        keeper.stop()


def test_a_server_starts_and_stops_its_keeper(tmp_path, demo, books):
    path = tmp_path / "g.db"
    settings = Settings(store=f"sqlite:///{path}", warm_seconds=0.01, auth_disabled=True)
    with TestClient(create_app(settings)) as client:
        assert client.post("/import", json=demo.model_dump(mode="json")).status_code == 200
        until(lambda: books.computed > 0)
        assert client.get("/pipeline").status_code == 200
    alive = [t for t in threading.enumerate() if t.name == "graphmap-warm"]
    assert alive == []
