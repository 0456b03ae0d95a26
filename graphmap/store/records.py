"""The store-neutral shape of graph data, and its conversion to and from the bundle models.

Both stores keep exactly these records, so one conversion serves both and their exports agree.
Reference fields (a person's ``organization_id`` and ``reports_to``, a project's ``client_id``)
are stored only as relationships and put back on the node when it is read: deleting the
target then cannot leave a dangling id behind.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from graphmap.model import (
    EDGE_BY_SECTION,
    EDGE_BY_TYPE,
    EDGE_SPECS,
    NODE_BY_LABEL,
    NODE_BY_SECTION,
    NODE_SPECS,
    REF_BY_TYPE,
    REF_SPECS,
    STORED,
    Bundle,
    Node,
    Record,
    section_adapter,
)

REF_FIELDS = {
    spec.label: [r for r in REF_SPECS if r.section == spec.section] for spec in NODE_SPECS
}

Direction = Literal["out", "in", "both"]  # which end of a relationship a read starts from


@dataclass(slots=True)
class NodeRecord:
    """A node as stores keep it: id, label and the properties (references live as edges)."""

    id: str
    label: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
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


def _dump_section(section: str, models: list[Any]) -> list[dict[str, Any]]:
    """Records of one section as JSON-ready fields: one serializer call for all of them."""
    dumped: list[dict[str, Any]] = section_adapter(section).dump_python(
        models, mode="json", exclude_none=True
    )
    return dumped


def section_records(section: str, models: list[Any]) -> tuple[list[NodeRecord], list[EdgeRecord]]:
    """Records of one section (a chunk of it) as the stores keep them: a node section's nodes
    and their reference relationships, or an edge section's relationships. Imports convert a
    chunk at a time, so only one chunk's rows exist at once."""
    nodes: list[NodeRecord] = []
    edges: list[EdgeRecord] = []
    spec = NODE_BY_SECTION.get(section)
    if spec is not None:
        refs = REF_FIELDS[spec.label]
        for data in _dump_section(section, models):
            node_id = data.pop("id")
            for ref in refs:
                target = data.pop(ref.field, None)
                if target is not None:
                    edges.append(EdgeRecord(ref.rel_type, node_id, target))
            nodes.append(NodeRecord(node_id, spec.label, data))
        return nodes, edges
    espec = EDGE_BY_SECTION[section]
    for data in _dump_section(section, models):
        src, dst = data.pop(espec.src_field), data.pop(espec.dst_field)
        qual = "|".join(str(data[q]) for q in espec.qualifiers)
        edges.append(EdgeRecord(espec.rel_type, src, dst, data, qual))
    return nodes, edges


def bundle_to_records(bundle: Bundle) -> tuple[list[NodeRecord], list[EdgeRecord]]:
    """Every record: nodes in section order, then every relationship (references first)."""
    nodes: list[NodeRecord] = []
    refs: list[EdgeRecord] = []
    edges: list[EdgeRecord] = []
    for spec in NODE_SPECS:
        found, found_refs = section_records(spec.section, getattr(bundle, spec.section))
        nodes += found
        refs += found_refs
    for espec in EDGE_SPECS:
        edges += section_records(espec.section, getattr(bundle, espec.section))[1]
    return nodes, refs + edges


@contextmanager
def bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while an import builds millions of short-lived,
    acyclic objects, or an analysis builds and drops tens of thousands of graphs' dicts: its
    full collections would walk them all again and again (a third of a handover check's time
    at 1M relationships) and find little to free until the work is done. It runs again after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
    return NODE_BY_LABEL[node.label].model.model_validate(
        with_refs(node, ref_edges), context=STORED
    )


def edge_model(edge: EdgeRecord) -> Record:
    """A stored relationship back as its model."""
    spec = EDGE_BY_TYPE[edge.type]
    return spec.model.model_validate(
        {spec.src_field: edge.src, spec.dst_field: edge.dst, **edge.props}, context=STORED
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
    the bound. ``edges``: each bid's own relationships, every opinion relationship between two
    reached people (of any of the bids), and the staff ties into and the WORKS_AT out of each
    reached person. ``nodes``: every node at an end of those, as (label, field dict) by id.
    """

    hops: dict[str, dict[str, int]]
    edges: list[EdgeRecord]
    nodes: dict[str, tuple[str, dict[str, Any]]]


@dataclass
class Neighbourhood:
    """What a handover check reads around departing staff, as a store hands it over.

    ``edges``: the leavers' own ties and assignments, the contacts' opinion ties (carrying an
    opinion), their organizations' staff and projects, every staff tie into the circle, the
    circle's employers, the assignments on the organizations' projects. ``nodes``: every node
    at an end of those, the leavers and the candidates, as (label, field dict) by id.
    ``candidates``: possible successors (sorted). ``bids``: the open bids the contacts can
    move within the hop bound, the leavers work, or their contacts' organizations are client
    of (sorted).
    """

    edges: list[EdgeRecord]
    nodes: dict[str, tuple[str, dict[str, Any]]]
    candidates: list[str]
    bids: list[str]


@dataclass
class Around:
    """A node's surroundings as a store hands them over. From ``person_reach``: everyone
    within the hop bound of person-to-person ties (influence and reporting either way, the
    same organization), as ``edges`` the opinion relationships among them, the staff ties
    into them and their employers; ``nodes`` every node at an end of those and the people
    reached. From ``ego_reach``: every node within the bound and the relationships the walk
    crossed. Nodes as (label, field dict) by id."""

    edges: list[EdgeRecord]
    nodes: dict[str, tuple[str, dict[str, Any]]]


@dataclass
class Accounts:
    """Accounts' own networks as a store hands them over (``organization_reach``): ``edges``,
    by organization id, the relationships into the organization from its people and projects,
    every opinion, staff tie and seat of its people (either way) and the assignments, seats
    and competitors on its projects; ``nodes`` every node at an end of any of them, and the
    organizations, as (label, field dict) by id. Ids that are not organizations are absent
    from ``edges``."""

    edges: dict[str, list[EdgeRecord]]
    nodes: dict[str, tuple[str, dict[str, Any]]]
