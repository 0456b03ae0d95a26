"""CSV folders, Excel workbooks and GraphML: round trips and file:line problems, both stores."""

from __future__ import annotations

import csv
import datetime as dt

import networkx as nx
import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from graphmap.bundle import sort_bundle
from graphmap.cli import app
from graphmap.errors import InvalidInput
from graphmap.model import Person, Staff
from graphmap.sources.sourced import import_sourced
from graphmap.sources.tabular import read_csv_folder, read_xlsx, write_csv_folder
from tests.fixtures import small_bundle


def run(store, *args: str):
    result = CliRunner().invoke(app, ["--store", store.url, *args])
    assert result.exit_code == 0, result.output
    return result


def write_csv(path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)


def test_csv_round_trip_export_edit_a_column_import(store, tmp_path):
    store.import_bundle(small_bundle())
    folder = tmp_path / "tables"
    run(store, "export", "--to", "csv", str(folder))
    with open(folder / "people.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == [
        "id", "name", "title", "organization_id", "reports_to", "stance", "susceptibility",
        "left_on", "moved_to", "notes",
    ]  # fmt: skip
    assert rows[3] == ["c", "Cy Site", "", "o1", "b", "unknown", "", "", "", ""]
    rows[3][5] = "advocate"
    rows[3][2] = "Site Manager, North"
    write_csv(folder / "people.csv", rows)
    before = sort_bundle(store.export_bundle())
    run(store, "import", "--from", "csv", str(folder))
    after = sort_bundle(store.export_bundle())
    assert store.get("Person", "c") == Person(
        id="c",
        name="Cy Site",
        title="Site Manager, North",
        organization_id="o1",
        reports_to="b",
        stance="advocate",
    )
    unchanged = [p for p in after.people if p.id != "c"]
    assert unchanged == [p for p in before.people if p.id != "c"]
    assert after.model_copy(update={"people": []}) == before.model_copy(update={"people": []})


def test_empty_cells_keep_and_null_clears(store, tmp_path):
    store.import_bundle(small_bundle())
    store.import_bundle({"people": [{"id": "c", "title": "Site Manager"}]})
    folder = tmp_path / "tables"
    folder.mkdir()
    write_csv(folder / "people.csv", [["id", "title", "reports_to"], ["c", "", "null"]])
    write_csv(folder / "knows.csv", [["staff_id", "person_id", "source"], ["s1", "a", "fair"]])
    import_sourced(store, read_csv_folder(folder))
    assert store.get("Person", "c") == Person(
        id="c", name="Cy Site", title="Site Manager", organization_id="o1"
    )
    knows = [k for k in store.export_bundle().knows if (k.staff_id, k.person_id) == ("s1", "a")]
    assert [(k.strength, k.source) for k in knows] == [(0.8, "fair")]


def test_csv_problems_name_file_line_and_field(store, tmp_path):
    store.import_bundle(small_bundle())
    folder = tmp_path / "tables"
    folder.mkdir()
    write_csv(
        folder / "people.csv",
        [
            ["id", "name", "title", "stance"],
            ["n1", "New One", "Head of\nDesign", "neutral"],  # lines 2-3
            ["n2", "New Two", "", "hostile"],  # line 4
        ],
    )
    write_csv(
        folder / "knows.csv",
        [["staff_id", "person_id", "strength"], ["s1", "a", "high"], ["s2", "n8", "0.5"]],
    )
    with pytest.raises(InvalidInput) as info:
        import_sourced(store, read_csv_folder(folder))
    found = sorted(str(p) for p in info.value.problems)
    assert found[0] == "knows.csv:2: strength: 'high' is not a number"
    assert found[1] == "knows.csv:3: person_id: unknown person 'n8'"
    assert found[2].startswith("people.csv:4: stance: 'hostile' is not one of advocate")
    assert len(found) == 3 and store.stats()["Person"] == 8
    write_csv(folder / "contacts.csv", [["id"], ["x"]])
    with pytest.raises(InvalidInput) as info:
        read_csv_folder(folder)
    assert str(info.value.problems[0]).startswith("contacts.csv: not a section")


