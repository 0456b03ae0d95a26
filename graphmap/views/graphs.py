"""The four graph views, each from an analysis result and the graph it was computed on.

Colours and shapes are shared so a sales lead learns them once: people are dots (diamonds when
they hold a seat), staff are purple triangles, projects gold stars, organizations grey boxes.
Stance colours run from green (advocate) to red (opponent); a person's blue ring widens with our
coverage; staff relationships are dashed.
"""

from __future__ import annotations

import math

import networkx as nx

from graphmap.analysis.accounts import AccountCoverage
from graphmap.analysis.handover import HandoverReport, Severity
from graphmap.analysis.influence import InfluenceReport
from graphmap.analysis.strength import coverage, ties
from graphmap.config import AnalysisConfig
from graphmap.model import DecisionRole, Stance
from graphmap.service import PathsReport
from graphmap.views.html import MAX_NODES, LegendItem, Page, PlanItem, new_network
from graphmap.views.layout import decision_tree, org_chart
from graphmap.views.wording import money, percent, words

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
EDGE_WORDS = {
    "INFLUENCES": "influences",
    "REPORTS_TO": "reports to",
    "KNOWS": "staff relationship",
    "INTERACTED": "logged contact",
    "DECIDES_ON": "seat on a bid",
    "WORKS_AT": "works at",
    "ASSIGNED_TO": "works on the bid",
    "FOR_CLIENT": "bid for the client",
    "COMPETES_FOR": "competes for the bid",
}


def person_color(stance: Stance, cov: float) -> dict[str, object]:
    """Fill = stance; a blue ring only where we have some coverage."""
    return {
        "background": STANCE_COLOR[stance],
        "border": RING if cov >= 0.05 else "#718096",
        "highlight": {"background": STANCE_COLOR[stance], "border": "#1a202c"},
    }


def ring(cov: float) -> float:
    return 1 + 5 * cov


def stance_legend() -> list[LegendItem]:
    return [LegendItem(f"stance: {s.value}", STANCE_COLOR[s]) for s in Stance]


def common_legend() -> list[LegendItem]:
    return [
        LegendItem("staff member", STAFF_COLOR, "triangle"),
        LegendItem("influence (width = weight)", EDGE_COLOR["INFLUENCES"], "line"),
        LegendItem("reports to", EDGE_COLOR["REPORTS_TO"], "line"),
        LegendItem("staff relationship (dashed, width = strength)", STAFF_COLOR, "dashed"),
    ]


def _person_tooltip(name: str, title: str | None, org: str | None, lines: list[str]) -> str:
    head = name + (f" — {title}" if title else "") + (f", {org}" if org else "")
    return "\n".join([head, *lines])


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


