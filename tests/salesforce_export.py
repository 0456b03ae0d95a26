"""A small Salesforce Data Export written exactly as Salesforce writes one: a header of API
field names, every value quoted, CRLF between rows, a byte-order mark on some files, values
with commas, quotes and newlines. Expected mappings are worked out by hand in the tests."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

EXPORT: dict[str, list[list[str]]] = {
    "Account.csv": [
        ["Id", "IsDeleted", "Name", "Type", "Industry", "BillingState", "BillingCountry"],
        ["001A", "false", "Harbour Rail Trust", "Customer - Direct", "Transportation", "NSW", ""],
        ["001B", "false", "北京设计研究院", "Technology Partner", "Engineering", "", "China"],
        ["001C", "false", "Rival Build, Ltd.", "Competitor", "", "", ""],
        ["001D", "true", "Deleted Co", "Customer - Direct", "", "", ""],
    ],
    "Contact.csv": [
        ["Id", "IsDeleted", "AccountId", "FirstName", "LastName", "Name", "Title", "ReportsToId"],
        ["003A", "false", "001A", "Ana", "Ruiz", "Ana Ruiz", "Chief Financial Officer", ""],
        ["003B", "false", "001A", "Bo", 'O"Neil', 'Bo O"Neil', "Head of\nEngineering", "003A"],
        ["003C", "false", "001B", "建国", "王", "王建国", "总工程师", ""],
        ["003D", "false", "001Z", "Out", "Side", "Out Side", "", ""],
        ["003E", "false", "001A", "Ed", "Under", "Ed Under", "", "003D"],
    ],
    "User.csv": [
        ["Id", "FirstName", "LastName", "Title", "Department", "IsActive"],
        ["005A", "Sam", "Lee", "Bid Director", "Bids", "true"],
        ["005B", "Kim", "Park", "Estimator", "Estimating", "false"],
    ],
    "Opportunity.csv": [
        [
            "Id",
            "IsDeleted",
            "AccountId",
            "Name",
            "Amount",
            "CloseDate",
            "StageName",
            "IsClosed",
            "IsWon",
            "OwnerId",
        ],
        [
            "006A",
            "false",
            "001A",
            "Harbour Depot",
            "42000000",
            "2026-03-31",
            "Proposal/Price Quote",
            "false",
            "false",
            "005A",
        ],
        [
            "006B",
            "false",
            "001A",
            "Harbour Signals",
            "",
            "2026-06-30",
            "Closed Won",
            "true",
            "true",
            "005B",
        ],
        [
            "006C",
            "false",
            "001B",
            "Beijing Campus",
            "1500000.50",
            "2026-09-30",
            "Site Survey",
            "false",
            "false",
            "005A",
        ],
        ["006D", "false", "001Z", "Nowhere", "", "2026-01-01", "Prospecting", "false", "false", ""],
    ],
    "OpportunityContactRole.csv": [
        ["Id", "IsDeleted", "ContactId", "OpportunityId", "Role", "IsPrimary"],
        ["00KA", "false", "003A", "006A", "Economic Decision Maker", "true"],
        ["00KB", "false", "003B", "006A", "Technical Buyer", "false"],
        ["00KC", "false", "003C", "006C", "", "false"],
        ["00KD", "false", "003D", "006A", "Influencer", "false"],
    ],
    "OpportunityTeamMember.csv": [
        ["Id", "UserId", "OpportunityId", "TeamMemberRole"],
        ["01MA", "005A", "006A", "Sales Manager"],
        ["01MB", "005B", "006A", "Sales Manager"],
        ["01MC", "005B", "006C", "Executive Sponsor"],
        ["01MD", "005A", "006B", "Pre-Sales Consultant"],
    ],
    "Task.csv": [
        ["Id", "IsDeleted", "OwnerId", "WhoId", "ActivityDate", "TaskSubtype", "Subject"],
        ["00TA", "false", "005A", "003A", "2026-02-10", "Email", 'Re: pricing, "final"'],
        ["00TB", "false", "005A", "003B", "2026-02-11", "Call", "Call about\nsite access"],
        ["00TC", "false", "005A", "00QX", "2026-02-12", "Call", "a lead"],
        ["00TD", "false", "005B", "003C", "", "Call", "no date"],
        ["00TE", "true", "005A", "003A", "2026-02-13", "Call", "deleted"],
    ],
    "Event.csv": [
        ["Id", "IsDeleted", "OwnerId", "WhoId", "ActivityDate", "StartDateTime", "Subject"],
        ["00UA", "false", "005A", "003C", "", "2026-03-01T01:30:00.000Z", "Kick-off"],
        ["00UB", "false", "005B", "003A", "2026-03-02", "2026-03-02T09:00:00.000Z", "Workshop"],
    ],
    "Lead.csv": [["Id", "Name"], ["00QX", "Lee D"]],
}
BOM = {"Account.csv", "Contact.csv", "Task.csv"}


def csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def write_export(folder: Path, files: dict[str, list[list[str]]] = EXPORT) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        encoding = "utf-8-sig" if name in BOM else "utf-8"
        (folder / name).write_bytes(csv_text(rows).encode(encoding))
    return folder


def zip_export(path: Path, files: dict[str, list[list[str]]] = EXPORT) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, rows in files.items():
            encoding = "utf-8-sig" if name in BOM else "utf-8"
            archive.writestr(f"WE_00D_1/{name}", csv_text(rows).encode(encoding))
    return path
