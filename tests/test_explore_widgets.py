"""Explorer widgets driven by keys in a headless app (Textual pilot) at 80×24."""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from mfml_tui import explore
from mfml_tui.course.model import ExploreSpec, Location
from mfml_tui.ui.explorers import EXPLORERS, WIDGETS, ExplorerPlot, ExplorerScreen, Sandpit, make_explorer

HERE = Location(Path("test.md"), 1)


def spec(kind: str, **options) -> ExploreSpec:
    return ExploreSpec(kind, options, HERE)


class Host(App):
    def __init__(self, widget) -> None:
        super().__init__()
        self.widget = widget
        self.won: list[Sandpit.Won] = []

    def compose(self) -> ComposeResult:
        yield self.widget

    def on_mount(self) -> None:
        self.widget.focus()

    def on_sandpit_won(self, message: Sandpit.Won) -> None:
        self.won.append(message)


def text_of(widget, cls: str) -> str:
    return str(widget.query_one(f".{cls}", Static).content)


async def settle(pilot) -> None:
    await asyncio.wait_for(pilot.pause(), timeout=5)


async def test_sandpit_keys_move_dip_and_win():
    w = make_explorer(spec("sandpit", pit="intro"))
    app = Host(w)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        x, y = w.game.cursor  # a start drawn from the seed, away from the phone
        await pilot.press("left", "H", "k", "J")
        assert w.game.cursor == pytest.approx((max(x - 0.6, 0), min(max(y - 0.4, 0), 6)))
        await pilot.press("enter")
        assert w.game.used == 1
        assert "1) −" in text_of(w, "side")
        assert "dips 1/25" in text_of(w, "side")
        assert "⏎ dip" in text_of(w, "legend")
        # play to the end by following the arrows
        for _ in range(30):
            d = w.game.last
            w.state = w.game.move_to(d.x + d.arrow[0], d.y + d.arrow[1])
            await pilot.press("enter")
            if w.game.over:
                break
        await settle(pilot)
        assert w.game.won
        assert "Congratulations" in text_of(w, "status")
        assert app.won and app.won[0].pit == "intro" and app.won[0].dips == w.game.used
        assert w.best["intro"] == w.game.used


async def test_sandpit_change_pit_worker_and_reveal():
    w = make_explorer(spec("sandpit"))
    async with Host(w).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        assert w.game.pit.name == "depth_only"
        await pilot.press("w", "plus")
        assert w.game.rule == "gradient" and w.game.gamma > 0.5
        await pilot.press("g")
        assert w.game.over and "revealed" in text_of(w, "status")


async def test_taylor_keys_change_order_point_and_function():
    w = make_explorer(spec("taylor"))
    async with Host(w).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert w.state.order == 1 and "T₁(x) = 1 + x" in text_of(w, "status")
        await pilot.press("plus", "plus")
        assert w.state.order == 3
        assert "T₃(x) = 1 + x + 0.5·x² + 0.1667·x³" in text_of(w, "status")
        await pilot.press("minus")
        assert w.state.order == 2
        await pilot.press("right", "right")
        assert w.state.around == pytest.approx(0.3)
        await pilot.press("f")
        assert w.state.label == "cos x"
        await pilot.press("4")
        assert w.state.f == "1/x" and w.state.around == 4
        assert "(x − 4)" in text_of(w, "status")
        assert "▶4 1/x" in text_of(w, "side")


async def test_descent_keys_step_gamma_method_and_start():
    w = make_explorer(spec("descent"))
    async with Host(w).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "space")
        assert w.state.shown == 2 and "step 2" in text_of(w, "side")
        await pilot.press("e")
        assert w.state.finished and "minimum" in text_of(w, "status")
        await pilot.press("plus")
        assert w.state.gamma == 0.3 and w.state.shown == 0
        await pilot.press("m")
        assert w.state.rule == "hessian"
        await pilot.press("e")
        assert "saddle" in text_of(w, "status")
        start = w.state.start
        await pilot.press("left", "shift+up")
        assert w.state.start[0] < start[0] and w.state.start[1] > start[1]