def bid_view(graph: nx.MultiDiGraph, report: InfluenceReport, config: AnalysisConfig) -> Page:
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
    person_ties = ties(graph, report.as_of, config)
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
            p: (ROLE_ORDER.get(r.role, len(ROLE_ORDER)), -r.share)
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
        title=f"{report.project_name} ({words(report.stage)})\nsupport forecast "
        f"{report.support_forecast:+.2f}\nuncovered share "
        f"{percent(report.uncovered_share)}",
    )
    for pid, p in people.items():
        if pid not in shown:
            continue
        known = ", ".join(
            f"{t.name} {t.strength:.2f}" + (f" (leaving {t.leaves_on})" if t.leaves_on else "")
            for t in p.ties
        )
        lines = [
            f"seat: {words(p.role)} (authority {percent(p.authority)})"
            if p.role
            else "no seat on this bid",
            f"share of the decision: {percent(p.share)} (rank {p.rank})",
            f"stance: {p.stance.value}",
            f"coverage: {percent(p.coverage)} — known by: {known or 'nobody'}",
            f"leverage gap: {percent(p.leverage_gap)}",
            f"warmest introduction: {_route(p.warm_path.nodes, names)} ({p.warm_path.strength:.2f})"
            if p.warm_path
            else "warmest introduction: nobody available reaches them",
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
            title=_person_tooltip(p.name, p.title, p.organization_name, lines),
        )
    for staff_id in staff:
        member = graph.nodes[staff_id]
        x, y = positions[staff_id]
        net.add_node(
            staff_id,
            label=short(member["name"]),
            shape="triangle",
            color=STAFF_COLOR,
            size=12,
            x=x,
            y=y,
            kind="staff",
            name=member["name"],
            title=f"{member['name']} (staff)\n{member.get('role') or ''}",
        )
    _staff_ties(net, graph, person_ties, shown, hidden_until_asked=True)
    _opinion_edges(net, graph, shown)
    _bow_along_rows(net, positions)
    for person, _, data in graph.in_edges(report.project_id, data=True):
        if data["type"] == "DECIDES_ON" and person in shown:
            net.add_edge(
                person,
                report.project_id,
                color=PROJECT_COLOR,
                width=1,
                title=f"seat: {words(data['role'])}",
            )
    legend = [
        LegendItem("the bid", PROJECT_COLOR, "star"),
        LegendItem("holds a seat (diamond)", "#718096", "diamond"),
        LegendItem("no seat (dot); size = share", "#718096"),
        LegendItem("blue ring: wider = better covered", RING, "ring"),
        *stance_legend(),
        *common_legend(),
    ]
    return Page(
        title=f"{report.project_name}: who decides",
        subtitle=f"bid {report.project_id} · {words(report.stage)} · as of "
        f"{report.as_of} · support forecast {report.support_forecast:+.2f} · uncovered share "
        f"{percent(report.uncovered_share)}",
        net=net,
        legend=legend,
        facts=report.notes,
        links=[
            ("JSON", f"/projects/{report.project_id}/influence?as_of={report.as_of}"),
            ("all views", "/views"),
        ],
        hidden=hidden,
        plan=[
            PlanItem(
                label=f"{a.name} — {percent(a.share)} of the decision (#{a.share_rank}), "
                f"known {percent(a.coverage)}",
                route=f"{_route(a.path, names)} ({a.path_strength:.2f})"
                if a.path
                else "nobody available reaches them",
                why=a.why,
                path=a.path or [a.person_id],
                person_id=a.person_id,
            )
            for a in report.actions
        ],
        layout="tree",
        stances=[s.value for s in Stance],
    )


def _bow_along_rows(net, positions: dict[str, tuple[float, float]]) -> None:
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
    net, graph: nx.MultiDiGraph, person_ties: dict, shown: set[str], hidden_until_asked=False
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
                staff = graph.nodes[staff_id]
                net.add_node(
                    staff_id,
                    label=short(staff["name"]),
                    shape="triangle",
                    color=STAFF_COLOR,
                    size=12,
                    kind="staff",
                    name=staff["name"],
                    title=f"{staff['name']} (staff)\n{staff.get('role') or ''}",
                )
            net.add_edge(
                staff_id,
                person,
                dashes=True,
                color=STAFF_COLOR,
                width=1 + 4 * tie.strength,
                title=f"tie strength {tie.strength:.2f}",
                tie=True,
                hidden=hidden_until_asked,
            )


def _opinion_edges(net, graph: nx.MultiDiGraph, shown: set[str]) -> None:
    for u, v, data in graph.edges(data=True):
        if u not in shown or v not in shown or u not in net.node_ids or v not in net.node_ids:
            continue
        if data["type"] == "INFLUENCES":
            net.add_edge(
                u,
                v,
                color=EDGE_COLOR["INFLUENCES"],
                width=1 + 6 * data["weight"],
                title=f"influences, weight {data['weight']:.2f}",
            )
        elif data["type"] == "REPORTS_TO":
            net.add_edge(u, v, color=EDGE_COLOR["REPORTS_TO"], width=1, title="reports to")


