"""Gradient descent on level curves (week 5): γ, the start and the rule are yours; watch the path.

Rules (the sandpit lab's): steepest descent −γ∇f; the Hessian step −H⁻¹∇f (finds maxima and saddles as
readily as minima); hybrid (the Hessian step unless it points uphill or is longer than 2, then −γ∇f).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from mfml_tui.engine.optimise import LEFT, OUT_OF_STEPS, STUCK, Trajectory, gradient_descent

from .functions import surface
from .rules import RULES, level_points
from .view import zoomed

MAX_STEPS = 60
GAMMAS = (0.005, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0, 1.5, 2.0)


@lru_cache(maxsize=64)
def _walk(f: str, start: tuple[float, float], gamma: float, rule: str, box: tuple[float, ...]) -> Trajectory:
    s = surface(f)
    lo_x, hi_x, lo_y, hi_y = box
    wx, wy = hi_x - lo_x, hi_y - lo_y
    return gradient_descent(
        lambda p: s(p[0], p[1]),
        lambda p: s.gradient(p[0], p[1]),
        np.array(start),
        gamma=gamma,
        steps=MAX_STEPS,
        method=rule,
        hess=lambda p: s.hessian(p[0], p[1]),
        bounds=[(lo_x - wx, hi_x + wx), (lo_y - wy, hi_y + wy)],
        min_step=1e-6,
    )


@lru_cache(maxsize=16)
def _levels(f: str, box: tuple[float, ...], n: int = 8) -> tuple[np.ndarray, np.ndarray]:
    s = surface(f)
    X, Y = np.meshgrid(np.linspace(box[0], box[1], 60), np.linspace(box[2], box[3], 60))
    Z = np.asarray(s(X, Y), dtype=float)
    finite = Z[np.isfinite(Z)]
    if finite.size == 0:
        return np.empty(0), np.empty(0)
    levels = np.unique(np.quantile(finite, np.linspace(0.03, 0.97, n) ** 2))
    return level_points(X, Y, Z, levels)


@dataclass(frozen=True)
class DescentState:
    """f(x, y) as text, the start, γ, the rule, how many steps are shown, and the view box."""

    f: str = "x^4/4 - x^2 + 2y^2"
    start: tuple[float, float] = (0.3, 1.5)
    gamma: float = 0.2
    rule: str = "gradient"
    shown: int = 0
    x: tuple[float, float] = (-2.5, 2.5)
    y: tuple[float, float] = (-2.0, 2.0)
    view: tuple[float, float, float, float] | None = None  # the zoomed box (None: the whole map)

    def __post_init__(self) -> None:
        surface(self.f)
        if self.rule not in RULES:
            raise ValueError(f"rule is one of {', '.join(RULES)}")
        if not (self.x[0] < self.x[1] and self.y[0] < self.y[1]):
            raise ValueError("the x and y ranges need low < high")
        if not self.gamma > 0:
            raise ValueError("γ must be positive")

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (*map(float, self.x), *map(float, self.y))

    @property
    def walk(self) -> Trajectory:
        return _walk(self.f, tuple(map(float, self.start)), float(self.gamma), self.rule, self.box)

    @property
    def path(self) -> np.ndarray:
        """The points shown so far, shape (k, 2)."""
        return np.asarray(self.walk.points[: self.shown + 1])

    @property
    def values(self) -> np.ndarray:
        return np.asarray(self.walk.values[: self.shown + 1])

    @property
    def finished(self) -> bool:
        return self.shown >= self.walk.steps

    @property
    def outcome(self) -> str:
        if not self.finished:
            return ""
        w = self.walk
        text = w.outcome
        if w.outcome == LEFT:
            text = f"left the map after {w.steps} steps: γ is too big here"
        elif w.outcome == OUT_OF_STEPS:
            text = f"still walking after {w.steps} steps"
        elif w.outcome == STUCK:
            H = surface(self.f).hessian(*w.end)
            ev = np.linalg.eigvalsh(H) if np.all(np.isfinite(H)) else np.array([np.nan])
            kind = "a minimum" if np.all(ev > 0) else "a maximum" if np.all(ev < 0) else "a saddle point"
            text = f"stopped at {kind} after {w.steps} steps"
        return text

    def levels(self, n: int = 8) -> tuple[np.ndarray, np.ndarray]:
        """Points on `n` level curves of f in the view (fewer on a small plot: `plots.levels.level_count`)."""
        return _levels(self.f, self.window, int(n))

    # -- the view: zoom in on the newest point (the walk itself always uses the whole map) -------------
    @property
    def window(self) -> tuple[float, float, float, float]:
        return self.view or self.box

    def zoom(self, factor: float) -> DescentState:
        x0, x1, y0, y1 = self.window
        px, py = (float(v) for v in self.path[-1])
        inside = x0 <= px <= x1 and y0 <= py <= y1
        cx, cy = (px, py) if inside else ((x0 + x1) / 2, (y0 + y1) / 2)
        zx = zoomed((x0, x1), cx, factor, self.x)
        zy = zoomed((y0, y1), cy, factor, self.y)
        if zx is None and zy is None:
            return replace(self, view=None)
        return replace(self, view=(*(zx or self.x), *(zy or self.y)))

    def whole(self) -> DescentState:
        return replace(self, view=None)

    # -- keys ---------------------------------------------------------------------------------------
    def step(self) -> DescentState:
        return replace(self, shown=min(self.shown + 1, self.walk.steps))

    def run_all(self) -> DescentState:
        return replace(self, shown=self.walk.steps)

    def reset(self) -> DescentState:
        return replace(self, shown=0)

    def gamma_up(self) -> DescentState:
        later = [g for g in GAMMAS if g > self.gamma * (1 + 1e-9)]
        return replace(self, gamma=later[0] if later else self.gamma, shown=0)

    def gamma_down(self) -> DescentState:
        earlier = [g for g in GAMMAS if g < self.gamma * (1 - 1e-9)]
        return replace(self, gamma=earlier[-1] if earlier else self.gamma, shown=0)

    def next_rule(self) -> DescentState:
        names = list(RULES)
        return replace(self, rule=names[(names.index(self.rule) + 1) % len(names)], shown=0)

    def move(self, dx: int, dy: int, big: bool = False) -> DescentState:
        step = (self.x[1] - self.x[0]) / (10 if big else 50)
        sx = float(np.clip(self.start[0] + dx * step, *self.x))
        sy = float(np.clip(self.start[1] + dy * step, *self.y))
        return replace(self, start=(round(sx, 10), round(sy, 10)), shown=0)
