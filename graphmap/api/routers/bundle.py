"""Whole bundles: POST /import and POST /import/salesforce (atomic; admins), GET /export."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, File, Form, UploadFile
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from graphmap.api.deps import Admin, Reader, StoreDep
from graphmap.api.errors import ERROR_RESPONSES
from graphmap.bundle import json_chunks, sort_bundle
from graphmap.model import Bundle
from graphmap.sources.salesforce import parse_stage_map, read_salesforce
from graphmap.sources.sourced import import_sourced

router = APIRouter(tags=["bundle"], responses=ERROR_RESPONSES)


class ImportResult(BaseModel):
    """What an import wrote."""

    nodes: int = Field(description="Nodes written (created or updated).")
    relationships: int = Field(description="Relationships written (created or updated).")


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
) -> ImportResult:
    """Import a bundle in one transaction: all of it, or nothing with every problem listed."""
    return ImportResult(**store.import_bundle(bundle))


@router.get(
    "/export",
    dependencies=[Reader],
    response_class=StreamingResponse,
    responses={200: {"model": Bundle, "description": "The whole store as a bundle."}},
)
def export_bundle(store: StoreDep) -> StreamingResponse:
    """The whole store in canonical order, streamed a batch of records at a time: a large
    store's export starts at once and never sits in the server as one string."""
    bundle = sort_bundle(store.export_bundle())  # read before the 200: errors are still 503
    return StreamingResponse(json_chunks(bundle), media_type="application/json")


class SalesforceResult(ImportResult):
    """What a Salesforce import wrote, left out and assumed."""

    left_out: dict[str, int] = Field(description="'File.csv: reason' -> rows.")
    warnings: list[str] = Field(description="What was read with an assumption, in words.")


@router.post("/import/salesforce", response_model=SalesforceResult, dependencies=[Admin])
def import_salesforce(
    store: StoreDep,
    export: Annotated[
        UploadFile,
        File(description="A Salesforce Data Export .zip (docs/crm-import.md has the mapping)."),
    ],
    stages: Annotated[
        str | None,
        Form(
            max_length=100_000,
            description='Open stage names to graphmap stages, as JSON: {"Site Survey": "pre_bid"}',
        ),
    ] = None,
) -> SalesforceResult:
    """Import a Salesforce export like ``graphmap import --from salesforce``: one transaction,
    every malformed value listed as File.csv:LINE, rows graphmap does not keep counted."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.zip"
        with path.open("wb") as saved:
            shutil.copyfileobj(export.file, saved)
        sourced = read_salesforce(path, parse_stage_map(stages, "stages") if stages else None)
    written = import_sourced(store, sourced)
    return SalesforceResult(**written, left_out=sourced.left_out(), warnings=sourced.warnings)