def handover_view(report: HandoverReport, currency: str | None = None) -> Page:
    """The leavers, everyone they know coloured by severity, and the suggested successors."""
    net = new_network()
    for staff_id, name in zip(report.staff_ids, report.staff_names, strict=True):
        net.add_node(
            staff_id,
            label=name,
            shape="triangle",
            color="#1a202c",
            size=26,
            title=f"{name} ({report.mode.value})",
        )
    for r in report.relationships:
        lines = [
            f"severity: {r.severity.value}{' — orphaned' * r.orphaned}",
            f"coverage {percent(r.coverage_before)} → {percent(r.coverage_after)}",
            f"decision share in open bids: {percent(r.share)}",
            f"exposure: {money(r.exposure, currency)}",
            *(f"successor: {s.name} ({s.score:.2f})" for s in r.successors),
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
                title=f"tie {r.tie_strength:.2f}",
            )
        for rank, s in enumerate(r.successors, 1):
            if s.staff_id not in net.node_ids:
                net.add_node(
                    s.staff_id,
                    label=s.name,
                    shape="triangle",
                    color=SUCCESSOR_COLOR,
                    size=16,
                    title=f"{s.name}: suggested successor",
                )
            net.add_edge(
                s.staff_id,
                r.person_id,
                dashes=True,
                color=SUCCESSOR_COLOR,
                width=3 if rank == 1 else 1,
                title="; ".join(s.reasons),
            )
    legend = [
        LegendItem("leaving or moving", "#1a202c", "triangle"),
        *(LegendItem(f"{s.value} relationship", SEVERITY_COLOR[s]) for s in Severity),
        LegendItem(
            "suggested successor (dashed; thick = first choice)", SUCCESSOR_COLOR, "triangle"
        ),
    ]
    t = report.totals
    ids = "&".join(f"also={s}" for s in report.staff_ids[1:])
    return Page(
        title=f"Handover check: {', '.join(report.staff_names)}",
        subtitle=f"mode {report.mode.value} · as of {report.as_of} · {t.critical} critical, "
        f"{t.high} high · pipeline exposed {money(t.pipeline_value_exposed, currency)}",
        net=net,
        legend=legend,
        facts=_handover_facts(report),
        links=[
            (
                "JSON",
                f"/staff/{report.staff_ids[0]}/handover?mode={report.mode.value}"
                f"{'&' + ids if ids else ''}",
            ),
            ("all views", "/views"),
        ],
    )


def _handover_facts(report: HandoverReport, shown: int = 8) -> list[str]:
    """The first introductions to make, how many more there are, and who was passed over."""
    intros = report.introductions
    facts = [f"Introduce {i.successor_name} to {i.person_name} by {i.by}" for i in intros[:shown]]
    if len(intros) > shown:
        facts.append(f"… and {len(intros) - shown} more introductions (see the JSON)")
    if report.passed_over:
        facts.append(
            "Passed over (cannot take over): "
            + "; ".join(f"{p.name}, {p.reason}" for p in report.passed_over)
        )
    return facts


