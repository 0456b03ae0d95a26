"""The views in a real headless Chromium: offline, escaped, interactive, and as counted."""

from __future__ import annotations

import math

import pytest

from devtools.neo4j_dev import free_port
from graphmap.analysis.strength import is_active
from graphmap.api.main import create_app
from graphmap.config import AnalysisConfig
from graphmap.service import influence_report
from graphmap.settings import Settings
from graphmap.store.sqlite import SQLiteStore
from graphmap.store.subgraph import decision_network
from tests.browser.conftest import ARTIFACTS, Served, watched_page
from tests.conftest import DEMO_TODAY

pytestmark = pytest.mark.browser
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def served(tmp_path_factory, demo):
    store = SQLiteStore(tmp_path_factory.mktemp("views") / "graph.db")
    store.import_bundle(demo)
    seat = next(s.person_id for s in demo.decision_roles if s.project_id == "prj-001")
    store.import_bundle(
        {
            "people": [
                {
                    "id": "evil",
                    "name": HOSTILE,
                    "title": "<script>alert(2)</script>",
                    "organization_id": "org-001",
                    "stance": "opponent",
                }
            ],
            "influences": [{"from_id": "evil", "to_id": seat, "weight": 0.9}],
        }
    )
    store.import_bundle(
        {
            "people": [
                {"id": "zoe", "name": "Zoë Ångström", "organization_id": "org-001"},
                {"id": "wang", "name": "王建国", "title": "总工程师", "organization_id": "org-001"},
            ],
            "influences": [
                {"from_id": "zoe", "to_id": seat, "weight": 0.05},
                {"from_id": "wang", "to_id": seat, "weight": 0.05},
            ],
        }
    )
    app = create_app(Settings(auth_disabled=True), store)
    with Served(app, free_port()) as server:
        server.store = store
        yield server
    store.close()


def expected_counts(store, project_id: str) -> tuple[int, int]:
    """Nodes and edges the bid view should draw, counted straight from the extracted graph:
    people, the bid, active staff tied to people; staff ties, influence, reporting, seats."""
    graph = decision_network(store, project_id, 4)
    people = {n for n, d in graph.nodes(data=True) if d["label"] == "Person"}
    pairs = {
        (u, v)
        for u, v, d in graph.edges(data=True)
        if d["type"] in ("KNOWS", "INTERACTED")
        and v in people
        and is_active(graph.nodes[u], DEMO_TODAY)
    }
    staff = {u for u, _ in pairs}
    opinion = sum(
        1 for u, v, d in graph.edges(data=True) if d["type"] in ("INFLUENCES", "REPORTS_TO")
    )
    seats = sum(1 for _, v, d in graph.edges(data=True) if d["type"] == "DECIDES_ON")
    return len(people) + 1 + len(staff), len(pairs) + opinion + seats


def open_view(browser, url: str):
    page = watched_page(browser)
    page.goto(url)
    page.wait_for_function("window.graphmap && window.graphmap.ready", timeout=60_000)
    return page


def hover(page, node_id: str) -> str:
    point = page.evaluate(
        "id => { const n = window.graphmap.network; return n.canvasToDOM(n.getPosition(id)); }",
        node_id,
    )
    box = page.locator("#graph canvas").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    return tooltip.inner_text()


def test_bid_view_offline_counted_and_hoverable(browser, served):
    page = open_view(browser, f"{served.base}/views/bid/prj-001?as_of={DEMO_TODAY}")
    assert page.log == {"blocked": [], "failed": [], "errors": [], "dialogs": []}
    nodes = page.evaluate("window.graphmap.nodes.length")
    edges = page.evaluate("window.graphmap.edges.length")
    assert (nodes, edges) == expected_counts(served.store, "prj-001")
    report = influence_report(served.store, "prj-001", DEMO_TODAY, AnalysisConfig())
    top = min(report.people, key=lambda p: p.rank)  # the tooltip must show the analysis' share
    text = hover(page, top.person_id)
    assert top.name in text and f"share of the decision: {top.share:.0%}" in text
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "bid-view.png"))
    page.context.close()


