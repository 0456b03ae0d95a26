"""The weekly alerts: what changed or will change in the window, why, and what to do.

Kinds (docs/analysis.md, Portfolio, defines each with a worked example):

- ``going_cold``: a strong tie (at least ``strong_tie``) to someone holding ``action_share`` of
  an open bid decays below ``strong_tie`` within the window, nothing new being logged;
- ``left_account``: someone whose employment at the client ended (``left_on`` on or before the
  window's end) still holds a seat or ``action_share`` of an open bid: the bid map is stale;
- ``no_one_mapped``: an open bid with no decision seats, or whose seat holders' stances are
  all unknown;
- ``single_thread``: an open bid whose covered share falls below ``single_thread_fraction`` of
  itself when one staff member goes;
- ``handover_due``: a staff member leaving within the window is the last strong tie to a
  critical person and no meeting between the suggested successor and that person is logged in
  the ``intro_lookback_days`` up to the as-of date.

An alert's id hashes its kind and the ids that identify it (``IDENTITY``) — never dates,
numbers or the ids that may change, such as the bid a cooling tie matters most to — so a tool
that polls sees the same alert as the same id week after week.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field

from graphmap.analysis.accounts import covered_share
from graphmap.analysis.handover import HandoverReport
from graphmap.analysis.portfolio import BidState
from graphmap.analysis.strength import tie_strength
from graphmap.config import AnalysisConfig
from graphmap.i18n import EN, Message, code, message
from graphmap.model import InteractionKind, Staff, Stance


class AlertKind(StrEnum):
    """What an alert is about: a cooling tie, a contact who left, an unmapped or single-threaded
    bid, a handover due."""

    GOING_COLD = "going_cold"
    LEFT_ACCOUNT = "left_account"
    NO_ONE_MAPPED = "no_one_mapped"
    SINGLE_THREAD = "single_thread"
    HANDOVER_DUE = "handover_due"


class Alert(BaseModel):
    """One thing to do this week: why (message) and what (action), with a stable id."""

    model_config = ConfigDict(frozen=True)  # kept across calls: shared, never changed

    id: str = Field(
        description=(
            "Stable across runs (kind and the ids involved): a poller can tell new from seen."
        )
    )
    kind: AlertKind = Field(description="Which kind of alert.")
    project_id: str | None = Field(description="The bid the alert is about, if any.")
    person_id: str | None = Field(description="The client-side person the alert is about, if any.")
    staff_id: str | None = Field(description="The staff member the alert is about, if any.")
    on: date | None = Field(description="The date the alert is about.")
    message: str = Field(description="What happened, in words.")
    action: str = Field(description="What to do about it, in words.")
    keyed_message: Message = Field(
        exclude=True, description="message as a keyed message (views render it)."
    )
    keyed_action: Message = Field(
        exclude=True, description="action as a keyed message (views render it)."
    )


def alert_id(kind: AlertKind, *ids: str | None) -> str:
    """Stable across runs: kind and the ids involved, nothing that changes week to week."""
    text = "|".join([kind.value, *(i or "" for i in ids)])
    return "al-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# what identifies an alert of each kind; other fields (the bid a cooling tie matters most to,
# the lead of an unmapped bid) may change from week to week without making it a new alert
IDENTITY = {
    AlertKind.GOING_COLD: ("person", "staff"),
    AlertKind.LEFT_ACCOUNT: ("project", "person"),
    AlertKind.NO_ONE_MAPPED: ("project",),
    AlertKind.SINGLE_THREAD: ("project", "staff"),
    AlertKind.HANDOVER_DUE: ("staff", "person"),
}


def _alert(
    kind: AlertKind,
    project: str | None,
    person: str | None,
    staff: str | None,
    on: date | None,
    said: Message,
    to_do: Message,
) -> Alert:
    """An alert that says ``said`` and asks for ``to_do``; the JSON carries them in English."""
    ids = {"project": project, "person": person, "staff": staff}
    return Alert(
        id=alert_id(kind, *(ids[k] for k in IDENTITY[kind])),
        kind=kind,
        project_id=project,
        person_id=person,
        staff_id=staff,
        on=on,
        message=EN.say(said),
        action=EN.say(to_do),
        keyed_message=said,
        keyed_action=to_do,
    )


# -- going cold -----------------------------------------------------------------------------


def raw_tie(
    graph: nx.MultiDiGraph, staff: str, person: str, as_of: date
) -> tuple[float | None, date | None, list[tuple[date, InteractionKind]]]:
    """The explicit strength, its date and the interactions logged up to ``as_of``."""
    explicit, last, logged = None, None, []
    for d in (graph.get_edge_data(staff, person) or {}).values():
        if d["type"] == "KNOWS" and (d.get("last_contact") is None or d["last_contact"] <= as_of):
            explicit, last = d.get("strength"), d.get("last_contact")
        elif d["type"] == "INTERACTED" and d["on"] <= as_of:
            logged.append((d["on"], d["kind"]))
    return explicit, last, logged


def crossing_day(
    graph: nx.MultiDiGraph,
    staff: str,
    person: str,
    as_of: date,
    within: int,
    config: AnalysisConfig,
) -> date | None:
    """The first day in (as_of, as_of + within] on which a tie that is strong on ``as_of``
    falls below ``strong_tie``, if nothing new is logged. Strength only falls with time, so
    a bisection over whole days finds it."""
    explicit, last, logged = raw_tie(graph, staff, person, as_of)

    def strong(days: int) -> bool:
        day = as_of + timedelta(days=days)
        return tie_strength(explicit, last, logged, day, config) >= config.strong_tie

    if not strong(0) or strong(within):
        return None
    lo, hi = 0, within  # strong at lo, weak at hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if strong(mid) else (lo, mid)
    return as_of + timedelta(days=hi)


@dataclass(frozen=True)
class CoolingTie:
    """A strong tie that crosses below ``strong_tie`` within the window, as one open bid
    sees it: the alert it would raise, and how much the person weighs in that bid."""

    staff_id: str
    person_id: str
    weight: float  # the person's share × the bid's value
    alert: Alert


def cooling_ties(
    bid: BidState, as_of: date, within: int, config: AnalysisConfig
) -> list[CoolingTie]:
    """The ties to people holding ``action_share`` of this bid that go cold in the window."""
    if bid.report is None or bid.graph is None:
        return []
    out = []
    for p in bid.report.people:
        if p.share < config.action_share:
            continue
        for tie in p.ties:
            day = crossing_day(bid.graph, tie.staff_id, p.person_id, as_of, within, config)
            if day is None:
                continue
            others = len(p.ties) - 1
            backup = message("cold_others", n=others) if others else message("cold_alone")
            said = message(
                "cold_said",
                staff=tie.name,
                person=p.name,
                share=p.share,
                bid=bid.project.name,
                strength=tie.strength,
                threshold=config.strong_tie,
                day=day,
                last=tie.last_contact or message("cold_never_dated"),
                backup=backup,
            )
            to_do = message("cold_to_do", staff=tie.name, person=p.name, day=day)
            alert = _alert(
                AlertKind.GOING_COLD, bid.project.id, p.person_id, tie.staff_id, day, said, to_do
            )
            weight = p.share * (bid.project.value or 0.0)
            out.append(CoolingTie(tie.staff_id, p.person_id, weight, alert))
    return out


def going_cold(cooling: Iterable[CoolingTie]) -> list[Alert]:
    """One alert per tie, about the open bid where that person weighs most (share × value);
    on equal weight the first bid given (the portfolio gives them by id)."""
    found: dict[tuple[str, str], CoolingTie] = {}
    for c in cooling:
        key = (c.staff_id, c.person_id)
        if key not in found or c.weight > found[key].weight:
            found[key] = c
    return [found[key].alert for key in sorted(found)]


# -- left the account -----------------------------------------------------------------------


def left_account(
    bids: list[BidState], names: dict[str, str], as_of: date, within: int, config: AnalysisConfig
) -> list[Alert]:
    """People who left (or leave within the window) yet still sit in an open bid's map."""
    end = as_of + timedelta(days=within)
    out = []
    for bid in bids:
        if bid.report is None or bid.graph is None:
            continue
        for p in bid.report.people:
            node = bid.graph.nodes[p.person_id]
            left_on = node.get("left_on")
            if left_on is None or left_on > end:
                continue
            if p.role is None and p.share < config.action_share:
                continue
            holds = message("why_seat", role=code("role", p.role)) if p.role else None
            went = node.get("moved_to")
            now_at = names.get(went, went) if went else None
            facts = {
                "person": p.name,
                "org": p.organization_name or message("left_the_client"),
                "day": left_on,
                "moved": message("left_moved", org=now_at) if now_at else message("no_sep"),
                "holds": holds or message("why_no_seat"),
                "share": p.share,
                "bid": bid.project.name,
            }
            ask = message("left_ask_at", person=p.name, org=now_at) if now_at else None
            out.append(
                _alert(
                    AlertKind.LEFT_ACCOUNT,
                    bid.project.id,
                    p.person_id,
                    None,
                    left_on,
                    message("left_said" if left_on <= as_of else "leaves_said", **facts),
                    message(
                        "left_to_do",
                        person=p.name,
                        bid=bid.project.name,
                        ask=ask or message("full_stop"),
                    ),
                )
            )
    return out


