"""`okr-cockpit serve`: loopback by default, and each browser tab runs this Python on the same database."""

import shlex
import sys

from okr_cockpit.cli import build_parser
from okr_cockpit.commands import serve


def test_default_host_is_loopback_and_port_8000():
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.present) == ("127.0.0.1", 8000, False)


def test_the_served_command_reuses_the_same_database(db_path, db):
    args = build_parser().parse_args(["serve", "--db", str(db_path), "--present", "--port", "8123"])
    server = serve.build_server(args)  # builds only; nothing listens until .serve()
    assert (server.host, server.port, server.public_url) == ("127.0.0.1", 8123, "http://127.0.0.1:8123")
    assert shlex.split(server.command) == [
        sys.executable,
        "-m",
        "okr_cockpit",
        "--db",
        str(db_path),
        "--present",
    ]


def test_odd_paths_are_quoted_for_the_shell():
    command = serve.cockpit_command("/tmp/my cockpit; rm -rf ~.db", read_only=True)
    assert shlex.split(command)[-3:] == ["--db", "/tmp/my cockpit; rm -rf ~.db", "--read-only"]


def test_listening_everywhere_shows_a_reachable_url():
    assert serve.public_url("0.0.0.0", 8000).startswith("http://") and "0.0.0.0" not in serve.public_url(
        "0.0.0.0", 80
    )
    assert serve.public_url("::1", 8000) == "http://[::1]:8000"


def test_a_relative_database_path_is_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    server = serve.build_server(build_parser().parse_args(["serve", "--db", "here.db"]))
    assert shlex.split(server.command)[4] == str(tmp_path / "here.db")


async def test_the_browser_page_loads_nothing_from_another_server(db_path, db):
    from aiohttp.test_utils import TestClient, TestServer

    server = serve.build_server(build_parser().parse_args(["serve", "--db", str(db_path)]))
    app = await server._make_app()
    async with TestClient(TestServer(app)) as client:
        response = await client.get(f"/{server.token}/", headers={"Host": "127.0.0.1:8000"})
        page = await response.text()
    assert response.status == 200 and "textual.js" in page
    assert "googleapis" not in page and "https://" not in page
