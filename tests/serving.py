"""A real `mfml-tui serve` for end-to-end tests: started on a free loopback port, its app processes found
in /proc, and stopped (then checked for left-over processes) by the test.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).parent.parent
LESSONS = ROOT / "tests" / "data" / "lessons"
MFML_TUI = Path(sys.executable).with_name("mfml-tui")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (read from /proc, Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # the command name is in parentheses and may contain spaces: the fields after it are fixed
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


def wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting until {what}")


class Serve:
    """`mfml-tui serve --port P --lessons L --data-dir D --profile learner`, output kept in a log file."""

    def __init__(self, tmp: Path, *, lessons: Path = LESSONS, profile: str = "learner",
                 extra: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.data = tmp / "progress"
        self.profile = profile
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log_path = tmp / "serve.log"
        self.first_screen = b""  # what the last session opened by a test showed first (raw bytes)
        env = dict(os.environ, TEXTUAL_ANIMATIONS="none")
        with self.log_path.open("w") as log:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                [str(MFML_TUI), "serve", "--port", str(self.port), "--lessons", str(lessons),
                 "--data-dir", str(self.data), "--profile", profile, *extra],
                stdout=log, stderr=subprocess.STDOUT, env=env)
        wait_until(lambda: "serving the tutor at" in self.log() or self.process.poll() is not None, 30,
                   "the server is ready")
        assert self.process.poll() is None, f"mfml-tui serve ended early:\n{self.log()}"
        assert f"http://127.0.0.1:{self.port}/" in self.log()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def apps(self) -> list[int]:
        """The app processes serving browser tabs right now."""
        return children(self.process.pid)

    def stop(self, sig: int = signal.SIGINT, timeout: float = 20) -> int:
        """Stop like Ctrl+C; returns the exit status. Kills it (and fails) if it does not end in time."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"mfml-tui serve did not stop on signal {sig}:\n{self.log()}") from None

    def kill(self) -> None:
        """Last resort in a test's clean-up: the server and any app it left."""
        apps = self.apps() if self.process.poll() is None else []
        for pid in [self.process.pid, *apps]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=10)
