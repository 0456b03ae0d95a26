"""The contract every store meets; the contract tests run it against both stores.

A store keeps records (``records.py``) and answers small, local reads; everything above it
(subgraph extraction, analyses) is written once against this protocol.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any, Protocol, TypeVar

from graphmap.config import AnalysisConfig
from graphmap.errors import InvalidInput
from graphmap.model import Bundle, Node
from graphmap.store.changes import Changes
from graphmap.store.records import Accounts, Around, Direction, EdgeRecord, Neighbourhood, Reach

Progress = Callable[[int, int], None]  # (records written, records in the import)

# Filters the list reads accept, per label: field name -> where it lives (property or reference).
LIST_FILTERS: dict[str, tuple[str, ...]] = {
    "Organization": ("kind", "category", "sector", "region"),
    "Person": ("organization_id", "stance"),
    "Staff": ("status", "team", "region"),
    "Project": ("client_id", "stage"),
}


MAX_HOPS = 12  # the deepest decision network a store extracts (AnalysisConfig.max_hops allows)


def check_hops(max_hops: int) -> int:
    """The hop bound a store may build a query from: an int in 0..MAX_HOPS, nothing else."""
    if type(max_hops) is not int or not 0 <= max_hops <= MAX_HOPS:
        raise InvalidInput(f"max_hops: {max_hops!r} must be a whole number from 0 to {MAX_HOPS}")
    return max_hops


N = TypeVar("N", bound=Node)


class GraphStore(Protocol):
    """Upserts by id, atomic imports, and local reads."""

    url: str
    kind: str  # "sqlite" or "neo4j": what a health check may tell a caller with a key

    def import_bundle(self, data: Bundle | Any, progress: Progress | None = None) -> dict[str, int]:
        """Check and write a whole bundle in one transaction (all or nothing); return counts.
        ``progress`` hears how many records are written as the import goes."""

    def export_bundle(self) -> Bundle: ...

    def stats(self) -> dict[str, int]:
        """Counts per node label and relationship type."""

    def labels_of(self, ids: set[str]) -> dict[str, str]:
        """The label of each id the store holds; ids it lacks are absent."""

    def nodes(self, ids: Iterable[str]) -> list[tuple[str, dict[str, Any]]]:
        """(label, field dict with id and reference fields) for each stored id."""

    def edges(
        self, ids: Iterable[str], types: Iterable[str], direction: Direction
    ) -> list[EdgeRecord]:
        """Relationships of the given types leaving, entering or touching the given nodes."""

    def names(self, labels: Iterable[str]) -> list[tuple[str, str, str, str | None]]:
        """(id, label, name, title or role) of every node of these labels: what search reads."""

    def get(self, label: str, node_id: str) -> Node:
        """One node as its model; NotFound (naming the closest known names) when absent."""

    def list(self, label: str, filters: dict[str, str], offset: int, limit: int) -> list[Node]:
        """Nodes of one label ordered by id, filtered on fields named in LIST_FILTERS."""

    def delete_node(self, label: str, node_id: str, cascade: bool = False) -> None:
        """Remove a node and its relationships; an organization with people or projects is
        refused (Conflict) unless ``cascade`` also removes them."""

    def delete_edge(self, rel_type: str, src: str, dst: str, qual: str = "") -> None: ...

    def decision_reach(self, project_ids: Sequence[str], max_hops: int) -> Reach:
        """Everything the decision networks of these bids are made of, in one consistent read
        (one or two round trips, whatever the number of bids); ids that are not bids are left
        out. ``subgraph.decision_networks`` assembles the graphs."""

    def handover_reach(
        self, staff_ids: Sequence[str], max_hops: int, teammate_limit: int
    ) -> Neighbourhood:
        """What a handover check reads around departing staff (``Neighbourhood``), in one
        consistent read (one round trip); downstream bids within ``max_hops`` (checked like
        ``decision_reach``'s), up to ``teammate_limit`` teammates per team by id; ids that are
        not staff are left out."""

    def person_reach(self, person_id: str, hops: int) -> Around:
        """A person's surroundings within ``hops`` (checked like ``decision_reach``'s) in one
        consistent read (one round trip): ``Around``. An id that is not a person reaches
        nothing."""

    def ego_reach(self, node_id: str, hops: int) -> Around:
        """Every node within ``hops`` relationships (checked like ``decision_reach``'s) of any
        type either way, those relationships and the ones between the outermost ring and
        anyone reached, in one consistent read (one round trip). An unknown id reaches
        nothing."""

    def organization_reach(self, org_ids: Sequence[str]) -> Accounts:
        """The accounts' own networks (``Accounts``) in one consistent read (one round trip,
        whatever the number of accounts)."""

    def sole_strong_ties(
        self, staff_ids: Sequence[str], removed: Sequence[str], as_of: date, config: AnalysisConfig
    ) -> dict[str, int]:
        """staff -> how many people they would be the only strong tie to (``strong_tie`` or
        more, as of ``as_of``, over active staff) once ``removed`` are gone: the load of
        each candidate successor, counted in the store without reading their portfolios.
        Staff with no such person are absent."""

    def data_version(self) -> str:
        """Changes with every committed write, from this process or any other: what a cache
        of whole-portfolio answers is keyed by."""

    def changed_since(self, version: str) -> Changes | None:
        """What every write after ``version`` (a ``data_version`` answer) touched: the
        nodes written or deleted (a node written: its fields, reference fields included) and
        the ends of the relationships written or deleted. None when that is unknown or
        everything (a bulk import, a wipe, another epoch, a version older than the change log
        keeps): the caller starts over."""

    def ping(self) -> None:
        """Raise StoreUnavailable when the store cannot answer."""

    # -- housekeeping (``graphmap neo4j init|wipe``, tests, benchmarks) ------------------------

    def ensure_schema(self) -> None:
        """Create the tables or the constraints and indexes if missing (idempotent)."""

    def wipe_everything(self) -> None:
        """Delete every node and relationship."""

    def checkpoint(self) -> None:
        """Make what is committed durable in the store's main files (before a copy or a size
        measurement); a no-op where the database does it on its own."""

    def close(self) -> None: ...


def list_of(
    store: GraphStore, model: type[N], filters: dict[str, str], offset: int, limit: int
) -> list[N]:
    """``store.list`` for one model, typed as that model."""
    return [n for n in store.list(model.__name__, filters, offset, limit) if isinstance(n, model)]


LIST_PAGE = 1000


def every(store: GraphStore, model: type[N], filters: dict[str, str]) -> Iterator[N]:
    """Every node of the model's label matching the filters, read a page at a time (by id)."""
    offset = 0
    while True:
        page = list_of(store, model, filters, offset, LIST_PAGE)
        yield from page
        if len(page) < LIST_PAGE:
            return
        offset += LIST_PAGE
