"""The course map's key bar drawn from a record at start-up (`ui.widgets.drawn_footer`): the first screen
of a later launch shows the same row as the live footer without making its widgets (≈10 ms of CPU before
the lessons were listed, issue #20), and the live footer takes its place soon after, the row unchanged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual._compositor import CompositorUpdate

from mfml_tui import paths
from mfml_tui.ui.widgets import drawn_footer
from mfml_tui.ui.widgets.drawn_footer import DrawnFooter
from mfml_tui.ui.widgets.footer import Footer, FooterKey
from tests.test_ui_support import make_app, ready, wait_for

CURSOR = re.compile(r"\x1b\[(\d+);\d+H")


def _row(app) -> list[tuple[str, object]]:
    """The bottom row as the terminal would get it: each cell's character and style."""
    strip = app.screen._compositor.render_strips()[-1]
    return [(char, segment.style) for segment in strip for char in segment.text]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    from mfml_tui.course import load

    folder = tmp_path / "cache"
    monkeypatch.setenv("MFML_TUI_CACHE", str(folder))
    load(paths.bundled_lessons())  # cached: the lessons are in the first paint
    return folder


async def _first_launch(tmp_path: Path, size: tuple[int, int], ascii_only: bool = False) -> list:
    """A launch with no record: the live footer, whose row is written down soon after the first screen."""
    app = make_app(tmp_path, lessons=paths.bundled_lessons(), ascii_only=ascii_only)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        assert not app.screen.query(DrawnFooter) and app.screen.query(FooterKey)
        path = drawn_footer.record_path(app.screen, size[0])
        await wait_for(pilot, lambda: path.exists(), what="the footer's record")
        return _row(app)


@pytest.mark.parametrize(("size", "ascii_only", "no_color"),
                         [((80, 24), False, False), ((130, 40), False, False), ((80, 24), True, False),
                          ((80, 24), False, True)])
async def test_a_later_launch_paints_the_recorded_row_without_footer_widgets_then_the_live_one(
        tmp_path: Path, cache: Path, size, ascii_only: bool, no_color: bool, monkeypatch) -> None:
    if no_color:  # Textual's monochrome filter reads the style of every segment painted (None: a crash)
        monkeypatch.setenv("NO_COLOR", "1")
    live_row = await _first_launch(tmp_path, size, ascii_only)
    monkeypatch.setattr(drawn_footer, "LIVE_AFTER", 1.0)
    app = make_app(tmp_path, lessons=paths.bundled_lessons(), ascii_only=ascii_only)
    at_first_paint: dict[str, object] = {}
    app.after_first_paint(lambda: at_first_paint.update(
        keys=len(app.screen.query(FooterKey)), drawn=len(app.screen.query(DrawnFooter)), row=_row(app)))
    rows_sent: set[int] = set()  # the rows of each frame sent after the first screen
    shown = app._display

    def spy(screen, renderable) -> None:  # what would go to a terminal (the pilot has none)
        if isinstance(renderable, CompositorUpdate) and app._first_paint_out and not app._batch_count:
            text = renderable.render_segments(app.console)
            rows_sent.update(int(row) - 1 for row in CURSOR.findall(text))
        shown(screen, renderable)

    app._display = spy
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: at_first_paint, what="the first screen")
        assert at_first_paint["keys"] == 0 and at_first_paint["drawn"] == 1  # no footer widgets made
        assert at_first_paint["row"] == live_row  # the same cells, character and style
        await pilot.pause(0.3)  # (the list's scrollbar is repainted after its focus, as before)
        assert not app.screen.query_one(DrawnFooter).live
        rows_sent.clear()
        await wait_for(pilot, lambda: app.screen.query_one(DrawnFooter).live, what="the live footer")
        await pilot.pause(0.2)
        assert app.screen.query(FooterKey) and _row(app) == live_row
        assert rows_sent <= {size[1] - 1}, rows_sent  # only the key bar's row was sent again


async def test_a_key_clicked_on_the_drawn_row_does_what_the_live_key_does(
        tmp_path: Path, cache: Path, monkeypatch) -> None:
    from mfml_tui.ui.screens.progress import ProgressScreen

    await _first_launch(tmp_path, (80, 24))
    monkeypatch.setattr(drawn_footer, "LIVE_AFTER", 60.0)  # the drawn row stays for the test
    app = make_app(tmp_path, lessons=paths.bundled_lessons())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        drawn = app.screen.query_one(DrawnFooter)
        start = next(start for start, _end, key, _disabled in drawn._places if key == "g")
        await pilot.click(DrawnFooter, offset=(start + 1, 0))
        await wait_for(pilot, lambda: isinstance(app.screen, ProgressScreen), what="the progress screen")


