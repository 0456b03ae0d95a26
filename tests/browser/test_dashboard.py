"""The dashboard in a real headless Chromium: offline, escaped, sortable, filterable, linked."""

from __future__ import annotations

import pytest

from tests.browser.conftest import watched_page
from tests.browser.test_views import HOSTILE, served  # noqa: F401  (the served demo app)
from tests.conftest import DEMO_TODAY

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def board(browser, served):  # noqa: F811
    served.store.import_bundle(
        {
            "organizations": [{"id": "evil-org", "name": HOSTILE, "kind": "client"}],
            "projects": [
                {
                    "id": "evil-bid",
                    "name": HOSTILE,
                    "client_id": "evil-org",
                    "stage": "lead",
                    "value": 5e6,
                }
            ],
        }
    )
    page = watched_page(browser)
    page.goto(f"{served.base}/views?as_of={DEMO_TODAY}")
    page.wait_for_function("window.graphmap && window.graphmap.ready", timeout=60_000)
    yield page
    page.close()


def test_loads_offline_without_errors_and_escapes(board):
    assert board.log["blocked"] == [] and board.log["failed"] == []
    assert board.log["errors"] == [] and board.log["dialogs"] == []
    assert board.locator("img").count() == 0  # the hostile name stayed text
    assert board.get_by_text(HOSTILE).count() >= 2  # table row and client column
    assert board.locator("#alerts li").count() >= 5


def test_table_sorts_and_filters(board):
    def column(i):
        return board.eval_on_selector_all(
            "#pipeline tbody tr:not([hidden])",
            f"rows => rows.map(r => r.cells[{i}].getAttribute('data-v'))",
        )

    board.click("#pipeline th:nth-child(5)")  # value, ascending
    values = [float(v) for v in column(4)]
    assert values == sorted(values)
    board.click("#pipeline th:nth-child(5)")  # descending
    values = [float(v) for v in column(4)]
    assert values == sorted(values, reverse=True)
    board.select_option("#risk", "red")
    assert set(
        board.eval_on_selector_all(
            "#pipeline tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.risk)"
        )
    ) == {"red"}
    board.select_option("#risk", "")
    board.fill("#filter", "onerror")
    assert column(0) and len(column(0)) == 1
    board.fill("#filter", "")


def test_a_scatter_dot_opens_its_account(board):
    box = board.locator("#scatter .point").first.bounding_box()
    url = board.evaluate("document.getElementById('scatter').data[0].customdata[0]")
    assert url.startswith("/views/account/")
    with board.expect_navigation():
        board.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert "/views/account/" in board.url
    board.go_back()
    board.wait_for_function("window.graphmap && window.graphmap.ready", timeout=60_000)


def test_a_bar_opens_that_leads_worklist(board):
    bar = board.locator("#bars .point").last  # the top bar: the most exposed lead
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    with board.expect_navigation():
        board.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert "/views?owner=" in board.url
    board.wait_for_function("window.graphmap && window.graphmap.ready", timeout=60_000)
    assert board.locator("h1").inner_text().startswith("Weekly worklist: ")
    assert board.log["errors"] == []
    board.go_back()
    board.wait_for_function("window.graphmap && window.graphmap.ready", timeout=60_000)