def account_view(graph: nx.MultiDiGraph, report: AccountCoverage, as_of, config) -> Page:
    """The client's org chart: reporting lines top-down, titles on the nodes, seats in open
    bids as diamonds, colour = stance, ring = coverage; key facts from the account analysis."""
    net = new_network()
    org_id = report.organization_id
    org = graph.nodes[org_id]
    person_ties = ties(graph, as_of, config)
    people = sorted(
        n
        for n, d in graph.nodes(data=True)
        if d["label"] == "Person" and d.get("organization_id") == org_id
    )
    open_bids = set(report.open_bids)
    seats: dict[str, list[str]] = {}
    for person, bid, d in graph.edges(data=True):
        if d["type"] == "DECIDES_ON" and bid in open_bids:
            seats.setdefault(person, []).append(f"{graph.nodes[bid]['name']} ({words(d['role'])})")
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
        cov = coverage(t.strength for t in person_ties.get(pid, {}).values())
        known = [
            f"{graph.nodes[s]['name']} {t.strength:.2f}"
            for s, t in sorted(person_ties.get(pid, {}).items(), key=lambda kv: -kv[1].strength)
        ]
        x, y = positions[pid]
        title = d.get("title") or ""
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
            title=_person_tooltip(
                d["name"],
                d.get("title"),
                org["name"],
                [
                    f"stance: {d['stance'].value}",
                    f"coverage: {percent(cov)} — known by: {', '.join(known) or 'nobody'}",
                    "seats: " + ("; ".join(seats.get(pid, [])) or "none in open bids"),
                ],
            ),
        )
    for staff_id in staff:
        x, y = positions[staff_id]
        member = graph.nodes[staff_id]
        net.add_node(
            staff_id,
            label=short(member["name"]),
            shape="triangle",
            color=STAFF_COLOR,
            size=12,
            x=x,
            y=y,
            kind="staff",
            name=member["name"],
            title=f"{member['name']} (staff)\n{member.get('role') or ''}",
        )
    _staff_ties(net, graph, person_ties, set(people) | set(staff), hidden_until_asked=True)
    _opinion_edges(net, graph, set(people))
    _bow_along_rows(net, positions)
    return Page(
        title=f"Account: {org['name']}",
        subtitle=" · ".join(
            x
            for x in (
                words(org.get("category")) or None,
                org.get("region"),
                f"tier {org['tier']}" if org.get("tier") else None,
                f"{len(people)} people",
                f"as of {as_of}",
            )
            if x
        ),
        net=net,
        legend=[
            LegendItem("holds a seat in an open bid (diamond)", "#718096", "diamond"),
            LegendItem("no seat (dot)", "#718096"),
            LegendItem("reports to (manager above)", EDGE_COLOR["REPORTS_TO"], "line"),
            LegendItem("influence (width = weight)", EDGE_COLOR["INFLUENCES"], "line"),
            LegendItem("blue ring: wider = better covered", RING, "ring"),
            *stance_legend(),
            LegendItem("staff member", STAFF_COLOR, "triangle"),
            LegendItem("staff relationship (on hover)", STAFF_COLOR, "dashed"),
        ],
        facts=account_facts(graph, report, config),
        links=[("JSON", f"/accounts/{org_id}/coverage?as_of={as_of}"), ("all views", "/views")],
        layout="chart",
    )


def account_facts(
    graph: nx.MultiDiGraph, report: AccountCoverage, config: AnalysisConfig
) -> list[str]:
    """What a sales lead should know about an account before the meeting, in words."""
    name = {n: d.get("name", n) for n, d in graph.nodes(data=True)}
    bus = f"bus factor {report.bus_factor}" + ("" if report.bus_factor_exact else " (at most)")
    breaks = ", ".join(name.get(s, s) for s in report.bus_factor_staff)
    if report.bus_factor == 0:
        bus += f": already below {percent(config.bus_factor_threshold)} covered"
    elif breaks:
        bus += f": coverage falls below {percent(config.bus_factor_threshold)} if {breaks} leave"
    facts = [f"Covered decision share {percent(report.covered_share)}; {bus}."]
    if report.key_staff:
        facts.append(
            "Rests on: "
            + "; ".join(
                f"{k.name} (without them {percent(k.covered_share_without)})"
                for k in report.key_staff[:3]
            )
            + "."
        )
    bids = [
        f"{name.get(b, b)} ({words(graph.nodes[b]['stage'])}, "
        f"{money(graph.nodes[b].get('value') or 0, config.currency)})"
        for b in report.open_bids
        if b in graph
    ]
    facts.append(f"Open bids: {'; '.join(bids)}." if bids else "No open bids.")
    if report.unmapped_bids:
        unmapped = ", ".join(name.get(b, b) for b in report.unmapped_bids)
        facts.append(f"No decision-makers mapped for: {unmapped}.")
    return facts


