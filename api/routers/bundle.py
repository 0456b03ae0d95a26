"""Whole bundles: POST /import (atomic; admins) and GET /export (readers)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from pydantic import BaseModel

from api.deps import Admin, Reader, StoreDep
from api.errors import ERROR_RESPONSES
from graphmap.bundle import sort_bundle
from graphmap.model import Bundle

router = APIRouter(tags=["bundle"], responses=ERROR_RESPONSES)


class ImportResult(BaseModel):
    nodes: int
    relationships: int


@router.post("/import", response_model=ImportResult, dependencies=[Admin])
def import_bundle(
    store: StoreDep,
    bundle: Annotated[
        dict[str, Any],
        Body(
            description="A bundle (docs/bundle.md). Checked as a "
            "whole: all of it is written, or nothing "
            "and every problem is listed."
        ),
    ],
):
    return store.import_bundle(bundle)


@router.get("/export", response_model=Bundle, dependencies=[Reader])
def export_bundle(store: StoreDep):
    return sort_bundle(store.export_bundle())
