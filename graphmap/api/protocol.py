"""uvicorn's HTTP/1.1 protocol with Nagle's algorithm off on every connection.

asyncio turns Nagle off only for sockets created with ``IPPROTO_TCP`` as their protocol number;
the listening socket uvicorn binds itself for ``--workers`` has protocol 0, so its connections
kept Nagle on. A small answer (``/health``, a page of a list) goes out as two writes, headers
then body; the body then waited for the client's delayed acknowledgement of the headers, 40 ms
on Linux, on every request but a connection's first.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol

NAME = "graphmap.api.protocol:NoDelayH11Protocol"  # how uvicorn.run's ``http`` names it


class NoDelayH11Protocol(H11Protocol):
    """H11Protocol that sends each write at once (TCP_NODELAY), whoever bound the socket."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
