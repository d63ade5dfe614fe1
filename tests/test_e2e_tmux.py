"""End to end: the real `mfml-tui` command in a real terminal (tmux, 80×24). Open a lesson from the course
map, answer its question, check it, quit, and find the attempt in the SQLite file.

The app draws on stderr, so its stderr is never redirected (the pane would stay blank). A private tmux
socket keeps the test away from any other tmux the developer runs.
"""

from __future__ import annotations

import os
import re
import shlex
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.terminal import TMUX, Terminal

ROOT = Path(__file__).parent.parent
LESSONS = ROOT / "tests" / "data" / "lessons"

pytestmark = pytest.mark.skipif(TMUX is None,
                                reason="tmux is not installed (CI installs it: apt-get install tmux)")


@pytest.fixture
def terminal():
    term = Terminal(f"mfml-e2e-{os.getpid()}-{time.monotonic_ns()}")
    yield term
    term.kill()


def test_answer_a_question_in_a_real_terminal(terminal: Terminal, tmp_path: Path) -> None:
    data = tmp_path / "data"
    script = Path(sys.executable).parent / "mfml-tui"  # the installed console script, as a learner runs it
    program = [str(script)] if script.exists() else [sys.executable, "-m", "mfml_tui"]
    command = " ".join(shlex.quote(a) for a in [
        *program, "--lessons", str(LESSONS), "--data-dir", str(data), "--profile", "e2e",
    ])
    env = f"cd {shlex.quote(str(ROOT))} && TERM=xterm-256color TEXTUAL_ANIMATIONS=none exec {command}"
    terminal.start(f"sh -c {shlex.quote(env)}")
    terminal.wait_for("Week 1  Slopes")
    terminal.wait_for("Start: Rise over run")
    terminal.keys("Enter")  # open the highlighted lesson
    terminal.wait_for("Step 1/3")
    terminal.keys("n")
    terminal.wait_for("Step 2/3")
    terminal.keys("Right")
    screen = terminal.wait_for(re.compile(r"goes through \(0, (\d+)\) and \(1, (\d+)\)"))
    c, c_plus_m = map(int, re.search(r"goes through \(0, (\d+)\) and \(1, (\d+)\)", screen).groups())
    terminal.keys("a")  # to the answer box
    terminal.wait_for("^t Hint")  # the footer shows the question's keys: the box has focus
    terminal.keys(str(c_plus_m - c), literal=True)
    terminal.wait_for(f"understood as  {c_plus_m - c}")
    terminal.keys("Enter")
    terminal.wait_for("Correct")
    terminal.keys("C-q")
    terminal.wait_until_dead()

    with sqlite3.connect(data / "progress.sqlite3") as conn:
        rows = conn.execute(
            "SELECT profile, lesson_id, quiz_id, answer, verdict, hints FROM attempts").fetchall()
        position = conn.execute("SELECT lesson_id, step FROM positions WHERE profile = 'e2e'").fetchall()
    assert rows == [("e2e", "t1-rise", "t1-rise-slope", str(c_plus_m - c), "correct", 0)]
    assert position == [("t1-rise", 2)]


