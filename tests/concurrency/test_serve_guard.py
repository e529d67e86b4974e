"""`okr-cockpit serve` started for real on loopback, asked with real HTTP requests and WebSocket handshakes.

Only the printed link opens the cockpit; a foreign page (another Origin, or another name for this
host as a DNS-rebinding page has) gets 403, and so does any address without the secret.
"""

import base64
import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time

import pytest

from okr_cockpit.cli import build_parser
from okr_cockpit.commands import serve

LINK = re.compile(r"Open (http://127\.0\.0\.1:(\d+)/([A-Za-z0-9_-]+)/) in a browser\.")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory, demo_template):
    """A started `okr-cockpit serve` on the small demo: (port, token)."""
    import shutil

    path = tmp_path_factory.mktemp("serve") / "demo.db"
    shutil.copyfile(demo_template, path)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "okr_cockpit", "serve", "--port", str(port), "--db", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = process.stdout.readline()
        found = LINK.search(line)
        assert found, (line, process.stderr.read() if process.poll() is not None else "")
        assert int(found.group(2)) == port
        wait_until_listening(port, process)
        yield port, found.group(3)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_listening(port: int, process: subprocess.Popen) -> None:
    for _ in range(300):  # readiness, not a measurement: the server may take a moment to bind
        assert process.poll() is None, process.stderr.read()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("the server never listened")


def get(port: int, path: str, *, host: str | None = None, origin: str | None = None, websocket=False):
    """(status, body) of one real request; `websocket` makes it a WebSocket opening handshake."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host or f"127.0.0.1:{port}")
        if origin is not None:
            connection.putheader("Origin", origin)
        if websocket:
            connection.putheader("Upgrade", "websocket")
            connection.putheader("Connection", "Upgrade")
            connection.putheader("Sec-WebSocket-Key", base64.b64encode(secrets.token_bytes(16)).decode())
            connection.putheader("Sec-WebSocket-Version", "13")
        connection.endheaders()
        response = connection.getresponse()
        body = b"" if response.status == 101 else response.read()
        return response.status, body.decode("utf-8", "replace")
    finally:
        connection.close()


def test_the_printed_link_opens_the_page_and_its_websocket(served):
    port, token = served
    own = f"http://127.0.0.1:{port}"
    status, page = get(port, f"/{token}/")
    assert status == 200
    assert f'data-session-websocket-url="ws://127.0.0.1:{port}/{token}/ws"' in page
    assert f"{own}/{token}/static/js/textual.js" in page
    assert get(port, f"/{token}/static/js/textual.js")[0] == 200
    assert get(port, f"/{token}/ws?width=80&height=24", origin=own, websocket=True)[0] == 101
    # The same page reached as localhost is the same host too.
    localhost = f"localhost:{port}"
    status, _ = get(port, f"/{token}/ws", host=localhost, origin=f"http://{localhost}", websocket=True)
    assert status == 101


@pytest.mark.parametrize(
    "path",
    ["/", "/ws", "/static/js/textual.js", "/WRONG/", "/WRONG/ws", "/TOKEN-1/ws", "/TOKEN/../ws"],
)
def test_without_the_secret_every_address_is_refused(served, path):
    port, token = served
    wrong = secrets.token_urlsafe(32)
    path = path.replace("TOKEN-1", token[:-1]).replace("TOKEN", token).replace("WRONG", wrong)
    own = f"http://127.0.0.1:{port}"
    assert get(port, path)[0] == 403
    status, body = get(port, path, origin=own, websocket=True)
    assert status == 403
    assert body == "This address needs the link that `okr-cockpit serve` printed when it started.\n"


@pytest.mark.parametrize(
    "origin",
    ["http://evil.example", "http://127.0.0.1:1", "https://127.0.0.1:PORT.evil.example", "null", None],
    ids=["other-site", "other-port", "lookalike", "null", "none"],
)
def test_a_websocket_from_a_foreign_page_is_refused_even_with_the_secret(served, origin):
    port, token = served
    origin = origin.replace("PORT", str(port)) if origin else None
    status, body = get(port, f"/{token}/ws?width=80&height=24", origin=origin, websocket=True)
    assert (status, body) == (403, "Requests from other web pages are refused.\n")


def test_a_dns_rebinding_page_is_refused_by_its_host_name(served):
    port, token = served
    rebound = f"evil.example:{port}"  # evil.example made to resolve to 127.0.0.1
    assert get(port, f"/{token}/", host=rebound)[0] == 403
    status, _ = get(port, f"/{token}/ws", host=rebound, origin=f"http://{rebound}", websocket=True)
    assert status == 403


def test_the_secret_is_new_with_every_start(db_path, db):
    args = build_parser().parse_args(["serve", "--db", str(db_path)])
    first, second = serve.build_server(args), serve.build_server(args)
    assert first.token != second.token and len(first.token) >= 40
    assert first.secret_url == f"http://127.0.0.1:8000/{first.token}/"
