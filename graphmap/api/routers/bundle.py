"""Whole bundles: POST /import and POST /import/salesforce (atomic; admins), GET /export."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from graphmap.api.deps import Admin, Reader, StoreDep
from graphmap.api.errors import ERROR_RESPONSES
from graphmap.bundle import json_chunks, sort_bundle
from graphmap.checker import FileSource
from graphmap.errors import InvalidInput
from graphmap.model import Bundle
from graphmap.sources.salesforce import parse_stage_map, read_salesforce
from graphmap.sources.sourced import import_sourced

router = APIRouter(tags=["bundle"], responses=ERROR_RESPONSES)


class ImportResult(BaseModel):
    """What an import wrote."""

    nodes: int = Field(description="Nodes written (created or updated).")
    relationships: int = Field(description="Relationships written (created or updated).")


UNREADABLE_BODY = (
    "the request body is not JSON that can be read: it must be UTF-8 (a BOM is fine), well "
    "formed, and nested less than about 1,000 levels deep"
)
BUNDLE_BODY = {
    "required": True,
    "description": "A bundle (docs/bundle.md). Checked as a whole as it streams: all of it is "
    "written, or nothing and every problem is listed.",
    "content": {"application/json": {"schema": {"type": "object", "additionalProperties": True}}},
}


@router.post(
    "/import",
    response_model=ImportResult,
    dependencies=[Admin],
    openapi_extra={"requestBody": BUNDLE_BODY},
)
async def import_bundle(store: StoreDep, request: Request) -> ImportResult:
    """Import a bundle in one transaction: all of it, or nothing with every problem listed.
    The body is spooled to a temporary file as it arrives and read from there a record at a
    time, so a large import never sits in the server whole (docs/operations.md)."""
    with tempfile.NamedTemporaryFile(prefix="graphmap-import-", suffix=".json") as spool:
        async for part in request.stream():
            spool.write(part)
        spool.flush()
        source = FileSource(spool.name, unreadable=lambda _: InvalidInput(UNREADABLE_BODY))
        written = await run_in_threadpool(store.import_bundle, source)
    return ImportResult(**written)


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
