"""Start-up stays quick because the first screen does not need the heavy modules: import the app and
paint the course map in a fresh interpreter, then look at `sys.modules` (the harlequin habit)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_ui_support import TEST_LESSONS, one_lesson_course

HEAVY = ["numpy", "plotext", "textual_plotext", "textual.widgets._markdown", "mfml_tui.engine",
         "mfml_tui.quiz.question", "mfml_tui.quiz.grading", "mfml_tui.plots", "pygments"]

PROBE = r"""
import asyncio, json, sys
from pathlib import Path
from mfml_tui.ui.app import build_app

async def main():
    app = build_app(Path(sys.argv[1]), Path(sys.argv[2]) / "p.sqlite3", "probe",
                    warm_up=False, autoload=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        painted = "\n".join(s.text for s in app.screen._compositor.render_strips())
        before = sorted(m for m in json.loads(sys.argv[3]) if m in sys.modules)
        app.load_course()
        for _ in range(500):
            if app.course_ready:
                break
            await asyncio.sleep(0.01)
        await pilot.pause()
        after = "\n".join(s.text for s in app.screen._compositor.render_strips())
    print(json.dumps({"before": before, "painted": painted, "after": after, "ready": app.course_ready}))

asyncio.run(asyncio.wait_for(main(), 60))
"""


def test_course_map_paints_without_numpy_plotext_or_markdown(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(TEST_LESSONS), str(tmp_path), json.dumps(HEAVY)],
        capture_output=True, text=True, timeout=120, cwd=Path(__file__).parent.parent,
        env={"PATH": "/usr/bin:/bin", "TEXTUAL_ANIMATIONS": "none", "OPENBLAS_NUM_THREADS": "1",
             "MFML_TUI_CACHE": str(tmp_path / "cache")},
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["before"] == [], f"heavy modules on the start-up path: {result['before']}"
    assert "mfml-tui" in result["painted"] and "Loading the lessons" in result["painted"]
    # …and the lessons arrive a moment later, off the UI thread.
    assert result["ready"] and "Week 1  Slopes" in result["after"]


def test_app_module_import_is_light() -> None:
    code = ("import sys, json; import mfml_tui.ui.app, mfml_tui.commands.app_cmd; "
            f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=Path(__file__).parent.parent)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == []


CACHED_PROBE = r"""
import asyncio, json, sys
from pathlib import Path
from mfml_tui.ui.app import build_app

async def main():
    app = build_app(Path(sys.argv[1]), Path(sys.argv[2]) / "p.sqlite3", "probe", warm_up=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        painted = "\n".join(s.text for s in app.screen._compositor.render_strips())
        heavy = sorted(m for m in json.loads(sys.argv[3]) if m in sys.modules)
    print(json.dumps({"heavy": heavy, "painted": painted}))

asyncio.run(asyncio.wait_for(main(), 60))
"""


def _run_probe(probe: str, course: Path, tmp_path: Path, heavy: list[str]) -> dict:
    """Run `probe` in a fresh interpreter on `course`, its course cache filled first (as on every launch
    but the first); its last line of output, read as JSON."""
    env = {"PATH": "/usr/bin:/bin", "TEXTUAL_ANIMATIONS": "none", "OPENBLAS_NUM_THREADS": "1",
           "MFML_TUI_CACHE": str(tmp_path / "cache")}
    load = "from mfml_tui.course import load; import sys; load(sys.argv[1])"
    subprocess.run([sys.executable, "-c", load, str(course)], check=True, timeout=120, env=env,
                   cwd=Path(__file__).parent.parent)
    out = subprocess.run(
        [sys.executable, "-c", probe, str(course), str(tmp_path), json.dumps(heavy)],
        capture_output=True, text=True, timeout=120, cwd=Path(__file__).parent.parent, env=env,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_cached_course_is_listed_in_the_first_paint_without_heavy_modules(tmp_path: Path) -> None:
    result = _run_probe(CACHED_PROBE, TEST_LESSONS, tmp_path, HEAVY)
    assert result["heavy"] == [], f"heavy modules on the start-up path: {result['heavy']}"
    assert "Week 1  Slopes" in result["painted"] and "Loading the lessons" not in result["painted"]


async def test_the_warm_up_waits_for_the_first_screen(tmp_path: Path, monkeypatch) -> None:
    """The warm-up (a thread importing numpy, plotext and the lesson screen) started 0.2 s after the course
    was ready, whether or not the first screen was out: on a busy machine it took the GIL from the start-up
    before the lessons were listed. It now starts from the first screen sent (here held longer, as a slow
    start-up would)."""
    import asyncio

    from textual._compositor import CompositorUpdate

    from mfml_tui.ui.app import TutorApp, build_app

    hold = TutorApp._hold_first_paint
    monkeypatch.setattr(TutorApp, "_hold_first_paint", lambda self: hold(self, hops=10_000, longest=0.6))
    monkeypatch.setenv("MFML_TUI_CACHE", str(tmp_path / "cache"))
    from mfml_tui.course import load

    load(TEST_LESSONS)  # cached: the course is ready at mount, as on every launch but the first
    app = build_app(TEST_LESSONS, tmp_path / "p.sqlite3", "probe", warm_up=True)
    frames: list[bool] = []  # one per frame sent: whether it listed the lessons
    warmed: list[int] = []  # how many frames had been sent when the warm-up began
    shown = app._display

    def spy(screen, renderable) -> None:
        if isinstance(renderable, CompositorUpdate) and not app._batch_count:
            frames.append(app.course_ready)
        shown(screen, renderable)

    app._display = spy
    app.warm_up = lambda: warmed.append(len(frames))  # recorded, not run: no imports in this test
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):
            if warmed:
                break
            await asyncio.sleep(0.01)
        await pilot.pause()
    assert warmed, "the warm-up never started"
    assert warmed[0] >= 1 and frames[0], f"the warm-up began before the first screen ({warmed}, {frames})"


# `mfml-tui lesson ID`: the lesson screen imported the explorers (numpy, the engine) and the plots (plotext)
# with itself, ≈0.5 s before a first step of text could be painted; and while the first paint was held the
# next step was built (and those imports made) before step 1 went out.
LESSON_HEAVY = ["numpy", "plotext", "textual_plotext", "mfml_tui.engine", "mfml_tui.explore",
                "mfml_tui.plots", "mfml_tui.ui.explorers", "mfml_tui.ui.widgets.plot",
                "mfml_tui.quiz.question", "mfml_tui.quiz.grading", "pygments", "_hashlib",
                "textual._slug", "mfml_tui.ui.widgets.quiz", "mfml_tui.ui.widgets.choices",
                "mfml_tui.quiz.kinds"]

TEXT_FIRST_LESSON = '''+++
id = "s1-text-first"
title = "Text first"
+++

# Text first

## Reading

A first step of words only: the slope of a line is its rise over its run.

## Looking

```plot
kind = "function"
f = "x^2"
x = [-2, 2]
```

```explore
kind = "secant"
f = "x^2"
x0 = 1
```

```quiz
id = "s1-slope"
kind = "number"
ask = "What is the gradient of y = {m}x?"
params = { m = "int 2..9" }
answer = "m"
```
'''

LESSON_PROBE = r"""
import asyncio, json, sys
from pathlib import Path
from textual._compositor import CompositorUpdate
from mfml_tui.ui.app import TutorApp, build_app

hold = TutorApp._hold_first_paint  # held longer, as on a busy machine: step 1 is built while it is held
TutorApp._hold_first_paint = lambda self: hold(self, hops=10_000, longest=0.6, latest=0.6)

async def main():
    heavy = json.loads(sys.argv[3])
    app = build_app(Path(sys.argv[1]), Path(sys.argv[2]) / "p.sqlite3", "probe", warm_up=False,
                    start_lesson="s1-text-first")
    seen = {}
    shown = app._display

    def spy(screen, renderable):  # the first frame sent with step 1 on it: what is imported by then
        shown(screen, renderable)
        if (not seen and isinstance(renderable, CompositorUpdate) and not app._batch_count
                and getattr(screen, "shown_step", None) == 0):
            seen["heavy"] = sorted(m for m in heavy if m in sys.modules)
            seen["painted"] = "\n".join(s.text for s in screen._compositor.render_strips())

    app._display = spy
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(1000):
            if seen:
                break
            await asyncio.sleep(0.01)
        await pilot.press("n")  # the next step imports them when it is shown, and works
        for _ in range(1000):
            text = "\n".join(s.text for s in app.screen._compositor.render_strips())
            if "Step 2/2" in text and "secant" in text:
                break
            await asyncio.sleep(0.01)
        after = sorted(m for m in heavy if m in sys.modules)
    print(json.dumps(seen | {"after": after, "next": text}))

asyncio.run(asyncio.wait_for(main(), 60))
"""


def test_lesson_id_paints_a_first_step_of_text_without_numpy_or_plotext(tmp_path: Path) -> None:
    course = one_lesson_course(tmp_path, TEXT_FIRST_LESSON, "01-text-first.md")
    result = _run_probe(LESSON_PROBE, course, tmp_path, LESSON_HEAVY)
    assert "Step 1/2" in result["painted"] and "rise over its run" in result["painted"]
    assert result["heavy"] == [], f"heavy modules before step 1 is painted: {result['heavy']}"
    # …and step 2's plot, explorer and question are there when it is shown.
    assert "Step 2/2" in result["next"] and "Secant → tangent" in result["next"], result["next"]
    assert {"numpy", "plotext", "mfml_tui.ui.explorers"} <= set(result["after"])


async def test_the_first_frame_sent_after_the_hold_is_the_whole_screen(tmp_path: Path, monkeypatch) -> None:
    """A frame made while the first paint is held is never sent, yet the compositor counts it as shown: the
    first frame sent had only what changed since (`lesson ID`: no `Step 1/2`, no keys, until a layout
    ≈0.1 s later, which is what a terminal waited for)."""
    from textual._compositor import CompositorUpdate

    from mfml_tui.ui.app import TutorApp
    from tests.test_ui_support import make_app

    course = one_lesson_course(tmp_path, TEXT_FIRST_LESSON, "01-text-first.md")
    hold = TutorApp._hold_first_paint  # held until step 1 is built: the step is painted while held
    monkeypatch.setattr(TutorApp, "_hold_first_paint",
                        lambda self: hold(self, hops=10_000, longest=1.0, latest=1.0))
    app = make_app(tmp_path, lessons=course, start_lesson="s1-text-first")
    sent: list[tuple[str, str]] = []  # (screen, output) of the frames sent
    shown = app._display

    def spy(screen, renderable) -> None:
        shown(screen, renderable)
        if isinstance(renderable, CompositorUpdate) and not app._batch_count:
            sent.append((type(screen).__name__, renderable.render_segments(app.console)))

    app._display = spy
    async with app.run_test(size=(80, 24)):
        for _ in range(500):
            await asyncio.sleep(0.01)  # (not `pilot.pause`, which would make a frame itself)
            if sent:
                break
    assert sent, "nothing was sent"
    screen, first = sent[0]
    if screen != "LessonScreen":  # too busy a machine: the course still loading at the hold's end
        pytest.skip("the hold ended on the course map (load), not on the lesson")
    assert all(text in first for text in ("Step 1/2", "rise over its run", "Course map")), first


def test_lesson_id_paints_text_parsed_at_an_earlier_launch_without_markdown_it(tmp_path: Path) -> None:
    """markdown_it and linkify-it (≈90 ms of CPU) only for a text never seen: the tokens of step 1's text
    are read from their record (ui/widgets/prose_tokens.py), and the step looks the same."""
    course = one_lesson_course(tmp_path, TEXT_FIRST_LESSON.replace(
        "its rise over its run.", "its *rise* over its `run`: see www.example.com."), "01-text-first.md")
    parser = ["markdown_it", "linkify_it"]
    first = _run_probe(LESSON_PROBE, course, tmp_path, LESSON_HEAVY + parser)
    assert first["heavy"] == sorted(parser)  # the first launch ever parses the text
    later = tmp_path / "later"  # a new learner (step 1 again), the same cache
    later.mkdir()
    (later / "cache").symlink_to(tmp_path / "cache")
    again = _run_probe(LESSON_PROBE, course, later, LESSON_HEAVY + parser)
    painted = again["painted"]
    assert "Step 1/2" in painted and "its run: see" in painted and "www.example.com." in painted, painted
    assert again["heavy"] == [], f"heavy modules before step 1 is painted: {again['heavy']}"
    assert again["painted"] == first["painted"]
    assert "Step 2/2" in again["next"] and "Secant → tangent" in again["next"], again["next"]


async def test_lesson_id_paints_step_one_before_making_the_course_map_under_it(tmp_path: Path,
                                                                              monkeypatch) -> None:
    """`mfml-tui lesson ID` composed and styled the course map's widgets under the lesson (and parsed the CSS
    of Textual's button and list: ≈0.1 s of CPU in all) before the lesson's first step was painted. Now the
    map is made when the learner goes back (or a moment later); unless the lesson must wait (the course
    not cached yet), when the map says it is loading, as before."""
    from textual._compositor import CompositorUpdate

    from mfml_tui.course import load
    from mfml_tui.ui.screens import home as home_module
    from tests.test_ui_support import make_app, press, wait_for, wait_text

    monkeypatch.setattr(home_module, "MAP_UNDER_A_LESSON", 60.0)  # the learner goes back before that
    monkeypatch.setenv("MFML_TUI_CACHE", str(tmp_path / "cache"))
    load(TEST_LESSONS)  # cached: the lesson opens at mount, as on every launch but the first
    app = make_app(tmp_path, start_lesson="t1-rise")
    seen: dict = {}
    shown = app._display

    def spy(screen, renderable) -> None:  # the first frame sent with step 1 on it
        shown(screen, renderable)
        if (not seen and isinstance(renderable, CompositorUpdate) and not app._batch_count
                and getattr(screen, "shown_step", None) == 0):
            seen["map widgets"] = [type(w).__name__ for w in app.screen_stack[0].walk_children()
                                   if not w.has_class("-textual-system")]
            seen["css"] = sorted(name for _path, name in app.stylesheet.source
                                 if name.startswith(("Button.", "OptionList.")))

    app._display = spy
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: seen, what="step 1 painted")
        assert seen["map widgets"] == [], f"the course map was made under step 1: {seen['map widgets']}"
        assert seen["css"] == [], f"CSS parsed for widgets not on screen: {seen['css']}"
        await press(pilot, "b")  # back: the map is made now, its cursor on the lesson, focused
        text = await wait_text(pilot, "Week 1  Slopes")
        assert "Rise over run" in text and "Continue" in text and "Quit" in text
        the_map = app.screen.query_one("#map")
        assert the_map.highlighted_option.id == "lesson:t1-rise" and app.screen.focused is the_map

    monkeypatch.setenv("MFML_TUI_CACHE", "off")  # the course loads first: the map is there meanwhile
    app = make_app(tmp_path / "cold", start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen_stack[0].query("#map"), "no course map while the lessons load"
        await wait_text(pilot, "Step 1/")
        await press(pilot, "b")
        assert "Week 1  Slopes" in await wait_text(pilot, "Week 1  Slopes")


# The real launch (`cli.main`, the app's own `run`) to the first frame listing the lessons, headless: what is
# imported by then, and what the probe's counters saw (sys.argv[3]: a JSON list of counters to install).
LAUNCH_PROBE = r"""
import json, sys
from textual._compositor import CompositorUpdate
from mfml_tui.ui.app import TutorApp
from mfml_tui import cli

seen = {}
run, display = TutorApp.run, TutorApp._display

def headless_run(self, **kwargs):  # no terminal here
    return run(self, headless=True, size=(80, 24), **kwargs)

def spy(self, screen, renderable):  # the first frame with the lessons listed
    display(self, screen, renderable)
    if (not seen and isinstance(renderable, CompositorUpdate) and not self._batch_count and self.course_ready
            and "Week 1" in "\n".join(s.text for s in screen._compositor.render_strips())):
        seen["modules"] = sorted(sys.modules)
        lessons = self.tutor.course.lessons  # whose steps were unpickled (course.model._Steps)
        seen["steps read"] = [les.id for les in lessons if type(les.__dict__.get("_steps")) is not bytes]
        seen["lessons"] = len(lessons)
        from mfml_tui.lazy import _StandIn  # dataclasses made by then (a stand-in: not made)
        from mfml_tui.progress import summary
        from mfml_tui.ui import services
        seen["made"] = [f"{module.__name__}.{name}" for module, name in (
            (summary, "Summary"), (summary, "WeekSummary"), (summary, "SkillSummary"), (services, "Attempt"))
            if not isinstance(vars(getattr(module, name)).get("__init__"), _StandIn)]
        self.exit()

TutorApp.run, TutorApp._display = headless_run, spy
code = cli.main(["--lessons", sys.argv[1], "--data-dir", sys.argv[2], "--profile", "probe"])
print(json.dumps(seen | {"code": code}))
"""


def _launch(tmp_path: Path) -> dict:
    """The probe above, on the test course, its caches filled by an earlier launch (as on every launch
    but the first)."""
    _run_probe(LAUNCH_PROBE, TEST_LESSONS, tmp_path, [])
    result = _run_probe(LAUNCH_PROBE, TEST_LESSONS, tmp_path, [])
    assert result["code"] == 0 and result["modules"]
    return result


# Modules the launch imported before the first screen although it never uses them there. Each line was
# on that path once (with what it cost in CPU, measured in a fresh interpreter).
OFF_THE_LAUNCH_PATH = [
    # ui/paste.py swapped the parser of every driver Textual has: ≈2 ms
    "ctypes", "textual.drivers.win32", "textual.drivers.web_driver", "textual.drivers.linux_inline_driver",
    # the dialogs for a failed progress file and a window too small, shown when that happens: ≈0.8 ms
    "mfml_tui.ui.dialogs.damaged", "mfml_tui.ui.dialogs.too_small",
    # quiz kinds (QuizSpec.expression_choices reads them; a course read from the cache does not): ≈0.7 ms
    "mfml_tui.quiz.kinds",
    # importlib.util, to find Textual's files for the kept CSS's name: Textual is imported by then (≈0.4 ms)
    "importlib.util",
    # the command palette's providers and screen (ui.commands), used when ctrl+p opens it: ≈0.4 ms
    "mfml_tui.ui.commands",
]


def test_the_course_map_is_listed_without_unpickling_the_lessons_steps(tmp_path: Path) -> None:
    """Unpickling every lesson's steps (≈5 000 objects for the bundled course, ≈3 ms CPU) was most of
    reading the course cache; the map shows their number and the quizzes' ids, kept beside them. The
    lesson under the cursor may read its own (the detail below the list)."""
    result = _launch(tmp_path)
    assert result["lessons"] > 3 and len(result["steps read"]) <= 1, result["steps read"]


def test_the_course_map_reads_its_rows_without_a_whole_progress_summary(tmp_path: Path) -> None:
    """The map's statuses came from a whole `Summary` (weeks, skills, recent answers, streak, reviews due:
    4 dataclasses made, 5 queries more); they are now just the lessons' rows (`Store.lesson_summaries`).
    Nor is an answer's dataclass made (`services.Attempt`, ≈0.4 ms) before there is an answer."""
    assert _launch(tmp_path)["made"] == []


def test_the_launch_imports_only_what_the_first_screen_needs(tmp_path: Path) -> None:
    modules = set(_launch(tmp_path)["modules"])
    assert "mfml_tui.ui.screens.home" in modules  # (the probe saw the map)
    assert sorted(modules & set(OFF_THE_LAUNCH_PATH)) == []


GC_PROBE = r"""
import gc, json, sys
from textual._compositor import CompositorUpdate
collections = []
gc.callbacks.append(lambda phase, info: phase == "stop" and collections.append(info["generation"]))
from mfml_tui.ui.app import TutorApp
from mfml_tui import cli

seen = {}
run, display = TutorApp.run, TutorApp._display

def headless_run(self, **kwargs):  # no terminal here
    return run(self, headless=True, size=(80, 24), **kwargs)

def spy(self, screen, renderable):  # the first frame with the lessons listed; then a moment later
    display(self, screen, renderable)
    if (not seen and isinstance(renderable, CompositorUpdate) and not self._batch_count and self.course_ready
            and "Week 1" in "\n".join(s.text for s in screen._compositor.render_strips())):
        seen["collections"] = list(collections)
        self.set_timer(0.3, lambda: seen.update(later=list(gc.get_threshold())) or self.exit())

TutorApp.run, TutorApp._display = headless_run, spy
from mfml_tui.commands import app_cmd
run_app = app_cmd.run_app
app_cmd.run_app = lambda *args, **kwargs: collections.clear() or run_app(*args, **kwargs)  # counted from here
code = cli.main(["--lessons", sys.argv[1], "--data-dir", sys.argv[2], "--profile", "probe"])
print(json.dumps(seen | {"code": code, "after": list(gc.get_threshold()), "default": [700, 10, 10]}))
"""


def test_the_garbage_collector_waits_for_the_first_screen(tmp_path: Path) -> None:
    """Python's cyclic collector ran ~150 times before the first screen (≈10 % of the start-up's CPU) for
    next to no garbage: `mfml-tui` holds it off until the first screen is sent, then restores Python's
    thresholds (and restores them when the app ends, however it ends)."""
    result = _run_probe(GC_PROBE, TEST_LESSONS, tmp_path, [])
    assert result["code"] == 0
    assert result["collections"] == [], f"the collector ran before the first screen: {result['collections']}"
    assert result["later"] == result["default"] and result["after"] == result["default"]


# A step with a plot: textual-plotext, plotext and numpy (and drawing) held `mfml-tui lesson ID` ≈0.4 s
# behind a step of text. The drawing made at an earlier launch is shown from its record instead, and the
# live plot takes its place once the first screen is out: the same cells before and after.
PLOT_FIRST_LESSON = '''+++
id = "s1-plot-first"
title = "Plot first"
+++

# Plot first

## Looking

The curve y = x² and its minimum.

```plot
kind = "function"
f = "x^2"
x = [-2, 2]
```
'''

PLOT_PROBE = r"""
import asyncio, json, sys
from pathlib import Path
from textual._compositor import CompositorUpdate
from mfml_tui.ui.app import build_app

def painted(screen):
    return "\n".join(s.text for s in screen._compositor.render_strips())

async def main():
    heavy = json.loads(sys.argv[3])
    app = build_app(Path(sys.argv[1]), Path(sys.argv[2]) / "p.sqlite3", "probe", warm_up=False,
                    start_lesson="s1-plot-first")
    seen = {}
    shown = app._display

    def spy(screen, renderable):
        shown(screen, renderable)
        if (not seen and isinstance(renderable, CompositorUpdate) and not app._batch_count
                and getattr(screen, "shown_step", None) == 0):
            seen["heavy"] = sorted(m for m in heavy if m in sys.modules)
            seen["panels"] = sorted(type(w).__name__ for w in screen.query(".plot-panel"))
            seen["painted"] = painted(screen)

    app._display = spy
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(2000):
            await asyncio.sleep(0.01)
            if seen and app.screen.query("SpecPlot") and not app.screen.query("DrawnPlotPanel"):
                break
        deadline = asyncio.get_running_loop().time() + 60  # the live plot's code loads slowly under load
        while asyncio.get_running_loop().time() < deadline:  # drawn live, captioned (and written down)
            await pilot.pause(0.02)
            plot = app.screen.query_one("SpecPlot")
            if plot._to_record is None and plot.info is not None and plot._caption is not None:
                break
        await pilot.pause(0.1)
        seen["live"] = painted(app.screen)
        seen["live panels"] = sorted(type(w).__name__ for w in app.screen.query(".plot-panel"))
    print(json.dumps(seen))

asyncio.run(asyncio.wait_for(main(), 60))
"""


async def test_lesson_id_paints_a_plot_recorded_at_an_earlier_launch_without_plotext(tmp_path: Path,
                                                                                   monkeypatch) -> None:
    from tests.test_ui_support import make_app, screen_text, wait_for

    course = one_lesson_course(tmp_path, PLOT_FIRST_LESSON, "01-plot-first.md")
    monkeypatch.setenv("MFML_TUI_CACHE", str(tmp_path / "cache"))  # the probe's (`_run_probe`)
    app = make_app(tmp_path / "earlier", lessons=course, start_lesson="s1-plot-first")
    async with app.run_test(size=(80, 24)) as pilot:  # an earlier launch: drawn live, written down
        await wait_for(pilot, lambda: list((tmp_path / "cache" / "plots").glob("*.json")),
                       what="the drawing recorded")
        await pilot.pause(0.1)
        live = screen_text(app)
    assert "x²" in live and "┤" in live, live
    again = _run_probe(PLOT_PROBE, course, tmp_path, LESSON_HEAVY)
    assert again["panels"] == ["DrawnPlotPanel"], again["panels"]
    assert again["heavy"] == [], f"heavy modules before step 1 is painted: {again['heavy']}"
    assert again["painted"] == live, "the recorded plot is not the plot drawn live"
    assert again["live panels"] == ["PlotPanel"] and again["live"] == live


# Textual's Markdown module imported pygments (≈10–15 ms of CPU) for code fences, which the first step of a
# lesson seldom has: it is imported when a fence is drawn, and the fence is coloured as Textual colours it.
FENCE_PROBE = r"""
import asyncio, json, sys
from mfml_tui.ui.widgets.prose import Prose
from mfml_tui.ui.widgets.markdown_widget import Markdown
imported = "pygments" in sys.modules
from textual.app import App

CODE = "def f(x):\n    return x ** 2  # the square\n"

class Fence(App):
    def compose(self):
        yield Markdown("Words first.\n\n```python\n" + CODE + "```\n")

async def main():
    app = Fence()
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        fence = app.query_one("MarkdownFence")
        from textual.highlight import HighlightTheme, highlight
        expected = highlight(CODE.rstrip("\n"), language="python", theme=HighlightTheme)
        got = fence._highlighted_code
    print(json.dumps({"imported": imported, "plain": got.plain == expected.plain,
                      "spans": [str(s) for s in got.spans] == [str(s) for s in expected.spans],
                      "coloured": len(got.spans)}))

asyncio.run(asyncio.wait_for(main(), 60))
"""


def test_pygments_waits_for_a_code_fence_which_is_coloured_as_textual_does() -> None:
    out = subprocess.run([sys.executable, "-c", FENCE_PROBE], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).parent.parent,
                         env={"PATH": "/usr/bin:/bin", "TEXTUAL_ANIMATIONS": "none"})
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["imported"] is False, "pygments imported with the lesson text widgets"
    assert result["plain"] and result["spans"] and result["coloured"] > 3, result


async def test_lesson_id_restyles_no_node_when_its_screen_is_pushed(tmp_path: Path, monkeypatch) -> None:
    """The lesson screen's CSS (lesson.tcss) was read only when the screen was pushed: Textual then parsed the
    app's sources again and restyled every node of every screen (≈1–1.5 ms of CPU before step 1 of `lesson
    ID`). Opened at start, it is read with the app's CSS: the push finds it there."""
    from textual.css.stylesheet import Stylesheet

    from tests.test_ui_support import make_app, quiet_textual, wait_for  # noqa: F401

    updates: list[str] = []
    update = Stylesheet.update

    def spy(self, root, animate=False):
        updates.append(type(root).__name__)
        return update(self, root, animate=animate)

    monkeypatch.setattr(Stylesheet, "update", spy)
    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "shown_step", None) == 0, what="step 1")
        assert updates == [], updates
        assert app.screen.query_one("#step-header").styles.height.value == 1  # lesson.tcss applies
