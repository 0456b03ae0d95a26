"""The views speak English and Simplified Chinese: one catalogue per language, no words in code.

Every string a view shows comes from ``catalogues/<lang>.json`` by key, with ``{name}``-style
placeholders; codes (stances, roles, stages, …) are looked up as ``kind.code``. A request picks
its language by ``?lang=``, else the browser's ``Accept-Language``, else the deployment's
setting (``GRAPHMAP_LANGUAGE``, default English). Names and other user text are never
translated.

>>> zh = Words("zh")
>>> zh("tt_share", share="42%", rank=1), zh.code("role", "economic_buyer")
('决策份额：42%（第 1 位）', '经济决策者')
>>> choose(None, "zh-CN,zh;q=0.9,en;q=0.8", "en"), choose("en", "zh-CN", "zh")
('zh', 'en')
>>> choose("fr", None, "en")
'en'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib.resources import files

LANGUAGES = ("en", "zh")
HTML_LANG = {"en": "en", "zh": "zh-CN"}


@cache
def catalogue(lang: str) -> dict[str, str]:
    text = (files("graphmap.views") / "catalogues" / f"{lang}.json").read_text(encoding="utf-8")
    words: dict[str, str] = json.loads(text)
    return words


@dataclass(frozen=True)
class Words:
    """The strings of one language: ``t(key, **values)``, ``t.code(kind, code)``."""

    lang: str = "en"

    def __call__(self, key: str, **values: object) -> str:
        return catalogue(self.lang)[key].format(**values)

    def code(self, kind: str, value: str | Enum | None) -> str:
        """A stance, role, stage, severity, … in words; empty for None."""
        if value is None:
            return ""
        code = value.value if isinstance(value, Enum) else str(value)
        return catalogue(self.lang).get(f"{kind}.{code}", code.replace("_", " "))

    @property
    def html_lang(self) -> str:
        return HTML_LANG[self.lang]


def choose(asked: str | None, accept_language: str | None, default: str) -> str:
    """The language for a request: asked for by name, else the browser's first supported
    preference, else the deployment's default."""
    if asked in LANGUAGES:
        return asked
    preferences = []
    for k, part in enumerate((accept_language or "").split(",")):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            continue
        preferences.append((-weight, k, tag.split("-")[0].lower()))
    for _, _, lang in sorted(preferences):
        if lang in LANGUAGES:
            return lang
    return default if default in LANGUAGES else "en"


EN = Words("en")
