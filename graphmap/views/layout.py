"""Positions for pictures a person reads at once: a bid's decision tree, drawn without physics.

The decision tree puts the seats in one row, the bid below them, and everyone else in layers
above by their distance to the nearest seat, so influence flows down the page towards the
decision. Inside a layer people are kept with their organization and placed over the people
they sway (the mean position of those already placed: one barycentre pass, bottom up), which
keeps most influence lines short and uncrossed. Wide layers wrap into several rows. The people
a reader sees first (``focus``) form a compact band at the bottom; everyone else is laid out the
same way in a band above it, so the first picture fits the screen and "show everyone" adds to
it without moving anyone. Our staff stand in a lane at the right, the ones who cover the focus
first. Everything is deterministic: the same network gives the same
picture, so a view can be drawn at once and cached.

>>> pos = decision_tree({"s": 0, "a": 1, "b": 1}, {"a": {"s"}, "b": {"s"}},
...                    {"s": (0,), "a": (1,), "b": (2,)}, {}, ["t"], "bid")
>>> pos["s"], pos["bid"][1] > pos["s"][1], pos["a"][1] < pos["s"][1], pos["t"][0] > pos["b"][0]
((0.0, 0.0), True, True, True)
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

Position = tuple[float, float]


@dataclass(frozen=True)
class Spacing:
    """Distances in the canvas units vis-network draws in (about pixels at zoom 1)."""

    across: float = 170.0  # between neighbours in a row
    layer: float = 190.0  # between layers
    wrap: int = 24  # people per row before a layer wraps onto another row
    sub_row: float = 95.0  # between the rows of one wrapped layer
    lane: int = 18  # staff per column of the staff lane


def _row_positions(count: int, spacing: Spacing) -> list[tuple[float, int]]:
    """(x, row within the layer) for ``count`` people, each row centred on x = 0."""
    out = []
    for start in range(0, count, spacing.wrap):
        width = min(spacing.wrap, count - start)
        for k in range(width):
            out.append(((k - (width - 1) / 2) * spacing.across, start // spacing.wrap))
    return out


def decision_tree(
    layer_of: dict[str, int],
    sways: dict[str, set[str]],
    order: dict[str, tuple[Hashable, ...]],
    group_of: dict[str, str | None],
    staff: Sequence[str],
    bid: str,
    focus: set[str] | None = None,
    spacing: Spacing = Spacing(),
) -> dict[str, Position]:
    """Positions for a decision network.

    ``layer_of``: person → distance to the nearest seat (0 = holds a seat). ``sways``: person →
    the people whose view they move. ``order``: a sort key per person for the seat row and for
    ties inside a layer (for example role rank, then share). ``group_of``: person →
    organization, kept together in a layer. ``staff`` are placed in the lane in the given order.
    ``focus``: the people of the first picture (default: everyone).
    """
    first = set(layer_of) if focus is None else focus & set(layer_of)
    pos: dict[str, Position] = {}
    top = _band(sorted(first), layer_of, sways, order, group_of, pos, 0.0, spacing, seats=True)
    rest = sorted(set(layer_of) - first)
    if rest:
        _band(rest, layer_of, sways, order, group_of, pos, top - spacing.layer, spacing)
    right = max((pos[p][0] for p in first), default=0.0)
    pos[bid] = (0.0, spacing.layer * 0.8)
    for k, s in enumerate(staff):
        column, row = divmod(k, spacing.lane)
        pos[s] = (right + spacing.across * (1.5 + column), row * spacing.sub_row * 0.8)
    return pos


def _band(
    members: list[str],
    layer_of: dict[str, int],
    sways: dict[str, set[str]],
    order: dict[str, tuple[Hashable, ...]],
    group_of: dict[str, str | None],
    pos: dict[str, Position],
    bottom: float,
    spacing: Spacing,
    seats: bool = False,
) -> float:
    """Place ``members`` layer by layer upwards from y = ``bottom``; return the top row's y.
    The lowest layer of the first band is the seat row, ordered by ``order`` alone."""
    top = bottom + spacing.layer  # so that the first layer lands on ``bottom``
    for k, layer in enumerate(sorted({layer_of[p] for p in members})):
        row_members = [p for p in members if layer_of[p] == layer]
        if seats and k == 0:
            ranked = sorted(row_members, key=lambda p: (order[p], p))
        else:
            ranked = _by_barycentre(row_members, sways, order, group_of, pos)
        base = top - spacing.layer
        rows = 0
        for p, (x, row) in zip(ranked, _row_positions(len(ranked), spacing), strict=True):
            pos[p] = (x, base - row * spacing.sub_row)
            rows = max(rows, row)
        top = base - rows * spacing.sub_row
    return top


def _by_barycentre(
    members: list[str],
    sways: dict[str, set[str]],
    order: dict[str, tuple[Hashable, ...]],
    group_of: dict[str, str | None],
    pos: dict[str, Position],
) -> list[str]:
    """Members ordered by where the people they sway stand, kept with their organization."""
    centre = {p: _barycentre(sways.get(p, set()), pos) for p in members}
    groups: dict[str | None, list[float]] = {}
    for p in members:
        groups.setdefault(group_of.get(p), []).append(centre[p])
    group_centre = {g: sum(xs) / len(xs) for g, xs in groups.items()}
    return sorted(
        members,
        key=lambda p: (
            group_centre[group_of.get(p)],
            str(group_of.get(p)),
            centre[p],
            order[p],
            p,
        ),
    )


def _barycentre(targets: set[str], pos: dict[str, Position]) -> float:
    """Mean x of the placed people in ``targets``; 0 (the centre) when none is placed."""
    xs = [pos[t][0] for t in sorted(targets) if t in pos]
    return math.fsum(xs) / len(xs) if xs else 0.0


def org_chart(
    manager_of: dict[str, str | None],
    order: dict[str, tuple[Hashable, ...]],
    staff: Sequence[str],
    spacing: Spacing = Spacing(),
) -> dict[str, Position]:
    """Reporting lines top-down: each manager centred over their reports, the trees side by
    side (largest first), people with no reporting line in rows beneath, staff in a lane.

    ``manager_of``: person → their manager inside the organization (or None). A reporting
    loop is cut where it closes, so bad data still draws.

    >>> pos = org_chart({"ceo": None, "cfo": "ceo", "cto": "ceo", "solo": None},
    ...                 {p: (p,) for p in ("ceo", "cfo", "cto", "solo")}, [])
    >>> pos["ceo"][0] == (pos["cfo"][0] + pos["cto"][0]) / 2, pos["cfo"][1] > pos["ceo"][1]
    (True, True)
    >>> pos["solo"][1] > pos["cfo"][1]
    True
    """
    reports: dict[str, list[str]] = {}
    for person, manager in manager_of.items():
        if manager in manager_of and manager != person:
            reports.setdefault(manager, []).append(person)
    for people in reports.values():
        people.sort(key=lambda p: (order[p], p))
    roots = [p for p, m in manager_of.items() if m not in manager_of or m == p]
    seen: set[str] = set()

    def size(p: str) -> int:
        seen.add(p)
        return 1 + sum(size(r) for r in reports.get(p, []) if r not in seen)

    sizes = {p: size(p) for p in roots}
    # people caught in a reporting loop hang from no root: their loop becomes a tree of its own
    for p in sorted(set(manager_of) - seen, key=lambda p: (order[p], p)):
        if p not in seen:
            roots.append(p)
            sizes[p] = size(p)
    trees = sorted((p for p in roots if reports.get(p)), key=lambda p: (-sizes[p], order[p], p))
    loose = sorted((p for p in roots if not reports.get(p)), key=lambda p: (order[p], p))
    pos: dict[str, Position] = {}
    slot = 0.0
    placed: set[str] = set()

    def place(p: str, depth: int) -> float:
        nonlocal slot
        placed.add(p)
        kids = [r for r in reports.get(p, []) if r not in placed]
        if kids:
            xs = [place(r, depth + 1) for r in kids]
            x = (xs[0] + xs[-1]) / 2
        else:
            x, slot = slot, slot + spacing.across
        pos[p] = (x, depth * spacing.layer)
        return x

    for root in trees:
        place(root, 0)
        slot += spacing.across * 0.5  # a gap between trees
    below = max((y for _, y in pos.values()), default=-spacing.layer) + spacing.layer
    for k, p in enumerate(loose):
        row, column = divmod(k, spacing.wrap)
        pos[p] = (column * spacing.across, below + row * spacing.sub_row)
    right = max((x for x, _ in pos.values()), default=0.0)
    for k, s in enumerate(staff):
        column, row = divmod(k, spacing.lane)
        pos[s] = (right + spacing.across * (1.5 + column), row * spacing.sub_row * 0.8)
    return pos
