"""Who really decides a bid: decision shares by Friedkin–Johnsen opinion dynamics.

Each person i starts from a view s_i and settles at x = (I - Λ)s + ΛŴx, where Ŵ row-normalizes
the weights of the ties coming into i (INFLUENCES, plus REPORTS_TO at configured weights both
ways) and λ_i is i's susceptibility (their own value, else α) when i has an influencer, else 0.
The decision is a·x for the seats' normalized authority a, so person j's share of it is

    c = aᵀ (I - ΛŴ)⁻¹ (I - Λ)

Shares are non-negative and sum to 1. Expanding (I - ΛŴ)⁻¹ as Σ (ΛŴ)^k splits a share into
walk terms: each walk j → … → seat contributes (1 - λ_j) · Π λ_v Ŵ_v,prev · a_seat. Walks may
pass a person twice (a cycle of influence), and the largest terms, revisits included, are the
explanation shown for each person, with the fraction of the share they account for.

>>> from graphmap.model import Bundle
>>> from graphmap.store.graph import graph_from_bundle
>>> b = Bundle.model_validate({
...     "organizations": [{"id": "o", "name": "O"}],
...     "people": [{"id": "boss", "name": "B", "organization_id": "o", "susceptibility": 0.5},
...                {"id": "adv", "name": "A", "organization_id": "o"}],
...     "projects": [{"id": "bid", "name": "Bid", "client_id": "o"}],
...     "influences": [{"from_id": "adv", "to_id": "boss", "weight": 1.0}],
...     "decision_roles": [{"person_id": "boss", "project_id": "bid", "role": "decision_maker"}]})
>>> shares = decision_shares(graph_from_bundle(b), "bid", AnalysisConfig())
>>> {p: round(s, 6) for p, s in sorted(shares.share.items())}
{'adv': 0.5, 'boss': 0.5}
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from datetime import date

import networkx as nx
import numpy as np
from pydantic import BaseModel, Field
from scipy import sparse
from scipy.sparse.linalg import spsolve

from graphmap.analysis.availability import PassedOver, passed_over
from graphmap.analysis.paths import WarmPath, warm_paths
from graphmap.analysis.people import PersonHeader, person_header
from graphmap.analysis.strength import Tie, coverage, ties
from graphmap.config import AnalysisConfig
from graphmap.errors import InvalidInput
from graphmap.i18n import EN, Message, code, joined, message
from graphmap.model import DecisionRole, StaffStatus, Stage, Stance

DENSE_LIMIT = 1500  # above this many people, solve with scipy's sparse LU
SINK = "__decision__"


@dataclass
class Shares:
    """The solved model of one bid: everything later steps need."""

    people: list[str]
    share: dict[str, float]
    authority: dict[str, float]  # normalized, seats only
    role: dict[str, DecisionRole]
    susceptibility: dict[str, float]  # λ as used
    influence: dict[str, dict[str, float]]  # i -> j -> Ŵ_ij (j's pull on i)


def seat_authority(
    graph: nx.MultiDiGraph, project_id: str, config: AnalysisConfig
) -> tuple[dict[str, float], dict[str, DecisionRole]]:
    """Normalized authority per seat: explicit, else the role's default."""
    raw, roles = {}, {}
    for person, _, data in graph.in_edges(project_id, data=True):
        if data["type"] == "DECIDES_ON":
            roles[person] = data["role"]
            explicit = data.get("authority")
            raw[person] = explicit if explicit is not None else config.role_authority[data["role"]]
    if not raw:
        raise InvalidInput(
            f"project {project_id!r} has no decision seats: add decision_roles "
            "for it before asking who decides"
        )
    total = sum(raw.values())
    if total <= 0:
        raise InvalidInput(f"project {project_id!r}: the authority of all its seats is zero")
    return {p: a / total for p, a in raw.items()}, roles


def influence_weights(
    graph: nx.MultiDiGraph, people: set[str], config: AnalysisConfig
) -> dict[str, dict[str, float]]:
    """i -> j -> raw weight of j's pull on i, among ``people``."""
    pull: dict[str, dict[str, float]] = {}

    def add(target: str, source: str, weight: float) -> None:
        if weight > 0 and target in people and source in people and target != source:
            pull.setdefault(target, {})
            pull[target][source] = pull[target].get(source, 0.0) + weight

    for u, v, data in graph.edges(data=True):
        if data["type"] == "INFLUENCES":
            add(v, u, data["weight"])
        elif data["type"] == "REPORTS_TO":  # u reports to v
            add(u, v, config.manager_weight)
            add(v, u, config.report_weight)
    return pull


