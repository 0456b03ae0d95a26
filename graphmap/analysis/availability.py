"""Who in the firm can act: successors, introducers and the first step of a warm path.

Advice names a staff member for a job that lasts a while: an introduction is made by a date, a
successor takes a relationship over for good, a warm path is an introduction to come. Whoever is
named must be active for the whole window the job concerns, from the as-of date to its end:

- an open-ended job (``until`` is None: a successor, a warm-path start) needs status ``active``:
  someone who is leaving, even months from now, is no one to hand a relationship to;
- a job that ends by a date (an introduction due by ``until``) also accepts someone ``leaving``
  whose ``leaves_on`` is after that date;
- nobody who has ``left`` (or whose ``leaves_on`` is on or before the as-of date) acts.

Whoever is passed over is reported with the reason, so a sales lead sees why a familiar name
is missing.

>>> from datetime import date
>>> leaving = {"status": "leaving", "leaves_on": date(2027, 1, 21)}
>>> active_through(leaving, date(2026, 11, 1), date(2026, 12, 1))
True
>>> active_through(leaving, date(2026, 11, 1), None)
False
>>> EN.say(unavailable_reason(leaving, date(2026, 11, 1), None))
'leaving on 2027-01-21'
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import networkx as nx
from pydantic import BaseModel, Field

from graphmap.analysis.strength import is_active
from graphmap.i18n import EN, Message, message
from graphmap.model import StaffStatus


class PassedOver(BaseModel):
    """A staff member the advice would have named but could not, and why."""

    staff_id: str = Field(description="Id of the staff member.")
    name: str = Field(description="Staff member's name.")
    reason: str = Field(description="'leaving on 2027-01-21', 'left'.")
    keyed_reason: Message = Field(
        exclude=True, description="reason as a keyed message (views render it)."
    )


def passed(staff_id: str, name: str, why: Message) -> PassedOver:
    """The staff connected here who cannot act from ``as_of`` to ``until``, with the reason."""
    return PassedOver(staff_id=staff_id, name=name, reason=EN.say(why), keyed_reason=why)


def unavailable_reason(staff: Mapping[str, Any], as_of: date, until: date | None) -> Message | None:
    """Why this staff member cannot act from ``as_of`` to ``until`` (None: open-ended)."""
    status = staff.get("status")
    leaves_on = staff.get("leaves_on")
    if not is_active(staff, as_of):
        return message("unavail_left_on", day=leaves_on) if leaves_on else message("unavail_left")
    if status == StaffStatus.ACTIVE:
        return None
    if until is not None and leaves_on is not None and leaves_on > until:
        return None
    if leaves_on:
        return message("unavail_leaving_on", day=leaves_on)
    return message("unavail_leaving_undated")


def active_through(staff: Mapping[str, Any], as_of: date, until: date | None) -> bool:
    """Active from ``as_of`` through ``until``; open-ended (None) needs status active."""
    return unavailable_reason(staff, as_of, until) is None


def passed_over(
    graph: nx.MultiDiGraph, staff_ids: set[str], as_of: date, until: date | None = None
) -> list[PassedOver]:
    """The given staff members who cannot act in the window, with the reason, by id."""
    out = []
    for staff_id in sorted(staff_ids):
        reason = unavailable_reason(graph.nodes[staff_id], as_of, until)
        if reason is not None:
            out.append(passed(staff_id, graph.nodes[staff_id]["name"], reason))
    return out
