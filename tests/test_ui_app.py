"""Pilot tests of the tutor: course map, lesson navigation, resume after a restart, themes, small windows,
a damaged progress file. Quizzes are in test_ui_quiz.py."""

from __future__ import annotations

import sqlite3

import pytest

from tests.test_ui_support import (  # noqa: F401 — quiet_textual is an autouse fixture
    make_app,
    press,
    quiet_textual,
    ready,
    screen_text,
    wait_for,
    wait_text,
)

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES)
async def test_course_map_shows_weeks_lessons_and_unavailable_reason(tmp_path, size):
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        text = screen_text(app)
        assert "Test course: slopes" in text
        assert "Week 1  Slopes" in text
        assert "Rise over run" in text and "not started" in text
        assert "Practice with derivatives" in text
        assert "A lesson with a mistake" in text and "unavailable" in text
        assert "Start: Rise over run" in text
        # Move down to the broken lesson with j (keyboard first): the reason is shown with path:line.
        await press(pilot, "j", "j")
        text = screen_text(app)
        assert "is unavailable" in text
        assert "01-broken.md:" in text and "nonsense" in text
        # Enter on it does not open it.
        await press(pilot, "enter")
        assert app.screen.__class__.__name__ == "HomeScreen"


async def test_walk_through_a_lesson_and_resume_after_restart(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "enter")
        text = await wait_text(pilot, "Step 1/3")
        assert "A straight line" in text
        assert "┤" in text  # the plot's axis is drawn
        assert "**" not in text  # Markdown rendered, not raw
        await press(pilot, "right")
        text = await wait_text(pilot, "Step 2/3")
        assert "A curve" in text and "x²" in text
        await press(pilot, "left")
        await wait_text(pilot, "Step 1/3")
        await press(pilot, "n")
        await wait_text(pilot, "Step 2/3")
        # The position is stored on every step change: quitting now loses nothing.
        await press(pilot, "ctrl+q")
    db = tmp_path / "progress.sqlite3"
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT lesson_id, step FROM positions").fetchall()
    assert rows == [("t1-rise", 1)]

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        text = screen_text(app)
        assert "Continue: Rise over run · step 2/3" in text
        assert "step 2/3" in text  # the lesson's row says where it stands
        await press(pilot, "c")
        text = await wait_text(pilot, "Step 2/3")
        assert "A curve" in text


async def test_table_of_contents_jumps_to_a_step(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "enter")
        await wait_text(pilot, "Step 1/3")
        await press(pilot, "t")
        text = await wait_text(pilot, "Your turn")
        assert "1 question" in text
        await press(pilot, "down", "down", "enter")
        await wait_text(pilot, "Step 3/3")
        await press(pilot, "escape")  # back to the course map
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen", what="home")


async def test_finishing_a_lesson_marks_it_done(tmp_path):
    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_text(pilot, "Step 1/3")
        await press(pilot, "n", "n")
        await wait_text(pilot, "finish the lesson")
        await press(pilot, "n")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen", what="home")
        text = await wait_text(pilot, "done")
        assert "3/3 steps done" in text


async def test_lesson_command_opens_a_lesson_directly_and_reports_unknown_ids(tmp_path):
    app = make_app(tmp_path, start_lesson="t1-practice")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        text = await wait_text(pilot, "Practice with derivatives")
        assert "Step 1/3" in text
    app = make_app(tmp_path, start_lesson="no-such-lesson")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: any("no-such-lesson" in n.message for n in app._notifications),
                       what="a notification about the unknown id")
        assert app.screen.__class__.__name__ == "HomeScreen"


@pytest.mark.parametrize("size", SIZES)
async def test_text_and_plot_side_by_side_only_when_wide(tmp_path, size):
    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await wait_text(pilot, "Step 1/3")
        await wait_for(pilot, lambda: "┤" in screen_text(app), what="the plot")
        aside = app.screen.query_one("#aside")
        assert aside.display is (size[0] >= 120)
        assert app.screen.has_class("-wide" if size[0] >= 120 else "-narrow")


