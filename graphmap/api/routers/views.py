"""HTML views under /views (readers). A browser cannot set headers, so besides X-API-Key a
view accepts the key from an HttpOnly, SameSite=Strict cookie that POST /views/login sets only
after checking the key; a browser without one is sent to the login page and back."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from graphmap.analysis.handover import Mode
from graphmap.api.deps import (
    COOKIE,
    AlsoLeaving,
    AsOf,
    ConfigDep,
    LanguageDep,
    NavDep,
    StoreDep,
    ViewerDep,
    ViewReader,
    known_key,
)
from graphmap.api.errors import HTML_ERROR_RESPONSES
from graphmap.i18n import Words
from graphmap.views import pages
from graphmap.views.dashboard import dashboard_page
from graphmap.views.html import render_login

router = APIRouter(prefix="/views", tags=["views"], responses=HTML_ERROR_RESPONSES)


def safe_next(path: str) -> str:
    """Where to go after logging in: a view of this server, never another site."""
    return path if path.startswith("/views") and not path.startswith("//") else "/views"


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(
    lang: LanguageDep, then: Annotated[str, Query(alias="next")] = "/views"
) -> HTMLResponse:
    """The login page."""
    return HTMLResponse(render_login(safe_next(then), Words(lang)))


@router.post("/login", include_in_schema=False)
async def login(request: Request, lang: LanguageDep) -> Response:
    """Check the key; only a valid one gets the cookie (no login CSRF, no junk cookies)."""
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    key, then = form.get("key", [""])[0], safe_next(form.get("next", ["/views"])[0])
    state = request.app.state
    if state.auth_disabled:
        return RedirectResponse(then, status_code=303)
    if known_key(request, key) is None:
        t = Words(lang)
        page = render_login(then, t, t("login_wrong"))
        return HTMLResponse(page, status_code=401)
    secure = state.settings.secure_cookies
    response = RedirectResponse(then, status_code=303)
    response.set_cookie(
        COOKIE,
        key,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https" if secure is None else secure,
        path="/",
    )
    return response


@router.get("/logout", include_in_schema=False)
def logout() -> RedirectResponse:
    """Clear the login cookie and go back to the login page."""
    response = RedirectResponse("/views/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("", response_class=HTMLResponse, dependencies=[ViewReader])
def dashboard(
    store: StoreDep,
    config: ConfigDep,
    lang: LanguageDep,
    as_of: AsOf = None,
    owner: Annotated[str | None, Query(description="One bid lead's worklist.")] = None,
    client: Annotated[str | None, Query(description="One client's worklist.")] = None,
) -> HTMLResponse:
    """The weekly worklist: pipeline, alerts, accounts by value and potential, exposure."""
    day = as_of or date.today()
    return HTMLResponse(dashboard_page(store, day, config, owner, client, lang))


@router.get("/lists", response_class=HTMLResponse, dependencies=[ViewReader])
def index(
    store: StoreDep, config: ConfigDep, lang: LanguageDep, as_of: AsOf = None
) -> HTMLResponse:
    """Open bids by uncovered share, staff (leaving first), accounts by bus factor."""
    return HTMLResponse(pages.index_page(store, as_of or date.today(), config, lang=lang))


@router.get("/bid/{project_id}", response_class=HTMLResponse)
def bid(
    project_id: str,
    store: StoreDep,
    config: ConfigDep,
    lang: LanguageDep,
    viewer: ViewerDep,
    nav: NavDep,
    as_of: AsOf = None,
) -> HTMLResponse:
    """The decision tree; an editor also gets the panel that edits people, seats and ties."""
    day = as_of or date.today()
    token = viewer.csrf if viewer.can_edit else None
    return HTMLResponse(pages.bid_page(store, project_id, day, config, lang, token, nav))


@router.get("/account/{org_id}", response_class=HTMLResponse, dependencies=[ViewReader])
def account(
    org_id: str,
    store: StoreDep,
    config: ConfigDep,
    lang: LanguageDep,
    nav: NavDep,
    as_of: AsOf = None,
) -> HTMLResponse:
    """The account view: the client's org chart with its coverage."""
    day = as_of or date.today()
    return HTMLResponse(pages.account_page(store, org_id, day, config, lang, nav))


@router.get("/staff/{staff_id}", response_class=HTMLResponse, dependencies=[ViewReader])
def staff(
    staff_id: str,
    store: StoreDep,
    config: ConfigDep,
    lang: LanguageDep,
    nav: NavDep,
    as_of: AsOf = None,
    mode: Mode = Mode.LEAVE,
    also: AlsoLeaving = None,
) -> HTMLResponse:
    """The handover view of a staff member (and any others leaving with them)."""
    leavers = [staff_id, *(also or [])]
    day = as_of or date.today()
    return HTMLResponse(pages.handover_page(store, leavers, mode, day, config, lang, nav))


@router.get("/person/{node_id}", response_class=HTMLResponse, dependencies=[ViewReader])
def person(
    node_id: str,
    store: StoreDep,
    config: ConfigDep,
    lang: LanguageDep,
    nav: NavDep,
    as_of: AsOf = None,
    hops: Annotated[int, Query(ge=1, le=3)] = 1,
) -> HTMLResponse:
    """The ego network of a person or staff member."""
    day = as_of or date.today()
    return HTMLResponse(pages.person_page(store, node_id, day, config, hops, lang, nav))
