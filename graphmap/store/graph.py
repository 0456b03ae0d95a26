"""Typed networkx graphs built from stored records: what every analysis reads.

Nodes are keyed by id and carry ``label`` plus the node model's fields (dates as ``date``,
enums as enum members). Edges carry ``type`` plus the relationship's properties; the multigraph
key is the type, or type and qualifier for relationships that repeat (interactions).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from graphmap.model import EDGE_BY_TYPE, NODE_BY_LABEL, Bundle
from graphmap.store.records import EdgeRecord, bundle_to_records, with_refs


def build_graph(
    nodes: Iterable[tuple[str, dict[str, Any]]], edges: Iterable[EdgeRecord]
) -> nx.MultiDiGraph:
    """Assemble a typed graph; relationships whose ends are not both present are left out."""
    graph = nx.MultiDiGraph()
    # a canonical insertion order: floating-point sums then agree whichever store answered
    nodes = sorted(nodes, key=lambda pair: pair[1]["id"])
    edges = sorted(edges, key=lambda e: (e.src, e.key, e.dst))
    for label, fields in nodes:
        model = NODE_BY_LABEL[label].model.model_validate(fields)
        graph.add_node(model.id, label=label, **model.model_dump(exclude={"id"}))
    for edge in edges:
        if edge.src not in graph or edge.dst not in graph:
            continue
        spec = EDGE_BY_TYPE.get(edge.type)
        props: dict[str, Any] = {}
        if spec is not None:
            full = {spec.src_field: edge.src, spec.dst_field: edge.dst, **edge.props}
            props = spec.model.model_validate(full).model_dump(
                exclude={spec.src_field, spec.dst_field}
            )
        graph.add_edge(edge.src, edge.dst, key=edge.key, type=edge.type, **props)
    return graph


def graph_from_bundle(bundle: Bundle) -> nx.MultiDiGraph:
    """The whole bundle as one graph: for tests, small data and whole-graph baselines."""
    nodes, edges = bundle_to_records(bundle)
    refs: dict[str, list[EdgeRecord]] = {}
    for edge in edges:
        refs.setdefault(edge.src, []).append(edge)
    return build_graph(((n.label, with_refs(n, refs.get(n.id, []))) for n in nodes), edges)
