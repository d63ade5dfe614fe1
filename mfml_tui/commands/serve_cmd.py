"""`mfml-tui serve`: the tutor in a web browser, one app process per tab (textual-serve).

Everything a learner sees is the terminal app itself, started as `python -m mfml_tui` with the lessons,
data dir and profile resolved here, so a browser tab and a terminal share one course, one progress file
and one profile's settings. Every problem that stops the server from starting is one `error:` line on
stderr and exit status 2, before anything is served.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import os
import shlex
import socket
import subprocess
import sys
from pathlib import Path

from mfml_tui import paths
from mfml_tui.web import orphan

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class ServeError(Exception):
    """A reason not to serve, said in one line."""


def fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def bind(host: str, port: int) -> list[socket.socket]:
    """Listening sockets for every address `host` names (both 127.0.0.1 and ::1 for `localhost`),
    bound now so that a problem is reported before serving. Raises ServeError."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as error:
        raise ServeError(f"cannot listen on {host!r}: no such host name or address ({error})") from None
    sockets: list[socket.socket] = []
    seen: set[tuple] = set()
    try:
        for family, kind, proto, _name, address in infos:
            if address in seen:
                continue
            seen.add(address)
            sock = socket.socket(family, kind, proto)
            sockets.append(sock)
            if os.name != "nt":  # as aiohttp does: a restart need not wait for TIME_WAIT to pass
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                sock.bind(address)
                sock.listen(128)
            except OSError as error:
                raise ServeError(why_not_bound(host, port, address[0], error)) from None
            sock.setblocking(False)
    except BaseException:
        for sock in sockets:
            sock.close()
        raise
    return sockets


def why_not_bound(host: str, port: int, address: str, error: OSError) -> str:
    where = host if host == address else f"{host} ({address})"
    if error.errno == errno.EADDRINUSE:
        return (f"port {port} on {where} is already in use (another program, or another mfml-tui serve); "
                f"choose another with --port")
    if error.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on {where}: it is not an address of this machine"
    if error.errno == errno.EACCES:
        return f"no permission to listen on port {port} (ports below 1024 need root); choose one above 1023"
    return f"cannot listen on {where} port {port}: {error.strerror or error}"


def loopback_only(sockets: list[socket.socket]) -> bool:
    return all(ipaddress.ip_address(s.getsockname()[0]).is_loopback for s in sockets)


def url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    if host in ("0.0.0.0", "::", ""):
        shown = socket.gethostname()
    return f"http://{shown}:{port}/"


def app_command(lessons: Path, db_dir: Path, profile: str, args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each connection: this Python, this tutor, and exactly the
    lessons, data dir and profile resolved here. `exec` lets the app replace the shell, so closing a tab
    ends one process, with no shell left behind."""
    argv = [sys.executable, "-m", "mfml_tui", "--lessons", str(lessons), "--data-dir", str(db_dir),
            "--profile", profile]
    if getattr(args, "no_mouse", False):
        argv.append("--no-mouse")
    if getattr(args, "ascii", False):
        argv.append("--ascii")
    if os.name == "nt":
        return subprocess.list2cmdline(argv)
    return "exec " + shlex.join(argv)


def run_serve(args: argparse.Namespace) -> int:
    host, port = args.host, args.port
    if not 1 <= port <= 65535:
        return fail(f"--port {port} is not a port number (1 to 65535)")
    lessons = paths.lessons_dir(getattr(args, "lessons", None)).resolve()
    if not lessons.is_dir():
        return fail(f"no lessons folder at {lessons} (use --lessons DIR)")
    db_dir = paths.data_dir(getattr(args, "data_dir", None)).expanduser().resolve()
    profile = getattr(args, "profile", None) or paths.default_profile()
    try:
        from mfml_tui.web.server import TutorServer
    except ImportError as error:
        return fail(f"`mfml-tui serve` needs textual-serve, which is not installed ({error}): "
                    "pip install 'mfml-tui[web]'")
    try:
        sockets = bind(host, port)
    except ServeError as error:
        return fail(str(error))
    local = loopback_only(sockets)
    if not local:
        print(f"warning: listening on {host}, not only on this machine: anyone who can reach port {port} "
              f"can use the tutor as user {paths.default_profile()!r} (profile {profile!r}), with no "
              "password. Put it behind a reverse proxy with authentication (docs/teaching-server.md).",
              file=sys.stderr)
    # A browser draws Unicode whatever this shell's locale says; --ascii still forces ASCII.
    os.environ["MFML_TUI_ASCII"] = "1" if getattr(args, "ascii", False) else "0"
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ[orphan.ENV] = "1"  # each app ends with this server, even if it is killed (web/orphan.py)

    def ready() -> None:
        print(f"mfml-tui: serving the tutor at {url(host, port)} (profile {profile!r}, progress in "
              f"{db_dir}). Each browser tab is one session; Ctrl+C stops them all.", flush=True)

    server = TutorServer(app_command(lessons, db_dir, profile, args), loopback_only=local, on_ready=ready)
    try:
        server.serve_sockets(sockets)
    finally:
        for sock in sockets:
            sock.close()
    return 0
