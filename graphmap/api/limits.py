"""The request guard: who may send a body, and how large, decided before a byte of it is read.

FastAPI reads and parses a request's body before it runs a route's dependencies, so a role
check in a dependency alone would let an anonymous caller make the server read and parse
200 MB before the 401. This ASGI middleware runs first, for every route:

- a request with a body to a route that needs a role gets that route's own role check
  (the ``RoleCheck`` in its dependencies) from the headers alone: 401/403 unread;
- a body larger than the cap is refused with 413: at once when Content-Length says so, or
  as soon as a chunked body passes the cap while it is being read;
- a route that needs no key (the login form) takes at most ``ANONYMOUS_BODY_BYTES``.

Refusals come back in the one error shape (api/errors.py). docs/security.md has the limits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from fastapi import HTTPException
from fastapi.dependencies.models import Dependant
from fastapi.routing import iter_route_contexts
from starlette.requests import Request
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphmap.api.deps import RoleCheck
from graphmap.api.errors import http_error

ANONYMOUS_BODY_BYTES = 64 * 1024  # a login form is a few hundred bytes


@dataclass(frozen=True)
class Guarded:
    """A route as the guard sees it: where it is, and the role it needs (None: anyone)."""

    path: re.Pattern[str]
    methods: frozenset[str]
    check: RoleCheck | None


def guarded_routes(routes: Sequence[BaseRoute]) -> list[Guarded]:
    """Every route with its role check, as FastAPI resolved it (router dependencies too)."""
    table = []
    for route in iter_route_contexts(routes):
        dependant = getattr(route, "dependant", None)
        if isinstance(dependant, Dependant) and route.methods:
            table.append(Guarded(route.path_regex, frozenset(route.methods), _find(dependant)))
    return table


def _find(dependant: Dependant) -> RoleCheck | None:
    for dependency in dependant.dependencies:
        found = dependency.call if isinstance(dependency.call, RoleCheck) else _find(dependency)
        if found is not None:
            return found
    return None


def too_large(limit: int) -> HTTPException:
    """The 413 answer for a body over the cap."""
    setting = "" if limit == ANONYMOUS_BODY_BYTES else ", set by GRAPHMAP_MAX_BODY_BYTES"
    return HTTPException(
        413,
        f"the request body is larger than this server takes ({limit:,} bytes{setting})",
        headers={"Connection": "close"},  # the rest of the body is not ours to drain
    )


class RequestGuard:
    """ASGI middleware: the role check and the body cap before the body is read."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.routes: list[Guarded] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _has_body(scope):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if self.routes is None:  # the app's routes are complete by its first request
            self.routes = guarded_routes(scope["app"].routes)
        check = next(
            (
                r.check
                for r in self.routes
                if scope["method"] in r.methods and r.path.match(scope["path"])
            ),
            None,
        )
        limit = self.max_body_bytes if check is not None else ANONYMOUS_BODY_BYTES
        try:
            if check is not None:
                check.admit(request, request.headers.get("x-api-key"))
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise too_large(limit)
        except HTTPException as exc:
            response = http_error(request, exc)
            response.headers["Connection"] = "close"  # the unread body is not ours to drain
            await response(scope, receive, send)
            return
        await self.app(scope, _capped(receive, limit), send)


def _has_body(scope: Scope) -> bool:
    headers = dict(scope["headers"])
    length = headers.get(b"content-length", b"0")
    return b"transfer-encoding" in headers or not length.isdigit() or int(length) > 0


def _capped(receive: Receive, limit: int) -> Receive:
    """``receive`` that refuses a body once it passes ``limit`` bytes (FastAPI passes the
    HTTPException on to the error handlers)."""
    seen = 0

    async def guarded() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise too_large(limit)
        return message

    return guarded
