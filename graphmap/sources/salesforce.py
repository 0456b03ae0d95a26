"""A Salesforce Data Export (a folder, or its .zip) read into a bundle; docs/crm-import.md.

One CSV per object, a header of API field names, UTF-8 with or without a byte-order mark,
every value quoted (values may hold commas, quotes and newlines). Salesforce Ids become
graphmap ids, so importing a later export again updates the same records. Mapped fields left
empty in Salesforce are written as empty (null), so a value removed there is removed here;
fields graphmap has and Salesforce does not (stance, strengths) are never touched.

Reading is strict about values and lenient about coverage: a date that does not exist, an
amount that is not a number or a boolean that is neither true nor false rejects the whole
export, every one listed as ``File.csv:LINE: Field: reason``; rows that merely fall outside
what graphmap keeps (deleted rows, activities on leads, references to records not in the
export) are left out and counted per file.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable, Container, Iterator
from pathlib import Path
from typing import Any, TypeVar

from graphmap.errors import InvalidInput, Problem
from graphmap.model import AssignmentRole, Stage
from graphmap.sources.csvrows import read_rows
from graphmap.sources.sourced import Sourced, reject

T = TypeVar("T")

STAGE_NAMES = {
    "Prospecting": Stage.LEAD,
    "Qualification": Stage.LEAD,
    "Needs Analysis": Stage.PRE_BID,
    "Value Proposition": Stage.PRE_BID,
    "Id. Decision Makers": Stage.PRE_BID,
    "Perception Analysis": Stage.PRE_BID,
    "Proposal/Price Quote": Stage.TENDER,
    "Negotiation/Review": Stage.TENDER,
}
TEAM_ROLES = {
    "Sales Manager": AssignmentRole.ACCOUNT_MANAGER,
    "Executive Sponsor": AssignmentRole.EXECUTIVE_SPONSOR,
}
# bundle field -> Salesforce field, so a problem the bundle checks find names the CSV column
COLUMNS = {
    "organizations": {"id": "Id", "name": "Name", "sector": "Industry", "region": "BillingState"},
    "people": {
        "id": "Id",
        "name": "Name",
        "organization_id": "AccountId",
        "reports_to": "ReportsToId",
    },
    "staff": {
        "id": "Id",
        "name": "Name",
        "role": "Title",
        "team": "Department",
        "status": "IsActive",
    },
    "projects": {
        "id": "Id",
        "name": "Name",
        "client_id": "AccountId",
        "value": "Amount",
        "due_on": "CloseDate",
        "stage": "StageName",
    },
    "decision_roles": {"person_id": "ContactId", "project_id": "OpportunityId", "role": "Role"},
    "assignments": {"staff_id": "UserId", "project_id": "OpportunityId", "role": "TeamMemberRole"},
    "interactions": {
        "staff_id": "OwnerId",
        "person_id": "WhoId",
        "on": "ActivityDate",
        "note": "Subject",
    },
}
OUTSIDE = "refers to a record not in the export"


class Row:
    """One CSV row: typed reads of its values, each bad value recorded as a problem."""

    def __init__(self, file: str, line: int, values: dict[str, str], problems: list[Problem]):
        self.file, self.line, self.values, self.problems = file, line, values, problems
        self.origin = f"{file}:{line}"

    def _bad(self, column: str, reason: str) -> None:
        self.problems.append(Problem(f"{self.origin}: {column}", reason))

    def text(self, column: str) -> str | None:
        value = self.values.get(column, "").strip()
        return value or None

    def flag(self, column: str) -> bool | None:
        value = (self.text(column) or "").lower()
        if value in ("true", "1"):
            return True
        if value in ("false", "0"):
            return False
        if value:
            self._bad(column, f"{self.values[column]!r} is not a boolean (true or false)")
        return None

    def _read(self, column: str, parse: Callable[[str], T], want: str) -> T | None:
        """The value parsed, or None when empty or unreadable (then recorded as a problem)."""
        value = self.text(column)
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError:
            self._bad(column, f"{value!r} is not {want}")
            return None

    def day(self, column: str) -> str | None:
        return self._read(
            column, lambda v: dt.date.fromisoformat(v).isoformat(), "a date (YYYY-MM-DD)"
        )

    def day_of(self, column: str) -> str | None:
        """The date of a date-time value (``2026-03-31T09:00:00.000Z``)."""
        return self._read(
            column,
            lambda v: dt.datetime.fromisoformat(v).date().isoformat(),
            "a date-time (YYYY-MM-DDThh:mm:ssZ)",
        )

    def number(self, column: str) -> float | None:
        return self._read(column, float, "a number")

    def named(self, record: dict[str, Any]) -> dict[str, Any]:
        """The record with its name: Name, or FirstName and LastName when the export has no
        Name column. An empty name is left out (a new record is then refused for lacking it)."""
        if "Name" in self.values:
            name = self.text("Name")
        else:
            name = " ".join(p for p in (self.text("FirstName"), self.text("LastName")) if p)
        return {**record, "name": name} if name else record


class Export:
    """The CSV files of one export, from a folder or a .zip (found by file name)."""

    def __init__(self, path: Path, sourced: Sourced):
        self.path, self.sourced = path, sourced
        self.problems: list[Problem] = []
        self.zip: zipfile.ZipFile | None = None
        self.members: dict[str, Path | str]  # file name -> path in the folder or the zip
        if path.is_dir():
            self.members = {p.name: p for p in path.rglob("*.csv")}
        elif zipfile.is_zipfile(path):
            self.zip = zipfile.ZipFile(path)
            self.members = {Path(n).name: n for n in self.zip.namelist() if n.endswith(".csv")}
        else:
            raise InvalidInput(f"{path.name}: not a folder or .zip of a Salesforce data export")

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()

    def _open(self, name: str) -> io.TextIOWrapper:
        member = self.members[name]
        if self.zip is None:
            return open(member, encoding="utf-8-sig", newline="")
        return io.TextIOWrapper(self.zip.open(str(member)), encoding="utf-8-sig", newline="")

    def rows(self, name: str) -> Iterator[Row]:
        """The file's rows, deleted ones (IsDeleted true) left out and counted."""
        if name not in self.members:
            return
        with self._open(name) as stream:
            try:
                _, rows = read_rows(stream)
                for line, values in rows:
                    row = Row(name, line, values, self.problems)
                    if row.flag("IsDeleted"):
                        self.sourced.skip(name, "deleted in Salesforce")
                    else:
                        yield row
            except UnicodeDecodeError as exc:
                raise InvalidInput(f"{name}: not UTF-8 text ({exc})") from None


