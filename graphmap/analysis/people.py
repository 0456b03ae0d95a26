"""Who a row of a report is about: the fields every per-person result starts with."""

from __future__ import annotations

from typing import Any

import networkx as nx
from pydantic import BaseModel, Field


class PersonHeader(BaseModel):
    """The person and their organization, as the graph names them."""

    person_id: str = Field(description="Id of the client-side person.")
    name: str = Field(description="The person's name.")
    title: str | None = Field(description="Job title.")
    organization_id: str | None = Field(description="Id of the organization.")
    organization_name: str | None = Field(description="Name of the person's organization.")


def person_header(graph: nx.MultiDiGraph, person_id: str) -> dict[str, Any]:
    """The header fields of ``person_id``, for a result model that extends PersonHeader.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("o", name="Harbour Rail"); g.add_node("p", name="Ann", organization_id="o")
    >>> person_header(g, "p")["organization_name"]
    'Harbour Rail'
    """
    node = graph.nodes[person_id]
    org = node.get("organization_id")
    return {
        "person_id": person_id,
        "name": node["name"],
        "title": node.get("title"),
        "organization_id": org,
        "organization_name": graph.nodes[org]["name"] if org in graph else None,
    }
