"""Answers kept across writes piece by piece (graphmap.kept), on both stores: after any
sequence of writes the kept open-bid outcomes, account coverages and handover checks' bid facts
equal a fresh analysis, and a write re-analyses only the bids whose decision network it reached
(worked out here from the networks, not from the kept pieces)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest

import graphmap.bids
import graphmap.kept
from graphmap import portfolio_service
from graphmap.analysis.handover import HandoverReport, Mode
from graphmap.bids import handover_facts, open_bids
from graphmap.config import AnalysisConfig
from graphmap.errors import GraphmapError
from graphmap.kept import Books
from graphmap.model import OPEN_STAGES
from graphmap.service import handover_report
from graphmap.store.base import GraphStore
from graphmap.store.subgraph import decision_networks
from tests.conftest import DEMO_TODAY
from tests.test_extraction import AS_OF, random_firm

CFG = AnalysisConfig()
WITHIN = 30


@pytest.fixture
def analysed(monkeypatch):
    """The ids of the bids analysed, call by call."""
    calls: list[set[str]] = []
    real = graphmap.bids.outcomes_of

    def recording(store, chosen, *args, **kwargs):
        calls.append({p.id for p in chosen})
        return real(store, chosen, *args, **kwargs)

    monkeypatch.setattr(graphmap.bids, "outcomes_of", recording)
    return calls


def kept_by(books: Books, store: GraphStore, day: date) -> tuple[dict, dict]:
    """Open bids' outcomes and account coverages, kept in ``books``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(graphmap.bids, "KEPT", books)
        patch.setattr(portfolio_service, "KEPT", books)
        return (
            open_bids(store, day, CFG, WITHIN),
            portfolio_service.account_coverages(store, day, CFG),
        )


def random_write(store: GraphStore, rng: random.Random, n: int) -> None:
    """One write of the kinds a week brings, on the random firm's ids."""
    person = f"p{rng.randrange(24):02d}"
    other = f"p{rng.randrange(24):02d}"
    staff = f"s{rng.randrange(7)}"
    day = (AS_OF - timedelta(days=rng.randint(0, 400))).isoformat()
    writes: list[tuple[str, Any]] = [
        ("people", {"id": person, "stance": rng.choice(["supportive", "opposed", "unknown"])}),
        ("knows", {"staff_id": staff, "person_id": person, "strength": rng.choice([0.3, 0.9])}),
        ("influences", {"from_id": person, "to_id": other, "weight": rng.choice([0, 0.5])}),
        ("projects", {"id": f"P{rng.randrange(5)}", "stage": rng.choice(["tender", "won"])}),
        ("interactions", {"staff_id": staff, "person_id": person, "on": day, "kind": "call"}),
        ("staff", {"id": staff, "status": "leaving", "leaves_on": day}),
        ("organizations", {"id": f"o{rng.randrange(3)}", "name": f"Renamed {n}"}),
        ("people", {"id": person, "left_on": day, "moved_to": f"o{rng.randrange(3)}"}),
        ("people", {"id": f"new{n}", "name": f"New {n}", "reports_to": person}),
        ("decision_roles", {"person_id": person, "project_id": f"P{rng.randrange(5)}"}),
    ]
    deletes = [
        lambda: store.delete_edge("KNOWS", staff, person),
        lambda: store.delete_edge("INFLUENCES", person, other),
        lambda: store.delete_node("Person", person),
    ]
    try:
        if rng.random() < 0.25:
            rng.choice(deletes)()
        else:
            section, record = rng.choice(writes)
            store.import_bundle({section: [record]})
    except GraphmapError:
        pass  # a delete of what is gone, a reference to a deleted person: nothing written


@pytest.mark.parametrize("seed", range(4))
def test_kept_outcomes_equal_a_fresh_analysis_after_any_writes(store, seed):
    store.import_bundle(random_firm(seed))
    rng = random.Random(seed)
    kept = Books()
    kept_by(kept, store, AS_OF)
    for n in range(14):
        random_write(store, rng, n)
        assert kept_by(kept, store, AS_OF) == kept_by(Books(), store, AS_OF), f"after write {n}"


