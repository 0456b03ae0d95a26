"""The store-neutral shape of graph data, and its conversion to and from the bundle models.

Both stores keep exactly these records, so one conversion serves both and their exports agree.
Reference fields (a person's ``organization_id`` and ``reports_to``, a project's ``client_id``)
are stored only as relationships and put back on the node when it is read: deleting the
target then cannot leave a dangling id behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from graphmap.model import (
    EDGE_BY_TYPE,
    EDGE_SPECS,
    NODE_BY_LABEL,
    NODE_SPECS,
    REF_BY_TYPE,
    REF_SPECS,
    Bundle,
    Node,
    Record,
)

REF_FIELDS = {
    spec.label: [r for r in REF_SPECS if r.section == spec.section] for spec in NODE_SPECS
}

Direction = Literal["out", "in", "both"]  # which end of a relationship a read starts from


@dataclass
class NodeRecord:
    """A node as stores keep it: id, label and the properties (references live as edges)."""

    id: str
    label: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class EdgeRecord:
    """A relationship as stores keep it; ``qual`` tells repeated ones apart."""

    type: str
    src: str
    dst: str
    props: dict[str, Any] = field(default_factory=dict)
    qual: str = ""

    @property
    def key(self) -> str:
        """The networkx multigraph key: the type, plus the qualifier where several may exist."""
        return f"{self.type}|{self.qual}" if self.qual else self.type


def qualifier(rel_type: str, props: dict[str, Any]) -> str:
    """The part of a relationship's key beyond its ends (an interaction's date and kind)."""
    spec = EDGE_BY_TYPE.get(rel_type)
    if spec is None or not spec.qualifiers:
        return ""
    return "|".join(str(props[q]) for q in spec.qualifiers)


def node_to_record(label: str, model: Record) -> tuple[NodeRecord, list[EdgeRecord]]:
    """Split a node model into its stored properties and its reference relationships."""
    data = model.model_dump(mode="json", exclude_none=True)
    node_id = data.pop("id")
    refs = []
    for ref in REF_FIELDS[label]:
        target = data.pop(ref.field, None)
        if target is not None:
            refs.append(EdgeRecord(ref.rel_type, node_id, target))
    return NodeRecord(node_id, label, data), refs


def edge_to_record(rel_type: str, model: Record) -> EdgeRecord:
    """One relationship model as a stored record."""
    spec = EDGE_BY_TYPE[rel_type]
    data = model.model_dump(mode="json", exclude_none=True)
    src, dst = data.pop(spec.src_field), data.pop(spec.dst_field)
    return EdgeRecord(rel_type, src, dst, data, qualifier(rel_type, data))


def bundle_to_records(bundle: Bundle) -> tuple[list[NodeRecord], list[EdgeRecord]]:
    """Every node and relationship of a bundle, references turned into edges."""
    nodes: list[NodeRecord] = []
    edges: list[EdgeRecord] = []
    for spec in NODE_SPECS:
        for model in getattr(bundle, spec.section):
            node, refs = node_to_record(spec.label, model)
            nodes.append(node)
            edges.extend(refs)
    for edge_spec in EDGE_SPECS:
        section = getattr(bundle, edge_spec.section)
        edges.extend(edge_to_record(edge_spec.rel_type, m) for m in section)
    return nodes, edges


def with_refs(node: NodeRecord, ref_edges: list[EdgeRecord]) -> dict[str, Any]:
    """The node's full field dict: stored properties plus reference fields from its edges."""
    data = {"id": node.id, **node.props}
    for edge in ref_edges:
        ref = REF_BY_TYPE.get(edge.type)
        if ref is not None and edge.src == node.id:
            data[ref.field] = edge.dst
    return data


def node_model(node: NodeRecord, ref_edges: list[EdgeRecord]) -> Node:
    """A stored node back as its model, references restored from its edges."""
    return NODE_BY_LABEL[node.label].model.model_validate(with_refs(node, ref_edges))


def edge_model(edge: EdgeRecord) -> Record:
    """A stored relationship back as its model."""
    spec = EDGE_BY_TYPE[edge.type]
    return spec.model.model_validate(
        {spec.src_field: edge.src, spec.dst_field: edge.dst, **edge.props}
    )


def records_to_bundle(nodes: list[NodeRecord], edges: list[EdgeRecord]) -> Bundle:
    """Stored records back as a bundle (what export writes)."""
    refs_by_src: dict[str, list[EdgeRecord]] = {}
    sections: dict[str, list[Record]] = {}
    for edge in edges:
        if edge.type in REF_BY_TYPE:
            refs_by_src.setdefault(edge.src, []).append(edge)
        else:
            sections.setdefault(EDGE_BY_TYPE[edge.type].section, []).append(edge_model(edge))
    for node in nodes:
        section = NODE_BY_LABEL[node.label].section
        sections.setdefault(section, []).append(node_model(node, refs_by_src.get(node.id, [])))
    return Bundle(**sections)


@dataclass
class Reach:
    """Bids' decision networks as a store hands them over, for ``subgraph`` to assemble.

    ``hops``: bid -> person -> distance to the bid's nearest seat, for everyone upstream within
    the bound. ``edges``: each bid's own relationships, and every opinion, staff-tie and
    WORKS_AT relationship touching a reached person. ``nodes``: every node at an end of those,
    as (label, field dict) by id.
    """

    hops: dict[str, dict[str, int]]
    edges: list[EdgeRecord]
    nodes: dict[str, tuple[str, dict[str, Any]]]