# -- nobody mapped, single thread -----------------------------------------------------------


def no_one_mapped(bids: list[BidState]) -> list[Alert]:
    """Open bids with no decision roles, or whose seats all have an unknown stance."""
    out = []
    for bid in bids:
        if not bid.open:
            continue
        if bid.seats == 0:
            what = message("unmapped_none")
        elif bid.report and all(
            p.stance == Stance.UNKNOWN for p in bid.report.people if p.role is not None
        ):
            what = message("unmapped_unknown", n=bid.seats)
        else:
            continue
        out.append(
            _alert(
                AlertKind.NO_ONE_MAPPED,
                bid.project.id,
                None,
                bid.lead_id,
                bid.project.due_on,
                message("unmapped_said", bid=bid.project.name, client=bid.client_name, what=what),
                message(
                    "unmapped_to_do",
                    lead=bid.lead_name or message("the_bid_lead"),
                    bid=bid.project.name,
                ),
            )
        )
    return out


def single_thread(bids: list[BidState], config: AnalysisConfig) -> list[Alert]:
    """Bids whose covered share hangs on one staff member (the one whose loss hurts most)."""
    out = []
    for bid in bids:
        if bid.report is None:
            continue
        weights = {p.person_id: p.share for p in bid.report.people}
        holders = {p.person_id: {t.staff_id: t.strength for t in p.ties} for p in bid.report.people}
        names = {t.staff_id: t.name for p in bid.report.people for t in p.ties}
        total = covered_share(weights, holders, set())
        if total < config.action_share or not names:
            continue
        without, staff = min((covered_share(weights, holders, {s}), s) for s in sorted(names))
        if without >= config.single_thread_fraction * total:
            continue
        out.append(
            _alert(
                AlertKind.SINGLE_THREAD,
                bid.project.id,
                None,
                staff,
                bid.project.due_on,
                message(
                    "thread_said",
                    bid=bid.project.name,
                    covered=total,
                    without=without,
                    staff=names[staff],
                ),
                message("thread_to_do", staff=names[staff], bid=bid.project.name),
            )
        )
    return out


