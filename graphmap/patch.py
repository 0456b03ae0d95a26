"""JSON merge patches (RFC 7386) of one node or one relationship: the API's PATCH routes.

A patch is an import of one partial record (``partial.py``): omitted fields keep their value,
``null`` clears, and the write is the import's one transaction, so two patches of different
fields of one node both land. What a patch may not do (change the id or key, name something
absent) is refused here, with the request field in every problem's location.
"""

from __future__ import annotations

from typing import Any

from graphmap.errors import InvalidInput, Problem, no_relationship, relocated
from graphmap.model import EDGE_BY_TYPE, NODE_BY_LABEL, Node, Record
from graphmap.search import unknown_id
from graphmap.store.base import GraphStore
from graphmap.store.records import edge_model, qualifier


def _as_body(exc: InvalidInput, section: str) -> InvalidInput:
    """``people[0].stance`` → ``body.stance``: the patch is the request body."""
    moved = relocated(exc, lambda loc: "body" + loc.removeprefix(f"{section}[0]"))
    return InvalidInput(moved.message.replace("bundle", "patch", 1), moved.problems)


def _unchanged(body: dict[str, Any], fixed: dict[str, Any]) -> None:
    problems = [
        Problem(f"body.{name}", f"may not change ({body[name]!r} is not {value!r})")
        for name, value in fixed.items()
        if name in body and body[name] != value
    ]
    if problems:
        raise InvalidInput("the patch changes what identifies the record", problems)


def _apply(store: GraphStore, section: str, record: dict[str, Any]) -> None:
    try:
        store.import_bundle({section: [record]})
    except InvalidInput as exc:
        raise _as_body(exc, section) from None


def patch_node(store: GraphStore, label: str, node_id: str, body: dict[str, Any]) -> Node:
    """Merge ``body`` into one stored node and return it as stored."""
    spec = NODE_BY_LABEL[label]
    _unchanged(body, {"id": node_id})
    store.get(label, node_id)  # NotFound, with suggestions, when absent
    _apply(store, spec.section, {**body, "id": node_id})
    return store.get(label, node_id)


def require_ends(store: GraphStore, rel_type: str, key: dict[str, Any]) -> None:
    """NotFound, naming the closest known names, when either end of a key is unknown."""
    spec = EDGE_BY_TYPE[rel_type]
    ends = {key[spec.src_field]: spec.src_label, key[spec.dst_field]: spec.dst_label}
    held = store.labels_of(set(ends))
    for node_id, label in ends.items():
        if held.get(node_id) != label:
            raise unknown_id(store, label, node_id)


def _find_edge(store: GraphStore, rel_type: str, key: dict[str, Any]) -> Record:
    spec = EDGE_BY_TYPE[rel_type]
    src, dst = key[spec.src_field], key[spec.dst_field]
    qual = qualifier(rel_type, key)
    for edge in store.edges([src], [rel_type], "out"):
        if edge.dst == dst and edge.qual == qual:
            return edge_model(edge)
    raise no_relationship(rel_type, src, dst)


def patch_edge(
    store: GraphStore, rel_type: str, key: dict[str, Any], body: dict[str, Any]
) -> Record:
    """Merge ``body`` into the relationship with this key and return it as stored."""
    spec = EDGE_BY_TYPE[rel_type]
    key = {name: str(value) for name, value in key.items()}  # as a JSON body would give them
    _unchanged(body, key)
    require_ends(store, rel_type, key)
    _find_edge(store, rel_type, key)
    _apply(store, spec.section, {**body, **key})
    return _find_edge(store, rel_type, key)
