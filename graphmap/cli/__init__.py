"""The ``graphmap`` command.

Every command opens the store named by ``--store`` (or GRAPHMAP_STORE), does one thing, and
prints either a readable view (rich) or, with ``--json``, exactly the result model. Any
graphmap error is printed as plain lines on stderr with exit code 1; never a traceback.

One module per command group; importing them registers their commands on ``app``, in the
order ``graphmap --help`` lists them.
"""

from __future__ import annotations

# isort: off
# registration order is the order `graphmap --help` lists the commands in
from graphmap.cli.common import app
from graphmap.cli import data, server, analyses, portfolio, neo4j
# isort: on

__all__ = ["analyses", "app", "data", "neo4j", "portfolio", "server"]
