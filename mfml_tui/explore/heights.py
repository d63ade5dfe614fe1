"""The heights fit, stepped (week 6): the course lab's bell curve f(x; μ, σ) fitted to the heights
histogram one iteration per key press, by steepest descent on χ² or by Gauss–Newton.

χ²(μ, σ) = Σ (yᵢ − f(xᵢ; μ, σ))² over the bars (every σᵢ = 1, as in the lab). Steepest descent moves
(μ, σ) ← (μ, σ) − γ∇χ²; Gauss–Newton solves the linearised least-squares problem JᵀJ·δ = Jᵀr
(J = ∂f/∂(μ, σ) at the bars, r = y − f) and halves δ until χ² falls (a damped step, the bridge to
Levenberg–Marquardt). The learner sees the curve move over the bars and χ² fall, step by step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from mfml_tui.engine.regression import (
    HEIGHTS_BIN_CENTRES,
    HEIGHTS_DENSITY,
    chi_squared,
    gaussian,
    gaussian_derivatives,
)
from mfml_tui.explore.functions import num

METHODS = ("descent", "gauss-newton")
METHOD_NAMES = {"descent": "steepest descent", "gauss-newton": "Gauss–Newton"}
MAX_HALVINGS = 30  #: a Gauss–Newton step is halved at most this often before it is refused
HISTORY = 200  #: points kept for "back"


@dataclass(frozen=True)
class HeightsFit:
    """The current (μ, σ), the method, the aggression γ of steepest descent, and the points before."""

    mu: float = 155.0
    sigma: float = 6.0
    method: str = "descent"
    gamma: float = 2000.0
    history: tuple[tuple[float, float], ...] = ()  #: earlier (μ, σ), oldest first
    note: str = ""  #: what the last key did (for the status line)
    start: tuple[float, float] = field(default=(155.0, 6.0), compare=False)

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, not {self.method!r}")
        if not (math.isfinite(self.mu) and math.isfinite(self.sigma)) or self.sigma <= 0:
            raise ValueError("σ must be a positive number and μ a number")
        if not (math.isfinite(self.gamma) and self.gamma > 0):
            raise ValueError("γ must be a positive number")

    @classmethod
    def new(cls, mu: float = 155.0, sigma: float = 6.0, method: str = "descent",
            gamma: float = 2000.0) -> HeightsFit:
        return cls(mu=float(mu), sigma=float(sigma), method=method, gamma=float(gamma),
                   start=(float(mu), float(sigma)))

    # -- the data and the model ------------------------------------------------------------------------
    @property
    def x(self) -> np.ndarray:
        return HEIGHTS_BIN_CENTRES

    @property
    def y(self) -> np.ndarray:
        return HEIGHTS_DENSITY

    def curve(self, x) -> np.ndarray:
        """f(x; μ, σ) at the current parameters."""
        return gaussian(x, self.mu, self.sigma)

    @cached_property
    def chi2(self) -> float:
        return _chi2(self.mu, self.sigma)

    @cached_property
    def gradient(self) -> tuple[float, float]:
        """(∂χ²/∂μ, ∂χ²/∂σ) = −2 Σ rᵢ·∂f/∂(μ, σ)(xᵢ)."""
        r = self.y - self.curve(self.x)
        dmu, dsig = gaussian_derivatives(self.x, self.mu, self.sigma)
        return float(-2 * np.sum(r * dmu)), float(-2 * np.sum(r * dsig))

    @property
    def steps(self) -> int:
        return len(self.history)

    @property
    def chi2_history(self) -> tuple[float, ...]:
        """χ² at every point so far, the current one last (it falls: each accepted step lowers it)."""
        return (*(_chi2(m, s) for m, s in self.history), self.chi2)

    @property
    def path(self) -> tuple[tuple[float, float], ...]:
        return (*self.history, (self.mu, self.sigma))

    @property
    def previous(self) -> tuple[float, float] | None:
        return self.history[-1] if self.history else None

    # -- keys ------------------------------------------------------------------------------------------
    def step(self) -> HeightsFit:
        """One iteration of the current method; a step that would make χ² or σ meaningless is refused."""
        if self.method == "descent":
            gm, gs = self.gradient
            mu, sig = self.mu - self.gamma * gm, self.sigma - self.gamma * gs
            if not (math.isfinite(mu) and math.isfinite(sig)) or sig <= 0:
                return replace(self, note=f"γ = {num(self.gamma)} is too aggressive here: the step "
                                          "would make σ ≤ 0. Lower γ (−).")
            return self._moved(mu, sig, f"steepest descent: (μ, σ) − {num(self.gamma)}·∇χ²")
        delta = self.gauss_newton_delta()
        if delta is None:
            return replace(self, note="JᵀJ is singular here: Gauss–Newton cannot step. Try steepest descent.")
        t = 1.0
        for halvings in range(MAX_HALVINGS + 1):
            mu, sig = self.mu + t * delta[0], self.sigma + t * delta[1]
            if sig > 0 and _chi2(mu, sig) < self.chi2:
                how = "the full step" if halvings == 0 else f"the step halved {halvings}×"
                return self._moved(mu, sig, f"Gauss–Newton: JᵀJδ = Jᵀr, {how}")
            t /= 2
        return replace(self, note="χ² does not fall along the Gauss–Newton step: at (or very near) the "
                                  "minimum.")

    def gauss_newton_delta(self) -> np.ndarray | None:
        """δ solving JᵀJ·δ = Jᵀr (J = ∂f/∂(μ, σ) at the bars, r = y − f), or None when JᵀJ is singular."""
        J = np.stack(gaussian_derivatives(self.x, self.mu, self.sigma), axis=1)
        r = self.y - self.curve(self.x)
        JtJ = J.T @ J
        if not np.all(np.isfinite(JtJ)) or np.linalg.cond(JtJ) > 1e14:
            return None
        return np.linalg.solve(JtJ, J.T @ r)

    def _moved(self, mu: float, sig: float, note: str) -> HeightsFit:
        history = (*self.history, (self.mu, self.sigma))[-HISTORY:]
        return replace(self, mu=float(mu), sigma=float(sig), history=history, note=note)

    def back(self) -> HeightsFit:
        if not self.history:
            return replace(self, note="Already at the start.")
        (mu, sig), history = self.history[-1], self.history[:-1]
        return replace(self, mu=mu, sigma=sig, history=history, note="One step back.")

    def switch(self) -> HeightsFit:
        """The other method, from the current point (the path so far is kept)."""
        method = METHODS[(METHODS.index(self.method) + 1) % len(METHODS)]
        return replace(self, method=method, note=f"Now {METHOD_NAMES[method]}.")

    def scale_gamma(self, factor: float) -> HeightsFit:
        gamma = min(1e6, max(1.0, self.gamma * factor))
        return replace(self, gamma=gamma, note=f"γ = {num(gamma)}")

    def reset(self) -> HeightsFit:
        return HeightsFit.new(*self.start, method=self.method, gamma=self.gamma)


def _chi2(mu: float, sig: float) -> float:
    with np.errstate(all="ignore"):
        return chi_squared(HEIGHTS_DENSITY, gaussian(HEIGHTS_BIN_CENTRES, mu, sig))
