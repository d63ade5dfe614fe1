"""Regression as taught in week 6: χ², the straight-line fit, non-linear least squares by steepest descent.

χ² = Σ (yᵢ − y(xᵢ; a))² / σᵢ² measures how badly a model misses the data, each miss weighed by the
uncertainty of that point. The best parameters make ∇χ² = 0. For a straight line that can be solved in
closed form (`linear_fit`); for anything else we walk downhill, a ← a − γ∇χ² (`fit_steepest_descent`),
which is exactly the course's heights-data lab.

`anscombe()` is here for the lesson "always plot your data": four data sets with the same fitted line.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


def _frozen(a) -> np.ndarray:
    a = np.array(a, dtype=float)
    a.setflags(write=False)
    return a


def _weights(sigma, n: int) -> np.ndarray:
    """1/σᵢ² for each point (all ones without uncertainties, so χ² is the plain sum of squared residuals)."""
    if sigma is None:
        return np.ones(n)
    return 1.0 / np.broadcast_to(np.asarray(sigma, dtype=float), (n,)) ** 2


# ------------------------------------------------------------------------------------------------- χ²


def chi_squared(y, y_model, sigma=None) -> float:
    """χ² = Σ ((yᵢ − y_modelᵢ)/σᵢ)²; with no σ, the sum of squared residuals."""
    y = np.asarray(y, dtype=float).reshape(-1)
    r = y - np.asarray(y_model, dtype=float).reshape(-1)
    return float(np.sum(_weights(sigma, y.size) * r * r))


# -------------------------------------------------------------------------------- the straight line


@dataclass(frozen=True)
class LinearFit:
    """y = m·x + c fitted by least squares, with the standard errors of m and c.

    The line passes through the centre of mass (x̄, ȳ) of the data (weighted by 1/σ² when σ is given).
    """

    m: float
    c: float
    sigma_m: float
    sigma_c: float
    chi2: float
    x_bar: float
    y_bar: float

    def __call__(self, x):
        return self.m * np.asarray(x, dtype=float) + self.c


def linear_fit(x, y, sigma=None) -> LinearFit:
    """The closed-form least-squares line from ∂χ²/∂m = ∂χ²/∂c = 0.

    m = Σ wᵢ(xᵢ − x̄)yᵢ / Σ wᵢ(xᵢ − x̄)² and c = ȳ − m·x̄, with weights wᵢ = 1/σᵢ² (all 1 without σ).
    Measuring x from x̄ is what decouples m from c.

    Uncertainties: with σ given, σ_m² = 1/Σwᵢ(xᵢ − x̄)² and σ_c² = 1/Σwᵢ + x̄²σ_m² (the σᵢ are trusted).
    Without σ, the scatter about the line estimates the noise, s² = χ²/(N − 2), and
    σ_m² = s²/Σ(xᵢ − x̄)², σ_c² = s²(1/N + x̄²/Σ(xᵢ − x̄)²) — the standard errors scipy's `linregress` reports.
    Needs at least two distinct x values; with exactly two points the standard errors are nan.
    """
    x = np.asarray(x, dtype=float).reshape(-1)
    y = np.asarray(y, dtype=float).reshape(-1)
    if x.size != y.size:
        raise ValueError(f"x and y differ in length ({x.size} and {y.size})")
    w = _weights(sigma, x.size)
    x_bar = float(np.sum(w * x) / np.sum(w))
    y_bar = float(np.sum(w * y) / np.sum(w))
    dx = x - x_bar
    sxx = float(np.sum(w * dx * dx))
    if sxx == 0.0:
        raise ValueError("a line needs at least two different x values")
    m = float(np.sum(w * dx * y) / sxx)
    c = y_bar - m * x_bar
    chi2 = chi_squared(y, m * x + c, sigma)
    if sigma is not None:
        var_m = 1.0 / sxx
        var_c = 1.0 / float(np.sum(w)) + x_bar**2 * var_m
    elif x.size > 2:
        s2 = chi2 / (x.size - 2)
        var_m = s2 / sxx
        var_c = s2 * (1.0 / x.size + x_bar**2 / sxx)
    else:
        var_m = var_c = math.nan
    return LinearFit(m, c, math.sqrt(var_m), math.sqrt(var_c), chi2, x_bar, y_bar)


def gradient_chi2_line(x, y, m: float, c: float, sigma=None) -> tuple[float, float]:
    """(∂χ²/∂m, ∂χ²/∂c) for the line y = m·x + c: the hint in the χ² game (step against it).

    With residuals rᵢ = yᵢ − m·xᵢ − c: ∂χ²/∂m = −2Σ wᵢ rᵢ xᵢ and ∂χ²/∂c = −2Σ wᵢ rᵢ.
    """
    x = np.asarray(x, dtype=float).reshape(-1)
    y = np.asarray(y, dtype=float).reshape(-1)
    w = _weights(sigma, x.size)
    r = y - (m * x + c)
    return float(-2 * np.sum(w * r * x)), float(-2 * np.sum(w * r))


# ------------------------------------------------------------------------ non-linear least squares


@dataclass(frozen=True)
class FitPath:
    """A steepest-descent fit: the parameters after each step (k, p), χ² at each, and why it stopped."""

    params: np.ndarray
    chi2: np.ndarray
    reason: str = ""

    @property
    def best(self) -> np.ndarray:
        return self.params[-1]


def gradient_chi2(model: Callable, dmodel: Callable, x, y, p, sigma=None) -> np.ndarray:
    """∇χ² with respect to the parameters: ∂χ²/∂a_k = −2 Σ wᵢ (yᵢ − y(xᵢ; a)) ∂y/∂a_k (xᵢ; a)."""
    x = np.asarray(x, dtype=float).reshape(-1)
    y = np.asarray(y, dtype=float).reshape(-1)
    p = np.asarray(p, dtype=float).reshape(-1)
    w = _weights(sigma, x.size)
    r = y - np.asarray(model(x, p), dtype=float).reshape(-1)
    D = np.asarray(dmodel(x, p), dtype=float).reshape(p.size, x.size)
    return -2 * D @ (w * r)


def fit_steepest_descent(
    model: Callable,
    dmodel: Callable,
    x,
    y,
    p0,
    *,
    aggression: float,
    steps: int,
    sigma=None,
) -> FitPath:
    """Fit `model(x, p)` to data by steepest descent on χ²: a_next = a − aggression·∇χ².

    `dmodel(x, p)` returns ∂y/∂a_k for every parameter and point, shape (p, len(x)). Runs exactly
    `steps` steps unless χ² or the parameters stop being finite (too much aggression can do that); the
    path has `steps + 1` rows, the start included.
    """
    x = np.asarray(x, dtype=float).reshape(-1)
    y = np.asarray(y, dtype=float).reshape(-1)
    p = np.array(p0, dtype=float).reshape(-1)

    w = _weights(sigma, x.size)

    def chi2_at(q: np.ndarray) -> tuple[float, np.ndarray]:
        """χ² at q and the model's values there (the next step's gradient reuses them)."""
        with np.errstate(all="ignore"):
            pred = model(x, q)
            return chi_squared(y, pred, sigma), np.asarray(pred, dtype=float).reshape(-1)

    value, pred = chi2_at(p)
    params, chi2s = [p.copy()], [value]
    reason = f"took {max(0, int(steps))} steps"
    for _ in range(max(0, int(steps))):
        with np.errstate(all="ignore"):  # gradient_chi2, without evaluating the model at p again
            grad = -2 * np.asarray(dmodel(x, p), dtype=float).reshape(p.size, x.size) @ (w * (y - pred))
        p = p - aggression * grad
        value, pred = chi2_at(p)
        if not (np.all(np.isfinite(p)) and math.isfinite(value)):
            reason = "χ² is no longer finite: the aggression is too large for this start"
            break
        params.append(p.copy())
        chi2s.append(value)
    return FitPath(_frozen(params), _frozen(chi2s), reason)


# --------------------------------------------------------------------------------------- the Gaussian


def gaussian(x, mu: float, sig: float):
    """f(x; μ, σ) = exp(−(x − μ)²/2σ²) / (σ√(2π)): the normal density, area 1."""
    x = np.asarray(x, dtype=float)
    return np.exp(-((x - mu) ** 2) / (2 * sig**2)) / (sig * math.sqrt(2 * math.pi))


def gaussian_derivatives(x, mu: float, sig: float) -> tuple[np.ndarray, np.ndarray]:
    """(∂f/∂μ, ∂f/∂σ) = (f·(x − μ)/σ², f·(−1/σ + (x − μ)²/σ³)) — the lab's dfdmu and dfdsig."""
    x = np.asarray(x, dtype=float)
    f = gaussian(x, mu, sig)
    return f * (x - mu) / sig**2, f * (-1 / sig + (x - mu) ** 2 / sig**3)