def test_bid_view_plan_lists_the_actions_and_highlights_each_path(browser, served):
    report = influence_report(served.store, "prj-001", DEMO_TODAY, AnalysisConfig())
    page = open_view(browser, f"{served.base}/views/bid/prj-001?as_of={DEMO_TODAY}")
    widths = "window.graphmap.edges.get().map(e => e.width)"
    drawn = page.evaluate(widths)
    items = page.locator("#plan li")
    assert items.count() == len(report.actions) > 0
    for k, action in enumerate(report.actions):
        assert action.name in items.nth(k).inner_text()
        items.nth(k).hover()
        selected = page.evaluate("window.graphmap.network.getSelectedNodes()")
        assert sorted(selected) == sorted(action.path)
        # every step of the path is a drawn edge, selected and drawn thick
        lit = page.evaluate(
            "window.graphmap.network.getSelectedEdges()"
            ".map(id => window.graphmap.edges.get(id).width)"
        )
        assert len(lit) >= len(action.path) - 1 and set(lit) == {7}
    page.mouse.move(5, 5)
    assert page.evaluate("window.graphmap.network.getSelectedNodes()") == []
    assert page.evaluate(widths) == drawn  # the highlight is undone
    page.context.close()


def drawn_ids(page) -> set[str]:
    return set(page.evaluate("window.graphmap.drawn.getIds()"))


def test_bid_view_is_a_decision_tree_with_working_filters(browser, served):
    report = influence_report(served.store, "prj-001", DEMO_TODAY, AnalysisConfig())
    page = open_view(browser, f"{served.base}/views/bid/prj-001?as_of={DEMO_TODAY}")
    at = page.evaluate(
        "Object.fromEntries(window.graphmap.nodes.get().map(n => [n.id, [n.x, n.y, n.kind]]))"
    )
    seats = [p for p in report.people if p.role]
    rows = {at[p.person_id][1] for p in seats}
    assert len(rows) == 1  # the seats stand in one row
    seat_row = rows.pop()
    assert at["prj-001"][1] > seat_row  # the bid below them
    assert all(at[p.person_id][1] < seat_row for p in report.people if not p.role)
    focus = {p.person_id for p in report.people if p.role or p.share >= 0.02}
    staff = [n for n, (_, _, kind) in at.items() if kind == "staff"]
    assert min(at[s][0] for s in staff) > max(at[p][0] for p in focus)  # a lane at the side
    points = sorted((x, y) for x, y, _ in at.values())
    assert all(  # nobody stands on anybody
        math.dist(a, b) >= 60 for k, a in enumerate(points) for b in points[k + 1 :]
    )

    # first picture: seats and everyone with 2%+, and the staff who cover them
    drawn = drawn_ids(page)
    assert {n for n in drawn if at[n][2] == "person"} == focus
    page.fill("#min-share", "0")
    assert {n for n in drawn_ids(page) if at[n][2] == "person"} == set(people_of(report))
    page.check("#hide-staff")
    assert not any(at[n][2] == "staff" for n in drawn_ids(page))
    page.check("#only-uncovered")
    uncovered = {p.person_id for p in report.people if p.coverage < 0.5}
    assert {n for n in drawn_ids(page) if at[n][2] == "person"} == uncovered
    page.uncheck("input.stance[value=unknown]")
    shown = {n for n in drawn_ids(page) if at[n][2] == "person"}
    assert shown == {
        p.person_id for p in report.people if p.coverage < 0.5 and p.stance != "unknown"
    }
    page.click("#show-all")
    assert drawn_ids(page) == set(at) - set(staff)  # staff stay hidden: that box is still ticked
    assert page.log["errors"] == []
    page.context.close()


def people_of(report) -> list[str]:
    return [p.person_id for p in report.people]


def test_search_finds_any_part_of_a_name_ignoring_case_and_accents(browser, served):
    page = open_view(browser, f"{served.base}/views/bid/prj-001?as_of={DEMO_TODAY}")
    assert "zoe" not in drawn_ids(page)  # a tiny share: not in the first picture
    page.fill("#search", "ANGSTR")
    page.press("#search", "Enter")
    assert page.evaluate("window.graphmap.network.getSelectedNodes()") == ["zoe"]
    assert "zoe" in drawn_ids(page)  # found people are drawn even when filtered out
    page.fill("#search", "delg")
    page.press("#search", "Enter")
    assert page.evaluate("window.graphmap.network.getSelectedNodes()") == ["per-0187"]
    page.context.close()


