"""Explorer series are told apart by marker and a key, not by colour alone (NO_COLOR, monochrome links).

The plot widget's painter is wrapped so that every `plt.plot`/`plt.scatter` call is recorded with its
marker and colour; the checks then ignore colour: two different series (different colour or marker)
must never share a marker, and every marker drawn must be named in the key on screen.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from mfml_tui.course.model import ExploreSpec, Location
from mfml_tui.plots.style import MARKERS as FAMILIES
from mfml_tui.ui.explorers import WIDGETS, ExplorerPlot, make_explorer
from mfml_tui.ui.explorers.base import glyph_of

HERE = Location(Path("test.md"), 1)


class Tutor:
    """Just what the explorers ask of the app's tutor."""

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.ascii_only = marker == "ascii"

    def setting(self, key: str) -> None:
        return None


class Host(App):
    def __init__(self, widget, marker: str) -> None:
        super().__init__()
        self.widget = widget
        self.tutor = Tutor(marker)

    def compose(self) -> ComposeResult:
        yield self.widget

    def on_mount(self) -> None:
        self.widget.focus()


class Recorder:
    """Stands in for plotext's module (or a panel's figure): records plot/scatter calls, forwards
    everything. The canvas draws on `subplot(r, c)`'s figure: that is recorded into the same list."""

    def __init__(self, plt: Any, calls: list | None = None) -> None:
        self._plt = plt
        self.calls: list[tuple[str, str, Any]] = [] if calls is None else calls

    def subplot(self, *args: Any) -> Recorder:
        return Recorder(self._plt.subplot(*args), self.calls)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._plt, name)

    def plot(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append(("plot", _named(kwargs["marker"]), kwargs["color"]))
        self._plt.plot(*args, **kwargs)

    def scatter(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append(("scatter", _named(kwargs["marker"]), kwargs["color"]))
        self._plt.scatter(*args, **kwargs)


def _named(marker: Any) -> Any:
    """A dense braille/hd series reaches plotext one character a cell (`Panel._one_per_cell`): a list of
    that family's characters. It is drawn in that family: its name, as the key gives it."""
    if not isinstance(marker, list):
        return marker
    from plotext._utility import braille_codes, fhd_codes, hd_codes

    chars = set(marker)
    for name, table in (("braille", braille_codes), ("hd", hd_codes), ("fhd", fhd_codes)):
        if chars <= set(table.values()):
            return name
    raise AssertionError(f"a list of markers that is no dot family: {sorted(chars)[:5]}")


def drawn(widget) -> tuple[list[tuple[str, str, Any]], str]:
    """The series calls of one redraw of the explorer's plot, and the text that was drawn."""
    plot = widget.query_one(ExplorerPlot)
    painter = plot.painter
    recorder: list[Recorder] = []

    def recording(plt: Any, width: int, height: int) -> None:
        recorder.append(Recorder(plt))
        painter(recorder[-1], width, height)

    plot.painter = recording
    try:
        text = plot.render()
    finally:
        plot.painter = painter
    assert recorder, "the plot was not drawn"
    return recorder[-1].calls, str(getattr(text, "plain", text))


def text_of(widget, cls: str) -> str:
    return str(widget.query_one(f".{cls}", Static).content)


def assert_distinct(calls: list[tuple[str, str, Any]]) -> None:
    """Series that differ (by colour or marker) never share a marker: colour is not needed."""
    series = {(marker, color) for _kind, marker, color in calls}
    by_marker: dict[str, set] = {}
    for marker, color in series:
        by_marker.setdefault(marker, set()).add(color)
    shared = {m: c for m, c in by_marker.items() if len(c) > 1}
    assert not shared, f"series told apart only by colour: {shared}"


KEYS = {  # kind → keys that show every series (a path, a revealed pit…)
    "secant": ["down"],
    "taylor": ["plus"],
    "newton": ["enter", "enter"],
    "descent": ["enter", "enter", "enter"],
    "lagrange": ["right", "enter"],
    "chi2": ["right"],
    "heights": ["enter"],
    "network": ["right"],
    "backprop": [],
    "sandpit": ["w", "enter", "left", "left", "enter", "g"],
}


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("kind", list(WIDGETS))
async def test_series_have_distinct_markers_named_in_the_key(kind, family):
    w = make_explorer(ExploreSpec(kind, {}, HERE))
    async with Host(w, family).run_test(size=(80, 24)) as pilot:
        await asyncio.wait_for(pilot.pause(), timeout=5)
        await pilot.press(*KEYS[kind])
        await asyncio.wait_for(pilot.pause(), timeout=5)
        calls, plot_text = drawn(w)
        assert len({marker for _k, marker, _c in calls}) >= 2
        assert_distinct(calls)
        words = text_of(w, "side") + text_of(w, "status")
        for _kind, marker, _color in calls:
            assert glyph_of(marker) in words, f"{marker!r} is drawn but not in the key"
        if family == "ascii":
            assert plot_text.isascii() and words.isascii()
            for _kind, marker, _color in calls:  # drawn as is: the plot shows the key's character
                assert len(marker) == 1 and marker.isascii(), marker


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("secant", ["⠿ f", "• tangent", "+ secant", "● the two points"]),
        ("descent", ["⠿ levels", "• path", "◆ steps", "■ start", "● now"]),
        ("chi2", ["● data", "• line", "⠿ residual"]),
        ("heights", ["⠿ heights", "• f(x; μ, σ)"]),
    ],
)
async def test_key_is_on_screen_beside_the_plot(kind, expected):
    w = make_explorer(ExploreSpec(kind, {}, HERE))
    async with Host(w, "braille").run_test(size=(80, 24)) as pilot:
        await asyncio.wait_for(pilot.pause(), timeout=5)
        side = w.query_one(".side", Static)
        lines = text_of(w, "side").splitlines()
        for entry in expected:
            row = next(i for i, line in enumerate(lines) if entry in line)
            assert row < side.size.height, f"{entry!r} is below the side panel's edge"
            assert len(lines[row]) <= side.content_size.width
        shown = "\n".join(strip.text for strip in side.render_lines(side.region.reset_offset))
        for entry in expected:
            assert entry in shown


