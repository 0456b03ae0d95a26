"""Answers kept across writes piece by piece: after a write, only the pieces it reached are
computed again.

A whole-portfolio question (the pipeline, the accounts ranking) is answered piece by piece (a
bid, an account), and each piece reads a neighbourhood of the graph extracted outward from its
start. Each piece is kept with what it read: the fields of its members, the relationships
around its anchors. A write logs what it touched (``GraphStore.changed_since``): nodes whose
fields it wrote, ends of relationships it wrote. A piece none of whose members' fields and none
of whose anchors' relationships were touched read the same neighbourhood, so it is the same
answer, and is kept. The others, and pieces that appeared since, are computed again, ``chunk``
at a time so that memory stays bounded. The list of starts (open bids, client accounts) is read
again only when a write touched a node of their label. When the store cannot say what changed
(a bulk import, a wipe, another epoch) every piece is computed again.

A question asked about a few pieces at a time (a handover check reads the bids its leavers'
contacts can move) keeps the pieces it was asked for, and computes only those it lacks.

Books are kept per process, per store and question (its arguments included); the few most
recently asked are kept, least recently used dropped.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from graphmap.store.base import GraphStore
from graphmap.store.changes import Changes

T = TypeVar("T")
V = TypeVar("V")
BOOKS_KEPT = 8  # questions (as-of dates × settings × windows) kept per process
PIECES_KEPT = 20_000  # pieces per book asked for by id (``chosen``): every open bid at 1M


@dataclass(frozen=True)
class Piece(Generic[V]):
    """One piece of an answer, and what it was read from: the fields of ``members``, the
    relationships around ``anchors`` (each of them also a member)."""

    members: frozenset[str]
    anchors: frozenset[str]
    value: V


@dataclass
class _Book:
    """A question's pieces as of one data version (None: nothing kept yet)."""

    version: str | None = None
    starts: dict[str, Any] = field(default_factory=dict)
    pieces: dict[str, Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Books:
    """Kept pieces per (store, question), brought up to date on each call."""

    def __init__(self, size: int = BOOKS_KEPT):
        self.size = size
        self.computed = 0  # pieces computed since the process started (benchmarks read it)
        self._books: OrderedDict[Hashable, _Book] = OrderedDict()
        self._lock = threading.Lock()

    def pieces(
        self,
        store: GraphStore,
        question: Hashable,
        starts: Callable[[], Mapping[str, T]],
        label: str,
        compute: Callable[[list[T]], Mapping[str, Piece[V]]],
        chunk: int,
    ) -> dict[str, V]:
        """Every piece's value on the store's data now, by id in id order. ``starts`` lists
        what the pieces start from, by id: nodes of ``label``; ``compute`` answers a list of
        them."""
        book = self._book((store.url, question))
        with book.lock:  # one caller brings a book up to date; the others wait for it
            version = store.data_version()
            if book.version != version:
                changed = store.changed_since(book.version) if book.version else None
                if changed is None or _touches_starts(store, changed, label, book.starts):
                    book.starts = dict(starts())
                kept = {
                    i: p
                    for i, p in book.pieces.items()
                    if i in book.starts
                    and changed is not None
                    and not changed.reach(p.members, p.anchors)
                }
                todo = [start for i, start in book.starts.items() if i not in kept]
                for begin in range(0, len(todo), chunk):
                    kept.update(compute(todo[begin : begin + chunk]))
                    self.computed += len(todo[begin : begin + chunk])
                book.pieces = dict(sorted(kept.items()))
                book.version = version  # read before the work: a write during it shows next time
            return {i: p.value for i, p in book.pieces.items()}

    def chosen(
        self,
        store: GraphStore,
        question: Hashable,
        ids: list[str],
        compute: Callable[[list[str]], Mapping[str, Piece[V]]],
        chunk: int,
    ) -> dict[str, V]:
        """The pieces of ``ids`` only, on the store's data now: kept ones no write has reached
        since are reused, the others computed (``compute`` may leave an id out: it has no
        piece). Pieces are added as callers ask for them, up to ``PIECES_KEPT`` per book."""
        book = self._book((store.url, question))
        with book.lock:
            version = store.data_version()
            if book.version != version:
                changed = store.changed_since(book.version) if book.version else None
                book.pieces = {
                    i: p
                    for i, p in book.pieces.items()
                    if changed is not None and not changed.reach(p.members, p.anchors)
                }
                book.version = version  # read before the work: a write during it shows next time
            todo = [i for i in dict.fromkeys(ids) if i not in book.pieces]
            found: dict[str, Piece[V]] = {}
            for begin in range(0, len(todo), chunk):
                found.update(compute(todo[begin : begin + chunk]))
                self.computed += len(todo[begin : begin + chunk])
            out = {i: p.value for i in ids if (p := found.get(i) or book.pieces.get(i))}
            if len(book.pieces) + len(found) > PIECES_KEPT:  # the oldest go first
                for old in list(book.pieces)[: len(book.pieces) + len(found) - PIECES_KEPT]:
                    del book.pieces[old]
            book.pieces.update(found)
            return out

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


def _touches_starts(
    store: GraphStore, changed: Changes, label: str, starts: Mapping[str, object]
) -> bool:
    """Whether the writes may have added, removed or changed a start: a node of ``label``
    written, or one of the starts deleted."""
    written = store.labels_of(set(changed.nodes))
    return label in written.values() or any(i in starts for i in changed.nodes)


KEPT = Books()
