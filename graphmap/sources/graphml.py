"""The graph as GraphML, for Gephi, yEd and Cytoscape: every node and relationship with every
property. Reference fields appear as their relationships (WORKS_AT, REPORTS_TO, FOR_CLIENT),
exactly as the stores keep them; dates and enum values are written as text."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from graphmap.model import Bundle
from graphmap.store.records import bundle_to_records


def bundle_graph(bundle: Bundle) -> nx.MultiDiGraph:
    """Nodes carry ``label`` and their properties; relationships ``type`` and theirs."""
    nodes, edges = bundle_to_records(bundle)
    graph = nx.MultiDiGraph()
    for node in nodes:
        graph.add_node(node.id, label=node.label, **node.props)
    for edge in edges:
        graph.add_edge(edge.src, edge.dst, key=edge.key, type=edge.type, **edge.props)
    return graph


def write_graphml(bundle: Bundle, path: Path) -> None:
    """The store's graph as GraphML, for Gephi, yEd or networkx."""
    nx.write_graphml(bundle_graph(bundle), path, encoding="utf-8")
