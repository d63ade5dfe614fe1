"""textual-serve's `Server`, fitted to the tutor: pre-bound sockets, safe origins, a quiet log.

textual-serve runs one app process per browser connection (the command given, through the shell) and
relays its screen to xterm.js over a WebSocket. This subclass changes four things, and nothing else:

* it serves on sockets bound *before* the server starts (`serve_sockets`), so that a port in use or an
  address that is not this machine's is reported by `mfml-tui serve` as one `error:` line, with no race;
* the page's own URLs (WebSocket, static files) follow the address the browser used, or a reverse proxy's
  `X-Forwarded-Proto`/`X-Forwarded-Host`, instead of the bind address (`0.0.0.0` is no place to connect to);
* it refuses WebSocket connections from other web sites (the `Origin` must be this server) and, when it
  listens on loopback only, any request whose `Host` is not a loopback name (DNS rebinding): a page open
  in the learner's browser cannot start a tutor session behind their back;
* on shutdown (Ctrl+C, SIGTERM) every open session is told to quit and awaited, so no app outlives it.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import signal
import socket
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

log = logging.getLogger("mfml-tui.serve")
TEMPLATES = Path(__file__).resolve().parent / "templates"
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback_name(host: str) -> bool:
    """`localhost`, `127.0.0.1`, `[::1]` (a Host header's name, without the port)."""
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def split_host(value: str) -> str:
    """The name part of a `Host` header value: `127.0.0.1:8000` → `127.0.0.1`, `[::1]:80` → `[::1]`."""
    if value.startswith("["):
        return value[: value.find("]") + 1] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def same_place(scheme: str, host: str) -> tuple[str, int]:
    """(name, port) of `scheme://host`, the port filled in: `https://a.org` and `a.org:443` are one place."""
    scheme = scheme.lower()
    default = 443 if scheme in ("https", "wss") else 80
    name = split_host(host).lower()
    rest = host[len(name):]
    port = int(rest[1:]) if rest.startswith(":") and rest[1:].isdigit() else default
    return name, port


class TutorServer(Server):
    """Serve `command` (the tutor, one process per connection) on pre-bound sockets."""

    def __init__(self, command: str, *, loopback_only: bool, on_ready: Callable[[], None] | None = None,
                 title: str = "mfml-tui") -> None:
        super().__init__(command, title=title, templates_path=TEMPLATES)
        self.loopback_only = loopback_only
        self.on_ready = on_ready
        self.sessions: set[asyncio.Task[Any]] = set()

    # ------------------------------------------------------------------------------------- running
    def serve_sockets(self, sockets: Iterable[socket.socket]) -> None:
        """Like `Server.serve`, on sockets already bound (and without textual-serve's banner)."""
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        # Ctrl+C, `kill`, or the terminal closing: end every session cleanly. (Windows has no signal
        # handlers in asyncio; Ctrl+C raises KeyboardInterrupt there.)
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):
            with contextlib.suppress(AttributeError, NotImplementedError, RuntimeError):
                loop.add_signal_handler(getattr(signal, name), self.request_exit)
        try:
            web.run_app(self._make_app(), sock=list(sockets), handle_signals=False, loop=loop,
                        print=None, access_log=None, shutdown_timeout=10)
        finally:
            loop.close()

    def initialize_logging(self) -> None:
        """textual-serve logs through `rich`; warnings only, so a learner's terminal stays readable."""
        logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
        log.setLevel(logging.INFO)

    async def on_startup(self, app: web.Application) -> None:
        if self.on_ready is not None:
            self.on_ready()

    async def on_shutdown(self, app: web.Application) -> None:
        """Cancel every session: its handler tells the app to quit and waits for the process to end."""
        sessions = list(self.sessions)
        for task in sessions:
            task.cancel()
        if sessions:
            await asyncio.wait(sessions, timeout=8)

    # ------------------------------------------------------------------------------------ requests
    def _origin(self, request: web.Request) -> tuple[str, str]:
        """(scheme, host[:port]) the browser sees: a reverse proxy's forwarded values, else the request's."""
        scheme = request.headers.get("X-Forwarded-Proto", request.scheme).split(",")[0].strip().lower()
        host = request.headers.get("X-Forwarded-Host", request.host).split(",")[0].strip()
        return ("https" if scheme in ("https", "wss") else "http"), host

    def _refuse(self, request: web.Request, *, websocket: bool) -> str | None:
        """Why this request is refused, or None. Listening on loopback only, the `Host` header itself must
        be a loopback name (a reverse proxy on this machine leaves it as `127.0.0.1:PORT` and says the
        public name in `X-Forwarded-Host`). A WebSocket's `Origin` must be this very server."""
        if self.loopback_only and not is_loopback_name(split_host(request.host)):
            return f"Host {request.host!r} is not this machine's loopback address"
        if websocket:
            scheme, host = self._origin(request)
            origin = request.headers.get("Origin", "")
            origin_scheme, _, origin_host = origin.rstrip("/").partition("://")
            if not origin_host or same_place(origin_scheme, origin_host) != same_place(scheme, host):
                return f"Origin {origin!r} is not this server ({scheme}://{host})"
        return None

    @aiohttp_jinja2.template("index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        if why := self._refuse(request, websocket=False):
            log.warning("refused a page request: %s", why)
            raise web.HTTPForbidden(text=f"mfml-tui serve: {why}\n")
        scheme, host = self._origin(request)
        ws_scheme = "wss" if scheme == "https" else "ws"
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{ws_scheme}://{host}/ws",
            "config": {"static": {"url": f"{scheme}://{host}/static/"}},
            "application": {"name": self.title},
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if why := self._refuse(request, websocket=True):
            log.warning("refused a connection: %s", why)
            raise web.HTTPForbidden(text=f"mfml-tui serve: {why}\n")
        task = asyncio.current_task()
        assert task is not None
        self.sessions.add(task)
        log.info("session started (%d open)", len(self.sessions))
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions.discard(task)
            log.info("session ended (%d open)", len(self.sessions))
