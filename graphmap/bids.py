"""Every open bid analysed for the portfolio, kept across writes: after a write only the bids
it reached are analysed again.

The pipeline and the alerts read every open bid's decision network and influence report: on a
firm of a million relationships that is thousands of bids and about a minute, while a week's
writes each touch a few people. So each open bid's outcome (its pipeline row and its alerts) is
kept with the ids of every node it was read from: its decision network, its client, its bid
lead, and the organizations its people moved to. A write logs the node ids it touched
(``GraphStore.changed_since``); a bid none of whose nodes was touched has the same network, so
the same outcome, and is kept. The others, and bids that opened since, are analysed again, a
chunk of bids at a time so that memory stays bounded. When the store cannot say what changed (a
bulk import, a wipe, another process's large write) every bid is analysed again.

Outcomes are kept per process, per store, as-of date, analysis settings and alert window; a
few such books are kept, least recently used dropped.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from graphmap.analysis.alerts import (
    Alert,
    CoolingTie,
    cooling_ties,
    left_account,
    no_one_mapped,
    single_thread,
)
from graphmap.analysis.influence import bid_influence
from graphmap.analysis.portfolio import BidState, PipelineRow, pipeline_row
from graphmap.config import AnalysisConfig
from graphmap.errors import InvalidInput
from graphmap.model import OPEN_STAGES, AssignmentRole, Project
from graphmap.store.base import GraphStore, every
from graphmap.store.subgraph import decision_networks

CHUNK = 200  # bids extracted and analysed together (a network is ~0.5 MB at 1M relationships)
BOOKS_KEPT = 4  # as-of dates × settings × windows kept per process


def projects(store: GraphStore, stages: Iterable[str] | None, client: str | None) -> list[Project]:
    """Projects in these stages (None: all) and of this client, ordered by id."""
    base = {"client_id": client} if client else {}
    wanted: list[str | None] = [*sorted(stages)] if stages is not None else [None]
    found = [p for s in wanted for p in every(store, Project, base | ({"stage": s} if s else {}))]
    return sorted(found, key=lambda p: p.id)


def analysed_bids(
    store: GraphStore, chosen: list[Project], as_of: date, config: AnalysisConfig
) -> list[BidState]:
    """The bids, each with its lead and client; open ones with their analysed network."""
    ids = [p.id for p in chosen]
    leads = {  # a bid with several bid leads shows the first by id
        e.dst: e.src
        for e in sorted(store.edges(ids, ["ASSIGNED_TO"], "in"), key=lambda e: e.src, reverse=True)
        if e.props.get("role") == AssignmentRole.BID_LEAD
    }
    names = {
        f["id"]: f["name"]
        for _, f in store.nodes({*leads.values(), *(p.client_id for p in chosen)})
    }
    quick = config.with_overrides(explain_paths=0)  # rows never show explanations: skip them
    graphs = decision_networks(
        store, [p.id for p in chosen if p.stage in OPEN_STAGES], config.max_hops
    )
    out = []
    for p in chosen:
        lead = leads.get(p.id)
        bid = BidState(p, names.get(p.client_id, p.client_id), lead, names.get(lead))
        if bid.open:
            bid.graph = graphs[p.id]
            if bid.seats:
                try:
                    bid.report = bid_influence(bid.graph, p.id, as_of, quick)
                except InvalidInput as exc:
                    bid.problem = exc.message
        out.append(bid)
    return out


@dataclass(frozen=True)
class BidOutcome:
    """What the portfolio says of one open bid, and every node id it was read from."""

    members: frozenset[str]
    row: PipelineRow
    cooling: tuple[CoolingTie, ...]  # merged across bids: one alert per tie (``going_cold``)
    alerts: tuple[Alert, ...]  # left the account, no one mapped, single thread


def outcomes_of(
    store: GraphStore, chosen: list[Project], as_of: date, config: AnalysisConfig, within: int
) -> dict[str, BidOutcome]:
    """Each open bid's outcome, analysed now."""
    bids = analysed_bids(store, chosen, as_of, config)
    moved = {
        b.project.id: {n["moved_to"] for _, n in b.graph.nodes(data=True) if n.get("moved_to")}
        for b in bids
        if b.graph is not None
    }
    names = {f["id"]: f["name"] for _, f in store.nodes(set().union(*moved.values()))}
    out = {}
    for b in bids:
        assert b.graph is not None  # open bids only
        read = {*b.graph.nodes, b.project.client_id, *moved[b.project.id]}
        out[b.project.id] = BidOutcome(
            members=frozenset(read | ({b.lead_id} if b.lead_id else set())),
            row=pipeline_row(b, as_of, config),
            cooling=tuple(cooling_ties(b, as_of, within, config)),
            alerts=(
                *left_account([b], names, as_of, within, config),
                *no_one_mapped([b]),
                *single_thread([b], config),
            ),
        )
    return out


def _chunks(items: list[Project], size: int) -> Iterator[list[Project]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class _Book:
    """The open bids' outcomes as of one data version (None: nothing kept yet)."""

    version: str | None = None
    outcomes: dict[str, BidOutcome] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


class BidBooks:
    """Open bids' outcomes per (store, as-of, settings, window), brought up to date on each
    call by analysing only what changed."""

    def __init__(self, size: int = BOOKS_KEPT):
        self.size = size
        self.analysed = 0  # bids analysed since the process started (benchmarks read it)
        self._books: OrderedDict[Hashable, _Book] = OrderedDict()
        self._lock = threading.Lock()

    def open_bids(
        self, store: GraphStore, as_of: date, config: AnalysisConfig, within: int
    ) -> dict[str, BidOutcome]:
        """Every open bid's outcome on the store's data now, by bid id (in id order)."""
        book = self._book((store.url, as_of, config.model_dump_json(), within))
        with book.lock:  # one caller brings a book up to date; the others wait for it
            version = store.data_version()
            if book.version != version:
                self._bring_up_to_date(book, store, as_of, config, within)
                book.version = version  # read before the work: a write during it shows next time
            return dict(book.outcomes)

    def _bring_up_to_date(
        self, book: _Book, store: GraphStore, as_of: date, config: AnalysisConfig, within: int
    ) -> None:
        changed = store.changed_since(book.version) if book.version else None
        open_now = projects(store, OPEN_STAGES, None)
        still = {p.id for p in open_now}
        book.outcomes = {
            bid: o
            for bid, o in book.outcomes.items()
            if bid in still and changed is not None and not (o.members & changed)
        }
        todo = [p for p in open_now if p.id not in book.outcomes]
        for chunk in _chunks(todo, CHUNK):
            book.outcomes.update(outcomes_of(store, chunk, as_of, config, within))
            self.analysed += len(chunk)
        book.outcomes = dict(sorted(book.outcomes.items()))

    def _book(self, key: Hashable) -> _Book:
        with self._lock:
            book = self._books.pop(key, None) or _Book()
            self._books[key] = book
            while len(self._books) > self.size:
                self._books.popitem(last=False)
            return book

    def clear(self) -> None:
        with self._lock:
            self._books.clear()


BIDS = BidBooks()
