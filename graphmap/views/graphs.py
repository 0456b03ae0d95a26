"""The four graph views, each from an analysis result and the graph it was computed on.

Colours and shapes are shared so a sales lead learns them once: people are dots (diamonds when
they hold a seat), staff are purple triangles, projects gold stars, organizations grey boxes.
Stance colours run from green (advocate) to red (opponent); a person's blue ring widens with our
coverage; staff relationships are dashed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

import networkx as nx
from pyvis.network import Network

from graphmap.analysis.accounts import AccountCoverage
from graphmap.analysis.handover import HandoverReport, Severity
from graphmap.analysis.influence import Action, InfluenceReport, TieView
from graphmap.analysis.strength import Tie, coverage
from graphmap.config import AnalysisConfig
from graphmap.i18n import EN, Words
from graphmap.i18n.numbers import money, percent
from graphmap.model import DecisionRole, Stance
from graphmap.service import PathsReport
from graphmap.views.html import MAX_NODES, LegendItem, Page, PlanItem, new_network, url_id
from graphmap.views.layout import decision_tree, org_chart

STANCE_COLOR = {
    Stance.ADVOCATE: "#1a9850",
    Stance.SUPPORTER: "#91cf60",
    Stance.NEUTRAL: "#bdbdbd",
    Stance.SKEPTIC: "#fc8d59",
    Stance.OPPONENT: "#d73027",
    Stance.UNKNOWN: "#f7f7f7",
}
SEVERITY_COLOR = {
    Severity.CRITICAL: "#d73027",
    Severity.HIGH: "#fc8d59",
    Severity.MEDIUM: "#fee08b",
    Severity.LOW: "#d9ef8b",
}
STAFF_COLOR = "#6b46c1"
SUCCESSOR_COLOR = "#2b6cb0"
RING = "#2b6cb0"
PROJECT_COLOR = "#d69e2e"
ORG_COLOR = "#a0aec0"
EDGE_COLOR = {
    "INFLUENCES": "#4a5568",
    "REPORTS_TO": "#a0aec0",
    "KNOWS": STAFF_COLOR,
    "INTERACTED": "#b794f4",
    "DECIDES_ON": PROJECT_COLOR,
    "WORKS_AT": "#cbd5e0",
    "ASSIGNED_TO": "#9f7aea",
    "FOR_CLIENT": "#90cdf4",
    "COMPETES_FOR": "#e53e3e",
}
SHAPE = {"Person": "dot", "Staff": "triangle", "Project": "star", "Organization": "box"}


def person_color(stance: Stance, cov: float) -> dict[str, object]:
    """Fill = stance; a blue ring only where we have some coverage."""
    return {
        "background": STANCE_COLOR[stance],
        "border": RING if cov >= 0.05 else "#718096",
        "highlight": {"background": STANCE_COLOR[stance], "border": "#1a202c"},
    }


def ring(cov: float) -> float:
    """Border width for a coverage: wider is better covered."""
    return 1 + 5 * cov


def stance_legend(t: Words) -> list[LegendItem]:
    """Legend rows for the stance colours."""
    return [LegendItem(t("lg_stance", stance=t.code("stance", s)), STANCE_COLOR[s]) for s in Stance]


def common_legend(t: Words) -> list[LegendItem]:
    """Legend rows every person view shares."""
    return [
        LegendItem(t("lg_staff"), STAFF_COLOR, "triangle"),
        LegendItem(t("lg_influence"), EDGE_COLOR["INFLUENCES"], "line"),
        LegendItem(t("lg_reports"), EDGE_COLOR["REPORTS_TO"], "line"),
        LegendItem(t("lg_staff_tie"), STAFF_COLOR, "dashed"),
    ]


def known_by(t: Words, ties_: list[TieView]) -> str:
    """Every tie behind a coverage figure, leaving staff marked with their date."""
    items = [
        t("tt_leaving", name=x.name, strength=f"{x.strength:.2f}", date=x.leaves_on)
        if x.leaves_on
        else t("tt_tie_item", name=x.name, strength=f"{x.strength:.2f}")
        for x in ties_
    ]
    return t("name_sep").join(items) or t("nobody")


def _person_tooltip(name: str, title: str | None, org: str | None, lines: list[str]) -> str:
    head = name + (f" — {title}" if title else "") + (f", {org}" if org else "")
    return "\n".join([head, *lines])


def _add_staff(
    net: Network,
    graph: nx.MultiDiGraph,
    staff_id: str,
    t: Words,
    at: tuple[float, float] | None = None,
) -> None:
    """A staff member as the views draw one: a purple triangle, placed ``at`` when given."""
    staff = graph.nodes[staff_id]
    net.add_node(
        staff_id,
        label=short(staff["name"]),
        shape="triangle",
        color=STAFF_COLOR,
        size=12,
        kind="staff",
        name=staff["name"],
        title=t("tt_staff", name=staff["name"], role=staff.get("role") or ""),
        **({"x": at[0], "y": at[1]} if at else {}),
    )


def _keep(graph: nx.MultiDiGraph, rank: dict[str, float]) -> tuple[set[str], int]:
    """The MAX_NODES nodes that rank highest (ties by id); how many were left out."""
    if graph.number_of_nodes() <= MAX_NODES:
        return set(graph.nodes), 0
    ordered = sorted(graph.nodes, key=lambda n: (-rank.get(n, 0.0), n))
    return set(ordered[:MAX_NODES]), graph.number_of_nodes() - MAX_NODES


ROLE_ORDER = {role: k for k, role in enumerate(DecisionRole)}  # economic buyer first
LABEL_LINE = 14  # characters per label line; the tooltip has the full name
FOCUS_SHARE = 0.02  # the first picture: seats and everyone holding at least this share


def short(name: str) -> str:
    """A label that fits under a node in the tree: two short lines, split at the middle space,
    each cut with an ellipsis when longer than ``LABEL_LINE``.

    >>> short("Aidan Delgado"), short("Maximiliana Featherstonehaugh-Smythe")
    ('Aidan\\nDelgado', 'Maximiliana\\nFeatherstoneh…')
    """
    words_ = name.split()
    if len(words_) > 1:
        cut = min(
            range(1, len(words_)), key=lambda k: abs(len(" ".join(words_[:k])) - len(name) / 2)
        )
        lines = [" ".join(words_[:cut]), " ".join(words_[cut:])]
    else:
        lines = [name]
    return "\n".join(x if len(x) <= LABEL_LINE else x[: LABEL_LINE - 1] + "…" for x in lines)


def bid_view(
    graph: nx.MultiDiGraph, report: InfluenceReport, config: AnalysisConfig, t: Words = EN
) -> Page:
    """A bid's decision tree: seats in a row, influencers in layers above them by distance,
    the bid below, our staff in a lane at the side. Size = share, colour = stance, ring =
    coverage. The page draws it at once from these positions; its filters decide what shows."""
    net = new_network()
    people = {p.person_id: p for p in report.people}
    names = {n: d["name"] for n, d in graph.nodes(data=True) if "name" in d}
    rank = {p: r.share + 1 for p, r in people.items()}
    rank[report.project_id] = 10.0
    shown, hidden = _keep(
        graph, rank | {s: 0.5 for s, d in graph.nodes(data=True) if d["label"] == "Staff"}
    )
    person_ties = {p.person_id: {x.staff_id: x for x in p.ties} for p in report.people}
    focus = {p for p, r in people.items() if p in shown and (r.role or r.share >= FOCUS_SHARE)}
    covered = {s: {p for p, by in person_ties.items() if s in by} for s in names}
    staff = sorted(
        {s for p, by in person_ties.items() if p in shown for s in by if s in shown},
        key=lambda s: (not covered[s] & focus, -len(covered[s]), names[s], s),
    )
    positions = decision_tree(
        {p: r.hops for p, r in people.items() if p in shown},
        _sways(graph, shown),
        {
            p: (ROLE_ORDER.get(r.role, len(ROLE_ORDER)) if r.role else len(ROLE_ORDER), -r.share)
            for p, r in people.items()
            if p in shown
        },
        {p: r.organization_id for p, r in people.items()},
        staff,
        report.project_id,
        focus,
    )
    x, y = positions[report.project_id]
    net.add_node(
        report.project_id,
        label=short(report.project_name),
        shape="star",
        color=PROJECT_COLOR,
        size=30,
        x=x,
        y=y,
        kind="bid",
        title=t(
            "tt_bid",
            name=report.project_name,
            stage=t.code("stage", report.stage),
            forecast=f"{report.support_forecast:+.2f}",
            uncovered=percent(report.uncovered_share),
        ),
    )
    for pid, p in people.items():
        if pid not in shown:
            continue
        lines = [
            t("tt_seat", role=t.code("role", p.role), authority=percent(p.authority))
            if p.role
            else t("tt_no_seat"),
            t("tt_share", share=percent(p.share), rank=p.rank),
            t("tt_stance", stance=t.code("stance", p.stance)),
            t("tt_coverage", coverage=percent(p.coverage), known=known_by(t, p.ties)),
            t("tt_gap", gap=percent(p.leverage_gap)),
            t(
                "tt_way_in",
                route=_route(p.warm_path.nodes, names),
                strength=f"{p.warm_path.strength:.2f}",
            )
            if p.warm_path
            else t("tt_no_way_in"),
        ]
        x, y = positions[pid]
        net.add_node(
            pid,
            label=short(p.name),
            shape="diamond" if p.role else "dot",
            color=person_color(p.stance, p.coverage),
            borderWidth=ring(p.coverage),
            size=10 + 45 * math.sqrt(p.share),
            x=x,
            y=y,
            kind="person",
            share=p.share,
            seat=p.role is not None,
            stance=p.stance.value,
            covered=p.coverage >= config.strong_tie,
            name=p.name,
            fields=_editable(graph, pid, report.project_id),
            title=_person_tooltip(p.name, p.title, p.organization_name, lines),
        )
    for staff_id in staff:
        _add_staff(net, graph, staff_id, t, positions[staff_id])
    _staff_ties(net, graph, person_ties, shown, t, hidden_until_asked=True)
    _opinion_edges(net, graph, shown, t)
    _bow_along_rows(net, positions)
    for person, _, data in graph.in_edges(report.project_id, data=True):
        if data["type"] == "DECIDES_ON" and person in shown:
            net.add_edge(
                person,
                report.project_id,
                color=PROJECT_COLOR,
                width=1,
                title=t("tt_seat_edge", role=t.code("role", data["role"])),
            )
    legend = [
        LegendItem(t("lg_bid"), PROJECT_COLOR, "star"),
        LegendItem(t("lg_seat"), "#718096", "diamond"),
        LegendItem(t("lg_no_seat"), "#718096"),
        LegendItem(t("lg_ring"), RING, "ring"),
        *stance_legend(t),
        *common_legend(t),
    ]
    return Page(
        title=t("bid_title", name=report.project_name),
        subtitle=t(
            "bid_subtitle",
            id=report.project_id,
            stage=t.code("stage", report.stage),
            date=report.as_of,
            forecast=f"{report.support_forecast:+.2f}",
            uncovered=percent(report.uncovered_share),
        ),
        net=net,
        legend=legend,
        facts=[t.say(note) for note in report.keyed_notes],
        links=[
            (t("json"), f"/projects/{url_id(report.project_id)}/influence?as_of={report.as_of}"),
            (t("all_views"), "/views"),
        ],
        hidden=hidden,
        plan=[plan_item(a, names, t) for a in report.actions],
        layout="tree",
        stances=[(s.value, t.code("stance", s)) for s in Stance],
        lang=t.lang,
    )


def plan_item(a: Action, names: dict[str, str], t: Words) -> PlanItem:
    """One line of the action plan: who, through whom, and why (the analysis's own words)."""
    route = f"{_route(a.path, names)} ({a.path_strength:.2f})" if a.path else t("plan_nobody")
    return PlanItem(
        label=t(
            "plan_label",
            name=a.name,
            share=percent(a.share),
            rank=a.share_rank,
            coverage=percent(a.coverage),
        ),
        route=route,
        why=t.say(a.keyed_why),
        path=a.path or [a.person_id],
        person_id=a.person_id,
    )


def _editable(graph: nx.MultiDiGraph, person: str, bid: str) -> dict[str, object]:
    """What the page's edit panel shows and changes for one person: their own fields and
    their seat on this bid, as stored (not as computed)."""
    node = graph.nodes[person]
    seat = graph.get_edge_data(person, bid, key="DECIDES_ON")
    return {
        "title": node.get("title"),
        "notes": node.get("notes"),
        "stance": node["stance"].value,
        "susceptibility": node.get("susceptibility"),
        "role": seat["role"].value if seat else None,
        "authority": seat.get("authority") if seat else None,
    }


def _bow_along_rows(net: Network, positions: dict[str, tuple[float, float]]) -> None:
    """Lines between two people in one row would lie on top of each other: bow them."""
    for edge in net.edges:
        ends = positions.get(edge["from"]), positions.get(edge["to"])
        if ends[0] and ends[1] and ends[0][1] == ends[1][1]:
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.3}


