"""χ², the straight-line fit and steepest-descent fitting against scipy, and the course's heights lab."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize, stats

from mfml_tui.engine.finite import central_difference
from mfml_tui.engine.regression import (
    HEIGHTS_BIN_CENTRES,
    HEIGHTS_BIN_WIDTH,
    HEIGHTS_DENSITY,
    HEIGHTS_FREQUENCIES,
    anscombe,
    chi_squared,
    fit_steepest_descent,
    gaussian,
    gaussian_derivatives,
    gaussian_dmodel,
    gaussian_model,
    gradient_chi2,
    gradient_chi2_line,
    linear_fit,
)


def test_chi_squared_with_and_without_uncertainties():
    assert chi_squared([1, 2, 3], [1, 2, 5]) == 4.0
    assert chi_squared([1, 2, 3], [1, 2, 5], sigma=2.0) == 1.0
    assert chi_squared([1, 2, 3], [2, 2, 5], sigma=[0.5, 1, 2]) == pytest.approx(4 + 1)


def test_linear_fit_by_hand_example_from_the_course():
    fit = linear_fit([0.4, 0.5, 0.6, 0.7, 0.8], [0.1, 0.25, 0.55, 0.75, 0.85])
    assert fit.m == pytest.approx(2.0)
    assert fit.c == pytest.approx(-0.7)
    assert fit.chi2 == pytest.approx(0.01)
    assert fit(fit.x_bar) == pytest.approx(fit.y_bar)  # through the centre of mass


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_linear_fit_agrees_with_linregress(seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-3, 7, 40)
    y = 1.7 * x - 0.4 + rng.normal(0, 0.8, x.size)
    fit = linear_fit(x, y)
    expected = stats.linregress(x, y)
    assert fit.m == pytest.approx(expected.slope, rel=1e-12)
    assert fit.c == pytest.approx(expected.intercept, rel=1e-12, abs=1e-12)
    assert fit.sigma_m == pytest.approx(expected.stderr, rel=1e-10)
    assert fit.sigma_c == pytest.approx(expected.intercept_stderr, rel=1e-10)
    assert (fit.x_bar, fit.y_bar) == pytest.approx((x.mean(), y.mean()))
    assert fit.chi2 == pytest.approx(np.sum((y - expected.slope * x - expected.intercept) ** 2))


def test_weighted_linear_fit_agrees_with_polyfit():
    rng = np.random.default_rng(7)
    x = np.linspace(0, 10, 25)
    sigma = rng.uniform(0.2, 2.0, x.size)
    y = 0.3 * x + 2 + rng.normal(0, sigma)
    fit = linear_fit(x, y, sigma)
    (m, c), cov = np.polyfit(x, y, 1, w=1 / sigma, cov="unscaled")
    assert (fit.m, fit.c) == pytest.approx((m, c), rel=1e-10)
    assert (fit.sigma_m, fit.sigma_c) == pytest.approx(tuple(np.sqrt(np.diag(cov))), rel=1e-8)
    assert fit(fit.x_bar) == pytest.approx(fit.y_bar)
    assert fit.chi2 == pytest.approx(chi_squared(y, m * x + c, sigma))


def test_linear_fit_edge_cases():
    two = linear_fit([0, 1], [1, 3])
    assert (two.m, two.c) == (2.0, 1.0) and np.isnan(two.sigma_m)
    with pytest.raises(ValueError, match="two different x"):
        linear_fit([2, 2, 2], [1, 2, 3])


def test_gradient_of_chi2_for_a_line():
    x = np.array([0.4, 0.5, 0.6, 0.7, 0.8])
    y = np.array([0.1, 0.25, 0.55, 0.75, 0.85])
    m, c = -0.2, 0.76  # where the course's χ² game starts
    dm, dc = gradient_chi2_line(x, y, m, c)
    assert dm == pytest.approx(central_difference(lambda t: chi_squared(y, t * x + c), m, 1e-6), rel=1e-8)
    assert dc == pytest.approx(central_difference(lambda t: chi_squared(y, m * x + t), c, 1e-6), rel=1e-8)
    fit = linear_fit(x, y)
    assert gradient_chi2_line(x, y, fit.m, fit.c) == pytest.approx((0, 0), abs=1e-12)
    sig = np.array([0.1, 0.2, 0.1, 0.3, 0.1])
    dm_w, _ = gradient_chi2_line(x, y, m, c, sig)
    assert dm_w == pytest.approx(
        central_difference(lambda t: chi_squared(y, t * x + c, sig), m, 1e-6), rel=1e-8
    )


def test_gaussian_and_its_derivatives():
    x = np.linspace(150, 200, 11)
    assert np.sum(gaussian(np.linspace(100, 260, 16001), 178, 7.5)) * 0.01 == pytest.approx(1, abs=1e-9)
    assert np.allclose(gaussian(x, 178, 7.5), stats.norm.pdf(x, 178, 7.5))
    d_mu, d_sig = gaussian_derivatives(x, 178.0, 7.5)
    assert np.allclose(d_mu, central_difference(lambda m: gaussian(x, m, 7.5), 178.0, 1e-5), atol=1e-12)
    assert np.allclose(d_sig, central_difference(lambda s: gaussian(x, 178.0, s), 7.5, 1e-5), atol=1e-12)
    assert gaussian_dmodel(x, [178.0, 7.5]).shape == (2, x.size)


def test_heights_data_as_the_lab_defines_it():
    assert HEIGHTS_BIN_CENTRES.shape == HEIGHTS_FREQUENCIES.shape == (100,)
    assert HEIGHTS_BIN_CENTRES[0] == 51.25 and HEIGHTS_BIN_CENTRES[-1] == 298.75
    assert np.allclose(np.diff(HEIGHTS_BIN_CENTRES), HEIGHTS_BIN_WIDTH)
    nonzero = HEIGHTS_BIN_CENTRES[HEIGHTS_FREQUENCIES > 0]
    assert nonzero[0] == 161.25 and nonzero[-1] == 198.75 and nonzero.size == 16
    # the printed frequencies are fractions per bin, not a density: they sum to 0.995, area 2.4875
    assert HEIGHTS_FREQUENCIES.sum() == pytest.approx(0.995)
    assert np.sum(HEIGHTS_FREQUENCIES) * HEIGHTS_BIN_WIDTH == pytest.approx(2.4875)
    # the lab divides by Σ·width, giving a density of area 1
    assert np.sum(HEIGHTS_DENSITY) * HEIGHTS_BIN_WIDTH == pytest.approx(1.0)
    with pytest.raises(ValueError):
        HEIGHTS_DENSITY[50] = 1.0  # module constants are read-only


def test_heights_lab_run_reproduces_the_course_numbers():
    # The lab: start μ = 155, σ = 6; 50 steps of aggression 2000. Computed: χ² 0.032333 → 0.000439245,
    # ending at μ = 178.5198, σ = 7.5499 — the curriculum map's 0.0323 → 0.000439, μ ≈ 178.5, σ ≈ 7.55.
    path = fit_steepest_descent(
        gaussian_model,
        gaussian_dmodel,
        HEIGHTS_BIN_CENTRES,
        HEIGHTS_DENSITY,
        [155, 6],
        aggression=2000,
        steps=50,
    )
    assert path.params.shape == (51, 2) and path.chi2.shape == (51,)
    assert path.chi2[0] == pytest.approx(0.0323333, rel=1e-5)
    assert path.chi2[-1] == pytest.approx(0.000439245, rel=1e-5)
    assert path.best == pytest.approx([178.5198, 7.5499], abs=1e-4)
    assert path.chi2[-1] == pytest.approx(path.chi2[-10], rel=1e-6)  # already converged by step 50
    assert path.reason == "took 50 steps"
    # not the most direct route: σ first grows past 19 cm before coming back down
    assert path.params[:, 1].max() > 19


def test_steepest_descent_fit_reaches_curve_fit_on_the_heights():
    x, y = HEIGHTS_BIN_CENTRES, HEIGHTS_DENSITY
    (mu, sig), _ = optimize.curve_fit(lambda t, m, s: gaussian(t, m, s), x, y, p0=[155, 6])
    path = fit_steepest_descent(gaussian_model, gaussian_dmodel, x, y, [160, 15], aggression=2000, steps=400)
    assert path.best == pytest.approx([mu, sig], abs=1e-5)
    assert path.chi2[-1] == pytest.approx(chi_squared(y, gaussian(x, mu, sig)), rel=1e-8)
    assert np.linalg.norm(gradient_chi2(gaussian_model, gaussian_dmodel, x, y, path.best)) < 1e-8


def test_steepest_descent_fit_with_uncertainties_matches_curve_fit_with_sigma():
    rng = np.random.default_rng(3)
    x = np.linspace(0, 4, 30)
    sigma = np.full(x.size, 0.05)
    y = 2.0 * np.exp(-0.7 * x) + rng.normal(0, 0.05, x.size)

    def model(t, p):
        return p[0] * np.exp(-p[1] * t)

    def dmodel(t, p):
        return np.stack([np.exp(-p[1] * t), -p[0] * t * np.exp(-p[1] * t)])

    expected, _ = optimize.curve_fit(lambda t, a, k: a * np.exp(-k * t), x, y, p0=[1, 1], sigma=sigma)
    path = fit_steepest_descent(model, dmodel, x, y, [1.0, 1.0], aggression=1e-4, steps=3000, sigma=sigma)
    assert path.best == pytest.approx(expected, rel=1e-6)


def test_too_much_aggression_stops_with_a_reason():
    x = np.linspace(0, 2, 10)
    y = np.exp(0.5 * x)

    def model(t, p):
        return np.exp(p[0] * t)

    def dmodel(t, p):
        return np.stack([t * np.exp(p[0] * t)])

    path = fit_steepest_descent(model, dmodel, x, y, [0.0], aggression=100.0, steps=50)
    assert path.reason.startswith("χ² is no longer finite")
    assert np.all(np.isfinite(path.params)) and np.all(np.isfinite(path.chi2))
    assert len(path.params) < 51
    gentle = fit_steepest_descent(model, dmodel, x, y, [0.0], aggression=1e-2, steps=2000)
    assert gentle.best == pytest.approx([0.5], abs=1e-6)


def test_anscombe_quartet_has_one_line_for_four_pictures():
    sets = anscombe()
    assert [s.name for s in sets] == ["I", "II", "III", "IV"]
    for s in sets:
        assert s.x.shape == s.y.shape == (11,)
        fit = linear_fit(s.x, s.y)
        expected = stats.linregress(s.x, s.y)
        assert fit.m == pytest.approx(expected.slope)
        assert fit.m == pytest.approx(0.500, abs=1e-3)
        assert fit.c == pytest.approx(3.00, abs=5e-3)
        assert s.x.mean() == 9.0 and s.y.mean() == pytest.approx(7.50, abs=1e-2)
        assert np.var(s.x, ddof=1) == pytest.approx(11.0)
        assert np.corrcoef(s.x, s.y)[0, 1] == pytest.approx(0.816, abs=1e-3)
