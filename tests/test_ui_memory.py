"""Memory stays flat: visiting the same lessons and explorers again and again keeps nothing.

A popped screen must be freed with its plots, explorers and their render caches. Two leaks held them
before: the plots' subscription to `app.theme_changed_signal` (textual-plotext's and SpecPlot's own), and
the Footer's key widgets, kept by a reactive binding each time the keys were rebuilt on a focus change.
After a warm-up (first imports, bounded caches), ≥ 30 visits must leave no widget alive (counted by class
with the garbage collector) and at most 0.2 MB per visit in new objects the collector tracks (their shallow
sizes: tracemalloc would make the test five times slower).
"""

from __future__ import annotations

import gc
import sys
from collections import Counter
from pathlib import Path

import pytest
from textual.widget import Widget

from tests.test_ui_support import make_app, press, ready, screen_text, wait_for

VISITS = 30
MAX_BYTES_PER_VISIT = 200_000  # the bound: ≤ 0.2 MB retained per visit


def live_widgets() -> Counter[str]:
    gc.collect()
    return Counter(type(o).__name__ for o in gc.get_objects() if isinstance(o, Widget))


def live_ids() -> set[int]:
    gc.collect()
    return {id(o) for o in gc.get_objects()}


def new_bytes(before: set[int]) -> int:
    """Shallow bytes of the objects alive now that were not alive `before` (containers and their contents)."""
    gc.collect()
    return sum(sys.getsizeof(o) for o in gc.get_objects() if id(o) not in before and o is not before)


async def visit(pilot) -> None:
    """A lesson step with a plot and an explorer, back to the map, then a full-size explorer and back."""
    app = pilot.app
    app.open_lesson("t1-rise", 1)
    await wait_for(pilot, lambda: type(app.screen).__name__ == "LessonScreen" and app.screen.shown_step == 1,
                   what="the lesson")
    await press(pilot, "escape")
    await wait_for(pilot, lambda: type(app.screen).__name__ == "HomeScreen", what="the course map")
    app.open_explorer("secant")
    await wait_for(pilot, lambda: type(app.screen).__name__ == "ExplorerScreen", what="the explorer")
    await press(pilot, "escape")
    await wait_for(pilot, lambda: type(app.screen).__name__ == "HomeScreen", what="the course map")


@pytest.mark.slow
async def test_revisiting_lessons_and_explorers_retains_nothing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        for _ in range(3):  # warm-up: imports, style caches, plotext themes, the quiz's first numbers
            await visit(pilot)
        widgets = live_widgets()
        ids = live_ids()
        for _ in range(VISITS):
            await visit(pilot)
        retained = new_bytes(ids)
        grown = {name: n - widgets[name] for name, n in live_widgets().items() if n > widgets[name]}
    assert not grown, f"widgets kept alive after {VISITS} visits: {grown}"
    assert retained / VISITS <= MAX_BYTES_PER_VISIT, (
        f"{retained / VISITS / 1e6:.3f} MB retained per visit (bound {MAX_BYTES_PER_VISIT / 1e6} MB)")


async def test_b_goes_back_like_escape(tmp_path: Path) -> None:
    """A non-Esc key back to the map and out of an explorer (a lone Esc waits out the terminal's delay)."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.open_lesson("t1-rise", 0)
        await wait_for(pilot, lambda: type(app.screen).__name__ == "LessonScreen", what="the lesson")
        await press(pilot, "b")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HomeScreen", what="the course map")
        app.open_explorer("secant")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ExplorerScreen", what="the explorer")
        await press(pilot, "b")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HomeScreen", what="the course map")


async def test_the_footer_offers_no_letter_a_questions_options_take(tmp_path: Path) -> None:
    """With a question's options focused, a and b tick options a and b, yet the footer offered "a Answer"
    and "b Course map" (seen at 120 columns; at 80 they were cut off). It now offers what those keys do
    there: esc leaves the options, as it leaves an answer box; b ticks b."""
    from mfml_tui.ui.widgets.choices import ChoiceList

    def footer() -> str:
        return screen_text(app).splitlines()[-1]

    app = make_app(tmp_path, start_lesson="t1-practice")
    async with app.run_test(size=(120, 24)) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "shown_step", None) == 0, what="the lesson")
        await press(pilot, "n")
        await wait_for(pilot, lambda: app.screen.shown_step == 1, what="the step with a choice")
        await press(pilot, "a")
        await wait_for(pilot, lambda: isinstance(app.focused, ChoiceList), what="the options")
        options = app.focused
        await wait_for(pilot, lambda: "esc Leave answer" in footer(), what="esc in the footer")
        assert "a Answer" not in footer() and "Course map" not in footer() and "n Next" in footer()
        await press(pilot, "b")
        assert options.chosen == {1} and app.screen.shown_step == 1  # b ticked b, as the options say
        await press(pilot, "escape")
        await wait_for(pilot, lambda: "b Course map" in footer(), what="b in the footer again")
        assert "a Answer" in footer()


async def test_the_footer_shows_b_to_go_back_and_esc_while_typing(tmp_path: Path) -> None:
    """The footer names the quick key (b) on a step; in an answer box b types a b, so it names esc there,
    which leaves the box (so says the footer).
    The explorer's frame says b leaves it too, and b does."""
    from textual.widgets import Input

    from mfml_tui.ui.explorers.base import Explorer

    def footer() -> str:
        return screen_text(app).splitlines()[-1]

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.open_lesson("t1-rise", 2)  # "Your turn": a question
        await wait_for(pilot, lambda: getattr(app.screen, "shown_step", None) == 2, what="the step")
        await wait_for(pilot, lambda: "Course map" in footer(), what="the footer")
        assert "b Course map" in footer() and "esc" not in footer()
        await press(pilot, "a")
        await wait_for(pilot, lambda: isinstance(app.focused, Input), what="the answer box")
        # Esc there leaves the box, not the lesson: the footer said "esc Course map" for a key that stays
        await wait_for(pilot, lambda: "esc Leave answer" in footer(), what="esc in the footer")
        assert "Course map" not in footer()
        await press(pilot, "b")
        assert isinstance(app.focused, Input) and app.focused.value.endswith("b")  # typed, not back
        await press(pilot, "escape")
        await wait_for(pilot, lambda: "b Course map" in footer(), what="b in the footer again")
        await press(pilot, "left")
        await wait_for(pilot, lambda: app.screen.shown_step == 1, what="the step with the explorer")
        explorer = app.screen.query_one(Explorer)
        await press(pilot, "e")
        await wait_for(pilot, lambda: explorer.has_focus, what="the explorer")
        assert explorer.border_subtitle == "b or Esc to leave"
        await press(pilot, "b")
        await wait_for(pilot, lambda: not explorer.has_focus, what="the keys back")
        assert type(app.screen).__name__ == "LessonScreen"
        await press(pilot, "b")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HomeScreen", what="the course map")