def _sways(graph: nx.MultiDiGraph, shown: set[str]) -> dict[str, set[str]]:
    """person → the shown people whose view they move (influence, and reporting both ways)."""
    out: dict[str, set[str]] = {}
    for u, v, data in graph.edges(data=True):
        if u in shown and v in shown and data["type"] in ("INFLUENCES", "REPORTS_TO"):
            out.setdefault(u, set()).add(v)
            if data["type"] == "REPORTS_TO":
                out.setdefault(v, set()).add(u)
    return out


def _route(path: list[str], names: dict[str, str]) -> str:
    return " → ".join(names.get(n, n) for n in path)


def _staff_ties(
    net: Network,
    graph: nx.MultiDiGraph,
    person_ties: Mapping[str, Mapping[str, Tie | TieView]],
    shown: set[str],
    t: Words,
    hidden_until_asked: bool = False,
) -> None:
    """Dashed staff relationships into the shown people, adding the staff nodes they need.
    ``hidden_until_asked``: drawn only on hover or with the page's "our relationships" on."""
    for person, by_staff in sorted(person_ties.items()):
        if person not in shown:
            continue
        for staff_id, tie in sorted(by_staff.items()):
            if staff_id not in shown:
                continue
            if staff_id not in net.node_ids:
                _add_staff(net, graph, staff_id, t)
            net.add_edge(
                staff_id,
                person,
                dashes=True,
                color=STAFF_COLOR,
                width=1 + 4 * tie.strength,
                title=t("tt_tie", strength=f"{tie.strength:.2f}"),
                tie=True,
                hidden=hidden_until_asked,
            )


