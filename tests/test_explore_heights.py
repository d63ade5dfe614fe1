"""The heights fit explorer (week 6): the model against the engine and scipy, its drawing headless, and
its keys through Textual's pilot at 80×24."""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
import pytest
from scipy import optimize
from textual.app import App, ComposeResult
from textual.widgets import Static

from mfml_tui.course.model import ExploreSpec, Location
from mfml_tui.engine import regression as R
from mfml_tui.explore.heights import HeightsFit
from mfml_tui.plots.explorers import key, render_explorer
from mfml_tui.plots.style import Style
from mfml_tui.ui.explorers import HeightsExplorer, make_explorer


def scipy_best() -> np.ndarray:
    """The least-squares (μ, σ) by scipy, from the lab's start (an oracle independent of the model)."""
    def residuals(p):
        return R.HEIGHTS_DENSITY - np.exp(-(R.HEIGHTS_BIN_CENTRES - p[0]) ** 2 / (2 * p[1] ** 2)) / (
            p[1] * np.sqrt(2 * np.pi))
    return optimize.least_squares(residuals, [170.0, 10.0], xtol=1e-14, ftol=1e-14).x


def test_steepest_descent_steps_are_the_labs_path_and_chi2_falls():
    s = HeightsFit.new()
    path = R.fit_steepest_descent(R.gaussian_model, R.gaussian_dmodel, R.HEIGHTS_BIN_CENTRES,
                                  R.HEIGHTS_DENSITY, [155, 6], aggression=2000, steps=50)
    for i in range(50):
        s = s.step()
        assert (s.mu, s.sigma) == pytest.approx(tuple(path.params[i + 1]), rel=1e-10)
    chi2 = np.array(s.chi2_history)
    assert len(chi2) == 51 and np.all(np.diff(chi2) < 0)
    assert chi2[0] == pytest.approx(0.0323, abs=5e-5) and chi2[-1] == pytest.approx(0.00044, abs=5e-6)
    assert (s.mu, s.sigma) == pytest.approx((178.5, 7.55), abs=0.05)  # what the lesson says


def test_gauss_newton_reaches_scipys_least_squares_in_about_ten_steps():
    s = HeightsFit.new(method="gauss-newton")
    best = scipy_best()
    for _ in range(10):
        before = s.chi2
        s = s.step()
        assert s.chi2 < before  # damped: every accepted step lowers χ²
    assert (s.mu, s.sigma) == pytest.approx(tuple(best), rel=1e-5)
    # the step solves the normal equations: the same δ as numpy's least squares on J·δ ≈ r
    s = HeightsFit.new(mu=170, sigma=9, method="gauss-newton")
    J = np.stack(R.gaussian_derivatives(s.x, s.mu, s.sigma), axis=1)
    want = np.linalg.lstsq(J, s.y - s.curve(s.x), rcond=None)[0]
    assert s.gauss_newton_delta() == pytest.approx(want, rel=1e-8)


def test_back_reset_switch_and_a_refused_step():
    s = HeightsFit.new().step().step()
    assert s.back().back().path == ((155.0, 6.0),) and s.back().back().back().note == "Already at the start."
    assert s.reset().steps == 0 and s.switch().method == "gauss-newton" and s.switch().steps == 2
    wild = HeightsFit.new(mu=178.5, sigma=20, gamma=1e6).step()
    assert wild.steps == 0 and "too aggressive" in wild.note  # σ would go negative: refused, not drawn
    assert "γ = 1×10⁶" in wild.note  # no e-notation (e is Euler's number)
    with pytest.raises(ValueError):
        HeightsFit.new(sigma=0)


def test_drawn_headless_the_curve_over_the_bars_and_the_key_names_what_is_drawn():
    s = HeightsFit.new()
    first = render_explorer("heights", s, 60, 18)
    moved = render_explorer("heights", s.step().step(), 60, 18)
    assert first != moved  # the curve moved
    assert "140" in first and "200" in first  # the heights axis, in cm
    labels = [label for _, label in key("heights", Style("braille"), s.step())]
    assert labels == ["heights", "f(x; μ, σ)", "one step before"]
    for marker in ("braille", "dot", "ascii"):
        text = render_explorer("heights", s.step(), 80, 24, marker=marker)
        assert text.strip()


class Host(App):
    def __init__(self, widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget

    def on_mount(self) -> None:
        self.widget.focus()


async def test_keys_step_switch_back_and_reset_at_80x24():
    w = make_explorer(ExploreSpec("heights", {"mu": 155, "sigma": 6}, Location(Path("t.md"), 1)))
    assert isinstance(w, HeightsExplorer)
    app = Host(w)
    async with app.run_test(size=(80, 24)) as pilot:
        await asyncio.wait_for(pilot.pause(), timeout=5)
        chi0 = w.state.chi2
        await pilot.press("enter")
        await pilot.pause()
        assert w.state.steps == 1 and w.state.chi2 < chi0
        side = str(w.query_one(".side", Static).content)
        assert "step 1: steepest descent" in side and "χ² = " in side
        await pilot.press("m", "enter")
        await pilot.pause()
        assert w.state.method == "gauss-newton" and w.state.steps == 2
        assert "Gauss–Newton" in str(w.query_one(".status", Static).content)
        await pilot.press("e")
        await pilot.pause()
        assert w.state.steps >= 8 and w.state.mu == pytest.approx(178.52, abs=0.01)
        await pilot.press("b")
        assert w.state.note == "One step back."
        await pilot.press("minus")
        assert w.state.gamma == 1000
        await pilot.press("r")
        await pilot.pause()
        assert w.state.steps == 0 and (w.state.mu, w.state.sigma) == (155, 6)