@pytest.mark.parametrize("change", ["width", "theme"])
async def test_the_live_footer_comes_at_once_when_the_record_is_outdated(
        tmp_path: Path, cache: Path, monkeypatch, change: str) -> None:
    await _first_launch(tmp_path, (80, 24))
    monkeypatch.setattr(drawn_footer, "LIVE_AFTER", 60.0)
    app = make_app(tmp_path, lessons=paths.bundled_lessons())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.screen.query(DrawnFooter)
        if change == "width":
            await pilot.resize_terminal(100, 24)
        else:
            app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await wait_for(pilot, lambda: app.screen.query_one(DrawnFooter).live, what="the live footer")
        await pilot.pause(0.1)
        assert app.screen.query_one(Footer).query(FooterKey)


def test_the_record_is_named_by_what_the_row_depends_on(tmp_path: Path, monkeypatch) -> None:
    """Keys, theme, width, ASCII mode, NO_COLOR and the code each give another record."""
    from types import SimpleNamespace

    from mfml_tui.ui.widgets import footer

    monkeypatch.setenv("MFML_TUI_CACHE", str(tmp_path))
    monkeypatch.setattr(footer, "keys_shown", lambda screen: screen.keys)

    def screen(keys=("c",), theme="nord", ascii_only=False):  # type: ignore[no-untyped-def]
        app = SimpleNamespace(theme=theme, has_class=lambda name: ascii_only)
        return SimpleNamespace(app=app, keys=keys)

    base = drawn_footer.record_path(screen(), 80)
    others = {drawn_footer.record_path(screen(keys=("r",)), 80),
              drawn_footer.record_path(screen(theme="x"), 80), drawn_footer.record_path(screen(), 81),
              drawn_footer.record_path(screen(ascii_only=True), 80)}
    monkeypatch.setenv("NO_COLOR", "1")
    others.add(drawn_footer.record_path(screen(), 80))
    assert base not in others and len(others) == 5


@pytest.mark.parametrize(("size", "ascii_only"), [((80, 24), False), ((120, 40), False), ((80, 24), True)])
async def test_lesson_id_paints_the_recorded_key_bar_then_the_live_one(
        tmp_path: Path, cache: Path, size, ascii_only: bool) -> None:
    """`mfml-tui lesson ID`: the lesson screen's footer (8 widgets, ≈8 ms of CPU before step 1) is drawn from
    the row its live footer painted at an earlier launch, and the live footer takes its place soon after."""
    from mfml_tui.ui.screens.lesson import LessonScreen

    lesson = "w0-how-it-works"

    def row_of(app) -> list:
        return _row(app) if isinstance(app.screen, LessonScreen) else []

    app = make_app(tmp_path, lessons=paths.bundled_lessons(), ascii_only=ascii_only, start_lesson=lesson)
    async with app.run_test(size=size) as pilot:  # the first launch: the live footer, its row written down
        await wait_for(pilot, lambda: getattr(app.screen, "shown_step", None) == 0, what="step 1")
        assert not app.screen.query(DrawnFooter) and app.screen.query(FooterKey)
        path = drawn_footer.record_path(app.screen, size[0])
        await wait_for(pilot, lambda: path.exists(), what="the footer's record")
        live_row = row_of(app)
    app = make_app(tmp_path, lessons=paths.bundled_lessons(), ascii_only=ascii_only, start_lesson=lesson)
    first: dict[str, object] = {}
    shown = app._display

    def spy(screen, renderable) -> None:
        shown(screen, renderable)
        if renderable is not None and not app._batch_count and not first and \
                getattr(screen, "shown_step", None) == 0:
            first.update(keys=len(screen.query(FooterKey)), drawn=len(screen.query(DrawnFooter)),
                         row=row_of(app))

    app._display = spy
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: first, what="step 1's first frame")
        assert first["keys"] == 0 and first["drawn"] == 1  # no footer widgets made
        assert first["row"] == live_row  # the same cells, character and style
        await wait_for(pilot, lambda: app.screen.query(FooterKey), what="the live footer")
        await pilot.pause(0.1)
        assert row_of(app) == live_row
