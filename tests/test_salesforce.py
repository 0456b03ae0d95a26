"""Salesforce Data Export import on both stores; every expected value is worked out by hand
from tests/salesforce_export.py (see docs/crm-import.md for the mapping)."""

from __future__ import annotations

import copy
import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graphmap.api.main import create_app
from graphmap.cli import app
from graphmap.errors import InvalidInput
from graphmap.model import Organization, Person, Project, Staff
from graphmap.settings import Settings
from graphmap.sources.salesforce import read_salesforce
from graphmap.sources.sourced import import_sourced
from tests.salesforce_export import EXPORT, write_export, zip_export

LEFT_OUT = {
    "Account.csv: deleted in Salesforce": 1,
    "Contact.csv: refers to a record not in the export": 2,  # 003D (account 001Z), 003E (boss)
    "Opportunity.csv: refers to a record not in the export": 1,  # 006D (account 001Z)
    "OpportunityContactRole.csv: refers to a record not in the export": 1,  # 003D
    "OpportunityTeamMember.csv: the opportunity owner (bid lead) or a repeated member": 1,
    "Task.csv: deleted in Salesforce": 1,
    "Task.csv: no date": 1,
    "Task.csv: not on an imported contact (a lead, or no one)": 1,
}


def import_export(store, folder):
    return import_sourced(store, read_salesforce(folder))


def test_every_record_maps_as_documented(store, tmp_path):
    sourced = read_salesforce(write_export(tmp_path / "export"))
    assert sourced.left_out() == LEFT_OUT
    assert sourced.warnings == [
        "Opportunity.csv: open stage names with no mapping were read as pre_bid: 'Site Survey' "
        "(map them with --stages FILE)"
    ]
    written = import_sourced(store, sourced)
    assert written == {"nodes": 11, "relationships": 3 + 1 + 3 + 3 + 6 + 4}  # refs + rest
    assert [store.get("Organization", i) for i in ("001A", "001B", "001C")] == [
        Organization(id="001A", name="Harbour Rail Trust", sector="Transportation", region="NSW"),
        Organization(
            id="001B", name="北京设计研究院", kind="partner", sector="Engineering", region="China"
        ),
        Organization(id="001C", name="Rival Build, Ltd.", kind="competitor"),
    ]
    assert [store.get("Person", i) for i in ("003A", "003B", "003C")] == [
        Person(id="003A", name="Ana Ruiz", title="Chief Financial Officer", organization_id="001A"),
        Person(
            id="003B",
            name='Bo O"Neil',
            title="Head of\nEngineering",
            organization_id="001A",
            reports_to="003A",
        ),
        Person(id="003C", name="王建国", title="总工程师", organization_id="001B"),
    ]
    assert [store.get("Staff", i) for i in ("005A", "005B")] == [
        Staff(id="005A", name="Sam Lee", role="Bid Director", team="Bids", status="active"),
        Staff(id="005B", name="Kim Park", role="Estimator", team="Estimating", status="left"),
    ]
    assert [store.get("Project", i) for i in ("006A", "006B", "006C")] == [
        Project(
            id="006A",
            name="Harbour Depot",
            client_id="001A",
            stage="tender",
            value=42_000_000,
            due_on="2026-03-31",
        ),
        Project(
            id="006B", name="Harbour Signals", client_id="001A", stage="won", due_on="2026-06-30"
        ),
        Project(
            id="006C",
            name="Beijing Campus",
            client_id="001B",
            stage="pre_bid",
            value=1_500_000.5,
            due_on="2026-09-30",
        ),
    ]
    exported = store.export_bundle()
    assert sorted((d.person_id, d.project_id, d.role.value) for d in exported.decision_roles) == [
        ("003A", "006A", "economic_buyer"),
        ("003B", "006A", "technical_evaluator"),
        ("003C", "006C", "influencer"),
    ]
    assert sorted((a.staff_id, a.project_id, a.role.value) for a in exported.assignments) == [
        ("005A", "006A", "bid_lead"),
        ("005A", "006B", "other"),
        ("005A", "006C", "bid_lead"),
        ("005B", "006A", "account_manager"),
        ("005B", "006B", "bid_lead"),
        ("005B", "006C", "executive_sponsor"),
    ]
    assert sorted(
        (i.staff_id, i.person_id, str(i.on), i.kind.value, i.note) for i in exported.interactions
    ) == [
        ("005A", "003A", "2026-02-10", "email", 'Re: pricing, "final"'),
        ("005A", "003B", "2026-02-11", "call", "Call about\nsite access"),
        ("005A", "003C", "2026-03-01", "meeting", "Kick-off"),
        ("005B", "003A", "2026-03-02", "meeting", "Workshop"),
    ]


def test_malformed_values_reject_the_export_at_their_physical_lines(store, tmp_path):
    files = copy.deepcopy(EXPORT)
    files["Opportunity.csv"][1][3] = "Harbour\nDepot"  # row 006A spans lines 2 and 3
    files["Opportunity.csv"].insert(
        2,
        ["006E", "false", "001A", "Bad", "12k", "2026-02-30", "Prospecting", "false", "maybe", ""],
    )
    files["Task.csv"][4][4] = "2026-13-01"  # 00TD: lines 2, 3-4 (00TB), 5, 6
    with pytest.raises(InvalidInput) as info:
        import_export(store, write_export(tmp_path / "bad", files))
    assert [str(p) for p in info.value.problems] == [
        "Opportunity.csv:4: IsWon: 'maybe' is not a boolean (true or false)",
        "Opportunity.csv:4: Amount: '12k' is not a number",
        "Opportunity.csv:4: CloseDate: '2026-02-30' is not a date (YYYY-MM-DD)",
        "Task.csv:6: ActivityDate: '2026-13-01' is not a date (YYYY-MM-DD)",
    ]
    assert sum(store.stats().values()) == 0


