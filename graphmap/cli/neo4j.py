"""Neo4j housekeeping: ``graphmap neo4j init|wipe``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from graphmap.errors import InvalidInput
from graphmap.store import open_store
from graphmap.store.base import GraphStore

if TYPE_CHECKING:
    pass
from graphmap.cli.common import app, err, out, plain_errors

neo4j_app = typer.Typer(help="Neo4j housekeeping (the store must be a neo4j:// URL).")


app.add_typer(neo4j_app, name="neo4j")


def neo4j_store(ctx: typer.Context) -> GraphStore:
    """The command's store, which must be Neo4j."""
    store = open_store(ctx.obj["store"])
    if store.kind != "neo4j":
        store.close()
        raise InvalidInput(f"{store.url} is not a Neo4j store; pass --store neo4j://host:port")
    return store


@neo4j_app.command("init")
def neo4j_init(ctx: typer.Context) -> None:
    """Create graphmap's constraints and indexes (idempotent; writes also do it on first use)."""
    with plain_errors():
        store = neo4j_store(ctx)
        try:
            store.ensure_schema()
        finally:
            store.close()
    out.print(f"constraints and indexes in place on {store.url}")


@neo4j_app.command("wipe")
def neo4j_wipe(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", help="Really delete everything.")] = False,
) -> None:
    """Delete every node and relationship in the Neo4j database."""
    if not yes:
        err.print("refusing to wipe without --yes")
        raise typer.Exit(1)
    with plain_errors():
        store = neo4j_store(ctx)
        try:
            store.wipe_everything()
        finally:
            store.close()
    out.print(f"wiped {store.url}")
