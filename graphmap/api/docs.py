"""/docs (Swagger UI) and /redoc that work offline.

FastAPI's own pages load Swagger UI, ReDoc, a favicon and Google fonts from CDNs, so on a
machine without internet they are blank. The same pages are built here with FastAPI's page
builders, pointing at the assets the ``fastapi-offline`` wheel ships (a maintained package that
bundles them; nothing is copied into this repository), served under ``/docs-assets``.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS_FILES = "/docs-assets"
# only this server: ReDoc would otherwise fetch its "powered by" logo from its CDN
LOCAL_ONLY = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; worker-src 'self' blob:; "
    "font-src 'self' data:"
}


def install(app: FastAPI) -> None:
    """Serve the interactive API docs from local assets (the app is built with no docs URLs)."""
    app.mount(DOCS_FILES, StaticFiles(directory=str(files("fastapi_offline") / "static")), "docs")

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return local_only(
            get_swagger_ui_html(
                openapi_url=app.openapi_url or "/openapi.json",
                title=f"{app.title} · API",
                swagger_js_url=f"{DOCS_FILES}/swagger-ui-bundle.js",
                swagger_css_url=f"{DOCS_FILES}/swagger-ui.css",
                swagger_favicon_url=f"{DOCS_FILES}/favicon.png",
            )
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return local_only(
            get_redoc_html(
                openapi_url=app.openapi_url or "/openapi.json",
                title=f"{app.title} · API",
                redoc_js_url=f"{DOCS_FILES}/redoc.standalone.js",
                redoc_favicon_url=f"{DOCS_FILES}/favicon.png",
                with_google_fonts=False,
            )
        )


def local_only(page: HTMLResponse) -> HTMLResponse:
    """The page may load nothing from anywhere but this server."""
    page.headers.update(LOCAL_ONLY)
    return page