async def test_descent_says_its_arrow_is_the_way_downhill():
    """The side panel drew −∇f's arrow right after ∇f's numbers, "∇f = (−0.573, 6) ↓": an arrow pointing
    against the vector it seemed to show. It is now on a line of its own that says it is −∇f."""
    w = make_explorer(spec("descent", f="x^2 + 3y^2", start=[1, 1]))  # ∇f = (2, 6): uphill is up
    async with Host(w).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        side = text_of(w, "side")
        assert "∇f = (2, 6)\n" in side and "downhill, −∇f: ↓" in side


@pytest.mark.parametrize("kind", list(WIDGETS))
async def test_every_explorer_fits_80x24_with_plot_and_legend(kind):
    w = make_explorer(spec(kind))
    async with Host(w).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert w.region.height <= 24 and w.region.width <= 80
        plot = w.query_one(ExplorerPlot)
        assert plot.size.width >= 40 and plot.size.height >= 10
        legend = w.query_one(".legend", Static)
        assert legend.region.height == 1 and legend.region.bottom <= 24
        assert len(w.LEGEND) <= legend.size.width
        keys = ["left", "right", "up", "down", "plus", "minus", "enter"]
        for key in keys if kind != "backprop" else keys[:-1]:  # (enter would start training)
            await pilot.press(key)
        await settle(pilot)
        assert "Cannot draw" not in str(plot.render())


async def test_backprop_trains_in_a_worker_and_keys_stay_responsive():
    w = make_explorer(spec("backprop"))
    app = Host(w)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = w.state.cost
        await pilot.press("s")  # one chunk, in a thread
        await asyncio.wait_for(w.workers.wait_for_complete(), timeout=20)
        await settle(pilot)
        assert w.state.iterations == w.CHUNK and w.state.cost < before
        assert not w.training
        # keep training; while it runs a key is handled at once (the worker never blocks the UI)
        app.simulate_key("space")
        for _ in range(1000):  # a chunk or more trained (0.3 s on an idle machine; a busy one is slower)
            if w.training and w.state.iterations > w.CHUNK:
                break
            await asyncio.sleep(0.01)
        assert w.training and w.state.iterations > w.CHUNK
        aggression = w.trainer.aggression
        app.simulate_key("plus")
        loop = asyncio.get_running_loop()
        start = loop.time()
        while w.trainer.aggression == aggression and loop.time() - start < 2:
            await asyncio.sleep(0.002)
        assert w.trainer.aggression > aggression
        assert loop.time() - start < 1.0  # a chunk in the UI thread would hold the key for seconds
        app.simulate_key("space")  # pause: the worker is cancelled between chunks
        for _ in range(500):
            if not w.training and all(worker.is_finished for worker in w.workers):
                break
            await asyncio.sleep(0.01)
        assert not w.training and all(worker.is_finished for worker in w.workers)
        await settle(pilot)
        assert "paused" in text_of(w, "status")


async def test_explorer_screen_opens_and_closes():
    class Palette(App):
        def on_mount(self) -> None:
            self.push_screen(ExplorerScreen(spec("secant")))

    app = Palette()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ExplorerScreen)
        w = app.screen.query_one(WIDGETS["secant"])
        assert w.has_focus
        await pilot.press("minus")
        assert w.state.h == 0.5
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ExplorerScreen)


def test_registry_covers_every_kind():
    """Every explorer kind a lesson may name (explore.KINDS, the spec table) has a widget, and no widget
    lacks a kind (EXPLORERS is derived from WIDGETS, so comparing those two could not fail)."""
    assert set(WIDGETS) == set(explore.KINDS)
    for kind, (title, options) in EXPLORERS.items():
        assert title and isinstance(options, dict)
        assert make_explorer(spec(kind, **options))  # as the command palette passes them


def test_bad_spec_raises():
    with pytest.raises(ValueError):
        make_explorer(spec("nope"))
    with pytest.raises(ValueError):
        make_explorer(spec("secant", f="x+"))


