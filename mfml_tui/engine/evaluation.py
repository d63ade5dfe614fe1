"""Numerical evaluation of trees on numpy arrays (a 200×200 grid in one call).

Everything is computed in floating point (so `9^9^9` is `inf`, not a hang) with numpy's warnings off:
maths that is undefined at a point gives `nan` there, which plots skip and graders treat as "undefined".
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

import numpy as np

from mfml_tui.engine.errors import EngineError
from mfml_tui.engine.functions import FUNCTIONS
from mfml_tui.engine.tree import Add, Call, Const, Expr, Func, Mat, Mul, Num, Pow, Rel, Sym, Vec

CONSTANTS = {"e": np.e, "pi": np.pi}
RELATIONS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
             ">=": operator.ge}


_PENDING = object()  # a repeated subtree not computed yet (see `evaluate_all`)


def _eval(e: Expr, env: Mapping[str, object], memo: dict | None = None):
    if memo is not None:
        known = memo.get(e)
        if known is not None:
            if known is _PENDING:
                memo[e] = value = _compute(e, env, memo)
                return value
            return known
    return _compute(e, env, memo)


def _compute(e: Expr, env: Mapping[str, object], memo: dict | None):
    if isinstance(e, Num):
        return float(e.value)
    if isinstance(e, Sym):
        try:
            return env[e.name]
        except KeyError:
            raise EngineError(f"no value for the variable {e.name}") from None
    if isinstance(e, Const):
        return CONSTANTS[e.name]
    if isinstance(e, Add):
        total = _eval(e.terms[0], env, memo)
        for t in e.terms[1:]:
            if isinstance(t, Mul) and isinstance(t.factors[0], Num) and t.factors[0].value < 0:
                total = total - _eval_scaled(t, env, memo)  # a − 2·b, not a + (−2)·b: one array pass fewer
            else:
                total = total + _eval(t, env, memo)
        return total
    if isinstance(e, Mul):
        total = _eval(e.factors[0], env, memo)
        for f in e.factors[1:]:
            total = total * _eval(f, env, memo)
        return total
    if isinstance(e, Pow):
        base = _eval(e.base, env, memo)
        exp = _eval(e.exp, env, memo)
        if isinstance(e.exp, Num) and float(e.exp.value).is_integer():
            # a whole exponent as an int: numpy squares and cubes by multiplication, twice as fast
            return np.asarray(base, dtype=float) ** int(e.exp.value)
        # real powers of negative numbers are undefined (nan) except odd roots, which the course
        # never needs; √ of a negative is nan as on a calculator
        return np.power(np.asarray(base, dtype=float), exp)
    if isinstance(e, Func):
        return FUNCTIONS[e.name].numpy(_eval(e.arg, env, memo))
    if isinstance(e, Rel):
        return np.asarray(RELATIONS[e.op](_eval(e.left, env, memo), _eval(e.right, env, memo)), dtype=float)
    if isinstance(e, Vec):
        return _stack([_eval(i, env, memo) for i in e.items])
    if isinstance(e, Mat):
        # every entry broadcast together, so a constant row ([0, 0]) sits beside a row of arrays
        rows, cols = e.shape
        flat = _stack([_eval(i, env, memo) for row in e.rows for i in row])
        return flat.reshape((rows, cols) + flat.shape[1:])
    if isinstance(e, Call):
        raise EngineError(f"{e.name}(…) must be computed before it can be evaluated")
    raise EngineError(f"cannot evaluate {type(e).__name__}")


def _eval_scaled(t: Mul, env: Mapping[str, object], memo: dict | None):
    """|coefficient|·rest of a product whose coefficient is negative."""
    coeff = -float(t.factors[0].value)
    rest = t.factors[1:]
    total = _eval(rest[0], env, memo)
    for f in rest[1:]:
        total = total * _eval(f, env, memo)
    return total if coeff == 1.0 else coeff * total


def _stack(values: list):
    arrays = np.broadcast_arrays(*[np.asarray(v, dtype=float) for v in values])
    return np.stack(arrays)


def evaluate(expr: Expr, env: Mapping[str, object] | None = None):
    """Value of `expr` with variables from `env` (floats or arrays that broadcast together).

    Scalars come back as a Python float for scalar inputs; vectors as arrays shaped (n, *grid),
    matrices (r, c, *grid)."""
    env = env or {}
    with np.errstate(all="ignore"):
        return _plain(_eval(expr, env))


def _plain(value):
    """Python floats for scalars (0-d arrays, numpy scalars, ints); arrays as they are."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return float(value)
    if isinstance(value, (np.floating, int)):
        return float(value)
    return value


def evaluate_all(exprs: Sequence[Expr], env: Mapping[str, object] | None = None) -> list:
    """The values of several expressions over the same variables, as `evaluate` gives each, with every
    subtree they repeat computed once: f and ∇f of e^(−(x²+y²)) compute the exponential once, not three
    times. Only repeated subtrees are kept (holding every intermediate grid made evaluation slower: numpy
    could no longer reuse the memory it frees), and only while these expressions are evaluated."""
    exprs = tuple(exprs)
    env = env or {}
    memo = dict.fromkeys(_repeated(exprs), _PENDING)
    with np.errstate(all="ignore"):
        values = [_eval(e, env, memo or None) for e in exprs]
    return [_plain(v) for v in values]


@lru_cache(maxsize=256)
def _repeated(exprs: tuple[Expr, ...]) -> tuple[Expr, ...]:
    """The subtrees met more than once in `exprs` that apply a function (exp, sin, ln, …), counting a
    subtree inside a repeated one only in its first occurrence (the later ones are not evaluated at all).

    A repeated polynomial piece (the x² of Rosenbrock's f and ∇f) is left out: one multiplication is
    cheaper than keeping its grid alive (measured: sharing it made f and ∇f 15% slower)."""
    seen: dict[Expr, int] = {}
    stack = list(reversed(exprs))
    while stack:
        e = stack.pop()
        if isinstance(e, (Num, Sym, Const)):
            continue
        if e in seen:
            seen[e] += 1
            continue
        seen[e] = 1
        stack.extend(reversed(e.children()))
    return tuple(e for e, n in seen.items() if n > 1 and _applies_function(e))


def _applies_function(e: Expr) -> bool:
    return isinstance(e, Func) or any(_applies_function(c) for c in e.children())


def lambdify(expr: Expr, variables: Sequence[str]) -> Callable:
    """A plain function of the given variables, for plots and numerical methods."""
    names = tuple(variables)

    def f(*args):
        if len(args) != len(names):
            raise TypeError(f"expected {len(names)} arguments ({', '.join(names)})")
        return evaluate(expr, dict(zip(names, args, strict=True)))

    f.__name__ = "expression"
    return f
