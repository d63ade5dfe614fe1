"""A course-map move sends the terminal only what changed (issue #20: ≤ 2 KB a move, today's terminals
often being remote): the two rows whose highlight moved and the lesson detail under the list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual._compositor import CompositorUpdate

from mfml_tui import paths
from tests.test_ui_support import TEST_LESSONS, make_app, ready, wait_for

CURSOR = re.compile(r"\x1b\[(\d+);(\d+)H")


async def test_a_course_map_move_repaints_only_the_rows_that_change(tmp_path: Path) -> None:
    from mfml_tui.course import load

    load(paths.bundled_lessons())  # cached: parsed in the app's thread on a busy machine, it took > 10 s
    app = make_app(tmp_path, lessons=paths.bundled_lessons())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: app.course_ready, what="the course")
        await pilot.press("down")  # the first move may scroll the list: that repaints it all
        await pilot.pause(0.3)
        sent: list[str] = []
        shown = app._display

        def spy(screen, renderable) -> None:  # what would go to a terminal (the pilot has none)
            if isinstance(renderable, CompositorUpdate):
                sent.append(renderable.render_segments(app.console))
            shown(screen, renderable)

        app._display = spy
        the_map = app.screen.query_one("#map")
        top, height = the_map.scrollable_content_region.y, the_map.scrollable_content_region.height
        for key in ("down", "down", "up"):
            before = the_map.highlighted
            sent.clear()
            await pilot.press(key)
            await wait_for(pilot, lambda before=before: the_map.highlighted != before, what="the move")
            await pilot.pause(0.2)
            output = "".join(sent)
            rows = {int(row) - 1 for row, column in CURSOR.findall(output)
                    if int(column) - 1 < the_map.scrollable_content_region.right}  # not the scrollbar
            list_rows = {row for row in rows if top <= row < top + height}
            assert len(list_rows) == 2, (key, sorted(rows))  # the old and the new highlight
            assert len(output.encode()) <= 2048


@pytest.mark.parametrize("busy", [False, True])
async def test_the_first_screen_is_sent_once_settled_not_painted_over_and_over(tmp_path: Path, busy: bool,
                                                                               monkeypatch) -> None:
    """Start-up repainted the whole map ~5 times (screen resume, the list's focus, its scrollbar, the
    notification layer, the footer): ≈34 KB for a first screen of ≈6 KB (issue #20: ≤ 20 KB).

    `busy`: a machine too loaded to finish a refresh cycle before the hold's `longest` wait (the suite
    on 2 cores at load 12). The hold ended there whatever was half done, and the map went out in four
    full frames (23 KB); with the course ready, it now waits for the map to settle."""
    from mfml_tui.course import load
    from mfml_tui.ui.app import TutorApp

    if busy:
        hold = TutorApp._hold_first_paint
        monkeypatch.setattr(TutorApp, "_hold_first_paint", lambda self: hold(self, longest=0.01))
    load(paths.bundled_lessons())  # cached, as after the first launch: the lessons are in the first paint
    app = make_app(tmp_path, lessons=paths.bundled_lessons())
    sent: list[bytes] = []
    shown = app._display

    def spy(screen, renderable) -> None:  # what would go to a terminal (the pilot has none)
        if isinstance(renderable, CompositorUpdate) and not app._batch_count:
            sent.append(renderable.render_segments(app.console).encode())
        shown(screen, renderable)

    app._display = spy
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.pause(0.5)
        first = b"".join(sent)
        assert b"Week 1" in first and b"Loading" not in first
        assert len(first) <= 20 * 1024, f"{len(first)} bytes in {len(sent)} frames"


async def test_a_course_map_move_lays_the_screen_out_only_when_the_detail_changes_height(
        tmp_path: Path) -> None:
    """Each ↓ updated the lesson detail under the list, and Textual laid the whole screen out again for it
    (a reflow of every widget and most of them repainted: half of a move's time, issue #20: ≤ 15 ms). The
    detail keeps its place when its text wraps to as many lines, so only those moves may lay out."""
    app = make_app(tmp_path, lessons=paths.bundled_lessons())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: app.course_ready, what="the course")
        await pilot.pause(0.3)
        screen = app.screen
        the_map, detail = screen.query_one("#map"), screen.query_one("#detail")
        layouts: list[int] = []
        real = screen._refresh_layout

        def spy(size=None, scroll: bool = False) -> None:
            if not scroll:  # a scroll of the list only moves what is under it: not a layout
                layouts.append(the_map.highlighted)
            real(size, scroll)

        screen._refresh_layout = spy
        heights_changed = 0
        for _ in range(14):
            before, height = the_map.highlighted, detail.size.height
            await pilot.press("down")
            await wait_for(pilot, lambda before=before: the_map.highlighted != before, what="the move")
            await pilot.pause()
            heights_changed += detail.size.height != height
            lesson = screen._highlighted_lesson()
            shown = "\n".join(strip.text for strip in detail.render_lines(detail.size.region))
            if lesson is not None:
                assert lesson.title in shown  # the detail follows the cursor
            placed = detail.region
            real()  # a full layout now moves nothing: the skipped ones were not needed
            assert detail.region == placed
        assert heights_changed < 14  # the course's details are not all of different heights
        moves_laid_out = len(set(layouts))  # a new height may take two (the list then fits its rows)
        assert moves_laid_out <= heights_changed, (layouts, heights_changed)


async def test_each_screen_has_its_keys_in_its_first_paint_without_a_second_footer(
        tmp_path: Path, monkeypatch) -> None:
    """Textual's footer composes empty and mounts its keys after the screen's first refresh: a second
    mount, restyle and layout on every new screen (the course map at start-up, each lesson opened). The
    keys are now composed with the screen, and the footer is rebuilt only when the focus changes them."""
    from mfml_tui.course import load
    from mfml_tui.ui.widgets.footer import Footer

    load(paths.bundled_lessons())  # cached: the lessons are in the first paint
    rebuilt: list[str] = []
    recompose = Footer.recompose

    async def counting(self) -> None:
        rebuilt.append(type(self.screen).__name__)
        await recompose(self)

    monkeypatch.setattr(Footer, "recompose", counting)
    app = make_app(tmp_path, lessons=paths.bundled_lessons())
    frames: list[str] = []
    shown = app._display

    def spy(screen, renderable) -> None:
        if isinstance(renderable, CompositorUpdate) and not app._batch_count:
            frames.append(renderable.render_segments(app.console))
        shown(screen, renderable)

    app._display = spy
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.pause(0.5)
        first = "".join(frames[:2])  # the first screen: the held layout's changes, then the whole screen
        assert "Week 1" in first and "Continue" in first and "Quit" in first
        assert rebuilt == []
        keys = [key.description for key in app.screen.query("FooterKey")]
        app.screen.query_one(Footer).call_next(app.screen.query_one(Footer).recompose)  # Textual's way
        await pilot.pause(0.3)
        assert [key.description for key in app.screen.query("FooterKey")] == keys


async def test_the_map_under_a_lesson_opened_at_start_is_built_after_the_lessons_first_step(
        tmp_path: Path, monkeypatch) -> None:
    """`mfml-tui lesson ID` (and resuming a lesson) built the whole course map under the lesson, every
    learner's status and row, before the lesson's first step was painted. Now it is built a moment later,
    or when the learner comes back to it first, with the cursor on the lesson left."""
    from mfml_tui.course import load
    from mfml_tui.ui.screens import home
    from tests.test_ui_support import press, screen_text, wait_text

    monkeypatch.setenv("MFML_TUI_CACHE", str(tmp_path / "cache"))
    load(TEST_LESSONS)  # cached: the lesson opens at mount (not cached, the map shows "Loading…" first)
    for later in (60.0, 0.05):
        monkeypatch.setattr(home, "MAP_UNDER_A_LESSON", later)
        app = make_app(tmp_path / str(later), start_lesson="t1-rise")
        asked: list[int] = []
        statuses = app.tutor.statuses
        app.tutor.statuses = lambda *args, statuses=statuses, asked=asked: asked.append(1) or statuses(*args)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda app=app: "Step 1/" in screen_text(app), what="step 1")
            if later > 1:
                await pilot.pause(0.3)
                assert not asked and not app.screen_stack[0].query("#map"), "the map was made under it"
            else:
                await wait_for(pilot, lambda app=app: app.screen_stack[0].query_one("#map").option_count > 3,
                               what="the map")
                assert isinstance(app.screen, type(app.screen_stack[-1])) and "Step 1/" in screen_text(app)
            await press(pilot, "b")
            text = await wait_text(pilot, "Week 1  Slopes")
            assert "Rise over run" in text and "Practice" in text
            the_map = app.screen.query_one("#map")
            assert the_map.highlighted_option.id == "lesson:t1-rise" and app.screen.focused is the_map
