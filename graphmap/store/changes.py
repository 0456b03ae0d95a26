"""The change log: which nodes each write touched, so a cache can keep what a write did not
reach.

Every write transaction bumps the store's data version and, in the same transaction, logs what
it touched: the nodes it wrote or deleted (``nodes``: their own fields changed, or they are
gone) and the ends of every relationship it wrote or deleted (``ends``: what is around them
changed). A write that touches more than ``LOG_CAP`` nodes (a bulk import) or everything (a
wipe) is logged as "everything". The log keeps the last ``LOG_KEPT`` versions.

Why that is enough: an answer reads the fields of some nodes (its members) and the
relationships around some of them (its anchors: every relationship it reads touches one). A
write that touches none of its members' fields and no relationship around its anchors leaves
what it read unchanged; and a neighbourhood extracted outward from a start only grows through a
relationship around a node it already holds.

>>> changes = since_rows([(4, "p1", False), (5, "s2", True), (5, "p1", True)], 3, 5)
>>> sorted(changes.nodes), sorted(changes.ends)
(['p1'], ['p1', 's2'])
>>> since_rows([(5, "p1", False)], 3, 5) is None  # version 4's entry is missing: unknown
True
>>> since_rows([(4, None, False), (5, "p1", False)], 3, 5) is None  # 4 changed everything
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

LOG_CAP = 10_000  # a write touching more nodes is logged as "everything"
LOG_KEPT = 1_000  # versions kept in the log; older questions get "unknown"

EVERYTHING: None = None  # how a log row (and ``changed_since``) says "everything changed"
Row = tuple[str | None, bool]  # (node id or EVERYTHING, is a relationship's end)


@dataclass(frozen=True)
class Changes:
    """What the writes after a version touched."""

    nodes: frozenset[str]  # written or deleted
    ends: frozenset[str]  # an end of a relationship written or deleted

    def reach(self, members: frozenset[str], anchors: frozenset[str]) -> bool:
        """Whether these changes reach an answer that read ``members``' fields and the
        relationships around ``anchors``."""
        return not (self.nodes.isdisjoint(members) and self.ends.isdisjoint(anchors))


class Touched:
    """What one write transaction touched, or everything once past ``LOG_CAP`` nodes."""

    def __init__(self) -> None:
        self.nodes: set[str] = set()
        self.ends: set[str] = set()
        self.all = False

    def add_nodes(self, ids: Iterable[str]) -> None:
        self._add(self.nodes, ids)

    def add_ends(self, ids: Iterable[str]) -> None:
        self._add(self.ends, ids)

    def _add(self, into: set[str], ids: Iterable[str]) -> None:
        if self.all:
            return
        into.update(ids)
        if len(self.nodes) + len(self.ends) > LOG_CAP:
            self.everything()

    def everything(self) -> None:
        self.all = True
        self.nodes, self.ends = set(), set()

    def rows(self) -> list[Row]:
        """The log rows for this write; one "everything" row, or one empty row when it
        touched nothing, so that every version has a row."""
        if self.all:
            return [(EVERYTHING, False)]
        found: list[Row] = [(i, False) for i in sorted(self.nodes)]
        found += [(i, True) for i in sorted(self.ends)]
        return found or [("", False)]


def split_version(version: str) -> tuple[str, int]:
    """A data version ``epoch:counter`` as its two parts."""
    epoch, _, counter = version.rpartition(":")
    return epoch, int(counter)


def since_rows(
    rows: Iterable[tuple[int, str | None, bool]], since: int, now: int
) -> Changes | None:
    """What the versions after ``since`` up to ``now`` touched, from the log's rows for those
    versions; None (unknown: assume everything) when a version logged everything or has no row
    (pruned, or written before the log existed)."""
    seen: set[int] = set()
    nodes: set[str] = set()
    ends: set[str] = set()
    for version, node_id, is_end in rows:
        if node_id is EVERYTHING:
            return EVERYTHING
        seen.add(version)
        if node_id:
            (ends if is_end else nodes).add(node_id)
    if seen != set(range(since + 1, now + 1)):
        return EVERYTHING
    return Changes(frozenset(nodes), frozenset(ends))
