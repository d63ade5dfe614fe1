"""Focus when the app starts without it, as in a browser tab (`mfml-tui serve`): Textual's web driver
reports the app blurred before the first screen is composed, and Textual then skips the screen's
auto-focus. The first key (or the tab gaining focus) must still reach the course map's list."""

from __future__ import annotations

from textual.events import AppBlur, AppFocus

from mfml_tui.ui.app import TutorApp
from tests.test_ui_support import (  # noqa: F401 — quiet_textual is an autouse fixture
    make_app,
    press,
    quiet_textual,
    ready,
    wait_for,
    wait_text,
)


async def test_a_tutor_started_blurred_opens_a_lesson_on_the_first_enter(tmp_path):
    app = make_app(tmp_path)
    app.set_reactive(TutorApp.app_focus, False)  # what the web driver's start-up AppBlur does
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert app.screen.focused is None  # Textual skipped the auto-focus
        await press(pilot, "enter")
        await wait_text(pilot, "Step 1/3")


async def test_the_tab_gaining_focus_focuses_the_course_map(tmp_path):
    app = make_app(tmp_path)
    app.set_reactive(TutorApp.app_focus, False)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.post_message(AppFocus())
        await wait_for(pilot, lambda: app.screen.focused is not None)
        assert app.screen.focused.id == "map"


async def test_a_screen_that_had_focus_keeps_textuals_behaviour(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert app.screen.focused is not None
        app.screen.set_focus(None)  # the learner left every widget (as Esc does in a lesson)
        app.post_message(AppBlur())
        await pilot.pause()
        app.post_message(AppFocus())
        await pilot.pause()
        await pilot.pause()
        assert app.screen.focused is None
