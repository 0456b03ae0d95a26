"""Huge request bodies against a real server process: a body nobody may send is refused
before it is read (the answer comes before a byte of it is sent, and the server's memory does
not grow), and a body larger than the cap is 413 in the one error shape."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from devtools.neo4j_dev import free_port
from graphmap.keys import Role
from tests.api.conftest import HEADERS, KEYS, make_client

MB = 1024 * 1024
CAP = 4 * MB  # the server under test takes bodies up to this
UVICORN = [sys.executable, "-m", "uvicorn", "--factory", "graphmap.api.main:create_app"]


class Server:
    """graphmap's app in its own uvicorn process, so its memory can be read from /proc."""

    def __init__(self, folder: Path):
        self.port = free_port()
        env = os.environ | {
            "GRAPHMAP_STORE": f"sqlite:///{folder / 'g.db'}",
            "GRAPHMAP_API_KEYS": ",".join(entry for _, entry in KEYS.values()),
            "GRAPHMAP_MAX_BODY_BYTES": str(CAP),
        }
        self.process = subprocess.Popen(
            [*UVICORN, "--port", str(self.port), "--log-level", "warning"],
            env=env,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline and self.process.poll() is None
                time.sleep(0.1)

    def rss(self) -> int:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        kb = next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS"))
        return int(kb) * 1024

    def post_headers(self, path: str, headers: dict[str, str]) -> socket.socket:
        """A connection that has sent a POST's headers and none of its body."""
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        return sock

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    s = Server(tmp_path_factory.mktemp("server"))
    yield s
    s.close()


def answer(sock: socket.socket) -> tuple[int, dict]:
    """The status and JSON body of the response on ``sock``."""
    data = b""
    while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


def send_body(sock: socket.socket, size: int) -> int:
    """Send up to ``size`` bytes of body until the server stops listening; bytes sent."""
    sent, chunk = 0, b" " * MB
    try:
        while sent < size:
            sock.sendall(chunk)
            sent += len(chunk)
    except OSError:  # the server closed the connection: it will not read the rest
        pass
    return sent


def test_an_anonymous_200_mb_import_is_refused_unread(server):
    before = server.rss()
    sock = server.post_headers("/import", {"Content-Length": str(200 * MB)})
    status, body = answer(sock)  # the answer comes before a byte of the body was sent
    assert status == 401 and body["error"]["code"] == "unauthorized"
    send_body(sock, 200 * MB)
    sock.close()
    assert server.rss() - before < 20 * MB  # read nothing, parsed nothing


def test_a_reader_cannot_make_the_server_read_an_import(server):
    sock = server.post_headers("/import", {"Content-Length": str(200 * MB), **HEADERS[Role.READER]})
    status, body = answer(sock)
    sock.close()
    assert status == 403 and body["error"]["code"] == "forbidden"


def test_an_admin_body_over_the_cap_is_413_before_it_is_read(server):
    sock = server.post_headers("/import", {"Content-Length": str(CAP + 1), **HEADERS[Role.ADMIN]})
    status, body = answer(sock)
    sock.close()
    assert status == 413 and body["error"]["code"] == "too_large"
    assert f"{CAP:,} bytes" in body["error"]["message"]


def test_a_chunked_body_is_cut_off_at_the_cap(server):
    before = server.rss()
    sock = server.post_headers("/import", {"Transfer-Encoding": "chunked", **HEADERS[Role.ADMIN]})
    chunk = b"%x\r\n%s\r\n" % (MB, b" " * MB)
    sent = 0
    try:
        while sent < 100 * MB:
            sock.sendall(chunk)
            sent += MB
    except OSError:
        pass
    status, body = answer(sock)
    sock.close()
    assert status == 413 and body["error"]["code"] == "too_large"
    assert sent < 100 * MB  # the server stopped reading
    assert server.rss() - before < CAP + 20 * MB


@pytest.fixture
def small_cap(sqlite_store) -> Iterator[TestClient]:
    with make_client(sqlite_store, max_body_bytes=2048) as c:
        yield c


@pytest.mark.parametrize(
    "method, path",
    [
        ("PUT", "/people/p"),
        ("PATCH", "/people/p"),
        ("PUT", "/knows"),
        ("POST", "/import"),
        ("POST", "/import/salesforce"),
    ],
)
def test_every_route_that_takes_a_body_has_the_cap_and_checks_the_key_first(
    small_cap, method, path
):
    big = b"x" * 5000
    anonymous = small_cap.request(method, path, content=big)
    assert anonymous.status_code == 401
    editor = small_cap.request(method, path, content=big, headers=HEADERS[Role.ADMIN])
    assert editor.status_code == 413 and editor.json()["error"]["code"] == "too_large"


def test_the_login_form_takes_a_small_body_only(small_cap):
    response = small_cap.post(
        "/views/login",
        content=b"key=" + b"a" * 100_000,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413 and "65,536 bytes" in response.text
