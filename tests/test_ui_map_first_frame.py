"""The course map's first screen is made once and sent as one frame (issue #20: lessons listed ≤ 1.3× a hello
app). While output was held at start-up, Textual still painted the first layout (a whole screen, never
sent), and the layout its widgets asked for next (the list's scrollbar) came after the hold: the rows it
moved went out, then the whole screen again (≈2× the bytes of one map, and a wait for the next refresh)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual._compositor import Compositor, CompositorUpdate, LayoutUpdate

from mfml_tui import paths
from tests.test_ui_support import make_app, ready


@pytest.mark.parametrize("size", [(80, 24), (130, 40)])
async def test_the_first_map_is_painted_once_and_sent_whole_in_one_frame(tmp_path: Path, size,
                                                                       monkeypatch) -> None:
    from mfml_tui.course import load

    load(paths.bundled_lessons())  # cached, as at every launch after the first: the map lists the lessons
    app = make_app(tmp_path, lessons=paths.bundled_lessons())
    painted: list[bool] = []  # each screen painted before the first one is out: held or not
    render = Compositor.render_update

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        update = render(self, *args, **kwargs)
        if update is not None and not app._first_paint_out:
            painted.append(bool(app._batch_count))
        return update

    monkeypatch.setattr(Compositor, "render_update", counting)
    sent: list[CompositorUpdate] = []
    shown = app._display

    def spy(screen, renderable) -> None:  # what would go to a terminal (the pilot has none)
        if isinstance(renderable, CompositorUpdate) and not app._batch_count and not app._first_paint_out:
            sent.append(renderable)
        shown(screen, renderable)

    app._display = spy
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.pause(0.3)
        assert app._first_paint_out
        assert painted == [False], painted  # nothing painted while held, then the map once
        assert len(sent) == 1 and isinstance(sent[0], LayoutUpdate)  # the whole screen, one frame
        text = sent[0].render_segments(app.console)
        assert "Week 1" in text and "Loading" not in text
        the_map = app.screen.query_one("#map")
        assert the_map.show_vertical_scrollbar  # laid out with its scrollbar before it was sent
        assert not app.screen._layout_required and not app.screen._dirty_widgets


@pytest.mark.parametrize("size", [(80, 24), (130, 40)])
async def test_a_layout_of_the_map_that_moves_nothing_sends_nothing(tmp_path: Path, size) -> None:
    """Textual's scroll view repainted the list's scrollbar at every layout of the screen (it compares the
    sizes it is given with others it keeps): 0.45–1 KB to the terminal for nothing, each time."""
    from mfml_tui.course import load

    load(paths.bundled_lessons())
    app = make_app(tmp_path, lessons=paths.bundled_lessons())
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.pause(0.5)
        sent: list[str] = []
        shown = app._display

        def spy(screen, renderable) -> None:
            if isinstance(renderable, CompositorUpdate):
                sent.append(renderable.render_segments(app.console))
            shown(screen, renderable)

        app._display = spy
        the_map = app.screen.query_one("#map")
        assert the_map.show_vertical_scrollbar
        app.screen._refresh_layout()  # a whole layout, where nothing moves
        await pilot.pause(0.3)
        assert not "".join(sent), sent