def test_the_chinese_view_and_chinese_names(browser, served):
    page = open_view(browser, f"{served.base}/views/bid/prj-001?as_of={DEMO_TODAY}&lang=zh")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.locator("h1").inner_text().endswith("谁在决策")
    assert "图例" in page.locator("aside").inner_text()
    page.fill("#search", "建国")
    page.press("#search", "Enter")
    assert page.evaluate("window.graphmap.network.getSelectedNodes()") == ["wang"]
    assert page.evaluate("window.graphmap.nodes.get('wang').label") == "王建国"
    assert page.log["errors"] == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "bid-view-zh.png"))
    page.context.close()


def test_clicking_a_person_lights_up_neighbours_and_the_way_in(browser, served):
    report = influence_report(served.store, "prj-001", DEMO_TODAY, AnalysisConfig())
    action = report.actions[0]
    page = open_view(browser, f"{served.base}/views/bid/prj-001?as_of={DEMO_TODAY}")
    page.evaluate("id => window.graphmap.network.focus(id, {scale: 1})", action.person_id)
    point = page.evaluate(
        "id => { const n = window.graphmap.network; return n.canvasToDOM(n.getPosition(id)); }",
        action.person_id,
    )
    box = page.locator("#graph canvas").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    selected = set(page.evaluate("window.graphmap.network.getSelectedNodes()"))
    neighbours = set(
        page.evaluate("id => window.graphmap.network.getConnectedNodes(id)", action.person_id)
    )
    assert set(action.path) | neighbours <= selected
    lit = page.evaluate(
        "window.graphmap.network.getSelectedEdges().map(id => window.graphmap.edges.get(id).width)"
    )
    assert lit.count(7) >= len(action.path) - 1
    page.context.close()


def test_account_view_is_an_org_chart_with_key_facts(browser, served):
    from graphmap.service import account_report

    report = account_report(served.store, "org-001", DEMO_TODAY, AnalysisConfig())
    page = open_view(browser, f"{served.base}/views/account/org-001?as_of={DEMO_TODAY}")
    at = page.evaluate("Object.fromEntries(window.graphmap.nodes.get().map(n => [n.id, n.y]))")
    people = {p.id: p for p in served.store.list("Person", {"organization_id": "org-001"}, 0, 500)}
    lines = [(p.id, p.reports_to) for p in people.values() if p.reports_to in people]
    assert lines and all(at[manager] < at[report] for report, manager in lines)  # top-down
    facts = page.locator(".facts").inner_text()
    assert f"Covered decision share {report.covered_share:.0%}" in facts
    assert f"bus factor {report.bus_factor}" in facts
    assert page.log["errors"] == []
    page.context.close()


def test_the_org_chart_marks_who_has_left(browser, served, demo):
    gone = next(p for p in demo.people if p.left_on and p.left_on <= DEMO_TODAY)
    page = open_view(
        browser, f"{served.base}/views/account/{gone.organization_id}?as_of={DEMO_TODAY}"
    )
    node = page.evaluate("id => window.graphmap.nodes.get(id)", gone.id)
    assert node["shapeProperties"]["borderDashes"] and f"left on {gone.left_on}" in node["title"]
    assert f"Left since the map was drawn: {gone.name}" in page.locator(".facts").inner_text()
    others = page.evaluate(
        "id => window.graphmap.nodes.get().filter(n => n.kind === 'person' && n.id !== id)"
        ".map(n => (n.shapeProperties || {}).borderDashes || null)",
        gone.id,
    )
    assert not any(others)
    page.context.close()


def test_person_view_marks_its_subject_and_explains_every_line(browser, served):
    page = open_view(browser, f"{served.base}/views/person/per-0187?as_of={DEMO_TODAY}")
    subject = page.evaluate("window.graphmap.nodes.get('per-0187')")
    others = page.evaluate("window.graphmap.nodes.get().filter(n => n.id !== 'per-0187')")
    assert subject["size"] > max(n["size"] for n in others)
    colours = page.evaluate("[...new Set(window.graphmap.edges.get().map(e => e.color))]")
    legend = page.evaluate(
        "[...document.querySelectorAll('.legend line')].map(l => l.getAttribute('stroke'))"
    )
    assert set(colours) <= set(legend)  # every kind of line drawn is in the legend
    facts = page.locator(".facts").inner_text()
    assert "Coverage" in facts and "stf-" not in facts  # names, not ids
    page.context.close()


