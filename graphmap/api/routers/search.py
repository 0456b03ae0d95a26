"""GET /search: nodes of every kind by name or title, as ``graphmap find`` lists them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from graphmap.api.deps import Reader, StoreDep
from graphmap.api.errors import ERROR_RESPONSES
from graphmap.search import Match, find

router = APIRouter(tags=["search"], responses=ERROR_RESPONSES)


@router.get("/search", response_model=list[Match], dependencies=[Reader])
def search(
    store: StoreDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="Text the name or title contains (ignoring case and accents).",
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> list[Match]:
    """Organizations, people, staff and bids whose name or title contains the text."""
    return find(store, q, limit=limit)
