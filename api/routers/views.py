"""HTML views under /views (readers). A browser cannot set headers, so besides X-API-Key a
view accepts the key from an HttpOnly cookie set by POST /views/login."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.deps import AlsoLeaving, ConfigDep, Reader, StoreDep
from api.errors import HTML_ERROR_RESPONSES
from graphmap.analysis.handover import Mode
from graphmap.views import pages
from graphmap.views.dashboard import dashboard_page

router = APIRouter(prefix="/views", tags=["views"], responses=HTML_ERROR_RESPONSES)
AsOf = Annotated[date | None, Query(description="As of this date (default today).")]
LOGIN_FORM = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>graphmap</title>
</head><body style="font-family: sans-serif; margin: 40px"><h1>graphmap</h1>
<form method="post" action="/views/login"><label>API key <input type="password" name="key"
autocomplete="off"></label> <button type="submit">Open views</button></form></body></html>"""


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form():
    return HTMLResponse(LOGIN_FORM)


@router.post("/login", include_in_schema=False)
async def login(request: Request):
    key = parse_qs((await request.body()).decode("utf-8", "replace")).get("key", [""])[0]
    response = RedirectResponse("/views", status_code=303)
    response.set_cookie(
        "graphmap_key", key, httponly=True, samesite="strict", secure=request.url.scheme == "https"
    )
    return response


@router.get("", response_class=HTMLResponse, dependencies=[Reader])
def dashboard(
    store: StoreDep,
    config: ConfigDep,
    as_of: AsOf = None,
    owner: Annotated[str | None, Query(description="One bid lead's worklist.")] = None,
    client: Annotated[str | None, Query(description="One client's worklist.")] = None,
):
    """The weekly worklist: pipeline, alerts, accounts by value and potential, exposure."""
    return HTMLResponse(dashboard_page(store, as_of or date.today(), config, owner, client))


@router.get("/lists", response_class=HTMLResponse, dependencies=[Reader])
def index(store: StoreDep, config: ConfigDep, as_of: AsOf = None):
    """Open bids by uncovered share, staff (leaving first), accounts by bus factor."""
    return HTMLResponse(pages.index_page(store, as_of or date.today(), config))


@router.get("/bid/{project_id}", response_class=HTMLResponse, dependencies=[Reader])
def bid(project_id: str, store: StoreDep, config: ConfigDep, as_of: AsOf = None):
    return HTMLResponse(pages.bid_page(store, project_id, as_of or date.today(), config))


@router.get("/account/{org_id}", response_class=HTMLResponse, dependencies=[Reader])
def account(org_id: str, store: StoreDep, config: ConfigDep, as_of: AsOf = None):
    return HTMLResponse(pages.account_page(store, org_id, as_of or date.today(), config))


@router.get("/staff/{staff_id}", response_class=HTMLResponse, dependencies=[Reader])
def staff(
    staff_id: str,
    store: StoreDep,
    config: ConfigDep,
    as_of: AsOf = None,
    mode: Mode = Mode.LEAVE,
    also: AlsoLeaving = None,
):
    return HTMLResponse(
        pages.handover_page(store, [staff_id, *(also or [])], mode, as_of or date.today(), config)
    )


@router.get("/person/{node_id}", response_class=HTMLResponse, dependencies=[Reader])
def person(node_id: str, store: StoreDep, hops: Annotated[int, Query(ge=1, le=3)] = 2):
    return HTMLResponse(pages.person_page(store, node_id, hops))
