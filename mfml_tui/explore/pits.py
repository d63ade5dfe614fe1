"""The hidden landscapes of the sandpit game (our own numpy versions of the course's five generators).

Every pit is a smooth function on the 6 m × 6 m board, rescaled as in the course so that depths run from
−1 m (the highest point) to −9 m (the deepest, where the phone lies):
``depth = 8·(f − f_max)/(f_max − f_min) − 1``. The gradient a dip-stick measures is the central difference
with h = 0.01, the Hessian the central difference of that gradient, exactly as the original lab did.

Generators (all seeded, so a pit can be replayed and tested):

* ``intro`` / ``depth_only`` — an inverted bowl plus one deep Gaussian well; the phone is near (1.21, 4.01).
* ``random`` — Σ a_nm cos(πnx/6 + φ) cos(πmy/6 + ψ) for n, m < 4, plus a bowl term that lifts the edges.
* ``many_minima`` — a rotated lattice of sinc bumps and dips; the phone is in the deepest dip.
* ``rocky`` — the random pit plus ten-times-finer noise of 1/25 the amplitude: gradients lie.
* ``well`` — the random pit plus a narrow deep well at a random spot that the gradient hardly hints at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

SIZE = 6.0  #: the board is [0, SIZE]² metres
H = 0.01  #: step of the central differences (as in the course)

Raw = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True, eq=False)
class Pit:
    """A landscape: `depth(x, y)` (vectorised, metres, −1 … −9), its gradient, Hessian and phone."""

    name: str
    title: str
    raw: Raw = field(repr=False)
    arrow_scale: float = 1.0  #: the arrow drawn is −J·arrow_scale/5, clipped to 1 m
    arrows: bool = True  #: False: depth-only mode (no arrow is shown)
    seed: int | None = None

    # -- scaling and the phone --------------------------------------------------------------------
    @cached_property
    def _scan(self) -> tuple[float, float, np.ndarray]:
        n = 241
        g = np.linspace(0.0, SIZE, n)
        X, Y = np.meshgrid(g, g)  # rows: y, columns: x
        Z = self.raw(X, Y)
        i, j = np.unravel_index(int(np.argmin(Z)), Z.shape)
        best = self._refine(np.array([g[j], g[i]]), SIZE / (n - 1))
        fmin = min(float(self.raw(best[0], best[1])), float(Z.min()))
        return float(Z.max()), fmin, best

    def _refine(self, p: np.ndarray, span: float) -> np.ndarray:
        """Zoom a small grid around `p` until the minimum is located to ~1e-6 m."""
        for _ in range(12):
            g = np.linspace(-span, span, 11)
            X, Y = np.meshgrid(np.clip(p[0] + g, 0, SIZE), np.clip(p[1] + g, 0, SIZE))
            Z = self.raw(X, Y)
            i, j = np.unravel_index(int(np.argmin(Z)), Z.shape)
            p = np.array([X[i, j], Y[i, j]])
            span /= 4
        return p

    @property
    def phone(self) -> tuple[float, float]:
        """Where the phone lies: the global minimum of the pit."""
        p = self._scan[2]
        return float(p[0]), float(p[1])

    def depth(self, x, y):
        """Depth in metres (−1 at the highest point of the board, −9 at the phone); vectorised."""
        fmax, fmin, _ = self._scan
        return 8.0 * (self.raw(np.asarray(x, float), np.asarray(y, float)) - fmax) / (fmax - fmin) - 1.0

    def gradient(self, x: float, y: float) -> np.ndarray:
        """J = [∂d/∂x, ∂d/∂y] by central differences with h = 0.01."""
        d = self.depth
        return np.array(
            [(d(x + H, y) - d(x - H, y)) / (2 * H), (d(x, y + H) - d(x, y - H)) / (2 * H)], dtype=float
        )

    def hessian(self, x: float, y: float) -> np.ndarray:
        """H by central differences of the gradient (h = 0.01), symmetrised."""
        gx1, gx0 = self.gradient(x + H, y), self.gradient(x - H, y)
        gy1, gy0 = self.gradient(x, y + H), self.gradient(x, y - H)
        Hm = np.array([(gx1 - gx0) / (2 * H), (gy1 - gy0) / (2 * H)])
        return (Hm + Hm.T) / 2

    def arrow(self, x: float, y: float) -> np.ndarray:
        """The arrow a dip shows: −J·scale/5, its length clipped to at most 1 m."""
        v = -self.gradient(x, y) * self.arrow_scale / 5.0
        n = float(np.hypot(*v))
        return v / n if n > 1.0 else v

    def grid(self, n: int = 61) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """X, Y, depth on an n×n grid over the board (rows are y)."""
        g = np.linspace(0.0, SIZE, n)
        X, Y = np.meshgrid(g, g)
        return X, Y, self.depth(X, Y)

    def local_minimum(
        self, x: float, y: float, iterations: int = 300, max_travel: float | None = None
    ) -> tuple[float, float]:
        """Roll downhill from (x, y): steepest descent with backtracking, kept on the board.

        With `max_travel`, give up (returning where it got to) once it is that far from the start —
        enough to tell "the nearest minimum is right here" from "it is further away" cheaply.
        """
        start = np.array([x, y], float)
        p = start.copy()
        d = float(self.depth(*p))
        step = 0.05
        for _ in range(iterations):
            g = self.gradient(*p)
            gn = float(np.hypot(*g))
            if gn < 1e-7:
                break
            while step > 1e-9:
                q = np.clip(p - step * g / gn, 0.0, SIZE)
                dq = float(self.depth(*q))
                if dq < d:
                    break
                step /= 2
            else:
                break
            moved = float(np.hypot(*(q - p)))
            p, d = q, dq
            step = min(step * 2, 0.5)
            if moved < 1e-7:
                break
            if max_travel is not None and float(np.hypot(*(p - start))) > max_travel:
                break
        return float(p[0]), float(p[1])


# -- generators -------------------------------------------------------------------------------------


def _intro_raw(x, y):
    return -((x - 4.1) ** 2 + (y - 0.9) ** 2) - 30.0 * np.exp(-((x - 1.5) ** 2 + (y - 3.7) ** 2) / (2 * 1.4))


def _smooth_terms(rng: np.random.Generator, harmonics: int = 4, freq: float = 1.0, amp: float = 1.0):
    a = rng.normal(size=(harmonics, harmonics)) * amp
    phi = rng.uniform(0, 2 * np.pi, size=(harmonics, harmonics))
    psi = rng.uniform(0, 2 * np.pi, size=(harmonics, harmonics))

    def f(x, y):
        out = np.zeros(np.broadcast(x, y).shape)
        for n in range(harmonics):
            for m in range(harmonics):
                out = out + a[n, m] * np.cos(np.pi * freq * n * x / 6 + phi[n, m]) * np.cos(
                    np.pi * freq * m * y / 6 + psi[n, m]
                )
        return out

    return f


def _bowl(x, y):
    """0 in the middle of the board, 1 on its edges (flat inside, steep near the edge)."""
    return (1.0 - x * (x - 6) * y * (y - 6) / 81.0) ** 7


def _normalised(f: Raw) -> Raw:
    g = np.linspace(0, SIZE, 61)
    X, Y = np.meshgrid(g, g)
    Z = f(X, Y)
    lo, span = float(Z.min()), float(Z.max() - Z.min()) or 1.0
    return lambda x, y: (f(x, y) - lo) / span


def _random_raw(seed: int) -> Raw:
    terms = _normalised(_smooth_terms(np.random.default_rng(seed)))

    def f(x, y):
        return terms(x, y) + 0.5 * _bowl(x, y)

    return f


def _rocky_raw(seed: int) -> Raw:
    base = _random_raw(seed)
    # the same kind of terms at ten times the spatial frequency and 1/25 of the amplitude
    noise = _normalised(_smooth_terms(np.random.default_rng(seed + 7919), freq=10.0))

    def f(x, y):
        return base(x, y) + noise(x, y) / 25.0

    return f


def _well_raw(seed: int) -> Raw:
    base = _random_raw(seed)
    rng = np.random.default_rng(seed + 104729)
    cx, cy = rng.uniform(0.8, 5.2, size=2)
    g = np.linspace(0, SIZE, 121)
    X, Y = np.meshgrid(g, g)
    Z = base(X, Y)
    # deep enough to be the global minimum by a clear margin, narrow enough to hide
    depth = float(base(cx, cy) - Z.min()) + 0.6 * float(Z.max() - Z.min())

    def f(x, y):
        return base(x, y) - depth * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * 0.2**2))

    return f


def _many_minima_raw(seed: int) -> Raw:
    rng = np.random.default_rng(seed)
    theta = rng.uniform(0, np.pi / 2)
    spacing = 1.6
    c, s = np.cos(theta), np.sin(theta)
    pts, amps = [], []
    for i in range(-5, 6):
        for j in range(-5, 6):
            u, v = i * spacing, j * spacing
            px, py = 3 + c * u - s * v, 3 + s * u + c * v
            if -1 <= px <= 7 and -1 <= py <= 7:
                pts.append((px, py))
                amps.append(rng.uniform(-1.0, 1.0))
    pts_a = np.array(pts)
    amps_a = np.array(amps)
    inside = (pts_a[:, 0] > 0.7) & (pts_a[:, 0] < 5.3) & (pts_a[:, 1] > 0.7) & (pts_a[:, 1] < 5.3)
    k = int(rng.choice(np.flatnonzero(inside)))
    amps_a[k] = -1.6  # the deepest dip: that is where the phone rolled
    width = 0.55

    def f(x, y):
        x = np.asarray(x, float)
        y = np.asarray(y, float)
        out = np.zeros(np.broadcast(x, y).shape)
        for (px, py), a in zip(pts_a, amps_a, strict=True):
            out = out + a * np.sinc(np.hypot(x - px, y - py) / width)
        return out

    return f


PITS: dict[str, str] = {
    "intro": "Intro pit",
    "depth_only": "Depth only",
    "random": "Random pit",
    "many_minima": "Many minima",
    "rocky": "Rocky pit",
    "well": "Narrow well",
}


def make_pit(name: str, seed: int = 0) -> Pit:
    """Build the pit called `name` (see `PITS`) from `seed`."""
    if name == "intro":
        return Pit("intro", PITS[name], _intro_raw)
    if name == "depth_only":
        return Pit("depth_only", PITS[name], _intro_raw, arrows=False)
    if name == "random":
        return Pit("random", PITS[name], _random_raw(seed), arrow_scale=1.5, seed=seed)
    if name == "rocky":
        return Pit("rocky", PITS[name], _rocky_raw(seed), arrow_scale=1.5, seed=seed)
    if name == "well":
        return Pit("well", PITS[name], _well_raw(seed), arrow_scale=1.5, seed=seed)
    if name == "many_minima":
        return Pit("many_minima", PITS[name], _many_minima_raw(seed), arrow_scale=1.5, seed=seed)
    raise ValueError(f"unknown pit {name!r}; choose one of {', '.join(PITS)}")
