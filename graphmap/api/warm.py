"""Keeps the weekly worklist warm in each serving process.

The pipeline, the alerts, the dashboard and the accounts ranking are kept piece by piece across
writes (``graphmap.kept``), but a piece is computed when someone asks: the first call after the
server starts, or after a bulk import, would wait for every open bid to be analysed (about a
minute on a firm of a million relationships). A background thread asks instead, for today with
the server's settings, right away and then every ``warm_seconds``: between writes each round
costs one read of the data version; after a write it analyses what the write reached. A request
arriving while a round runs waits for that round rather than starting its own.

Each round also keeps what a handover check needs of every open bid (``handover_facts``), so
that a check asked for today reads only its leavers' neighbourhood: about 45 KB per bid (190
MB for the 4,132 open bids of a million relationships), and about 50 s of the first round
there.
"""

from __future__ import annotations

import logging
import threading
from datetime import date

from graphmap.bids import handover_facts, open_bids
from graphmap.config import AnalysisConfig
from graphmap.errors import GraphmapError
from graphmap.portfolio_service import ALERT_DAYS, account_coverages
from graphmap.store.base import GraphStore

log = logging.getLogger("graphmap.api")


class WorklistKeeper:
    """A daemon thread bringing today's worklist up to date every ``seconds``."""

    def __init__(self, store: GraphStore, config: AnalysisConfig, seconds: float):
        self.store, self.config, self.seconds = store, config, seconds
        self.rounds = 0  # rounds completed (tests wait on it)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="graphmap-warm", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                today = date.today()
                bids = open_bids(self.store, today, self.config, ALERT_DAYS)
                handover_facts(self.store, list(bids), today, self.config)
                account_coverages(self.store, today, self.config)
            except GraphmapError as exc:  # the store is down: try again next round
                log.warning("keeping the worklist warm failed: %s", exc.message)
            self.rounds += 1
            self._stop.wait(self.seconds)