def read_stage_map(path: Path) -> dict[str, Stage]:
    """``--stages FILE``: a JSON object from Salesforce stage names to graphmap stages."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot be read ({exc})") from None
    return parse_stage_map(text, str(path))


def parse_stage_map(text: str, where: str) -> dict[str, Stage]:
    """A stage map's JSON text (a file, or the API's form field); every bad entry listed."""
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise InvalidInput(f"{where}: not valid JSON ({exc})") from None
    if not isinstance(raw, dict):
        raise InvalidInput(f"{where}: must be a JSON object of stage name to graphmap stage")
    allowed = ", ".join(s.value for s in Stage)
    problems = [
        Problem(f"{where}: {k}", f"{v!r} is not one of {allowed}")
        for k, v in raw.items()
        if v not in Stage._value2member_map_
    ]
    if problems:
        raise reject(where, problems)
    return {k: Stage(v) for k, v in raw.items()}


def _org_kind(kind: str | None) -> str:
    if kind == "Competitor":
        return "competitor"
    return "partner" if kind and "Partner" in kind else "client"


def _stage(row: Row, stages: dict[str, Stage], unmapped: set[str]) -> str:
    closed, won = row.flag("IsClosed"), row.flag("IsWon")
    if closed:
        return Stage.WON.value if won else Stage.LOST.value
    name = row.text("StageName") or ""
    known = stages.get(name) or STAGE_NAMES.get(name)
    if known is None:
        unmapped.add(name)
    return (known or Stage.PRE_BID).value


def _accounts(export: Export, out: Sourced) -> set[str]:
    ids: set[str] = set()
    for row in export.rows("Account.csv"):
        ids.add(row.text("Id") or "")
        record = {
            "id": row.text("Id"),
            "kind": _org_kind(row.text("Type")),
            "sector": row.text("Industry"),
            "region": row.text("BillingState") or row.text("BillingCountry"),
        }
        out.add("organizations", row.named(record), row.origin)
    return ids


def _within(ref: str | None, ids: Container[str | None]) -> bool:
    """An optional reference is empty or names a record in the export."""
    return ref is None or ref in ids


def _contacts(export: Export, out: Sourced, accounts: set[str]) -> set[str]:
    """Contacts whose account and manager are in the export (repeated until none drops out,
    since dropping a manager drops the people who report to them)."""
    rows = list(export.rows("Contact.csv"))
    kept = {r.text("Id"): r for r in rows if _within(r.text("AccountId"), accounts)}
    while True:
        managed_outside = [i for i, r in kept.items() if not _within(r.text("ReportsToId"), kept)]
        if not managed_outside:
            break
        for i in managed_outside:
            del kept[i]
    for row in rows:
        if row.text("Id") not in kept:
            out.skip("Contact.csv", OUTSIDE)
            continue
        record = {
            "id": row.text("Id"),
            "title": row.text("Title"),
            "organization_id": row.text("AccountId"),
            "reports_to": row.text("ReportsToId"),
        }
        out.add("people", row.named(record), row.origin)
    return {i for i in kept if i is not None}


def _users(export: Export, out: Sourced) -> set[str]:
    ids: set[str] = set()
    for row in export.rows("User.csv"):
        ids.add(row.text("Id") or "")
        active = row.flag("IsActive")
        record = {
            "id": row.text("Id"),
            "role": row.text("Title"),
            "team": row.text("Department"),
        }
        if active is not None:
            record["status"] = "active" if active else "left"
        out.add("staff", row.named(record), row.origin)
    return ids


def _opportunities(
    export: Export, out: Sourced, accounts: set[str], users: set[str], stages: dict[str, Stage]
) -> tuple[set[str], set[tuple[str, str]]]:
    """Projects, and each one's owner as its bid lead; returns project ids and (owner, project)."""
    ids: set[str] = set()
    owners: set[tuple[str, str]] = set()
    unmapped: set[str] = set()
    for row in export.rows("Opportunity.csv"):
        if row.text("AccountId") not in accounts:
            out.skip("Opportunity.csv", OUTSIDE)
            continue
        opp = row.text("Id")
        ids.add(opp or "")
        record = {
            "id": opp,
            "client_id": row.text("AccountId"),
            "stage": _stage(row, stages, unmapped),
            "value": row.number("Amount"),
            "due_on": row.day("CloseDate"),
        }
        out.add("projects", row.named(record), row.origin)
        owner = row.text("OwnerId")
        if owner is not None and owner in users:
            owners.add((owner, opp or ""))
            lead = {"staff_id": owner, "project_id": opp, "role": AssignmentRole.BID_LEAD.value}
            out.add("assignments", lead, row.origin)
        elif owner:
            out.skip("Opportunity.csv", "owner not in User.csv: no bid lead")
    if unmapped:
        names = ", ".join(repr(n) for n in sorted(unmapped))
        out.warnings.append(
            f"Opportunity.csv: open stage names with no mapping were read as pre_bid: {names} "
            "(map them with --stages FILE)"
        )
    return ids, owners


