"""Stores: where the graph lives. ``open_store`` picks one from a URL."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from graphmap.errors import InvalidInput
from graphmap.settings import Settings
from graphmap.store.base import GraphStore

NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")


def resolve_store_url(url: str | None) -> str:
    """The URL given, else GRAPHMAP_STORE, else ./graphmap.db."""
    return url or Settings().store


def open_store(url: str | None = None) -> GraphStore:
    """Open ``sqlite:///relative.db``, ``sqlite:////abs/path.db`` or ``neo4j://host:port``.

    Neo4j credentials come from the URL (``neo4j://user:pass@host``) or NEO4J_USER and
    NEO4J_PASSWORD.
    """
    url = resolve_store_url(url)
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        from graphmap.store.sqlite import SQLiteStore

        path = url.removeprefix("sqlite:///")
        if not path or path == url:
            raise InvalidInput(f"store URL {url!r}: write sqlite:///path/to/file.db")
        return SQLiteStore(Path(path))
    if scheme in NEO4J_SCHEMES:
        from graphmap.store.neo4j import Neo4jStore

        return Neo4jStore(url)
    raise InvalidInput(
        f"store URL {url!r}: scheme must be sqlite or one of {', '.join(NEO4J_SCHEMES)}"
    )