@pytest.mark.parametrize("kind", ["descent", "sandpit"])
async def test_fast_plot_strips_match_the_text_path_cell_for_cell(kind):
    """The explorers' plot skips Text.from_ansi; what reaches the screen must not change."""
    from rich.text import Text
    from textual.style import Style
    from textual.visual import Visual, visualize

    from mfml_tui.ui.widgets.plot import AnsiPlot, build_ansi

    def cells(strips):
        return [[(ch, seg.style.color, seg.style.bgcolor, seg.style.bold) for seg in strip for ch in seg.text]
                for strip in strips]

    w = make_explorer(spec(kind))
    async with Host(w).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        plot = w.query_one(ExplorerPlot)
        assert isinstance(plot.render(), AnsiPlot)
        ansi = build_ansi(plot)
        width, height = plot.size
        base = Style.from_rich_style(plot.rich_style)
        old = cells(Visual.to_strips(plot, visualize(plot, Text.from_ansi(ansi)), width, height, base))
        new = cells(Visual.to_strips(plot, visualize(plot, AnsiPlot(ansi, pilot.app.ansi_theme)), width,
                                     height, base))
        assert len(new) == height and sum(map(len, new)) == width * height
        assert new == old


async def test_sandpit_best_score_is_kept_in_the_store():
    class Tutor:
        def __init__(self) -> None:
            self.settings: dict[str, str] = {}

        def setting(self, key: str) -> str | None:
            return self.settings.get(key)

        def set_setting(self, key: str, value: str) -> None:
            self.settings[key] = value

    tutor = Tutor()
    for expected_best in (None, "kept"):
        w = make_explorer(spec("sandpit", pit="intro"))
        app = Host(w)
        app.tutor = tutor
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            if expected_best == "kept":  # a new session shows the best score before any dip
                assert f"best {tutor.settings['sandpit.best.intro']}" in text_of(w, "side")
                return
            for _ in range(30):
                await pilot.press("enter")
                if w.game.over:
                    break
                d = w.game.last
                w.state = w.game.move_to(d.x + d.arrow[0], d.y + d.arrow[1])
            assert w.game.won
            assert tutor.settings == {"sandpit.best.intro": str(w.game.used)}


class AsciiTutor:
    ascii_only = True
    marker = "ascii"

    def setting(self, key: str) -> None:
        return None


# 77 and 66 columns: the explorer's box inside a lesson at 80×24 and beside the text at 120×40
@pytest.mark.parametrize("size", [(77, 24), (66, 40), (80, 24), (120, 40)])
@pytest.mark.parametrize("kind", list(WIDGETS))
@pytest.mark.parametrize("ascii_mode", [False, True])
async def test_every_key_of_the_legend_is_visible(kind, size, ascii_mode):
    import re

    from rich.cells import cell_len

    from mfml_tui.ui.ascii import asciify

    w = make_explorer(spec(kind))
    app = Host(w)
    if ascii_mode:
        app.tutor = AsciiTutor()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        legend = w.query_one(".legend", Static)
        lines = legend.render().plain.splitlines()
        assert legend.region.height == len(lines) <= 2
        assert legend.region.bottom <= w.region.bottom - 1  # inside the border
        assert all(cell_len(line) <= legend.size.width for line in lines)
        wanted = asciify(w.LEGEND, separators=True) if ascii_mode else w.LEGEND
        for item in re.split(r" {2,}", wanted):
            assert any(item in line for line in lines), f"{item!r} not whole in {lines}"
        plot = w.query_one(ExplorerPlot)
        assert plot.size.height >= 10


class MarkerTutor:
    ascii_only = False

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def setting(self, key: str) -> None:
        return None