def test_a_verdict_on_screen_survives_kill_9(terminal: Terminal, tmp_path: Path) -> None:
    """`Tutor.check` commits before the card paints: SIGKILL the real app the moment "✓ Correct" is
    visible, and the attempt is in the file (read back with `mfml-tui progress --json`).

    To make the race certain rather than likely, another writer (a second terminal of the same learner)
    holds the file's write lock for 1.5 s while Enter is pressed: a verdict painted before its write
    would be on screen, and killed, long before the write could happen."""
    import json
    import signal
    import subprocess
    import threading

    data = tmp_path / "data"
    pid_file = tmp_path / "pid"
    script = Path(sys.executable).parent / "mfml-tui"
    program = [str(script)] if script.exists() else [sys.executable, "-m", "mfml_tui"]
    common = ["--lessons", str(LESSONS), "--data-dir", str(data), "--profile", "e2e"]
    command = " ".join(shlex.quote(a) for a in [*program, "lesson", "t1-rise", *common])
    env = (f"cd {shlex.quote(str(ROOT))} && echo $$ > {shlex.quote(str(pid_file))} && "
           f"TERM=xterm-256color TEXTUAL_ANIMATIONS=none exec {command}")
    terminal.start(f"sh -c {shlex.quote(env)}")
    terminal.wait_for("Step 1/3")
    terminal.keys("n")
    terminal.wait_for("Step 2/3")
    terminal.keys("n")
    pattern = re.compile(r"goes through \(0, (\d+)\) and \(1, (\d+)\)")
    c, c_plus_m = map(int, pattern.search(terminal.wait_for(pattern)).groups())
    terminal.keys("a")
    terminal.wait_for("^t Hint")
    terminal.keys(str(c_plus_m - c), literal=True)
    terminal.wait_for(f"understood as  {c_plus_m - c}")
    other = sqlite3.connect(data / "progress.sqlite3", isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # the other terminal's write, in progress
    release = threading.Timer(1.5, lambda: other.execute("COMMIT"))
    release.start()
    try:
        terminal.keys("Enter")
        terminal.wait_for("✓ Correct", timeout=10)
        os.kill(int(pid_file.read_text()), signal.SIGKILL)  # no clean-up, no exit handlers
    finally:
        release.join()
        other.close()
    terminal.wait_until_dead()

    out = subprocess.run([*program, "progress", "--json", *common], capture_output=True, text=True,
                         timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    attempts = json.loads(out.stdout)["profiles"]["e2e"]["attempts"]
    assert [(a["quiz_id"], a["answer"], a["verdict"]) for a in attempts] == [
        ("t1-rise-slope", str(c_plus_m - c), "correct")]


# ------------------------------------------------------------------------------------------- issue 14
def _program() -> list[str]:
    script = Path(sys.executable).parent / "mfml-tui"
    return [str(script)] if script.exists() else [sys.executable, "-m", "mfml_tui"]


def _tutor(terminal: Terminal, data: Path, lessons: Path = LESSONS, profile: str = "e2e",
           wrap: Callable[[str], str] = lambda command: command) -> None:
    """The real command in the pane; its exit status is printed after it (so a crash is visible)."""
    command = wrap(" ".join(shlex.quote(a) for a in [
        *_program(), "--lessons", str(lessons), "--data-dir", str(data), "--profile", profile,
    ]))
    status = shlex.quote(str(data.parent / "exit-status"))
    env = (f"cd {shlex.quote(str(ROOT))} && TERM=xterm-256color TEXTUAL_ANIMATIONS=none {command}; "
           f"echo $? > {status}")
    terminal.start(f"sh -c {shlex.quote(env)}")


def _ended(terminal: Terminal, data: Path) -> tuple[int, str]:
    """(exit status, everything the pane printed, scrollback included): tracebacks go there. The status
    is written by the shell to a file (tmux's #{pane_dead_status} is sometimes still empty under load)."""
    terminal.wait_until_dead()
    status = (data.parent / "exit-status").read_text().strip()
    return int(status), terminal.tmux("capture-pane", "-p", "-t", "e2e", "-S", "-2000")


def _sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_damaged_page_asks_and_enter_quits_leaving_it_alone(terminal: Terminal, tmp_path: Path) -> None:
    from tests.test_ui_robust import damaged_page

    data = tmp_path / "data"
    data.mkdir()
    db = data / "progress.sqlite3"
    damaged_page(db)
    before = _sha(db)
    _tutor(terminal, data, profile="tester")
    terminal.wait_for("cannot be opened")
    screen = terminal.wait_for("Quit (q)")
    assert "damaged" in screen and "Loading the lessons" not in screen
    terminal.keys("Enter")  # the focused button is Quit: nothing is moved
    status, screen = _ended(terminal, data)
    assert status == 2 and "left as it is" in screen and "Traceback" not in screen
    assert _sha(db) == before
    assert sorted(p.name for p in data.iterdir() if "damaged" in p.name) == []


def test_a_locked_file_is_in_use_and_nothing_moves(terminal: Terminal, tmp_path: Path) -> None:
    from mfml_tui.progress.store import open_store

    data = tmp_path / "data"
    db = data / "progress.sqlite3"
    with open_store(db, "e2e") as store:
        store.set_setting("theme", "nord")
    before = _sha(db)
    holder = sqlite3.connect(db, isolation_level=None)  # another program holds it
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        _tutor(terminal, data)
        screen = terminal.wait_for("Your progress file is in use")
        assert "damaged" not in screen.replace("not damaged", "") and "Move aside" not in screen
        terminal.keys("m")  # nothing to move aside: ignored
        terminal.keys("Enter")  # Try again (the default): still locked, asked again
        time.sleep(1.5)
        terminal.wait_for("Your progress file is in use")
        assert _sha(db) == before and not list(data.glob("*.damaged-*"))
        terminal.keys("n")  # go on without saving
        terminal.wait_for("Week 1  Slopes")
        terminal.keys("C-q")
        status, screen = _ended(terminal, data)
        assert status == 0 and "Traceback" not in screen
    finally:
        holder.close()
    assert _sha(db) == before and not list(data.glob("*.damaged-*"))


@pytest.mark.parametrize("keys", [("Enter", "C-q"), ("q", "s"), ("Enter", "q", "t"), ("Enter", "n", "C-q"),
                                  ("Enter", "Enter", "n", "b", "Enter", "n", "q")])
def test_keys_typed_ahead_of_quitting_never_crash(terminal: Terminal, tmp_path: Path, keys) -> None:
    _tutor(terminal, tmp_path / "data")
    terminal.wait_for("Start: Rise over run")
    terminal.keys(*keys)  # one send-keys: the keys arrive together, as typed ahead over SSH
    if keys[-1] not in ("q", "C-q"):
        terminal.keys("C-q")
    status, screen = _ended(terminal, tmp_path / "data")
    assert status == 0, screen
    assert "Traceback" not in screen and "Error" not in screen


def _read_only(folder: Path) -> Callable[[str], str] | None:
    """A wrapper that runs a shell command with `folder` unwritable to it, or None where that cannot be
    done here. chmod does not stop root, so as root the folder is bind-mounted read-only in a private
    mount namespace (`unshare -m`); as anyone else, chmod does it."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        for child in folder.iterdir():
            child.chmod(0o444)
        return lambda command: command
    import shutil
    import subprocess

    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return None
    quoted = shlex.quote(str(folder))

    def wrap(command: str) -> str:
        inner = f"mount --bind {quoted} {quoted} && mount -o remount,bind,ro {quoted} && exec {command}"
        return f"unshare -m sh -c {shlex.quote(inner)}"

    probe = subprocess.run(["sh", "-c", wrap(f"sh -c {shlex.quote(f'! touch {quoted}/.probe')}")],
                           capture_output=True, timeout=20)
    return wrap if probe.returncode == 0 and not (folder / ".probe").exists() else None


def test_an_unwritable_file_is_said_so_never_damaged_and_nothing_changes(terminal: Terminal, tmp_path: Path):
    """The real app and the progress commands on a healthy file this account may not write."""
    import subprocess

    from mfml_tui.progress.store import open_store

    data = tmp_path / "data"
    with open_store(data / "progress.sqlite3", "e2e") as store:
        store.record_attempt("t1-rise", "t1-rise-slope", 1, "2", True)
    db = data / "progress.sqlite3"
    before = sorted((p.name, _sha(p)) for p in data.iterdir())
    wrap = _read_only(data)
    if wrap is None:
        pytest.skip("cannot make a folder unwritable here (root without unshare/mount rights)")
    _tutor(terminal, data, wrap=wrap)
    screen = terminal.wait_for("Your progress file cannot be written", timeout=30)
    assert "damaged" not in screen.replace("not damaged", "") and "Move aside" not in screen
    assert "Loading the lessons" not in screen
    terminal.keys("m")  # nothing to move aside: ignored
    terminal.keys("Enter")  # the focused button is Quit: nothing is changed
    status, screen = _ended(terminal, data)
    assert status == 2 and "left as it is" in screen and "Traceback" not in screen
    export = tmp_path / "export.json"
    export.write_text('{"format": "mfml-tui-progress", "version": 1, "profiles": {}}')
    for command in (["progress", "--import", str(export)], ["reset", "--yes"]):  # these would write
        line = " ".join(shlex.quote(a) for a in [*_program(), *command, "--data-dir", str(data),
                                                  "--profile", "e2e", "--lessons", str(LESSONS)])
        done = subprocess.run(["sh", "-c", wrap(line)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert done.stderr.startswith("error: cannot write") and "damaged" not in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    assert sorted((p.name, _sha(p)) for p in data.iterdir()) == before and db.exists()


def test_progress_of_a_healthy_file_in_a_read_only_folder_is_shown(tmp_path: Path):
    """`mfml-tui progress` and its JSON export only look: in a folder this account may not write they show
    the learner's progress (SQLite's read-only, then immutable, mode) instead of "cannot write", and
    not one byte of the folder changes. Commands that write still say they cannot."""
    import json
    import subprocess

    from mfml_tui.progress.store import open_store

    data = tmp_path / "data"
    with open_store(data / "progress.sqlite3", "e2e") as store:
        store.record_attempt("t1-rise", "t1-rise-slope", 1, "2", True)
        store.record_attempt("t1-rise", "t1-rise-slope", 2, "7", False)
    before = sorted((p.name, _sha(p)) for p in data.iterdir())
    wrap = _read_only(data)
    if wrap is None:
        pytest.skip("cannot make a folder unwritable here (root without unshare/mount rights)")

    def run(*command: str) -> subprocess.CompletedProcess:
        line = " ".join(shlex.quote(a) for a in [*_program(), *command, "--data-dir", str(data),
                                                  "--profile", "e2e", "--lessons", str(LESSONS)])
        return subprocess.run(["sh", "-c", wrap(line)], capture_output=True, text=True, timeout=60)

    shown = run("progress")
    assert shown.returncode == 0 and not shown.stderr, shown.stderr
    assert "Progress of e2e: 2 attempts, 50% correct" in shown.stdout
    assert "t1-rise/t1-rise-slope seed 2: '7'" in shown.stdout
    exported = run("progress", "--json")
    assert exported.returncode == 0, exported.stderr
    attempts = json.loads(exported.stdout)["profiles"]["e2e"]["attempts"]
    assert sorted((a["seed"], a["answer"], a["verdict"]) for a in attempts) == [(1, "2", "correct"),
                                                                                (2, "7", "incorrect")]
    refused = run("reset", "--yes")
    assert refused.returncode == 2 and refused.stderr.startswith("error: cannot write"), refused.stderr
    assert sorted((p.name, _sha(p)) for p in data.iterdir()) == before
