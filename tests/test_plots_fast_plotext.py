"""The faster plotext loops (`plots.fast_plotext`) give plotext's own text, cell for cell."""

from __future__ import annotations

import plotext
import pytest

from mfml_tui.explore import build, defaults
from mfml_tui.plots import draw, fast_plotext
from mfml_tui.plots.examples import EXAMPLES
from mfml_tui.plots.explorers import DRAWINGS, draw_explorer


def _figures():
    for name, spec in EXAMPLES.items():
        for marker, (w, h) in (("braille", (80, 24)), ("dot", (61, 19)), ("ascii", (120, 40)),
                               ("braille", (120, 40)), ("hd", (57, 17))):
            yield f"{name}-{marker}-{w}", lambda spec=spec, marker=marker, w=w, h=h: draw(
                spec, plotext, width=w, height=h, marker=marker)
    for kind in DRAWINGS:
        state = build(kind, defaults(kind))
        yield f"explorer-{kind}", lambda kind=kind, state=state: draw_explorer(
            kind, state, plotext, width=92, height=36, theme="dark")


def _built(make) -> str:
    make()
    return plotext.build()


def test_installed_for_the_checked_plotext():
    assert plotext.__version__ == fast_plotext.CHECKED_VERSION, "check fast_plotext against this plotext"
    assert fast_plotext.install(again=True)
    from plotext._matrix import matrix_class

    assert matrix_class.set_canvas is fast_plotext.set_canvas
    from plotext import _utility

    for name in ("get_matrix_data", "hd_group", "join"):
        assert getattr(_utility, name) is getattr(fast_plotext, name)


@pytest.mark.parametrize("name,make", list(_figures()), ids=lambda v: v if isinstance(v, str) else "")
def test_same_text_as_plotexts_own(name, make):
    assert fast_plotext.install(again=True)
    fast = _built(make)
    fast_plotext.uninstall()
    try:
        from plotext._matrix import matrix_class

        assert matrix_class.set_canvas is not fast_plotext.set_canvas
        own = _built(make)
    finally:
        fast_plotext.install(again=True)
    assert "\x1b[" in own and fast == own


@pytest.mark.parametrize("kind,marker", [("lagrange", "dot"), ("descent", "braille"), ("descent", "dot")])
def test_a_dense_scatter_reaches_plotext_one_point_a_pixel_with_the_same_picture(kind, marker, monkeypatch):
    """An explorer's level curves (3000 points for ~600 cells) are handed to plotext one per pixel it
    draws (its own rounding, after the legend has settled the data area): the same text, fewer points."""
    from mfml_tui.plots import canvas

    state = build(kind, defaults(kind))
    handed: list[int] = []
    real, real_cells = canvas.Panel._one_per_pixel, canvas.Panel._one_per_cell

    def counting(self, xs, ys, *args):
        out = real(self, xs, ys, *args)
        handed.append(len(xs) - len(out[0]))
        return out

    def counting_cells(self, xs, ys, *args):
        out = real_cells(self, xs, ys, *args)
        if out is not None:
            handed.append(len(xs) - len(out[0]))
        return out

    monkeypatch.setattr(canvas.Panel, "_one_per_pixel", counting)
    monkeypatch.setattr(canvas.Panel, "_one_per_cell", counting_cells)
    deduped = _built(lambda: draw_explorer(kind, state, plotext, width=92, height=36, marker=marker))
    monkeypatch.setattr(canvas, "DEDUPE_FROM", 10**9)
    every = _built(lambda: draw_explorer(kind, state, plotext, width=92, height=36, marker=marker))
    assert deduped == every
    assert sum(handed) > 100, handed  # points that plotext no longer has to place


def _own(name: str):
    assert fast_plotext.install(again=True)
    return fast_plotext._ORIGINAL[name]