def _opinion_edges(net: Network, graph: nx.MultiDiGraph, shown: set[str], t: Words) -> None:
    for u, v, data in graph.edges(data=True):
        if u not in shown or v not in shown or u not in net.node_ids or v not in net.node_ids:
            continue
        if data["type"] == "INFLUENCES":
            net.add_edge(
                u,
                v,
                color=EDGE_COLOR["INFLUENCES"],
                width=1 + 6 * data["weight"],
                title=t("tt_influence", weight=f"{data['weight']:.2f}"),
            )
        elif data["type"] == "REPORTS_TO":
            net.add_edge(u, v, color=EDGE_COLOR["REPORTS_TO"], width=1, title=t("tt_reports"))


def handover_view(report: HandoverReport, currency: str | None = None, t: Words = EN) -> Page:
    """The leavers, everyone they know coloured by severity, and the suggested successors."""
    net = new_network()
    for staff_id, name in zip(report.staff_ids, report.staff_names, strict=True):
        net.add_node(
            staff_id,
            label=name,
            shape="triangle",
            color="#1a202c",
            size=26,
            title=t("tt_leaver", name=name, mode=t.code("mode", report.mode)),
        )
    for r in report.relationships:
        lines = [
            t(
                "tt_orphaned" if r.orphaned else "tt_severity",
                severity=t.code("severity", r.severity),
            ),
            t("tt_cov_change", before=percent(r.coverage_before), after=percent(r.coverage_after)),
            t("tt_share_open", share=percent(r.share)),
            t("tt_exposure", exposure=money(r.exposure, currency)),
            *(t("tt_successor", name=s.name, score=f"{s.score:.2f}") for s in r.successors),
        ]
        net.add_node(
            r.person_id,
            label=r.name,
            shape="dot",
            color=SEVERITY_COLOR[r.severity],
            size=10 + 40 * math.sqrt(r.share),
            title=_person_tooltip(r.name, r.title, r.organization_name, lines),
        )
        for staff_id in r.held_by:
            net.add_edge(
                staff_id,
                r.person_id,
                color=SEVERITY_COLOR[r.severity],
                width=1 + 5 * r.tie_strength,
                title=t("tt_tie_short", strength=f"{r.tie_strength:.2f}"),
            )
        for rank, s in enumerate(r.successors, 1):
            if s.staff_id not in net.node_ids:
                net.add_node(
                    s.staff_id,
                    label=s.name,
                    shape="triangle",
                    color=SUCCESSOR_COLOR,
                    size=16,
                    title=t("tt_suggested", name=s.name),
                )
            net.add_edge(
                s.staff_id,
                r.person_id,
                dashes=True,
                color=SUCCESSOR_COLOR,
                width=3 if rank == 1 else 1,
                title=t("list_sep").join(t.say(r) for r in s.keyed_reasons),
            )
    legend = [
        LegendItem(t("lg_leaver"), "#1a202c", "triangle"),
        *(
            LegendItem(t("lg_severity", severity=t.code("severity", s)), SEVERITY_COLOR[s])
            for s in Severity
        ),
        LegendItem(t("lg_successor"), SUCCESSOR_COLOR, "triangle"),
    ]
    totals = report.totals
    ids = "&".join(f"also={url_id(s)}" for s in report.staff_ids[1:])
    return Page(
        title=t("handover_title", names=t("name_sep").join(report.staff_names)),
        subtitle=t(
            "handover_subtitle",
            mode=t.code("mode", report.mode),
            date=report.as_of,
            critical=totals.critical,
            high=totals.high,
            exposed=money(totals.pipeline_value_exposed, currency),
        ),
        net=net,
        legend=legend,
        facts=_handover_facts(report, t),
        links=[
            (
                t("json"),
                f"/staff/{url_id(report.staff_ids[0])}/handover?mode={report.mode.value}"
                f"{'&' + ids if ids else ''}",
            ),
            (t("all_views"), "/views"),
        ],
        lang=t.lang,
    )


