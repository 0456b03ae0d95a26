"""Handover check: what leaves with one or more staff members, what it exposes, who takes over.

Modes: ``leave`` ends every tie of the staff members; ``move`` keeps them at ``move_factor``
(they changed role and can still make a call) but they give up ownership of their bids and
accounts. Several staff members are removed together, so the report is their joint effect.

For each person the staff members know: coverage before and after, the drop, whether the
relationship is **orphaned** (a strong tie — at least ``strong_tie`` — existed and none is left),
its **exposure** (Σ over open bids of the person's decision share × the bid's value) and a
**severity**:

- critical: orphaned, and at least ``critical_share`` of the decision in an open bid;
- high: orphaned, or a drop of at least ``high_drop`` with ``critical_share`` in an open bid;
- medium: a drop of at least ``medium_drop``;
- low: anything else.

Successors (up to three for every relationship above low) are active staff, preferably
connected to the person (a tie above 0 to them or their circle, or a project for their
organization); the holders' teammates only when no connected candidate is available. Points:
3 × their own tie to the person; 1.5 × their strongest tie to the person's circle (colleagues,
manager, reports, influencers); 0.3 per project they worked for the person's organization (up to
3); 0.5 for the team of a holder; 0.5 for the account's region (else a holder's); minus
``successor_load_penalty`` per person for whom they would be the only strong tie already (up to
10). Connected staff who are leaving or have left are reported as passed over.

The package: ``models`` (the report), ``successors`` (who takes over), ``report`` (the check).
"""

from __future__ import annotations

from graphmap.analysis.handover.models import (
    AccountRisk,
    BidExposure,
    BidRisk,
    HandoverReport,
    Introduction,
    Mode,
    RelationshipRisk,
    Severity,
    Successor,
    Totals,
    UnownedSeat,
)
from graphmap.analysis.handover.report import bid_risks, handover, severity_of
from graphmap.analysis.handover.successors import circle_of, strength_text, ties_of_everyone

__all__ = [
    "AccountRisk",
    "BidExposure",
    "BidRisk",
    "HandoverReport",
    "Introduction",
    "Mode",
    "RelationshipRisk",
    "Severity",
    "Successor",
    "Totals",
    "UnownedSeat",
    "bid_risks",
    "circle_of",
    "handover",
    "severity_of",
    "strength_text",
    "ties_of_everyone",
]
