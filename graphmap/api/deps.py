"""Dependencies as Annotated aliases: the store, the analysis config, and role checks."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Body, Depends, HTTPException, Query, Request, Security
from fastapi.security import APIKeyHeader

from graphmap.config import AnalysisConfig
from graphmap.i18n import choose
from graphmap.keys import ApiKey, Role, match
from graphmap.model import Date
from graphmap.store.base import GraphStore
from graphmap.views.html import Nav

key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="An API key; its role decides what it may do."
)


# The dependencies below only read the request and the app's state: they are ``async`` so that
# FastAPI runs them on the event loop instead of handing each to a worker thread and back.


async def get_store(request: Request) -> GraphStore:
    """The app's store (one per process)."""
    store: GraphStore = request.app.state.store
    return store


async def get_config(request: Request) -> AnalysisConfig:
    """The deployment's analysis parameters."""
    config: AnalysisConfig = request.app.state.analysis_config
    return config


StoreDep = Annotated[GraphStore, Depends(get_store)]
# other staff members leaving together with the one in the path (handover JSON and view)
AlsoLeaving = Annotated[list[str] | None, Query(max_length=50)]
ConfigDep = Annotated[AnalysisConfig, Depends(get_config)]
# an ISO date only: ?as_of=0 is an error, not 1970-01-01
AsOf = Annotated[Date | None, Query(description="As of this ISO date (default today).")]
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


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def known_key(request: Request, presented: str | None) -> ApiKey | None:
    """The configured key matching what was presented, or None."""
    return match(request.app.state.api_keys, presented) if presented else None


def csrf_token(key: str) -> str:
    """The token a view sends with its edits: derived from the login key, so only a page
    that was given it (not a page on another site) can send it along with the cookie."""
    return hashlib.sha256(b"graphmap csrf\0" + key.encode("utf-8")).hexdigest()[:32]


def cookie_key_for_edit(request: Request) -> ApiKey | None:
    """The views' cookie counts as a key for a write that carries its X-CSRF-Token."""
    cookie = request.cookies.get(COOKIE)
    token = request.headers.get("x-csrf-token", "")
    if request.method in SAFE_METHODS or not cookie:
        return None
    if not hmac.compare_digest(token, csrf_token(cookie)):
        return None
    return known_key(request, cookie)


class RoleCheck:
    """Lets a request through only with an ``X-API-Key`` of at least ``role``. The views'
    cookie is no key for the JSON API, except for a write that carries the view's
    ``X-CSRF-Token``: a page on another site can send neither. A class (not a closure) so
    that the request guard (api/limits.py) can find a route's role and check it before the
    body is read."""

    def __init__(self, role: Role) -> None:
        self.role = role

    async def __call__(
        self, request: Request, presented: Annotated[str | None, Security(key_header)]
    ) -> None:
        self.admit(request, presented)

    def admit(self, request: Request, presented: str | None) -> None:
        """Return if the key (or the view's cookie with its token) is good enough; else 401
        or 403."""
        if request.app.state.auth_disabled:
            return
        key = known_key(request, presented) or cookie_key_for_edit(request)
        if key is None:
            raise HTTPException(
                401,
                "a valid X-API-Key header is required",
                headers={"WWW-Authenticate": "X-API-Key"},
            )
        if key.role < self.role:
            raise HTTPException(
                403, f"this key is a {key.role.name.lower()}; {self.role.name.lower()} is needed"
            )


def require(role: Role) -> Any:
    """A dependency that admits keys of at least ``role`` (see RoleCheck)."""
    return Depends(RoleCheck(role))


Reader = require(Role.READER)
Editor = require(Role.EDITOR)
Admin = require(Role.ADMIN)


@dataclass(frozen=True)
class Viewer:
    """Who looks at a view: may they edit, and the token their edits must carry."""

    can_edit: bool
    csrf: str = ""


async def view_reader(
    request: Request, presented: Annotated[str | None, Security(key_header)]
) -> Viewer:
    """Views take the header or the login cookie; without either, the browser goes to the
    login page and comes back here after it."""
    if request.app.state.auth_disabled:
        return Viewer(can_edit=True)
    cookie = request.cookies.get(COOKIE)
    key = known_key(request, cookie)
    if key is not None:
        return Viewer(can_edit=key.role >= Role.EDITOR, csrf=csrf_token(cookie or ""))
    if known_key(request, presented) is not None:
        return Viewer(can_edit=False)  # a tool reading HTML with its header: nothing to edit
    then = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    raise LoginRequired(then)


ViewReader = Depends(view_reader)
ViewerDep = Annotated[Viewer, Depends(view_reader)]


async def view_language(
    request: Request,
    lang: Annotated[
        str | None, Query(description="en or zh; default: the browser's language")
    ] = None,
) -> str:
    """The views' language: ``?lang=``, else Accept-Language, else GRAPHMAP_LANGUAGE."""
    default = request.app.state.settings.language
    return choose(lang, request.headers.get("accept-language"), default)


LanguageDep = Annotated[str, Depends(view_language)]


async def view_nav(request: Request) -> Nav:
    """How a served view links on: to other views, and to log out when keys are asked for."""
    return Nav(log_out=not request.app.state.auth_disabled)


NavDep = Annotated[Nav, Depends(view_nav)]