def _handover_facts(report: HandoverReport, t: Words, shown: int = 8) -> list[str]:
    """The first introductions to make, how many more there are, and who was passed over."""
    intros = report.introductions
    facts = [
        t("fact_introduce", successor=i.successor_name, person=i.person_name, date=i.by)
        for i in intros[:shown]
    ]
    if len(intros) > shown:
        facts.append(t("fact_more_intros", n=len(intros) - shown))
    if report.passed_over:
        passed = [t("passed_item", name=p.name, reason=p.keyed_reason) for p in report.passed_over]
        facts.append(t("fact_passed_over", list=t("list_sep").join(passed)))
    return facts


def account_view(
    graph: nx.MultiDiGraph,
    report: AccountCoverage,
    person_ties: Mapping[str, Mapping[str, Tie]],
    as_of: date,
    config: AnalysisConfig,
    t: Words = EN,
) -> Page:
    """The client's org chart: reporting lines top-down, titles on the nodes, seats in open
    bids as diamonds, colour = stance, ring = coverage; key facts from the account analysis.
    ``person_ties`` are the analysis's ties into the account's people."""
    net = new_network()
    org_id = report.organization_id
    org = graph.nodes[org_id]
    people = sorted(
        n
        for n, d in graph.nodes(data=True)
        if d["label"] == "Person" and d.get("organization_id") == org_id
    )
    open_bids = set(report.open_bids)
    seats: dict[str, list[str]] = {}
    for person, bid, d in graph.edges(data=True):
        if d["type"] == "DECIDES_ON" and bid in open_bids:
            seats.setdefault(person, []).append(
                t("bid_role", bid=graph.nodes[bid]["name"], role=t.code("role", d["role"]))
            )
    staff = sorted(
        {s for p in people for s in person_ties.get(p, {})},
        key=lambda s: (-sum(s in person_ties.get(p, {}) for p in people), s),
    )
    positions = org_chart(
        {p: graph.nodes[p].get("reports_to") for p in people},
        {p: (p not in seats, graph.nodes[p]["name"]) for p in people},
        staff,
    )
    for pid in people:
        d = graph.nodes[pid]
        mine = person_ties.get(pid, {})
        cov = coverage(x.strength for x in mine.values())
        known = t("name_sep").join(
            t("tt_tie_item", name=graph.nodes[s]["name"], strength=f"{x.strength:.2f}")
            for s, x in sorted(mine.items(), key=lambda kv: -kv[1].strength)
        )
        x, y = positions[pid]
        title = d.get("title") or ""
        gone = _left(graph, d, as_of, t)
        net.add_node(
            pid,
            label=short(d["name"]) + (f"\n{title[: LABEL_LINE * 2]}" if title else ""),
            shape="diamond" if pid in seats else "dot",
            size=16,
            x=x,
            y=y,
            kind="person",
            name=d["name"],
            color=person_color(d["stance"], cov),
            borderWidth=ring(cov),
            shapeProperties={"borderDashes": [5, 4]} if gone else {},
            title=_person_tooltip(
                d["name"],
                d.get("title"),
                org["name"],
                [
                    *([gone] if gone else []),
                    t("tt_stance", stance=t.code("stance", d["stance"])),
                    t("tt_coverage", coverage=percent(cov), known=known or t("nobody")),
                    t("tt_seats", seats=t("list_sep").join(seats.get(pid, [])))
                    if pid in seats
                    else t("tt_no_open_seats"),
                ],
            ),
        )
    for staff_id in staff:
        _add_staff(net, graph, staff_id, t, positions[staff_id])
    _staff_ties(net, graph, person_ties, set(people) | set(staff), t, hidden_until_asked=True)
    _opinion_edges(net, graph, set(people), t)
    _bow_along_rows(net, positions)
    about = [
        t.code("category", org.get("category")) or None,
        org.get("region"),
        t("tier", tier=org["tier"]) if org.get("tier") else None,
        t("people_count", n=len(people)),
        t("as_of", date=as_of),
    ]
    return Page(
        title=t("account_title", name=org["name"]),
        subtitle=" · ".join(x for x in about if x),
        net=net,
        legend=[
            LegendItem(t("lg_seat_open"), "#718096", "diamond"),
            LegendItem(t("lg_dot"), "#718096"),
            LegendItem(t("lg_reports_chart"), EDGE_COLOR["REPORTS_TO"], "line"),
            LegendItem(t("lg_influence"), EDGE_COLOR["INFLUENCES"], "line"),
            LegendItem(t("lg_ring"), RING, "ring"),
            *stance_legend(t),
            LegendItem(t("lg_staff"), STAFF_COLOR, "triangle"),
            LegendItem(t("lg_staff_tie_hover"), STAFF_COLOR, "dashed"),
            LegendItem(t("lg_left"), "#718096", "ring"),
        ],
        facts=account_facts(graph, report, config, t)
        + _left_facts(graph, [p for p in people if _left(graph, graph.nodes[p], as_of, t)], t),
        links=[
            (t("json"), f"/accounts/{url_id(org_id)}/coverage?as_of={as_of}"),
            (t("all_views"), "/views"),
        ],
        layout="chart",
        lang=t.lang,
    )