def _check_settles(
    people: list[str], lam: dict[str, float], norm: dict[str, dict[str, float]]
) -> None:
    """Fully susceptible people (λ = 1) need some influencer chain that reaches a person who
    keeps part of their own view; otherwise their opinions never settle."""
    anchored = {p for p in people if lam[p] < 1.0}
    followers: dict[str, list[str]] = {}
    for target, sources in norm.items():
        for source in sources:
            followers.setdefault(source, []).append(target)
    frontier = list(anchored)
    while frontier:
        for nxt in followers.get(frontier.pop(), []):
            if nxt not in anchored:
                anchored.add(nxt)
                frontier.append(nxt)
    stuck = sorted(set(people) - anchored)
    if stuck:
        raise InvalidInput(
            f"susceptibility 1 for {', '.join(stuck[:5])}, influenced only by each "
            "other: their views never settle; lower a susceptibility below 1"
        )


def decision_shares(graph: nx.MultiDiGraph, project_id: str, config: AnalysisConfig) -> Shares:
    """Solve c = aᵀ(I - ΛŴ)⁻¹(I - Λ) over the people of a decision network."""
    authority, roles = seat_authority(graph, project_id, config)
    people = sorted(
        n
        for n, d in graph.nodes(data=True)
        if d["label"] == "Person" and d.get("hops", 0) <= config.max_hops
    )
    pull = influence_weights(graph, set(people), config)
    norm = {i: {j: w / sum(row.values()) for j, w in row.items()} for i, row in pull.items()}
    lam = {}
    for p in people:
        own = graph.nodes[p].get("susceptibility")
        lam[p] = 0.0 if p not in norm else (own if own is not None else config.alpha)
    _check_settles(people, lam, norm)
    index = {p: k for k, p in enumerate(people)}
    n = len(people)
    a = np.zeros(n)
    for p, weight in authority.items():
        a[index[p]] = weight
    rows, cols, vals = [], [], []
    for i, row in norm.items():
        for j, w in row.items():
            rows.append(index[i])
            cols.append(index[j])
            vals.append(lam[i] * w)
    # (I - ΛŴ)ᵀ y = a  gives  yᵀ = aᵀ (I - ΛŴ)⁻¹; small systems are built dense directly
    # (the same entries, without a sparse matrix made only to be unpacked)
    if n > DENSE_LIMIT:
        sp = sparse.csc_matrix((vals, (cols, rows)), shape=(n, n))
        y = np.atleast_1d(spsolve(sparse.identity(n, format="csc") - sp, a))
    else:
        mt = np.identity(n)
        mt[cols, rows] -= vals
        y = np.linalg.solve(mt, a)
    share = {p: max(0.0, float(y[index[p]] * (1.0 - lam[p]))) for p in people}
    return Shares(people, share, authority, roles, lam, norm)


def walk_graph(shares: Shares) -> nx.DiGraph:
    """Edges j → i weighted -log(λ_i Ŵ_ij), and seat → SINK weighted -log(a_seat): the walk
    terms of (I - ΛŴ)⁻¹ become path products, so the largest terms are the shortest paths."""
    walk = nx.DiGraph()
    for i, row in shares.influence.items():
        for j, w in row.items():
            step = shares.susceptibility[i] * w
            if step > 0:
                walk.add_edge(j, i, cost=-math.log(step))
    for seat, weight in shares.authority.items():
        if weight > 0:
            walk.add_edge(seat, SINK, cost=-math.log(weight))
    return walk


def distances_to_seats(walk: nx.DiGraph) -> dict[str, float]:
    """The cost of the cheapest walk from each person to the decision (one reverse Dijkstra):
    the exact remaining cost that lets ``explain`` search best-first."""
    if SINK not in walk:
        return {}
    costs: dict[str, float] = nx.single_source_dijkstra_path_length(
        walk.reverse(copy=False), SINK, weight="cost"
    )
    return costs


