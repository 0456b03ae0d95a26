"""Dependencies as Annotated aliases: the store, the analysis config, and role checks."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body, Depends, HTTPException, Query, Request, Security
from fastapi.security import APIKeyHeader

from api.auth import ApiKey, Role, match
from graphmap.config import AnalysisConfig
from graphmap.store.base import GraphStore
from graphmap.views.i18n import choose

key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="An API key; its role decides what it may do."
)


def get_store(request: Request) -> GraphStore:
    return request.app.state.store


def get_config(request: Request) -> AnalysisConfig:
    return request.app.state.analysis_config


StoreDep = Annotated[GraphStore, Depends(get_store)]
# other staff members leaving together with the one in the path (handover JSON and view)
AlsoLeaving = Annotated[list[str] | None, Query(max_length=50)]
ConfigDep = Annotated[AnalysisConfig, Depends(get_config)]
MergePatch = Annotated[
    dict[str, Any],
    Body(
        description="A JSON merge patch (RFC 7386): the fields to change; a field omitted keeps "
        "its value, null clears it (a reference loses its relationship); the id or key may not "
        "change.",
        media_type="application/merge-patch+json",
    ),
]


COOKIE = "graphmap_key"  # set by POST /views/login after the key is checked; views only


class LoginRequired(Exception):
    """A browser asked for a view without a valid key: send it to the login page."""

    def __init__(self, then: str):
        self.then = then


def known_key(request: Request, presented: str | None) -> ApiKey | None:
    return match(request.app.state.api_keys, presented) if presented else None


def require(role: Role):
    """A dependency that lets a request through only with an ``X-API-Key`` of at least
    ``role``. The JSON API takes the header only: the views' cookie is no key here, so a
    page on another site cannot make a logged-in browser write through the API."""

    def check(request: Request, presented: Annotated[str | None, Security(key_header)]) -> None:
        if request.app.state.auth_disabled:
            return
        key = known_key(request, presented)
        if key is None:
            raise HTTPException(
                401,
                "a valid X-API-Key header is required",
                headers={"WWW-Authenticate": "X-API-Key"},
            )
        if key.role < role:
            raise HTTPException(
                403, f"this key is a {key.role.name.lower()}; {role.name.lower()} is needed"
            )

    return Depends(check)


Reader = require(Role.READER)
Editor = require(Role.EDITOR)
Admin = require(Role.ADMIN)


def view_reader(request: Request, presented: Annotated[str | None, Security(key_header)]) -> None:
    """Views take the header or the login cookie; without either, the browser goes to the
    login page and comes back here after it."""
    if request.app.state.auth_disabled:
        return
    if known_key(request, presented) or known_key(request, request.cookies.get(COOKIE)):
        return
    then = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    raise LoginRequired(then)


ViewReader = Depends(view_reader)


def view_language(
    request: Request,
    lang: Annotated[
        str | None, Query(description="en or zh; default: the browser's language")
    ] = None,
) -> str:
    """The views' language: ``?lang=``, else Accept-Language, else GRAPHMAP_LANGUAGE."""
    default = request.app.state.settings.language
    return choose(lang, request.headers.get("accept-language"), default)


LanguageDep = Annotated[str, Depends(view_language)]
