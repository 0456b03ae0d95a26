"""CRUD for the relationship kinds, one router each, made from the model's EdgeSpec.

GET lists the relationships of one node (name either end, or both), PUT upserts one by its
key, PATCH merges a JSON merge patch into the one with the key in the query, DELETE removes
one by its key. Listing every relationship of a kind at once is what
``GET /export`` is for.
"""

from __future__ import annotations

import inspect
from typing import Annotated

from fastapi import APIRouter, Query, Response

from graphmap.api.deps import Admin, Editor, MergePatch, Reader, StoreDep
from graphmap.api.errors import ERROR_RESPONSES
from graphmap.api.routers.generated import list_type, with_parameters
from graphmap.errors import InvalidInput, Problem
from graphmap.model import EDGE_SPECS, Bundle, EdgeSpec, Record
from graphmap.patch import patch_edge, require_ends
from graphmap.store.records import edge_model


def edge_router(spec: EdgeSpec) -> APIRouter:
    """List, put, patch and delete routes for one relationship kind."""
    model = spec.model
    path = "/" + spec.section.replace("_", "-")
    router = APIRouter(prefix=path, tags=["relationships"], responses=ERROR_RESPONSES)
    ends = (spec.src_field, spec.dst_field)

    def end_params(required: bool) -> list[inspect.Parameter]:
        kind = inspect.Parameter.KEYWORD_ONLY
        out = [
            inspect.Parameter(
                f,
                kind,
                default=inspect.Parameter.empty if required else None,
                annotation=Annotated[
                    str if required else str | None, Query(min_length=1, max_length=200)
                ],
            )
            for f in ends
        ]
        if required:
            for q in spec.qualifiers:
                typ = spec.model.model_fields[q].annotation
                out.append(inspect.Parameter(q, kind, annotation=Annotated[typ, Query()]))
        return out

    store_param = inspect.Parameter("store", inspect.Parameter.KEYWORD_ONLY, annotation=StoreDep)

    def list_edges(store: StoreDep, **where: str | None) -> list[Record]:
        src, dst = where.get(spec.src_field), where.get(spec.dst_field)
        if src is None and dst is None:
            raise InvalidInput(
                f"name the {spec.src_field} or the {spec.dst_field}",
                [Problem(f"query.{spec.src_field}", "give one end at least")],
            )
        if src is not None:
            found = store.edges([src], [spec.rel_type], "out")
        else:
            found = store.edges([dst or ""], [spec.rel_type], "in")
        found = [
            e for e in found if (src is None or e.src == src) and (dst is None or e.dst == dst)
        ]
        return [edge_model(e) for e in sorted(found, key=lambda e: (e.src, e.dst, e.qual))]

    router.add_api_route(
        "",
        with_parameters(list_edges, [store_param, *end_params(False)]),
        methods=["GET"],
        response_model=list_type(model),
        dependencies=[Reader],
        summary=f"List {spec.rel_type} of a node",
    )

    def put_edge(body: Record, store: StoreDep) -> Record:
        store.import_bundle(Bundle(**{spec.section: [body]}))
        return body

    put_edge.__annotations__["body"] = model
    router.add_api_route(
        "",
        put_edge,
        methods=["PUT"],
        response_model=model,
        dependencies=[Editor],
        summary=f"Create or replace a {spec.rel_type}",
    )

    def patch(body: MergePatch, store: StoreDep, **key: object) -> Record:
        return patch_edge(store, spec.rel_type, key, body)

    body_param = inspect.Parameter("body", inspect.Parameter.KEYWORD_ONLY, annotation=MergePatch)
    router.add_api_route(
        "",
        with_parameters(patch, [body_param, store_param, *end_params(True)]),
        methods=["PATCH"],
        response_model=model,
        dependencies=[Editor],
        summary=f"Change some properties of a {spec.rel_type} (JSON merge patch)",
    )

    def delete_edge(store: StoreDep, **key: object) -> Response:
        require_ends(store, spec.rel_type, key)
        qual = "|".join(str(key[q]) for q in spec.qualifiers)
        store.delete_edge(spec.rel_type, str(key[spec.src_field]), str(key[spec.dst_field]), qual)
        return Response(status_code=204)

    router.add_api_route(
        "",
        with_parameters(delete_edge, [store_param, *end_params(True)]),
        methods=["DELETE"],
        status_code=204,
        dependencies=[Admin],
        summary=f"Delete a {spec.rel_type}",
    )
    return router


ROUTERS = [edge_router(spec) for spec in EDGE_SPECS]
