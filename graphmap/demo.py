"""A deterministic demo firm: a mid-sized construction and design firm and its market.

Made to give every analysis something worth seeing: decision units of 3-12 seats, consultants,
officials and design-institute engineers who hold no seat yet sway the bid, a bid manager who
alone holds several key relationships and is leaving, relationships gone cold, and staff who left.
Everything is invented; the same seed and ``today`` give the same firm.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import date, timedelta
from importlib.resources import files
from typing import Any, TypeVar

from graphmap.model import (
    OPEN_STAGES,
    Assignment,
    AssignmentRole,
    Bundle,
    Competitor,
    DecisionRole,
    DecisionSeat,
    Influence,
    Interaction,
    InteractionKind,
    Knows,
    Organization,
    OrgCategory,
    OrgKind,
    Person,
    Project,
    Staff,
    StaffStatus,
    Stage,
    Stance,
)

T = TypeVar("T")
V = TypeVar("V")

# The names, titles and mixes the firm is drawn from: data, not code (graphmap/demo_words.json).
WORDS: dict[str, Any] = json.loads(
    files("graphmap").joinpath("demo_words.json").read_text(encoding="utf-8")
)


def _repeated(counts: dict[str, int], kind: Callable[[str], T]) -> list[T]:
    """``{"a": 2, "b": 1}`` → ``[a, a, b]``: a weighted mix to draw from."""
    return [kind(name) for name, times in counts.items() for _ in range(times)]


def _by_category(values: dict[str, V]) -> dict[OrgCategory, V]:
    return {OrgCategory(name): value for name, value in values.items()}


def _titled_roles(pairs: list[list[str]]) -> list[tuple[str, DecisionRole]]:
    return [(title, DecisionRole(role)) for title, role in pairs]


PLACES: list[str] = WORDS["places"]
SUFFIX: dict[OrgCategory, list[str]] = _by_category(WORDS["org_suffixes"])
SECTORS: dict[OrgCategory, list[str]] = _by_category(WORDS["sectors"])
CLIENT_MIX = _repeated(WORDS["client_mix"], OrgCategory)
REGIONS: list[str] = WORDS["regions"]
TEAMS: list[str] = WORDS["teams"]
FIRST: list[str] = WORDS["first_names"]
LAST: list[str] = WORDS["last_names"]
TOP: dict[OrgCategory, str] = _by_category(WORDS["top_titles"])
DIRECTORS = _titled_roles(WORDS["directors"])
MANAGERS = _titled_roles(WORDS["managers"])
EXPERT_TITLES: dict[OrgCategory, str] = _by_category(WORDS["expert_titles"])
PROJECT_KINDS: list[str] = WORDS["project_kinds"]
STAGE_MIX = _repeated(WORDS["stage_mix"], Stage)
STANCES = _repeated(WORDS["stances"], Stance)
COMPETITORS: list[str] = WORDS["competitors"]
SOLE_HOLDER = "stf-001"


class _Firm:
    """Accumulates the demo bundle; one method per part of the story."""

    def __init__(self, seed: int, today: date):
        self.rng = random.Random(seed)
        self.today = today
        self.names: set[str] = set()
        self.orgs: list[Organization] = []
        self.people: list[Person] = []
        self.by_org: dict[str, list[Person]] = {}
        self.staff: list[Staff] = []
        self.projects: list[Project] = []
        self.influences: dict[tuple[str, str], float] = {}
        self.seats: list[DecisionSeat] = []
        self.knows: dict[tuple[str, str], Knows] = {}
        self.interactions: dict[tuple[str, str, date, InteractionKind], Interaction] = {}
        self.assignments: list[Assignment] = []
        self.competitors: list[Competitor] = []

    def name(self) -> str:
        while True:
            full = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
            if full not in self.names:
                self.names.add(full)
                return full

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def add_person(
        self,
        org: Organization,
        title: str,
        boss: Person | None,
        susceptibility: float | None = None,
    ) -> Person:
        person = Person(
            id=f"per-{len(self.people) + 1:04d}",
            name=self.name(),
            title=title,
            organization_id=org.id,
            reports_to=boss.id if boss else None,
            stance=self.rng.choice(STANCES),
            susceptibility=susceptibility,
        )
        self.people.append(person)
        self.by_org.setdefault(org.id, []).append(person)
        return person

    def organizations(self) -> None:
        places = self.rng.sample(PLACES, len(CLIENT_MIX))
        for i, (category, place) in enumerate(zip(CLIENT_MIX, places, strict=True)):
            self.orgs.append(
                Organization(
                    id=f"org-{i + 1:03d}",
                    name=f"{place} {self.rng.choice(SUFFIX[category])}",
                    kind=OrgKind.CLIENT if category != OrgCategory.CONSULTANCY else OrgKind.PARTNER,
                    category=category,
                    sector=self.rng.choice(SECTORS[category]),
                    region=self.rng.choice(REGIONS),
                    tier=self.rng.choice([1, 1, 2, 2, 2, 3]),
                )
            )
        for j, name in enumerate(COMPETITORS):
            self.orgs.append(
                Organization(
                    id=f"org-c{j + 1:02d}",
                    name=name,
                    kind=OrgKind.COMPETITOR,
                    category=OrgCategory.CONTRACTOR,
                    sector="construction",
                    region=self.rng.choice(REGIONS),
                )
            )

    def org_people(self) -> None:
        for org in self.orgs:
            if org.kind == OrgKind.COMPETITOR:
                continue
            top = self.add_person(
                org,
                TOP.get(org.category, "Chief Executive") if org.category else "Chief Executive",
                None,
                susceptibility=round(self.rng.uniform(0.1, 0.3), 2),
            )
            for title, _ in self.rng.sample(DIRECTORS, self.rng.randint(2, 4)):
                director = self.add_person(org, title, top)
                for mtitle, _ in self.rng.sample(MANAGERS, self.rng.randint(0, 2)):
                    self.add_person(
                        org, mtitle, director, susceptibility=self.rng.choice([None, None, 0.8])
                    )
            if org.category in EXPERT_TITLES:
                for _ in range(2):
                    self.add_person(
                        org,
                        EXPERT_TITLES[org.category],
                        top,
                        susceptibility=round(self.rng.uniform(0.1, 0.3), 2),
                    )

    def influence(self, src: Person, dst: Person, weight: float) -> None:
        if src.id != dst.id:
            self.influences[(src.id, dst.id)] = round(weight, 2)

    def influence_ties(self) -> None:
        """Peers sway peers; experts outside the client sway its technical and financial heads."""
        experts = [p for p in self.people if p.title in EXPERT_TITLES.values()]
        for org_people in self.by_org.values():
            for person in org_people:
                for peer in self.rng.sample(org_people, min(len(org_people), 2)):
                    if self.rng.random() < 0.35:
                        self.influence(person, peer, self.rng.uniform(0.2, 0.6))
        for org in self.orgs:
            staff = self.by_org.get(org.id, [])
            if org.category in (OrgCategory.DESIGN_INSTITUTE, OrgCategory.CONSULTANCY, None):
                continue
            targets = [
                p
                for p in staff
                if p.title
                in (
                    "Technical Director",
                    "Chief Financial Officer",
                    "Chief Executive",
                    "Projects Director",
                    "Director General",
                )
            ]
            for target in targets:
                for expert in self.rng.sample(experts, 2):
                    self.influence(expert, target, self.rng.uniform(0.5, 0.95))

    def staff_members(self) -> None:
        roles = [
            "Bid Manager",
            "Account Director",
            "Estimator",
            "Design Lead",
            "Project Manager",
            "Pre-construction Manager",
            "Regional Director",
        ]
        for i in range(50):
            status, leaves_on = StaffStatus.ACTIVE, None
            if i == 0:
                status, leaves_on = StaffStatus.LEAVING, self.today + timedelta(days=45)
            elif i in (7, 19):
                status, leaves_on = (
                    StaffStatus.LEAVING,
                    self.today + timedelta(days=30 + 30 * (i % 3)),
                )
            elif i in (33, 41):
                status, leaves_on = StaffStatus.LEFT, self.days_ago(60, 300)
            self.staff.append(
                Staff(
                    id=f"stf-{i + 1:03d}",
                    name=self.name(),
                    role="Senior Bid Manager" if i == 0 else roles[i % len(roles)],
                    team="Bids" if i == 0 else TEAMS[i % len(TEAMS)],
                    region=REGIONS[i % len(REGIONS)],
                    status=status,
                    leaves_on=leaves_on,
                )
            )

    def tie(self, staff: Staff, person: Person, strength: float, cold: bool = False) -> None:
        last = self.days_ago(400, 900) if cold else self.days_ago(3, 200)
        self.knows[(staff.id, person.id)] = Knows(
            staff_id=staff.id,
            person_id=person.id,
            strength=round(strength, 2),
            last_contact=last,
            source=self.rng.choice(["crm", "crm", "bid review", "introduced at event"]),
        )
        for _ in range(self.rng.randint(0, 6)):
            on = last - timedelta(days=self.rng.randint(0, 700))
            kind = self.rng.choice(list(InteractionKind))
            self.interactions[(staff.id, person.id, on, kind)] = Interaction(
                staff_id=staff.id,
                person_id=person.id,
                on=on,
                kind=kind,
                note=self.rng.choice(
                    [
                        None,
                        "site walk",
                        "bid debrief",
                        "pricing workshop",
                        "annual dinner",
                        "design review",
                    ]
                ),
            )

    def relationships(self) -> None:
        """Account managers know their clients; the sole holder alone knows some key people."""
        sole_orgs = [o for o in self.orgs if o.kind == OrgKind.CLIENT][:6]
        sole = {self.by_org[o.id][0].id for o in sole_orgs}
        sole |= {p.id for o in sole_orgs[:3] for p in self.by_org[o.id][1:3]}
        active = [s for s in self.staff if s.id != SOLE_HOLDER]
        for org in self.orgs:
            if org.kind == OrgKind.COMPETITOR:
                continue
            owners = self.rng.sample(active, 2)
            for person in self.by_org[org.id]:
                if person.id in sole:
                    continue
                for staff in self.rng.sample(owners, self.rng.randint(0, 2)):
                    self.tie(
                        staff, person, self.rng.uniform(0.2, 0.9), cold=self.rng.random() < 0.15
                    )
        holder = self.staff[0]
        for person_id in sorted(sole):
            person = next(p for p in self.people if p.id == person_id)
            self.tie(holder, person, self.rng.uniform(0.75, 0.95))
        for person in self.rng.sample(self.people, 12):
            if person.id not in sole:
                self.tie(holder, person, self.rng.uniform(0.3, 0.7))

    def project_list(self) -> None:
        clients = [o for o in self.orgs if o.kind == OrgKind.CLIENT]
        experts = [p for p in self.people if p.title in EXPERT_TITLES.values()]
        stages = list(STAGE_MIX)
        self.rng.shuffle(stages)
        stages[0] = Stage.TENDER  # prj-001 is the showcase bid below
        for i, stage in enumerate(stages):
            client = clients[0] if i == 0 else self.rng.choice(clients)
            place = client.name.split(" ")[0]
            due = (
                self.today + timedelta(days=self.rng.randint(20, 240))
                if stage in (Stage.LEAD, Stage.PRE_BID, Stage.TENDER)
                else self.days_ago(30, 1000)
            )
            project = Project(
                id=f"prj-{i + 1:03d}",
                name=f"{place} {self.rng.choice(PROJECT_KINDS)}",
                client_id=client.id,
                stage=stage,
                due_on=due,
                value=float(self.rng.randrange(2, 250) * 1_000_000),
            )
            self.projects.append(project)
            self.decision_unit(project, client, experts, showcase=i == 0)
            lead = self.rng.choice([s for s in self.staff if s.status != StaffStatus.LEFT])
            if i < 5:
                lead = self.staff[0]
            self.assignments.append(
                Assignment(staff_id=lead.id, project_id=project.id, role=AssignmentRole.BID_LEAD)
            )
            others = [s for s in self.rng.sample(self.staff, 3) if s.id != lead.id]
            for staff, role in zip(
                others,
                [
                    AssignmentRole.ACCOUNT_MANAGER,
                    AssignmentRole.ESTIMATOR,
                    AssignmentRole.DESIGN_LEAD,
                ],
                strict=False,
            ):
                self.assignments.append(
                    Assignment(staff_id=staff.id, project_id=project.id, role=role)
                )
            if stage in (Stage.TENDER, Stage.PRE_BID, Stage.LOST, Stage.WON):
                for comp in self.rng.sample(COMPETITORS, self.rng.randint(1, 3)):
                    org_id = f"org-c{COMPETITORS.index(comp) + 1:02d}"
                    self.competitors.append(
                        Competitor(organization_id=org_id, project_id=project.id)
                    )

    def decision_unit(
        self, project: Project, client: Organization, experts: list[Person], showcase: bool
    ) -> None:
        """3-12 seats from the client, sometimes an outside evaluator or reviewer."""
        staff = self.by_org[client.id]
        size = min(len(staff), self.rng.randint(3, 10))
        chosen = self.rng.sample(staff, size)
        outsider = self.rng.choice(experts)
        if (self.rng.random() < 0.4 or showcase) and outsider not in chosen:
            chosen.append(outsider)
        roles = dict(DIRECTORS + MANAGERS)
        for person in chosen:
            authority: float | None = 1.0
            if person.reports_to is None:
                role = DecisionRole.ECONOMIC_BUYER
            else:
                role = roles.get(person.title or "", DecisionRole.TECHNICAL_EVALUATOR)
                authority = (
                    None if self.rng.random() < 0.7 else round(self.rng.uniform(0.2, 0.9), 2)
                )
            self.seats.append(
                DecisionSeat(
                    person_id=person.id, project_id=project.id, role=role, authority=authority
                )
            )
        if showcase:
            self.showcase(chosen)

    def showcase(self, seats: list[Person]) -> None:
        """The first bid's seats lean hard on one design-institute engineer who holds no seat."""
        seat_ids = {p.id for p in seats}
        engineer = next(
            p for p in self.people if p.title == "Chief Engineer" and p.id not in seat_ids
        )
        for person in seats:
            self.influence(engineer, person, 0.95)
        index = {p.id: i for i, p in enumerate(self.people)}
        for person in seats:
            self.people[index[person.id]] = person.model_copy(update={"susceptibility": 0.85})
        self.people[index[engineer.id]] = engineer.model_copy(
            update={"susceptibility": 0.05, "stance": Stance.SKEPTIC}
        )

    def portfolio_story(self) -> None:
        """Something for every weekly alert (docs/analysis.md, Portfolio): a seat holder who
        left the client for another, a new lead nobody has mapped, and a colleague leaving
        within the month who alone knows a key decision-maker; and an account with no open bid
        whose potential the firm rates highly. Added after everything else, so the rest of the
        firm is the same as without it."""
        open_bids = [p for p in self.projects if p.stage in OPEN_STAGES and p.id != "prj-001"]
        index = {p.id: i for i, p in enumerate(self.people)}
        boss = {p.id: p.reports_to for p in self.people}
        seated = [s.person_id for s in self.seats if s.project_id == open_bids[1].id]
        gone = self.people[index[next(p for p in seated if boss[p] is not None)]]
        elsewhere = next(
            o for o in self.orgs if o.kind == OrgKind.CLIENT and o.id != gone.organization_id
        )
        self.people[index[gone.id]] = gone.model_copy(
            update={"left_on": self.today - timedelta(days=25), "moved_to": elsewhere.id}
        )
        client = elsewhere
        lead = Project(
            id=f"prj-{len(self.projects) + 1:03d}",
            name=f"{client.name.split(' ')[0]} Civic Centre",
            client_id=client.id,
            stage=Stage.LEAD,
            due_on=self.today + timedelta(days=35),
            value=38_000_000.0,
        )
        self.projects.append(lead)
        self.assignments.append(
            Assignment(staff_id=self.staff[2].id, project_id=lead.id, role=AssignmentRole.BID_LEAD)
        )
        leaver = Staff(
            id=f"stf-{len(self.staff) + 1:03d}",
            name=self.name(),
            role="Account Director",
            team="Buildings",
            region="North",
            status=StaffStatus.LEAVING,
            leaves_on=self.today + timedelta(days=21),
        )
        self.staff.append(leaver)
        known = {p for _, p in self.knows}
        buyer = next(
            s.person_id
            for s in self.seats
            if s.project_id in {b.id for b in open_bids[2:]}
            and s.role == DecisionRole.ECONOMIC_BUYER
            and s.person_id not in known
        )
        bidding = {p.client_id for p in self.projects if p.stage in OPEN_STAGES}
        quiet = next(
            i
            for i, o in enumerate(self.orgs)
            if o.kind == OrgKind.CLIENT and o.id not in bidding and o.tier == 1
        )
        self.orgs[quiet] = self.orgs[quiet].model_copy(update={"potential": 0.6})
        self.knows[(leaver.id, buyer)] = Knows(
            staff_id=leaver.id,
            person_id=buyer,
            strength=0.9,
            last_contact=self.today - timedelta(days=10),
            source="crm",
        )

    def bundle(self) -> Bundle:
        return Bundle(
            organizations=self.orgs,
            people=self.people,
            staff=self.staff,
            projects=self.projects,
            influences=[
                Influence(from_id=a, to_id=b, weight=w) for (a, b), w in self.influences.items()
            ],
            decision_roles=self.seats,
            knows=list(self.knows.values()),
            interactions=list(self.interactions.values()),
            assignments=self.assignments,
            competitors=self.competitors,
        )


def demo_bundle(seed: int = 7, today: date | None = None) -> Bundle:
    """The demo firm as a bundle, dated relative to ``today`` (default: the real today)."""
    firm = _Firm(seed, today or date.today())
    firm.organizations()
    firm.org_people()
    firm.influence_ties()
    firm.staff_members()
    firm.relationships()
    firm.project_list()
    firm.portfolio_story()
    return firm.bundle()
