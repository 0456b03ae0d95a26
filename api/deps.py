"""Dependencies as Annotated aliases: the store, the analysis config, and role checks."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body, Depends, HTTPException, Query, Request, Security
from fastapi.security import APIKeyHeader

from api.auth import ApiKey, Role, match
from graphmap.config import AnalysisConfig
from graphmap.store.base import GraphStore

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


def require(role: Role):
    """A dependency that lets a request through only with a key of at least ``role``."""

    def check(request: Request, presented: Annotated[str | None, Security(key_header)]) -> None:
        state = request.app.state
        if state.auth_disabled:
            return
        presented = presented or request.cookies.get("graphmap_key")
        key: ApiKey | None = match(state.api_keys, presented) if presented else None
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