# the lesson's sizes: inside a lesson at 80×24, beside the text at 120×40, and full screen at 120×40
@pytest.mark.parametrize("size", [(77, 24), (66, 40), (120, 40)])
@pytest.mark.parametrize("kind", ["descent", "lagrange", "sandpit"])
@pytest.mark.parametrize("family", ["dot", "braille"])
async def test_level_curves_leave_the_map_readable(kind, size, family):
    import re

    from mfml_tui.ui.explorers.base import glyph_of

    w = make_explorer(spec(kind))
    app = Host(w)
    app.tutor = MarkerTutor(family)
    async with app.run_test(size=size) as pilot:
        if size == (120, 40):
            w.styles.height = 38  # full screen (the command palette's explorer screen)
        await settle(pilot)
        await pilot.press(*(["g"] if kind == "sandpit" else ["enter", "enter", "enter"]))  # g: reveal
        await settle(pilot)
        plot = w.query_one(ExplorerPlot)
        rows = str(plot.render()).splitlines()
        inside = [re.match(r"^[^┤│]*[┤│](.*)[│┤]\s*$", r) for r in rows[1:-2]]
        inner = "".join(m.group(1) for m in inside if m)
        # level cells: `•` (the path is `+`, its points other shapes) or braille (the path is `•`)
        braille = sum("\u2801" <= ch <= "\u28ff" for ch in inner)
        levels = inner.count("•") if family == "dot" else braille
        assert len(inner) > 200
        assert levels / len(inner) < 1 / 3, "\n".join(rows)  # was 0.8 in a lesson, 0.4 full screen
        if kind == "descent":  # the path's own marker shows along its three steps
            assert inner.count(glyph_of(w.series(1)["marker"])) >= 3


def test_a_graph_is_broken_where_the_function_is_undefined():
    """ln x on [−1, 4] in the Taylor explorer: nothing is drawn left of 0 (it used to be placed above
    the view, which drew a wall at x = 0), and a pole is not joined across. Drawn headless through
    the plots' canvas, as the widget draws it."""
    import plotext

    from mfml_tui.explore import build
    from mfml_tui.plots.explorers import draw_explorer

    def f_pieces(f: str, x: list[float]) -> list[tuple[list[float], list[float]]]:
        state = build("taylor", {"f": f, "x": x, "around": 2, "order": 1})
        try:
            canvas = draw_explorer("taylor", state, plotext, width=60, height=16)
        finally:
            plotext.clear_figure()
        main = canvas.style.line(0)  # f's marker (Tₙ has the next one)
        return [(xs, ys) for method, xs, ys, kw in canvas.panels[0]._series
                if method == "plot" and kw["marker"] == main]

    with np.errstate(all="ignore"):
        pieces = f_pieces("ln(x)", [-1, 4])
        assert pieces and all(min(px) > 0 for px, _ in pieces)
        assert all(np.isfinite(py).all() for _, py in pieces)
        poles = f_pieces("1/(x - 1.01)", [-1, 4])
        assert len(poles) == 2  # the two branches of 1/(x − 1.01), not one line through the pole


def _rows_of_steps(plot_text: str, glyph: str = "●") -> int:
    return sum(glyph in line for line in plot_text.splitlines())


async def test_newton_zoom_keys_spread_steps_that_sat_in_one_row():
    """The sixth-degree polynomial's y range −230…1194 puts every step in one row; `i` zooms in on the
    newest step (f's y range follows the x window), `o` zooms out, `0` shows the whole range again."""
    w = make_explorer(spec("newton", f="x^6/6 - 3x^4 - 2x^3/3 + 27x^2/2 + 18x - 30", x0=1.5,
                           x=[-4, 4]))
    app = Host(w)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        whole = w.state.window
        assert whole == (-4, 4)
        await pilot.press("i")
        await settle(pilot)
        lo, hi = w.state.window
        root = w.state.iterates[-1]
        assert hi - lo == pytest.approx(2.0) and lo < root < hi
        plot = w.query_one(ExplorerPlot)
        before = w.state
        await pilot.press("i")
        await settle(pilot)
        assert w.state.window[1] - w.state.window[0] == pytest.approx(0.5)
        assert str(plot.render()) != ""  # draws at the new window
        await pilot.press("o")
        await settle(pilot)
        assert w.state.window == pytest.approx(before.window)
        await pilot.press("0")
        await settle(pilot)
        assert w.state.window == whole and w.state.view is None
        assert "i/o zoom" in text_of(w, "legend")


