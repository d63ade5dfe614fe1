"""What makes a step cheap to build must not change what it shows (issue #20: cold step builds).

- A lesson plot's finished drawing is kept (`plot._DRAWN`): the same spec at the same size, marker and theme
  is drawn once, and the kept drawing is exactly the one drawn; a new size, theme or an explorer's `state`
  draws afresh.
- A network plot not trained yet is on screen before its training (which runs in a thread, never in the UI
  thread), drawn as the network starts; once trained it is drawn again, exactly as drawn at once, and kept.
  A network plot mounted but not shown (a step built ahead) is trained then, so it is drawn whole when shown.
  `lessons check` and the other headless drawings still train in place.
- `QuickButton` starts with exactly the classes and reactive values of Textual's `Button`.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Button

from mfml_tui import plots
from mfml_tui.course.model import Location, PlotSpec
from mfml_tui.engine.memo import Memo
from mfml_tui.engine.network import Network
from mfml_tui.plots import training
from mfml_tui.ui.widgets import plot as plot_module
from mfml_tui.ui.widgets.buttons import QuickButton
from mfml_tui.ui.widgets.plot import SpecPlot

HERE = Location(Path("t.md"), 1)


class Plots(App):
    CSS = "SpecPlot { height: 12; width: 50; }"

    def __init__(self, *specs: PlotSpec, state=None) -> None:
        super().__init__()
        self.specs, self.state = specs, state

    def compose(self) -> ComposeResult:
        for spec in self.specs:
            plot = SpecPlot(spec)
            plot.state = self.state
            yield plot


def _lines(app: App) -> list[str]:
    return [line.text for plot in app.query(SpecPlot) for line in plot.render_lines(plot.region.reset_offset)]


@pytest.fixture
def drawn(monkeypatch):
    """Count the drawings, with an empty cache."""
    monkeypatch.setattr(plot_module, "_DRAWN", Memo(plot_module.DRAWN_CACHE_SIZE))
    calls = []
    real = plots.draw

    def counting(spec, *args, **kwargs):
        calls.append(spec.options.get("f"))
        return real(spec, *args, **kwargs)

    monkeypatch.setattr(plots, "draw", counting)
    return calls


async def test_a_plot_seen_again_is_not_drawn_again_and_looks_the_same(drawn):
    spec = PlotSpec("function", {"f": "x^2 - 1", "x": [-2, 2]}, HERE)
    other = PlotSpec("function", {"f": "sin(x)", "x": [-2, 2]}, HERE)
    app = Plots(spec, PlotSpec("function", dict(spec.options), HERE), other)
    async with app.run_test(size=(60, 40)) as pilot:
        await pilot.pause()
        first, second, third = app.query(SpecPlot)
        assert drawn.count("x^2 - 1") == 1 and drawn.count("sin(x)") == 1
        lines = [[s.text for s in p.render_lines(p.region.reset_offset)] for p in (first, second, third)]
        assert lines[0] == lines[1] != lines[2]
        assert first.info is second.info  # the caption under it comes from the same drawing
        assert any("┤" in line for line in lines[0])  # a drawn plot, not a note


async def test_the_kept_drawing_is_the_one_a_fresh_draw_makes(drawn):
    spec = PlotSpec("function", {"f": "x^3 - x", "x": [-2, 2]}, HERE)
    async with Plots(spec).run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        fresh = _lines(pilot.app)
    assert len(plot_module._DRAWN) == 1
    async with Plots(spec).run_test(size=(60, 20)) as pilot:  # a new app: the cache only
        await pilot.pause()
        assert _lines(pilot.app) == fresh
    assert drawn.count("x^3 - x") == 1


async def test_the_kept_drawings_are_bounded_least_recently_used_first(drawn, monkeypatch):
    monkeypatch.setattr(plot_module, "_DRAWN", Memo(2))
    first, second, third = (PlotSpec("function", {"f": f, "x": [-2, 2]}, HERE) for f in ("x", "x^2", "x^3"))
    for spec in (first, second, first, third, first, second):  # x used again before x³ comes in
        async with Plots(spec).run_test(size=(60, 20)) as pilot:
            await pilot.pause()
    assert len(plot_module._DRAWN) == 2
    assert drawn.count("x") == 1 and drawn.count("x^3") == 1
    assert drawn.count("x^2") == 2  # the least recently used, dropped for x³


async def test_a_new_size_or_theme_draws_again(drawn):
    spec = PlotSpec("function", {"f": "x^2", "x": [-2, 2]}, HERE)
    async with Plots(spec).run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        plot = pilot.app.query_one(SpecPlot)
        plot.styles.width = 40
        await pilot.pause()
        assert drawn.count("x^2") == 2
        pilot.app.theme = "textual-light"
        await pilot.pause()
        assert drawn.count("x^2") == 3


async def test_a_plot_with_a_state_is_drawn_every_time(drawn):
    spec = PlotSpec("function", {"f": "x^2 + 1", "x": [-2, 2]}, HERE)
    async with Plots(spec, spec, state={}).run_test(size=(60, 40)) as pilot:
        await pilot.pause()
        assert drawn.count("x^2 + 1") == 2
    assert not plot_module._DRAWN


@pytest.fixture
def gated_training(monkeypatch):
    """Network training, untrained caches: the threads it runs on, and a gate training off the UI thread
    waits at (the UI thread's is never held, so the old code shows up as trained on the UI thread)."""
    monkeypatch.setattr(training, "_TRAINED", Memo(16), raising=False)
    if hasattr(training._trained, "cache_clear"):  # the old lru_cache
        training._trained.cache_clear()
    monkeypatch.setattr(plot_module, "_DRAWN", Memo(plot_module.DRAWN_CACHE_SIZE))
    gate, threads = threading.Event(), []
    real = Network.train

    def train(self, *args, **kwargs):
        threads.append(threading.current_thread())
        if threading.current_thread() is not threading.main_thread():
            gate.wait(10)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Network, "train", train)
    return gate, threads


