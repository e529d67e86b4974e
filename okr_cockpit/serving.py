"""The browser view behind `okr-cockpit serve`: textual-serve, opened only by the link it printed.

Without this any web page open in the same browser could reach the loopback port, open the
WebSocket and drive the cockpit (read the screen, press `d`, `y`). So:

- Every address lives under a secret first path segment, random per start (`/<token>/`,
  `/<token>/ws`, `/<token>/static/…`), compared in constant time; anything else is 403. The token
  sits in the path because the browser client appends its own query string to the WebSocket URL.
- A request naming another host in its Host header is refused (a DNS-rebinding page's requests
  carry its own name), and a request with an Origin is served only if that origin is the served
  host itself; a WebSocket must carry one (browsers always send it).
"""

import hmac
import ipaddress
import re
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server

from okr_cockpit.i18n import N_, _

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
EVERYWHERE = frozenset({"0.0.0.0", "::", ""})
NO_TOKEN = N_("This address needs the link that `okr-cockpit serve` printed when it started.\n")
FOREIGN = N_("Requests from other web pages are refused.\n")  # both told in the user's language
# textual-serve's page links a web font from an outside server; the served page must not.
OUTSIDE_LINK = re.compile(r"<link[^>]*href=\"https?://[^\"]*\"[^>]*/?>", re.S)


def split_host(value: str) -> tuple[str, int | None]:
    """`name:port`, `[::1]:port` or `name` → (name, port or None); names lowercased."""
    parsed = urlsplit(f"//{value}")
    try:
        port = parsed.port
    except ValueError:
        return "", None
    return (parsed.hostname or "").lower(), port


def is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class GuardedServer(Server):
    """textual-serve's Server, reachable only through `secret_url` and only from its own page."""

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        title: str,
        public_url: str,
        token: str | None = None,
    ) -> None:
        super().__init__(command, host=host, port=port, title=title, public_url=public_url)
        self.token = token or secrets.token_urlsafe(32)
        names = {split_host(urlsplit(public_url).netloc)[0]}
        bound = host.lower().strip("[]")
        if bound in LOOPBACK_NAMES:
            names |= LOOPBACK_NAMES
        elif bound not in EVERYWHERE:
            names.add(bound)
        self.everywhere = bound in EVERYWHERE
        self.names = frozenset(names)

    @property
    def secret_url(self) -> str:
        return f"{self.public_url}/{self.token}/"

    # -- the checks ----------------------------------------------------------------------------
    def served_host(self, value: str) -> bool:
        """Is `value` (a Host header or an origin's host:port) this server's own address?"""
        name, port = split_host(value)
        if (80 if port is None else port) != self.port:
            return False
        # An address literal cannot be a rebinding attacker's name; when listening everywhere
        # the machine may be reached by any of its addresses.
        return name in self.names or (self.everywhere and is_ip(name))

    def refusal(self, request: web.Request) -> str | None:
        token = request.match_info.get("token", "")  # "" where no route matched
        if not hmac.compare_digest(token.encode(), self.token.encode()):
            return NO_TOKEN
        if not self.served_host(request.headers.get("Host", "")):
            return FOREIGN
        origin = request.headers.get("Origin")
        websocket = request.headers.get("Upgrade", "").lower() == "websocket"
        if origin is None:
            return FOREIGN if websocket else None
        parsed = urlsplit(origin)
        if parsed.scheme not in ("http", "https") or parsed.netloc != request.headers.get("Host", ""):
            return FOREIGN  # an origin is the served page only when it is the very host asked
        return None

    @web.middleware
    async def guard(self, request: web.Request, handler) -> web.StreamResponse:
        refused = self.refusal(request)
        if refused is not None:
            raise web.HTTPForbidden(text=_(refused))
        return await handler(request)

    # -- textual-serve's routes under the secret prefix ------------------------------------------
    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FunctionLoader(self.offline_template))
        app.add_routes(
            [
                web.get("/{token}/", self.handle_index, name="index"),
                web.get("/{token}/ws", self.handle_websocket, name="websocket"),
                web.get("/{token}/download/{key}", self.handle_download, name="download"),
                web.get("/{token}/static/{filename:.+}", self.handle_static, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    def offline_template(self, name: str) -> str | None:
        """textual-serve's page without its outside web font: works offline, asks no third party."""
        found = Path(self.templates_path) / name
        if not found.is_file():
            return None
        return OUTSIDE_LINK.sub("", found.read_text(encoding="utf-8"))

    async def on_startup(self, app: web.Application) -> None:
        """The link is printed by the command itself, before the server starts."""

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        base = f"{self.public_url}/{self.token}"
        scheme = "wss" if self.public_url.startswith("https") else "ws"
        return {
            "font_size": min(max(_int(request.query.get("fontsize"), 16), 6), 64),
            "app_websocket_url": f"{scheme}:{base.split(':', 1)[1]}/ws",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
        }

    async def handle_static(self, request: web.Request) -> web.StreamResponse:
        root = Path(self.statics_path).resolve()
        target = (root / request.match_info["filename"]).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            raise web.HTTPNotFound()
        return web.FileResponse(target)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
