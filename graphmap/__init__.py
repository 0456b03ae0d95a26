"""graphmap: who decides a bid, how much of it each person holds, and which relationships a
leaver takes with them.

The library is layered model → store → analysis → views / API / CLI, with i18n (the catalogues
and the keyed messages the analyses say) below analysis. The names below are the public entry
points; everything else is reachable by its module path but may change.

>>> import graphmap
>>> with graphmap.open_store("sqlite:///:memory:") as store:  # doctest: +SKIP
...     report = graphmap.influence_report(store, "prj-001")
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("graphmap")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

if TYPE_CHECKING:
    from graphmap.bundle import check_bundle, read_bundle, write_bundle
    from graphmap.model import Bundle
    from graphmap.service import account_report, handover_report, influence_report, person_paths
    from graphmap.store import open_store
    from graphmap.store.base import GraphStore

# Imported on first use, so `import graphmap` (and the CLI's start-up) stays cheap.
_LAZY = {
    "Bundle": "graphmap.model",
    "GraphStore": "graphmap.store.base",
    "account_report": "graphmap.service",
    "check_bundle": "graphmap.bundle",
    "handover_report": "graphmap.service",
    "influence_report": "graphmap.service",
    "open_store": "graphmap.store",
    "person_paths": "graphmap.service",
    "read_bundle": "graphmap.bundle",
    "write_bundle": "graphmap.bundle",
}

__all__ = [
    "Bundle",
    "GraphStore",
    "__version__",
    "account_report",
    "check_bundle",
    "handover_report",
    "influence_report",
    "open_store",
    "person_paths",
    "read_bundle",
    "write_bundle",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'graphmap' has no attribute {name!r}")