async def test_theme_is_remembered(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.theme = "nord"
        await pilot.pause()
    with sqlite3.connect(tmp_path / "progress.sqlite3") as conn:
        assert conn.execute("SELECT value FROM settings WHERE key = 'theme'").fetchone() == ("nord",)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.theme == "nord"


async def test_ansi_theme_switches_plotext_to_its_default_theme(tmp_path):
    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_text(pilot, "Step 1/3")
        from mfml_tui.ui.widgets.plot import SpecPlot

        plot = app.screen.query_one(SpecPlot)
        assert plot.theme == "auto"
        app.theme = "ansi-dark"
        await pilot.pause()
        assert plot.theme == "default"


async def test_small_window_asks_politely_for_more_room(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(70, 20)) as pilot:
        await ready(pilot)
        text = await wait_text(pilot, "at least 80×24")
        assert "70×20" in text
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: "at least 80×24" not in screen_text(app), what="the overlay to go")
        assert "Week 1" in screen_text(app)


@pytest.mark.parametrize("choice", ["move", "continue"])
async def test_damaged_progress_file_is_reported_and_never_overwritten(tmp_path, choice):
    db = tmp_path / "progress.sqlite3"
    garbage = b"this is not a database" * 10
    db.write_bytes(garbage)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_text(pilot, "cannot be opened")
        text = await wait_text(pilot, "Move aside")
        assert "File:" in text and "sqlite3" in text and "not a SQLite database" in text
        await press(pilot, "m" if choice == "move" else "n")
        await ready(pilot)
        await wait_text(pilot, "Week 1")
    if choice == "move":
        moved = list(tmp_path.glob("progress.sqlite3.damaged-*"))
        assert len(moved) == 1 and moved[0].read_bytes() == garbage
        assert db.exists() and db.read_bytes() != garbage
    else:
        assert db.read_bytes() == garbage  # untouched


async def test_command_palette_lists_lessons(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "ctrl+p")
        for ch in "practice":
            await press(pilot, ch)
        text = await wait_text(pilot, "Lesson: Practice with derivatives")
        assert text
        await press(pilot, "enter")
        await wait_text(pilot, "Step 1/3")


async def test_help_panel_toggles(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await press(pilot, "question_mark")
        await wait_for(pilot, lambda: app.screen.query("HelpPanel"), what="help panel")
        await press(pilot, "question_mark")
        await wait_for(pilot, lambda: not app.screen.query("HelpPanel"), what="help panel to close")


async def test_command_palette_opens_an_explorer_and_escape_comes_back(tmp_path):
    from mfml_tui.ui.explorers import EXPLORERS

    title = EXPLORERS["secant"][0]
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "ctrl+p")
        for ch in "Explore: " + title[:6]:
            await press(pilot, {" ": "space", ":": "colon"}.get(ch, ch))
        await wait_text(pilot, f"Explore: {title}")
        await press(pilot, "enter")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ExplorerScreen", what="the explorer")
        await press(pilot, "escape")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen", what="home again")


@pytest.mark.parametrize("size", SIZES)
async def test_explorer_inside_a_lesson(tmp_path, size):
    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await wait_text(pilot, "Step 1/3")
        await press(pilot, "n")
        await wait_text(pilot, "Step 2/3")
        from mfml_tui.ui.explorers import Explorer

        await wait_for(pilot, lambda: app.screen.query(Explorer), what="the explorer")
        assert "cannot start" not in screen_text(app)
        explorer = app.screen.query_one(Explorer)
        assert explorer.display and explorer.parent.display
        assert any(a.id == "aside" for a in explorer.ancestors) is (size[0] >= 120)
        from mfml_tui.plots.audit import EXPLORER_VIEWS, explorer_size
        from mfml_tui.ui.explorers import ExplorerPlot

        view = f"{size[0]}×{size[1]}"
        if view in EXPLORER_VIEWS:  # the render check draws explorers at the size they get here
            assert tuple(explorer.query_one(ExplorerPlot).size) == explorer_size("secant", view)
        # the step keys own the keyboard until `e` hands it to the explorer; Esc gives it back
        assert not explorer.has_focus and explorer.border_subtitle == "press e to play"
        before = explorer.state
        await press(pilot, "e")
        await wait_for(pilot, lambda: explorer.has_focus, what="the explorer to take the keys")
        assert "Esc to leave" in screen_text(app) and "press e to play" not in screen_text(app)
        await press(pilot, "down")
        await wait_for(pilot, lambda: explorer.state != before, what="the explorer to change")
        await press(pilot, "escape")
        await wait_for(pilot, lambda: not explorer.has_focus, what="the keys back")
        assert "Step 2/3" in screen_text(app) and "press e to play" in screen_text(app)


