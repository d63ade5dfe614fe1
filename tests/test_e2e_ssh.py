"""End to end over real SSH: the teaching-server recipe of docs/teaching-server.md, followed literally.

The test starts its own `sshd` on a loopback port with a throw-away host key and a config built from the
recipe's own blocks (read from the docs, with only paths substituted), logs in with `ssh -t` inside tmux
at 80×24 as a learner would, lands in the tutor through the forced command, answers a question, quits,
and finds the attempt in that learner's progress store. It never touches the machine's own sshd and
kills everything it started. It skips where sshd cannot run, except on CI (`CI` set), where it must run.
"""

from __future__ import annotations

import getpass
import os
import re
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.terminal import Terminal

ROOT = Path(__file__).parent.parent
LESSONS = ROOT / "tests" / "data" / "lessons"
DOC = ROOT / "docs" / "teaching-server.md"
SSHD = shutil.which("sshd") or ("/usr/sbin/sshd" if Path("/usr/sbin/sshd").exists() else None)
TOOLS = {"sshd": SSHD, "ssh": shutil.which("ssh"), "ssh-keygen": shutil.which("ssh-keygen"),
         "tmux": shutil.which("tmux")}
MFML_TUI = Path(sys.executable).with_name("mfml-tui")


def _why_not() -> str | None:
    missing = [name for name, path in TOOLS.items() if path is None]
    if missing:
        return f"{', '.join(missing)} not installed (CI installs openssh-server, openssh-client and tmux)"
    if os.geteuid() != 0:
        return "sshd needs root for privilege separation; run as root (CI does)"
    if not MFML_TUI.exists():
        return f"the mfml-tui script is not beside {sys.executable} (install with pip install -e .)"
    return None


REASON = _why_not()
if REASON and os.environ.get("CI"):
    raise RuntimeError(f"the SSH end-to-end test must run on CI: {REASON}")
pytestmark = pytest.mark.skipif(REASON is not None, reason=REASON or "")


def recipe_block(tag: str) -> str:
    """A fenced block of docs/teaching-server.md, found by its info string (```text TAG)."""
    match = re.search(rf"```text {re.escape(tag)}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert match, f"docs/teaching-server.md has no ```text {tag} block"
    return match.group(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sshd:
    """A private sshd: its own host key, config, pid file and log, on 127.0.0.1 only."""

    def __init__(self, home: Path, extra_config: str) -> None:
        self.home = home
        self.port = free_port()
        self.user = getpass.getuser()
        for key in ("host_key", "learner_key"):
            subprocess.run([TOOLS["ssh-keygen"], "-q", "-t", "ed25519", "-N", "", "-f", str(home / key)],
                           check=True, timeout=30)
        self.config = home / "sshd_config"
        self.config.write_text(
            f"Port {self.port}\nListenAddress 127.0.0.1\nHostKey {home / 'host_key'}\n"
            f"PidFile {home / 'sshd.pid'}\nAuthorizedKeysFile {home / 'authorized_keys'}\n"
            "PasswordAuthentication no\nKbdInteractiveAuthentication no\nPubkeyAuthentication yes\n"
            "PermitRootLogin prohibit-password\nStrictModes no\nUsePAM no\n"
            f"AllowUsers {self.user}\nPrintMotd no\nPrintLastLog no\n\n{extra_config}\n")
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege-separation directory
        subprocess.run([SSHD, "-t", "-f", str(self.config)], check=True, timeout=30)
        self.process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(self.config)],
                                        stderr=open(home / "sshd.log", "w"))  # noqa: SIM115
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise AssertionError("sshd did not start:\n" + (home / "sshd.log").read_text())

    def authorize(self, line_prefix: str = "") -> None:
        key = (self.home / "learner_key.pub").read_text().strip()
        (self.home / "authorized_keys").write_text(f"{line_prefix}{key}\n")

    def ssh_command(self) -> str:
        args = [TOOLS["ssh"], "-t", "-F", "/dev/null", "-p", str(self.port),
                "-i", str(self.home / "learner_key"), "-o", "IdentitiesOnly=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", f"{self.user}@127.0.0.1"]
        return "TERM=xterm-256color " + " ".join(shlex.quote(a) for a in args)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def terminal():
    term = Terminal(f"mfml-ssh-{os.getpid()}-{time.monotonic_ns()}")
    yield term
    term.kill()


def answer_first_question(terminal: Terminal) -> str:
    """As a learner: open the first lesson, go to its question, answer it, check, quit. Returns the answer."""
    terminal.wait_for("Start: Rise over run", timeout=40)
    terminal.keys("Enter")
    terminal.wait_for("Step 1/3")
    terminal.keys("n")
    terminal.wait_for("Step 2/3")
    terminal.keys("Right")
    pattern = re.compile(r"goes through \(0, (\d+)\) and \(1, (\d+)\)")
    c, c_plus_m = map(int, pattern.search(terminal.wait_for(pattern)).groups())
    answer = str(c_plus_m - c)
    terminal.keys("a")
    terminal.keys(answer, literal=True)
    terminal.wait_for(f"understood as  {answer}")
    terminal.keys("Enter")
    terminal.wait_for("Correct")
    terminal.keys("C-q")
    terminal.wait_until_dead(timeout=20)
    return answer


def attempts(database: Path) -> list[tuple]:
    with sqlite3.connect(database) as conn:
        return conn.execute("SELECT profile, lesson_id, quiz_id, answer, verdict FROM attempts").fetchall()


def test_forcecommand_lands_the_learner_in_the_tutor(tmp_path: Path, terminal: Terminal) -> None:
    data = tmp_path / "progress"
    block = recipe_block("sshd-forcecommand")
    config = (block.replace("Match Group mfml-learners", f"Match User {getpass.getuser()}")
              .replace("/opt/mfml-tui/bin/mfml-tui", str(MFML_TUI))
              .replace("SetEnv MFML_TUI_LESSONS=/srv/mfml-tui/lessons",
                       # only in the test: keep the progress file out of the account's real home
                       f"SetEnv MFML_TUI_LESSONS={LESSONS} MFML_TUI_DATA={data} TEXTUAL_ANIMATIONS=none"))
    assert str(MFML_TUI) in config and str(LESSONS) in config
    sshd = Sshd(tmp_path, config)
    sshd.authorize()
    try:
        terminal.start(sshd.ssh_command())
        answer = answer_first_question(terminal)
    finally:
        sshd.stop()
    user = getpass.getuser()
    assert attempts(data / "progress.sqlite3") == [(user, "t1-rise", "t1-rise-slope", answer, "correct")]


def test_shared_account_keys_give_each_learner_a_profile(tmp_path: Path, terminal: Terminal) -> None:
    data = tmp_path / "progress"
    line = recipe_block("authorized-keys").splitlines()[0]
    prefix = line[: line.index(" ssh-ed25519")].replace("/opt/mfml-tui/bin/mfml-tui", str(MFML_TUI)) + " "
    assert prefix.startswith('command="') and "--profile alice" in prefix
    sshd = Sshd(tmp_path, f"SetEnv MFML_TUI_LESSONS={LESSONS} MFML_TUI_DATA={data} TEXTUAL_ANIMATIONS=none")
    sshd.authorize(prefix)
    try:
        terminal.start(sshd.ssh_command())
        answer = answer_first_question(terminal)
    finally:
        sshd.stop()
    assert attempts(data / "progress.sqlite3") == [("alice", "t1-rise", "t1-rise-slope", answer, "correct")]