def explain(
    shares: Shares,
    walk: nx.DiGraph,
    person: str,
    limit: int,
    to_seats: dict[str, float] | None = None,
) -> list[tuple[list[str], float]]:
    """The ``limit`` largest walk terms by which ``person``'s view reaches the seats, walks that
    revisit someone included, largest first.

    Best-first over walks ordered by cost so far plus the exact cost still to go
    (``to_seats``), so walks come off the queue in the order of their terms. A person can
    lie on at most ``limit`` of the listed walks' prefixes, which bounds the search; every
    cycle has a positive cost (a group that only hears itself at λ = 1 is rejected), so it
    ends.
    """
    if limit == 0 or shares.susceptibility[person] >= 1.0 or shares.share[person] <= 0:
        return []
    to_seats = distances_to_seats(walk) if to_seats is None else to_seats
    if person not in to_seats:
        return []
    keep = 1.0 - shares.susceptibility[person]
    queue: list[tuple[float, float, tuple[str, ...]]] = [(to_seats[person], 0.0, (person,))]
    popped: dict[str, int] = {}
    out: list[tuple[list[str], float]] = []
    while queue and len(out) < limit:
        _, cost, walked = heapq.heappop(queue)
        node = walked[-1]
        if node == SINK:
            out.append((list(walked[:-1]), keep * math.exp(-cost)))
            continue
        popped[node] = popped.get(node, 0) + 1
        if popped[node] > limit:
            continue
        for nxt, edge in walk[node].items():
            if nxt in to_seats:
                step = cost + edge["cost"]
                heapq.heappush(queue, (step + to_seats[nxt], step, (*walked, nxt)))
    return out


class TieView(BaseModel):
    """One staff member's relationship with the person, as of the report's date."""

    staff_id: str = Field(description="Id of the staff member.")
    name: str = Field(description="Staff member's name.")
    strength: float = Field(
        description=(
            "Tie strength as of the report's date, 0..1 (decayed by time since last contact)."
        )
    )
    last_contact: date | None = Field(description="Date of the latest contact behind this tie.")
    leaves_on: date | None = Field(description="Set when this staff member is leaving.")


class InfluencePath(BaseModel):
    """People from the influencer to the seat; ``contribution`` is this walk's share term."""

    nodes: list[str] = Field(description="Ids along the path, in order.")
    contribution: float = Field(description="This walk's term in the person's share.")


class PersonInfluence(PersonHeader):
    """One person in a bid's decision network: their share, our coverage, the way in."""

    role: DecisionRole | None = Field(description="Decision role on the bid; null: holds no seat.")
    authority: float = Field(
        description="Seat authority, normalized over the bid's seats; 0 without a seat."
    )
    share: float = Field(
        description=(
            "Part of the decision this person holds, 0..1 (decision shares of a bid sum to 1)."
        )
    )
    rank: int = Field(description="1 = largest share.")
    stance: Stance = Field(description="How the person leans on our bid.")
    coverage: float = Field(
        description=(
            "How strongly our active staff reach this person, 0..1: 1 − Π(1 − tie strength)."
        )
    )
    strongest_tie: TieView | None = Field(
        description="Our strongest relationship with the person, if any."
    )
    ties: list[TieView] = Field(
        description="Every tie that makes up the coverage, strongest first."
    )
    leverage_gap: float = Field(
        description="share · (1 − coverage): decision share we do not yet reach."
    )
    hops: int = Field(description="Distance to the nearest seat.")
    paths: list[InfluencePath] = Field(description="The largest walk terms, revisits included.")
    explained_share: float = Field(
        description="The part of the share those walks account for, 0..1."
    )
    warm_path: WarmPath | None = Field(description="From a staff member who is not leaving.")


class CompetitorExposure(BaseModel):
    """Decision share held by people who work for a competing firm."""

    organization_id: str = Field(description="Id of the organization.")
    name: str = Field(description="Competitor name.")
    insider_share: float = Field(
        description="Decision share held by people who work for this competitor."
    )


class Action(BaseModel):
    """The best next move for a person who holds a real part of the decision and whom we do
    not know well: who introduces us, along which chain of relationships."""

    person_id: str = Field(description="Id of the client-side person.")
    name: str = Field(description="The person's name.")
    share: float = Field(
        description=(
            "Part of the decision this person holds, 0..1 (decision shares of a bid sum to 1)."
        )
    )
    share_rank: int = Field(description="Rank of the person's share in the bid (1 = largest).")
    coverage: float = Field(
        description=(
            "How strongly our active staff reach this person, 0..1: 1 − Π(1 − tie strength)."
        )
    )
    leverage_gap: float = Field(
        description="share · (1 − coverage): decision share we do not yet reach."
    )
    introducer_id: str | None = Field(
        description=(
            "Staff member who starts the warm path; null: nobody available reaches "
            "them; null: nobody available reaches them."
        )
    )
    introducer_name: str | None = Field(description="Name of the introducer.")
    path: list[str] | None = Field(description="Staff member first, the person last.")
    path_strength: float | None = Field(description="Product of the ties on the path.")
    why: str = Field(description="Why this person, in words.")
    keyed_why: Message = Field(
        exclude=True, description="why as a keyed message (views render it)."
    )