def _data_sets(rng):
    """Lists as plotext's build hands them: floats in and out of the window, values on pixel edges
    (where plotext's round-half-up decides), numpy floats, and the odd None, nan or text."""
    for _ in range(60):
        lo, hi = sorted(rng.uniform(-1e3, 1e3, 2))
        bins = int(rng.integers(1, 400))
        n = int(rng.integers(0, 300))
        v = list(rng.uniform(lo - (hi - lo), hi + (hi - lo), n))
        edges = [lo + (hi - lo) * (k + 0.5) / max(1, bins - 1) for k in range(-2, bins + 2)]
        yield v + edges, [lo, hi], bins
        yield [float(x) for x in v], [float(lo), float(hi)], bins
    yield [], [0.0, 1.0], 10
    yield [0.0, 0.5, 1.0], [0, 1], 11  # integer limits
    yield [1, 2, 3], [0.0, 4.0], 9  # integer data: plotext's own
    yield [0.1, None, 0.3], [0.0, 1.0], 9
    yield [0.1, float("nan"), 0.3], [0.0, 1.0], 9
    yield ["a", 0.3], [0.0, 1.0], 9
    yield [0.2], [1.0, 1.0], 5  # a zero-width window: plotext's own (it raises)


def test_get_matrix_data_gives_plotexts_own_pixels():
    import numpy as np

    own = _own("get_matrix_data")
    for data, lim, bins in _data_sets(np.random.default_rng(15)):
        try:
            expected = own(list(data), lim, bins)
        except (ZeroDivisionError, TypeError, ValueError) as e:
            with pytest.raises(type(e)):
                fast_plotext.get_matrix_data(list(data), lim, bins)
            continue
        got = fast_plotext.get_matrix_data(list(data), lim, bins)
        assert [type(v) for v in got] == [type(v) for v in expected]
        assert got == expected or (str(got) == str(expected) and "nan" in str(got))


def test_hd_group_gives_plotexts_own_cells_and_codes():
    import numpy as np

    own = _own("hd_group")
    rng = np.random.default_rng(7)
    for sx, sy in ((2, 4), (2, 2), (2, 3)):
        for _ in range(40):
            n = int(rng.integers(1, 400))
            x = [int(v) for v in rng.integers(-5, 60, n)]
            y = [int(v) for v in rng.integers(-9, 90, n)]
            assert fast_plotext.hd_group(x, y, [sx] * n, [sy] * n) == own(x, y, [sx] * n, [sy] * n)
    mixed = ([0, 1, 3], [0, 5, 2], [2, 2, 1], [4, 4, 1])  # two markers in one series
    assert fast_plotext.hd_group(*mixed) == own(*mixed)
    floats = ([0.0, 1.0], [2.0, 3.0], [2, 2], [4, 4])
    assert fast_plotext.hd_group(*floats) == own(*floats)


def test_join_flattens_as_plotexts_own():
    own = _own("join")
    for data in ([], [[1.0, 2.0], [3.0]], [[[1, [2]], 3], "ab", [4.5]], [(1, 2), [[]], [[None]]]):
        assert fast_plotext.join(data) == own(data)


@pytest.mark.parametrize("marker", ["braille", "hd", "fhd"])
@pytest.mark.parametrize("size", [(80, 24), (41, 13), (137, 43)])
def test_a_dotted_series_by_the_cell_draws_plotexts_own_characters(marker, size):
    """A braille/hd series handed to plotext one character a cell (`Panel._one_per_cell`) gives the
    text plotext draws from its dots: random clouds (in and out of the window, on cell edges) over a
    curve, in two colours."""
    import numpy as np

    from mfml_tui.plots.canvas import Canvas
    from mfml_tui.plots.style import Style

    rng = np.random.default_rng(size[0])
    edges = np.linspace(-1.0, 2.0, 2 * size[0] + 1)
    cloud_x = np.concatenate([rng.uniform(-1.5, 2.5, 400), edges])
    cloud_y = np.concatenate([rng.uniform(-3.5, 2.0, 400), rng.uniform(-3, 1.5, edges.size)])

    def figure(by_cell: bool) -> str:
        cv = Canvas(plotext, *size, Style("braille"))
        (ax,) = cv.split()
        ax.limits((-1.0, 2.0), (-3.0, 1.5))
        xs = np.linspace(-1.2, 2.2, 300)
        ax.curve(xs, np.sin(3 * xs), label="sin", marker=marker, color="red")
        ax.cloud(cloud_x, cloud_y, marker=marker, color="blue", label="cloud")
        if not by_cell:
            ax._one_per_cell = lambda *args: None
        cv.finish()
        return plotext.build()

    assert fast_plotext.install(again=True)
    cells = figure(True)
    own = figure(False)  # plotext's dots (our other fast loops only, which the tests above check)
    fast_plotext.uninstall()
    try:
        plain = figure(False)  # plotext's code throughout
    finally:
        fast_plotext.install(again=True)
    assert cells == own == plain
    assert "\x1b[" in cells
