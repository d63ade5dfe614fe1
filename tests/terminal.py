"""A real terminal for end-to-end tests: a private tmux server (its own socket, so a developer's tmux is
never touched) running one command in a pane of a fixed size, with keys sent and the screen read back.

The app draws on stderr, so a command run here must never redirect its stderr (the pane would stay blank).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time

TMUX = shutil.which("tmux")


class Terminal:
    def __init__(self, socket: str, width: int = 80, height: int = 24) -> None:
        self.socket = socket
        self.width, self.height = width, height

    def tmux(self, *args: str, check: bool = True) -> str:
        out = subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True, timeout=20)
        if check and out.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {out.stderr}")
        return out.stdout

    def start(self, command: str) -> None:
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", str(self.width), "-y",
                  str(self.height), command)
        self.tmux("set-option", "-t", "e2e", "remain-on-exit", "on")

    def capture(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "e2e", check=False)

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "e2e", *(["-l"] if literal else []), *keys)

    def wait_for(self, text: str | re.Pattern[str], timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.capture()
            found = text.search(screen) if isinstance(text, re.Pattern) else text in screen
            if found:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {text!r}; the pane shows:\n{screen}")

    def dead(self) -> bool:
        out = self.tmux("list-panes", "-t", "e2e", "-F", "#{pane_dead}", check=False)
        return out.strip() == "1"

    def wait_until_dead(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.dead() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert self.dead(), "the program did not end:\n" + self.capture()

    def kill(self) -> None:
        self.tmux("kill-server", check=False)
