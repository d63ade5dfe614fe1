"""Lagrange multipliers (week 5): slide along the constraint g = 0 and watch ∇f line up with ∇g.

At a constrained extremum the constraint is tangent to a level curve of f, so ∇f = λ∇g. The screen
shows both gradients at the point, the angle between them (0° or 180° at a stationary point) and
λ = ∇f·∇g/|∇g|². Enter runs Newton's method on ∇L(x, y, λ) = 0 from the current point.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

import numpy as np

from mfml_tui.engine.optimise import LagrangeResult, lagrange

from .functions import num, surface
from .rules import level_points

#: the course's example: f = exp(−(2x² + y² − xy)/2) on x² + 3(y + 1)² = 1 (four stationary points)
DEFAULT_F = "exp(-(2x^2 + y^2 - x*y)/2)"
DEFAULT_G = "x^2 + 3(y + 1)^2 - 1"


def _project(g, p: np.ndarray) -> np.ndarray | None:
    """Newton steps along ∇g back onto g = 0 (None if that fails)."""
    for _ in range(30):
        val = float(g(*p))
        grad = g.gradient(*p)
        n2 = float(grad @ grad)
        if not (math.isfinite(val) and math.isfinite(n2)) or n2 == 0:
            return None
        p = p - val * grad / n2
        if abs(val) < 1e-12:
            return p
    return p if abs(float(g(*p))) < 1e-8 else None


@lru_cache(maxsize=16)
def _start(g_text: str, box: tuple[float, ...]) -> tuple[float, float]:
    """A point on g = 0: the grid point of smallest |g|, projected onto the curve."""
    g = surface(g_text)
    X, Y = np.meshgrid(np.linspace(box[0], box[1], 61), np.linspace(box[2], box[3], 61))
    G = np.abs(np.asarray(g(X, Y), dtype=float))
    G[~np.isfinite(G)] = np.inf
    i, j = np.unravel_index(int(np.argmin(G)), G.shape)
    p = _project(g, np.array([X[i, j], Y[i, j]]))
    if p is None:
        raise ValueError("cannot find a point where the constraint g = 0 holds in the view")
    return float(p[0]), float(p[1])


@lru_cache(maxsize=16)
def _curves(f_text: str, g_text: str, box: tuple[float, ...], n: int = 6):
    f, g = surface(f_text), surface(g_text)
    X, Y = np.meshgrid(np.linspace(box[0], box[1], 80), np.linspace(box[2], box[3], 80))
    Z = np.asarray(f(X, Y), dtype=float)
    finite = Z[np.isfinite(Z)]
    levels = np.quantile(finite, np.linspace(0.1, 0.9, n)) if finite.size else []
    return level_points(X, Y, Z, levels), level_points(X, Y, np.asarray(g(X, Y), dtype=float), [0.0])


@dataclass(frozen=True)
class LagrangeState:
    """f and g (texts in x, y), the point on g = 0, the view box and the points found so far."""

    f: str = DEFAULT_F
    g: str = DEFAULT_G
    point: tuple[float, float] | None = None  #: None: found automatically
    x: tuple[float, float] = (-2.0, 2.0)
    y: tuple[float, float] = (-2.5, 0.5)
    step: float = 0.05
    found: tuple[tuple[float, float, float, float], ...] = ()  #: (x, y, λ, f) of solved points
    message: str = ""

    def __post_init__(self) -> None:
        surface(self.f)
        surface(self.g)
        if not (self.x[0] < self.x[1] and self.y[0] < self.y[1]):
            raise ValueError("the x and y ranges need low < high")
        if self.point is None:
            object.__setattr__(self, "point", _start(self.g, self.box))
        else:
            p = _project(surface(self.g), np.array(self.point, dtype=float))
            if p is None:
                raise ValueError("the point cannot be moved onto the constraint g = 0")
            object.__setattr__(self, "point", (float(p[0]), float(p[1])))

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (*map(float, self.x), *map(float, self.y))

    # ∇f, ∇g, f and the angle are read a dozen times a key (side panel, status, drawing): computed once
    # per state (a state is never changed, only replaced), read-only
    @cached_property
    def grad_f(self) -> np.ndarray:
        """∇f at the point; exactly 0 when it is round-off next to ∇g (f stationary by itself: λ = 0),
        so no arrow points along noise."""
        gf = np.array(surface(self.f).gradient(*self.point), dtype=float)
        if float(np.linalg.norm(gf)) <= 1e-9 * max(1.0, float(np.linalg.norm(self.grad_g))):
            gf = np.zeros_like(gf)
        gf.setflags(write=False)
        return gf

    @cached_property
    def grad_g(self) -> np.ndarray:
        gg = np.array(surface(self.g).gradient(*self.point), dtype=float)
        gg.setflags(write=False)
        return gg

    @cached_property
    def value(self) -> float:
        return float(surface(self.f)(*self.point))

    @cached_property
    def angle(self) -> float:
        """The angle between ∇f and ∇g in degrees (0 or 180 at a stationary point); nan if one is 0."""
        a, b = self.grad_f, self.grad_g
        na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
        if na == 0 or nb == 0:
            return float("nan")
        return math.degrees(math.acos(max(-1.0, min(1.0, float(a @ b) / (na * nb)))))

    @property
    def misalignment(self) -> float:
        """How far from parallel (0° means ∇f ∥ ∇g, either way round)."""
        a = self.angle
        return min(a, 180 - a) if math.isfinite(a) else 0.0

    @property
    def lam(self) -> float:
        """λ = ∇f·∇g/|∇g|² (the best λ for ∇f ≈ λ∇g here)."""
        b = self.grad_g
        return float(self.grad_f @ b / (b @ b))

    @property
    def tangent(self) -> np.ndarray:
        """The unit tangent of the constraint at the point (∇g turned by 90°)."""
        gx, gy = self.grad_g
        t = np.array([-gy, gx])
        return t / np.linalg.norm(t)

    def curves(self, n: int = 6):
        """((xs, ys) of `n` level curves of f, (xs, ys) of the constraint)."""
        return _curves(self.f, self.g, self.box, int(n))

    # -- keys ---------------------------------------------------------------------------------------
    def slide(self, steps: float) -> LagrangeState:
        """Move along the constraint (tangent step, then back onto g = 0)."""
        p = np.array(self.point) + steps * self.step * self.tangent
        q = _project(surface(self.g), p)
        if q is None:
            return replace(self, message="cannot follow the constraint here")
        return replace(self, point=(float(q[0]), float(q[1])), message="")

    def solve(self) -> LagrangeState:
        """Newton on ∇L = 0 from here (λ₀ = the current λ); jump to the stationary point found."""
        res = self.newton()
        if not res.converged:
            return replace(self, message=f"Newton did not converge: {res.reason}")
        x, y = map(float, res.x)
        fv = float(surface(self.f)(x, y))
        found = self.found
        if not any(abs(x - a) < 1e-6 and abs(y - b) < 1e-6 for a, b, _, _ in found):
            found = (*found, (x, y, float(res.lam), fv))
        steps = len(res.iterates) - 1
        lam = num(res.lam, scale=self.lam_scale(found))  # Newton's round-off (10⁻³⁶) is 0
        text = f"Newton: a stationary point in {steps} step{'s' if steps != 1 else ''}, λ = {lam}"
        return replace(self, point=(x, y), found=found, message=text)

    @staticmethod
    def lam_scale(found) -> float:
        """The size λ is compared with to call it round-off: 1 and the multipliers found so far."""
        return max([1.0, *(abs(p[2]) for p in found if math.isfinite(p[2]))])

    def newton(self) -> LagrangeResult:
        f, g = surface(self.f), surface(self.g)
        return lagrange(
            lambda p: f.gradient(*p),
            lambda p: f.hessian(*p),
            lambda p: g(*p),
            lambda p: g.gradient(*p),
            lambda p: g.hessian(*p),
            np.array(self.point),
            self.lam,
        )
