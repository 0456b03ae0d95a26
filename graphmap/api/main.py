"""The app factory: settings, store lifecycle, routers, error handlers.

One store (so one Neo4j driver) per process, opened in the lifespan and closed on shutdown.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from graphmap import __version__
from graphmap.api import docs, errors
from graphmap.api.limits import RequestGuard
from graphmap.api.routers import (
    analysis,
    bundle,
    health,
    nodes,
    portfolio,
    relationships,
    search,
    views,
)
from graphmap.api.warm import WorklistKeeper
from graphmap.config import load_config
from graphmap.keys import parse_keys
from graphmap.settings import Settings
from graphmap.store import open_store
from graphmap.store.base import GraphStore


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """Build the app. Tests pass a store; a server opens the one its settings name."""
    settings = settings or Settings()
    keys = parse_keys(settings.api_keys, settings.api_keys_file)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store if store is not None else open_store(settings.store)
        keeper = None
        if owned and settings.warm_seconds > 0:  # a server, not a test's app
            keeper = WorklistKeeper(
                app.state.store, app.state.analysis_config, settings.warm_seconds
            )
            keeper.start()
        try:
            yield
        finally:
            if keeper:
                keeper.stop()
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="graphmap",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,  # api/docs.py serves /docs and /redoc from local assets
        redoc_url=None,
        description="Stakeholder relationship mapping for bid teams: who decides a "
        "bid, who in the firm knows them, what leaves with a colleague.",
    )
    app.state.settings = settings
    app.state.api_keys = keys
    app.state.auth_disabled = settings.auth_disabled
    app.state.analysis_config = load_config(settings.config)
    if store is not None:
        app.state.store = store
    errors.install(app, settings.retry_after_seconds)
    app.add_middleware(RequestGuard, max_body_bytes=settings.max_body_bytes)
    docs.install(app)
    app.include_router(health.router)
    for router in [
        *nodes.ROUTERS,
        *relationships.ROUTERS,
        bundle.router,
        search.router,
        analysis.router,
        portfolio.router,
        views.router,
    ]:
        app.include_router(router)

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/views")

    return app