async def test_descent_zoom_keys_follow_the_path_and_redraw_the_levels():
    w = make_explorer(spec("descent", f="x^2 + 3y^2", start=[2, 1.5], gamma=0.1))
    app = Host(w)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        end = w.state.path[-1]
        full = w.state.levels(3)
        await pilot.press("i")
        await settle(pilot)
        x0, x1, y0, y1 = w.state.window
        assert x0 < end[0] < x1 and y0 < end[1] < y1
        assert (x1 - x0) == pytest.approx((w.state.x[1] - w.state.x[0]) / 4)
        zoomed = w.state.levels(3)
        assert zoomed[0].max() <= x1 + 1e-9 and not np.array_equal(zoomed[0], full[0])
        await pilot.press("0")
        await settle(pilot)
        assert w.state.view is None
        assert "i/o zoom" in text_of(w, "legend")


async def test_backprop_keys_change_the_neurons_and_switch_the_noise():
    """The lesson asks for fewer neurons and no noise: n/N and m/M resize the hidden layers (a new
    network, same seed), z switches the noise off and back on; the side panel says so."""
    w = make_explorer(spec("backprop", n1=6, n2=7, noise=1))
    async with Host(w).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await asyncio.wait_for(w.workers.wait_for_complete(), timeout=20)
        await settle(pilot)
        assert w.state.iterations == w.CHUNK
        await pilot.press("n", "n", "M")
        await settle(pilot)
        assert w.trainer.sizes == (1, 4, 8, 2)
        assert w.state.iterations == 0 and not w.training  # a fresh network
        assert "network 1-4-8-2" in text_of(w, "side")
        await pilot.press(*["m"] * 12)  # never below one neuron
        assert w.trainer.sizes == (1, 4, 1, 2)
        await pilot.press("z")
        await settle(pilot)
        assert w.trainer.noise == 0 and "noise off" in text_of(w, "side")
        await pilot.press("z")
        assert w.trainer.noise == 1
        assert "n/N m/M neurons" in text_of(w, "legend") and "z noise" in text_of(w, "legend")


ROUND_OFF_KEYS = {  # keys that walk each explorer to where round-off appears (a root, a minimum)
    "taylor": ["plus"] * 12,
    "newton": ["e"],
    "descent": ["e", "m", "e"],
    "lagrange": ["enter", "right", "enter"],
    "chi2": ["s", "g", "g"],
    "network": ["down", "right"],
    "backprop": [],
    "sandpit": ["enter", "w", "enter", "g"],
}


@pytest.mark.parametrize("kind", [k for k in WIDGETS if k != "secant"])
async def test_explorer_side_panels_print_no_round_off(kind):
    """What an explorer prints beside its plot is held to the render check's rule: a value that is
    round-off next to the numbers around it (f = −2.69×10⁻⁵⁹ at a root) reads 0, and no e-notation.
    (Not the secant: its table's h runs down to 10⁻¹² on purpose, beside quotients near f′.)"""
    from mfml_tui.plots.audit import round_off

    w = make_explorer(spec(kind))
    async with Host(w).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in ROUND_OFF_KEYS.get(kind, ["enter", "enter", "e"]):
            await pilot.press(key)
        await settle(pilot)
        for part in ("side", "status"):
            text = text_of(w, part)
            assert not round_off(text), (kind, part, round_off(text), text)


@pytest.mark.parametrize(("kind", "options", "keys"), [
    ("secant", {"f": "t^2 + 1", "x0": 1}, ["down", "c"]),
    ("newton", {"f": "t^2 - 2", "x0": 1, "starts": [1], "x": [0, 2]}, ["e"]),
])
async def test_an_explorer_in_t_says_t_everywhere(kind, options, keys):
    """A lesson in t gets an explorer in t: its function is written in t, and the side panel, the
    status, the key legend and the plot's key say f(t), t₀, tᵢ, never x (a lesson saying t over an
    explorer saying x₀ was the issue's complaint)."""
    from mfml_tui.plots.explorers import key as plot_key
    from mfml_tui.plots.explorers import render_explorer
    from mfml_tui.plots.style import Style

    w = make_explorer(spec(kind, variable="t", **options))
    async with Host(w).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
        await settle(pilot)
        shown = "\n".join(text_of(w, part) for part in ("side", "status", "legend"))
        assert "f(t)" in shown and "t₀" in shown, shown
        assert "x" not in shown.replace("×", ""), shown
        if kind == "newton":
            assert "converged to t = 1.414213562" in shown and "tᵢ" in shown
    labels = " ".join(label for _, label in plot_key(kind, Style("dot"), w.state))
    assert "x" not in labels, labels
    assert "●" in render_explorer(kind, w.state, 47, 16)  # f in t draws, with its points
    assert explore.validate(spec(kind, variable="t", **options)) == []
    assert any("uses x" in p for p in explore.validate(spec(kind, variable="t", f="x^2")))
    assert any("one letter" in p for p in explore.validate(spec(kind, variable="e")))