class InfluenceReport(BaseModel):
    """Who really decides a bid, how much each holds, whether we know them, whom to reach."""

    project_id: str = Field(description="Id of the bid (project).")
    project_name: str = Field(description="Bid name.")
    stage: Stage = Field(description="The bid's stage.")
    value: float | None = Field(
        description="Contract value of the bid (the deployment's currency)."
    )
    due_on: date | None = Field(description="When the bid is due (ISO date).")
    as_of: date = Field(description="The date the analysis was run for.")
    support_forecast: float = Field(description="Σ share · stance value, in [-1, 1].")
    unknown_stance_share: float = Field(
        description="Decision share held by people whose stance is unknown."
    )
    uncovered_share: float = Field(
        description="Σ leverage gap: the share we hold no relationship to."
    )
    opposed_share: float = Field(description="Share held by skeptics and opponents.")
    truncation_bound: float = Field(description="At most this much share lies beyond max_hops.")
    actions: list[Action] = Field(description="Who to reach, through whom: by leverage gap.")
    passed_over: list[PassedOver] = Field(
        description="Staff with ties here who are leaving: no path starts there."
    )
    people: list[PersonInfluence] = Field(
        description="Everyone in the decision network, largest share first."
    )
    competitor_exposure: list[CompetitorExposure] = Field(
        description="Decision share held inside each competing firm."
    )
    notes: list[str] = Field(description="What stands out, in words.")
    keyed_notes: list[Message] = Field(
        exclude=True, description="notes as keyed messages (views render them)."
    )


def tie_views(graph: nx.MultiDiGraph, by_staff: dict[str, Tie]) -> list[TieView]:
    """Every tie into a person, strongest first, with the holder's departure date if leaving."""
    ordered = sorted(by_staff.values(), key=lambda t: (-t.strength, t.staff_id))
    return [
        TieView(
            staff_id=t.staff_id,
            name=graph.nodes[t.staff_id]["name"],
            strength=t.strength,
            last_contact=t.last_contact,
            leaves_on=graph.nodes[t.staff_id].get("leaves_on")
            if graph.nodes[t.staff_id].get("status") == StaffStatus.LEAVING
            else None,
        )
        for t in ordered
    ]


def bid_influence(
    graph: nx.MultiDiGraph, project_id: str, as_of: date, config: AnalysisConfig
) -> InfluenceReport:
    """The full answer for one bid over its extracted decision network."""
    shares = decision_shares(graph, project_id, config)
    walk = walk_graph(shares)
    to_seats = distances_to_seats(walk)
    person_ties = ties(graph, as_of, config)
    reach = warm_paths(graph, shares.people, as_of, config, person_ties)
    by_share = sorted(shares.people, key=lambda p: (-shares.share[p], p))
    rank = {p: k + 1 for k, p in enumerate(by_share)}
    people = []
    for p in shares.people:
        node = graph.nodes[p]
        views = tie_views(graph, person_ties.get(p, {}))
        cov = coverage(t.strength for t in views)
        walks = explain(shares, walk, p, config.explain_paths, to_seats)
        explained = sum(c for _, c in walks)
        people.append(
            PersonInfluence(
                **person_header(graph, p),
                role=shares.role.get(p),
                authority=shares.authority.get(p, 0.0),
                share=shares.share[p],
                rank=rank[p],
                stance=node["stance"],
                coverage=cov,
                strongest_tie=views[0] if views else None,
                ties=views,
                leverage_gap=shares.share[p] * (1.0 - cov),
                hops=node.get("hops", 0),
                paths=[InfluencePath(nodes=n, contribution=c) for n, c in walks],
                explained_share=min(1.0, explained / shares.share[p]) if walks else 0.0,
                warm_path=reach.get(p),
            )
        )
    people.sort(key=lambda r: (-r.leverage_gap, -r.share, r.person_id))
    holders = {s for by_staff in person_ties.values() for s in by_staff}
    skipped = passed_over(graph, holders, as_of)
    stance_value = config.stance_values
    lam_max = max(shares.susceptibility.values(), default=0.0)
    project = graph.nodes[project_id]
    notes = _notes(people, config)
    return InfluenceReport(
        project_id=project_id,
        project_name=project["name"],
        stage=project["stage"],
        value=project.get("value"),
        due_on=project.get("due_on"),
        as_of=as_of,
        support_forecast=sum(r.share * stance_value[r.stance] for r in people),
        unknown_stance_share=sum(r.share for r in people if r.stance == Stance.UNKNOWN),
        uncovered_share=sum(r.leverage_gap for r in people),
        opposed_share=sum(r.share for r in people if r.stance in (Stance.SKEPTIC, Stance.OPPONENT)),
        truncation_bound=lam_max**config.max_hops if config.max_hops else 1.0,
        actions=action_plan(graph, people, skipped, config),
        passed_over=skipped,
        people=people,
        competitor_exposure=_competitors(graph, project_id, shares),
        notes=[EN.say(n) for n in notes],
        keyed_notes=notes,
    )