def test_a_force_layout_is_fitted_in_view_once_it_settles(browser, served):
    """The person view is drawn at once and settles afterwards; once settled, every node is
    inside the drawing area (before, the settled picture could leave a node off its edge)."""
    page = open_view(browser, f"{served.base}/views/person/per-0001?as_of={DEMO_TODAY}")
    page.wait_for_function("window.graphmap.stableMs !== null", timeout=60_000)
    box = page.locator("#graph canvas").bounding_box()
    points = page.evaluate(
        "() => { const n = window.graphmap.network;"
        " return Object.values(n.getPositions()).map(p => n.canvasToDOM(p)); }"
    )
    assert len(points) == page.evaluate("window.graphmap.drawn.length") > 5
    for point in points:
        assert 0 <= point["x"] <= box["width"] and 0 <= point["y"] <= box["height"], point
    page.context.close()


def test_print_keeps_the_plan_and_drops_the_controls(browser, served):
    page = open_view(browser, f"{served.base}/views/bid/prj-001?as_of={DEMO_TODAY}")
    page.emulate_media(media="print")
    assert page.locator("#plan").is_visible() and page.locator(".facts").is_visible()
    assert not page.locator(".controls").is_visible() and not page.locator("#print").is_visible()
    page.context.close()
    page = open_view(browser, f"{served.base}/views/staff/stf-001?as_of={DEMO_TODAY}")
    assert not page.locator(".document").is_visible()  # on screen the map is the page
    page.emulate_media(media="print")
    document = page.locator(".document")
    assert document.is_visible() and "Introductions to make" in document.inner_text()
    page.context.close()


def test_hostile_names_stay_text(browser, served):
    page = open_view(browser, f"{served.base}/views/bid/prj-001?as_of={DEMO_TODAY}")
    text = hover(page, "evil")
    assert HOSTILE in text and "<script>alert(2)</script>" in text
    assert page.evaluate("document.querySelectorAll('img, #graph script').length") == 0
    assert (
        page.evaluate("document.querySelector('#names option[data-id=\"evil\"]').value") == HOSTILE
    )
    page.fill("#search", HOSTILE)
    page.dispatch_event("#search", "change")
    assert page.evaluate("window.graphmap.network.getSelectedNodes()") == ["evil"]
    assert HOSTILE in page.locator("#plan").inner_text()  # the plan panel shows it as text
    page.locator("#plan li", has_text=HOSTILE).hover()
    page.fill("#search", "onerror")  # partial search over the hostile name
    page.press("#search", "Enter")
    page.wait_for_timeout(300)
    assert page.log["dialogs"] == [] and page.log["errors"] == []
    page.context.close()
    for path in ("/views/account/org-001", "/views/person/evil"):
        page = open_view(browser, f"{served.base}{path}?as_of={DEMO_TODAY}")
        assert page.evaluate("document.querySelectorAll('img, script:not([src])').length") == 2
        labels = page.evaluate("window.graphmap.nodes.get('evil').name")
        assert labels == HOSTILE
        page.wait_for_timeout(300)
        assert page.log["dialogs"] == [] and page.log["errors"] == [], path
        page.context.close()


@pytest.mark.parametrize(
    "path", ["/views", "/views/staff/stf-001", "/views/account/org-001", "/views/person/per-0001"]
)
def test_other_views_load_cleanly(browser, served, path):
    page = watched_page(browser)
    page.goto(
        f"{served.base}{path}?as_of={DEMO_TODAY}"
        if "person" not in path
        else f"{served.base}{path}"
    )
    if path != "/views":
        page.wait_for_function("window.graphmap && window.graphmap.ready", timeout=60_000)
        assert page.evaluate("window.graphmap.nodes.length") > 3
    else:
        assert page.locator("a[href^='/views/bid/']").count() > 5
    assert page.log == {"blocked": [], "failed": [], "errors": [], "dialogs": []}
    if path == "/views/staff/stf-001":
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "handover-view.png"))
    page.context.close()