def test_problems_the_bundle_checks_find_name_the_file_line_and_column(store, tmp_path):
    files = copy.deepcopy(EXPORT)
    files["Account.csv"][2][2] = ""  # 001B loses its name: line 3
    files["OpportunityContactRole.csv"][2][4] = "Sponsor"  # 00KB: line 3
    with pytest.raises(InvalidInput) as info:
        import_export(store, write_export(tmp_path / "bad", files))
    found = [str(p) for p in info.value.problems]
    assert found[0] == "Account.csv:3: Name: required field is missing"
    assert found[1].startswith("OpportunityContactRole.csv:3: Role: 'Sponsor' is not one of")
    assert len(found) == 2 and sum(store.stats().values()) == 0


def test_a_later_export_updates_and_keeps_what_graphmap_added(store, tmp_path):
    import_export(store, write_export(tmp_path / "first"))
    store.import_bundle({"people": [{"id": "003A", "stance": "advocate"}]})
    counts = store.stats()
    files = copy.deepcopy(EXPORT)
    files["Contact.csv"][1][6] = "CFO"
    files["Contact.csv"][2][7] = ""  # 003B no longer reports to anyone
    import_export(store, write_export(tmp_path / "second", files))
    assert store.get("Person", "003A") == Person(
        id="003A", name="Ana Ruiz", title="CFO", organization_id="001A", stance="advocate"
    )
    assert store.get("Person", "003B").reports_to is None
    assert store.stats() == {**counts, "REPORTS_TO": counts["REPORTS_TO"] - 1}


def test_stage_map_file(tmp_path, store):
    stages = tmp_path / "stages.json"
    folder = write_export(tmp_path / "export")
    args = ["--store", store.url, "import", "--from", "salesforce", str(folder)]
    stages.write_text(json.dumps({"Site Survey": "lead"}))
    result = CliRunner().invoke(app, [*args, "--stages", str(stages)])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    assert store.get("Project", "006C").stage == "lead"
    stages.write_text(json.dumps({"Site Survey": "surveying"}))
    bad = CliRunner().invoke(app, [*args, "--stages", str(stages)])
    assert bad.exit_code == 1 and "Site Survey: 'surveying' is not one of lead" in bad.output


def test_dry_run_counts_and_writes_nothing(store, tmp_path):
    folder = write_export(tmp_path / "export")
    runner = CliRunner()
    dry = runner.invoke(
        app, ["--store", store.url, "import", "--from", "salesforce", str(folder), "--dry-run"]
    )
    assert dry.exit_code == 0, dry.output
    assert sum(store.stats().values()) == 0
    assert "left out 1 row(s) of Task.csv: no date" in dry.output
    assert "people" in dry.stdout and "interactions" in dry.stdout
    import_export(store, folder)
    again = runner.invoke(
        app, ["--store", store.url, "import", "--from", "salesforce", str(folder), "--dry-run"]
    )
    rows = {line.split("│")[1].strip(): line for line in again.stdout.splitlines() if "│" in line}
    assert [c.strip() for c in rows["people"].split("│")[2:4]] == ["0", "3"]  # create, update


def test_a_zip_or_an_export_folder_needs_no_from(store, tmp_path):
    archive = zip_export(tmp_path / "export.zip")
    result = CliRunner().invoke(app, ["--store", store.url, "import", str(archive)])
    assert result.exit_code == 0, result.output
    assert "imported 11 nodes and 20 relationships" in result.stdout
    folder = write_export(tmp_path / "export")
    again = CliRunner().invoke(app, ["--store", store.url, "import", str(folder)])
    assert again.exit_code == 0 and store.stats()["Person"] == 3


def test_http_import_of_a_zip(store, tmp_path):
    archive = zip_export(tmp_path / "export.zip")
    with TestClient(create_app(Settings(auth_disabled=True), store)) as client:
        with archive.open("rb") as upload:
            response = client.post(
                "/import/salesforce", files={"export": ("export.zip", upload, "application/zip")}
            )
        assert response.status_code == 200, response.text
        assert response.json()["left_out"] == LEFT_OUT
        assert response.json()["nodes"] == 11
        assert client.get("/search", params={"q": "王"}).json()[0]["id"] == "003C"
        with archive.open("rb") as upload:
            mapped = client.post(
                "/import/salesforce",
                files={"export": ("export.zip", upload, "application/zip")},
                data={"stages": '{"Site Survey": "tender"}'},
            )
        assert (
            mapped.json()["warnings"] == []
            and client.get("/projects/006C").json()["stage"] == "tender"
        )
        garbage = client.post(
            "/import/salesforce", files={"export": ("x.zip", b"not a zip", "application/zip")}
        )
        assert garbage.status_code == 422
        assert "not a folder or .zip" in garbage.json()["error"]["message"]
