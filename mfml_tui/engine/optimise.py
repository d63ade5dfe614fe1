"""Optimisation as taught in weeks 2 and 5: Newton–Raphson, gradient descent, Lagrange multipliers.

Every method returns the *whole story* (every iterate and value, and why it stopped) because the tutor
shows iteration tables and draws trajectories; the answer alone teaches little. Failures are results, not
exceptions: a flat tangent, a 2-cycle, a walk that leaves the sandpit or a singular Jacobian each stop the
method with a `reason`/`outcome` the learner can read. Every loop is bounded by a step count.

The methods take plain callables (floats or numpy arrays in, floats or arrays out). Errors raised by
those callables for maths that is merely undefined (1/0, math.exp(1000), sqrt(-1)) are treated as nan.
Only programming mistakes (an unknown method name, a missing Hessian, wrong shapes) raise.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

# --------------------------------------------------------------------------------------------- helpers

#: |x| beyond this means the iteration has run away (the tangent sent it off towards infinity).
_HUGE = 1e12
#: f′ counts as zero (or nearly) when the Newton step |f/f′| would exceed _FLAT·max(1, |x|):
#: the tangent is so flat that it meets the axis absurdly far away, if at all.
_FLAT = 1e12
#: A linear system counts as singular when its condition number exceeds this.
_SINGULAR_COND = 1e14


def _fmt(x: float) -> str:
    from mfml_tui.engine.printing import number

    return number(x, 6).replace("−", "-")  # never e-notation on screen (the engine's messages keep -)


def _fmt_vec(v: np.ndarray) -> str:
    return "(" + ", ".join(_fmt(float(c)) for c in np.ravel(v)) + ")"


def _call(f: Callable, x):
    """f(x), or None when f is undefined there: Python's own maths errors (1/0, math.exp(1000),
    math.sqrt(-1)) mean "undefined at this point", the same as numpy's nan."""
    try:
        with np.errstate(all="ignore"):
            return f(x)
    except (ArithmeticError, ValueError):
        return None


def _scalar(f: Callable, x) -> float:
    """f(x) as a float (nan where f is undefined)."""
    value = _call(f, x)
    return math.nan if value is None else float(np.asarray(value, dtype=float).reshape(()))


def _array(f: Callable, x, shape: tuple[int, ...] | None = None) -> np.ndarray:
    """f(x) as a float array of `shape` (all nan where f is undefined). A wrong shape raises."""
    value = _call(f, x)
    if value is None:
        return np.full(shape or (1,), math.nan)
    value = np.asarray(value, dtype=float)
    return value.reshape(shape) if shape is not None else value


def _frozen(a) -> np.ndarray:
    """A read-only float copy, so results stay what they were when they were returned."""
    a = np.array(a, dtype=float)
    a.setflags(write=False)
    return a


