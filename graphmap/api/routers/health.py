"""GET /health: is the service up and can it reach its store? Open to everyone, but only a
caller with a key hears which store it is and what went wrong (an anonymous caller learns
nothing about the deployment: no host, no port)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from graphmap.api.deps import StoreDep, known_key
from graphmap.errors import StoreUnavailable

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """Whether the store answers; callers with a key also learn which store and why not."""

    status: str = Field(description="Ok | unavailable.")
    store: str | None = Field(None, description="Sqlite | neo4j: callers with a key only.")
    message: str | None = Field(None, description="Why it is unavailable: callers with a key only.")


@router.get(
    "/health",
    response_model=Health,
    response_model_exclude_none=True,
    responses={503: {"model": Health}},
)
def health(store: StoreDep, request: Request) -> Health | JSONResponse:
    """Is the store reachable? Open to everyone; 503 with Retry-After when it is not."""
    state = request.app.state
    presented = request.headers.get("x-api-key")  # optional: the route is open to everyone
    trusted = state.auth_disabled or known_key(request, presented) is not None
    try:
        store.ping()
    except StoreUnavailable as exc:
        body = Health(status="unavailable")
        if trusted:
            body = Health(status="unavailable", store=store.kind, message=exc.message)
        retry = str(state.settings.retry_after_seconds)
        return JSONResponse(
            body.model_dump(exclude_none=True), status_code=503, headers={"Retry-After": retry}
        )
    return Health(status="ok", store=store.kind if trusted else None)
