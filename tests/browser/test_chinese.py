"""The Chinese dashboard, lists and handover checklist in a real Chromium: no English left.

Each page is rendered from the demo firm with ``?lang=zh``; its text as drawn (scripts and
styles left out, the plotly charts' SVG text and the hidden print-only checklist included) is
stripped of the firm's own data (names, titles, teams, ids: shown as entered), and what
remains must hold no word that appears in the English catalogue.
"""

from __future__ import annotations

import re

import pytest

from devtools.neo4j_dev import free_port
from graphmap.api.main import create_app
from graphmap.i18n import catalogue
from graphmap.settings import Settings
from graphmap.store.sqlite import SQLiteStore
from tests.browser.conftest import ARTIFACTS, Served, watched_page
from tests.conftest import DEMO_TODAY

pytestmark = pytest.mark.browser

PAGES = {
    "dashboard": "/views",
    "lists": "/views/lists",
    "handover": "/views/staff/stf-001",  # a leaver: introductions, successors, passed over
}
BRAND = {"graphmap", "json", "pdf"}  # the product and the formats are named as they are
TEXT = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll("script, style").forEach(e => e.remove());
  return body.textContent;
}"""


def english_words() -> set[str]:
    """Every word of three letters or more in the English catalogue's texts, placeholders
    (``{name}``, plotly's ``%{y}``) left out."""
    words: set[str] = set()
    for text in catalogue("en").values():
        plain = re.sub(r"%?\{[^}]*\}", " ", text)
        words |= {w.lower() for w in re.findall(r"[A-Za-z]{3,}", plain)}
    return words - BRAND


def user_strings(demo) -> list[str]:
    """What the firm typed in: names, titles, teams, regions, roles, ids. Longest first, so
    a long name is removed before a shorter one inside it."""
    found: set[str] = set()
    for section in ("organizations", "people", "staff", "projects"):
        for record in getattr(demo, section):
            fields = record.model_dump()
            found |= {fields["id"]}
            for key in ("name", "title", "team", "region", "role"):
                if isinstance(fields.get(key), str):
                    found.add(fields[key])
    return sorted(found, key=len, reverse=True)


@pytest.fixture(scope="module")
def served_zh(tmp_path_factory, demo):
    store = SQLiteStore(tmp_path_factory.mktemp("zh") / "graph.db")
    store.import_bundle(demo)
    app = create_app(Settings(auth_disabled=True), store)
    with Served(app, free_port()) as s:
        yield s


@pytest.mark.parametrize("name", sorted(PAGES))
def test_chinese_pages_show_no_english_from_the_catalogue(browser, served_zh, demo, name):
    page = watched_page(browser)
    page.goto(f"{served_zh.base}{PAGES[name]}?as_of={DEMO_TODAY}&lang=zh")
    if name == "dashboard":
        page.wait_for_function("window.graphmap && window.graphmap.ready", timeout=60_000)
    text = page.evaluate(TEXT)
    assert page.log["errors"] == [] and page.log["blocked"] == []
    if name == "handover":
        page.emulate_media(media="print")  # the checklist is the printed part of the page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-zh.png"), full_page=True)
    page.close()
    assert re.search(r"[\u4e00-\u9fff]", text), "the page is not in Chinese"
    assert "2026年11月22日" in text  # the as-of date, the Chinese way
    for entered in user_strings(demo):
        text = text.replace(entered, " ")
    left = sorted({w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)} & english_words())
    assert left == [], f"English left on the Chinese {name} page: {left}"


def test_the_scan_catches_english(browser, served_zh, demo):
    """The same scan over the English dashboard finds the catalogue's words: it can fail."""
    page = watched_page(browser)
    page.goto(f"{served_zh.base}/views?as_of={DEMO_TODAY}&lang=en")
    page.wait_for_function("window.graphmap && window.graphmap.ready", timeout=60_000)
    text = page.evaluate(TEXT)
    page.close()
    for entered in user_strings(demo):
        text = text.replace(entered, " ")
    found = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)} & english_words()
    assert {"weekly", "worklist", "pipeline", "alerts"} <= found
