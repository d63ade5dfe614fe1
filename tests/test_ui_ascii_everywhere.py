"""ASCII mode is complete: every screen, dialog and explorer the app draws in `--ascii` (or under `LANG=C`)
is printable ASCII, from the course map to the command palette's icon, tables, buttons and plot markers.

One pilot session walks the app (course map, help, settings, progress, reviews, the palette, a lesson with
a table, plots, a plot-choice quiz, a matrix quiz, an explorer inside it, the contents dialog, every
explorer kind at full size after a few keys, a notification, the too-small screen), and a second opens
the damaged-progress dialog. The real terminal is covered by a tmux run under `LANG=C` at the end.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from mfml_tui.progress.store import open_store, utcnow
from mfml_tui.ui.explorers import EXPLORERS
from tests.test_ui_support import (  # noqa: F401 — quiet_textual is an autouse fixture
    TEST_LESSONS,
    make_app,
    press,
    quiet_textual,
    ready,
    screen_text,
    wait_for,
    wait_text,
)

LESSON = '''+++
id = "t1-ascii"
title = "Pictures → symbols"
skills = ["gradient"]
minutes = 5
+++

## Level curves

| point | ∇f | |∇f| |
|---|---|---|
| (0, 0) | (0, 0) | 0 |
| (1, ½) | (2, 1) | √5 |

```plot
kind = "contour"
f = "x*exp(-(x^2 + y^2))"
x = [-2, 2]
y = [-2, 2]
levels = 9
arrows = "gradient"
stationary = true
title = "f = x·exp(−(x² + y²)) with ∇f arrows"
```

## Pick a graph

```quiz
id = "t1-ascii-pick"
kind = "choice"
ask = "Which graph is f′ for f(x) = x³ − 3x?"
choices = ["3*x^2 - 3", { text = "x^3 - 3*x", says = "That is f itself." }, "3*x^2"]
answer = "3*x^2 - 3"
show = "plots"
x = [-2, 2]
```

## A Jacobian

```quiz
id = "t1-ascii-matrix"
kind = "matrix"
ask = "u = 2x + y, v = x − 3y. Type the Jacobian ∂(u, v)/∂(x, y)."
answer = "jacobian([2*x + y, x - 3*y], [x, y])"
hint = "Row 1 is ∂u/∂x, ∂u/∂y."
solution = "J = [[2, 1], [1, −3]]"
```

## Walk downhill

```explore
kind = "descent"
```
'''

#: keys pressed in each explorer at full size before its screen is read (steps, a reveal, a menu)
KEYS = {
    "secant": ["down", "down", "c"],
    "taylor": ["plus", "plus", "f"],
    "newton": ["enter", "enter", "e", "i"],
    "descent": ["enter", "e", "m", "i"],
    "lagrange": ["enter", "right", "enter"],
    "chi2": ["right", "h", "g", "s"],
    "network": ["down", "right"],
    "backprop": ["n", "z"],
    "sandpit": ["enter", "right", "right", "enter", "w", "g"],
}


def not_ascii(text: str) -> list[str]:
    """The characters on screen that a plain ASCII terminal cannot show (lines end with \\n)."""
    return sorted({ch for ch in text if not (ch.isascii() and (ch.isprintable() or ch == "\n"))})


def assert_ascii(where: str, text: str) -> None:
    bad = not_ascii(text)
    lines = [line for line in text.splitlines() if set(line) & set(bad)]
    assert not bad, f"{where}: non-ASCII {bad}\n" + "\n".join(lines)


@pytest.fixture
def course(tmp_path: Path) -> Path:
    lessons = tmp_path / "lessons"
    shutil.copytree(TEST_LESSONS, lessons)
    (lessons / "1-slopes" / "03-ascii.md").write_text(LESSON, encoding="utf-8")
    return lessons


@pytest.fixture
def ascii_scrollbars(monkeypatch):
    from textual.scrollbar import ScrollBar

    from mfml_tui.ui.app import AsciiScrollBarRender

    monkeypatch.setattr(ScrollBar, "renderer", AsciiScrollBarRender)  # what `TutorApp.run` does


def seed_progress(db: Path) -> None:
    """Answers to show on the progress screen, and a missed question due for review."""
    with open_store(db, "tester") as store:
        an_hour_ago = utcnow() - timedelta(hours=1)
        store.record_attempt("t1-rise", "t1-rise-slope", 1, "3", False, at=an_hour_ago)
        store.record_attempt("t1-practice", "t1-practice-shape", 2, "0", True, at=an_hour_ago)


@pytest.mark.slow
async def test_every_screen_dialog_and_explorer_is_ascii(tmp_path, course, ascii_scrollbars):
    seed_progress(tmp_path / "progress.sqlite3")
    app = make_app(tmp_path, lessons=course, ascii_only=True)
    seen: list[str] = []

    async def look(where: str, pause: float = 0.1) -> str:
        await pilot.pause(pause)
        text = screen_text(app)
        assert_ascii(where, text)
        seen.append(where)
        return text

    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await look("course map")
        await press(pilot, "question_mark")
        await look("help on the course map")
        await press(pilot, "question_mark", "s")
        await look("settings")
        await press(pilot, "escape", "g")
        await look("progress")
        await press(pilot, "escape", "r")
        await look("reviews")
        await press(pilot, "a")
        await look("reviews, answering")
        await press(pilot, "escape", "escape")
        await wait_for(pilot, lambda: len(app.screen_stack) == 1, what="the course map")
        await press(pilot, "ctrl+p")
        text = await look("command palette")
        assert "Search for commands..." in text
        await press(pilot, "e", "x", "p")
        text = await look("command palette, searching")
        assert "Secant -> tangent" in text
        await press(pilot, "escape")

        app.open_lesson("t1-ascii")
        await wait_text(pilot, "Step 1/4")
        text = await look("lesson: a table and a contour plot", 0.5)
        assert "+--" in text  # the table's grid in ASCII
        app.screen.query_one("SpecPlot").scroll_visible(animate=False)
        await look("lesson: the contour plot", 0.5)
        await press(pilot, "t")
        await look("contents dialog")
        await press(pilot, "escape", "right")
        await wait_text(pilot, "Step 2/4")
        await look("lesson: a plot-choice question", 0.8)
        await press(pilot, "a", "2", "enter")
        await look("lesson: a plot-choice question answered wrongly", 0.5)
        await press(pilot, "escape", "right")
        await wait_text(pilot, "Step 3/4")
        await press(pilot, "a", *"[[2,1],[1,3]]", "enter")
        await look("lesson: a matrix question answered wrongly", 0.5)
        await press(pilot, "ctrl+t", "ctrl+o")
        await wait_text(pilot, "Solution")
        await look("lesson: hint and solution", 0.5)
        if app.screen.focused is not None and app.screen.focused.__class__.__name__ != "LessonScreen":
            await press(pilot, "escape")  # leave the answer box
        await press(pilot, "right")
        await wait_text(pilot, "Step 4/4")
        await press(pilot, "e", "enter", "enter")
        await look("lesson: the descent explorer in the lesson", 0.5)
        await press(pilot, "escape", "question_mark")
        await look("help in a lesson")
        await press(pilot, "question_mark")
        app.notify("Saved “Pictures → symbols” — well done…", title="Done ✓")
        await look("a notification")
        app.go_home()

        for kind in EXPLORERS:
            app.open_explorer(kind)
            await look(f"explorer {kind}", 0.2)
            keys = KEYS.get(kind, ["enter", "enter", "e"])  # a new kind: step it
            for key in keys:
                await press(pilot, key)
            await look(f"explorer {kind} after {' '.join(keys)}", 0.2)
            await press(pilot, "question_mark")
            await look(f"explorer {kind} with help")
            await press(pilot, "question_mark", "escape")
            await wait_for(pilot, lambda: len(app.screen_stack) == 1, what="the course map")

        await pilot.resize_terminal(60, 16)
        text = await look("too small", 0.5)
        assert "80x24" in text
    assert len(seen) == 19 + 3 * len(EXPLORERS)


async def test_the_damaged_progress_dialog_is_ascii(tmp_path, ascii_scrollbars):
    from tests.test_ui_robust import damaged_page

    damaged_page(tmp_path / "progress.sqlite3")
    app = make_app(tmp_path, ascii_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_text(pilot, "damaged")
        await pilot.pause(0.3)
        assert_ascii("damaged progress dialog", screen_text(app))


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_a_real_terminal_under_lang_c_shows_only_ascii(tmp_path, course):
    """`LANG=C mfml-tui` in a real terminal (no --ascii): the map, the palette, a lesson with its table
    and plot, an explorer and the settings dialog come out as plain ASCII."""
    from tests.terminal import Terminal

    term = Terminal(f"mfml-ascii-{os.getpid()}-{time.monotonic_ns()}")
    script = Path(sys.executable).parent / "mfml-tui"
    program = [str(script)] if script.exists() else [sys.executable, "-m", "mfml_tui"]
    command = " ".join(shlex.quote(a) for a in [
        *program, "--lessons", str(course), "--data-dir", str(tmp_path / "data"), "--profile", "e2e",
    ])
    env = ("unset LC_ALL LC_CTYPE MFML_TUI_ASCII; "
           f"LANG=C TERM=xterm-256color TEXTUAL_ANIMATIONS=none exec {command}")
    cmd = f"sh -c {shlex.quote(env)}"
    term.start(cmd)
    try:
        screens = [term.wait_for("Continue", timeout=60)]
        term.keys("C-p")
        screens.append(term.wait_for("Search for commands...", timeout=20))
        term.keys("secant", literal=True)
        screens.append(term.wait_for("Secant -> tangent", timeout=20))
        term.keys("Enter")
        screens.append(term.wait_for("smaller h", timeout=30))
        term.keys("Down", "Down", "Escape")
        term.wait_for("Continue", timeout=20)
        term.keys("s")
        screens.append(term.wait_for("Plot markers", timeout=20))
        term.keys("Escape")
        term.wait_for("Continue", timeout=20)
        term.keys("C-p")
        term.wait_for("Search for commands...", timeout=20)
        term.keys("Pictures", literal=True)
        term.wait_for("Pictures -> symbols", timeout=20)
        term.keys("Enter")
        screens.append(term.wait_for("Step 1/4", timeout=30))
        for i, screen in enumerate(screens):
            assert_ascii(f"tmux screen {i}", screen)
    finally:
        term.kill()


def test_every_glyph_the_app_or_a_lesson_can_show_has_an_ascii_stand_in():
    """`?` is ASCII, so the screens above would pass with it: every non-ASCII character in the app's
    code and the bundled lessons must transliterate to something real (a sparkline's ▁▂▃ to `_.-`, ∥ to
    `||`, the sandpit's ☎ to `P`), never to `?`."""
    from mfml_tui.ui.ascii import asciify

    root = Path(__file__).resolve().parents[1]
    files = [*(root / "mfml_tui").rglob("*.py"), *(root / "lessons").rglob("*.md")]
    unknown = {ch: path.name for path in files for ch in set(path.read_text(encoding="utf-8"))
               if not ch.isascii() and "?" in asciify(ch)}
    assert not unknown, {f"{ch} (U+{ord(ch):04X})": where for ch, where in unknown.items()}


def test_a_side_panel_keeps_maths_runs_together_in_ascii():
    """Explorer side panels are converted cell for cell (`asciify_grid`) to keep their columns: a run
    like w⁽¹⁾₀₀ or λ∇g is still read as one (not `w^(()^1^())00`, `lambdagradg`)."""
    from mfml_tui.ui.ascii import asciify_grid

    out = asciify_grid(["w⁽¹⁾₀₀  10.00 ███▌░░\n", "∇f = λ∇g  ▁▃▇"])
    assert out[0] == "w^(1)00 10.00 ###:..\n"
    assert out[1].startswith("grad f = lambda grad g") and out[1].endswith("_-#")
