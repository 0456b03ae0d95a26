"""Two languages: both catalogues say the same things, and each request gets its language."""

from __future__ import annotations

import html
import json
import re
import string
from datetime import date

import pytest

from graphmap.i18n import EN, LANGUAGES, ZH, Words, catalogue, choose, code, joined, message
from tests.api.conftest import make_client
from tests.conftest import DEMO_TODAY
from tests.fixtures import worked_bundle

HAN = re.compile(r"[\u4e00-\u9fff]")


def placeholders(text: str) -> set[tuple[str, str]]:
    """Each placeholder with its format spec: ``{share:.0%}`` needs a number in every language."""
    return {(name, spec or "") for _, name, spec, _ in string.Formatter().parse(text) if name}


def test_every_key_is_in_every_language_with_the_same_placeholders():
    english = catalogue("en")
    for lang in LANGUAGES:
        other = catalogue(lang)
        assert other.keys() == english.keys(), lang
        for key, text in english.items():
            assert placeholders(other[key]) == placeholders(text), (lang, key)


def test_chinese_is_chinese():
    zh = Words("zh")
    assert zh("plan_title") == "该联系谁，通过谁" and zh.code("stage", "pre_bid") == "投标前"
    assert all(
        any("\u4e00" <= c <= "\u9fff" for c in zh.code("stance", s))
        for s in ("advocate", "supporter", "neutral", "skeptic", "opponent", "unknown")
    )


@pytest.mark.parametrize(
    ("asked", "accept", "default", "expected"),
    [
        (None, None, "en", "en"),
        (None, "zh-CN,zh;q=0.9", "en", "zh"),
        (None, "fr-FR,zh;q=0.5,en;q=0.7", "en", "en"),  # the better-rated supported one
        ("en", "zh-CN", "zh", "en"),  # asked for by name wins
        ("xx", None, "zh", "zh"),  # unknown names fall back
        (None, "de", "zh", "zh"),  # the deployment's default
    ],
)
def test_choose(asked, accept, default, expected):
    assert choose(asked, accept, default) == expected


@pytest.fixture
def client(sqlite_store):
    sqlite_store.import_bundle(worked_bundle())
    with make_client(sqlite_store, auth_disabled=True) as c:
        yield c


def test_views_speak_the_browsers_language(client):
    english = client.get("/views/bid/BID?as_of=2026-11-22").text
    chinese = client.get("/views/bid/BID?as_of=2026-11-22", headers={"Accept-Language": "zh-CN"})
    assert '<html lang="en">' in english and "who decides" in english
    assert '<html lang="zh-CN">' in chinese.text and "谁在决策" in chinese.text
    assert "该联系谁，通过谁" in chinese.text and "Bea Tech" in chinese.text  # names as they are
    asked = client.get("/views/account/cli?lang=zh", headers={"Accept-Language": "en"}).text
    assert "已覆盖的决策份额" in asked


def test_the_deployment_setting_decides_when_the_browser_does_not(sqlite_store):
    sqlite_store.import_bundle(worked_bundle())
    with make_client(sqlite_store, auth_disabled=True, language="zh") as c:
        assert "谁在决策" in c.get("/views/bid/BID").text
        assert "未找到" in c.get("/views/bid/NOPE").text  # error pages too


def test_a_keyed_message_reads_in_each_language():
    said = message(
        "why",
        share=0.3,
        rank=2,
        seat=message("why_seat", role=code("role", "economic_buyer")),
        known=message("why_unknown"),
        leaving=joined(
            [message("why_leaving", name="Sky", reason=message("unavail_left"))], "no_sep"
        ),
        route=message(
            "why_through", name="Sam", via=joined(["Cal", "Di"], "why_then"), strength=0.5
        ),
    )
    assert EN.say(said) == (
        "Holds 30% of the decision (rank 2, a seat as economic buyer); nobody in the firm knows "
        "them. Sky knows them but is left. Sam can reach them through Cal, then Di (path "
        "strength 0.50)."
    )
    assert ZH.say(said) == (
        "持有 30% 的决策份额（第 2 位，席位：经济决策者）；公司里没有人认识此人。Sky 认识此人，"
        "但已离职。Sam 可以通过 Cal，再通过 Di 接触到此人（路径强度 0.50）。"
    )


def test_dates_and_amounts_per_language():
    day = date(2026, 11, 22)
    assert (EN.date(day), ZH.date(day)) == ("2026-11-22", "2026年11月22日")
    assert (EN.millions(86e6), ZH.millions(86e6), ZH.millions(3.225e8)) == (
        "86.0M",
        "8,600万",
        "3.23亿",
    )


def test_every_alert_of_the_demo_reads_in_chinese(sqlite_store, demo):
    """Every keyed message the analyses say on the demo (each alert kind fires there) renders
    in Chinese, and the JSON's English strings are the English rendering of the same keys."""
    from graphmap.config import AnalysisConfig
    from graphmap.portfolio_service import alerts, pipeline

    sqlite_store.import_bundle(demo)
    config = AnalysisConfig()
    found = alerts(sqlite_store, DEMO_TODAY, config, 90)
    assert {a.kind.value for a in found} == {
        "going_cold",
        "left_account",
        "no_one_mapped",
        "single_thread",
        "handover_due",
    }
    rows = pipeline(sqlite_store, DEMO_TODAY, config)
    said = [m for a in found for m in (a.keyed_message, a.keyed_action)]
    said += [m for r in rows for m in r.keyed_reasons]
    for m in said:
        assert HAN.search(ZH.say(m)), EN.say(m)
    assert [a.message for a in found] == [EN.say(a.keyed_message) for a in found]
    assert "keyed_message" not in found[0].model_dump_json()


def view_links(page: str) -> list[str]:
    """Every link to a view on a page: anchors, and the chart's click targets in its data."""
    anchors = [html.unescape(h) for h in re.findall(r'href="(/views[^"]*)"', page)]
    scripts = "".join(re.findall(r"<script[^>]*>(.*?)</script>", page, flags=re.S))
    charted = [
        json.loads(f'"{u}"') for u in re.findall(r'"(/views[^"\\]*(?:\\.[^"\\]*)*)"', scripts)
    ]
    return [link for link in anchors + charted if link != "/views/logout"]


def test_the_dashboard_and_lists_speak_chinese(sqlite_store):
    """A bid with no bid lead: even its bar and cell are in Chinese."""
    sqlite_store.import_bundle(worked_bundle())
    lone = {"id": "B2", "name": "Lone Bid", "client_id": "cli", "stage": "lead", "value": 1e6}
    sqlite_store.import_bundle({"projects": [lone]})
    with make_client(sqlite_store, auth_disabled=True) as client:
        board = client.get("/views?as_of=2026-11-22&lang=zh").text
        lists = client.get("/views/lists?as_of=2026-11-22", headers={"Accept-Language": "zh"})
    assert '<html lang="zh-CN">' in board and "每周工作清单" in board and "无投标负责人" in board
    assert "no bid lead" not in board and "Weekly worklist" not in board
    assert "在投项目（覆盖最少的在前）" in lists.text and "截至 2026年11月22日" in lists.text
    for page in (board, lists.text):  # every link to another view keeps the page's language
        links = view_links(page)
        assert links and all(link.endswith(("?lang=zh", "&lang=zh")) for link in links), links
    assert {
        "/views/bid/B2?as_of=2026-11-22&lang=zh",
        "/views/account/cli?as_of=2026-11-22&lang=zh",
    } <= set(view_links(board))
    assert "/views?lang=zh" in view_links(lists.text)