def _left(graph: nx.MultiDiGraph, person: Mapping[str, Any], as_of: date, t: Words) -> str:
    """How a person who has left the organization by ``as_of`` is described; "" if they have
    not."""
    left_on = person.get("left_on")
    if left_on is None or left_on > as_of:
        return ""
    moved = person.get("moved_to")
    if moved in graph:
        return t("tt_left_to", date=left_on, org=graph.nodes[moved]["name"])
    return t("tt_left", date=left_on)


def _left_facts(graph: nx.MultiDiGraph, gone: list[str], t: Words) -> list[str]:
    names = t("name_sep").join(graph.nodes[p]["name"] for p in gone)
    return [t("fact_left", names=names)] if gone else []


def account_facts(
    graph: nx.MultiDiGraph, report: AccountCoverage, config: AnalysisConfig, t: Words = EN
) -> list[str]:
    """What a sales lead should know about an account before the meeting, in words."""
    name = {n: d.get("name", n) for n, d in graph.nodes(data=True)}
    bus = t("bus" if report.bus_factor_exact else "bus_at_most", n=report.bus_factor)
    threshold = percent(config.bus_factor_threshold)
    breaks = t("name_sep").join(name.get(s, s) for s in report.bus_factor_staff)
    if report.bus_factor == 0:
        bus = t("bus_zero", bus=bus, threshold=threshold)
    elif breaks:
        bus = t("bus_breaks", bus=bus, threshold=threshold, names=breaks)
    facts = [t("fact_covered", share=percent(report.covered_share), bus=bus)]
    if report.key_staff:
        rests = [
            t("rests_item", name=k.name, share=percent(k.covered_share_without))
            for k in report.key_staff[:3]
        ]
        facts.append(t("fact_rests_on", list=t("list_sep").join(rests)))
    bids = [
        t(
            "open_bid_item",
            name=name.get(b, b),
            stage=t.code("stage", graph.nodes[b]["stage"]),
            value=money(graph.nodes[b].get("value") or 0, config.currency),
        )
        for b in report.open_bids
        if b in graph
    ]
    facts.append(t("fact_open_bids", list=t("list_sep").join(bids)) if bids else t("fact_no_bids"))
    if report.unmapped_bids:
        unmapped = t("name_sep").join(name.get(b, b) for b in report.unmapped_bids)
        facts.append(t("fact_unmapped", names=unmapped))
    return facts