async def test_secant_roles_keep_their_markers_in_dot_and_ascii():
    for family, markers, key in (
        ("dot", ["dot", "+", "x", "●"], "• f  + tangent  x secant"),
        ("ascii", ["*", "+", "x", "O"], "* f  + tangent  x secant"),
    ):
        w = make_explorer(ExploreSpec("secant", {}, HERE))
        async with Host(w, family).run_test(size=(80, 24)) as pilot:
            await asyncio.wait_for(pilot.pause(), timeout=5)
            calls, plot_text = drawn(w)
            assert [m for _k, m, _c in calls] == markers
            assert key in text_of(w, "side")
            for marker in markers:
                assert glyph_of(marker) in plot_text


@pytest.mark.parametrize("family", FAMILIES)
async def test_backprop_explorer_draws_target_and_network_as_the_lesson_plot_does(family):
    """The lesson's network plot and the explorer below it: the same marker and colour for the target
    heart and for the network's drawing, named alike in the legend and the key."""
    import plotext

    from mfml_tui.course.loader import load_lesson
    from mfml_tui.plots import draw_canvas

    path = Path(__file__).parents[1] / "lessons/3-chain-rule-and-networks/05-backpropagation.md"
    lesson = load_lesson(path)
    plot = next(p for s in lesson.steps for p in s.plots if p.kind == "network")
    specs = [getattr(b, "spec", None) for s in lesson.steps for b in s.blocks]
    explore = next(s for s in specs if isinstance(s, ExploreSpec))
    assert explore.kind == "backprop"
    spec = {"kind": plot.kind, **plot.options, "iterations": 10}
    try:
        _info, canvas = draw_canvas(spec, plotext, width=77, height=14, marker=family)
    finally:
        plotext.clear_figure()
    in_plot = {kw["label"]: (kw["marker"], kw["color"])
               for p in canvas.panels for _m, _x, _y, kw in p._series if kw.get("label")}
    w = make_explorer(explore)
    async with Host(w, family).run_test(size=(80, 24)) as pilot:
        await asyncio.wait_for(pilot.pause(), timeout=5)
        calls, _text = drawn(w)
        key = text_of(w, "status")
    in_explorer = {"target": [(m, c) for k, m, c in calls if k == "scatter"],
                   "network": [(m, c) for k, m, c in calls if k == "plot"]}
    for label in ("target", "network"):
        assert in_explorer[label] == [in_plot[label]], (label, in_explorer[label], in_plot[label])
        assert f"{glyph_of(in_plot[label][0])} {label}" in key
