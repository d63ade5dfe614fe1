"""Start-up stays quick because the first screen does not need the heavy modules: import the app and
paint the course map in a fresh interpreter, then look at `sys.modules` (the harlequin habit)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.test_ui_support import TEST_LESSONS

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


def test_a_cached_course_is_listed_in_the_first_paint_without_heavy_modules(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "TEXTUAL_ANIMATIONS": "none", "OPENBLAS_NUM_THREADS": "1",
           "MFML_TUI_CACHE": str(tmp_path / "cache")}
    load = "from mfml_tui.course import load; import sys; load(sys.argv[1])"  # fills the cache
    subprocess.run([sys.executable, "-c", load, str(TEST_LESSONS)], check=True, timeout=120, env=env,
                   cwd=Path(__file__).parent.parent)
    out = subprocess.run(
        [sys.executable, "-c", CACHED_PROBE, str(TEST_LESSONS), str(tmp_path), json.dumps(HEAVY)],
        capture_output=True, text=True, timeout=120, cwd=Path(__file__).parent.parent, env=env,
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
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
