"""GET /health: is the service up and can it reach its store? Open to everyone."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.deps import StoreDep
from graphmap.errors import StoreUnavailable

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str  # ok | unavailable
    store: str  # sqlite | neo4j
    reachable: bool
    message: str = ""


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
def health(store: StoreDep, request: Request):
    kind = "sqlite" if store.url.startswith("sqlite") else "neo4j"
    try:
        store.ping()
    except StoreUnavailable as exc:
        body = Health(status="unavailable", store=kind, reachable=False, message=exc.message)
        retry = str(request.app.state.settings.retry_after_seconds)
        return JSONResponse(body.model_dump(), status_code=503, headers={"Retry-After": retry})
    return Health(status="ok", store=kind, reachable=True)