def gaussian_model(x, p) -> np.ndarray:
    """`gaussian` in the `model(x, p)` form, p = (μ, σ)."""
    return gaussian(x, p[0], p[1])


def gaussian_dmodel(x, p) -> np.ndarray:
    """`gaussian_derivatives` in the `dmodel(x, p)` form: shape (2, len(x))."""
    return np.stack(gaussian_derivatives(x, p[0], p[1]))


# ----------------------------------------------------------------------------------- the heights data

#: Bin width of the heights histogram, in cm.
HEIGHTS_BIN_WIDTH = 2.5


def _heights_frequencies() -> np.ndarray:
    y = np.zeros(100)
    # bins 44…59 are 160–162.5 cm … 197.5–200 cm; the rest is the lab's zero padding.
    y[44:60] = [0.031, 0.013, 0.023, 0.064, 0.065, 0.126, 0.132, 0.127,
                0.113, 0.091, 0.105, 0.050, 0.018, 0.018, 0.018, 0.001]  # fmt: skip
    return _frozen(y)


#: Bin centres of the course lab's histogram: 51.25, 53.75, …, 298.75 cm (100 bins of 2.5 cm; only
#: 161.25…198.75 hold data, the rest is padding that the lab's χ² includes).
HEIGHTS_BIN_CENTRES = _frozen(50.0 + HEIGHTS_BIN_WIDTH * np.arange(100) + HEIGHTS_BIN_WIDTH / 2)

