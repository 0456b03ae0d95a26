"""English and Simplified Chinese: one catalogue per language, no words in code.

Every string a view shows, and every sentence an analysis says (``message.py``), comes from
``catalogues/<lang>.json`` by key, with ``{name}``-style placeholders (a format spec such as
``{share:.0%}`` where the value is a raw number); codes (stances, roles, stages, …) are looked
up as ``kind.code``. Dates read ISO in English (2026-11-22, as the CLI and JSON always did) and
2026年11月22日 in Chinese; compact amounts read 86.0M and 8,600万. A request picks its language
by ``?lang=``, else the browser's ``Accept-Language``, else the deployment's setting
(``GRAPHMAP_LANGUAGE``, default English). Names and other user text are never translated.

>>> zh = Words("zh")
>>> zh("tt_share", share="42%", rank=1), zh.code("role", "economic_buyer")
('决策份额：42%（第 1 位）', '经济决策者')
>>> zh.millions(86e6), zh.millions(3.2e8), EN.millions(86e6)
('8,600万', '3.20亿', '86.0M')
>>> choose(None, "zh-CN,zh;q=0.9,en;q=0.8", "en"), choose("en", "zh-CN", "zh")
('zh', 'en')
>>> choose("fr", None, "en")
'en'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import cache
from importlib.resources import files

from graphmap.i18n import numbers
from graphmap.i18n.message import Code, Joined, Message, Param

LANGUAGES = ("en", "zh")
HTML_LANG = {"en": "en", "zh": "zh-CN"}


@cache
def catalogue(lang: str) -> dict[str, str]:
    """One language's catalogue, read once."""
    text = (files("graphmap.i18n") / "catalogues" / f"{lang}.json").read_text(encoding="utf-8")
    loaded: dict[str, str] = json.loads(text)
    return loaded


@dataclass(frozen=True)
class Words:
    """The strings of one language: ``t(key, **values)``, ``t.code(kind, code)``,
    ``t.say(message)``; dates among the values are written the language's way."""

    lang: str = "en"

    def __call__(self, key: str, **values: object) -> str:
        return catalogue(self.lang)[key].format(**{k: self.value(v) for k, v in values.items()})

    def say(self, said: Message) -> str:
        """An analysis's keyed message in this language."""
        return self(said.key, **said.params)

    def value(self, v: object) -> object:
        """A message's value as its text takes it: numbers stay numbers for format specs."""
        if isinstance(v, Message):
            return self.say(v)
        if isinstance(v, Code):
            return self.code(v.kind, v.value)
        if isinstance(v, Joined):
            return self(v.sep).join(str(self.value(x)) for x in v.items)
        if isinstance(v, date):
            return self.date(v)
        return v

    def code(self, kind: str, value: str | Enum | None) -> str:
        """A stance, role, stage, severity, … in words; empty for None."""
        if value is None:
            return ""
        code = value.value if isinstance(value, Enum) else str(value)
        return catalogue(self.lang).get(f"{kind}.{code}", code.replace("_", " "))

    def date(self, day: date) -> str:
        return f"{day.year}年{day.month}月{day.day}日" if self.lang == "zh" else day.isoformat()

    def money(self, value: float, currency: str | None = None) -> str:
        return numbers.money(value, currency)

    def millions(self, value: float | None, currency: str | None = None) -> str:
        """A compact amount: 86.0M in English; 8,600万 or 3.20亿 in Chinese."""
        if self.lang != "zh" or value is None:
            return numbers.millions(value, currency)
        amount = f"{value / 1e8:,.2f}亿" if abs(value) >= 1e8 else f"{value / 1e4:,.0f}万"
        return f"{currency} {amount}" if currency else amount

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
ZH = Words("zh")

__all__ = ["EN", "LANGUAGES", "ZH", "Param", "Words", "catalogue", "choose"]