def ego_view(graph: nx.MultiDiGraph, center: str, facts: list[str] | None = None) -> Page:
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
        extra = [f"stance: {d['stance'].value}"] if label == "Person" else []
        if label == "Project":
            extra = [f"stage: {words(d['stage'])}"]
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
            title="\n".join([f"{d['name']} ({label.lower()})", *extra]),
        )
    kinds = sorted({d["type"] for _, _, d in graph.edges(data=True)})
    for u, v, d in graph.edges(data=True):
        net.add_edge(
            u,
            v,
            color=EDGE_COLOR[d["type"]],
            dashes=d["type"] in ("KNOWS", "INTERACTED"),
            title=EDGE_WORDS[d["type"]],
        )
    name = graph.nodes[center]["name"]
    twin = {
        "Person": ("JSON: warm paths", f"/people/{center}/paths"),
        "Staff": ("JSON: handover check", f"/staff/{center}/handover"),
        "Project": ("JSON: influence", f"/projects/{center}/influence"),
        "Organization": ("JSON: coverage", f"/accounts/{center}/coverage"),
    }
    hops = graph.graph.get("hops", 1)
    return Page(
        title=f"Around {name}",
        subtitle=f"{hops} relationship{'s' * (hops > 1)} out from {center}",
        net=net,
        legend=[
            LegendItem(f"{name} (large, dark ring)", "#1a202c", "ring"),
            LegendItem("person (colour = stance)", "#bdbdbd"),
            LegendItem("staff member", STAFF_COLOR, "triangle"),
            LegendItem("project", PROJECT_COLOR, "star"),
            LegendItem("organization", ORG_COLOR, "square"),
            *(
                LegendItem(
                    EDGE_WORDS[k],
                    EDGE_COLOR[k],
                    "dashed" if k in ("KNOWS", "INTERACTED") else "line",
                )
                for k in kinds
            ),
        ],
        facts=facts or [],
        links=[twin[graph.nodes[center]["label"]], ("all views", "/views")],
    )


def person_facts(graph: nx.MultiDiGraph, paths: PathsReport, names: dict[str, str]) -> list[str]:
    """Who the person is, where they sit, who knows them and the warmest way in (``names``:
    everyone the warm paths mention, some of whom lie outside the picture)."""
    node = graph.nodes[paths.person_id]
    org = graph.nodes[node["organization_id"]]["name"] if node.get("organization_id") else None
    seats = [
        f"{graph.nodes[b]['name']} ({words(d['role'])}, {words(graph.nodes[b]['stage'])})"
        for _, b, d in graph.out_edges(paths.person_id, data=True)
        if d["type"] == "DECIDES_ON"
    ]
    known = "; ".join(
        f"{t.name} {t.strength:.2f}" + (f" (leaving {t.leaves_on})" if t.leaves_on else "")
        for t in paths.ties
    )
    facts = [
        ", ".join(x for x in (node.get("title"), org) if x) or "no title or organization",
        f"Stance {words(node['stance'])}; seats: {'; '.join(seats) or 'none'}.",
        f"Coverage {percent(paths.coverage)} — known by: {known or 'nobody'}.",
    ]
    if paths.warm_paths:
        best = paths.warm_paths[0]
        route = " → ".join(names.get(n, n) for n in best.nodes)
        facts.append(f"Warmest way in: {route} ({best.strength:.2f}).")
    return facts


def staff_facts(graph: nx.MultiDiGraph, staff_id: str, as_of, config: AnalysisConfig) -> list[str]:
    """Role and status, the relationships this staff member holds, the bids they work."""
    node = graph.nodes[staff_id]
    held = [t for by in ties(graph, as_of, config).values() for s, t in by.items() if s == staff_id]
    strong = sum(t.strength >= config.strong_tie for t in held)
    status = words(node["status"]) + (f" on {node['leaves_on']}" if node.get("leaves_on") else "")
    bids = [
        f"{graph.nodes[p]['name']} ({words(d['role'])})"
        for _, p, d in graph.out_edges(staff_id, data=True)
        if d["type"] == "ASSIGNED_TO"
    ]
    return [
        ", ".join(x for x in (node.get("role"), node.get("team"), node.get("region")) if x)
        + f" · {status}",
        f"Holds {len(held)} relationships as of {as_of}, {strong} of them strong.",
        f"Works on: {'; '.join(bids) or 'no bids'}.",
    ]
