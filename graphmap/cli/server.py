"""Serving: the HTTP API, API keys, and the demo firm."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from graphmap.bundle import write_bundle
from graphmap.errors import InvalidInput
from graphmap.store import resolve_store_url

if TYPE_CHECKING:
    pass
from graphmap.cli.common import app, counts_table, err, opened, out, plain_errors

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def run_server(
    store_url: str | None, host: str, port: int, auth_disabled: bool, workers: int = 1
) -> None:
    """Serve in this process, or in ``workers`` processes sharing the port: each worker builds
    its own app from the environment (so its own store connection), which is why the store and
    the auth choice travel as GRAPHMAP_ variables."""
    import uvicorn

    from graphmap.api.protocol import NAME as HTTP_PROTOCOL

    os.environ["GRAPHMAP_STORE"] = resolve_store_url(store_url)
    os.environ["GRAPHMAP_AUTH_DISABLED"] = "true" if auth_disabled else "false"
    if workers > 1:
        uvicorn.run(
            "graphmap.api.main:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            http=HTTP_PROTOCOL,
            log_level="warning",
        )
        return
    from graphmap.api.main import create_app

    uvicorn.run(create_app(), host=host, port=port, http=HTTP_PROTOCOL, log_level="warning")


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    insecure_no_auth: Annotated[
        bool,
        typer.Option(
            "--insecure-no-auth", help="Serve without API keys on a non-loopback address."
        ),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1, help="Worker processes, each with its own store connection (default: cores)."
        ),
    ] = None,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs). Keys come from GRAPHMAP_API_KEYS."""
    from graphmap.keys import parse_keys
    from graphmap.settings import Settings

    with plain_errors():
        settings = Settings()
        keys = parse_keys(settings.api_keys, settings.api_keys_file)
    no_keys = not keys
    if no_keys and host not in LOOPBACK and not insecure_no_auth:
        err.print(
            f"refusing to serve on {host} without API keys: set GRAPHMAP_API_KEYS "
            "(graphmap apikey makes one) or pass --insecure-no-auth"
        )
        raise typer.Exit(1)
    if no_keys:
        out.print(
            f"[yellow]no API keys configured: anyone who can reach {host}:{port} has full "
            "access[/yellow]"
        )
    workers = workers or os.cpu_count() or 1
    out.print(
        f"graphmap API on http://{host}:{port} (docs at /docs), store "
        f"{resolve_store_url(ctx.obj['store'])}, {workers} worker(s)"
    )
    run_server(ctx.obj["store"], host, port, auth_disabled=no_keys, workers=workers)


@app.command()
def apikey(role: Annotated[str, typer.Option(help="reader, editor or admin")] = "reader") -> None:
    """Make a new API key: prints the key (give it to the client) and the line to configure."""
    from graphmap.keys import Role, new_key

    with plain_errors():
        try:
            chosen = Role[role.upper()]
        except KeyError:
            raise InvalidInput(f"--role: {role!r} is not one of reader, editor, admin") from None
    key, entry = new_key(chosen)
    out.print(f"key (shown once): {key}\nadd to GRAPHMAP_API_KEYS: {entry}", highlight=False)


@app.command()
def demo(
    ctx: typer.Context,
    seed: Annotated[int, typer.Option(help="Seed of the invented firm.")] = 7,
    export_to: Annotated[
        Path | None, typer.Option("--export", help="Also write the demo bundle to this file.")
    ] = None,
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the API and views afterwards.")
    ] = True,
    port: Annotated[int, typer.Option(help="Port for --serve.")] = 8000,
) -> None:
    """Create the demo firm in the store (default ./graphmap.db), then serve it on 127.0.0.1."""
    from graphmap.demo import demo_bundle

    bundle = demo_bundle(seed)
    if export_to is not None:
        write_bundle(bundle, export_to)
    with opened(ctx) as store:
        store.import_bundle(bundle)
        counts = store.stats()
    url = resolve_store_url(ctx.obj["store"])
    out.print(counts_table(f"demo firm loaded into {url}", counts))
    out.print("try: graphmap influence prj-001 · graphmap handover stf-001 · graphmap accounts")
    if serve_after:
        base = f"http://127.0.0.1:{port}"
        out.print(
            f"serving on {base} — views {base}/views · API docs {base}/docs · "
            "no API keys (local demo: anyone on this machine has full access) · Ctrl-C "
            "stops",
            highlight=False,
        )
        run_server(url, "127.0.0.1", port, auth_disabled=True)
