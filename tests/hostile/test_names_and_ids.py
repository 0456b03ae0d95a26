"""Control characters, terminal escapes, NUL and '/' in ids and names, through both stores,
the CLI and the API: refused with the record, field and reason, nothing written; what a store
holds anyway (written some other way) reaches the terminal inert."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphmap.cli import app
from graphmap.errors import InvalidInput
from graphmap.keys import Role
from graphmap.views.inert import inert
from tests.api.conftest import HEADERS, make_client

ERASE_LINE = "\x1b[1A\x1b[2K"  # cursor up, erase the line: hides what was printed above
BAD_IDS = {
    "slash": ("a/b", "'/'"),
    "nul": ("a\x00b", "U+0000"),
    "escape": ("a" + ERASE_LINE, "U+001B"),
    "dot": (".", "path step"),
    "dotdot": ("..", "path step"),
    "bidi": ("a\u202eb", "U+202E"),
    "zero-width": ("a\u200bb", "U+200B"),
}
BAD_TEXT = {
    "nul": ("Ann\x00", "U+0000"),
    "escape": (ERASE_LINE + "Ann", "U+001B"),
    "bell": ("Ann\x07", "U+0007"),
    "c1-csi": ("Ann\x9b31m", "U+009B"),
    "delete": ("Ann\x7f", "U+007F"),
    "bidi-override": ("\u202eAnn", "U+202E"),
}


def org(**fields: str) -> dict[str, str]:
    return {"id": "o", "name": "O"} | fields


def person(**fields: str) -> dict[str, str]:
    return {"id": "p", "name": "P", "organization_id": "o"} | fields


def refused(store, bundle: dict) -> list[str]:
    """The problems of importing ``bundle`` ("location: reason"), which must change nothing."""
    before = store.export_bundle()
    with pytest.raises(InvalidInput) as caught:
        store.import_bundle(bundle)
    assert store.export_bundle() == before
    return [f"{p.location}: {p.reason}" for p in caught.value.problems]


@pytest.mark.parametrize("case", BAD_IDS, ids=list(BAD_IDS))
def test_an_id_that_no_url_or_terminal_can_carry_is_refused_by_both_stores(store, case):
    bad, reason = BAD_IDS[case]
    lines = refused(store, {"organizations": [org(), org(id=bad)]})
    assert any(line.startswith("organizations[1].id") and reason in line for line in lines), lines
    lines = refused(store, {"organizations": [org()], "people": [person(organization_id=bad)]})
    assert any("people[0].organization_id" in line and reason in line for line in lines)


@pytest.mark.parametrize("case", BAD_TEXT, ids=list(BAD_TEXT))
@pytest.mark.parametrize("field", ["name", "title", "notes"])
def test_a_control_character_in_a_name_title_or_note_is_refused(store, case, field):
    bad, reason = BAD_TEXT[case]
    lines = refused(store, {"organizations": [org()], "people": [person(**{field: bad})]})
    assert any(line.startswith(f"people[0].{field}") and reason in line for line in lines)


def test_line_breaks_become_a_space_in_names_and_stay_in_notes(store):
    store.import_bundle(
        {
            "organizations": [org(name="Port\r\nAuthority\tof X")],
            "people": [person(title="Head of\nProcurement", notes="met at\r\nthe depot\r\tok")],
        }
    )
    assert store.get("Organization", "o").name == "Port Authority of X"
    kept = store.get("Person", "p")
    assert kept.title == "Head of Procurement"
    assert kept.notes == "met at\nthe depot\n\tok"


@pytest.fixture
def client(sqlite_store):
    with make_client(sqlite_store) as c:
        c.headers.update(HEADERS[Role.ADMIN])
        yield c


def test_the_api_refuses_them_with_the_record_and_field(client):
    response = client.post("/import", json={"organizations": [org(), org(id="a/b")]})
    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert any(d["location"] == "organizations[1].id" and "'/'" in d["reason"] for d in details)
    response = client.patch("/organizations/o", json={"name": "X" + ERASE_LINE})
    assert response.status_code == 404  # nothing was imported above
    client.post("/import", json={"organizations": [org()]})
    response = client.patch("/organizations/o", json={"name": "X" + ERASE_LINE})
    assert response.status_code == 422 and "U+001B" in response.text
    response = client.put("/people/p", json=person(notes="\x00"))
    assert response.status_code == 422 and "notes" in response.text
    assert client.get("/organizations/o").json()["name"] == "O"


ODD_IDS = ["Acme? #1", "a %20 b", "a%2Fb", "100%", "& Co. (Ltd) 北京", "a\\b", "a;b=c"]


def test_every_id_the_model_takes_is_reachable_over_the_api(sqlite_store):
    """Any id that imports can be fetched, replaced and deleted at its percent-encoded URL,
    and its view links to it. Over a real server: the test client decodes a path twice."""
    from urllib.parse import quote

    import httpx

    from devtools.neo4j_dev import free_port
    from graphmap.api.main import create_app
    from graphmap.settings import Settings
    from tests.api.conftest import KEYS
    from tests.browser.conftest import Served

    sqlite_store.import_bundle({"organizations": [org(id=odd) for odd in ODD_IDS]})
    settings = Settings(api_keys=",".join(entry for _, entry in KEYS.values()))
    with Served(create_app(settings, sqlite_store), free_port()) as served:
        web = httpx.Client(base_url=served.base, headers=HEADERS[Role.ADMIN])
        for odd in ODD_IDS:
            url = "/organizations/" + quote(odd, safe="")
            assert web.get(url).json()["id"] == odd, odd
            assert web.put(url, json=org(id=odd, name="New")).json()["name"] == "New"
            page = web.get("/views/account/" + quote(odd, safe=""))
            assert page.status_code == 200, odd
            assert f'href="/accounts/{quote(odd, safe="")}/coverage' in page.text.replace(
                "&amp;", "&"
            )
            assert web.get(f"/accounts/{quote(odd, safe='')}/coverage").status_code == 200
            assert web.delete(url).status_code == 204
            assert web.get(url).status_code == 404


def test_the_cli_refuses_them_with_the_record_and_field(tmp_path):
    bundle = tmp_path / "b.json"
    bundle.write_text(json.dumps({"organizations": [org(id="x\x1b[2K")]}))
    url = f"sqlite:///{tmp_path / 'g.db'}"
    result = CliRunner().invoke(app, ["--store", url, "import", str(bundle)])
    assert result.exit_code == 1 and "organizations[0].id" in result.output
    assert "U+001B" in result.output and "\x1b" not in result.output


HOSTILE = ERASE_LINE + "EVIL\x9b31m\u202e"


@pytest.fixture(scope="module")
def tampered(tmp_path_factory) -> str:
    """The demo firm in SQLite with hostile names written into the file directly, as a
    tool other than graphmap could: the model never saw them."""
    url = f"sqlite:///{tmp_path_factory.mktemp('tampered') / 'g.db'}"
    CliRunner().invoke(app, ["--store", url, "demo", "--no-serve"])
    db = sqlite3.connect(url.removeprefix("sqlite:///"))
    for node in ("per-0034", "stf-001", "prj-001", "org-003", "stf-008"):
        (props,) = db.execute("SELECT props FROM nodes WHERE id = ?", (node,)).fetchone()
        fields = json.loads(props)
        fields["name"] = HOSTILE + fields["name"]
        if node.startswith("per-"):
            fields["title"] = HOSTILE
        db.execute("UPDATE nodes SET props = ? WHERE id = ?", (json.dumps(fields), node))
    db.commit()
    db.close()
    return url


@pytest.mark.parametrize(
    "command",
    [
        "influence prj-001",
        "influence prj-001 --json",
        "handover stf-001",
        "handover stf-001 --markdown",
        "handover stf-001 --json",
        "paths per-0034",
        "coverage org-003",
        "accounts",
        "pipeline",
        "find EVIL",
    ],
)
def test_nothing_raw_reaches_the_terminal(tampered, command):
    result = CliRunner().invoke(app, ["--store", tampered, *command.split()])
    assert result.exit_code == 0, result.output
    shown = result.output
    assert not any(c in shown for c in "\x1b\x9b\u202e"), shown
    assert "EVIL" in shown and "\\u001b" in shown  # shown, as its code


def test_inert_keeps_lines_and_tabs_and_writes_codes_json_reads_back():
    assert inert("a\nb\tc") == "a\nb\tc"
    assert inert("\x00\x1b\x7f\x9b\u202e") == "\\u0000\\u001b\\u007f\\u009b\\u202e"
    assert json.loads('"' + inert("x\x9by") + '"') == "x\x9by"


def test_the_store_file_is_what_was_tampered(tampered):
    """The fixture did write raw controls: the tests above are not vacuous."""
    db = sqlite3.connect(tampered.removeprefix("sqlite:///"))
    (props,) = db.execute("SELECT props FROM nodes WHERE id = 'stf-001'").fetchone()
    assert "\x1b" in json.loads(props)["name"]
    assert Path(tampered.removeprefix("sqlite:///")).exists()