#: The frequencies exactly as the course prints them (fractions of people per bin). They are NOT an
#: area-1 density: they sum to 0.995 (rounding), so their area with width 2.5 is 2.4875.
HEIGHTS_FREQUENCIES = _heights_frequencies()

#: What the lab fits (its `y /= np.sum(y) * width`): frequencies / (Σ·width), a density of area exactly 1,
#: comparable with the Gaussian density. Use this for the lab's numbers.
HEIGHTS_DENSITY = _frozen(HEIGHTS_FREQUENCIES / (HEIGHTS_FREQUENCIES.sum() * HEIGHTS_BIN_WIDTH))


# ------------------------------------------------------------------------------------ Anscombe's quartet


@dataclass(frozen=True)
class DataSet:
    """A named (x, y) data set."""

    name: str
    x: np.ndarray
    y: np.ndarray


_ANSCOMBE_X = (10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5)
_ANSCOMBE = {
    "I": (_ANSCOMBE_X, (8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68)),
    "II": (_ANSCOMBE_X, (9.14, 8.14, 8.74, 8.77, 9.26, 8.10, 6.13, 3.10, 9.13, 7.26, 4.74)),
    "III": (_ANSCOMBE_X, (7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73)),
    "IV": (
        (8, 8, 8, 8, 8, 8, 8, 19, 8, 8, 8),
        (6.58, 5.76, 7.71, 8.84, 8.47, 7.04, 5.25, 12.50, 5.56, 7.91, 6.89),
    ),
}


def anscombe() -> tuple[DataSet, ...]:
    """Anscombe's quartet (1973): four data sets with the same means, variances and fitted line
    (y ≈ 0.5x + 3) that look nothing alike when plotted — always plot your data."""
    return tuple(DataSet(name, _frozen(x), _frozen(y)) for name, (x, y) in _ANSCOMBE.items())