def _links(
    export: Export,
    file: str,
    ends: tuple[str, str],
    known: tuple[set[str], set[str]],
    seen: set[tuple[str, str]],
    repeated: str,
) -> Iterator[tuple[Row, tuple[str, str]]]:
    """Rows linking two imported records, each pair once; rows pointing outside the export or
    repeating a pair already in ``seen`` are counted and left out."""
    for row in export.rows(file):
        src, dst = row.text(ends[0]) or "", row.text(ends[1]) or ""
        key = (src, dst)
        if src not in known[0] or dst not in known[1]:
            export.sourced.skip(file, OUTSIDE)
        elif key in seen:
            export.sourced.skip(file, repeated)
        else:
            seen.add(key)
            yield row, key


def _contact_roles(export: Export, out: Sourced, contacts: set[str], opps: set[str]) -> None:
    for row, (person, opp) in _links(
        export,
        "OpportunityContactRole.csv",
        ("ContactId", "OpportunityId"),
        (contacts, opps),
        set(),
        "another role of the same contact on the same opportunity",
    ):
        role = row.text("Role") or "influencer"  # through ROLE_ALIASES when checked
        out.add(
            "decision_roles", {"person_id": person, "project_id": opp, "role": role}, row.origin
        )


def _team(
    export: Export, out: Sourced, users: set[str], opps: set[str], owners: set[tuple[str, str]]
) -> None:
    for row, (user, opp) in _links(
        export,
        "OpportunityTeamMember.csv",
        ("UserId", "OpportunityId"),
        (users, opps),
        set(owners),  # the owner's bid_lead wins over a team row for the same pair
        "the opportunity owner (bid lead) or a repeated member",
    ):
        role = TEAM_ROLES.get(row.text("TeamMemberRole") or "", AssignmentRole.OTHER)
        out.add(
            "assignments", {"staff_id": user, "project_id": opp, "role": role.value}, row.origin
        )


def _activities(export: Export, out: Sourced, contacts: set[str], users: set[str]) -> None:
    seen = set()
    for file in ("Task.csv", "Event.csv"):
        for row in export.rows(file):
            if file == "Task.csv":
                kind = "email" if row.text("TaskSubtype") == "Email" else "call"
                on = row.day("ActivityDate")
            else:
                kind = "meeting"
                on = row.day("ActivityDate") or row.day_of("StartDateTime")
            who, owner = row.text("WhoId"), row.text("OwnerId")
            if who not in contacts:
                out.skip(file, "not on an imported contact (a lead, or no one)")
            elif owner not in users:
                out.skip(file, OUTSIDE)
            elif on is None:
                out.skip(file, "no date")
            elif (owner, who, on, kind) in seen:
                out.skip(file, "same owner, contact, day and kind as an earlier activity")
            else:
                seen.add((owner, who, on, kind))
                record = {
                    "staff_id": owner,
                    "person_id": who,
                    "on": on,
                    "kind": kind,
                    "note": row.text("Subject"),
                }
                out.add("interactions", record, row.origin)


def read_salesforce(path: Path, stages: dict[str, Stage] | None = None) -> Sourced:
    """Read an export into a bundle; raise InvalidInput listing every malformed value."""
    out = Sourced(source=str(path), columns=COLUMNS)
    export = Export(path, out)
    try:
        accounts = _accounts(export, out)
        contacts = _contacts(export, out, accounts)
        users = _users(export, out)
        opps, owners = _opportunities(export, out, accounts, users, stages or {})
        _contact_roles(export, out, contacts, opps)
        _team(export, out, users, opps, owners)
        _activities(export, out, contacts, users)
    finally:
        export.close()
    if export.problems:
        raise reject(path.name, export.problems)
    return out