@pytest.mark.parametrize(
    ("path", "rendered"),
    [("/docs", ".swagger-ui .info .title"), ("/redoc", "[role=main] h1, .api-info h1")],
)
def test_api_docs_work_with_the_network_blocked(browser, served, path, rendered):
    page = watched_page(browser, bypass_csp=False)  # non-local requests blocked and recorded
    page.goto(f"{served.base}{path}")
    title = page.locator(rendered).first
    title.wait_for(state="visible", timeout=30_000)
    assert "graphmap" in title.inner_text()
    assert page.evaluate("document.querySelectorAll('.opblock, [data-section-id]').length") > 10
    assert page.log["blocked"] == []  # nothing tried to leave for the network
    # the page's CSP stops ReDoc's "powered by" logo inside the browser, before any request
    assert all(why == "csp" for _, why in page.log["failed"]), page.log["failed"]
    page.screenshot(path=str(ARTIFACTS / f"api{path.replace('/', '-')}.png"))
    page.context.close()


def test_a_keyed_server_in_the_browser(browser, demo, tmp_path):
    from graphmap.keys import Role, new_key

    key, entry = new_key(Role.READER)
    store = SQLiteStore(tmp_path / "keyed.db")
    store.import_bundle(demo)
    app = create_app(Settings(api_keys=entry), store)
    with Served(app, free_port()) as server:
        page = watched_page(browser)
        page.goto(f"{server.base}/views/bid/prj-001?as_of={DEMO_TODAY}")
        assert "/views/login" in page.url  # no cookie yet: the login page, not JSON
        page.fill("#key", "gm_wrong")
        page.click("button[type=submit]")
        assert "not valid" in page.locator("[role=alert]").inner_text()
        assert page.context.cookies() == []
        page.fill("#key", key)
        page.click("button[type=submit]")
        page.wait_for_function("window.graphmap && window.graphmap.ready", timeout=60_000)
        assert page.url.endswith(f"/views/bid/prj-001?as_of={DEMO_TODAY}")  # back where it was
        page.goto(f"{server.base}/views/bid/NOPE")
        assert "no project with id" in page.content() and page.locator("a[href='/views']").count()
        page.goto(f"{server.base}/views/logout")
        assert "/views/login" in page.url and page.context.cookies() == []
        page.context.close()
    store.close()


def test_an_editor_changes_a_stance_in_place_and_sees_it(browser, demo, tmp_path):
    from graphmap.keys import Role, new_key

    editor, editor_entry = new_key(Role.EDITOR)
    store = SQLiteStore(tmp_path / "edit.db")
    store.import_bundle(demo)
    seat = next(s.person_id for s in demo.decision_roles if s.project_id == "prj-001")
    before = store.get("Person", seat).stance
    after = "advocate" if before != "advocate" else "opponent"
    with Served(create_app(Settings(api_keys=editor_entry), store), free_port()) as server:
        page = watched_page(browser)
        page.goto(f"{server.base}/views/login?next=/views/bid/prj-001")
        page.fill("#key", editor)
        page.click("button[type=submit]")
        page.wait_for_function("window.graphmap && window.graphmap.ready", timeout=60_000)
        page.evaluate("id => window.graphmap.edit(id)", seat)
        assert page.locator("#editor").is_visible()
        page.select_option("#ed-stance", after)
        page.fill("#ed-notes", "Prefers site visits.\nAsk about the depot.")
        page.fill("#ed-strength", "0.7")
        page.select_option("#ed-staff", index=1)
        with page.expect_navigation():  # saved, then redrawn with the recomputed shares
            page.click("#ed-save")
        page.wait_for_function("window.graphmap && window.graphmap.ready", timeout=60_000)
        assert page.evaluate("id => window.graphmap.nodes.get(id).stance", seat) == after
        assert store.get("Person", seat).stance == after  # it persisted
        assert store.get("Person", seat).notes == "Prefers site visits.\nAsk about the depot."
        assert page.log["errors"] == []
        page.context.close()
    store.close()
