"""How numbers and codes read in words, the same in the terminal, Markdown and the views.

>>> words("technical_evaluator"), words("pre_bid"), percent(0.004), percent(0.4204)
('technical evaluator', 'pre-bid', '<1%', '42%')
>>> money(322118329.4), money(5e6, "EUR")
('322,118,329', 'EUR 5,000,000')
"""

from __future__ import annotations

from enum import Enum

HYPHENATED = {"pre_bid": "pre-bid"}


def words(code: str | Enum | None) -> str:
    """A role, stage or other code as words: ``technical_evaluator`` → ``technical evaluator``."""
    if code is None:
        return ""
    text = code.value if isinstance(code, Enum) else str(code)
    return HYPHENATED.get(text, text.replace("_", " "))


def money(value: float, currency: str | None = None) -> str:
    """A whole amount with thousands separators and the deployment's currency, if it has one:
    ``EUR 322,000,000`` or ``322,000,000``."""
    amount = f"{value:,.0f}"
    return f"{currency} {amount}" if currency else amount


def millions(value: float | None, currency: str | None = None) -> str:
    """A compact amount for narrow tables: ``86.0M`` (``EUR 86.0M``); empty for none."""
    if value is None:
        return ""
    amount = f"{value / 1e6:,.1f}M"
    return f"{currency} {amount}" if currency else amount


def percent(x: float) -> str:
    """A share as a whole percentage; tiny non-zero values say so instead of 0%."""
    return f"{x:.0%}" if x >= 0.005 or x == 0 else "<1%"
