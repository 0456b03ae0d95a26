"""CRUD for the four node kinds, one router each, made from the model's NodeSpec.

PUT upserts by id (the body's id must match the path), PATCH merges a JSON merge patch
(RFC 7386: omitted fields keep their value, null clears) into one node, GET reads one or a
filtered page,
DELETE removes a node with its relationships (organizations only with ``cascade=true`` while
they still have people or projects).
"""

from __future__ import annotations

import inspect
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import Field, create_model

from graphmap.api.deps import Admin, Editor, MergePatch, Reader, StoreDep
from graphmap.api.errors import ERROR_RESPONSES
from graphmap.api.routers.generated import list_type, with_parameters
from graphmap.errors import InvalidInput, Problem
from graphmap.model import NODE_SPECS, Bundle, Node, NodeSpec
from graphmap.patch import patch_node
from graphmap.search import list_named
from graphmap.store.base import LIST_FILTERS

PATHS = {
    "organizations": "/organizations",
    "people": "/people",
    "staff": "/staff",
    "projects": "/projects",
}


def node_router(spec: NodeSpec) -> APIRouter:
    """List, get, put, patch and delete routes for one node kind."""
    model = spec.model
    router = APIRouter(prefix=PATHS[spec.section], tags=[spec.section], responses=ERROR_RESPONSES)
    page = create_model(
        f"{model.__name__}Page",
        items=(list_type(model), Field(description="This page's records, by id.")),
        offset=(int, Field(description="Records skipped before this page.")),
        limit=(int, Field(description="Most records a page holds.")),
        next_offset=(int | None, Field(None, description="Offset of the next page; null: last.")),
    )

    def list_nodes(
        store: StoreDep, offset: int, limit: int, name: str | None, **filters: str | None
    ) -> Any:
        chosen = {k: v for k, v in filters.items() if v is not None}
        if name:
            items: list[Node] = list_named(store, spec.label, name, chosen, offset, limit + 1)
        else:
            items = store.list(spec.label, chosen, offset, limit + 1)
        more = len(items) > limit
        return page(
            items=items[:limit],
            offset=offset,
            limit=limit,
            next_offset=offset + limit if more else None,
        )

    params = [
        inspect.Parameter("store", inspect.Parameter.KEYWORD_ONLY, annotation=StoreDep),
        inspect.Parameter(
            "offset",
            inspect.Parameter.KEYWORD_ONLY,
            default=0,
            annotation=Annotated[int, Query(ge=0, le=1_000_000_000)],
        ),
        inspect.Parameter(
            "limit",
            inspect.Parameter.KEYWORD_ONLY,
            default=100,
            annotation=Annotated[int, Query(ge=1, le=1000)],
        ),
        inspect.Parameter(
            "name",
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                str | None,
                Query(
                    max_length=200,
                    description="Name or title contains this (ignoring case and accents).",
                ),
            ],
        ),
        *(
            inspect.Parameter(
                name,
                inspect.Parameter.KEYWORD_ONLY,
                default=None,
                annotation=Annotated[str | None, Query(max_length=200)],
            )
            for name in LIST_FILTERS[spec.label]
        ),
    ]
    router.add_api_route(
        "",
        with_parameters(list_nodes, params),
        methods=["GET"],
        response_model=page,
        dependencies=[Reader],
        summary=f"List {spec.section}",
    )

    @router.get(
        "/{node_id}", response_model=model, dependencies=[Reader], summary=f"Get one {spec.noun}"
    )
    def get_node(node_id: str, store: StoreDep) -> Node:
        return store.get(spec.label, node_id)

    def put_node(node_id: str, body: Node, store: StoreDep) -> Node:
        if body.id != node_id:
            raise InvalidInput(
                "the body's id must match the path",
                [Problem("body.id", f"{body.id!r} is not {node_id!r}")],
            )
        store.import_bundle(Bundle(**{spec.section: [body]}))
        return store.get(spec.label, node_id)

    put_node.__annotations__["body"] = model
    router.add_api_route(
        "/{node_id}",
        put_node,
        methods=["PUT"],
        response_model=model,
        dependencies=[Editor],
        summary=f"Create or replace a {spec.noun}",
    )

    @router.patch(
        "/{node_id}",
        response_model=model,
        dependencies=[Editor],
        summary=f"Change some fields of a {spec.noun} (JSON merge patch)",
    )
    def patch(node_id: str, body: MergePatch, store: StoreDep) -> Node:
        return patch_node(store, spec.label, node_id, body)

    @router.delete(
        "/{node_id}",
        status_code=204,
        dependencies=[Admin],
        summary=f"Delete a {spec.noun} and its relationships",
    )
    def delete_node(node_id: str, store: StoreDep, cascade: bool = False) -> Response:
        store.delete_node(spec.label, node_id, cascade)
        return Response(status_code=204)

    return router


ROUTERS = [node_router(spec) for spec in NODE_SPECS]
