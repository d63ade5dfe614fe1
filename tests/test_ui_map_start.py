"""The work done before the lessons are listed at start-up (issue #20: lessons listed ≤ 1.3× a hello app).
Each test counts work (stylings, progress reads), not time."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.test_ui_support import TEST_LESSONS, make_app, press, wait_for, wait_text


def _listed(app) -> bool:
    return app.course_ready and app.screen.query_one("#map").option_count > 3


@pytest.mark.parametrize(("width", "wide"), [(80, False), (130, True)])
async def test_the_map_is_styled_once_not_again_for_its_width_nor_on_its_first_resume(
        tmp_path: Path, monkeypatch, width: int, wide: bool) -> None:
    """The map's width classes (`-narrow`/`-wide`, the app's breakpoints) came with the first Resize, after
    every widget had been styled: the whole map (and each footer key's and the list's component styles)
    was styled again before the lessons were listed, and a third time by the screen's first resume
    (Textual restyles a screen on every resume). Now each widget is styled once, when mounted, with the
    classes the Resize gives; the list is styled again when it gets the focus."""
    from textual.css.stylesheet import Stylesheet

    from mfml_tui.course import load
    from mfml_tui.ui.screens.home import HomeScreen

    monkeypatch.setenv("MFML_TUI_CACHE", str(tmp_path / "cache"))
    load(TEST_LESSONS)  # cached: the lessons are listed in the first paint
    styled: Counter[int] = Counter()
    apply = Stylesheet.apply

    def counting(self, node, *args, **kwargs):  # type: ignore[no-untyped-def]
        styled[id(node)] += 1
        return apply(self, node, *args, **kwargs)

    monkeypatch.setattr(Stylesheet, "apply", counting)
    app = make_app(tmp_path)
    async with app.run_test(size=(width, 24)) as pilot:
        await wait_for(pilot, lambda: _listed(app), what="the lessons listed")
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        assert screen.has_class("-wide") is wide and screen.has_class("-narrow") is not wide
        expected = screen._get_breakpoint_classes(width, app.HORIZONTAL_BREAKPOINTS)
        assert {name for name in ("-wide", "-narrow") if screen.has_class(name)} == expected
        keys = list(screen.query("FooterKey"))
        assert keys
        button = screen.query_one("#continue")  # (a Textual Button: styled 4 times, a class at a time)
        for widget in [screen, screen.query_one("#title"), screen.query_one("#detail"), button, *keys]:
            assert styled[id(widget)] == 1, (widget, styled[id(widget)])
        the_map = screen.query_one("#map")  # focused in the resume: styled with home.tcss's #map:focus
        assert screen.focused is the_map and the_map.styles.border_top[1].a == 1


async def test_the_progress_is_read_once_before_the_lessons_are_listed_and_again_after_a_screen_over_it(
        tmp_path: Path, monkeypatch) -> None:
    """Every lesson's status (a summary of the whole progress file) was read when the map was mounted and
    again at once on the screen's first resume. Now once; a screen over the map (where progress can
    change) still has the rows read again when the learner comes back."""
    from mfml_tui.course import load

    monkeypatch.setenv("MFML_TUI_CACHE", str(tmp_path / "cache"))
    load(TEST_LESSONS)
    app = make_app(tmp_path)
    asked: list[int] = []
    statuses = app.tutor.statuses
    app.tutor.statuses = lambda *args: asked.append(1) or statuses(*args)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: _listed(app), what="the lessons listed")
        await pilot.pause(0.3)
        assert len(asked) == 1
        await press(pilot, "g")  # the progress screen, over the map
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ProgressScreen", what="progress")
        await press(pilot, "b")
        await wait_text(pilot, "Week 1  Slopes")
        await pilot.pause(0.2)
        assert len(asked) >= 2


MADE_PROBE = r"""
import asyncio, json, sys
from pathlib import Path
from mfml_tui.lazy import _StandIn
from mfml_tui.ui.app import build_app

async def main():
    app = build_app(Path(sys.argv[1]), Path(sys.argv[2]) / "p.sqlite3", "probe", warm_up=False)
    async with app.run_test(size=(80, 24)) as pilot:
        while not (app.course_ready and app.screen.query_one("#map").option_count > 3):
            await pilot.pause()
        from mfml_tui.progress import records, reviews, summary
        from mfml_tui.ui import services
        classes = [records.Attempt, records.Position, records.Due, records.Draw, reviews.DueItem,
                   summary.RecentAttempt, services.Checked]
        made = [c.__name__ for c in classes if not isinstance(c.__dict__.get("__init__"), _StandIn)]
    print(json.dumps({"heavy": made}))

asyncio.run(asyncio.wait_for(main(), 60))
"""


def test_the_progress_records_not_needed_for_the_map_are_not_made_before_the_lessons_are_listed(
        tmp_path: Path) -> None:
    """The progress layer's frozen dataclasses that the course map does not use (an attempt, a position,
    a due review, a draw, a recent attempt, a checked answer) are made at first use
    (`lazy.frozen_dataclass`, ≈0.7–2 ms CPU each class), not while the tutor starts."""
    from tests.test_ui_startup import _run_probe

    assert _run_probe(MADE_PROBE, TEST_LESSONS, tmp_path, [])["heavy"] == []
