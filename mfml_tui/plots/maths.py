"""The engine, as plots use it: compiled functions that evaluate on numpy grids and never raise.

A `Fn` keeps the parsed tree (to differentiate, to print) next to a vectorised callable. Anything
undefined at a point is `nan` there, so one bad point leaves a gap in a curve instead of an error.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import numpy as np

from mfml_tui import engine as E
from mfml_tui.engine import build as B
from mfml_tui.engine.memo import Memo

MAX_TEXT = 500  # an expression in a plot spec longer than this is a mistake
_DERIVATIVES: Memo[Fn] = Memo(512)  #: (expression, variables, parameters, by, order) → its derivative


@dataclass(frozen=True, eq=False)
class Fn:
    """A scalar function of `variables` (and named `params`), compiled once per drawing."""

    text: str
    expr: Any
    variables: tuple[str, ...]
    params: tuple[str, ...] = ()
    _call: Any = field(default=None, repr=False)
    shown: str | None = None  #: how to print it, when the engine's printing would reorder it (Taylor)

    def __call__(self, *args, **params) -> np.ndarray:
        """Evaluate on floats or arrays (broadcast together); nan where undefined."""
        arrays = [np.asarray(a, dtype=float) for a in args]
        values = [np.asarray(params.get(p, np.nan), dtype=float) for p in self.params]
        try:
            shape = np.broadcast_shapes(*(a.shape for a in arrays + values))
        except ValueError:
            raise ValueError("arguments of different shapes") from None
        try:
            with np.errstate(all="ignore"):
                r = self._call(*arrays, *values)
            r = np.asarray(r, dtype=float)
        except (E.EngineError, ArithmeticError, ValueError, TypeError, OverflowError):
            return np.full(shape, np.nan)
        if r.shape != shape:
            try:
                r = np.broadcast_to(r, shape)
            except ValueError:
                return np.full(shape, np.nan)
        return np.array(r, dtype=float)

    def at(self, *args, **params) -> float:
        return float(self(*[float(a) for a in args], **params))

    @property
    def unicode(self) -> str:
        if self.shown is not None:
            return self.shown
        try:
            return E.to_unicode(self.expr)
        except Exception:  # noqa: BLE001 — printing is cosmetic: never let it break a drawing
            return self.text

    def diff(self, var: str | None = None, n: int = 1) -> Fn:
        """The symbolic derivative (by the engine's rules), compiled over the same variables.

        Remembered (`_DERIVATIVES`): a plot's derivatives are taken again at every redraw — an explorer's
        key, a resize, the render check's second drawing — and differentiating and simplifying the
        landscape's Gaussian by μ and σ costs ~1.5 ms a drawing; a `Fn` never changes, so one is shared."""
        var = var or self.variables[0]
        key = (self.expr, self.variables, self.params, var, n)
        found = _DERIVATIVES.get(key)
        if found is None:
            d = E.diff(self.expr, var, n=n) if n != 1 else E.diff(self.expr, var)
            found = _from_expr(d, self.variables, self.params)
            _DERIVATIVES.put(key, found)
        return found

    def substitute(self, values: Mapping[str, float]) -> Fn:
        """Parameters fixed to numbers: a model with its fitted values."""
        expr = E.substitute(self.expr, {k: float(v) for k, v in values.items()})
        rest = tuple(p for p in self.params if p not in values)
        return _from_expr(expr, self.variables, rest)


def values_of(fns: Sequence[Fn], *args, **params) -> list[np.ndarray]:
    """Several functions of the same variables at the same points, as each `fn(*args, **params)` gives
    it, with each function application they repeat computed once (`evaluate_all`: ∂f/∂μ and ∂f/∂σ of a
    Gaussian share its exponential). A fit's steepest descent asks for the model's derivatives at every
    step; evaluating them apart walked the exponential twice."""
    if not fns:
        return []
    first = fns[0]
    if any(f.variables != first.variables or f.params != first.params for f in fns):
        return [f(*args, **params) for f in fns]
    arrays = [np.asarray(a, dtype=float) for a in args]
    values = [np.asarray(params.get(p, np.nan), dtype=float) for p in first.params]
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays + values))
        env = dict(zip([*first.variables, *first.params], arrays + values, strict=True))
        results = E.evaluate_all([f.expr for f in fns], env)
    except (E.EngineError, ArithmeticError, ValueError, TypeError, OverflowError):
        return [f(*args, **params) for f in fns]  # each on its own: nan where it is undefined
    out = []
    for f, r in zip(fns, results, strict=True):
        if r.__class__ is np.ndarray and r.dtype == np.float64 and r.shape == shape:
            out.append(r.copy())  # the usual case, without broadcast_to's cost (a third of a call's)
            continue
        try:
            out.append(np.array(np.broadcast_to(np.asarray(r, dtype=float), shape), dtype=float))
        except (ValueError, TypeError):
            out.append(f(*args, **params))
    return out


def _from_expr(expr, variables: Sequence[str], params: Sequence[str] = (), text: str | None = None) -> Fn:
    names = [*variables, *params]
    call = E.lambdify(expr, names)
    try:
        shown = text if text is not None else E.to_ascii(expr)
    except Exception:  # noqa: BLE001 — printing is cosmetic: never let it break a drawing
        shown = "?"
    return Fn(shown, expr, tuple(variables), tuple(params), call)


