"""Numbers as a sales lead reads them, the same in every output."""

from __future__ import annotations


def money(value: float, currency: str | None = None) -> str:
    """A whole amount with thousands separators and the deployment's currency, if it has one:
    ``EUR 322,000,000`` or ``322,000,000``."""
    amount = f"{value:,.0f}"
    return f"{currency} {amount}" if currency else amount