# -- handover due ---------------------------------------------------------------------------


def handover_due(
    checks: Iterable[tuple[Staff, HandoverReport]], introduced: set[tuple[str, str]]
) -> list[Alert]:
    """Critical introductions from each leaver's handover check, minus those done:
    ``introduced`` holds (successor, person) pairs with a recent logged interaction."""
    out = []
    for leaver, report in checks:
        for intro in report.introductions:
            if (intro.successor_id, intro.person_id) in introduced:
                continue
            risk = next(r for r in report.relationships if r.person_id == intro.person_id)
            bid = max(risk.open_bids, key=lambda b: (b.exposure, b.project_id), default=None)
            where = (
                message("due_where", share=risk.share, bid=bid.name) if bid else message("no_sep")
            )
            out.append(
                _alert(
                    AlertKind.HANDOVER_DUE,
                    bid.project_id if bid else None,
                    intro.person_id,
                    intro.staff_id,
                    intro.by,
                    message(
                        "due_said",
                        leaver=leaver.name,
                        day=leaver.leaves_on,
                        person=intro.person_name,
                        where=where,
                        successor=intro.successor_name,
                    ),
                    message(
                        "due_to_do",
                        staff=intro.staff_name,
                        successor=intro.successor_name,
                        person=intro.person_name,
                        day=intro.by,
                    ),
                )
            )
    return out


def in_order(alerts: list[Alert]) -> list[Alert]:
    """Soonest first; undated last; then by kind and id, so the order is stable."""
    kinds = list(AlertKind)
    return sorted(alerts, key=lambda a: (a.on is None, a.on or date.max, kinds.index(a.kind), a.id))