def compile_fn(text: str, variables: Sequence[str], params: Sequence[str] = ()) -> Fn:
    """Parse and compile; ValueError with the engine's message ("expected ')' at column 7")."""
    if len(text) > MAX_TEXT:
        raise ValueError(f"expression longer than {MAX_TEXT} characters")
    try:
        expr = E.parse(text)
    except E.EngineError as e:
        raise ValueError(str(e)) from None
    if isinstance(expr, E.Vec | E.Mat):
        raise ValueError("expected a single-valued function, not a vector or matrix")
    allowed = set(variables) | set(params)
    unknown = sorted(set(E.free_symbols(expr)) - allowed)
    if unknown:
        may = " and ".join(", ".join(variables).rsplit(", ", 1))
        extra = f" or the parameters {', '.join(params)}" if params else ""
        raise ValueError(
            f"unknown name{'s' if len(unknown) > 1 else ''} {', '.join(repr(u) for u in unknown)}"
            f" (this function may use {may}{extra})"
        )
    try:
        return _from_expr(expr, variables, params, text=text)
    except E.EngineError as e:
        raise ValueError(str(e)) from None


def constant(text: str) -> float:
    """A constant expression such as "pi/2" or "-e" as a float."""
    fn = compile_fn(text, ())
    v = fn()
    return float(v)


def _exact(a: float):
    """0.5 → 1/2 and 2.0 → 2, so Taylor polynomials print as the course writes them."""
    if float(a).is_integer():
        return int(a)
    text = repr(float(a))
    return Fraction(text) if len(text) <= 10 and "e" not in text else float(a)


def taylor_polys(fn: Fn, around: float, orders, budget: float = 0.6) -> dict[int, Fn | None]:
    """Taylor polynomials of fn about `around` for each order, sharing one chain of derivatives.

    Symbolic derivatives can grow fast (tan(sin x) at order 15 takes seconds), so work stops after
    `budget` seconds or when the engine finds a derivative too large; orders not reached map to None.
    """
    var = fn.variables[0]
    a = B.num(_exact(around))
    shift = B.sub(E.Sym(var), a)
    want = sorted(set(int(n) for n in orders))
    out: dict[int, Fn | None] = {n: None for n in want}
    start = time.perf_counter()
    derivative = fn.expr
    terms, texts = [], []
    for k in range(want[-1] + 1 if want else 0):
        try:
            if k:
                derivative = E.diff(derivative, var)
            coeff = B.mul(B.num(Fraction(1, math.factorial(k))), E.substitute(derivative, {var: a}))
            terms.append(B.mul(coeff, B.power(shift, E.Num(k))))
            texts.append(_term_text(coeff, k, E.to_unicode(shift)))
            if k in out:
                out[k] = replace(_from_expr(B.add(*terms), fn.variables), shown=_sum_text(texts))
        except E.EngineError:
            break
        if time.perf_counter() - start > budget:
            break
    return out


_POWER = E.Sym("\ue000")  # stands for (x − p) while a term prints, so the engine cannot multiply it out


def _term_text(coeff, k: int, shift: str) -> str:
    """cₖ·(x − p)ᵏ as the course writes it: `−(x − 4)/16`, not the engine's expanded `1/4 − x/16`."""
    if coeff == E.Num(0):
        return ""
    text = E.to_unicode(B.mul(coeff, B.power(_POWER, E.Num(k))))
    return text.replace(_POWER.name, shift if shift.isalnum() else f"({shift})")


def _sum_text(texts: list[str]) -> str:
    """The terms joined in order of increasing power: `1/4 − (x − 4)/16 + (x − 4)²/64`."""
    out = ""
    for t in filter(None, texts):
        if not out:
            out = t
        elif t.startswith("−"):
            out += " − " + t[1:]
        else:
            out += " + " + t
    return out or "0"


def grid(fn: Fn, x_range, y_range, nx: int, ny: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """fn on an nx × ny grid: (xs, ys, z[j, i] = fn(xs[i], ys[j]))."""
    xs = np.linspace(*x_range, nx)
    ys = np.linspace(*y_range, ny)
    z = fn(xs[None, :], ys[:, None])
    return xs, ys, z


def sample(fn: Fn, x_range, n: int) -> tuple[np.ndarray, np.ndarray]:
    xs = np.linspace(*x_range, n)
    return xs, fn(xs)


def roots_1d(fn: Fn, x_range, n: int = 400, limit: int = 20) -> list[float]:
    """Zeros of a function of one variable: sign changes on a grid, refined by bisection.

    A change of sign across a pole (1/x) is not a zero: the refined value must be small.
    """
    xs = np.linspace(*x_range, n)
    ys = fn(xs)
    out: list[float] = []
    scale = np.nanmax(np.abs(ys)) if np.isfinite(ys).any() else 1.0
    scale = scale if np.isfinite(scale) and scale > 0 else 1.0
    for i in range(n - 1):
        a, b, fa, fb = xs[i], xs[i + 1], ys[i], ys[i + 1]
        if not (np.isfinite(fa) and np.isfinite(fb)):
            continue
        if fa == 0:
            r = a
        elif fa * fb < 0:
            for _ in range(60):
                m = 0.5 * (a + b)
                fm = fn.at(m)
                if not np.isfinite(fm):
                    break
                if fa * fm <= 0:
                    b, fb = m, fm
                else:
                    a, fa = m, fm
            r = 0.5 * (a + b)
            if not abs(fn.at(r)) < 1e-6 * scale + 1e-9:
                continue
        else:
            continue
        if not out or abs(r - out[-1]) > 1e-9 * (1 + abs(r)):
            out.append(float(r))
        if len(out) >= limit:
            break
    return out