def handover_by(books: Books, store: GraphStore, leavers: list[str]) -> HandoverReport | str:
    """A handover check with the bids' facts kept in ``books`` (or why it was refused)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(graphmap.bids, "KEPT", books)
        try:
            return handover_report(store, leavers, Mode.LEAVE, AS_OF, CFG)
        except GraphmapError as exc:
            return exc.message


@pytest.mark.parametrize("seed", range(4))
def test_kept_bid_facts_give_a_fresh_handover_after_any_writes(store, seed):
    store.import_bundle(random_firm(seed))
    rng = random.Random(seed)
    kept, staff = Books(), [f"s{i}" for i in range(7)]
    fresh_pieces = kept_pieces = 0
    for n in range(12):
        for leaver in staff:  # every bid any check touches is kept before the write
            handover_by(kept, store, [leaver])
        random_write(store, rng, n)
        leavers = rng.sample(staff, rng.choice([1, 2]))
        kept_before, fresh = kept.computed, Books()
        assert handover_by(kept, store, leavers) == handover_by(fresh, store, leavers), n
        fresh_pieces += fresh.computed
        kept_pieces += kept.computed - kept_before
    assert kept_pieces < fresh_pieces  # the kept checks did reuse bids' facts


def test_a_handover_reads_only_the_bids_not_kept(sqlite_store, demo):
    sqlite_store.import_bundle(demo)
    books = Books()
    leaver = sorted({k.staff_id for k in demo.knows})[0]
    first = handover_by(books, sqlite_store, [leaver])
    assert isinstance(first, HandoverReport)
    touched = books.computed
    assert touched == len(sqlite_store.handover_reach([leaver], CFG.max_hops, 50).bids) > 0
    assert handover_by(books, sqlite_store, [leaver]) == first
    assert books.computed == touched  # every bid it touches was kept: none read again


def test_bid_facts_kept_past_the_limit_drop_the_oldest_first(sqlite_store, demo, monkeypatch):
    sqlite_store.import_bundle(demo)
    monkeypatch.setattr(graphmap.kept, "PIECES_KEPT", 2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(graphmap.bids, "KEPT", books := Books())
        a, b, c = sorted(p.id for p in demo.projects if p.stage in OPEN_STAGES)[:3]
        first = handover_facts(sqlite_store, [a, b], DEMO_TODAY, CFG)
        handover_facts(sqlite_store, [c], DEMO_TODAY, CFG)  # a, the oldest, makes room
        assert books.computed == 3
        assert handover_facts(sqlite_store, [c, b], DEMO_TODAY, CFG).keys() == {b, c}
        assert books.computed == 3  # both still kept
        assert handover_facts(sqlite_store, [a], DEMO_TODAY, CFG) == {a: first[a]}
        assert books.computed == 4  # read again, the same facts


def test_a_write_re_analyses_only_the_bids_it_reached(store, demo, analysed):
    """A bid is analysed again when a write changed the fields of a node in its network (or
    its client, bid lead, or an organization its people moved to), or a relationship around
    the bid or a person in it; a staff member's new tie with someone outside it is no news."""
    store.import_bundle(demo)
    books = Books()
    first = kept_by(books, store, DEMO_TODAY)[0]
    assert set().union(*analysed) == set(first)
    open_ids = [p.id for p in demo.projects if p.stage in OPEN_STAGES]
    networks = decision_networks(store, open_ids, CFG.max_hops)
    people = {
        bid: {n for n, d in g.nodes(data=True) if d["label"] == "Person"} | {bid}
        for bid, g in networks.items()
    }
    read = {bid: set(g) for bid, g in networks.items()}
    for bid, g in networks.items():
        read[bid] |= {p.moved_to for p in demo.people if p.moved_to and p.id in g}
    for project in demo.projects:
        if project.id in read:
            read[project.id].add(project.client_id)
    for a in demo.assignments:
        if a.project_id in read and a.role == "bid_lead":
            read[a.project_id].add(a.staff_id)

    def reached(fields: set[str], around: set[str]) -> set[str]:
        return {b for b in networks if fields & read[b] or around & people[b]}

    # a person's new title: their fields, and (rewritten) their organization and manager links
    person = next(
        p
        for p in demo.people
        if 0 < len(reached({p.id}, {p.id, p.organization_id, p.reports_to})) < len(networks)
    )
    analysed.clear()
    store.import_bundle({"people": [{"id": person.id, "title": "Chief Executive"}]})
    kept_by(books, store, DEMO_TODAY)
    expected = reached({person.id}, {person.id, person.organization_id, person.reports_to})
    assert set().union(*analysed) == expected

    # a meeting logged: around the staff member and the person, no fields
    tie = next(
        k
        for k in demo.knows
        if reached(set(), {k.person_id}) != reached({k.staff_id}, {k.staff_id, k.person_id})
    )
    analysed.clear()
    met = {"staff_id": tie.staff_id, "person_id": tie.person_id, "on": DEMO_TODAY.isoformat()}
    store.import_bundle({"interactions": [met | {"kind": "meeting"}]})
    kept_by(books, store, DEMO_TODAY)
    assert set().union(*analysed) == reached(set(), {tie.staff_id, tie.person_id})

    analysed.clear()  # nothing written since: nothing analysed
    kept_by(books, store, DEMO_TODAY)
    assert analysed == []


def test_a_bulk_write_re_analyses_everything(sqlite_store, demo, analysed, monkeypatch):
    sqlite_store.import_bundle(demo)
    books = Books()
    kept_by(books, sqlite_store, DEMO_TODAY)
    monkeypatch.setattr("graphmap.store.changes.LOG_CAP", 1)  # any write is too large to list
    analysed.clear()
    sqlite_store.import_bundle({"people": [{"id": demo.people[0].id, "title": "Director"}]})
    kept_by(books, sqlite_store, DEMO_TODAY)
    assert set().union(*analysed) == {p.id for p in demo.projects if p.stage in OPEN_STAGES}


def test_bids_are_analysed_a_chunk_at_a_time(sqlite_store, demo, analysed, monkeypatch):
    monkeypatch.setattr(graphmap.bids, "CHUNK", 3)
    sqlite_store.import_bundle(demo)
    kept_by(Books(), sqlite_store, DEMO_TODAY)
    open_bids = sum(p.stage in OPEN_STAGES for p in demo.projects)
    assert [len(c) for c in analysed] == [3] * (open_bids // 3) + (
        [open_bids % 3] if open_bids % 3 else []
    )
