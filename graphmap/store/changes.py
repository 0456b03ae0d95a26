"""The change log: which node ids each write touched, so a cache can keep what a write did
not reach.

Every write transaction bumps the store's data version and, in the same transaction, logs the
ids of the nodes it wrote or deleted and the two ends of every relationship it wrote or
deleted. A write that touches more than ``LOG_CAP`` nodes (a bulk import) or everything (a wipe)
is logged as "everything". The log keeps the last ``LOG_KEPT`` versions.

Why ids are enough: an analysis extracts a connected neighbourhood from its start (a bid's
seats, a person), and a relationship can only change that neighbourhood when one of its ends is
in it; so an answer whose extracted nodes miss every touched id is still the answer.

>>> sorted(since_rows([(4, "p1"), (5, "s2"), (5, "p1")], 3, 5))
['p1', 's2']
>>> since_rows([(5, "p1")], 3, 5) is None  # version 4's entry is missing: unknown
True
>>> since_rows([(4, None), (5, "p1")], 3, 5) is None  # version 4 changed everything
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

LOG_CAP = 10_000  # a write touching more nodes is logged as "everything"
LOG_KEPT = 1_000  # versions kept in the log; older questions get "unknown"

EVERYTHING: None = None  # how a log entry (and ``changed_since``) says "everything changed"


class Touched:
    """The node ids one write transaction touched, or everything once past ``LOG_CAP``."""

    def __init__(self) -> None:
        self.ids: set[str] | None = set()

    def add(self, ids: Iterable[str]) -> None:
        if self.ids is None:
            return
        self.ids.update(ids)
        if len(self.ids) > LOG_CAP:
            self.ids = EVERYTHING

    def everything(self) -> None:
        self.ids = EVERYTHING

    def entries(self) -> Sequence[str | None]:
        """The log rows for this write: its ids, or one "everything" row. A write that
        touched nothing still logs one row, so every version has an entry."""
        if self.ids is None:
            return [EVERYTHING]
        return [*sorted(self.ids)] or [""]


def split_version(version: str) -> tuple[str, int]:
    """A data version ``epoch:counter`` as its two parts."""
    epoch, _, counter = version.rpartition(":")
    return epoch, int(counter)


def since_rows(rows: Iterable[tuple[int, str | None]], since: int, now: int) -> set[str] | None:
    """The ids touched by the versions after ``since`` up to ``now``, from the log's rows for
    those versions; None (unknown: assume everything) when a version logged everything or has
    no entry (pruned, or written before the log existed)."""
    seen: set[int] = set()
    ids: set[str] = set()
    for version, node_id in rows:
        if node_id is EVERYTHING:
            return EVERYTHING
        seen.add(version)
        if node_id:
            ids.add(node_id)
    if seen != set(range(since + 1, now + 1)):
        return EVERYTHING
    return ids