async def test_progress_screen_and_settings(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "g")
        text = await wait_text(pilot, "Your progress")
        assert "Week 1: Slopes" in text and "Rise over run" in text
        await press(pilot, "escape")
        await wait_text(pilot, "Week 1  Slopes")
        # Settings: the plot marker is stored and used by the next plot.
        await press(pilot, "s")
        await wait_text(pilot, "Plot markers")
        await press(pilot, "up", "enter")  # from "dot" (the default) up to half blocks
        await press(pilot, "escape")
        assert app.tutor.marker == "hd"
    with sqlite3.connect(tmp_path / "progress.sqlite3") as conn:
        assert conn.execute("SELECT value FROM settings WHERE key = 'plot.marker'").fetchone() == ("hd",)


async def test_ascii_option_forces_ascii_markers_and_symbols(tmp_path):
    app = make_app(tmp_path, ascii_only=True, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        text = await wait_text(pilot, "Step 1/3")
        await wait_for(pilot, lambda: "┤" in screen_text(app) or "|" in screen_text(app), what="the plot")
        assert app.tutor.marker == "ascii"
        assert "●" not in text and "→" not in text


def test_no_mouse_option_reaches_app_run(tmp_path, monkeypatch):
    from mfml_tui.cli import main
    from mfml_tui.ui.app import TutorApp

    seen = {}

    def fake_run(self, **kwargs):
        seen.update(kwargs)
        seen["ascii"] = self.tutor.ascii_only
        seen["start"] = self.start_lesson

    monkeypatch.setattr(TutorApp, "run", fake_run)
    from tests.test_ui_support import TEST_LESSONS

    monkeypatch.setenv("MFML_TUI_ASCII", "0")  # whatever the locale of the machine running the tests
    assert main(["--lessons", str(TEST_LESSONS), "--data-dir", str(tmp_path), "--no-mouse", "--ascii",
                 "lesson", "t1-rise"]) == 0
    assert seen == {"mouse": False, "ascii": True, "start": "t1-rise"}
    assert main(["--lessons", str(TEST_LESSONS), "--data-dir", str(tmp_path)]) == 0
    assert seen["mouse"] is True and seen["ascii"] is False and seen["start"] is None


async def test_a_continue_label_too_long_for_its_button_ends_in_an_ellipsis(tmp_path):
    """The course map's Continue button is one line of at most 60 columns. A longer label went on, unseen,
    on a second line: "▶ Continue: Wrap-up: from rise over run to training a" read as the whole title."""
    from mfml_tui import paths
    from mfml_tui.progress.store import open_store

    with open_store(tmp_path / "progress.sqlite3", "tester") as store:
        store.set_position("w6-wrap-up", 4)
    app = make_app(tmp_path, lessons=paths.bundled_lessons())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        text = await wait_text(pilot, "Continue: Wrap-up")
        row = next(line for line in text.splitlines() if "Continue: Wrap-up" in line)
        label = row.strip().split("   ")[0]  # (then, well apart: "no reviews due")
        assert label.endswith("…") and "training a mo" in label, row


async def test_a_dialog_keeps_the_screen_behind_it_in_view(tmp_path):
    """The contents and the settings are dialogs over the lesson and the map: the app's own rule for
    `Screen` (an opaque background) matched them too, so everything behind a dialog went blank."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "s")  # the settings, over the course map
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "SettingsDialog", what="settings")
        await pilot.pause(0.1)
        assert "mfml-tui" in screen_text(app).splitlines()[0]  # the map's header, behind the dialog
        await press(pilot, "escape")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen", what="home")
        await press(pilot, "enter")
        await wait_text(pilot, "Step 1/3")
        await press(pilot, "t")
        text = await wait_text(pilot, "Your turn")  # the contents, over the lesson
        assert "Step 1/3" in text.splitlines()[0], text


async def test_the_too_small_notice_hides_the_screen_behind_it(tmp_path):
    """Unlike a dialog, the notice that the window is too small is all a learner should see."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.resize_terminal(50, 16)
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "TooSmallScreen", what="the notice")
        await pilot.pause(0.1)
        assert "Week" not in screen_text(app) and "mfml-tui" not in screen_text(app).splitlines()[0]