def test_an_excel_workbook_imports_like_the_csv_folder(store, tmp_path):
    store.import_bundle(small_bundle())
    book = Workbook()
    staff = book.active
    staff.title = "staff"
    staff.append(["id", "name", "status", "leaves_on", "region"])
    staff.append(["s9", "Nia Nine", "leaving", dt.datetime(2027, 1, 15), None])
    staff.append([1001, "Numbered", None, None, "East"])
    knows = book.create_sheet("knows")
    knows.append(["staff_id", "person_id", "strength", "last_contact"])
    knows.append(["s9", "a", 0.4, "2026-10-01"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    run(store, "import", str(path))  # detected by the suffix
    assert store.get("Staff", "s9") == Staff(
        id="s9", name="Nia Nine", status="leaving", leaves_on="2027-01-15"
    )
    assert store.get("Staff", "1001") == Staff(id="1001", name="Numbered", region="East")
    knows_a = [k for k in store.export_bundle().knows if k.staff_id == "s9"]
    assert [(k.strength, str(k.last_contact)) for k in knows_a] == [(0.4, "2026-10-01")]
    staff.append(["s8", "Bad Status", "retired"])  # row 4
    book.save(path)
    with pytest.raises(InvalidInput) as info:
        import_sourced(store, read_xlsx(path))
    assert [str(p) for p in info.value.problems] == [
        "staff!4: status: 'retired' is not one of active, leaving, left"
    ]


def test_graphml_has_every_node_relationship_and_property(store, tmp_path):
    store.import_bundle(small_bundle())
    path = tmp_path / "graph.graphml"
    run(store, "export", "--to", "graphml", str(path))
    graph = nx.read_graphml(path, force_multigraph=True)
    assert graph.number_of_nodes() == 3 + 8 + 4 + 1
    assert graph.number_of_edges() == 7 + 2 + 1 + 4 + 2 + 3 + 2 + 1 + 1
    assert graph.nodes["P1"] == {
        "label": "Project",
        "name": "Depot",
        "stage": "tender",
        "value": 1000000.0,
    }
    assert graph.nodes["s4"]["leaves_on"] == "2024-01-31"
    knows = [d for _, v, d in graph.out_edges("s1", data=True) if v == "a"]
    assert knows == [
        {"type": "KNOWS", "strength": 0.8, "last_contact": "2024-05-01"}
    ]  # fmt: skip
    types = sorted(d["type"] for _, _, d in graph.out_edges("c", data=True))
    assert types == ["REPORTS_TO", "WORKS_AT"]


def test_json_stays_the_default_both_ways(store, tmp_path):
    store.import_bundle(small_bundle())
    path = tmp_path / "bundle.json"
    run(store, "export", "-o", str(path))
    before = sort_bundle(store.export_bundle())
    run(store, "import", str(path))
    assert sort_bundle(store.export_bundle()) == before
    one_csv = CliRunner().invoke(app, ["--store", store.url, "import", str(tmp_path / "x.csv")])
    assert one_csv.exit_code == 1 and "one CSV file is not an import" in one_csv.output
    (tmp_path / "fake.xlsx").write_text("not a workbook")
    for args in (["--from", "xlsx", str(path)], [str(tmp_path / "fake.xlsx")]):
        wrong = CliRunner().invoke(app, ["--store", store.url, "import", *args])
        assert wrong.exit_code == 1 and "not a readable .xlsx workbook" in wrong.output
        assert wrong.exception is None or isinstance(wrong.exception, SystemExit)


def test_the_demo_firm_survives_a_csv_round_trip_unchanged(store, demo, tmp_path):
    write_csv_folder(sort_bundle(demo), tmp_path / "demo")
    import_sourced(store, read_csv_folder(tmp_path / "demo"))
    assert sort_bundle(store.export_bundle()) == sort_bundle(demo)
