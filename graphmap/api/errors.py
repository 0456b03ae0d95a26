"""One JSON error shape for every 4xx and 5xx: ``{"error": {"code", "message", "details"}}``.

graphmap errors map to statuses here and only here; no traceback ever reaches a client.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from graphmap.api.deps import LoginRequired
from graphmap.errors import (
    Conflict,
    GraphmapError,
    InvalidInput,
    NotFound,
    StoreLimit,
    StoreRefused,
    StoreUnavailable,
)
from graphmap.i18n import Words, choose
from graphmap.views.html import render_error

log = logging.getLogger("graphmap.api")

# Only 503 (the store is down or busy for a moment) carries Retry-After: a store limit (507)
# or refusal (500) fails the same way until its setting changes.
STATUS = {
    InvalidInput: 422,
    NotFound: 404,
    Conflict: 409,
    StoreUnavailable: 503,
    StoreLimit: 507,
    StoreRefused: 500,
}


class ErrorDetail(BaseModel):
    """One problem with the input."""

    location: str = Field(description="Where: the record and field, e.g. people[3].name.")
    reason: str = Field(description="What is wrong with it, in words.")


class ErrorBody(BaseModel):
    """What went wrong, in the one shape every error has."""

    code: str = Field(description="Stable code: invalid_input, not_found, conflict, ...")
    message: str = Field(description="What went wrong, in words.")
    details: list[ErrorDetail] = Field(
        [], description="Every problem found, when the input had several."
    )


class ErrorResponse(BaseModel):
    """The body of every 4xx and 5xx answer."""

    error: ErrorBody = Field(description="The error.")


def error_response(
    status: int,
    code: str,
    message: str,
    details: list[dict[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """The one error shape: ``{error: {code, message, details}}``."""
    body = {"error": {"code": code, "message": message, "details": details or []}}
    return JSONResponse(body, status_code=status, headers=headers)


def allowed_methods(request: Request, fallback: str) -> list[str]:
    """Every method the API documents for this path (Starlette names only the first route's
    methods); ``fallback`` is Starlette's answer, for paths outside the schema."""
    methods = {m.strip().upper() for m in fallback.split(",") if m.strip()}
    for template, operations in request.app.openapi()["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, request.url.path):
            methods |= {m.upper() for m in operations}
    return sorted(methods)


def is_view(request: Request) -> bool:
    """A browser page: errors come back as pages in the views' style, not JSON."""
    return request.url.path.startswith("/views")


def error_page(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> HTMLResponse:
    """An error page in the views' style and the reader's language."""
    asked = request.query_params.get("lang")
    default = request.app.state.settings.language
    t = Words(choose(asked, request.headers.get("accept-language"), default))
    title = t(f"error_{status}" if status in (404, 422, 503) else "error_other")
    page = render_error(t, title, message or t("no_such_page"))
    return HTMLResponse(page, status_code=status, headers=headers)


def http_error(request: Request, exc: HTTPException) -> Response:
    """Starlette's HTTP errors in the one shape; also answers the request guard's refusals
    (api/limits.py), which come before any route runs."""
    if is_view(request) and exc.status_code == 404:
        return error_page(request, 404, "")
    if exc.status_code == 400:  # the body could not be read: one code with syntax errors
        return error_response(
            422,
            "invalid_input",
            "the request body is not JSON that can be read: it must be UTF-8 (a BOM is "
            "fine), well formed, and nested less than about 1,000 levels deep",
        )
    if exc.status_code == 405:
        allowed = ", ".join(allowed_methods(request, (exc.headers or {}).get("Allow", "")))
        return error_response(
            405,
            "method_not_allowed",
            f"{request.method} is not allowed here; use {allowed}",
            headers={"Allow": allowed},
        )
    code = {
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        413: "too_large",
    }.get(exc.status_code, "http_error")
    return error_response(exc.status_code, code, str(exc.detail), headers=dict(exc.headers or {}))


def install(app: FastAPI, retry_after: int) -> None:
    """Map every graphmap error to its HTTP status and the one error shape."""

    @app.exception_handler(LoginRequired)
    async def login_required(_: Request, exc: LoginRequired) -> RedirectResponse:
        return RedirectResponse(f"/views/login?{urlencode({'next': exc.then})}", status_code=303)

    @app.exception_handler(GraphmapError)
    async def graphmap_error(request: Request, exc: GraphmapError) -> Response:
        status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 500)
        headers = {"Retry-After": str(retry_after)} if status == 503 else None
        if is_view(request):
            return error_page(request, status, "; ".join(exc.lines()), headers)
        details = [{"location": p.location, "reason": p.reason} for p in exc.problems]
        return error_response(status, exc.code, exc.message, details, headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"location": ".".join(str(part) for part in e["loc"]), "reason": e["msg"]}
            for e in exc.errors()
        ]
        return error_response(422, "invalid_input", "the request is not valid", details)

    app.add_exception_handler(HTTPException, http_error)  # type: ignore[arg-type]

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal", "internal error; the server log has the details")


ERROR_STATUSES = (401, 403, 404, 409, 413, 422, 500, 503, 507)
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse} for status in ERROR_STATUSES
}
# HTML routes answer errors with pages in the views' style, and send a browser without a key to
# the login page.
HTML_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    303: {"description": "no valid key: to /views/login, which comes back here"},
    **{
        status: {"description": "an error page", "content": {"text/html": {}}}
        for status in (404, 422, 503)
    },
}
