"""Typed networkx graphs built from stored records: what every analysis reads.

Nodes are keyed by id and carry ``label`` plus the node model's fields (dates as ``date``,
enums as enum members). Edges carry ``type`` plus the relationship's properties; the multigraph
key is the type, or type and qualifier for relationships that repeat (interactions).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import networkx as nx

from graphmap.model import EDGE_BY_TYPE, NODE_BY_LABEL, STORED, Bundle
from graphmap.store.records import EdgeRecord, bundle_to_records, with_refs


def node_attributes(label: str, fields: dict[str, Any]) -> dict[str, Any]:
    """A node's attributes in the graph: its model's fields, checked and typed, and its label."""
    model = NODE_BY_LABEL[label].model.model_validate(fields, context=STORED)
    return {"label": label, **model.model_dump(exclude={"id"})}


TYPED_KEPT = 20_000  # typed property sets kept per process (about 450 bytes each: 9 MB)
_typed: dict[tuple[str, str], Mapping[str, Any]] = {}


def edge_attributes(edge: EdgeRecord) -> Mapping[str, Any]:
    """A relationship's attributes in the graph: its type and its model's typed properties.

    They follow from the type and the stored properties alone, and most relationships share
    theirs with many others (an interaction's day and kind, an influence's weight), so each
    set is checked and typed once per process and handed out read-only."""
    key = (edge.type, repr(edge.props))  # repr tells 1, 1.0 and True apart
    found = _typed.get(key)
    if found is None:
        found = MappingProxyType(_attributes(edge))
        if len(_typed) < TYPED_KEPT:
            _typed[key] = found
    return found


def _attributes(edge: EdgeRecord) -> dict[str, Any]:
    spec = EDGE_BY_TYPE.get(edge.type)
    props: dict[str, Any] = {}
    if spec is not None:
        full = {spec.src_field: edge.src, spec.dst_field: edge.dst, **edge.props}
        props = spec.model.model_validate(full, context=STORED).model_dump(
            exclude={spec.src_field, spec.dst_field}
        )
    return {"type": edge.type, **props}


def assemble(
    nodes: dict[str, dict[str, Any]], edges: Iterable[tuple[EdgeRecord, Mapping[str, Any]]]
) -> nx.MultiDiGraph:
    """A graph from attributes made already (shared by the graphs of one bulk extraction);
    relationships whose ends are not both present are left out."""
    graph = nx.MultiDiGraph()
    # a canonical insertion order: floating-point sums then agree whichever store answered
    for node_id in sorted(nodes):
        graph.add_node(node_id, **nodes[node_id])
    for edge, attrs in sorted(edges, key=lambda pair: (pair[0].src, pair[0].key, pair[0].dst)):
        if edge.src in graph and edge.dst in graph:
            graph.add_edge(edge.src, edge.dst, key=edge.key, **attrs)
    return graph


def build_graph(
    nodes: Iterable[tuple[str, dict[str, Any]]], edges: Iterable[EdgeRecord]
) -> nx.MultiDiGraph:
    """Assemble a typed graph; relationships whose ends are not both present are left out."""
    return assemble(
        {fields["id"]: node_attributes(label, fields) for label, fields in nodes},
        [(e, edge_attributes(e)) for e in edges],
    )


def graph_from_bundle(bundle: Bundle) -> nx.MultiDiGraph:
    """The whole bundle as one graph: for tests, small data and whole-graph baselines."""
    nodes, edges = bundle_to_records(bundle)
    refs: dict[str, list[EdgeRecord]] = {}
    for edge in edges:
        refs.setdefault(edge.src, []).append(edge)
    return build_graph(((n.label, with_refs(n, refs.get(n.id, []))) for n in nodes), edges)
