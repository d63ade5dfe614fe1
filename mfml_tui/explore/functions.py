"""Functions given as text in the engine's maths language, compiled once and cached.

State models keep the *text* of a function (so they stay small, comparable and hashable) and ask this
module for a compiled `Curve` (one variable) or `Surface` (x and y). Nothing here uses eval.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cached_property, lru_cache

import numpy as np

from mfml_tui.engine import diff, free_symbols, lambdify, parse, printing, to_unicode


class FunctionError(ValueError):
    """A function text that cannot be used (does not parse, or has the wrong variables)."""


def _compile(text: str, variables: tuple[str, ...]):
    try:
        expr = parse(text)
    except Exception as error:  # noqa: BLE001 — ParseError and anything else the parser may raise
        raise FunctionError(f"{text!r}: {error}") from None
    extra = set(free_symbols(expr)) - set(variables)
    if extra:
        names = ", ".join(sorted(extra))
        raise FunctionError(f"{text!r} uses {names}; only {', '.join(variables)} may appear")
    return expr


def _vectorised(fn: Callable) -> Callable:
    def call(*args):
        with np.errstate(all="ignore"):
            out = fn(*args)
        shape = np.broadcast(*[np.asarray(a) for a in args]).shape
        out = np.broadcast_to(np.asarray(out, dtype=float), shape) if shape else np.asarray(out, dtype=float)
        return float(out) if out.ndim == 0 else np.array(out)

    return call


class Curve:
    """f(x) from text: call it on floats or arrays; `derivative(n)` is the n-th derivative (symbolic)."""

    def __init__(self, text: str, var: str = "x") -> None:
        self.text, self.var = text, var
        self.expr = _compile(text, (var,))
        self._f = _vectorised(lambdify(self.expr, [var]))

    def __call__(self, x):
        return self._f(x)

    @cached_property
    def unicode(self) -> str:
        return to_unicode(self.expr)

    @lru_cache(maxsize=16)  # noqa: B019 - a Curve lives as long as the cache below anyway
    def derivative(self, n: int = 1) -> Curve:
        d = object.__new__(Curve)
        d.text, d.var = f"diff({self.text}, {self.var}, {n})", self.var
        d.expr = diff(self.expr, self.var, n) if n > 0 else self.expr
        d._f = _vectorised(lambdify(d.expr, [self.var]))
        return d

    def taylor_coefficients(self, a: float, order: int) -> list[float]:
        """f⁽ᵏ⁾(a)/k! for k = 0…order."""
        return [float(self.derivative(k)(a)) / math.factorial(k) for k in range(order + 1)]


class Surface:
    """f(x, y) from text, with its gradient and Hessian (symbolic, evaluated numerically)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.expr = _compile(text, ("x", "y"))
        self._f = _vectorised(lambdify(self.expr, ["x", "y"]))
        d = {v: diff(self.expr, v) for v in ("x", "y")}
        self._grad = [_vectorised(lambdify(d[v], ["x", "y"])) for v in ("x", "y")]
        self._hess = [
            [_vectorised(lambdify(diff(d[a], b), ["x", "y"])) for b in ("x", "y")] for a in ("x", "y")
        ]

    def __call__(self, x, y):
        return self._f(x, y)

    @cached_property
    def unicode(self) -> str:
        return to_unicode(self.expr)

    def gradient(self, x: float, y: float) -> np.ndarray:
        return np.array([g(x, y) for g in self._grad], dtype=float)

    def hessian(self, x: float, y: float) -> np.ndarray:
        return np.array([[h(x, y) for h in row] for row in self._hess], dtype=float)


@lru_cache(maxsize=64)
def curve(text: str, var: str = "x") -> Curve:
    """The compiled curve for `text` (cached)."""
    return Curve(text, var)


def check_variable(name: str) -> None:
    """A one-variable explorer's variable, by the rule a one-variable plot's `variable` follows
    (`plots.options.variable_name`: one letter, not e or i), so a lesson's plot and explorer agree."""
    from mfml_tui.plots.options import Bad, Ctx, variable_name

    try:
        variable_name(name, Ctx())
    except Bad as error:
        raise FunctionError(f"the variable: {error}") from None


@lru_cache(maxsize=64)
def surface(text: str) -> Surface:
    """The compiled surface for `text` (cached)."""
    return Surface(text)


def num(v: float, digits: int = 4, scale: float = 0.0) -> str:
    """A number for the screen: `engine.printing.number`, the app's one formatter (round-off next to
    `scale` prints as 0)."""
    return printing.number(v, digits, scale)


def num_in(v: float, width: int, digits: int = 4, scale: float = 0.0, shown=None) -> str:
    """`num(v, digits, scale)` with as many of its digits as fit in `width` columns (at least one): a
    side table's column keeps its width (h = 5×10⁻¹⁰, a diverging Newton's −2.38×10¹³) instead of
    wrapping the row onto the next line. `shown` (ASCII's asciify) is how the screen writes it: the
    fit is judged on that (1.11×10⁻⁵ is 1.11*10^(-5) in ASCII, three cells wider)."""
    def fit(d: int) -> str:
        text = num(v, d, scale)
        return shown(text) if shown is not None else text

    text = fit(digits)
    while len(text) > width and digits > 1:
        digits -= 1
        text = fit(digits)
    return text


__all__ = ["Curve", "FunctionError", "Surface", "check_variable", "curve", "num", "num_in", "surface"]
