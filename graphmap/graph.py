"""The graphs the analyses read, as extraction hands them over. Analyses depend on this
module, never on the store; ``graphmap.store.graph`` builds the graphs (nodes keyed by id with
``label`` and their model's fields, edges with ``type`` and their properties)."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx


@dataclass
class HandoverGraphs:
    """What a handover check reads: the neighbourhood of the departing staff members'
    relationships, and the decision network of each open bid it touches."""

    neighbourhood: nx.MultiDiGraph
    bids: dict[str, nx.MultiDiGraph]
