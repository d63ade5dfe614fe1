"""Paths that run away (a step size too large) must not take the plotter, or `lessons check`, down:
plotext rasterises every pixel of a line, so lines are cut at a margin around the window first."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from mfml_tui.plots.canvas import clip_polyline


def test_a_segment_is_cut_exactly_at_the_box() -> None:
    (xs, ys), = clip_polyline([0.0, 10.0], [0.0, 10.0], (-1.0, 2.0), (-1.0, 2.0))
    assert xs == pytest.approx([0.0, 2.0]) and ys == pytest.approx([0.0, 2.0])


def test_a_path_leaving_and_coming_back_is_two_pieces() -> None:
    pieces = clip_polyline([0, 1, 1e12, 2], [0, 1, 1e12, 0], (-1, 3), (-1, 3))
    assert len(pieces) == 2
    assert all(-1 <= v <= 3 for xs, ys in pieces for v in xs + ys)


def test_points_outside_and_non_finite_points_are_dropped() -> None:
    assert clip_polyline([5.0], [5.0], (0, 1), (0, 1)) == []
    assert clip_polyline([0.0, float("nan"), 0.5], [0.0, 0.5, 0.5], (0, 1), (0, 1)) == []


@pytest.mark.parametrize("spec", [
    {"kind": "descent", "f": "x^2 + y^2", "start": [1, 1], "gamma": 1.5, "steps": 200},
    {"kind": "landscape", "data": [[0.4, 0.1], [0.5, 0.25], [0.6, 0.55], [0.7, 0.75], [0.8, 0.85]],
     "params": {"m": [0, 4], "c": [-1.8, 0.4]}, "start": [0.5, 0.2], "gamma": 50, "steps": 200},
])
def test_a_diverging_path_draws_in_bounded_memory(spec) -> None:
    code = textwrap.dedent(f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
        from pathlib import Path
        from mfml_tui.course.model import Location, PlotSpec
        from mfml_tui.plots import render_text
        spec = {spec!r}
        kind = spec.pop("kind")
        text = render_text(PlotSpec(kind, spec, Location(Path("t.md"), 1)), 200, 60)
        assert "┤" in text
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
