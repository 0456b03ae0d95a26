"""Hostile names in real headless Chromium: markup, script breakouts, template syntax and
markdown in every name, title and note stay inert text in every control an editor sees —
search box and its list, filters, edit panel, plan, tooltips, dashboard tables, the scatter's
hover labels. Nothing runs (no dialog, no error), no element is injected."""

from __future__ import annotations

import html

import pytest

from devtools.neo4j_dev import free_port
from graphmap.api.main import create_app
from graphmap.keys import Role, new_key
from graphmap.settings import Settings
from graphmap.store.sqlite import SQLiteStore
from tests.browser.conftest import Served, watched_page
from tests.conftest import DEMO_TODAY

pytestmark = pytest.mark.browser

PAYLOADS = {
    "person": '"><svg onload=alert(1)><img src=x onerror=alert(2)>',
    "title": "</script><script>alert(3)</script>",
    "notes": "{{7*7}} ${alert(4)} <iframe src=javascript:alert(5)>\n# heading\n| a | b |",
    "staff": "<a href=\"javascript:alert(6)\">Sam</a> <b>bold</b> ' onmouseover='alert(7)",
    "org": "<style>*{display:none}</style>Org ~~struck~~ `code`",
    "bid": "Bid <img src=x onerror=alert(8)> &amp; &lt;",
}
# what each payload would make if it were read as markup rather than text
INJECTED = """[...document.querySelectorAll(
    "[onload], [onerror], [onmouseover], iframe, img[src='x'], a[href^='javascript']")]
  .concat([...document.scripts].filter(s => s.text.trim().startsWith("alert(")))
  .concat([...document.querySelectorAll("style")]
    .filter(s => s.textContent.includes("*{display:none}")))
  .concat([...document.querySelectorAll("b")].filter(b => b.textContent === "bold"))
  .map(e => e.outerHTML.slice(0, 80))"""
EDITOR, EDITOR_ENTRY = new_key(Role.EDITOR)
HOSTILE_CLIENT_LABEL = """() => {
  const trace = document.getElementById("scatter").data.find(t => t.customdata);
  const i = trace.customdata.findIndex(url => url.includes("/org-001?"));
  return i < 0 ? null : trace.text[i];
}"""


@pytest.fixture(scope="module")
def served(tmp_path_factory, demo):
    store = SQLiteStore(tmp_path_factory.mktemp("hostile-views") / "graph.db")
    store.import_bundle(demo)
    seat = next(s.person_id for s in demo.decision_roles if s.project_id == "prj-001")
    person = next(p for p in demo.people if p.id == seat)
    store.import_bundle(
        {
            "organizations": [{"id": "org-001", "name": PAYLOADS["org"]}],
            "people": [
                person.model_dump(exclude_none=True)
                | {"name": PAYLOADS["person"], "title": PAYLOADS["title"]}
                | {"notes": PAYLOADS["notes"]}
            ],
            "staff": [{"id": "stf-001", "name": PAYLOADS["staff"], "status": "leaving"}],
            "projects": [
                next(p for p in demo.projects if p.id == "prj-001").model_dump(exclude_none=True)
                | {"name": PAYLOADS["bid"]}
            ],
        }
    )
    with Served(create_app(Settings(api_keys=EDITOR_ENTRY), store), free_port()) as server:
        server.seat = seat
        yield server
    store.close()


def logged_in(browser, served, path: str):
    page = watched_page(browser)
    page.goto(f"{served.base}/views/login?next={path}")
    page.fill("#key", EDITOR)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def injected(page) -> list[str]:
    """Elements a payload could have made: none of these kinds belongs to a view."""
    return page.evaluate(INJECTED)


def inert(page, where: str) -> None:
    page.wait_for_timeout(300)
    assert page.log["dialogs"] == [], where
    assert page.log["errors"] == [], where
    assert injected(page) == [], where


def test_the_bid_view_keeps_them_text_in_every_control(browser, served):
    page = logged_in(browser, served, f"/views/bid/prj-001?as_of={DEMO_TODAY}")
    page.wait_for_function("window.graphmap && window.graphmap.ready", timeout=60_000)
    assert PAYLOADS["bid"] in page.title() or PAYLOADS["bid"] in page.inner_text("body")
    listed = page.evaluate("[...document.querySelectorAll('#names option')].map(o => o.value)")
    assert PAYLOADS["person"] in listed
    page.fill("#search", PAYLOADS["person"])  # the search box takes it as a name
    page.dispatch_event("#search", "change")
    assert page.evaluate("window.graphmap.network.getSelectedNodes()") == [served.seat]
    for control in ("#only-uncovered", "#hide-staff", "#our-ties", "#show-all"):
        page.click(control)  # every filter redraws with the hostile labels
        page.click(control)
    page.fill("#min-share", "0")
    page.dispatch_event("#min-share", "input")
    inert(page, "filters")

    page.evaluate("id => window.graphmap.edit(id)", served.seat)  # the edit panel
    assert page.locator("#editor").is_visible()
    assert PAYLOADS["person"] in page.inner_text("#ed-title")
    assert page.input_value("#ed-job") == PAYLOADS["title"]
    assert page.input_value("#ed-notes") == PAYLOADS["notes"]
    staff = page.evaluate("[...document.querySelectorAll('#ed-staff option')].map(o => o.text)")
    assert any(PAYLOADS["staff"] in s for s in staff)
    inert(page, "edit panel")

    for item in page.locator("#plan li").all()[:5]:  # plan lines and their tooltips
        item.hover()
    inert(page, "plan")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<b>bold</b>')")
    assert injected(page) != []  # the check sees an element that markup would have made
    page.context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/views?as_of={day}",
        "/views/lists?as_of={day}",
        "/views/staff/stf-001?as_of={day}",
        "/views/account/org-001?as_of={day}",
        "/views/person/{seat}?as_of={day}",
    ],
)
def test_the_other_views_keep_them_text(browser, served, path):
    page = logged_in(browser, served, path.format(day=DEMO_TODAY, seat=served.seat))
    body = page.inner_text("body")
    assert any(p.split("\n")[0] in body for p in PAYLOADS.values()), "no payload shown"
    labels = []
    for point in page.locator("#scatter .point, #bars .point").all()[:20]:
        box = point.bounding_box()  # plotly hover labels: the pointer over each point
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        labels.append(page.evaluate("document.querySelector('.hoverlayer')?.textContent || ''"))
    if page.locator("#scatter").count():
        assert any(labels)
        label = page.evaluate(HOSTILE_CLIENT_LABEL)  # what plotly is given: escaped text
        assert html.escape(PAYLOADS["org"], quote=True) in label, label
    for row in page.locator("#pipeline tr").all()[:20]:
        row.hover()
    inert(page, path)
    page.context.close()


def test_the_dashboard_table_shows_the_bid_and_client_as_text(browser, served):
    page = logged_in(browser, served, f"/views?as_of={DEMO_TODAY}")
    table = page.inner_text("#pipeline")
    assert PAYLOADS["bid"] in table and PAYLOADS["org"] in table
    page.fill("#filter", PAYLOADS["bid"][:12])  # the table's own filter box
    page.dispatch_event("#filter", "input")
    inert(page, "dashboard filter")
    page.context.close()
