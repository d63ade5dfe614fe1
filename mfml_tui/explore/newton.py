"""Newton–Raphson stepper (week 5): follow the tangent to the axis, one key press per step."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from mfml_tui.engine.optimise import NewtonResult, newton_raphson

from .functions import check_variable, curve, num
from .view import zoomed

MAX_STEPS = 40


@lru_cache(maxsize=128)
def _run(f: str, x0: float, variable: str = "x") -> NewtonResult:
    c = curve(f, variable)
    return newton_raphson(c, c.derivative(1), x0, max_steps=MAX_STEPS)


@dataclass(frozen=True)
class NewtonState:
    """f (text in its variable, x unless the lesson says t), the start x₀, how many steps are shown,
    preset starts and the x range."""

    f: str = "x^3 - 2x + 2"
    x0: float = -2.0
    shown: int = 0
    starts: tuple[float, ...] = (-2.0, 0.0, 1.0)
    x: tuple[float, float] = (-3.0, 3.0)
    x_step: float = 0.1
    view: tuple[float, float] | None = None  # the zoomed x window (None: the whole x range)
    variable: str = "x"  #: the name f is written in; every caption says it (t₀, tᵢ)

    def __post_init__(self) -> None:
        check_variable(self.variable)
        curve(self.f, self.variable)
        if not self.x[0] < self.x[1]:
            raise ValueError("the x range needs low < high")

    @property
    def run(self) -> NewtonResult:
        """The engine's whole run from x₀ (the screen reveals it step by step)."""
        return _run(self.f, float(self.x0), self.variable)

    @property
    def iterates(self) -> tuple[float, ...]:
        return self.run.iterates[: self.shown + 1]

    @property
    def values(self) -> tuple[float, ...]:
        return self.run.values[: self.shown + 1]

    @property
    def finished(self) -> bool:
        return self.shown >= self.run.steps

    @property
    def outcome(self) -> str:
        """'' while stepping; then the engine's reason (converged, cycling between …, diverging, …)."""
        if not self.finished:
            return ""
        r = self.run
        if r.converged:
            return f"converged to {self.variable} = {num(r.iterates[-1], 10)} in {r.steps} steps"
        return r.reason

    def tangents(self) -> list[tuple[float, float, float]]:
        """(xᵢ, f(xᵢ), xᵢ₊₁) for each step shown: the tangent from the curve down to the axis."""
        xs, fs = self.run.iterates, self.run.values
        return [(xs[i], fs[i], xs[i + 1]) for i in range(min(self.shown, len(xs) - 1))]

    def table(self) -> list[tuple[int, float, float]]:
        return [(i, x, fx) for i, (x, fx) in enumerate(zip(self.iterates, self.values, strict=True))]

    # -- keys ---------------------------------------------------------------------------------------
    def step(self) -> NewtonState:
        return replace(self, shown=min(self.shown + 1, self.run.steps))

    def run_all(self) -> NewtonState:
        return replace(self, shown=self.run.steps)

    def reset(self) -> NewtonState:
        return replace(self, shown=0)

    def move(self, steps: int) -> NewtonState:
        return replace(self, x0=round(self.x0 + steps * self.x_step, 10), shown=0)

    def next_start(self) -> NewtonState:
        """The next preset start after the current x₀."""
        if not self.starts:
            return self
        starts = sorted(self.starts)
        later = [s for s in starts if s > self.x0 + 1e-12]
        return replace(self, x0=float(later[0] if later else starts[0]), shown=0)

    def visible(self, x: float) -> bool:
        lo, hi = self.window
        return bool(lo <= x <= hi) and bool(np.isfinite(x))

    # -- the view: zoom in on the newest step (f's y range follows the x window) ----------------------
    @property
    def window(self) -> tuple[float, float]:
        return self.view or self.x

    def zoom(self, factor: float) -> NewtonState:
        """The x window `factor` times as wide, centred on the newest iterate when it is in view (so
        steps that sat in one row of a −230…1194 range get the whole plot)."""
        lo, hi = self.window
        here = self.iterates[-1]
        centre = here if lo <= here <= hi and np.isfinite(here) else (lo + hi) / 2
        return replace(self, view=zoomed((lo, hi), centre, factor, self.x))

    def whole(self) -> NewtonState:
        return replace(self, view=None)
