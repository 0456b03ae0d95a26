"""One exception hierarchy for the whole product.

The CLI prints any of these as one plain line; the API maps each class to one HTTP status
(see ``graphmap/api/errors.py``). Anything else that escapes is a bug.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input: where it is and why it is wrong."""

    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}" if self.location else self.reason


class GraphmapError(Exception):
    """Base of every error graphmap raises on purpose."""

    code = "error"

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []

    def lines(self) -> list[str]:
        """The message followed by one line per problem, for terminals and logs."""
        return [self.message, *(f"  {p}" for p in self.problems)]

    def __str__(self) -> str:
        return "\n".join(self.lines())


class InvalidInput(GraphmapError):
    """The input breaks a rule; ``problems`` lists every broken rule with its location."""

    code = "invalid_input"


class NotFound(GraphmapError):
    """An id names nothing in the store."""

    code = "not_found"


def no_relationship(rel_type: str, src: str, dst: str) -> NotFound:
    """The one wording for a relationship that is not stored, whichever store or route asks."""
    return NotFound(f"no {rel_type} relationship from {src!r} to {dst!r}")


class Conflict(GraphmapError):
    """The request contradicts what the store holds (uniqueness, remaining dependants)."""

    code = "conflict"


class StoreUnavailable(GraphmapError):
    """The database cannot be reached or failed mid-request; nothing was written."""

    code = "store_unavailable"


class StoreLimit(GraphmapError):
    """The store ran out of a resource it is configured with (transaction memory, say): the
    same request fails again until the setting named in the message changes."""

    code = "store_limit"


class StoreRefused(GraphmapError):
    """The store refused the request for a reason retrying cannot fix (a missing database, a
    user without write access): the message says what to change."""

    code = "store_refused"


def relocated(exc: InvalidInput, where: Callable[[str], str]) -> InvalidInput:
    """The same rejection with every location rewritten: a bundle position becomes the
    request field or the file line the record came from."""
    return InvalidInput(exc.message, [Problem(where(p.location), p.reason) for p in exc.problems])