TWIN = {  # the JSON behind an ego view, by the subject's label
    "Person": ("json_paths", "/people/{id}/paths"),
    "Staff": ("json_handover", "/staff/{id}/handover"),
    "Project": ("json_influence", "/projects/{id}/influence"),
    "Organization": ("json_coverage", "/accounts/{id}/coverage"),
}


def ego_view(
    graph: nx.MultiDiGraph, center: str, facts: list[str] | None = None, t: Words = EN
) -> Page:
    """Everything within a few relationships of one person or staff member, the subject drawn
    large and dark-ringed; the legend names every kind of line the picture uses."""
    net = new_network()
    for node, d in graph.nodes(data=True):
        label = d["label"]
        color = {
            "Person": STANCE_COLOR.get(d.get("stance"), "#bdbdbd"),
            "Staff": STAFF_COLOR,
            "Project": PROJECT_COLOR,
            "Organization": ORG_COLOR,
        }[label]
        extra = [t("tt_stance", stance=t.code("stance", d["stance"]))] if label == "Person" else []
        if label == "Project":
            extra = [t("tt_stage", stage=t.code("stage", d["stage"]))]
        subject = node == center
        net.add_node(
            node,
            label=short(d["name"]),
            shape=SHAPE[label],
            color={"background": color, "border": "#1a202c" if subject else "#4a5568"},
            borderWidth=5 if subject else 1,
            size=30 if subject else 12,
            font={"size": 18, "bold": True} if subject else {},
            kind=label.lower(),
            name=d["name"],
            title="\n".join(
                [t("tt_node", name=d["name"], kind=t.code("kind", label.lower())), *extra]
            ),
        )
    kinds = sorted({d["type"] for _, _, d in graph.edges(data=True)})
    for u, v, d in graph.edges(data=True):
        net.add_edge(
            u,
            v,
            color=EDGE_COLOR[d["type"]],
            dashes=d["type"] in ("KNOWS", "INTERACTED"),
            title=t.code("edge", d["type"]),
        )
    name = graph.nodes[center]["name"]
    hops = graph.graph.get("hops", 1)
    twin, url = TWIN[graph.nodes[center]["label"]]
    return Page(
        title=t("around_title", name=name),
        subtitle=t("hops_one", id=center) if hops == 1 else t("hops_many", hops=hops, id=center),
        net=net,
        legend=[
            LegendItem(t("lg_subject", name=name), "#1a202c", "ring"),
            LegendItem(t("lg_person_stance"), "#bdbdbd"),
            LegendItem(t("lg_staff"), STAFF_COLOR, "triangle"),
            LegendItem(t("lg_project"), PROJECT_COLOR, "star"),
            LegendItem(t("lg_org"), ORG_COLOR, "square"),
            *(
                LegendItem(
                    t.code("edge", k),
                    EDGE_COLOR[k],
                    "dashed" if k in ("KNOWS", "INTERACTED") else "line",
                )
                for k in kinds
            ),
        ],
        facts=facts or [],
        links=[(t(twin), url.format(id=url_id(center))), (t("all_views"), "/views")],
        lang=t.lang,
    )