@pytest.mark.parametrize(("kind", "options", "keys"), [
    ("secant", {}, ["down"] * 40),  # h down to 10⁻¹²: `5×10⁻¹⁰`, `−4.4×10⁻⁵` were wider than their columns
    ("newton", {"f": "atan(x)", "x0": 1.5, "starts": [1.5]}, ["e"]),  # diverging: x₇ = −2.38×10¹³
    # the course's sextic from 3.1: f(x₂₇) = 1.11×10⁻⁵, in ASCII 1.11*10^(-5), three cells wider
    ("newton", {"f": "x^6/6 - 3x^4 - 2x^3/3 + 27x^2/2 + 18x - 30", "x0": 3.1, "starts": [3.1]}, ["e"]),
])
@pytest.mark.parametrize("ascii_mode", [False, True])
async def test_side_tables_never_wrap_a_row(kind, options, keys, ascii_mode):
    """A side table keeps its columns at any h and any iterate, as the screen writes them (ASCII's
    x_i and *10^(-5) are wider than xᵢ and ×10⁻⁵): each cell gives up digits to fit its column, so no
    row is wider than the panel (a wrapped row breaks the table for every row below)."""
    w = make_explorer(spec(kind, **options))
    app = Host(w)
    if ascii_mode:
        app.tutor = AsciiTutor()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
        await settle(pilot)
        side = w.query_one(".side", Static)
        lines = text_of(w, "side").splitlines()
        rows = [line for line in lines if "  " in line.strip()]
        assert rows and all(len(line) <= side.content_region.width for line in rows), rows
        header = next(line for line in lines if line.split()[:1] in (["h"], ["i"]))
        assert len(header) <= side.content_region.width, header
        # every row has the header's cells on one line: three, or (secant in ASCII at tiny h, where three
        # sci numbers cannot fit 27 cells) h and the quotient, the error being in the status line
        cells = len(header.split())
        assert cells == 3 or (ascii_mode and kind == "secant" and header.split() == ["h", "quotient"]), header
        below = lines[lines.index(header) + 1:]
        table = below[:next((i for i, line in enumerate(below) if not line.strip()), len(below))]
        assert table and all(len(row.split()) == cells for row in table), table


def test_a_slider_bar_is_never_broken_by_a_blank_cell() -> None:
    """The network explorer's bars read `███ ░░░░░░░░` at −10 of ±20 (a cell boundary drew a blank partial
    cell). Every bar is full cells, at most one eighth-block, then the track, `width` cells in all, and its
    length in eighths is the value's (the oracle: the fraction times 8·width, rounded down)."""
    from mfml_tui.ui.explorers.fitting import bar

    def eighths(drawn: str) -> int:
        body = drawn.rstrip("░")
        assert set(body[:-1]) <= {"█"}, drawn
        return 8 * body.count("█") + (" ▏▎▍▌▋▊▉".index(body[-1]) if body and body[-1] != "█" else 0)

    for width in (12, 14):
        for k in range(-8 * width - 3, 8 * width + 4):
            exact = [k / (8 * width)] if k % 8 == 0 else []
            for value in [(k + 0.5) / (8 * width), *exact]:
                drawn = bar(value, width, 0.0, 1.0)  # mid-eighth, and whole cells exactly (k / 8 cells)
                assert len(drawn) == width and " " not in drawn, (value, drawn)
                assert eighths(drawn) == max(0, min(8 * width, k)), (value, drawn)
    assert bar(-10, 12, -20, 20) == "███░░░░░░░░░"  # the explorer's w⁽¹⁾₁₀ preset
