"""A synthetic firm of any size, with the demo firm's shape.

The graph grows by adding accounts, the way a real CRM does: each account is an organization
with a reporting tree of people, influence among them and from a few outside experts, projects
with decision units of 3-12 seats, and staff relationships with logged interactions. So the
neighbourhood of one bid or one staff member stays the same size as the whole graph grows,
which is what the locality benchmarks rely on.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from graphmap.model import (
    Assignment,
    Bundle,
    Competitor,
    DecisionSeat,
    Influence,
    Interaction,
    Knows,
    Organization,
    Person,
    Project,
    Staff,
)

ROLES = [
    "economic_buyer",
    "decision_maker",
    "technical_evaluator",
    "gatekeeper",
    "influencer",
    "user",
    "champion",
]
STAGES = ["lead", "pre_bid", "tender", "won", "lost", "construction", "completed", "warranty"]
KINDS = ["meeting", "site_visit", "call", "email", "event"]
PEOPLE_PER_ORG = 24
# relationships one account adds: WORKS_AT 24, REPORTS_TO 23, INFLUENCES ~30, FOR_CLIENT 2,
# DECIDES_ON ~15, KNOWS ~20, INTERACTED ~60, ASSIGNED_TO ~6, COMPETES_FOR ~2
RELS_PER_ORG = 182


def synthetic_bundle(relationships: int, seed: int = 1, today: date | None = None) -> Bundle:
    """About ``relationships`` relationships (within a few percent), deterministic per seed."""
    rng = random.Random(seed)
    today = today or date(2026, 1, 1)
    n_orgs = max(2, round(relationships / RELS_PER_ORG))
    n_staff = max(10, n_orgs // 3)
    orgs: list[Organization] = []
    people: list[Person] = []
    staff: list[Staff] = []
    projects: list[Project] = []
    influences: list[tuple[str, str]] = []  # (from, to); weights drawn once, deduplicated
    seats: list[DecisionSeat] = []
    knows: list[Knows] = []
    interactions: list[Interaction] = []
    assignments: list[Assignment] = []
    competitors: list[Competitor] = []
    rivals = [Organization(id=f"rival-{i}", name=f"Rival {i}", kind="competitor") for i in range(5)]
    for i in range(n_staff):
        status = "leaving" if i % 25 == 0 else "active"
        staff.append(
            Staff(
                id=f"s{i}",
                name=f"Staff {i}",
                team=f"team-{i % 7}",
                region=f"region-{i % 5}",
                status=status,
                leaves_on=today + timedelta(days=60) if status == "leaving" else None,
            )
        )
    experts: list[str] = []
    for o in range(n_orgs):
        org_id = f"o{o}"
        orgs.append(Organization(id=org_id, name=f"Account {o}", region=f"region-{o % 5}"))
        ids = [f"o{o}p{k}" for k in range(PEOPLE_PER_ORG)]
        for k, pid in enumerate(ids):
            boss = ids[(k - 1) // 3] if k else None
            people.append(
                Person(
                    id=pid,
                    name=f"Person {o}-{k}",
                    organization_id=org_id,
                    reports_to=boss,
                    stance=rng.choice(["advocate", "supporter", "neutral", "skeptic", "unknown"]),
                )
            )
        for _ in range(26):
            a, b = rng.sample(ids, 2)
            influences.append((a, b))
        for pid in rng.sample(experts, min(4, len(experts))):
            influences.append((pid, rng.choice(ids[:4])))
        experts.extend(ids[-2:])
        if len(experts) > 200:
            experts = experts[-200:]
        for j in range(2):
            project_id = f"o{o}j{j}"
            projects.append(
                Project(
                    id=project_id,
                    name=f"Project {o}-{j}",
                    client_id=org_id,
                    stage=rng.choice(STAGES),
                    value=rng.randrange(1, 200) * 1e6,
                )
            )
            for pid in rng.sample(ids, rng.randint(3, 12)):
                seats.append(
                    DecisionSeat(person_id=pid, project_id=project_id, role=rng.choice(ROLES))
                )
            for s in rng.sample(range(n_staff), 3):
                assignments.append(
                    Assignment(
                        staff_id=f"s{s}",
                        project_id=project_id,
                        role=["bid_lead", "account_manager", "estimator"][len(assignments) % 3],
                    )
                )
            competitors.append(
                Competitor(organization_id=rng.choice(rivals).id, project_id=project_id)
            )
        owners = rng.sample(range(n_staff), 3)
        for pid in rng.sample(ids, 20):
            holder = f"s{rng.choice(owners)}"
            last = today - timedelta(days=rng.randint(1, 900))
            knows.append(
                Knows(
                    staff_id=holder,
                    person_id=pid,
                    strength=round(rng.uniform(0.1, 0.9), 2),
                    last_contact=last,
                )
            )
            for d in rng.sample(range(1, 1000), 3):
                interactions.append(
                    Interaction(
                        staff_id=holder,
                        person_id=pid,
                        on=today - timedelta(days=d),
                        kind=rng.choice(KINDS),
                    )
                )
    unique = dict.fromkeys(influences)
    return Bundle(
        organizations=orgs + rivals,
        people=people,
        staff=staff,
        projects=projects,
        influences=[
            Influence(from_id=a, to_id=b, weight=round(rng.uniform(0.1, 0.9), 2)) for a, b in unique
        ],
        decision_roles=seats,
        knows=knows,
        interactions=interactions,
        assignments=assignments,
        competitors=competitors,
    )