def person_facts(
    graph: nx.MultiDiGraph, paths: PathsReport, names: dict[str, str], t: Words = EN
) -> list[str]:
    """Who the person is, where they sit, who knows them and the warmest way in (``names``:
    everyone the warm paths mention, some of whom lie outside the picture)."""
    node = graph.nodes[paths.person_id]
    org = graph.nodes[node["organization_id"]]["name"] if node.get("organization_id") else None
    seats = [
        t(
            "seat_item",
            bid=graph.nodes[b]["name"],
            role=t.code("role", d["role"]),
            stage=t.code("stage", graph.nodes[b]["stage"]),
        )
        for _, b, d in graph.out_edges(paths.person_id, data=True)
        if d["type"] == "DECIDES_ON"
    ]
    facts = [
        t("name_sep").join(x for x in (node.get("title"), org) if x) or t("fact_no_title_org"),
        t(
            "fact_stance_seats",
            stance=t.code("stance", node["stance"]),
            seats=t("list_sep").join(seats) or t("none"),
        ),
        t("fact_coverage", coverage=percent(paths.coverage), known=known_by(t, paths.ties)),
    ]
    if paths.warm_paths:
        best = paths.warm_paths[0]
        route = " → ".join(names.get(n, n) for n in best.nodes)
        facts.append(t("fact_way_in", route=route, strength=f"{best.strength:.2f}"))
    return facts


def staff_facts(
    graph: nx.MultiDiGraph,
    staff_id: str,
    held: list[Tie],
    as_of: date,
    config: AnalysisConfig,
    t: Words = EN,
) -> list[str]:
    """Role and status, the relationships this staff member holds (``held``, as the analysis
    measured them), the bids they work."""
    node = graph.nodes[staff_id]
    strong = sum(x.strength >= config.strong_tie for x in held)
    status = t.code("status", node["status"])
    if node.get("leaves_on"):
        status = t("status_on", status=status, date=node["leaves_on"])
    bids = [
        t("bid_role", bid=graph.nodes[p]["name"], role=t.code("assignment", d["role"]))
        for _, p, d in graph.out_edges(staff_id, data=True)
        if d["type"] == "ASSIGNED_TO"
    ]
    who = t("name_sep").join(
        x for x in (node.get("role"), node.get("team"), node.get("region")) if x
    )
    return [
        f"{who} · {status}" if who else status,
        t("fact_holds", n=len(held), date=as_of, strong=strong),
        t("fact_works_on", bids=t("list_sep").join(bids) or t("no_bids")),
    ]