NETWORK = PlotSpec("network", {"iterations": 300, "seed": 3}, HERE)


async def test_a_network_plot_is_on_screen_before_its_training(gated_training):
    gate, threads = gated_training
    async with Plots(NETWORK).run_test(size=(60, 20)) as pilot:
        plot = pilot.app.query_one(SpecPlot)
        for _ in range(50):  # the frame, and the worker started after it
            await pilot.pause()
            if threads:
                break
            await asyncio.sleep(0.01)
        assert threads and threads[0] is not threading.main_thread(), "trained in the UI thread"
        assert plot.info.values["training"] and len(plot.info.values["costs"]) == 0
        assert "training…" in plot.info.text()
        starting = _lines(pilot.app)
        assert any("┤" in line for line in starting)  # the untrained network is drawn, not a note
        gate.set()
        for _ in range(500):
            await pilot.pause()
            if not plot.info.values.get("training"):
                break
            await asyncio.sleep(0.02)
        assert len(plot.info.values["costs"]) == 300 and "training…" not in plot.info.text()
        trained = _lines(pilot.app)
        assert trained != starting
    assert len(threads) == 1 and len(plot_module._DRAWN) == 1  # trained once; the finished drawing kept
    plot_module._DRAWN.clear()
    async with Plots(NETWORK).run_test(size=(60, 20)) as pilot:  # drawn at once from the trained network
        await pilot.pause()
        assert _lines(pilot.app) == trained
    assert len(threads) == 1


async def test_a_network_plot_built_ahead_trains_before_it_is_shown(gated_training):
    gate, threads = gated_training

    class Ahead(Plots):
        CSS = "SpecPlot { height: 12; width: 50; display: none; }"  # as in a step built ahead, not shown yet

    app = Ahead(NETWORK)
    async with app.run_test(size=(60, 20)) as pilot:
        plot = app.query_one(SpecPlot)
        await pilot.pause()
        assert plot.info is None  # never drawn
        gate.set()
        for _ in range(500):
            await pilot.pause()
            if threads and len(training._TRAINED):
                break
            await asyncio.sleep(0.02)
        assert len(threads) == 1, "not trained before it is shown"
        assert threads[0] is not threading.main_thread()
        assert len(training._TRAINED) == 1
        plot.display = True
        await pilot.pause()
        await pilot.pause()
        assert not plot.info.values["training"] and len(plot.info.values["costs"]) == 300  # whole at once
    assert len(threads) == 1


def test_headless_drawings_train_in_place(gated_training):
    import plotext

    _, threads = gated_training
    info = plots.draw(NETWORK, plotext, width=60, height=20)  # as `lessons check` and render_text draw
    assert threads == [threading.main_thread()]
    assert not info.values["training"] and len(info.values["costs"]) == 300
    deferred: list = []
    info = plots.draw(NETWORK, plotext, width=60, height=20, deferred=deferred)
    assert not deferred and len(info.values["costs"]) == 300  # trained already: nothing left to do
    assert threads == [threading.main_thread()]


class Buttons(App):
    def compose(self) -> ComposeResult:
        for variant in ("default", "primary", "warning"):
            for compact in (False, True):
                yield Button("Check ⏎", variant, classes="check", compact=compact, tooltip="Grade it")
                yield QuickButton("Check ⏎", variant, classes="check", compact=compact, tooltip="Grade it")


async def test_a_quick_button_is_a_button():
    async with Buttons().run_test() as pilot:
        pilot.app.set_focus(None)  # the first button would have the focus, and look it
        await pilot.pause()
        buttons = list(pilot.app.query(Button))
        assert len(buttons) == 12
        for button, quick in zip(buttons[::2], buttons[1::2], strict=True):
            assert type(button) is Button and isinstance(quick, QuickButton)
            assert quick.classes == button.classes
            for name in ("variant", "compact", "flat", "label", "tooltip", "action"):
                assert getattr(quick, name) == getattr(button, name), name
            assert quick.region.size == button.region.size
            assert [list(strip) for strip in quick.render_lines(quick.region.reset_offset)] == \
                   [list(strip) for strip in button.render_lines(button.region.reset_offset)]
