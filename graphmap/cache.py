"""Whole-portfolio answers, kept until the store's data changes.

Pipeline, alerts, segments, key-account depth and the accounts list each read every open bid,
so they take seconds on a large firm while the data they read changes a few times a day. Each
answer is kept under the store's ``data_version`` (bumped in the same transaction as every
write, from this process or any other), the question and all its arguments: a write makes every
kept answer unreachable, so a cached answer is never staler than the store. The few most recent
answers are kept per process; each caller gets its own copy.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from graphmap.store.base import GraphStore

T = TypeVar("T")
KEPT = 32  # answers kept per process (a firm's few questions × as-of dates × filters)


class ResultCache:
    """Answers by (store, data version, question, arguments), least recently used dropped."""

    def __init__(self, size: int = KEPT):
        self.size = size
        self._kept: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def answer(
        self, store: GraphStore, question: str, args: tuple[Hashable, ...], work: Callable[[], T]
    ) -> T:
        """The kept answer to ``question`` with ``args`` on the store's current data, or
        ``work()`` run and kept."""
        key = (store.url, store.data_version(), question, args)
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return copy.deepcopy(self._kept[key])  # type: ignore[return-value]
        found = work()
        with self._lock:
            self._kept[key] = found
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return copy.deepcopy(found)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


RESULTS = ResultCache()
