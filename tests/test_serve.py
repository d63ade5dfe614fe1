"""`mfml-tui serve` without a browser: its errors, its warning, who it lets in, and that every app process
it starts ends with its session (tab closed, server stopped, server killed).

The browser itself is driven in tests/test_e2e_browser.py; here a plain WebSocket client (aiohttp, which
textual-serve depends on) stands in for the page, so these tests run wherever the web extra is installed.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import sys
from pathlib import Path

import pytest

from mfml_tui.cli import main
from tests.serving import Serve, alive, free_port, wait_until

aiohttp = pytest.importorskip("aiohttp", reason="the web extra is not installed: pip install -e '.[web]'")
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="process checks read /proc (Linux)")


def one_error_line(capsys) -> str:
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


# ----------------------------------------------------------------------------------- refusing to start
def test_port_in_use_is_one_error_line(capsys, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "--port", str(port), "--data-dir", str(tmp_path)])
    assert code == 2
    line = one_error_line(capsys)
    assert f"port {port}" in line and "already in use" in line and "--port" in line


@pytest.mark.parametrize(("host", "says"), [
    ("192.0.2.1", "not an address of this machine"),  # TEST-NET-1: documentation only, never local
    ("no-such-host.invalid", "no such host name"),      # .invalid never resolves (RFC 2606)
])
def test_unreachable_host_is_one_error_line(capsys, tmp_path: Path, host: str, says: str) -> None:
    assert main(["serve", "--host", host, "--port", str(free_port()), "--data-dir", str(tmp_path)]) == 2
    line = one_error_line(capsys)
    assert host in line and says in line


def test_port_out_of_range_is_one_error_line(capsys, tmp_path: Path) -> None:
    assert main(["serve", "--port", "70000", "--data-dir", str(tmp_path)]) == 2
    assert "70000" in one_error_line(capsys)


def test_missing_web_extra_is_one_error_line(capsys, monkeypatch, tmp_path: Path) -> None:
    # As if textual-serve were not installed: importing it raises ImportError.
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    monkeypatch.delitem(sys.modules, "mfml_tui.web.server", raising=False)
    assert main(["serve", "--port", str(free_port()), "--data-dir", str(tmp_path)]) == 2
    line = one_error_line(capsys)
    assert "needs textual-serve" in line and "pip install 'mfml-tui[web]'" in line


@pytest.mark.parametrize(("host", "warned"), [("127.0.0.1", False), ("localhost", False), ("0.0.0.0", True)])
def test_only_a_non_loopback_address_is_warned_about(capsys, monkeypatch, tmp_path: Path, host: str,
                                                      warned: bool) -> None:
    from mfml_tui.web.server import TutorServer

    bound: list[tuple[str, int]] = []

    def serve_sockets(self, sockets) -> None:  # stands in for serving: record, then "Ctrl+C"
        bound.extend(s.getsockname()[:2] for s in sockets)
        assert self.loopback_only is not warned
        # what every tab's app inherits: Unicode (a browser draws it whatever this shell's LANG says),
        # and the watch that ends it with this server
        assert os.environ["MFML_TUI_ASCII"] == "0" and os.environ["MFML_TUI_SERVED"] == "1"

    monkeypatch.setattr(TutorServer, "serve_sockets", serve_sockets)
    monkeypatch.setattr(os, "environ", dict(os.environ, LANG="C"))  # serve sets variables for its apps
    port = free_port()
    assert main(["serve", "--host", host, "--port", str(port), "--data-dir", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert bound and all(p == port for _, p in bound)
    if warned:
        assert err.startswith("warning: listening on 0.0.0.0") and "anyone who can reach port" in err
        assert "reverse proxy with authentication" in err
    else:
        assert "warning" not in err


# --------------------------------------------------------------------------------- a running server
@pytest.fixture
def serve(tmp_path: Path):
    """A server of the test's own, for tests that stop or kill it."""
    server = Serve(tmp_path)
    yield server
    server.kill()


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One server for the tests that leave it serving (each waits until no session is left)."""
    server = Serve(tmp_path_factory.mktemp("serve"))
    yield server
    server.kill()


@pytest.fixture
def idle(shared: Serve) -> Serve:
    wait_until(lambda: not shared.apps(), 20, "the shared server has no session left")
    assert shared.process.poll() is None, shared.log()
    return shared


async def get(url: str, **headers: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as response:
        return response.status, await response.text()


async def open_session(server: Serve, origin: str | None = None):
    """A WebSocket session as the page opens it; returns (client, websocket) once the app shows the
    loaded course."""
    http = aiohttp.ClientSession()
    try:
        ws = await http.ws_connect(f"ws://127.0.0.1:{server.port}/ws?width=100&height=30",
                                   headers={"Origin": origin or f"http://127.0.0.1:{server.port}"})
        seen = b""
        while b"Rise over run" not in seen:  # the course is loaded (the map, or the lesson it resumes)
            message = await asyncio.wait_for(ws.receive(), timeout=40)
            assert message.type == aiohttp.WSMsgType.BINARY, message
            seen += message.data
    except BaseException:
        await http.close()
        raise
    server.first_screen = seen
    return http, ws


def recipe_block(tag: str) -> str:
    """A fenced block of docs/teaching-server.md, found by its info string (```text TAG)."""
    doc = (Path(__file__).parent.parent / "docs" / "teaching-server.md").read_text(encoding="utf-8")
    match = re.search(rf"```text {re.escape(tag)}\n(.*?)```", doc, re.S)
    assert match, f"docs/teaching-server.md has no ```text {tag} block"
    return match.group(1)


def proxy_headers(scheme: str, host: str) -> dict[str, str]:
    """The headers docs/teaching-server.md's nginx block adds, as nginx fills them for a request to
    `scheme://host/`. The block must leave Host alone and pass the WebSocket upgrade through."""
    block = recipe_block("nginx-proxy")
    assert "proxy_pass http://127.0.0.1:" in block and "auth_basic_user_file" in block
    assert re.search(r"proxy_set_header\s+Upgrade\s+\$http_upgrade;", block)
    assert not re.search(r"proxy_set_header\s+Host\b", block), "a loopback server refuses a rewritten Host"
    values = {"$scheme": scheme, "$host": host, "$http_upgrade": ""}
    headers = dict(re.findall(r"proxy_set_header\s+(X-Forwarded-[\w-]+)\s+(\$\w+);", block))
    assert set(headers) == {"X-Forwarded-Proto", "X-Forwarded-Host"}, headers
    return {name: values[variable] for name, variable in headers.items()}


async def test_the_page_points_the_browser_back_at_this_server(idle: Serve) -> None:
    status, page = await get(idle.url)
    assert status == 200
    assert f'data-session-websocket-url="ws://127.0.0.1:{idle.port}/ws"' in page
    assert "<title>mfml-tui</title>" in page
    # Nothing is fetched from anywhere else (textual-serve's own page asks Google for a font).
    origins = set(re.findall(r"(?:https?|wss?)://[^/\"]+", page))
    assert origins == {f"http://127.0.0.1:{idle.port}", f"ws://127.0.0.1:{idle.port}"}
    # Behind docs/teaching-server.md's TLS reverse proxy, with the headers its configuration sets:
    status, page = await get(idle.url, **proxy_headers("https", "tutor.example.org"))
    assert status == 200 and 'data-session-websocket-url="wss://tutor.example.org/ws"' in page
    assert "https://tutor.example.org/static/js/textual.js" in page


async def test_the_first_key_of_a_session_reaches_the_course_map(serve: Serve) -> None:
    # The page has not said it has focus (no click yet): Enter still opens the highlighted lesson.
    http, ws = await open_session(serve)
    try:
        shown = serve.first_screen
        while b"Start: Rise over run" not in shown:  # rows and Start line: maybe two frames
            message = await asyncio.wait_for(ws.receive(), timeout=40)
            assert message.type == aiohttp.WSMsgType.BINARY, message
            shown += message.data
        assert b"Step " not in shown  # the map, not a lesson
        await ws.send_str(json.dumps(["stdin", "\r"]))
        seen = b""
        while b"Step 1/3" not in seen:  # the lesson is open
            message = await asyncio.wait_for(ws.receive(), timeout=40)
            assert message.type == aiohttp.WSMsgType.BINARY, message
            seen += message.data
    finally:
        await ws.close()
        await http.close()


async def test_other_sites_and_rebound_names_are_refused(idle: Serve) -> None:
    # DNS rebinding: a page whose name resolves to 127.0.0.1 sends its own name as Host.
    status, _ = await get(idle.url, Host=f"attacker.example:{idle.port}")
    assert status == 403
    # Cross-site WebSocket: a page elsewhere opening this server's socket.
    for origin in ("http://attacker.example", f"http://127.0.0.1:{idle.port + 1}"):
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await open_session(idle, origin=origin)
        assert refused.value.status == 403
    assert idle.apps() == []  # no app was started for them
    assert "refused a connection: Origin 'http://attacker.example'" in idle.log()


async def test_closing_a_tab_ends_its_app_and_only_it(idle: Serve) -> None:
    first = await open_session(idle)
    second = await open_session(idle)
    apps = idle.apps()
    assert len(apps) == 2, apps
    http, ws = first
    await ws.close()
    await http.close()
    wait_until(lambda: len(idle.apps()) == 1, 20, "the closed tab's app has ended")
    assert idle.apps()[0] in apps
    http, ws = second
    await ws.close()
    await http.close()
    wait_until(lambda: not idle.apps(), 20, "every app has ended")
    assert not any(alive(pid) for pid in apps)
    assert idle.process.poll() is None  # the server itself keeps serving
    assert "Traceback" not in idle.log(), idle.log()


async def test_stopping_the_server_ends_every_session(serve: Serve) -> None:
    http, ws = await open_session(serve)
    apps = serve.apps()
    assert len(apps) == 1

    async def page() -> None:  # as a browser does: keep reading, answer the server's close
        async for _message in ws:
            pass

    reading = asyncio.create_task(page())
    try:
        serve.process.send_signal(signal.SIGINT)  # Ctrl+C
        await asyncio.wait_for(reading, timeout=20)  # the server closed the session
        assert ws.closed
        code = await asyncio.to_thread(serve.process.wait, 20)
    finally:
        await http.close()
    assert code == 0
    assert not alive(apps[0])
    assert "Traceback" not in serve.log(), serve.log()


async def test_a_killed_server_leaves_no_orphan(serve: Serve) -> None:
    http, ws = await open_session(serve)
    apps = serve.apps()
    assert len(apps) == 1
    try:
        serve.process.kill()  # no clean-up at all: the app's parent just vanishes
        serve.process.wait(timeout=10)
        wait_until(lambda: not alive(apps[0]), 15, "the orphaned app noticed and quit")
    finally:
        await http.close()


def test_each_tab_runs_this_tutor_with_exactly_these_paths_and_profile(tmp_path: Path) -> None:
    """The shell command textual-serve runs per tab: names with spaces or shell syntax stay one word each
    (nothing is injected), and the app replaces the shell (`exec`), so a tab is one process."""
    import argparse
    import shlex

    from mfml_tui.commands.serve_cmd import app_command

    lessons, data = tmp_path / "my lessons", tmp_path / "it's $HOME"
    profile = "ada; touch /tmp/pwned `id`"
    args = argparse.Namespace(no_mouse=False, ascii=True)
    words = shlex.split(app_command(lessons, data, profile, args))
    assert words == ["exec", sys.executable, "-m", "mfml_tui", "--lessons", str(lessons),
                     "--data-dir", str(data), "--profile", profile, "--ascii"]