def needs_action(person: PersonInfluence, config: AnalysisConfig) -> bool:
    """Holds at least ``action_share`` of the decision and no strong relationship covers them."""
    return person.share >= config.action_share and person.coverage < config.strong_tie


def action_plan(
    graph: nx.MultiDiGraph,
    people: list[PersonInfluence],
    skipped: list[PassedOver],
    config: AnalysisConfig,
) -> list[Action]:
    """One action per person who needs one, in the order of ``people`` (leverage gap)."""
    leaving = {p.staff_id: p for p in skipped}
    out = []
    for p in (p for p in people if needs_action(p, config)):
        path = p.warm_path
        lost = [leaving[t.staff_id] for t in p.ties if t.staff_id in leaving]
        why = _why(graph, p, path, lost)
        out.append(
            Action(
                person_id=p.person_id,
                name=p.name,
                share=p.share,
                share_rank=p.rank,
                coverage=p.coverage,
                leverage_gap=p.leverage_gap,
                introducer_id=path.nodes[0] if path else None,
                introducer_name=graph.nodes[path.nodes[0]]["name"] if path else None,
                path=path.nodes if path else None,
                path_strength=path.strength if path else None,
                why=EN.say(why),
                keyed_why=why,
            )
        )
    return out


def _why(
    graph: nx.MultiDiGraph, p: PersonInfluence, path: WarmPath | None, lost: list[PassedOver]
) -> Message:
    """Why this person, what we know of them, who is leaving, and the way in."""
    seat = message("why_seat", role=code("role", p.role)) if p.role else message("why_no_seat")
    tie = p.strongest_tie
    known = (
        message("why_known", name=tie.name, strength=tie.strength)
        if tie
        else message("why_unknown")
    )
    leaving = joined(
        [message("why_leaving", name=x.name, reason=x.keyed_reason) for x in lost], "no_sep"
    )
    if path is None:
        route = message("why_unreachable")
    else:
        names = [graph.nodes[n]["name"] for n in path.nodes]
        route = (
            message("why_direct", name=names[0], strength=path.strength)
            if len(names) == 2
            else message(
                "why_through",
                name=names[0],
                via=joined(list(names[1:-1]), "why_then"),
                strength=path.strength,
            )
        )
    return message(
        "why", share=p.share, rank=p.rank, seat=seat, known=known, leaving=leaving, route=route
    )


def _competitors(
    graph: nx.MultiDiGraph, project_id: str, shares: Shares
) -> list[CompetitorExposure]:
    out = []
    for org, _, data in graph.in_edges(project_id, data=True):
        if data["type"] == "COMPETES_FOR":
            inside = sum(
                shares.share[p]
                for p in shares.people
                if graph.nodes[p].get("organization_id") == org
            )
            out.append(
                CompetitorExposure(
                    organization_id=org, name=graph.nodes[org]["name"], insider_share=inside
                )
            )
    return sorted(out, key=lambda c: (-c.insider_share, c.organization_id))


def _notes(people: list[PersonInfluence], config: AnalysisConfig) -> list[Message]:
    """Plain-language findings a sales lead should not miss; each count matches its list."""
    notes = []
    top = min(people, key=lambda r: r.rank)
    if top.role is None:
        notes.append(
            message(
                "note_top_no_seat",
                share=top.share,
                name=top.name,
                title=top.title or message("no_title"),
                org=top.organization_name or message("no_org"),
            )
        )
    gaps = [r for r in people if needs_action(r, config)]
    if gaps:
        names = joined([message("note_name_share", name=r.name, share=r.share) for r in gaps])
        who = message("people_one") if len(gaps) == 1 else message("people_count", n=len(gaps))
        notes.append(message("note_gaps", who=who, threshold=config.action_share, names=names))
    return notes
