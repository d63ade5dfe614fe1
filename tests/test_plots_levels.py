"""Level curves (marching squares), arrows and marker policy: the parts of plots with no plotext."""

import math

import numpy as np
import pytest

from mfml_tui.plots.levels import auto_levels, dedupe_pixels, level_segments, segments_to_points
from mfml_tui.plots.style import MARKERS, Style, arrow_glyph


def _grid(f, n=121, lo=-2.0, hi=2.0):
    xs = np.linspace(lo, hi, n)
    ys = np.linspace(lo, hi, n)
    return xs, ys, f(xs[None, :], ys[:, None])


@pytest.mark.parametrize("r", [0.5, 1.0, 1.7])
def test_circle_points_lie_on_the_circle(r):
    xs, ys, z = _grid(lambda x, y: x**2 + y**2)
    seg = level_segments(xs, ys, z, r * r)
    px, py = segments_to_points(seg)
    assert len(px) > 50
    # linear interpolation on a 121-point grid: within a fraction of a grid step of the true radius
    assert np.max(np.abs(np.hypot(px, py) - r)) < 0.01
    # and the curve goes all the way round
    angles = np.arctan2(py, px)
    assert np.histogram(angles, bins=12, range=(-math.pi, math.pi))[0].min() > 0


def test_saddle_level_crosses_at_both_diagonals():
    xs, ys, z = _grid(lambda x, y: x * y, n=40)
    px, py = segments_to_points(level_segments(xs, ys, z, 0.0), per_segment=2)  # ends lie on the edges
    assert np.all(np.minimum(np.abs(px), np.abs(py)) < 1e-9)


def test_undefined_cells_are_skipped_not_drawn():
    xs, ys, z = _grid(lambda x, y: 1 / np.where(np.hypot(x, y) < 0.5, np.nan, np.hypot(x, y)))
    px, py = segments_to_points(level_segments(xs, ys, z, 1.0))
    assert np.all(np.isfinite(px)) and np.all(np.abs(np.hypot(px, py) - 1) < 0.02)
    empty = level_segments(xs, ys, np.full_like(z, np.nan), 0.0)
    assert empty.shape == (0, 2, 2)


def test_shape_mismatch_is_an_error():
    with pytest.raises(ValueError):
        level_segments([0, 1, 2], [0, 1], np.zeros((3, 3)), 0.0)


def test_dedupe_keeps_one_point_per_pixel():
    px = np.array([0.01, 0.02, 0.5, 0.51, 5.0])
    py = np.array([0.01, 0.02, 0.5, 0.5, 5.0])
    qx, _ = dedupe_pixels(px, py, (0, 1), (0, 1), (10, 10))
    assert len(qx) == 2  # (0.01, 0.02) share a pixel, as do (0.5, 0.51); 5.0 is outside


def test_auto_levels_spread_over_the_values():
    z = np.exp(np.linspace(0, 10, 1000))
    lv = auto_levels(z, 5)
    assert len(lv) == 5 and lv == sorted(lv)
    assert auto_levels(np.ones(10), 5) == []


@pytest.mark.parametrize(
    ("dx", "dy", "glyph"),
    [(1, 0, "→"), (1, 1, "↗"), (0, 1, "↑"), (-1, 1, "↖"), (-1, 0, "←"), (-1, -1, "↙"), (0, -1, "↓"),
     (1, -1, "↘"), (0, 0, "·"), (math.nan, 1, "·")],
)
def test_arrow_glyphs(dx, dy, glyph):
    assert arrow_glyph(dx, dy) == glyph


def test_ascii_arrows_and_markers_are_ascii():
    assert all(arrow_glyph(math.cos(a), math.sin(a), unicode=False).isascii() for a in np.linspace(0, 6, 20))
    s = Style("ascii")
    assert all(s.line(i).isascii() and s.point(i).isascii() for i in range(8))


def test_every_family_gives_distinct_line_markers():
    for fam in MARKERS:
        s = Style(fam)
        assert len({s.line(i) for i in range(5)}) == 5
        assert len({s.point(i) for i in range(5)}) == 5
    with pytest.raises(ValueError):
        Style("emoji")
