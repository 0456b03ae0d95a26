"""The graphs the analyses read, as extraction hands them over. Analyses depend on this
module, never on the store; ``graphmap.store.graph`` builds the graphs (nodes keyed by id with
``label`` and their model's fields, edges with ``type`` and their properties)."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx


@dataclass
class HandoverGraphs:
    """What a handover check reads around the departing staff: the neighbourhood of their
    relationships, the open bids it touches (ids, sorted; each bid's decision network is read
    on its own, and what the check needs of it kept: ``graphmap.bids.handover_facts``), and for
    each candidate successor how many people they would be the only strong tie to once the
    leavers go."""

    neighbourhood: nx.MultiDiGraph
    bids: list[str]
    load: dict[str, int]
