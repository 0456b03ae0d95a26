"""The HTTP protocol `graphmap serve` runs turns Nagle's algorithm off on every connection,
including those accepted on a socket bound the way uvicorn binds it for ``--workers``."""

from __future__ import annotations

import asyncio
import socket

import uvicorn
from uvicorn.server import ServerState

from graphmap.api.protocol import NAME, NoDelayH11Protocol


async def nothing(scope, receive, send):  # an ASGI app that is never called here
    raise AssertionError("no request is sent")


def nodelay_of_accepted_connection(protocol_class: type) -> int:
    """TCP_NODELAY on the server side of one connection, accepted on a listening socket made
    like uvicorn's ``bind_socket`` (protocol number 0, which asyncio leaves Nagle on for)."""
    config = uvicorn.Config(nothing, http=protocol_class, log_level="warning")
    config.load()
    state = ServerState()
    made: list[asyncio.Transport] = []

    def protocol() -> asyncio.Protocol:
        instance = protocol_class(config=config, server_state=state, app_state={})
        original = instance.connection_made

        def connection_made(transport: asyncio.Transport) -> None:
            made.append(transport)
            original(transport)

        instance.connection_made = connection_made
        return instance

    async def scenario() -> int:
        listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        assert listening.proto == 0
        listening.bind(("127.0.0.1", 0))
        server = await asyncio.get_running_loop().create_server(protocol, sock=listening)
        _, writer = await asyncio.open_connection(*listening.getsockname())
        while not made:
            await asyncio.sleep(0.01)
        value = made[0].get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        writer.close()
        server.close()
        await server.wait_closed()
        return value

    return asyncio.run(scenario())


def test_connections_send_each_write_at_once():
    assert nodelay_of_accepted_connection(NoDelayH11Protocol) != 0


def test_uvicorns_own_protocol_leaves_nagle_on_there():
    # Why the subclass exists: on such a socket the stock protocol keeps Nagle on.
    from uvicorn.protocols.http.h11_impl import H11Protocol

    assert nodelay_of_accepted_connection(H11Protocol) == 0


def test_serve_names_the_protocol_uvicorn_imports():
    config = uvicorn.Config(nothing, http=NAME)
    config.load()
    assert config.http_protocol_class is NoDelayH11Protocol


def test_serve_runs_uvicorn_with_it_for_one_worker_and_for_several(monkeypatch, tmp_path):
    from graphmap.cli import server

    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    for name in ("GRAPHMAP_API_KEYS", "GRAPHMAP_STORE", "GRAPHMAP_AUTH_DISABLED"):
        monkeypatch.setenv(name, "")  # run_server sets the last two: restored after the test
    store = f"sqlite:///{tmp_path / 'firm.db'}"
    server.run_server(store, "127.0.0.1", 0, auth_disabled=True, workers=1)
    server.run_server(store, "127.0.0.1", 0, auth_disabled=True, workers=2)
    assert [c["http"] for c in calls] == [NAME, NAME]
    assert calls[1]["workers"] == 2
