"""Partial records: a record changes only the fields it names.

An imported record that updates a node or relationship the store already holds is completed
from the stored one before it is checked: a field it omits keeps its stored value, a field it
gives as ``null`` is cleared (back to its default where it has one), a reference field given as
``null`` loses its relationship. A record for something new gets the defaults for what it
omits. The completed record then goes through every bundle check as a whole record, so a kept
reference to a stored node is checked like any other. This runs inside the import's write
transaction (``Held`` is a view of the store in that transaction), so nothing can change
between the read and the write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, Protocol

from graphmap.model import EDGE_BY_SECTION, NODE_BY_SECTION, EdgeSpec, Record
from graphmap.store.records import Direction, EdgeRecord


class Held(Protocol):
    """What the store holds, read in the import's transaction (both stores implement it)."""

    def labels_of(self, ids: set[str]) -> dict[str, str]: ...

    def nodes(self, ids: Iterable[str]) -> list[tuple[str, dict[str, Any]]]: ...

    def edges(
        self, ids: Iterable[str], types: Iterable[str], direction: Direction
    ) -> list[EdgeRecord]: ...


@cache
def _defaulted(model: type[Record]) -> frozenset[str]:
    """Optional fields with a default other than None: a null there means "back to the
    default", so it is dropped. A null in an optional field whose default is None is kept:
    it validates to that same None, and checking a few fields is cheaper than rebuilding
    every record that has a null."""
    return frozenset(
        k for k, f in model.model_fields.items() if not f.is_required() and f.default is not None
    )


def _edge_key(spec: EdgeSpec, record: dict[str, Any]) -> tuple[str, str, str] | None:
    """(src, dst, qualifier) as the stores key it, or None when the record lacks its key."""
    parts = [record.get(f) for f in spec.key]
    strings = [p for p in parts if isinstance(p, str)]
    if len(strings) != len(parts):
        return None
    src, dst, *quals = strings
    return src, dst, "|".join(quals)


def _strings(items: list[Any], field: str) -> set[str]:
    return {i[field] for i in items if isinstance(i, dict) and isinstance(i.get(field), str)}


def _merged(
    model: type[Record],
    items: list[Any],
    stored: Stored | None,
) -> list[Any]:
    """Each record over what the store holds for it (``stored``; None when it holds none of
    the section's records, the common case of a first import). An optional field given as null
    is cleared: back to its default (see ``_defaulted``); a required field given as null
    stays, so the check reports it by name."""
    defaulted = _defaulted(model)
    if stored is None and not defaulted:
        return list(items)  # nothing to complete, no null to drop
    out: list[Any] = []
    for item in items:
        if isinstance(item, dict):
            if stored is not None:
                item = {**stored(item), **item}
            for name in defaulted:
                if item.get(name, 0) is None:
                    item = {k: v for k, v in item.items() if v is not None or k not in defaulted}
                    break
        out.append(item)
    return out


Stored = Callable[[dict[str, Any]], dict[str, Any]]


def _stored_node(nodes: dict[str, dict[str, Any]]) -> Stored:
    """The stored fields of the node a record names (none when it is new)."""

    def stored(item: dict[str, Any]) -> dict[str, Any]:
        node_id = item.get("id")
        return nodes.get(node_id, {}) if isinstance(node_id, str) else {}

    return stored


def _stored_edge(spec: EdgeSpec, edges: dict[tuple[str, str, str], dict[str, Any]]) -> Stored:
    """The stored properties of the relationship a record keys (none when it is new)."""

    def stored(item: dict[str, Any]) -> dict[str, Any]:
        key = _edge_key(spec, item)
        return edges.get(key, {}) if key else {}

    return stored


def complete(section: str, items: list[Any], held: Held | None) -> tuple[list[Any], dict[str, str]]:
    """One section's records (a chunk of them) completed from what the store holds (see the
    module doc), and the store's labels of the ids they name (their own ids, or their
    relationships' start nodes), which the checks reuse.

    Without a store (checking a file on its own) every record is new: nulls mean omitted.
    Anything that is not an object is left for the checks to report.
    """
    spec = NODE_BY_SECTION.get(section)
    model = spec.model if spec is not None else EDGE_BY_SECTION[section].model
    if held is None:  # an empty store, or none: nothing to complete from, no labels
        return _merged(model, items, None), {}
    if spec is not None:
        asked = _strings(items, "id")
        labels = held.labels_of(asked) if asked else {}
        mine = {i for i in asked if labels.get(i) == spec.label}
        nodes = {f["id"]: f for _, f in held.nodes(mine)} if mine else {}
        return _merged(model, items, _stored_node(nodes) if nodes else None), labels
    edge_spec = EDGE_BY_SECTION[section]
    srcs = _strings(items, edge_spec.src_field)
    labels = held.labels_of(srcs) if srcs else {}
    found = held.edges(labels.keys(), [edge_spec.rel_type], "out") if labels else []
    edges = {(e.src, e.dst, e.qual): e.props for e in found}
    stored = _stored_edge(edge_spec, edges) if edges else None
    return _merged(model, items, stored), labels
