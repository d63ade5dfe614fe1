"""The χ² line game (week 6): move the line y = m·x + c with keys until χ² beats the target.

χ² = Σ (yᵢ − m·xᵢ − c)² (divided by σᵢ² when uncertainties are given). The hint is ∇χ² =
(∂χ²/∂m, ∂χ²/∂c): step against it. The best line is the closed-form least-squares fit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from mfml_tui.engine.regression import chi_squared, gradient_chi2_line, linear_fit

#: The course's by-hand example (week 6): the best line is m = 2, c = −0.7 with χ² = 0.01.
DEFAULT_X = (0.4, 0.5, 0.6, 0.7, 0.8)
DEFAULT_Y = (0.1, 0.25, 0.55, 0.75, 0.85)

STEPS = (0.1, 0.01, 0.001)  #: coarse, fine, finest step of m and c


@dataclass(frozen=True)
class Chi2Game:
    """The data, the current line (m, c), the target χ² and whether the hint is showing."""

    x: tuple[float, ...] = DEFAULT_X
    y: tuple[float, ...] = DEFAULT_Y
    m: float = 0.0
    c: float = 0.5
    sigma: tuple[float, ...] | None = None
    target: float | None = None  #: None: 5 % above the best χ² (rounded up to 2 significant figures)
    hint: bool = False
    fine: int = 0  #: index into STEPS
    moves: int = 0
    solved: bool = False  #: the line was put at the best fit by `solve`, not found by the learner

    def __post_init__(self) -> None:
        if len(self.x) != len(self.y):
            raise ValueError(f"x and y need the same number of points ({len(self.x)} and {len(self.y)})")
        if len(self.x) < 2 or len(set(self.x)) < 2:
            raise ValueError("the data need at least two different x values")
        if self.sigma is not None and len(self.sigma) != len(self.x):
            raise ValueError("sigma needs one uncertainty per point")

    @cached_property
    def best(self):
        """The least-squares line (engine `LinearFit`: m, c, chi2, x_bar, y_bar, …)."""
        return linear_fit(self.x, self.y, self.sigma)

    @property
    def chi2(self) -> float:
        x = np.asarray(self.x)
        return chi_squared(self.y, self.m * x + self.c, self.sigma)

    @property
    def goal(self) -> float:
        if self.target is not None:
            return float(self.target)
        return _round_up(self.best.chi2 * 1.05 if self.best.chi2 > 0 else 1e-3)

    @property
    def won(self) -> bool:
        """Beaten by the learner's own moves (a solved line shows the answer, it does not win)."""
        return self.chi2 <= self.goal and not self.solved

    @property
    def gradient(self) -> tuple[float, float]:
        """(∂χ²/∂m, ∂χ²/∂c) at the current line."""
        return gradient_chi2_line(self.x, self.y, self.m, self.c, self.sigma)

    @property
    def step(self) -> float:
        return STEPS[self.fine]

    def residuals(self) -> np.ndarray:
        return np.asarray(self.y) - (self.m * np.asarray(self.x) + self.c)

    # -- keys -------------------------------------------------------------------------------------------
    def nudge(self, dm: int = 0, dc: int = 0) -> Chi2Game:
        """Change m by dm steps and c by dc steps."""
        s = self.step
        return replace(self, m=round(self.m + dm * s, 6), c=round(self.c + dc * s, 6), moves=self.moves + 1,
                       solved=False)

    def toggle_hint(self) -> Chi2Game:
        return replace(self, hint=not self.hint)

    def finer(self) -> Chi2Game:
        return replace(self, fine=(self.fine + 1) % len(STEPS))

    def descend(self, gamma: float | None = None) -> Chi2Game:
        """One steepest-descent step (m, c) ← (m, c) − γ∇χ², with γ safe for this data by default."""
        gm, gc = self.gradient
        if gamma is None:
            # the inverse of the largest curvature of χ²: the steepest direction is crossed in one step,
            # without overshooting (2/curvature would oscillate); the long valley is still walked slowly
            x = np.asarray(self.x)
            w = np.ones_like(x) if self.sigma is None else 1 / np.asarray(self.sigma) ** 2
            H = 2 * np.array([[np.sum(w * x * x), np.sum(w * x)], [np.sum(w * x), np.sum(w)]])
            gamma = 1.0 / float(np.linalg.eigvalsh(H).max())
        return replace(self, m=self.m - gamma * gm, c=self.c - gamma * gc, moves=self.moves + 1, solved=False)

    def solve(self) -> Chi2Game:
        """Jump to the closed-form best line (shown, not won: `won` stays False until the learner moves)."""
        return replace(self, m=self.best.m, c=self.best.c, solved=True)


def _round_up(v: float, digits: int = 2) -> float:
    """Round v up to `digits` significant figures (0.010 5 → 0.011)."""
    if v <= 0 or not math.isfinite(v):
        return v
    e = math.floor(math.log10(v)) - digits + 1
    return math.ceil(v / 10**e - 1e-9) * 10**e