def _close(a: float, b: float, rel: float = 1e-9) -> bool:
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def _solve(A: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    """A⁻¹b, or None when A is singular (or so nearly singular that the answer would be noise)."""
    if not (np.all(np.isfinite(A)) and np.all(np.isfinite(b))):
        return None
    with np.errstate(all="ignore"):
        if np.linalg.cond(A) > _SINGULAR_COND:
            return None
        try:
            return np.linalg.solve(A, b)
        except np.linalg.LinAlgError:
            return None


# ---------------------------------------------------------------------------------- Newton–Raphson 1-D


@dataclass(frozen=True)
class NewtonResult:
    """A Newton–Raphson run: x₀, x₁, … with f(xᵢ) beside each, and why it stopped."""

    iterates: tuple[float, ...]
    values: tuple[float, ...]
    converged: bool
    reason: str

    @property
    def root(self) -> float | None:
        return self.iterates[-1] if self.converged else None

    @property
    def steps(self) -> int:
        return len(self.iterates) - 1


def newton_raphson(
    f: Callable[[float], float],
    df: Callable[[float], float],
    x0: float,
    *,
    tol: float = 1e-12,
    max_steps: int = 50,
    watch: bool = True,
) -> NewtonResult:
    """Find a root of f by x_{i+1} = x_i − f(x_i)/f′(x_i): follow the tangent down to the axis, repeat.

    With `watch=False` the iteration is not stopped for cycling or running away (for "what is x after
    n steps?" questions, where the cycle is the point).

    Stops with `converged=True` when a step is smaller than tol·max(1, |x|) (or f(x) is exactly 0).
    Otherwise the reason says what went wrong, in the words of the course's "Checking Newton–Raphson":
    "f′ is zero (or nearly) at x = …" (a flat tangent never meets the axis), "diverging" (the iterates
    run away), "cycling between a and b" (a repeating 2-cycle, like x³ − 2x + 2 from 0: 0 → 1 → 0 …) or
    "did not converge in N steps".
    """
    x = float(x0)
    fx = _scalar(f, x)
    xs, fs = [x], [fx]

    def result(converged: bool, reason: str) -> NewtonResult:
        return NewtonResult(tuple(xs), tuple(fs), converged, reason)

    if not math.isfinite(x):
        return result(False, "the start is not a finite number")
    for _ in range(max(0, int(max_steps))):
        if not math.isfinite(fx):
            return result(False, f"f is not defined at x = {_fmt(x)}")
        if fx == 0.0:
            return result(True, "converged")
        d = _scalar(df, x)
        if not math.isfinite(d):
            return result(False, f"f′ is not defined at x = {_fmt(x)}")
        if d == 0.0 or abs(fx) > _FLAT * max(1.0, abs(x)) * abs(d):
            return result(False, f"f′ is zero (or nearly) at x = {_fmt(x)}: the tangent never meets the axis")

        x_new = x - fx / d  # where the tangent at x crosses the axis
        if not math.isfinite(x_new) or abs(x_new) > _HUGE:
            if math.isfinite(x_new):
                xs.append(x_new)
                fs.append(_scalar(f, x_new))
            return result(False, "diverging")
        fx_new = _scalar(f, x_new)
        xs.append(x_new)
        fs.append(fx_new)

        if abs(x_new - x) <= tol * max(1.0, abs(x_new)):
            if math.isfinite(fx_new) and abs(fx_new) <= 1e-6 * max(1.0, abs(fs[0])):
                return result(True, "converged")
            return result(False, f"the steps became tiny but f(x) = {_fmt(fx_new)} is not near 0")
        if watch and _is_two_cycle(xs):
            return result(False, f"cycling between {_fmt(xs[-2])} and {_fmt(xs[-1])}")
        if watch and _is_running_away(xs):
            return result(False, "diverging")
        x, fx = x_new, fx_new
    return result(False, f"did not converge in {max(0, int(max_steps))} steps")


def _is_two_cycle(xs: Sequence[float]) -> bool:
    """x_{n} ≈ x_{n−2} and x_{n−1} ≈ x_{n−3}, while x_n and x_{n−1} differ: a 2-cycle seen twice."""
    if len(xs) < 4:
        return False
    a, b, c, d = xs[-4:]
    return _close(d, b) and _close(c, a) and not _close(d, c, rel=1e-6)


def _is_running_away(xs: Sequence[float], run: int = 8) -> bool:
    """The last `run` steps all went the same way without shrinking: x is heading off to infinity."""
    if len(xs) < run + 2:
        return False
    steps = np.diff(np.asarray(xs[-(run + 1) :]))
    same_way = np.all(steps > 0) or np.all(steps < 0)
    not_shrinking = np.all(np.abs(steps[1:]) >= 0.9 * np.abs(steps[:-1]))
    return bool(same_way and not_shrinking)


# ---------------------------------------------------------------------------------- Newton for systems


@dataclass(frozen=True)
class NewtonNDResult:
    """Newton's method for F(x) = 0 with x ∈ ℝⁿ: every iterate (k, n), F there (k, m), and why it stopped."""

    iterates: np.ndarray
    residuals: np.ndarray
    converged: bool
    reason: str

    @property
    def x(self) -> np.ndarray:
        return self.iterates[-1]

    @property
    def steps(self) -> int:
        return len(self.iterates) - 1


def newton_nd(
    F: Callable[[np.ndarray], np.ndarray],
    J: Callable[[np.ndarray], np.ndarray],
    x0,
    *,
    tol: float = 1e-12,
    max_steps: int = 50,
) -> NewtonNDResult:
    """Solve F(x) = 0 by linearising: F(x + Δ) ≈ F(x) + J(x)Δ = 0, so solve J Δ = −F and step x ← x + Δ.

    This is the 1-D rule x − f/f′ with the division replaced by solving a linear system. A singular
    Jacobian (no unique Δ) ends the run with a reason instead of an exception.
    """
    x = np.array(x0, dtype=float).reshape(-1)
    n = x.size
    Fx = _array(F, x).reshape(-1)
    xs, Fs = [x.copy()], [Fx.copy()]

    def result(converged: bool, reason: str) -> NewtonNDResult:
        width = max(len(r) for r in Fs)
        padded = [np.pad(r, (0, width - len(r)), constant_values=np.nan) for r in Fs]
        return NewtonNDResult(_frozen(xs), _frozen(padded), converged, reason)

    if not np.all(np.isfinite(x)):
        return result(False, "the start is not a finite point")
    for _ in range(max(0, int(max_steps))):
        if not np.all(np.isfinite(Fx)):
            return result(False, f"F is not defined at x = {_fmt_vec(x)}")
        if not np.any(Fx):
            return result(True, "converged")
        Jx = _array(J, x, (Fx.size, n))
        delta = _solve(Jx, -Fx)
        if delta is None:
            return result(False, f"the Jacobian is singular (or nearly) at x = {_fmt_vec(x)}")
        x_new = x + delta
        if not np.all(np.isfinite(x_new)) or np.max(np.abs(x_new)) > _HUGE:
            return result(False, "diverging")
        Fx_new = _array(F, x_new).reshape(-1)
        xs.append(x_new.copy())
        Fs.append(Fx_new.copy())
        if np.max(np.abs(delta)) <= tol * max(1.0, float(np.max(np.abs(x_new)))):
            small = 1e-6 * max(1.0, float(np.max(np.abs(Fs[0]))))
            if np.all(np.isfinite(Fx_new)) and np.max(np.abs(Fx_new)) <= small:
                return result(True, "converged")
            return result(False, "the steps became tiny but F(x) is not near 0")
        x, Fx = x_new, Fx_new
    return result(False, f"did not converge in {max(0, int(max_steps))} steps")


def newton_nd_many(
    F: Callable[[np.ndarray], np.ndarray],
    J: Callable[[np.ndarray], np.ndarray],
    starts,
    *,
    tol: float = 1e-12,
    max_steps: int = 50,
) -> tuple[NewtonNDResult, ...]:
    """`newton_nd` from many starts at once: the same steps, stops and reasons for every start, but
    each iteration calls F and J once for all the runs still going (F: (k, n) → (k, m), J: (k, n) →
    (k, m, n)). Why: a plot seeds Newton from ~24 points on a curve; one vectorised call per iteration
    instead of one per start and iteration turns ~40 ms of Python calls into a few.
    """
    X = np.array(starts, dtype=float)
    k = len(X)
    X = X.reshape(k, -1)
    n = X.shape[1]
    steps = max(0, int(max_steps))

    def at(P: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
        if not len(P):
            return np.empty(shape)
        V = _array(F if len(shape) == 2 else J, P)
        return V.reshape(shape) if V.size == math.prod(shape) else np.full(shape, math.nan)

    F0 = _array(F, X) if k else np.empty((0, 1))
    m = F0.size // k if k and F0.size % k == 0 else 1
    F0 = F0.reshape(k, m) if F0.size == k * m else np.full((k, m), math.nan)
    xs = [[X[i].copy()] for i in range(k)]
    Fs = [[F0[i].copy()] for i in range(k)]
    ends: list[tuple[bool, str] | None] = [None] * k
    finite = np.all(np.isfinite(X), axis=1)
    for i in np.flatnonzero(~finite):
        ends[i] = (False, "the start is not a finite point")
    live, FX = np.flatnonzero(finite), F0[finite]

    def stop(rows, end) -> None:
        for i in rows:
            ends[i] = end

    for _ in range(steps):
        if not len(live):
            break
        P = X[live]
        # the checks of newton_nd, in its order, each on the rows still going
        undefined = ~np.all(np.isfinite(FX), axis=1)
        for j in np.flatnonzero(undefined):
            ends[live[j]] = (False, f"F is not defined at x = {_fmt_vec(P[j])}")
        zero = ~undefined & ~np.any(FX, axis=1)
        stop(live[zero], (True, "converged"))
        keep = ~(undefined | zero)
        live, P, FX = live[keep], P[keep], FX[keep]
        if not len(live):
            break
        JX = at(P, (len(live), m, n))
        ok = np.all(np.isfinite(JX), axis=(1, 2))
        delta = np.zeros((len(live), n))
        if np.any(ok):
            with np.errstate(all="ignore"):
                ok[ok] = ~(np.linalg.cond(JX[ok]) > _SINGULAR_COND)
        if np.any(ok):
            try:
                with np.errstate(all="ignore"):
                    delta[ok] = np.linalg.solve(JX[ok], -FX[ok][..., None])[..., 0]
            except np.linalg.LinAlgError:  # one singular matrix fails the batch: solve row by row
                for j in np.flatnonzero(ok):
                    d = _solve(JX[j], -FX[j])
                    ok[j] = d is not None
                    if d is not None:
                        delta[j] = d
        for j in np.flatnonzero(~ok):
            ends[live[j]] = (False, f"the Jacobian is singular (or nearly) at x = {_fmt_vec(P[j])}")
        live, P, delta = live[ok], P[ok], delta[ok]
        new = P + delta
        with np.errstate(all="ignore"):
            bad = ~np.all(np.isfinite(new), axis=1) | (np.max(np.abs(new), axis=1, initial=0.0) > _HUGE)
        stop(live[bad], (False, "diverging"))
        live, delta, new = live[~bad], delta[~bad], new[~bad]
        FN = at(new, (len(live), m))
        X[live] = new
        tiny = np.max(np.abs(delta), axis=1, initial=0.0) <= tol * np.maximum(
            1.0, np.max(np.abs(new), axis=1, initial=0.0)
        )
        for j, i in enumerate(live):
            xs[i].append(new[j].copy())
            Fs[i].append(FN[j].copy())
            if tiny[j]:
                small = 1e-6 * max(1.0, float(np.max(np.abs(Fs[i][0]))))
                near = np.all(np.isfinite(FN[j])) and np.max(np.abs(FN[j])) <= small
                tiny_end = (False, "the steps became tiny but F(x) is not near 0")
                ends[i] = (True, "converged") if near else tiny_end
        live, FX = live[~tiny], FN[~tiny]
    out_of_steps = (False, f"did not converge in {steps} steps")
    return tuple(NewtonNDResult(_frozen(xs[i]), _frozen(Fs[i]), *(ends[i] or out_of_steps)) for i in range(k))


# ------------------------------------------------------------------------------------ gradient descent

FOUND = "found it"
LEFT = "left the area"
STUCK = "stuck at a stationary point"
OUT_OF_STEPS = "ran out of steps"
NO_GRADIENT = "the gradient is not defined here"
SINGULAR_HESSIAN = "the Hessian is singular here: no Newton step"

Method = Literal["gradient", "hessian", "hybrid"]
METHODS: tuple[str, ...] = ("gradient", "hessian", "hybrid")


@dataclass(frozen=True)
class Trajectory:
    """A descent walk: the points visited (k, n), f at each, the kind of each step taken, and the outcome.

    `outcome` is one of FOUND, LEFT, STUCK, OUT_OF_STEPS, NO_GRADIENT, SINGULAR_HESSIAN. STUCK means
    the step became tiny: a stationary point, which the caller may compare with the target to tell a
    local minimum (or a maximum, for the Hessian step) from the one it was looking for.
    """

    points: np.ndarray
    values: np.ndarray
    outcome: str
    step_kinds: tuple[str, ...] = ()

    @property
    def end(self) -> np.ndarray:
        return self.points[-1]

    @property
    def steps(self) -> int:
        return len(self.points) - 1


def descent_step(
    grad_f: np.ndarray,
    H: np.ndarray | None,
    *,
    method: Method = "gradient",
    gamma: float = 0.5,
    max_hessian_step: float = 2.0,
) -> tuple[np.ndarray | None, str]:
    """One step of the sandpit's strategies, given ∇f (and H) at the current point.

    "gradient": −γ∇f, steepest descent with aggression γ. "hessian": −H⁻¹∇f, from the second-order
    Taylor series (it jumps to the stationary point of the local quadratic: a maximum as readily as a
    minimum). "hybrid": the Hessian step unless it points uphill (step·(−∇f) ≤ 0) or is longer than
    `max_hessian_step`, then −γ∇f. Returns (step, kind); step is None when a pure Hessian step does not exist.
    """
    if method == "gradient":
        return -gamma * grad_f, "gradient"
    newton = _solve(H, -grad_f) if H is not None else None
    if method == "hessian":
        return newton, "hessian"
    if newton is None or float(newton @ -grad_f) <= 0 or float(np.linalg.norm(newton)) > max_hessian_step:
        return -gamma * grad_f, "gradient"
    return newton, "hessian"


def gradient_descent(
    f: Callable[[np.ndarray], float],
    grad: Callable[[np.ndarray], np.ndarray],
    x0,
    *,
    gamma: float = 0.5,
    steps: int = 50,
    method: Method = "gradient",
    hess: Callable[[np.ndarray], np.ndarray] | None = None,
    bounds: Sequence[tuple[float, float]] | None = None,
    stop_radius: float | None = None,
    target=None,
    min_step: float = 1e-9,
    max_hessian_step: float = 2.0,
) -> Trajectory:
    """Walk downhill from x0 by repeated `descent_step`s, as the worker in the sandpit does.

    `bounds` is one (low, high) pair per coordinate, e.g. [(0, 6), (0, 6)] for the sandpit; stepping
    outside ends the walk with LEFT (the outside point is kept, so the last segment can be drawn).
    Coming within `stop_radius` of `target` ends it with FOUND; a step shorter than `min_step` with
    STUCK; after `steps` steps it is OUT_OF_STEPS.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
    if method != "gradient" and hess is None:
        raise ValueError(f"the {method!r} method needs hess")
    if (target is None) != (stop_radius is None):
        raise ValueError("give both target and stop_radius, or neither")

    p = np.array(x0, dtype=float).reshape(-1)
    n = p.size
    goal = None if target is None else np.asarray(target, dtype=float).reshape(n)
    box = None if bounds is None else np.asarray(bounds, dtype=float).reshape(n, 2)
    points, values, kinds = [p.copy()], [_scalar(f, p)], []

    def result(outcome: str) -> Trajectory:
        return Trajectory(_frozen(points), _frozen(values), outcome, tuple(kinds))

    def arrived(q: np.ndarray) -> bool:
        return goal is not None and float(np.linalg.norm(q - goal)) <= stop_radius

    def outside(q: np.ndarray) -> bool:
        return box is not None and bool(np.any(q < box[:, 0]) or np.any(q > box[:, 1]))

    if arrived(p):
        return result(FOUND)
    if outside(p):
        return result(LEFT)
    for _ in range(max(0, int(steps))):
        g = _array(grad, p, (n,))
        if not np.all(np.isfinite(g)):
            return result(NO_GRADIENT)
        H = _array(hess, p, (n, n)) if method != "gradient" else None
        step, kind = descent_step(g, H, method=method, gamma=gamma, max_hessian_step=max_hessian_step)
        if step is None:
            return result(SINGULAR_HESSIAN)
        if float(np.linalg.norm(step)) <= min_step:
            return result(STUCK)
        p = p + step
        points.append(p.copy())
        values.append(_scalar(f, p))
        kinds.append(kind)
        if arrived(p):
            return result(FOUND)
        if outside(p) or not np.all(np.isfinite(p)):
            return result(LEFT)
    return result(OUT_OF_STEPS)


# ------------------------------------------------------------------------------- Lagrange multipliers


@dataclass(frozen=True)
class LagrangeResult:
    """A stationary point of f on g = 0 (if converged): x, the multiplier λ, the Newton iterates (x…, λ)."""

    x: np.ndarray
    lam: float
    iterates: np.ndarray
    converged: bool
    reason: str


def lagrangian_gradient(grad_f: Callable, g: Callable, grad_g: Callable, n: int) -> Callable:
    """∇L(x, λ) = [∇f − λ∇g, −g] for L = f − λg: zero exactly where ∇f = λ∇g on the constraint g = 0."""

    def gradient(v: np.ndarray) -> np.ndarray:
        x, lam = v[:n], v[n]
        gf = np.asarray(grad_f(x), dtype=float).reshape(n)
        gg = np.asarray(grad_g(x), dtype=float).reshape(n)
        return np.concatenate([gf - lam * gg, [-float(g(x))]])

    return gradient


def lagrangian_hessian(hess_f: Callable, grad_g: Callable, hess_g: Callable, n: int) -> Callable:
    """The (n+1)×(n+1) Jacobian of ∇L: [[H_f − λH_g, −∇g], [−∇gᵀ, 0]]."""

    def hessian(v: np.ndarray) -> np.ndarray:
        x, lam = v[:n], v[n]
        Hf = np.asarray(hess_f(x), dtype=float).reshape(n, n)
        Hg = np.asarray(hess_g(x), dtype=float).reshape(n, n)
        gg = np.asarray(grad_g(x), dtype=float).reshape(n)
        M = np.zeros((n + 1, n + 1))
        M[:n, :n] = Hf - lam * Hg
        M[:n, n] = -gg
        M[n, :n] = -gg
        return M

    return hessian


def lagrange(
    grad_f: Callable,
    hess_f: Callable,
    g: Callable,
    grad_g: Callable,
    hess_g: Callable,
    x0,
    lam0: float = 0.0,
    *,
    tol: float = 1e-12,
    max_steps: int = 50,
) -> LagrangeResult:
    """Solve ∇f = λ∇g, g = 0 by Newton's method on ∇L(x, λ) = 0, where L = f − λg.

    A constrained problem in n dimensions becomes root finding in n + 1 (the course's move): the
    extra unknown λ measures how much the constraint pulls. Which stationary point is found depends
    on the start; see `stationary_points_lagrange`.
    """
    x0 = np.asarray(x0, dtype=float).reshape(-1)
    n = x0.size
    run = newton_nd(
        lagrangian_gradient(grad_f, g, grad_g, n),
        lagrangian_hessian(hess_f, grad_g, hess_g, n),
        np.concatenate([x0, [float(lam0)]]),
        tol=tol,
        max_steps=max_steps,
    )
    return LagrangeResult(_frozen(run.x[:n]), float(run.x[n]), run.iterates, run.converged, run.reason)


def stationary_points_lagrange(
    grad_f: Callable,
    hess_f: Callable,
    g: Callable,
    grad_g: Callable,
    hess_g: Callable,
    starts: Iterable[Sequence[float]],
    *,
    tol: float = 1e-12,
    max_steps: int = 50,
    same_within: float = 1e-6,
    vectorised: bool = False,
) -> tuple[LagrangeResult, ...]:
    """Run `lagrange` from many starts (each [x…, λ], λ last, as the course writes them) and keep the
    distinct converged solutions, in the order they were first found.

    Two solutions are the same when (x, λ) agree within `same_within` (relative, with a floor of 1).
    `vectorised`: the five callables take a (k, n) array of points and answer for each (g: (k,),
    gradients (k, n), Hessians (k, n, n)); all starts then step together (`newton_nd_many`), with the
    same results as one run per start.
    """
    if vectorised:
        runs = _lagrange_many(grad_f, hess_f, g, grad_g, hess_g, starts, tol=tol, max_steps=max_steps)
    else:
        runs = (
            lagrange(grad_f, hess_f, g, grad_g, hess_g, v[:-1], float(v[-1]), tol=tol, max_steps=max_steps)
            for v in (np.asarray(start, dtype=float).reshape(-1) for start in starts)
        )
    found: list[LagrangeResult] = []
    for run in runs:
        if not run.converged:
            continue
        point = np.append(run.x, run.lam)
        within = same_within * max(1.0, float(np.max(np.abs(point))))
        if any(np.max(np.abs(point - np.append(r.x, r.lam))) <= within for r in found):
            continue
        found.append(run)
    return tuple(found)


def _lagrange_many(grad_f, hess_f, g, grad_g, hess_g, starts, *, tol: float, max_steps: int):
    """`lagrange` from every start at once, the callables taking (k, n) arrays of points."""
    V = np.array([np.asarray(s, dtype=float).reshape(-1) for s in starts], dtype=float)
    if not len(V):
        return ()
    n = V.shape[1] - 1

    def gradient(P: np.ndarray) -> np.ndarray:
        x, lam = P[:, :n], P[:, n:]
        k = len(P)
        gf = np.asarray(grad_f(x), dtype=float).reshape(k, n)
        gg = np.asarray(grad_g(x), dtype=float).reshape(k, n)
        return np.concatenate([gf - lam * gg, -np.asarray(g(x), dtype=float).reshape(k, 1)], axis=1)

    def hessian(P: np.ndarray) -> np.ndarray:
        x, lam = P[:, :n], P[:, n]
        k = len(P)
        M = np.zeros((k, n + 1, n + 1))
        gg = np.asarray(grad_g(x), dtype=float).reshape(k, n)
        M[:, :n, :n] = np.asarray(hess_f(x), dtype=float).reshape(k, n, n) - lam[:, None, None] * np.asarray(
            hess_g(x), dtype=float
        ).reshape(k, n, n)
        M[:, :n, n] = -gg
        M[:, n, :n] = -gg
        return M

    for run in newton_nd_many(gradient, hessian, V, tol=tol, max_steps=max_steps):
        yield LagrangeResult(_frozen(run.x[:n]), float(run.x[n]), run.iterates, run.converged, run.reason)
