"""Shared helpers for the UI tests (no tests here): building the app on the small test course, reading the
screen as text, and waiting with a deadline so that no test can hang."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

import pytest

TEST_LESSONS = Path(__file__).parent / "data" / "lessons"
STEP_TIMEOUT = 10.0  # seconds any single wait may take before the test fails


@pytest.fixture(autouse=True)
def quiet_textual(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deterministic output: no animations, no user config, a plain terminal."""
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("MFML_TUI_LESSONS", raising=False)
    monkeypatch.delenv("MFML_TUI_DATA", raising=False)
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")


def one_lesson_course(root: Path, lesson: str, file: str, *, title: str = "Probe") -> Path:
    """A course of one week holding one lesson file (`file`, its text `lesson`), written in `root/course`."""
    course = root / "course"
    (course / "1-week").mkdir(parents=True)
    (course / "course.toml").write_text(f'title = "{title}"\nweeks = ["1-week"]\n')
    (course / "1-week" / "week.toml").write_text('number = 1\ntitle = "Week"\n')
    (course / "1-week" / file).write_text(lesson)
    return course


def record_frames(app) -> list[list[str]]:
    """The screen as each frame the app paints leaves it (every row's text), from now on."""
    frames: list[list[str]] = []
    display = app._display

    def spy(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None and not app._batch_count:
            frames.append([strip.text for strip in screen._compositor.render_strips()])

    app._display = spy
    return frames


def make_app(data_dir: Path, *, lessons: Path = TEST_LESSONS, start_lesson: str | None = None,
             seed: int | None = 1234, ascii_only: bool = False, autoload: bool = True):
    from mfml_tui.ui.app import build_app

    return build_app(lessons, data_dir / "progress.sqlite3", "tester", ascii_only=ascii_only,
                     start_lesson=start_lesson, warm_up=False, autoload=autoload, seed=seed)


def screen_text(app) -> str:
    """What the terminal shows, as plain text (one line per row)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def wait_for(pilot, predicate: Callable[[], object], *, timeout: float = STEP_TIMEOUT,
                   what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause()
        try:
            if predicate():
                return
        except Exception:  # noqa: BLE001 — widgets may not exist yet
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{screen_text(pilot.app)}")
        await asyncio.sleep(0.02)


async def wait_text(pilot, text: str, *, timeout: float = STEP_TIMEOUT) -> str:
    await wait_for(pilot, lambda: text in screen_text(pilot.app), timeout=timeout, what=repr(text))
    return screen_text(pilot.app)


async def ready(pilot) -> None:
    """Wait until the course is loaded and the course map is filled in."""
    await wait_for(pilot, lambda: pilot.app.course_ready, what="the course to load")
    await pilot.pause()


async def press(pilot, *keys: str) -> None:
    await asyncio.wait_for(pilot.press(*keys), STEP_TIMEOUT)
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    await press(pilot, *[{" ": "space"}.get(c, c) for c in text])


def spy_imports(monkeypatch: pytest.MonkeyPatch, wanted: tuple[str, ...]) -> list[tuple[str, bool]]:
    """Each of `wanted` imported through `importlib.import_module` (as the background imports do), with
    whether `ui.collector` held collection off at that moment: a frame a learner waits for was being made."""
    import importlib

    from mfml_tui.ui import collector

    imported: list[tuple[str, bool]] = []
    real = importlib.import_module

    def spy(name: str, *args: object):  # type: ignore[no-untyped-def]
        if name in wanted:
            imported.append((name, collector.held()))
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", spy)
    return imported
