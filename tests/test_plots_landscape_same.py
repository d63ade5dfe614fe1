"""The landscape plot's faster drawing prints what the plain computation printed, digit for digit.

"The plain computation" is rebuilt here from the pieces it used: every function evaluated by itself
(the engine's tree walk), the χ² map in blocks of 200 000 values, a zoom that stops only at 10⁻¹² of
the range, and plotext's own build (no fast_plotext).
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import plotext
import pytest

from mfml_tui import plots
from mfml_tui.plots import fast_plotext, fitting
from mfml_tui.plots.base import fmt, window_scale
from mfml_tui.plots.examples import EXAMPLES


def _plain_zoom(chi_grid, best, a_rng, b_rng, cell, rounds: int = 400):
    """The zoom as it was: a 7×7 pattern search halving down to 10⁻¹² of the range."""
    a, b, c = (float(v) for v in best)
    da, db = float(cell[0]), float(cell[1])
    small = 1e-12 * max(a_rng[1] - a_rng[0], b_rng[1] - b_rng[0])
    for _ in range(rounds):
        if max(da, db) < small:
            break
        As = np.clip(np.linspace(a - da, a + da, 7), *a_rng)
        Bs = np.clip(np.linspace(b - db, b + db, 7), *b_rng)
        grid = chi_grid(As, Bs)
        grid = np.where(np.isfinite(grid), grid, np.inf)
        j, i = np.unravel_index(np.argmin(grid), grid.shape)
        if grid[j, i] < c:
            a, b, c = float(As[i]), float(Bs[j]), float(grid[j, i])
        else:
            da, db = da / 2, db / 2
    return a, b, c


@contextmanager
def _plain(monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(fitting, "_zoom_minimum", _plain_zoom)
        m.setattr(fitting, "values_of", lambda fns, *args, **kw: [f(*args, **kw) for f in fns])
        m.setattr(fitting, "CHI_BLOCK", 200_000)
        fast_plotext.uninstall()
        try:
            yield
        finally:
            fast_plotext.install(again=True)


def _landscapes():
    yield "heights", EXAMPLES["landscape"]
    yield "heights-far", {**EXAMPLES["landscape"], "start": [190, 30], "gamma": 500, "steps": 80, "levels": 7}
    yield "anscombe-3", {"kind": "landscape", "data": "anscombe-3", "start": [0, 0], "gamma": 0.001}
    yield "exact-line", {"kind": "landscape", "data": [[0, 1], [1, 3], [2, 5]]}
    rng = np.random.default_rng(15)
    for seed in range(2):
        xs = np.sort(rng.uniform(-3, 5, 12))
        m, c = rng.uniform(-2, 2, 2)
        ys = m * xs + c + rng.normal(0, 0.5, xs.size)
        rows = [[float(a), float(b), 0.3] for a, b in zip(xs, ys, strict=True)]
        yield f"line-{seed}", {"kind": "landscape", "data": rows, "start": [float(m) + 1, float(c) - 1],
                               "gamma": 0.01}
        yield f"decay-{seed}", {"kind": "landscape", "data": rows, "model": "a exp(k x)",
                                "params": {"a": [0.1, 3], "k": [-1, 1]}, "start": [1, 0.2], "gamma": 0.0005}


def _drawn(spec, size, marker):
    info = plots.draw(spec, plotext, width=size[0], height=size[1], marker=marker)
    return info, plotext.build()


@pytest.mark.parametrize("name,spec", list(_landscapes()), ids=lambda v: v if isinstance(v, str) else "")
def test_landscape_prints_what_the_plain_computation_printed(name, spec, monkeypatch):
    for size, marker in (((80, 24), "braille"), ((120, 40), "dot")):
        info, text = _drawn(spec, size, marker)
        with _plain(monkeypatch):
            plain_info, plain_text = _drawn(spec, size, marker)
        assert text == plain_text, (name, size)  # the picture, cell for cell, colours included
        assert info.lines == plain_info.lines and info.table == plain_info.table
        for key in ("grid_min", "end", "chi2"):  # the descent and the χ² map: the same numbers
            assert info.values.get(key) == plain_info.values.get(key)
        assert np.array_equal(info.values.get("path", []), plain_info.values.get("path", []))
        # the zoomed minimum: the same digits printed (above), and close below them
        ranges = list(spec.get("params", {}).values()) or [(-1.0, 1.0)]
        assert np.allclose(info.values["min"][:2], plain_info.values["min"][:2], rtol=0,
                           atol=1e-9 * max(window_scale(r) for r in ranges) + 1e-7)


def _zoom_rounds(spec, zoom, monkeypatch) -> tuple[int, tuple]:
    calls: list[int] = []

    def counting(chi_grid, *args, **kw):
        def counted(As, Bs):
            calls.append(1)
            return chi_grid(As, Bs)

        return zoom(counted, *args, **kw)

    with monkeypatch.context() as m:
        m.setattr(fitting, "_zoom_minimum", counting)
        info = plots.draw(spec, plotext, width=80, height=24, marker="braille")
    return len(calls), info.values["min"]


def test_the_zoom_stops_once_the_printed_minimum_cannot_change(monkeypatch):
    zoom = fitting._zoom_minimum
    rounds, found = _zoom_rounds(EXAMPLES["landscape"], zoom, monkeypatch)
    plain_rounds, plain = _zoom_rounds(EXAMPLES["landscape"], _plain_zoom, monkeypatch)
    assert [fmt(v) for v in found] == [fmt(v) for v in plain]
    assert rounds <= 0.6 * plain_rounds, (rounds, plain_rounds)
    # an exact fit: χ² → 0, which prints as 0; the zoom goes on to 10⁻¹² of the range (fewer rounds: it
    # shrinks faster) and lands on the same point
    exact = {"kind": "landscape", "data": [[0, 1], [1, 3], [2, 5]]}
    (rounds, found), (plain_rounds, plain) = (_zoom_rounds(exact, z, monkeypatch)
                                              for z in (zoom, _plain_zoom))
    assert rounds < plain_rounds and np.allclose(found, plain, rtol=0, atol=1e-11)


@pytest.mark.parametrize("data", [[[0, 1], [1, 3], [2, 5]], [[0, 0], [1, 2], [2, 4]]])
def test_an_exact_fit_prints_its_round_off_as_0(data):
    """χ² at an exact fit is 10⁻³⁰ of round-off, c = 0 comes out as 5.6×10⁻¹⁷: both print 0 (the render
    check's rule: round-off next to the window, or to the χ² on the map)."""
    from mfml_tui.plots import audit

    spec = {"kind": "landscape", "data": data, "start": [1, 0], "gamma": 0.1, "steps": 200}
    frame = audit.audit(spec, 80, 24, "braille")
    assert not [f for f in frame.faults if "round-off" in f], frame.faults
    info = plots.draw(spec, plotext, width=80, height=24, marker="braille")
    assert "smallest χ² in view: 0 at m = 2, c = " in info.text()
    assert info.values["min"][2] < 1e-20  # the value itself is kept as computed


def test_the_descent_evaluates_the_model_and_its_derivatives_once_a_step(monkeypatch):
    from mfml_tui.plots import maths

    spec = EXAMPLES["landscape"]
    together: list[int] = []
    alone: list[int] = []
    real_values_of, real_call = fitting.values_of, maths.Fn.__call__

    def values_of(fns, *args, **kw):
        (together if len(fns) == 3 else alone).append(len(fns))
        return real_values_of(fns, *args, **kw)

    def call(self, *args, **kw):
        alone.append(1)
        return real_call(self, *args, **kw)

    real_descent = fitting.R.fit_steepest_descent

    def descent(*args, **kw):
        monkeypatch.setattr(fitting, "values_of", values_of)
        monkeypatch.setattr(maths.Fn, "__call__", call)
        try:
            return real_descent(*args, **kw)
        finally:
            monkeypatch.setattr(fitting, "values_of", real_values_of)
            monkeypatch.setattr(maths.Fn, "__call__", real_call)

    monkeypatch.setattr(fitting.R, "fit_steepest_descent", descent)
    plots.draw(spec, plotext, width=80, height=24, marker="braille")
    assert len(together) == spec["steps"] + 1  # the start and every step: model, ∂/∂μ, ∂/∂σ at once
    assert alone == []  # never the model or its derivatives by themselves
