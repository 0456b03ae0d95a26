"""Two languages: both catalogues say the same things, and each request gets its language."""

from __future__ import annotations

import string

import pytest

from graphmap.i18n import LANGUAGES, Words, catalogue, choose
from tests.api.conftest import make_client
from tests.fixtures import worked_bundle


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


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
